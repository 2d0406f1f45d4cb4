//! The dev server's HTTP side (hyper on tokio): files of the served build, live reload, refusals.
//! Every connection is its own task with time limits, so one slow or stalled client holds up
//! nobody else.

use super::{Preview, RELOAD_SCRIPT, content_type, inject_reload};
use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::header::{ACCEPT_RANGES, CACHE_CONTROL, CONTENT_RANGE, CONTENT_TYPE, HeaderValue, LOCATION, RANGE};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use jiedui::render::links::percent_decode;
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

/// How long a client may take to send the head of a request (also ends idle keep-alive).
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one connection may live: a client that stops reading its replies is dropped then.
const CONNECTION_LIMIT: Duration = Duration::from_secs(30);

/// Accepts connections until the runtime shuts down; each is served by its own task.
pub(super) async fn accept(listener: tokio::net::TcpListener, output: Arc<PathBuf>, preview: Arc<Preview>) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file handles and the like: wait a little rather than spin.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let (output, preview) = (output.clone(), preview.clone());
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                let (output, preview) = (output.clone(), preview.clone());
                async move { Ok::<_, Infallible>(respond(&request, output, &preview).await) }
            });
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEAD_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service);
            let _ = tokio::time::timeout(CONNECTION_LIMIT, connection).await;
        });
    }
}

async fn respond(request: &Request<Incoming>, output: Arc<PathBuf>, preview: &Preview) -> Response<Full<Bytes>> {
    let path = percent_decode(request.uri().path());
    let range = request
        .headers()
        .get(RANGE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    match path.as_str() {
        "/__jiedui/generation" => text(
            StatusCode::OK,
            preview.generation.load(Ordering::SeqCst).to_string(),
            "text/plain; charset=utf-8",
        ),
        "/__jiedui/errors" => text(
            StatusCode::OK,
            preview.errors.lock().map(|e| e.clone()).unwrap_or_default(),
            "text/plain; charset=utf-8",
        ),
        "/__jiedui/wait" => {
            let since = request
                .uri()
                .query()
                .and_then(|q| q.strip_prefix("since="))
                .map(str::to_string);
            text(
                StatusCode::OK,
                wait_for_change(preview, since.as_deref()).await,
                "text/plain; charset=utf-8",
            )
        }
        "/__jiedui/livereload.js" => text(
            StatusCode::OK,
            RELOAD_SCRIPT.to_string(),
            "text/javascript; charset=utf-8",
        ),
        _ => tokio::task::spawn_blocking(move || file_response(&output, &path, range.as_deref()))
            .await
            .unwrap_or_else(|_| {
                text(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "error".into(),
                    "text/plain; charset=utf-8",
                )
            }),
    }
}

/// How long a page's long poll waits for a change before it is answered with the same state
/// (well inside [`CONNECTION_LIMIT`]).
const LONG_POLL: Duration = Duration::from_secs(20);

/// Answers a page's long poll: the preview's state as soon as it differs from `since` (at once
/// without `since`), or the same state after [`LONG_POLL`].
async fn wait_for_change(preview: &Preview, since: Option<&str>) -> String {
    let Some(since) = since else {
        return preview.state();
    };
    let deadline = tokio::time::Instant::now() + LONG_POLL;
    loop {
        // Registered before the state is read, so a change in between still wakes it.
        let mut changed = std::pin::pin!(preview.changed.notified());
        changed.as_mut().enable();
        let state = preview.state();
        if state != since {
            return state;
        }
        if tokio::time::timeout_at(deadline, changed).await.is_err() {
            return preview.state();
        }
    }
}

/// A file of the served build: `..` refused, folders answered by their `index.html` (redirected
/// to the address with a slash first), anything missing by `404.html`. A file other than a page
/// is served in part for a `Range` header of one range (the search reads its postings so).
fn file_response(output: &Path, path: &str, range: Option<&str>) -> Response<Full<Bytes>> {
    if path.split(['/', '\\']).any(|p| p == "..") {
        return text(StatusCode::BAD_REQUEST, "bad path".into(), "text/plain; charset=utf-8");
    }
    let mut file = output.join(path.trim_start_matches('/'));
    if file.is_dir() {
        if !path.ends_with('/') {
            let mut r = text(
                StatusCode::MOVED_PERMANENTLY,
                String::new(),
                "text/plain; charset=utf-8",
            );
            if let Ok(location) = format!("{path}/").parse() {
                r.headers_mut().insert(LOCATION, location);
            }
            return r;
        }
        file = file.join("index.html");
    }
    let (status, file) = if file.is_file() {
        (StatusCode::OK, file)
    } else {
        (StatusCode::NOT_FOUND, output.join("404.html"))
    };
    let bytes = std::fs::read(&file).unwrap_or_default();
    let content_type = content_type(&file);
    let content_type = content_type.as_str();
    let page = content_type.starts_with("text/html");
    let mut r = match range {
        Some(range) if status == StatusCode::OK && !page => ranged(bytes, range),
        _ => Response::new(Full::new(Bytes::from(if page { inject_reload(bytes) } else { bytes }))),
    };
    if r.status() == StatusCode::OK {
        *r.status_mut() = status;
    }
    if let Ok(value) = content_type.parse() {
        r.headers_mut().insert(CONTENT_TYPE, value);
    }
    if !page {
        r.headers_mut().insert(ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    }
    r
}

/// The answer to a `Range` header (RFC 9110): one satisfiable range is sent as 206 with its
/// `Content-Range`; a range past the end is refused with 416; a header that does not parse, or
/// asks for several ranges, is ignored and the whole file sent (as the RFC allows).
fn ranged(bytes: Vec<u8>, header: &str) -> Response<Full<Bytes>> {
    let total = bytes.len() as u64;
    let whole = |bytes: Vec<u8>| Response::new(Full::new(Bytes::from(bytes)));
    let Ok(parsed) = http_range_header::parse_range_header(header) else {
        return whole(bytes);
    };
    match parsed.validate(total).as_deref() {
        Ok([range]) => {
            let (start, end) = (*range.start(), *range.end());
            let part = bytes.get(start as usize..=end as usize).unwrap_or_default().to_vec();
            let mut r = Response::new(Full::new(Bytes::from(part)));
            *r.status_mut() = StatusCode::PARTIAL_CONTENT;
            if let Ok(value) = format!("bytes {start}-{end}/{total}").parse() {
                r.headers_mut().insert(CONTENT_RANGE, value);
            }
            r
        }
        Ok(_) => whole(bytes),
        Err(_) => {
            let mut r = Response::new(Full::new(Bytes::new()));
            *r.status_mut() = StatusCode::RANGE_NOT_SATISFIABLE;
            if let Ok(value) = format!("bytes */{total}").parse() {
                r.headers_mut().insert(CONTENT_RANGE, value);
            }
            r
        }
    }
}

fn text(status: StatusCode, body: String, content_type: &str) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = status;
    if let Ok(value) = content_type.parse() {
        r.headers_mut().insert(CONTENT_TYPE, value);
    }
    if let Ok(value) = "no-store".parse() {
        r.headers_mut().insert(CACHE_CONTROL, value);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    fn body(r: Response<Full<Bytes>>) -> Vec<u8> {
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        runtime
            .block_on(r.into_body().collect())
            .map(|c| c.to_bytes().to_vec())
            .unwrap_or_default()
    }

    fn header(r: &Response<Full<Bytes>>, name: hyper::header::HeaderName) -> Option<String> {
        r.headers().get(name).map(|v| v.to_str().unwrap().to_string())
    }

    #[test]
    fn one_range_is_sent_in_part() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("search/k")).unwrap();
        std::fs::write(dir.path().join("search/k/0.bin"), b"0123456789").unwrap();
        let r = file_response(dir.path(), "/search/k/0.bin", Some("bytes=2-5"));
        assert_eq!(r.status(), StatusCode::PARTIAL_CONTENT);
        assert_eq!(header(&r, CONTENT_RANGE).as_deref(), Some("bytes 2-5/10"));
        assert_eq!(header(&r, ACCEPT_RANGES).as_deref(), Some("bytes"));
        assert_eq!(body(r), b"2345");
        // An end past the file is cut to it; a suffix counts from the end.
        assert_eq!(
            body(file_response(dir.path(), "/search/k/0.bin", Some("bytes=8-99"))),
            b"89"
        );
        assert_eq!(
            body(file_response(dir.path(), "/search/k/0.bin", Some("bytes=-3"))),
            b"789"
        );
        // Without a range, the whole file.
        let r = file_response(dir.path(), "/search/k/0.bin", None);
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(body(r), b"0123456789");
    }

    #[test]
    fn ranges_past_the_end_are_refused_and_others_ignored() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.bin"), b"0123456789").unwrap();
        let r = file_response(dir.path(), "/a.bin", Some("bytes=10-12"));
        assert_eq!(r.status(), StatusCode::RANGE_NOT_SATISFIABLE);
        assert_eq!(header(&r, CONTENT_RANGE).as_deref(), Some("bytes */10"));
        // Several ranges, or a header that does not parse: the whole file, as the RFC allows.
        for header in ["bytes=0-1,4-5", "bytes=abc", "lines=1-2"] {
            let r = file_response(dir.path(), "/a.bin", Some(header));
            assert_eq!(r.status(), StatusCode::OK, "{header}");
            assert_eq!(body(r), b"0123456789", "{header}");
        }
    }

    #[test]
    fn pages_and_missing_files_are_sent_whole() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "<html><body>首页</body></html>").unwrap();
        std::fs::write(dir.path().join("404.html"), "<html><body>没有</body></html>").unwrap();
        let r = file_response(dir.path(), "/", Some("bytes=0-3"));
        assert_eq!(r.status(), StatusCode::OK);
        assert!(String::from_utf8(body(r)).unwrap().contains("livereload"));
        let r = file_response(dir.path(), "/nowhere.bin", Some("bytes=0-3"));
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        assert!(String::from_utf8(body(r)).unwrap().contains("没有"));
    }
}

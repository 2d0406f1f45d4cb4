//! The dev server's HTTP side (hyper on tokio): files of the served build, live reload, refusals.
//! Every connection is its own task with time limits, so one slow or stalled client holds up
//! nobody else.

use super::{RELOAD_SCRIPT, content_type, inject_reload};
use crate::render::links::percent_decode;
use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// How long a client may take to send the head of a request (also ends idle keep-alive).
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one connection may live: a client that stops reading its replies is dropped then.
const CONNECTION_LIMIT: Duration = Duration::from_secs(30);

/// Accepts connections until the runtime shuts down; each is served by its own task.
pub(super) async fn accept(listener: tokio::net::TcpListener, output: Arc<PathBuf>, generation: Arc<AtomicU64>) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file handles and the like: wait a little rather than spin.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let (output, generation) = (output.clone(), generation.clone());
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                let (output, generation) = (output.clone(), generation.clone());
                async move { Ok::<_, Infallible>(respond(&request, output, &generation).await) }
            });
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEAD_TIMEOUT)
                .serve_connection(TokioIo::new(stream), service);
            let _ = tokio::time::timeout(CONNECTION_LIMIT, connection).await;
        });
    }
}

async fn respond(request: &Request<Incoming>, output: Arc<PathBuf>, generation: &AtomicU64) -> Response<Full<Bytes>> {
    let path = percent_decode(request.uri().path());
    match path.as_str() {
        "/__jiedui/generation" => text(
            StatusCode::OK,
            generation.load(Ordering::SeqCst).to_string(),
            "text/plain; charset=utf-8",
        ),
        "/__jiedui/livereload.js" => text(
            StatusCode::OK,
            RELOAD_SCRIPT.to_string(),
            "text/javascript; charset=utf-8",
        ),
        _ => tokio::task::spawn_blocking(move || file_response(&output, &path))
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

/// A file of the served build: `..` refused, folders answered by their `index.html` (redirected
/// to the address with a slash first), anything missing by `404.html`.
fn file_response(output: &Path, path: &str) -> Response<Full<Bytes>> {
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
    let bytes = if content_type.starts_with("text/html") {
        inject_reload(bytes)
    } else {
        bytes
    };
    let mut r = Response::new(Full::new(Bytes::from(bytes)));
    *r.status_mut() = status;
    if let Ok(value) = content_type.parse() {
        r.headers_mut().insert(CONTENT_TYPE, value);
    }
    r
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

//! `jiedui serve`: builds, serves on 127.0.0.1, rebuilds on change and reloads open pages.

use crate::build::{BuildFailure, BuildOptions, BuildSummary};
use crate::incremental::{EmitJob, LiveSite};
use notify::RecursiveMode;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

mod http;

/// Polls the generation (reloads when the pages changed) and the last rebuild's errors: while a
/// rebuild fails they are shown over the page, which still shows the last good build; once fixed
/// the box goes (and the page reloads when the fix changed it). Styled through the CSSOM, which
/// the site's Content-Security-Policy allows (it forbids inline style attributes).
const RELOAD_SCRIPT: &str = r#"(function(){var g=null,box=null;
function show(t){if(!t){if(box){box.remove();box=null}return}
if(!box){box=document.createElement('div');box.id='jiedui-build-errors';box.setAttribute('role','alert');var s=box.style;s.position='fixed';s.left='0';s.right='0';s.top='0';s.maxHeight='70vh';s.overflow='auto';s.zIndex='2147483647';s.background='#fff4f4';s.color='#600';s.borderBottom='4px solid #a61b1b';s.padding='1rem';s.font='14px/1.6 monospace';s.whiteSpace='pre-wrap';document.body.appendChild(box)}
box.textContent='构建失败：页面仍是上一次成功构建的内容。改正下面的问题并保存，页面会自动更新。\n\n'+t}
function poll(){fetch('/__jiedui/generation',{cache:'no-store'}).then(function(r){return r.text()}).then(function(t){if(g!==null&&t!==g){location.reload();return}g=t;return fetch('/__jiedui/errors',{cache:'no-store'}).then(function(r){return r.text()}).then(show)}).catch(function(){}).finally(function(){setTimeout(poll,1000)})}
poll()})();
"#;

/// What open pages poll: the generation of the served pages and the last rebuild's errors
/// (empty when it succeeded).
#[derive(Debug, Default)]
pub struct Preview {
    pub generation: AtomicU64,
    pub errors: std::sync::Mutex<String>,
}

/// Where and how to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub interface: String,
    pub port: u16,
    pub drafts: bool,
    /// Where the served build is written (a temporary folder, never `public/`).
    pub output: PathBuf,
}

/// What happened, for the CLI to tell.
#[derive(Debug)]
pub enum ServeEvent {
    Listening { url: String },
    Built { summary: BuildSummary, elapsed: Duration },
    Failed(BuildFailure),
    Changed { paths: Vec<PathBuf> },
}

/// Serves until `stop` is set; the first build must succeed for the server to start.
pub fn serve(options: &ServeOptions, stop: Arc<AtomicBool>, on_event: &(dyn Fn(ServeEvent) + Sync)) -> io::Result<()> {
    let listener = std::net::TcpListener::bind((options.interface.as_str(), options.port))?;
    listener.set_nonblocking(true)?;
    let port = listener.local_addr()?.port();
    let url = format!("http://{}:{}/", options.interface, port);
    let build_options = BuildOptions {
        root: options.root.clone(),
        output: Some(options.output.clone()),
        base_url: Some(url.clone()),
        drafts: options.drafts,
    };
    std::fs::create_dir_all(&options.output)?;
    let preview = Arc::new(Preview::default());
    let mut site = LiveSite::new(build_options, options.output.clone());
    if let Some(job) = rebuild(&mut site, &preview, on_event) {
        let _ = job.run();
    }
    // The feed, sitemap, open data and search index of the last rebuild, written once no change
    // has come for a while (so they never slow down the pages of a burst of edits).
    let mut pending: Option<(EmitJob, Instant)> = None;

    // Changes are reported once an editor has finished saving (no event for 20 ms).
    let (tx, rx) = mpsc::channel();
    let mut watcher =
        notify_debouncer_full::new_debouncer(Duration::from_millis(20), None, tx).map_err(io::Error::other)?;
    watcher
        .watch(&options.root, RecursiveMode::Recursive)
        .map_err(io::Error::other)?;
    let ignored = [
        options.output.clone(),
        options.root.join("public"),
        options.root.join("target"),
        options.root.join(".git"),
    ];
    let content = options.root.join(crate::load::content::CONTENT_DIR);

    // Requests are answered by their own tasks, so pages stay served while a rebuild runs and a
    // client that stops reading holds up only itself.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .enable_time()
        .build()?;
    let listener = {
        let _entered = runtime.enter();
        tokio::net::TcpListener::from_std(listener)?
    };
    runtime.spawn(http::accept(
        listener,
        Arc::new(options.output.clone()),
        preview.clone(),
    ));
    on_event(ServeEvent::Listening { url });
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(10));
        if pending.as_ref().is_some_and(|(_, at)| at.elapsed() >= EMIT_AFTER)
            && let Some((job, _)) = pending.take()
        {
            std::thread::spawn(move || job.run());
        }
        let mut changed: Vec<PathBuf> = Vec::new();
        while let Ok(result) = rx.try_recv() {
            for event in result.into_iter().flatten() {
                if event.kind.is_create() || event.kind.is_modify() || event.kind.is_remove() {
                    changed.extend(
                        event
                            .event
                            .paths
                            .iter()
                            .filter(|p| !ignored.iter().any(|i| p.starts_with(i)))
                            .cloned(),
                    );
                }
            }
        }
        if !changed.is_empty() {
            changed.sort();
            changed.dedup();
            // Content is rebuilt incrementally; anything else (templates, theme, static files,
            // site.toml) renders every page again.
            if changed.iter().any(|p| !p.starts_with(&content)) {
                site.invalidate();
            }
            on_event(ServeEvent::Changed { paths: changed });
            if let Some(job) = rebuild(&mut site, &preview, on_event) {
                pending = Some((job, Instant::now()));
            }
        }
    }
    runtime.shutdown_timeout(Duration::from_millis(500));
    Ok(())
}

/// How long after the last change the feed, sitemap, open data and search index are rebuilt.
const EMIT_AFTER: Duration = Duration::from_millis(2000);

/// Rebuilds the pages; returns the job that brings the other outputs up to date.
fn rebuild(site: &mut LiveSite, preview: &Preview, on_event: &(dyn Fn(ServeEvent) + Sync)) -> Option<EmitJob> {
    let start = Instant::now();
    // The browser may reload as soon as the changed pages are written.
    let bump = || {
        preview.generation.fetch_add(1, Ordering::SeqCst);
    };
    let result = site.rebuild(&bump);
    if let Ok(mut errors) = preview.errors.lock() {
        *errors = match &result {
            Ok(_) => String::new(),
            Err(failure) => failure
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
        };
    }
    match result {
        Ok((rebuilt, job)) => {
            on_event(ServeEvent::Built {
                summary: BuildSummary {
                    documents: 0,
                    pages: rebuilt.pages,
                    files: rebuilt.written,
                    output: None,
                    warnings: rebuilt.warnings,
                    tables: Vec::new(),
                    pairings: 0,
                    timings: Vec::new(),
                    placement: Default::default(),
                    update: None,
                },
                elapsed: start.elapsed(),
            });
            Some(job)
        }
        Err(failure) => {
            on_event(ServeEvent::Failed(failure));
            None
        }
    }
}

fn inject_reload(html: Vec<u8>) -> Vec<u8> {
    let tag = b"<script src=\"/__jiedui/livereload.js\"></script>";
    match html.windows(7).rposition(|w| w == b"</body>") {
        Some(i) => [&html[..i], tag.as_slice(), &html[i..]].concat(),
        None => [html.as_slice(), tag.as_slice()].concat(),
    }
}

/// The `Content-Type` of a served file, from its extension.
pub fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_lowercase()
        .as_str()
    {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "csv" => "text/csv; charset=utf-8",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The script is valid JavaScript: a string literal broken over two lines once stopped it
    /// (and the error box with it) in every served page.
    #[test]
    fn reload_script_parses() {
        let mut in_string = false;
        for c in RELOAD_SCRIPT.chars() {
            match c {
                '\'' => in_string = !in_string,
                '\n' => assert!(!in_string, "a line break inside a string literal"),
                _ => {}
            }
        }
        assert!(!in_string);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("livereload.js");
        std::fs::write(&file, RELOAD_SCRIPT).unwrap();
        if let Ok(out) = std::process::Command::new("node").arg("--check").arg(&file).output() {
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        }
    }

    #[test]
    fn reload_script_goes_before_body_end() {
        let out = inject_reload(b"<html><body>x</body></html>".to_vec());
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<html><body>x<script src=\"/__jiedui/livereload.js\"></script></body></html>"
        );
    }
}

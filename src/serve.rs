//! `jiedui serve`, the binary's thin shell over the library's incremental rebuilds (behind the
//! `serve` feature, with hyper and tokio): builds into a temporary folder, serves it on the given
//! interface (127.0.0.1 unless told otherwise), rebuilds on change and reloads open pages.

use jiedui::build::{BuildFailure, BuildOptions};
use jiedui::incremental::{EmitJob, LiveSite, Rebuilt};
use notify::RecursiveMode;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

mod http;

/// Waits on the server for the next change (a long poll, answered as soon as the pages or the
/// errors change): reloads when the pages changed, and shows the last rebuild's errors over the
/// page, which still shows the last good build; once fixed the box goes (and the page reloads
/// when the fix changed it). Styled through the CSSOM, which the site's Content-Security-Policy
/// allows (it forbids inline style attributes).
const RELOAD_SCRIPT: &str = r#"(function(){var g=null,e=null,box=null;
function show(t){if(!t){if(box){box.remove();box=null}return}
if(!box){box=document.createElement('div');box.id='jiedui-build-errors';box.setAttribute('role','alert');var s=box.style;s.position='fixed';s.left='0';s.right='0';s.top='0';s.maxHeight='70vh';s.overflow='auto';s.zIndex='2147483647';s.background='#fff4f4';s.color='#600';s.borderBottom='4px solid #a61b1b';s.padding='1rem';s.font='14px/1.6 monospace';s.whiteSpace='pre-wrap';document.body.appendChild(box)}
box.textContent='构建失败：页面仍是上一次成功构建的内容。改正下面的问题并保存，页面会自动更新。\n\n'+t}
function poll(){fetch('/__jiedui/wait'+(g===null?'':'?since='+g+'-'+e),{cache:'no-store'}).then(function(r){if(!r.ok)throw r;return r.text()}).then(function(t){var p=t.split('-');if(g!==null&&p[0]!==g){location.reload();return}var seen=e;g=p[0];e=p[1];if(seen===e)return poll();return fetch('/__jiedui/errors',{cache:'no-store'}).then(function(r){return r.text()}).then(show).then(poll)}).catch(function(){setTimeout(poll,1000)})}
poll()})();
"#;

/// What open pages wait for: the generation of the served pages and the last rebuild's errors
/// (empty when it succeeded).
#[derive(Debug, Default)]
pub struct Preview {
    pub generation: AtomicU64,
    pub errors: std::sync::Mutex<String>,
    /// Counts the changes of `errors`.
    pub errors_version: AtomicU64,
    /// Wakes the pages' long polls when the generation or the errors change.
    pub changed: tokio::sync::Notify,
}

impl Preview {
    /// The state a page's long poll compares: `generation-errors_version`.
    pub fn state(&self) -> String {
        format!(
            "{}-{}",
            self.generation.load(Ordering::SeqCst),
            self.errors_version.load(Ordering::SeqCst)
        )
    }
}

/// Where and how to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub interface: String,
    pub port: u16,
    pub drafts: bool,
    /// Notices and reports dated after this day wait for it (`None`: `--future`, all shown).
    pub today: Option<chrono::NaiveDate>,
    /// Where the served build is written (a temporary folder, never `public/`).
    pub output: PathBuf,
}

/// What wakes the serve loop: changed files, a finished emit job, or the order to stop.
pub enum Wake {
    Files(notify_debouncer_full::DebounceEventResult),
    /// The feed, sitemap, open data and search index of a rebuild were written (or failed).
    Emitted(Result<usize, BuildFailure>),
    Stop,
}

/// What happened, for the CLI to tell.
#[derive(Debug)]
pub enum ServeEvent {
    Listening {
        url: String,
    },
    /// The pages were rebuilt.
    Rebuilt {
        rebuilt: Rebuilt,
        elapsed: Duration,
    },
    /// The pages could not be rebuilt; the last good build is still served.
    Failed(BuildFailure),
    /// The feed, sitemap, open data or search index of a rebuild could not be written.
    OutputsFailed(BuildFailure),
    Changed {
        paths: Vec<PathBuf>,
    },
}

/// Serves until a [`Wake::Stop`] arrives on `wake` (the sender is for the caller's Ctrl+C
/// handler; the watcher and emit jobs send on clones of it). The first build must succeed for
/// the server to start. The loop waits on the channel: it wakes for a change, for the emit job
/// that is due, or to stop.
pub fn serve(
    options: &ServeOptions,
    (sender, wake): (mpsc::Sender<Wake>, mpsc::Receiver<Wake>),
    on_event: &dyn Fn(ServeEvent),
) -> io::Result<()> {
    // The watcher reports paths under the folder it watches as given: a relative or symlinked root
    // (`--root .`) would make no changed path start with its content folder, and every edit
    // would render every page again.
    let root = std::fs::canonicalize(&options.root)?;
    let listener = std::net::TcpListener::bind((options.interface.as_str(), options.port))?;
    listener.set_nonblocking(true)?;
    let port = listener.local_addr()?.port();
    let url = match listener.local_addr()?.ip() {
        std::net::IpAddr::V6(ip) => format!("http://[{ip}]:{port}/"),
        std::net::IpAddr::V4(ip) => format!("http://{ip}:{port}/"),
    };
    let build_options = BuildOptions {
        root: root.clone(),
        output: Some(options.output.clone()),
        base_url: Some(url.clone()),
        drafts: options.drafts,
        today: options.today,
    };
    std::fs::create_dir_all(&options.output)?;
    let preview = Arc::new(Preview::default());
    let mut site = LiveSite::new(build_options, options.output.clone());
    if let Some(job) = rebuild(&mut site, &preview, on_event)
        && let Err(failure) = job.run()
    {
        on_event(ServeEvent::OutputsFailed(failure));
    }
    // The feed, sitemap, open data and search index of the last rebuild, written once no change
    // has come for a while (so they never slow down the pages of a burst of edits).
    let mut pending: Option<(EmitJob, Instant)> = None;

    // Changes are reported once an editor has finished saving (no event for 20 ms).
    let files = sender.clone();
    let mut watcher = notify_debouncer_full::new_debouncer(Duration::from_millis(20), None, move |result| {
        let _ = files.send(Wake::Files(result));
    })
    .map_err(io::Error::other)?;
    watcher
        .watch(&root, RecursiveMode::Recursive)
        .map_err(io::Error::other)?;
    let ignored = [
        std::fs::canonicalize(&options.output).unwrap_or_else(|_| options.output.clone()),
        root.join("public"),
        root.join("target"),
        root.join(".git"),
    ];
    let content = root.join(jiedui::load::content::CONTENT_DIR);

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
    let mut stop = false;
    while !stop {
        let wait = pending
            .as_ref()
            .map_or(IDLE_WAIT, |(_, at)| EMIT_AFTER.saturating_sub(at.elapsed()));
        let first = match wake.recv_timeout(wait) {
            Ok(w) => w,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if let Some((job, at)) = pending.take() {
                    if at.elapsed() >= EMIT_AFTER {
                        let done = sender.clone();
                        std::thread::spawn(move || done.send(Wake::Emitted(job.run())));
                    } else {
                        pending = Some((job, at));
                    }
                }
                continue;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        // Everything that has arrived, so one rebuild answers a burst of changes.
        let mut changed: Vec<PathBuf> = Vec::new();
        // Whether every change came as a path (no rescan after lost events, no watcher error):
        // only then may the rebuild look at those paths alone.
        let mut complete = true;
        for w in std::iter::once(first).chain(std::iter::from_fn(|| wake.try_recv().ok())) {
            match w {
                Wake::Stop => stop = true,
                Wake::Emitted(Err(failure)) => on_event(ServeEvent::OutputsFailed(failure)),
                Wake::Emitted(Ok(_)) => {}
                Wake::Files(result) => {
                    complete &= result.is_ok();
                    for event in result.into_iter().flatten() {
                        complete &= !event.need_rescan() && !event.kind.is_other();
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
            }
        }
        if !changed.is_empty() && !stop {
            changed.sort();
            changed.dedup();
            // Content is rebuilt incrementally; anything else (templates, theme, static files,
            // site.toml) renders every page again.
            if changed.iter().any(|p| !p.starts_with(&content)) {
                site.invalidate();
            }
            if complete {
                site.expect_changes(changed.clone());
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
/// How long the loop waits when nothing is pending (it wakes at once for a change or a stop).
const IDLE_WAIT: Duration = Duration::from_secs(3600);

/// Rebuilds the pages; returns the job that brings the other outputs up to date.
fn rebuild(site: &mut LiveSite, preview: &Preview, on_event: &dyn Fn(ServeEvent)) -> Option<EmitJob> {
    let start = Instant::now();
    // The browser may reload as soon as the changed pages are written.
    let bump = || {
        preview.generation.fetch_add(1, Ordering::SeqCst);
        preview.changed.notify_waiters();
    };
    let result = site.rebuild(&bump);
    if let Ok(mut errors) = preview.errors.lock() {
        let before = std::mem::take(&mut *errors);
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
        if *errors != before {
            preview.errors_version.fetch_add(1, Ordering::SeqCst);
            preview.changed.notify_waiters();
        }
    }
    match result {
        Ok((rebuilt, job)) => {
            on_event(ServeEvent::Rebuilt {
                rebuilt,
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

/// The `Content-Type` of a served file, from its extension (`mime_guess`; text types in UTF-8).
pub fn content_type(path: &Path) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let text = mime.type_() == mime_guess::mime::TEXT
        || matches!(mime.essence_str(), "application/xml" | "application/javascript");
    if text && mime.get_param("charset").is_none() {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
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
    fn content_types_come_from_the_extension() {
        for (file, expected) in [
            ("a/index.html", "text/html; charset=utf-8"),
            ("x.css", "text/css; charset=utf-8"),
            ("data/a.csv", "text/csv; charset=utf-8"),
            ("logo.svg", "image/svg+xml"),
            (
                "附件.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
            ("附件.xls", "application/vnd.ms-excel"),
            ("通知.doc", "application/msword"),
            ("图.gif", "image/gif"),
            ("通知.pdf", "application/pdf"),
            ("search/k/x.bin", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(file)), expected, "{file}");
        }
        assert!(content_type(Path::new("a.js")).contains("javascript"));
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

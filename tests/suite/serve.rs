//! `serve` on loopback: serves the build, injects live reload, rebuilds when content changes.

use crate::common;

use common::Served;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// A minimal HTTP/1.0 GET against the test server: (status, body).
pub(crate) fn get(address: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {address}\r\n\r\n").unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let text = String::from_utf8_lossy(&response).to_string();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Serves a copy of the CLI's `ok` site.
pub(crate) fn start() -> Served {
    Served::start(&common::repo_root().join("tests/cmd/sites/ok"))
}

/// Clients that send request after request and never read a reply (so the server's writes to
/// them stall) do not hold up another client.
#[test]
fn a_stalled_client_does_not_block_others() {
    let served = start();
    let address = served.address.clone();
    let stalled = Arc::new(AtomicBool::new(true));
    let (blocked, blocked_rx) = std::sync::mpsc::channel();
    let mut writers = Vec::new();
    for _ in 0..8 {
        let (address, stalled, blocked) = (address.clone(), stalled.clone(), blocked.clone());
        writers.push(std::thread::spawn(move || {
            let mut stream = TcpStream::connect(&address).unwrap();
            stream.set_write_timeout(Some(Duration::from_millis(200))).unwrap();
            let request = format!("GET / HTTP/1.1\r\nHost: {address}\r\n\r\n");
            let mut sent = 0usize;
            // Write until the server stops taking requests (its replies are never read).
            while stalled.load(Ordering::Relaxed) && stream.write_all(request.as_bytes()).is_ok() {
                sent += 1;
            }
            let _ = blocked.send(());
            while stalled.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(20));
            }
            sent
        }));
    }
    // Every stalled client has filled its connection (its writes time out).
    for _ in 0..8 {
        blocked_rx
            .recv_timeout(Duration::from_secs(20))
            .expect("a client stalls");
    }
    let mut slowest = Duration::ZERO;
    for _ in 0..5 {
        let start = Instant::now();
        let (status, body) = get(&address, "/");
        slowest = slowest.max(start.elapsed());
        assert_eq!(status, 200);
        assert!(body.contains("</html>"));
    }
    stalled.store(false, Ordering::Relaxed);
    let sent: Vec<usize> = writers.into_iter().map(|w| w.join().unwrap()).collect();
    assert!(
        slowest < Duration::from_secs(1),
        "a second client waited {slowest:?} behind stalled ones"
    );
    assert!(
        sent.iter().all(|&n| n > 100),
        "each stalled client got requests in before the server stopped reading: {sent:?}"
    );
    assert!(served.stop(), "serve exits cleanly");
}

#[test]
fn serves_rebuilds_and_reloads() {
    let served = start();
    let (root, address) = (served.root.clone(), served.address.clone());
    let url = format!("http://{address}/");
    let (status, home) = get(&address, "/");
    assert_eq!(status, 200);
    assert!(home.contains("<script src=\"/__jiedui/livereload.js\"></script></body>"));
    assert!(
        home.contains(&format!("href=\"{url}notices/")) || home.contains("href=\"/notices/"),
        "links use the served address"
    );
    assert_eq!(get(&address, "/__jiedui/generation"), (200, "1".to_string()));
    assert_eq!(get(&address, "/nowhere/").0, 404);
    assert_eq!(get(&address, "/notices/a").0, 301);
    assert_eq!(get(&address, "/../site.toml").0, 400);

    std::fs::write(
        root.join("content/notices/a.md"),
        "+++\ntitle = \"改过标题的通知\"\ndate = 2024-03-01\n+++\n见[方案](@/notices/b.md)。\n",
    )
    .unwrap();
    let start = Instant::now();
    while get(&address, "/__jiedui/generation").1 == "1" {
        assert!(start.elapsed() < Duration::from_secs(20), "no rebuild after the change");
        std::thread::sleep(Duration::from_millis(100));
    }
    let (_, page) = get(&address, "/notices/a/");
    assert!(page.contains("改过标题的通知"));

    assert!(served.stop(), "serve exits cleanly");
}

/// An open page's long poll (`/__jiedui/wait?since=…`) is answered at once without `since` or
/// when the state differs, holds while nothing changes, and is answered as soon as an edit's
/// pages are written (the reload does not wait for a polling interval).
#[test]
fn the_long_poll_answers_when_the_pages_change() {
    let served = start();
    let (root, address) = (served.root.clone(), served.address.clone());
    let (status, state) = get(&address, "/__jiedui/wait");
    assert_eq!((status, state.as_str()), (200, "1-0"));
    assert_eq!(get(&address, "/__jiedui/wait?since=0-0"), (200, "1-0".to_string()));
    let waiting = {
        let address = address.clone();
        std::thread::spawn(move || {
            let mut stream = TcpStream::connect(&address).unwrap();
            stream.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
            write!(
                stream,
                "GET /__jiedui/wait?since=1-0 HTTP/1.0\r\nHost: {address}\r\n\r\n"
            )
            .unwrap();
            let mut response = Vec::new();
            stream.read_to_end(&mut response).unwrap();
            (Instant::now(), String::from_utf8_lossy(&response).to_string())
        })
    };
    std::thread::sleep(Duration::from_millis(600));
    assert!(!waiting.is_finished(), "the poll holds while nothing changes");
    std::fs::write(
        root.join("content/notices/a.md"),
        "+++\ntitle = \"长轮询后的标题\"\ndate = 2024-03-01\n+++\n正文。\n",
    )
    .unwrap();
    let (answered, response) = waiting.join().unwrap();
    assert!(
        response.ends_with("\r\n\r\n2-0"),
        "answered with the new generation: {response}"
    );
    let (_, page) = get(&address, "/notices/a/");
    assert!(
        page.contains("长轮询后的标题"),
        "the pages were written before the answer"
    );
    assert!(answered.elapsed() < Duration::from_secs(5));
    assert!(served.stop(), "serve exits cleanly");
}

/// A failed rebuild's errors are served at `/__jiedui/errors` (the reload script shows them over
/// the open page, which keeps the last good build) and are gone once the file is fixed, which
/// also reloads the page.
#[test]
fn a_failed_rebuild_shows_its_errors_until_fixed() {
    let served = start();
    let (root, address) = (served.root.clone(), served.address.clone());
    let script = get(&address, "/__jiedui/livereload.js").1;
    assert!(
        script.contains("/__jiedui/errors") && script.contains("构建失败"),
        "{script}"
    );
    assert_eq!(get(&address, "/__jiedui/errors"), (200, String::new()));
    let wait_for = |what: &str, done: &dyn Fn() -> bool| {
        let start = Instant::now();
        while !done() {
            assert!(start.elapsed() < Duration::from_secs(20), "{what}");
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    std::fs::write(
        root.join("content/notices/a.md"),
        "+++\ntitle = \"缺日期的通知\"\n+++\n正文\n",
    )
    .unwrap();
    wait_for("the errors are served", &|| {
        !get(&address, "/__jiedui/errors").1.is_empty()
    });
    let errors = get(&address, "/__jiedui/errors").1;
    assert!(errors.contains("错误: content/notices/a.md"), "{errors}");
    assert!(errors.contains("提示:"), "{errors}");
    assert_eq!(
        get(&address, "/notices/a/").0,
        200,
        "the last good page is still served"
    );
    let generation = get(&address, "/__jiedui/generation").1;
    std::fs::write(
        root.join("content/notices/a.md"),
        "+++\ntitle = \"改好的通知\"\ndate = 2024-03-01\n+++\n正文\n",
    )
    .unwrap();
    wait_for("the errors are cleared", &|| {
        get(&address, "/__jiedui/errors").1.is_empty()
    });
    wait_for("the page reloads", &|| {
        get(&address, "/__jiedui/generation").1 != generation
    });
    assert!(get(&address, "/notices/a/").1.contains("改好的通知"));
    assert!(served.stop(), "serve exits cleanly");
}

/// `jiedui serve` stopped with Ctrl+C (SIGINT) or SIGTERM exits and removes its temporary folder.
#[test]
fn ctrl_c_stops_serve_and_removes_its_temporary_folder() {
    for signal in ["-INT", "-TERM"] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        common::copy_dir(&common::repo_root().join("tests/cmd/sites/ok"), &root);
        // Returns once serve says it listens.
        let (mut child, _) =
            jiedui_devkit::serve_process::spawn(std::path::Path::new(env!("CARGO_BIN_EXE_jiedui")), &root);
        let output = std::env::temp_dir().join(format!("jiedui-serve-{}", child.id()));
        assert!(output.is_dir(), "{} is where it serves from", output.display());
        let killed = std::process::Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let start = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "serve did not stop on {signal}"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        assert!(status.success(), "{signal}: {status:?}");
        assert!(!output.exists(), "{signal}: {} left behind", output.display());
    }
}

/// Served from its own folder (`--root .`), an edited notice re-renders only the pages that
/// show it, not every page (the watcher's paths are compared with the canonical root).
#[test]
fn a_relative_root_rebuilds_only_what_an_edit_touches() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    common::copy_dir(&common::repo_root().join("tests/cmd/sites/ok"), &root);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_jiedui"))
        .args(["serve", "--port", "0", "--root", "."])
        .current_dir(&root)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let (lines_tx, lines) = std::sync::mpsc::channel();
    let out = std::io::BufReader::new(child.stdout.take().unwrap());
    std::thread::spawn(move || {
        for line in out.lines().map_while(Result::ok) {
            let _ = lines_tx.send(line);
        }
    });
    let next = |what: &str| -> String {
        loop {
            let line = lines
                .recv_timeout(Duration::from_secs(20))
                .unwrap_or_else(|_| panic!("no line with {what}"));
            if line.contains(what) {
                return line;
            }
        }
    };
    let first = next("已构建");
    next("正在预览");
    std::fs::write(
        root.join("content/notices/a.md"),
        "+++\ntitle = \"相对路径下改过的通知\"\ndate = 2024-03-01\n+++\n正文。\n",
    )
    .unwrap();
    let rebuilt = next("已构建");
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();
    let count = |line: &str| -> usize {
        let after = line.split("重新生成 ").nth(1).unwrap_or_else(|| panic!("{line}"));
        after.split(' ').next().unwrap().parse().unwrap()
    };
    assert!(
        count(&rebuilt) < count(&first),
        "an edit re-rendered every page: {first} / {rebuilt}"
    );
}

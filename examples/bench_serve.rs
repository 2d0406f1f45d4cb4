//! `serve` benchmark: serves a site, edits one notice five times and measures, for each edit, the
//! time from the file write until the server returns the changed page (median printed).
//!
//! Run: `cargo build --release && cargo run --release --example bench_serve -- SITE_DIR [NOTICE_FILE]`
//! (it runs the `jiedui` binary built beside it, as an editor does; the site is copied to a
//! temporary folder first; NOTICE_FILE is relative to the site root, default the first file in
//! content/notices/).

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

fn get(address: &str, path: &str) -> String {
    let Ok(mut stream) = TcpStream::connect(address) else {
        return String::new();
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = write!(stream, "GET {path} HTTP/1.0\r\nHost: {address}\r\n\r\n");
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response).to_string()
}

fn main() {
    jiedui::huge_pages::avoid();
    let args: Vec<String> = std::env::args().collect();
    let source = Path::new(args.get(1).expect("usage: bench_serve SITE_DIR [NOTICE_FILE]"));
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    common::copy_dir(source, &root);
    let notice = match args.get(2) {
        Some(n) => root.join(n),
        None => common::first_notice(&root),
    };
    let slug = notice.file_stem().unwrap().to_string_lossy().to_string();
    // The binary sits one folder up from the examples (target/release/jiedui).
    let exe = std::env::current_exe().unwrap();
    let binary = exe.parent().and_then(Path::parent).unwrap().join("jiedui");
    assert!(binary.is_file(), "build the binary first: cargo build --release");
    let start = Instant::now();
    let (mut child, url) = jiedui_devkit::serve_process::spawn(&binary, &root);
    println!("first build and listening: {:.2} s", start.elapsed().as_secs_f64());
    let address = url.trim_start_matches("http://").trim_end_matches('/').to_string();
    let page = format!("/notices/{slug}/");
    let original = std::fs::read_to_string(&notice).unwrap();
    let mut times = Vec::new();
    for n in 0..5 {
        std::thread::sleep(Duration::from_millis(300));
        let marker = format!("编辑标记{n}号");
        let edited = format!("{original}\n\n{marker}\n");
        let written = Instant::now();
        std::fs::write(&notice, edited).unwrap();
        loop {
            if get(&address, &page).contains(&marker) {
                break;
            }
            assert!(written.elapsed() < Duration::from_secs(60), "edit {n} never appeared");
            std::thread::sleep(Duration::from_millis(5));
        }
        let took = written.elapsed();
        println!("edit {n}: visible after {:.0} ms", took.as_secs_f64() * 1000.0);
        times.push(took);
    }
    times.sort();
    println!("median: {:.0} ms", times[2].as_secs_f64() * 1000.0);
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();
}

//! `serve` benchmark: serves a site, edits one notice five times and measures, for each edit, the
//! time from the file write until the server returns the changed page (median printed).
//!
//! Run: `cargo run --release --example bench_serve -- SITE_DIR [NOTICE_FILE]`
//! (the site is copied to a temporary folder first; NOTICE_FILE is relative to the site root,
//! default the first file in content/notices/).

mod common;

use jiedui::serve::{ServeEvent, ServeOptions, serve};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
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
    let options = ServeOptions {
        root: root.clone(),
        interface: "127.0.0.1".into(),
        port: 0,
        drafts: false,
        output: dir.path().join("served"),
    };
    let stop = Arc::new(AtomicBool::new(false));
    let (tx, rx) = mpsc::channel::<String>();
    let tx = std::sync::Mutex::new(tx);
    let server_stop = stop.clone();
    let start = Instant::now();
    let handle = std::thread::spawn(move || {
        serve(&options, server_stop, &|event| {
            if let ServeEvent::Listening { url } = event {
                let _ = tx.lock().unwrap().send(url);
            }
        })
    });
    let url = rx.recv_timeout(Duration::from_secs(600)).expect("server started");
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
    stop.store(true, Ordering::Relaxed);
    let _ = handle.join();
}

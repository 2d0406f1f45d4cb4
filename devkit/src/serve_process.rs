//! `jiedui serve` as a child process on a free port of 127.0.0.1, for tests and the serve
//! benchmark: started, and waited for until it prints where it listens.

use std::io::BufRead;
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// Starts `binary serve` on the site at `root`; returns the child and the address it serves
/// (`http://127.0.0.1:PORT/`). What it prints afterwards is read and dropped on a thread of its
/// own, so that it never blocks on a full pipe.
pub fn spawn(binary: &Path, root: &Path) -> (Child, String) {
    let mut child = Command::new(binary)
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("jiedui serve starts");
    let mut lines = std::io::BufReader::new(child.stdout.take().expect("its output")).lines();
    let url = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| {
            l.strip_prefix("正在预览：")
                .map(|u| u.split_whitespace().next().unwrap_or("").to_string())
        })
        .expect("serve says where it listens");
    std::thread::spawn(move || lines.for_each(drop));
    (child, url)
}

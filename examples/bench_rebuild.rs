//! Rebuild benchmark: times `build` over a site with no output (clean), again with nothing changed,
//! and again after one notice was edited, alternating for several rounds (medians printed).
//!
//! Run: `cargo run --release --example bench_rebuild -- SITE_DIR [ROUNDS]`
//! (the site is copied to a temporary folder first, `TMPDIR`; the edited notice is the first file
//! in content/notices/).

mod common;

use std::time::{Duration, Instant};

fn build(options: &jiedui::BuildOptions) -> Duration {
    let start = Instant::now();
    if let Err(f) = jiedui::build(options, &|_| {}) {
        for d in f.diagnostics.iter().take(20) {
            eprintln!("{d}");
        }
        std::process::exit(1);
    }
    start.elapsed()
}

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times[times.len() / 2].as_secs_f64()
}

fn main() {
    jiedui::huge_pages::avoid();
    let args: Vec<String> = std::env::args().collect();
    let source = std::path::Path::new(args.get(1).expect("usage: bench_rebuild SITE_DIR [ROUNDS]"));
    let rounds: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(5);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    common::copy_dir(source, &root);
    let notice = common::first_notice(&root);
    let original = std::fs::read_to_string(&notice).unwrap();
    let mut options = jiedui::BuildOptions::new(&root);
    options.output = Some(dir.path().join("out/public"));
    let (mut clean, mut unchanged, mut edited) = (Vec::new(), Vec::new(), Vec::new());
    for round in 1..=rounds {
        std::fs::write(&notice, &original).unwrap();
        let _ = std::fs::remove_dir_all(dir.path().join("out"));
        clean.push(build(&options));
        unchanged.push(build(&options));
        std::fs::write(&notice, format!("{original}\n第{round}次修改。\n")).unwrap();
        edited.push(build(&options));
        println!(
            "round {round}: clean {:.2} s, no change {:.2} s, one notice edited {:.2} s",
            clean[round - 1].as_secs_f64(),
            unchanged[round - 1].as_secs_f64(),
            edited[round - 1].as_secs_f64()
        );
    }
    println!(
        "median of {rounds}: clean {:.2} s, no change {:.2} s, one notice edited {:.2} s",
        median(clean),
        median(unchanged),
        median(edited)
    );
    println!("peak memory (VmHWM): {}", common::peak_memory());
}

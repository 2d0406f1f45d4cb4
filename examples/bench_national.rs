//! National-scale benchmark: generates a site with one programme of ROWS pairings (schools named
//! from real counties and townships of the embedded division table) and NOTICES notices, builds
//! it, and reports build time per stage, peak memory, files, bytes, the largest page and what the
//! first query downloads.
//!
//! Run: `cargo run --release --example bench_national -- 250000 20000 [DIR] [revised]`
//! (DIR: where to generate and build; a temporary folder when left out. `revised` adds a second
//! version of the list, an 调整通知 whose list of changes touches 1 % of the rows.)

mod common;

use common::{gzip_len, peak_memory};
use jiedui_devkit::query::run_query_with;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    jiedui::huge_pages::avoid();
    let args: Vec<String> = std::env::args().collect();
    let rows: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(25_000);
    let notices: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(2_000);
    let temp = tempfile::tempdir().expect("temp dir");
    let root: PathBuf = args
        .get(3)
        .map(PathBuf::from)
        .unwrap_or_else(|| temp.path().to_path_buf());
    let generate = Instant::now();
    jiedui_devkit::synthetic::write_national_site(&root, rows, notices).expect("generate");
    let revised = if args.get(4).is_some_and(|a| a == "revised") {
        let changes = jiedui_devkit::synthetic::add_national_revision(&root).expect("revision");
        format!(", a second version changing {changes} rows")
    } else {
        String::new()
    };
    println!(
        "site: {rows} rows, {notices} notices{revised} (generated in {:.1} s)",
        generate.elapsed().as_secs_f64()
    );
    let options = jiedui::BuildOptions::new(&root);
    let start = Instant::now();
    let summary = match jiedui::build(&options, &|_| {}) {
        Ok(s) => s,
        Err(f) => {
            for d in f.diagnostics.iter().take(20) {
                eprintln!("{d}");
            }
            std::process::exit(1);
        }
    };
    let elapsed = start.elapsed();
    println!(
        "build: {:.2} s ({:.1} µs per row), peak memory (VmHWM): {}",
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1e6 / rows.max(1) as f64,
        peak_memory()
    );
    for (stage, took) in &summary.timings {
        println!("  {stage}: {:.2} s", took.as_secs_f64());
    }
    println!(
        "pages: {}, files: {}, pairings: {}",
        summary.pages, summary.files, summary.pairings
    );
    print_placement(&summary.warnings);
    let public = root.join("public");
    let (mut bytes, mut largest) = (0u64, (0u64, PathBuf::new()));
    for e in walkdir::WalkDir::new(&public).into_iter().filter_map(Result::ok) {
        if let Ok(m) = e.metadata()
            && m.is_file()
        {
            bytes += m.len();
            if e.path().extension().is_some_and(|x| x == "html") && m.len() > largest.0 {
                largest = (m.len(), e.path().to_path_buf());
            }
        }
    }
    let largest_gz = std::fs::read(&largest.1).map(|b| gzip_len(&b)).unwrap_or(0);
    println!(
        "output: {:.1} MB; largest page {} ({:.1} KB, {:.1} KB gzipped)",
        bytes as f64 / 1_048_576.0,
        largest.1.strip_prefix(&public).unwrap_or(Path::new("")).display(),
        largest.0 as f64 / 1024.0,
        largest_gz as f64 / 1024.0
    );
    let search = public.join("search");
    let read = |path: &str| std::fs::read(search.join(path)).ok();
    // A school of the table, a place, and a phrase of the notices.
    let table = std::fs::read_to_string(root.join("content/programmes/national.csv")).unwrap_or_default();
    let school = table
        .lines()
        .nth(1)
        .and_then(|l| l.split(',').nth(1))
        .unwrap_or("中心小学")
        .to_string();
    for query in ["东兴", "送教下乡", school.as_str()] {
        let r = run_query_with(&read, query);
        let shards = read("meta.json")
            .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
            .and_then(|m| m["finderShards"].as_u64())
            .unwrap_or(1) as usize;
        let jiedui_devkit::finder::Found {
            names: found,
            files: finder_files,
            ..
        } = jiedui_devkit::finder::find(&read, shards, query);
        let mut files = r.files.clone();
        files.extend(jiedui_devkit::query::shown_files(&read, &r));
        files.extend(finder_files);
        let gz: usize = files.iter().map(|f| common::download_len(&read, f)).sum();
        if std::env::var_os("BREAKDOWN").is_some() {
            for f in &files {
                println!("    {f}: {:.1} KB", common::download_len(&read, f) as f64 / 1024.0);
            }
        }
        println!(
            "first query {query}: {} pages and {} finder results, {} files, {:.1} KB (files gzipped, ranges as sent)",
            r.documents.len(),
            found.len(),
            files.len(),
            gz as f64 / 1024.0
        );
    }
}

/// How many school names the build could not place at county level, from its placement notes
/// (grouped "N 个名称只能定位到…" lines, single ambiguous or unknown ones), and how many of those lie in
/// the prefecture-level cities without counties.
fn print_placement(warnings: &[jiedui::Diagnostic]) {
    const CITIES_WITHOUT_COUNTIES: [&str; 4] = ["东莞市", "中山市", "儋州市", "嘉峪关市"];
    let (mut above, mut in_cities) = (0, 0);
    for w in warnings {
        let n = if let Some((count, _)) = w.message.split_once(" 个名称只能定位到") {
            count.parse().unwrap_or(0)
        } else if w.message.contains("有多种可能") || w.message.starts_with("无法确定") {
            1
        } else {
            continue;
        };
        above += n;
        if CITIES_WITHOUT_COUNTIES.iter().any(|c| w.message.contains(c)) {
            in_cities += n;
        }
    }
    println!("placement: {above} school names not placed at county level ({in_cities} in 东莞/中山/儋州/嘉峪关)");
}

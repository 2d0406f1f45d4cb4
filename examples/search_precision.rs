//! Search precision and recall on a real-size site: builds SITE_DIR, runs each query through the
//! reference query (every match, not only the first window), and compares with the notices whose
//! source file holds the query (grepped, after the same normalisation).
//!
//! Run: `cargo run --release --example search_precision -- SITE_DIR [QUERY …]`
//! (SITE_DIR is for example `gen_corpus.py --pages 10000`'s `jiedui/` tree).

mod common;

use jiedui::search::tokenize::fields_hold;
use jiedui_devkit::query::{run_query_exhaustive, run_query_with};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const QUERIES: [&str; 5] = [
    "东兴",
    "送教下乡",
    "〔2021〕37号",
    "钦州市钦南区犀牛脚镇中心小学",
    "那坡县城厢镇中心小学与凭祥市第一中学",
];

fn main() {
    jiedui::huge_pages::avoid();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(site) = args.first().map(PathBuf::from) else {
        eprintln!("usage: search_precision SITE_DIR [QUERY …]");
        std::process::exit(2);
    };
    let queries: Vec<String> = if args.len() > 1 {
        args[1..].to_vec()
    } else {
        QUERIES.iter().map(|q| q.to_string()).collect()
    };
    let out = tempfile::tempdir().expect("temp dir");
    let mut options = jiedui::BuildOptions::new(&site);
    options.output = Some(out.path().join("public"));
    if let Err(f) = jiedui::build(&options, &|_| {}) {
        for d in f.diagnostics.iter().take(10) {
            eprintln!("{d}");
        }
        std::process::exit(1);
    }
    let search = out.path().join("public/search");
    let read = |path: &str| std::fs::read(search.join(path)).ok();
    let urls = document_urls(&search);
    let sources = notice_sources(&site.join("content/notices"));
    println!("{} notices, {} indexed pages", sources.len(), urls.len());
    for query in &queries {
        let truth: BTreeSet<String> = sources
            .iter()
            .filter(|(_, text)| fields_hold(&[text], query))
            .map(|(slug, _)| format!("/notices/{slug}/"))
            .collect();
        let found: BTreeSet<String> = run_query_exhaustive(&read, query)
            .documents
            .iter()
            .filter_map(|d| urls.get(*d as usize).cloned())
            .filter(|u| u.starts_with("/notices/") && u.matches('/').count() == 3)
            .collect();
        let right = found.intersection(&truth).count();
        let precision = if found.is_empty() {
            1.0
        } else {
            right as f64 / found.len() as f64
        };
        let recall = if truth.is_empty() {
            1.0
        } else {
            right as f64 / truth.len() as f64
        };
        println!(
            "{query}: {} notices found, {} hold it; precision {precision:.3}, recall {recall:.3}",
            found.len(),
            truth.len()
        );
        let first = run_query_with(&read, query);
        let mut files = first.files.clone();
        files.extend(jiedui_devkit::query::shown_files(&read, &first));
        let first_gz: usize = files.iter().map(|f| common::download_len(&read, f)).sum();
        if std::env::var_os("BREAKDOWN").is_some() {
            for f in &files {
                println!("    {f}: {:.1} KB", common::download_len(&read, f) as f64 / 1024.0);
            }
        }
        println!(
            "  first query: {} files, {:.1} KB (files gzipped, ranges as sent; index and the listed results' texts; the finder adds its shard)",
            files.len(),
            first_gz as f64 / 1024.0
        );
        for extra in found.difference(&truth).take(5) {
            println!("  found but does not hold it: {extra}");
        }
        for missed in truth.difference(&found).take(5) {
            println!("  holds it but not found: {missed}");
        }
    }
}

/// Document URLs by id, from the `d/` chunks.
fn document_urls(search: &Path) -> Vec<String> {
    let mut urls = Vec::new();
    for chunk in 0.. {
        let Ok(bytes) = std::fs::read(search.join(format!("d/{chunk}.json"))) else {
            break;
        };
        let rows: Vec<Vec<serde_json::Value>> = serde_json::from_slice(&bytes).unwrap_or_default();
        urls.extend(rows.iter().map(|r| r[0].as_str().unwrap_or("").to_string()));
    }
    urls
}

/// Each notice's slug (its file stem, or its folder's name for a notice written as a folder with
/// `index.md`) and its source text.
fn notice_sources(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "md")
            && let (Some(stem), Ok(text)) = (path.file_stem(), std::fs::read_to_string(path))
        {
            let slug = match path.parent().and_then(|p| p.file_name()) {
                Some(folder) if stem == "index" => folder,
                _ => stem,
            };
            out.push((slug.to_string_lossy().into_owned(), text));
        }
    }
    out.sort();
    out
}

//! Page weight budget: HTML + the CSS and JS it loads, gzipped, at most 30 KB for notice, school
//! and county pages of the bundled portal (open-data downloads excluded).

use crate::common;

use flate2::Compression;
use flate2::write::GzEncoder;
use std::io::Write;
use std::path::Path;

const BUDGET: usize = 30 * 1024;

fn gzipped(bytes: &[u8]) -> usize {
    let mut e = GzEncoder::new(Vec::new(), Compression::best());
    e.write_all(bytes).unwrap();
    e.finish().unwrap().len()
}

/// The same-site stylesheets and scripts a page loads.
fn assets(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (attr, ext) in [("href=\"", ".css"), ("src=\"", ".js")] {
        for part in html.split(attr).skip(1) {
            let url = &part[..part.find('"').unwrap_or(0)];
            if url.starts_with('/') && url.ends_with(ext) {
                out.push(url.trim_start_matches('/').to_string());
            }
        }
    }
    out
}

fn weight(out: &Path, page: &str) -> (usize, Vec<String>) {
    let html = std::fs::read_to_string(out.join(page)).unwrap();
    let files = assets(&html);
    let mut total = gzipped(html.as_bytes());
    for f in &files {
        total += gzipped(&std::fs::read(out.join(f)).unwrap());
    }
    (total, files)
}

#[test]
fn notice_school_and_county_pages_stay_within_30_kb() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    common::build_into(&common::repo_root(), &out).unwrap();
    for page in [
        "notices/2022-guangxi-bianjing-jiedui/index.html",
        "notices/2019-shandong-jiaoyu-fupin-xiezuo/index.html",
        "notices/2020-leshan-meigu-yiduiyi/index.html",
        "schools/桂林市宝贤中学/index.html",
        "schools/东兴市京族学校/index.html",
        "regions/广西壮族自治区/防城港市/东兴市/index.html",
        "regions/广西壮族自治区/百色市/那坡县/index.html",
    ] {
        let (bytes, files) = weight(&out, page);
        println!(
            "{page}: {:.1} KB gzipped with {}",
            bytes as f64 / 1024.0,
            files.join(", ")
        );
        assert!(
            files.iter().any(|f| f.ends_with("site.css")),
            "{page} loads the stylesheet"
        );
        assert!(bytes <= BUDGET, "{page}: {bytes} bytes gzipped, budget {BUDGET}");
    }
}

//! Build benchmark: generates N synthetic Chinese notices (every tenth with a 40-row pairing table,
//! imported as a programme) and reports build time, peak memory and output size.
//!
//! Run: `cargo run --release --example bench_build -- 10000`

mod common;

use common::peak_memory;

/// The places this benchmark draws from.
const PLACES: &[&str] = common::PLACES.split_at(8).0;

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

const TOPICS: [&str; 4] = ["结对帮扶", "教育扶贫", "对口支援", "边境地区教育"];
const SENTENCE: &str = "为进一步提升边境地区教育教学质量，加强边境地区教育内涵建设，经研究，决定开展结对帮扶工作。";

fn main() {
    jiedui::huge_pages::avoid();
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let generate = Instant::now();
    write_site(root, n);
    let generated = generate.elapsed();
    let options = jiedui::BuildOptions::new(root);
    let start = Instant::now();
    let summary = match jiedui::build(&options, &|_| {}) {
        Ok(s) => s,
        Err(f) => {
            for d in &f.diagnostics {
                eprintln!("{d}");
            }
            std::process::exit(1);
        }
    };
    let elapsed = start.elapsed();
    let bytes: u64 = walkdir::WalkDir::new(root.join("public"))
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    println!("notices: {n} (generated in {:.2} s)", generated.as_secs_f64());
    println!(
        "pages: {}, files: {}, pairings: {}",
        summary.pages, summary.files, summary.pairings
    );
    println!("build: {:.2} s", elapsed.as_secs_f64());
    println!("peak memory (VmHWM): {}", peak_memory());
    println!("output: {:.1} MB", bytes as f64 / 1_048_576.0);
}

fn write_site(root: &Path, n: usize) {
    std::fs::create_dir_all(root.join("content/notices")).unwrap();
    std::fs::write(
        root.join("site.toml"),
        "title = \"基准测试\"\nbase_url = \"https://bench.example.cn/\"\n",
    )
    .unwrap();
    for i in 0..n {
        let place = PLACES[i % PLACES.len()];
        let topic = TOPICS[i % TOPICS.len()];
        let year = 2015 + (i % 11);
        let (month, day) = (1 + i % 12, 1 + i % 28);
        let mut body = String::new();
        for p in 0..6 {
            let _ = writeln!(
                body,
                "## {}、{}第{}项工作\n\n{}{}{}\n",
                p + 1,
                place,
                p + 1,
                place,
                SENTENCE,
                SENTENCE
            );
        }
        let attachment = i % 10 == 0;
        let mut front = format!(
            "+++\ntitle = \"关于{place}第{i}批{topic}工作的通知\"\ndate = {year}-{month:02}-{day:02}\n\"文号\" = \"示教发〔{year}〕{i}号\"\n\"发文机关\" = \"{place}教育局\"\n\"主题分类\" = [\"{topic}\"]\n"
        );
        if attachment {
            front.push_str("attachments = [\"附件1.csv\"]\n");
        }
        front.push_str("+++\n\n");
        if attachment {
            let folder = root.join(format!("content/notices/n{i}"));
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(folder.join("index.md"), front + &body).unwrap();
            let mut csv = String::from("编号,受援学校,支援学校,牵头高校\n");
            for r in 1..=40 {
                let _ = writeln!(csv, "{r},{place}第{r}小学,桂林市第{r}小学,广西师范大学");
            }
            std::fs::write(folder.join("附件1.csv"), csv).unwrap();
            std::fs::create_dir_all(root.join("content/programmes")).unwrap();
            let programme = format!(
                "title = \"第{i}批结对帮扶\"\nprovince = \"广西\"\nnotice = \"notices/n{i}/index.md\"\ntables = [\"@/notices/n{i}/附件1.csv\"]\n"
            );
            std::fs::write(root.join(format!("content/programmes/p{i}.toml")), programme).unwrap();
        } else {
            std::fs::write(root.join(format!("content/notices/n{i}.md")), front + &body).unwrap();
        }
    }
}

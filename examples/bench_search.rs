//! Search benchmark: builds the search index for N synthetic Chinese pages and reports build time,
//! peak memory, total index size and the gzipped bytes the first query of each kind downloads.
//!
//! Run: `cargo run --release --example bench_search -- 10000`

mod common;

use common::peak_memory;

/// The places this benchmark draws from.
const PLACES: &[&str] = &common::PLACES;

use jiedui::search::index::{FinderEntry, SearchDoc, build_index};
use jiedui::search::pinyin_names::pinyin_and_initials;
use jiedui_devkit::query::run_query;
use std::collections::HashMap;
use std::time::Instant;

const SCHOOLS: [&str; 6] = ["中心小学", "第一中学", "实验小学", "中心幼儿园", "民族中学", "京族学校"];
const SENTENCES: [&str; 8] = [
    "为进一步提升边境地区教育教学质量，加强边境地区教育内涵建设，经研究，决定开展结对帮扶工作。",
    "帮助结对学校树立正确的办学思想和先进的办学理念，健全和完善各项管理制度。",
    "以铸牢中华民族共同体意识为主线，结合边境地区民族文化、红色文化和边关文化，打造校园文化特色品牌。",
    "指导结对学校按规定开齐课程、开足课时，规范教学常规管理，建立健全教学档案。",
    "组织优秀教师、骨干教师到结对学校开展形式多样的指导，提高结对学校教师专业素养。",
    "各单位可因地制宜、因校制宜采取其他力所能及的帮扶措施，开展边境困境儿童关爱活动。",
    "2023年已培训音乐、美术教师58人，师范生118名到各级学校开展支教助教活动。",
    "牵头高校每季度汇总有关中小学校、幼儿园帮扶工作汇报材料。",
];

use jiedui_devkit::lcg::Lcg;

fn main() {
    jiedui::huge_pages::avoid();
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let mut rng = Lcg(7);
    let mut docs = Vec::with_capacity(n);
    for i in 0..n {
        let place = PLACES[rng.next(PLACES.len())];
        let other = PLACES[rng.next(PLACES.len())];
        let school = format!("{place}{}", SCHOOLS[rng.next(SCHOOLS.len())]);
        let mut body = String::new();
        for _ in 0..(6 + rng.next(10)) {
            body.push_str(SENTENCES[rng.next(SENTENCES.len())]);
            if rng.next(3) == 0 {
                body.push_str(&format!("{school}与{other}第{}小学结对。", rng.next(50)));
            }
        }
        docs.push(SearchDoc {
            url: format!("/notices/n{i}/"),
            title: format!("关于{place}第{i}批结对帮扶工作的通知"),
            kind: if i % 5 == 0 { "工作报告" } else { "政策文件" },
            date: Some(format!("{}-{:02}-{:02}", 2015 + i % 11, 1 + i % 12, 1 + i % 28)),
            region: place.to_string(),
            meta: format!("示教发〔{}〕{i}号 {place}教育局", 2015 + i % 11),
            body,
            kind_rank: 0,
            origin: Default::default(),
        });
    }
    let mut finder = Vec::new();
    for place in PLACES {
        for s in SCHOOLS {
            for k in 0..20 {
                let name = format!("{place}第{k}{s}");
                let (pinyin, initials) = pinyin_and_initials(&name);
                finder.push(FinderEntry {
                    name,
                    kind: "学校",
                    place: place.to_string(),
                    url: format!("/schools/{k}/"),
                    pinyin,
                    initials,
                    short: String::new(),
                    short_initials: String::new(),
                });
            }
        }
    }
    let start = Instant::now();
    let (files, stats) = build_index(docs, &finder);
    let elapsed = start.elapsed();
    let gz = common::gzip_len;
    let total_gz: usize = files.iter().map(|(_, b)| gz(b)).sum();
    println!("pages: {n}");
    println!("index build: {:.2} s", elapsed.as_secs_f64());
    println!("peak memory (VmHWM): {}", peak_memory());
    println!(
        "index: {} files, {} keys, {} shards, {:.1} MB ({:.1} MB gzipped)",
        stats.files,
        stats.keys,
        stats.shards,
        stats.bytes as f64 / 1_048_576.0,
        total_gz as f64 / 1_048_576.0
    );
    let map: HashMap<String, Vec<u8>> = files.into_iter().collect();
    for query in [
        "结对帮扶",
        "东兴",
        "东兴市京族学校",
        "鲁教厅办发",
        "宝",
        "2023年",
        "dxsjzxx",
        "dongxing",
    ] {
        let r = run_query(&map, query);
        let mut fetched = r.files.clone();
        let shards = serde_json::from_slice::<serde_json::Value>(&map["meta.json"]).unwrap()["finderShards"]
            .as_u64()
            .unwrap_or(1) as usize;
        let found = jiedui_devkit::finder::find(&|p| map.get(p).cloned(), shards, query);
        fetched.extend(found.files);
        // the page shows 10 results: their document chunks and texts
        fetched.extend(jiedui_devkit::query::shown_files(&|p| map.get(p).cloned(), &r));
        let read = |p: &str| map.get(p).cloned();
        let bytes: usize = fetched.iter().map(|f| common::download_len(&read, f)).sum();
        if std::env::var("BREAKDOWN").is_ok() {
            for f in &fetched {
                println!("    {f}: {:.1} KB", common::download_len(&read, f) as f64 / 1024.0);
            }
        }
        println!(
            "first query {query:>8}: {:>6} matches{}, {:>2} files, {:.1} KB (files gzipped, ranges as sent)",
            r.documents.len(),
            if r.complete { "" } else { "+" },
            fetched.len(),
            bytes as f64 / 1024.0
        );
    }
}

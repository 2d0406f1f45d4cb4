//! Builds the static search files: a positional index of unit bigrams (and unigrams), sharded by
//! key hash and paged by document rank, plus document, text and finder tables.
//!
//! Layout under `search/` (all JSON):
//! - `meta.json`: shard count, page size, chunk sizes, document count;
//! - `s/<n>.json`: shard `n` — key → postings (small keys inline) or `{f, n, last}` (paged keys);
//! - `k/<id>-<page>.json`: one page of a large key's postings;
//! - `d/<chunk>.json`: `[url, title, kind, date, region]` per document;
//! - `t/<chunk>.json`: `[title, meta, body]` of each document, for snippets;
//! - `finder.json`: schools, institutions and regions `[name, kind, place, url]`, for the finder;
//! - `finder-pinyin.json`: `[pinyin, initials]` of the same rows, fetched only for Latin queries.
//!
//! Postings are flat integer arrays: for each document `doc_delta, n, pos_delta × n`. A position
//! tells its field: title units count from 0, metadata from `META_BASE`, body from `BODY_BASE`, so
//! results rank title above metadata above body without fetching anything else.

use super::tokenize::{bigram_key, key_hash, unigram_key, units};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};

/// First position of the metadata field.
pub const META_BASE: u32 = 100_000;
/// First position of the body field.
pub const BODY_BASE: u32 = 200_000;
/// Documents per postings page.
pub const PAGE_DOCS: usize = 400;
/// Documents per `d/` chunk.
pub const DOC_CHUNK: usize = 128;
/// Documents per `t/` chunk (small: texts are only fetched for the results shown).
pub const TEXT_CHUNK: usize = 4;
/// A key whose postings exceed this many numbers gets files of its own.
const INLINE_LIMIT: usize = 300;
/// Target numbers per shard.
const SHARD_TARGET: usize = 1500;

/// One page to index.
#[derive(Debug, Clone)]
pub struct SearchDoc {
    pub url: String,
    pub title: String,
    pub kind: &'static str,
    /// ISO date (`2022-06-09`, `2020`), for display and the year filter.
    pub date: Option<String>,
    pub region: String,
    /// Metadata ranked below the title and above the body (文号, 发文机关, place …).
    pub meta: String,
    pub body: String,
    /// Kind order for ties: notices before programmes before schools …
    pub kind_rank: u8,
}

/// One school, institution or region for the finder.
#[derive(Debug, Clone, Serialize)]
pub struct FinderEntry {
    pub name: String,
    pub kind: &'static str,
    pub place: String,
    pub url: String,
    pub pinyin: String,
    pub initials: String,
}

/// Sizes of what was built, for the benchmark.
#[derive(Debug, Clone, Default)]
pub struct IndexStats {
    pub documents: usize,
    pub keys: usize,
    pub shards: usize,
    pub files: usize,
    pub bytes: usize,
}

/// Builds every file; returns (path under `search/`, bytes) pairs and statistics.
pub fn build_index(mut docs: Vec<SearchDoc>, finder: &[FinderEntry]) -> (Vec<(String, Vec<u8>)>, IndexStats) {
    docs.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then(a.kind_rank.cmp(&b.kind_rank))
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.url.cmp(&b.url))
    });
    let mut postings: HashMap<String, Vec<(u32, Vec<u32>)>> = HashMap::new();
    for (id, doc) in docs.iter().enumerate() {
        let mut local: HashMap<String, Vec<u32>> = HashMap::new();
        for (base, text) in [(0, &doc.title), (META_BASE, &doc.meta), (BODY_BASE, &doc.body)] {
            let field = units(text);
            let limit = (META_BASE - 1) as usize;
            for (i, unit) in field.iter().enumerate().take(limit) {
                let p = base + i as u32;
                local.entry(unigram_key(&unit.text)).or_default().push(p);
                if let Some(next) = field.get(i + 1)
                    && !next.after_gap
                {
                    local.entry(bigram_key(&unit.text, &next.text)).or_default().push(p);
                }
            }
        }
        for (key, positions) in local {
            postings.entry(key).or_default().push((id as u32, positions));
        }
    }
    let mut keys: Vec<String> = postings.keys().cloned().collect();
    keys.sort();
    let mut inline: BTreeMap<String, Value> = BTreeMap::new();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut paged_id = 0usize;
    let mut inline_numbers = 0usize;
    let mut paged: Vec<(String, Value)> = Vec::new();
    for key in &keys {
        let list = &postings[key];
        let pages: Vec<Vec<u32>> = list.chunks(PAGE_DOCS).map(encode_page).collect();
        if pages.len() == 1 && pages[0].len() <= INLINE_LIMIT {
            inline_numbers += pages[0].len();
            inline.insert(key.clone(), json!(pages[0]));
        } else {
            let last: Vec<u32> = list
                .chunks(PAGE_DOCS)
                .map(|c| c.last().map(|x| x.0).unwrap_or(0))
                .collect();
            for (n, page) in pages.iter().enumerate() {
                files.push((format!("k/{paged_id}-{n}.json"), to_json(&json!(page))));
            }
            paged.push((key.clone(), json!({ "f": paged_id, "n": pages.len(), "last": last })));
            paged_id += 1;
        }
    }
    let shard_count = (inline_numbers / SHARD_TARGET).max(1) + paged.len() / 400;
    let mut shards: Vec<BTreeMap<String, Value>> = vec![BTreeMap::new(); shard_count];
    for (key, value) in inline.into_iter().chain(paged) {
        shards[key_hash(&key) as usize % shard_count].insert(key, value);
    }
    for (i, shard) in shards.iter().enumerate() {
        files.push((format!("s/{i}.json"), to_json(&json!(shard))));
    }
    for (c, chunk) in docs.chunks(DOC_CHUNK).enumerate() {
        let rows: Vec<Value> = chunk
            .iter()
            .map(|d| json!([d.url, d.title, d.kind, d.date, d.region]))
            .collect();
        files.push((format!("d/{c}.json"), to_json(&json!(rows))));
    }
    for (c, chunk) in docs.chunks(TEXT_CHUNK).enumerate() {
        let texts: Vec<Value> = chunk.iter().map(|d| json!([d.title, d.meta, d.body])).collect();
        files.push((format!("t/{c}.json"), to_json(&json!(texts))));
    }
    let finder_rows: Vec<Value> = finder.iter().map(|f| json!([f.name, f.kind, f.place, f.url])).collect();
    files.push(("finder.json".to_string(), to_json(&json!(finder_rows))));
    let pinyin_rows: Vec<Value> = finder.iter().map(|f| json!([f.pinyin, f.initials])).collect();
    files.push(("finder-pinyin.json".to_string(), to_json(&json!(pinyin_rows))));
    let meta = json!({
        "version": 1,
        "shards": shard_count,
        "pageDocs": PAGE_DOCS,
        "docChunk": DOC_CHUNK,
        "textChunk": TEXT_CHUNK,
        "documents": docs.len(),
        "metaBase": META_BASE,
        "bodyBase": BODY_BASE,
    });
    files.push(("meta.json".to_string(), to_json(&meta)));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let stats = IndexStats {
        documents: docs.len(),
        keys: keys.len(),
        shards: shard_count,
        files: files.len(),
        bytes: files.iter().map(|f| f.1.len()).sum(),
    };
    (files, stats)
}

fn encode_page(chunk: &[(u32, Vec<u32>)]) -> Vec<u32> {
    let mut out = Vec::new();
    let mut previous = 0u32;
    for (i, (doc, positions)) in chunk.iter().enumerate() {
        out.push(if i == 0 { *doc } else { doc - previous });
        previous = *doc;
        out.push(positions.len() as u32);
        let mut last = 0u32;
        for (j, p) in positions.iter().enumerate() {
            out.push(if j == 0 { *p } else { p - last });
            last = *p;
        }
    }
    out
}

fn to_json(value: &Value) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, body: &str, date: &str) -> SearchDoc {
        SearchDoc {
            url: format!("/{title}/"),
            title: title.into(),
            kind: "政策文件",
            date: Some(date.into()),
            region: String::new(),
            meta: String::new(),
            body: body.into(),
            kind_rank: 0,
        }
    }

    #[test]
    fn postings_are_delta_encoded_by_rank() {
        assert_eq!(encode_page(&[(3, vec![1, 5]), (7, vec![2])]), vec![3, 2, 1, 4, 4, 1, 2]);
        let (files, stats) = build_index(vec![doc("甲", "东兴", "2020"), doc("乙", "东营兴安", "2022")], &[]);
        assert_eq!(stats.documents, 2);
        let shard: Value = serde_json::from_slice(&files.iter().find(|f| f.0 == "s/0.json").unwrap().1).unwrap();
        assert_eq!(
            shard["东兴"],
            json!([1, 1, BODY_BASE]),
            "the newer document is 0; 东兴 opens document 1's body"
        );
        assert_eq!(shard["东营"], json!([0, 1, BODY_BASE]));
        assert_eq!(shard["1甲"], json!([1, 1, 0]), "title positions count from 0");
        assert!(shard.get("营兴").is_some() && shard.get("兴安").is_some());
        assert!(shard.get("乙东").is_none(), "no key across the title/body boundary");
    }

    #[test]
    fn large_keys_are_paged() {
        let docs: Vec<SearchDoc> = (0..900).map(|i| doc(&format!("第{i}号"), "结对帮扶", "2022")).collect();
        let (files, _) = build_index(docs, &[]);
        let names: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
        assert!(
            names.iter().filter(|n| n.starts_with("k/")).count() >= 3 * 3,
            "结对, 对帮, 帮扶 in 3 pages each"
        );
        let meta: Value = serde_json::from_slice(&files.iter().find(|f| f.0 == "meta.json").unwrap().1).unwrap();
        assert_eq!(meta["documents"], 900);
    }
}

//! The query algorithm of `search.js`, in Rust: used to test exact-substring semantics and by the
//! benchmark to count what a first query downloads. Reads the built files, first pages only.

use super::tokenize::{bigram_key, key_hash, unigram_key, units};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// The outcome of a query: matching documents (best first) and the files it needed.
#[derive(Debug, Clone, Default)]
pub struct QueryResult {
    pub documents: Vec<u32>,
    pub files: Vec<String>,
    /// Whether every posting was complete (no further pages would add matches).
    pub complete: bool,
}

struct Phrase {
    length: usize,
    keys: Vec<(String, u32)>,
}

fn phrases(query: &str) -> Vec<Phrase> {
    let mut groups: Vec<Vec<String>> = Vec::new();
    for unit in units(query) {
        if unit.after_gap || groups.is_empty() {
            groups.push(Vec::new());
        }
        if let Some(g) = groups.last_mut() {
            g.push(unit.text);
        }
    }
    groups
        .into_iter()
        .map(|g| {
            if g.len() == 1 {
                Phrase {
                    length: 1,
                    keys: vec![(unigram_key(&g[0]), 0)],
                }
            } else {
                let keys = g
                    .windows(2)
                    .enumerate()
                    .map(|(i, w)| (bigram_key(&w[0], &w[1]), i as u32))
                    .collect();
                Phrase { length: g.len(), keys }
            }
        })
        .collect()
}

fn decode(numbers: &[u32]) -> BTreeMap<u32, Vec<u32>> {
    let mut out = BTreeMap::new();
    let (mut i, mut doc) = (0usize, 0u32);
    while i + 1 < numbers.len() {
        doc = if out.is_empty() { numbers[i] } else { doc + numbers[i] };
        let n = numbers[i + 1] as usize;
        let mut positions = Vec::with_capacity(n);
        let mut p = 0u32;
        for j in 0..n {
            let d = numbers.get(i + 2 + j).copied().unwrap_or(0);
            p = if j == 0 { d } else { p + d };
            positions.push(p);
        }
        out.insert(doc, positions);
        i += 2 + n;
    }
    out
}

fn numbers(v: &Value) -> Vec<u32> {
    v.as_array()
        .map(|a| a.iter().filter_map(|x| x.as_u64()).map(|x| x as u32).collect())
        .unwrap_or_default()
}

/// Runs `query` against the files of a built index (`path → bytes`, paths relative to `search/`).
pub fn run_query(files: &HashMap<String, Vec<u8>>, query: &str) -> QueryResult {
    run_query_with(&|path| files.get(path).cloned(), query)
}

/// Runs `query`, reading each index file through `read` (paths relative to `search/`), so that a
/// large index on disk is read only where the query needs it.
pub fn run_query_with(read: &dyn Fn(&str) -> Option<Vec<u8>>, query: &str) -> QueryResult {
    let mut fetched: Vec<String> = Vec::new();
    let mut fetch = |path: String| -> Value {
        if !fetched.contains(&path) {
            fetched.push(path.clone());
        }
        read(&path)
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or(Value::Null)
    };
    let meta = fetch("meta.json".into());
    let shards = meta["shards"].as_u64().unwrap_or(1).max(1) as u32;
    let list = phrases(query);
    if list.is_empty() {
        return QueryResult {
            complete: true,
            ..Default::default()
        };
    }
    let mut postings: HashMap<String, (BTreeMap<u32, Vec<u32>>, u32)> = HashMap::new();
    for phrase in &list {
        for (key, _) in &phrase.keys {
            if postings.contains_key(key) {
                continue;
            }
            let shard = fetch(format!("s/{}.json", key_hash(key) % shards));
            let entry = &shard[key.as_str()];
            let (map, coverage) = if entry.is_array() {
                (decode(&numbers(entry)), u32::MAX)
            } else if entry.is_object() {
                let file = entry["f"].as_u64().unwrap_or(0);
                let pages = entry["n"].as_u64().unwrap_or(1);
                let last = numbers(&entry["last"]);
                let page = fetch(format!("k/{file}-0.json"));
                (
                    decode(&numbers(&page)),
                    if pages > 1 {
                        last.first().copied().unwrap_or(0)
                    } else {
                        u32::MAX
                    },
                )
            } else {
                (BTreeMap::new(), u32::MAX)
            };
            postings.insert(key.clone(), (map, coverage));
        }
    }
    let limit = postings.values().map(|(_, c)| *c).min().unwrap_or(u32::MAX);
    let meta_base = meta["metaBase"].as_u64().unwrap_or(100_000) as u32;
    let body_base = meta["bodyBase"].as_u64().unwrap_or(200_000) as u32;
    let first = &postings[&list[0].keys[0].0].0;
    let mut scored: Vec<(u64, u32)> = Vec::new();
    'docs: for &doc in first.keys().filter(|d| **d <= limit) {
        let mut score = 0u64;
        for phrase in &list {
            let lists: Vec<Option<&Vec<u32>>> = phrase.keys.iter().map(|(k, _)| postings[k].0.get(&doc)).collect();
            let Some(Some(starts)) = lists.first() else {
                continue 'docs;
            };
            let matched: Vec<u32> = starts
                .iter()
                .copied()
                .filter(|p| {
                    phrase
                        .keys
                        .iter()
                        .zip(&lists)
                        .skip(1)
                        .all(|((_, offset), l)| l.is_some_and(|l| l.contains(&(p + offset))))
                })
                .collect();
            if matched.is_empty() {
                continue 'docs;
            }
            score += matched
                .iter()
                .map(|p| {
                    if *p < meta_base {
                        1000
                    } else if *p < body_base {
                        100
                    } else {
                        1
                    }
                })
                .sum::<u64>();
            let _ = phrase.length;
        }
        scored.push((score, doc));
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    QueryResult {
        documents: scored.into_iter().map(|(_, d)| d).collect(),
        files: fetched,
        complete: limit == u32::MAX,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index::{SearchDoc, build_index};

    fn index(docs: &[(&str, &str)]) -> HashMap<String, Vec<u8>> {
        let docs = docs
            .iter()
            .enumerate()
            .map(|(i, (title, body))| SearchDoc {
                url: format!("/{i}/"),
                title: title.to_string(),
                kind: "政策文件",
                date: Some(format!("{}", 2020 - i)),
                region: String::new(),
                meta: String::new(),
                body: body.to_string(),
                kind_rank: 0,
                origin: Default::default(),
            })
            .collect();
        build_index(docs, &[]).0.into_iter().collect()
    }

    #[test]
    fn matches_exact_substrings_only() {
        let files = index(&[
            ("山东省东营市通知", "山东省东营市与兴安县开展结对帮扶。"),
            ("东兴市通知", "东兴市京族学校与桂林市宝贤中学结对。"),
            ("兴东路小学", "东 兴 分开写不算。"),
        ]);
        assert_eq!(
            run_query(&files, "东兴").documents,
            vec![1],
            "东营…兴安 and 东 兴 are not 东兴"
        );
        assert_eq!(run_query(&files, "宝贤中学").documents, vec![1]);
        assert_eq!(run_query(&files, "结对帮扶").documents, vec![0]);
        assert_eq!(run_query(&files, "帮扶结对").documents, Vec::<u32>::new());
        assert_eq!(
            run_query(&files, "东").documents.len(),
            3,
            "one character matches wherever it stands"
        );
        assert_eq!(
            run_query(&files, "东兴 京族").documents,
            vec![1],
            "space-separated parts must all match"
        );
    }

    #[test]
    fn title_ranks_above_body_and_newer_above_older() {
        let files = index(&[
            ("结对帮扶工作的通知", "正文"),
            ("其他通知", "正文提到结对帮扶"),
            ("旧的结对帮扶通知", "正文"),
        ]);
        assert_eq!(run_query(&files, "结对帮扶").documents, vec![0, 2, 1]);
    }

    #[test]
    fn a_query_reads_only_the_shards_it_needs() {
        let files = index(&[("东兴市通知", "东兴市京族学校")]);
        let r = run_query(&files, "京族");
        assert!(r.files.len() <= 3, "{:?}", r.files);
        assert!(r.complete);
    }
}

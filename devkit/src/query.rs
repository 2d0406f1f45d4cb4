//! The query algorithm of `search.js`, in Rust: used to test exact-substring semantics and by the
//! benchmark to count what a first query downloads. Reads the built files, first pages only.

use jiedui::search::codec::read_varints;
use jiedui::search::tokenize::{bigram_key, key_hash, unigram_key, units};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// The outcome of a query: matching documents (best first) and the files it needed.
#[derive(Debug, Clone, Default)]
pub struct QueryResult {
    pub documents: Vec<u32>,
    /// The position each document's snippet shows (of the first phrase; a body match first).
    pub hits: Vec<u32>,
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
                let keys = cover(g.len())
                    .into_iter()
                    .map(|i| (bigram_key(&g[i], &g[i + 1]), i as u32))
                    .collect();
                Phrase { length: g.len(), keys }
            }
        })
        .collect()
}

/// The offsets of the bigrams that prove a phrase of `n` units (n ≥ 2): every other one, and the
/// last so that the last unit is covered — positions skip at separators, so bigrams at p and p + 2
/// are only met where the four units are written together (see `index.rs`).
pub fn cover(n: usize) -> Vec<usize> {
    let mut offsets: Vec<usize> = (0..n.saturating_sub(1)).step_by(2).collect();
    if n >= 2 && offsets.last() != Some(&(n - 2)) {
        offsets.push(n - 2);
    }
    offsets
}

/// The JSON of an index file (`Null` when it is missing or unreadable, as the page treats it).
pub fn read_json(read: &dyn Fn(&str) -> Option<Vec<u8>>, path: &str) -> Value {
    read(path)
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or(Value::Null)
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

/// Documents of the lead key checked per round (as `search.js` does).
const WINDOW: usize = 20;

/// Runs `query` against the files of a built index (`path → bytes`, paths relative to `search/`).
pub fn run_query(files: &HashMap<String, Vec<u8>>, query: &str) -> QueryResult {
    run_query_with(&|path| files.get(path).cloned(), query)
}

/// Runs `query`, reading each index file through `read` (paths relative to `search/`), so that a
/// large index on disk is read only where the query needs it.
pub fn run_query_with(read: &dyn Fn(&str) -> Option<Vec<u8>>, query: &str) -> QueryResult {
    run(read, query, false)
}

/// Every match of `query`, not only the first window: reads every page of every key. For
/// measuring precision and recall; the browser never does this.
pub fn run_query_exhaustive(read: &dyn Fn(&str) -> Option<Vec<u8>>, query: &str) -> QueryResult {
    run(read, query, true)
}

/// The bytes of a fetched file as [`QueryResult::files`] names it: a whole file (`s/3.json`), or
/// the bytes `start..end` of one read by a range request (`k/12.bin#300-450`).
pub fn read_part(read: &dyn Fn(&str) -> Option<Vec<u8>>, name: &str) -> Option<Vec<u8>> {
    let Some((path, range)) = name.split_once('#') else {
        return read(name);
    };
    let (start, end) = range.split_once('-')?;
    let (start, end): (usize, usize) = (start.parse().ok()?, end.parse().ok()?);
    read(path)?.get(start..end).map(<[u8]>::to_vec)
}

fn run(read: &dyn Fn(&str) -> Option<Vec<u8>>, query: &str, exhaustive: bool) -> QueryResult {
    let mut fetched: Vec<String> = Vec::new();
    let mut fetch_bytes = |name: String| -> Vec<u8> {
        let bytes = read_part(read, &name).unwrap_or_default();
        if !fetched.contains(&name) {
            fetched.push(name);
        }
        bytes
    };
    // Page `p` of a paged key: its byte range in the key's file.
    let page_name = |file: u64, starts: &[usize], p: usize| -> String {
        let start = starts.get(p).copied().unwrap_or(0);
        let end = starts.get(p + 1).copied().unwrap_or(start);
        format!("k/{file}.bin#{start}-{end}")
    };
    // A missing or unreadable file reads as `Null`, as the page treats it.
    let json = |bytes: Vec<u8>| -> Value { serde_json::from_slice(&bytes).unwrap_or(Value::Null) };
    let meta = json(fetch_bytes("meta.json".into()));
    let shards = meta["shards"].as_u64().unwrap_or(1).max(1) as u32;
    let list = phrases(query);
    if list.is_empty() {
        return QueryResult {
            complete: true,
            ..Default::default()
        };
    }
    // Each key's shard entry first: inline postings, or the number of pages and their last documents.
    let page_docs = meta["pageDocs"].as_u64().unwrap_or(400) as usize;
    struct KeyState {
        map: BTreeMap<u32, Vec<u32>>,
        file: Option<u64>,
        pages: usize,
        last: Vec<u32>,
        /// Where each page starts in the key's file, and where the last one ends.
        starts: Vec<usize>,
        count: usize,
        absent: bool,
    }
    let mut keys: Vec<String> = Vec::new();
    for phrase in &list {
        for (key, _) in &phrase.keys {
            if !keys.contains(key) {
                keys.push(key.clone());
            }
        }
    }
    let mut states: Vec<KeyState> = Vec::new();
    for key in &keys {
        let shard = json(fetch_bytes(format!("s/{}.json", key_hash(key) % shards)));
        let entry = &shard[key.as_str()];
        states.push(if entry.is_array() {
            let map = decode(&numbers(entry));
            let count = map.len();
            KeyState {
                map,
                file: None,
                pages: 1,
                last: Vec::new(),
                starts: Vec::new(),
                count,
                absent: false,
            }
        } else if entry.is_object() {
            let pages = entry["n"].as_u64().unwrap_or(1) as usize;
            KeyState {
                map: BTreeMap::new(),
                file: entry["f"].as_u64(),
                pages,
                last: numbers(&entry["last"]),
                // After the keys packed before it in the file (`o`).
                starts: std::iter::once(entry["o"].as_u64().unwrap_or(0) as usize)
                    .chain(numbers(&entry["b"]).into_iter().scan(
                        entry["o"].as_u64().unwrap_or(0) as usize,
                        |end, length| {
                            *end += length as usize;
                            Some(*end)
                        },
                    ))
                    .collect(),
                count: pages * page_docs,
                absent: false,
            }
        } else {
            KeyState {
                map: BTreeMap::new(),
                file: None,
                pages: 0,
                last: Vec::new(),
                starts: Vec::new(),
                count: 0,
                absent: true,
            }
        });
    }
    if states.iter().any(|s| s.absent) {
        return QueryResult {
            files: fetched,
            complete: true,
            ..Default::default()
        };
    }
    if exhaustive {
        for state in states.iter_mut() {
            let Some(file) = state.file else { continue };
            // Every page: the whole file, read once.
            let bytes = fetch_bytes(format!("k/{file}.bin"));
            for w in state.starts.windows(2) {
                let page = decode(&read_varints(bytes.get(w[0]..w[1]).unwrap_or_default()));
                state.map.extend(page);
            }
        }
        let maps: Vec<&BTreeMap<u32, Vec<u32>>> = states.iter().map(|s| &s.map).collect();
        let (documents, hits) = rank(&list, &keys, &maps, 0, u32::MAX, &meta).into_iter().unzip();
        return QueryResult {
            documents,
            hits,
            files: fetched,
            complete: true,
        };
    }
    // The rarest key leads: its documents are checked a window at a time, best ranked first,
    // reading only the pages of the other keys that hold them; windows go on until a match is
    // found or every posting was read (as `search.js` does before it shows "nothing found").
    let lead = (0..states.len()).min_by_key(|&i| (states[i].count, i)).unwrap_or(0);
    // The other paged keys, rarest first, in two rounds: the rarest alone, then the rest only
    // for the documents that still match what is loaded (most candidates fail the first round).
    let mut others: Vec<usize> = (0..states.len())
        .filter(|&i| i != lead && states[i].file.is_some())
        .collect();
    others.sort_by_key(|&i| (states[i].count, i));
    let mut lead_loaded = usize::from(states[lead].file.is_none());
    let mut checked = 0usize;
    // Pages of the other keys read so far (key, page).
    let mut have: std::collections::HashSet<(usize, usize)> = std::collections::HashSet::new();
    loop {
        if checked >= states[lead].map.len()
            && lead_loaded < states[lead].pages
            && let Some(file) = states[lead].file
        {
            let page = decode(&read_varints(&fetch_bytes(page_name(
                file,
                &states[lead].starts,
                lead_loaded,
            ))));
            states[lead].map.extend(page);
            lead_loaded += 1;
        }
        let all: Vec<u32> = states[lead].map.keys().copied().collect();
        let mut candidates: Vec<u32> = all.iter().copied().skip(checked).take(WINDOW).collect();
        checked += candidates.len();
        // Documents up to `limit` are decided: the last one checked, or every one when the
        // lead's postings were all read and checked.
        let limit = if checked < all.len() || lead_loaded < states[lead].pages {
            checked.checked_sub(1).and_then(|i| all.get(i)).copied()
        } else {
            Some(u32::MAX)
        };
        let mut loaded: Vec<bool> = states.iter().map(|s| s.file.is_none()).collect();
        loaded[lead] = true;
        let rounds = [others.get(..1).unwrap_or(&[]), others.get(1..).unwrap_or(&[])];
        for round in rounds {
            for &i in round {
                let Some(file) = states[i].file else { continue };
                let mut pages: Vec<usize> = candidates
                    .iter()
                    .filter(|d| states[i].last.last().is_some_and(|l| **d <= *l))
                    .map(|d| states[i].last.partition_point(|l| l < d))
                    .collect();
                pages.sort_unstable();
                pages.dedup();
                for p in pages {
                    if have.insert((i, p)) {
                        let page = decode(&read_varints(&fetch_bytes(page_name(file, &states[i].starts, p))));
                        states[i].map.extend(page);
                    }
                }
                loaded[i] = true;
            }
            let maps: Vec<&BTreeMap<u32, Vec<u32>>> = states.iter().map(|s| &s.map).collect();
            candidates.retain(|&doc| holds_loaded(&list, &keys, &maps, &loaded, doc));
        }
        let maps: Vec<&BTreeMap<u32, Vec<u32>>> = states.iter().map(|s| &s.map).collect();
        let found = match limit {
            Some(limit) => rank(&list, &keys, &maps, lead, limit, &meta),
            None => Vec::new(),
        };
        if !found.is_empty() || limit == Some(u32::MAX) {
            let (documents, hits) = found.into_iter().unzip();
            return QueryResult {
                documents,
                hits,
                files: fetched,
                complete: limit == Some(u32::MAX),
            };
        }
    }
}

/// Whether `doc` can still hold every phrase, judged by the keys loaded so far: in each phrase,
/// the loaded keys occur at the offsets the phrase gives them.
fn holds_loaded(
    list: &[Phrase],
    keys: &[String],
    maps: &[&BTreeMap<u32, Vec<u32>>],
    loaded: &[bool],
    doc: u32,
) -> bool {
    list.iter().all(|phrase| {
        let mut lists: Vec<(u32, &Vec<u32>)> = Vec::new();
        for (key, offset) in &phrase.keys {
            let Some(i) = keys.iter().position(|x| x == key) else {
                continue;
            };
            if !loaded[i] {
                continue;
            }
            match maps[i].get(&doc) {
                Some(l) => lists.push((*offset, l)),
                None => return false,
            }
        }
        let Some(((first_offset, first), rest)) = lists.split_first() else {
            return true;
        };
        first.iter().any(|&p| {
            let start = p.wrapping_sub(*first_offset);
            rest.iter().all(|(offset, l)| l.contains(&start.wrapping_add(*offset)))
        })
    })
}

/// The documents of the lead key up to `limit` that hold every phrase, best first: a match in the
/// title counts 1000, in the metadata 100, in the body 1.
fn rank(
    list: &[Phrase],
    keys: &[String],
    maps: &[&BTreeMap<u32, Vec<u32>>],
    lead: usize,
    limit: u32,
    meta: &Value,
) -> Vec<(u32, u32)> {
    let meta_base = meta["metaBase"].as_u64().unwrap_or(100_000) as u32;
    let body_base = meta["bodyBase"].as_u64().unwrap_or(200_000) as u32;
    let postings: HashMap<&str, &BTreeMap<u32, Vec<u32>>> =
        keys.iter().map(String::as_str).zip(maps.iter().copied()).collect();
    let first = postings[keys[lead].as_str()];
    let mut scored: Vec<(u64, u32, u32)> = Vec::new();
    'docs: for &doc in first.keys().filter(|d| **d <= limit) {
        let mut score = 0u64;
        let mut hit = 0;
        for (q, phrase) in list.iter().enumerate() {
            let lists: Vec<Option<&Vec<u32>>> = phrase
                .keys
                .iter()
                .map(|(k, _)| postings[k.as_str()].get(&doc))
                .collect();
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
            if q == 0 {
                // As search.js: the first match, but a body match rather than a title match.
                hit = matched[0];
                if hit < meta_base
                    && let Some(body) = matched.iter().copied().find(|p| *p >= body_base)
                {
                    hit = body;
                }
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
        scored.push((score, doc, hit));
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, d, hit)| (d, hit)).collect()
}

/// A `t/` entry or piece as stored: zlib-compressed JSON.
pub fn text_entry(bytes: &[u8]) -> Option<Value> {
    use std::io::Read;
    let mut json = Vec::new();
    flate2::read::ZlibDecoder::new(bytes).read_to_end(&mut json).ok()?;
    serde_json::from_slice(&json).ok()
}

/// Results the page lists at first, and of those the ones it shows a snippet for (`search.js`).
const LISTED: usize = 20;
const SNIPPETS: usize = 10;

/// The files the search page reads to show a result list: the `d/` chunks of the listed results,
/// the `t/` entries of those with a snippet (ranges, named as [`read_part`] reads them) and, for
/// a hit deep in a long body, its piece.
pub fn shown_files(read: &dyn Fn(&str) -> Option<Vec<u8>>, result: &QueryResult) -> Vec<String> {
    let json = |path: &str| read_json(read, path);
    let meta = json("meta.json");
    let number = |key: &str, default: u64| meta[key].as_u64().unwrap_or(default).max(1) as u32;
    let (doc_chunk, body_base) = (number("docChunk", 128), number("bodyBase", 200_000));
    let mut files: Vec<String> = Vec::new();
    let mut add = |path: String| {
        if !files.contains(&path) {
            files.push(path);
        }
    };
    for (i, (&doc, &hit)) in result.documents.iter().zip(&result.hits).take(LISTED).enumerate() {
        let rows = format!("d/{}.json", doc / doc_chunk);
        let row = json(&rows)[(doc % doc_chunk) as usize].clone();
        add(rows);
        if i >= SNIPPETS {
            continue;
        }
        // The document's own entry of its `t/` chunk, read by range.
        let (start, end) = (row[5].as_u64().unwrap_or(0), row[6].as_u64().unwrap_or(0));
        let name = format!("t/{}.bin#{start}-{end}", doc / doc_chunk);
        let entry: Value = read_part(read, &name)
            .and_then(|b| text_entry(&b))
            .unwrap_or(Value::Null);
        add(name);
        if hit >= body_base {
            // [metadata, body head, starts of the other pieces]
            let starts = numbers(&entry[2]);
            let k = starts.iter().take_while(|s| **s <= hit - body_base).count();
            if k > 0 {
                add(format!("t/s{doc}-{k}.bin"));
            }
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiedui::search::index::{SearchDoc, build_index};

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
    fn a_phrase_is_proven_by_every_other_bigram_and_the_last() {
        assert_eq!(cover(2), vec![0]);
        assert_eq!(cover(3), vec![0, 1]);
        assert_eq!(cover(4), vec![0, 2]);
        assert_eq!(cover(5), vec![0, 2, 3]);
        assert_eq!(cover(13), vec![0, 2, 4, 6, 8, 10, 11]);
        for n in 2..40 {
            let c = cover(n);
            assert!(
                (0..n).all(|u| c.iter().any(|&o| o == u || o + 1 == u)),
                "{n}: every unit covered"
            );
        }
    }

    #[test]
    fn a_separator_between_the_cover_bigrams_is_no_match() {
        // 中心 and 小学 are the cover of 中心小学; written apart they sit two positions apart plus
        // the separator's one, so the phrase is not found there.
        let files = index(&[("甲", "中心 小学与中心小学"), ("乙", "中心，小学"), ("丙", "中心小")]);
        assert_eq!(run_query(&files, "中心小学").documents, vec![0]);
        assert_eq!(run_query(&files, "心小").documents, vec![0, 2]);
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
    fn punctuation_of_document_numbers_is_matched() {
        let files = index(&[
            (
                "关于开展结对帮扶的通知",
                "根据《广西壮族自治区人民政府办公厅关于印发……》（桂政办发〔2021〕37号）要求",
            ),
            ("关于公布2021年县域普通高中发展提升名单的通知（第37号）", "2021年名单"),
            ("另一通知", "依据桂政办发【2021】37号文件"),
            ("第三通知", "桂政办发〔2021〕137号"),
        ]);
        assert_eq!(
            run_query(&files, "〔2021〕37号").documents,
            vec![0, 2],
            "2021 and 37号 apart, or 137号, are not 〔2021〕37号"
        );
        assert_eq!(
            run_query(&files, "[2021]37号").documents,
            vec![0, 2],
            "[] typed for 〔〕"
        );
        assert_eq!(run_query(&files, "（第37号）").documents, vec![1]);
        assert_eq!(
            run_query(&files, "(第37号)").documents,
            vec![1],
            "half-width for full-width"
        );
        assert_eq!(
            run_query(&files, "37号）").documents,
            vec![1, 0],
            "in the title ranks first"
        );
        assert_eq!(
            run_query(&files, "2021 37号").documents,
            vec![1, 0, 2],
            "a space still separates parts; 137号 is not 37号"
        );
    }

    #[test]
    fn text_past_100000_units_is_found() {
        let body = format!("{}那隆完小在最后", "结对帮扶".repeat(40_000));
        let files = index(&[("长文", body.as_str()), ("短文", "那隆")]);
        assert_eq!(run_query(&files, "那隆完小在最后").documents, vec![0]);
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
    fn windows_go_on_until_a_match_is_found() {
        // 900 newer documents hold both cover keys of 东兴市 (东兴, 兴市) but never together, so
        // the first 45 windows of the lead key hold no match, and its first page neither: the
        // one match is found on the lead's second page, as search.js finds it.
        let mut docs: Vec<(String, String)> = (0..900)
            .map(|i| (format!("第{i}号"), "东兴 兴市".to_string()))
            .collect();
        docs.push(("旧文".into(), "东兴市京族学校".into()));
        let docs: Vec<(&str, &str)> = docs.iter().map(|(t, b)| (t.as_str(), b.as_str())).collect();
        let files = index(&docs);
        let r = run_query(&files, "东兴市");
        assert_eq!(r.documents, vec![900]);
        // The lead's pages are read by range: the first from where the key begins in its file
        // (after any keys packed before it), then the second, which starts where the first ends.
        let ranges: Vec<(usize, usize)> = r
            .files
            .iter()
            .filter_map(|f| f.strip_prefix("k/")?.split_once('#')?.1.split_once('-'))
            .map(|(a, b)| (a.parse().unwrap(), b.parse().unwrap()))
            .collect();
        assert!(
            ranges
                .iter()
                .any(|&(start, _)| ranges.iter().any(|&(_, end)| end == start) && start > 0),
            "{:?}",
            r.files
        );
        for name in &r.files {
            let part = read_part(&|p| files.get(p).cloned(), name).unwrap();
            if name.starts_with("k/") {
                assert!(!part.is_empty() && part.last() < Some(&0x80), "{name}: whole varints");
            }
        }
        assert_eq!(
            run_query_exhaustive(&|p| files.get(p).cloned(), "东兴市").documents,
            vec![900]
        );
    }

    #[test]
    fn a_query_reads_only_the_shards_it_needs() {
        let files = index(&[("东兴市通知", "东兴市京族学校")]);
        let r = run_query(&files, "京族");
        assert!(r.files.len() <= 3, "{:?}", r.files);
        assert!(r.complete);
    }
}

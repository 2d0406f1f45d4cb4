//! The query algorithm of `search.js`, in Rust: used to test exact-substring semantics and by the
//! benchmark to count what a first query downloads. Reads the built files, first pages only.

use jiedui::search::codec::page_numbers;
use jiedui::search::index::{HEAD_PART, META_PART, TITLE_PART};
use jiedui::search::tokenize::{bigram_key, key_hash, unigram_key, units};
use serde_json::Value;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

/// The outcome of a query: matching documents (best first) and the files it needed.
#[derive(Debug, Clone, Default)]
pub struct QueryResult {
    pub documents: Vec<u32>,
    /// The part each document's snippet shows (of the first phrase; a body match first): title 0,
    /// metadata 1, body head 2, a long body's piece k at 2 + k.
    pub hits: Vec<u32>,
    pub files: Vec<String>,
    /// Whether every posting was complete (no further pages would add matches).
    pub complete: bool,
}

struct Phrase {
    /// Its units, as the index's texts are matched against them.
    units: Vec<String>,
    /// The keys it is looked up by, and those of its cover read only if these are all common.
    keys: Vec<String>,
    rest: Vec<String>,
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
                    keys: vec![unigram_key(&g[0])],
                    rest: Vec::new(),
                    units: g,
                }
            } else {
                let all = cover(g.len());
                let chosen = chosen_keys(&all);
                let key = |i: usize| bigram_key(&g[i], &g[i + 1]);
                let keys = chosen.iter().map(|&i| key(i)).collect();
                let rest = all.iter().filter(|i| !chosen.contains(i)).map(|&i| key(i)).collect();
                Phrase { units: g, keys, rest }
            }
        })
        .collect()
}

/// Keys a long phrase is first looked up by, at most: each costs its shard (about 2.5 KB
/// gzipped), and the text confirms every candidate anyway.
const MAX_KEYS: usize = 4;

/// The offsets of the bigrams that cover a phrase of `n` units (n ≥ 2): every other one, and the
/// last so that the last unit is in one. A document holding them all in one part is a candidate,
/// which its text then confirms or not (see `index.rs`).
pub fn cover(n: usize) -> Vec<usize> {
    let mut offsets: Vec<usize> = (0..n.saturating_sub(1)).step_by(2).collect();
    if n >= 2 && offsets.last() != Some(&(n - 2)) {
        offsets.push(n - 2);
    }
    offsets
}

/// Of a cover's offsets, the first [`MAX_KEYS`] read: the first, the last and others evenly
/// between. The rest are read only when all of these are common (see [`WIDEN_PAGES`]).
pub fn chosen_keys(cover: &[usize]) -> Vec<usize> {
    if cover.len() <= MAX_KEYS {
        return cover.to_vec();
    }
    let last = cover.len() - 1;
    (0..MAX_KEYS).map(|i| cover[(i * last + 1) / (MAX_KEYS - 1)]).collect()
}

/// When the rarest of a phrase's chosen keys fills more postings pages than this, the rest of its
/// cover is read too: candidates are the lead's documents, and four common keys can share many
/// documents without the phrase (a 17-unit phrase read 806 KB with three keys that missed its
/// one rare bigram; with every key, 53.5 KB).
pub const WIDEN_PAGES: usize = 2;

/// The JSON of an index file (`Null` when it is missing or unreadable, as the page treats it).
pub fn read_json(read: &dyn Fn(&str) -> Option<Vec<u8>>, path: &str) -> Value {
    read(path)
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or(Value::Null)
}

/// A postings page: each document with the parts holding the key (title 0, metadata 1, body
/// head 2, piece k at 2 + k).
fn decode(numbers: &[u32]) -> BTreeMap<u32, Vec<u32>> {
    let mut out = BTreeMap::new();
    let (mut i, mut doc) = (0usize, 0u32);
    while i < numbers.len() {
        let (delta, flags) = (numbers[i] >> 4, numbers[i] & 15);
        doc = if out.is_empty() { delta } else { doc + delta };
        i += 1;
        let mut parts: Vec<u32> = (0..3).filter(|b| flags & (1 << b) != 0).collect();
        if flags & 8 != 0 {
            let n = numbers.get(i).copied().unwrap_or(0) as usize;
            let mut k = 0;
            for j in 0..n {
                k += numbers.get(i + 1 + j).copied().unwrap_or(0);
                parts.push(HEAD_PART + k);
            }
            i += 1 + n;
        }
        out.insert(doc, parts);
    }
    out
}

fn numbers(v: &Value) -> Vec<u32> {
    v.as_array()
        .map(|a| a.iter().filter_map(|x| x.as_u64()).map(|x| x as u32).collect())
        .unwrap_or_default()
}

/// Documents of the lead key checked per round (as `search.js` does).
const WINDOW: usize = 10;

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
    let fetched: RefCell<Vec<String>> = RefCell::new(Vec::new());
    let cache: RefCell<HashMap<String, Vec<u8>>> = RefCell::new(HashMap::new());
    let fetch_bytes = |name: String| -> Vec<u8> {
        if let Some(bytes) = cache.borrow().get(&name) {
            return bytes.clone();
        }
        let bytes = read_part(read, &name).unwrap_or_default();
        fetched.borrow_mut().push(name.clone());
        cache.borrow_mut().insert(name, bytes.clone());
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
    let doc_chunk = meta["docChunk"].as_u64().unwrap_or(128).max(1) as u32;
    // A candidate's verdict, once its texts were read: its score and the part of its hit.
    let verdicts: RefCell<HashMap<u32, Option<(u64, u32)>>> = RefCell::new(HashMap::new());
    let dictionary_bytes = meta["dict"].as_u64().unwrap_or(0) as usize;
    let texts = |doc: u32, part: u32| -> String { part_text(&fetch_bytes, doc_chunk, dictionary_bytes, doc, part) };
    let mut list = phrases(query);
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
        for key in &phrase.keys {
            if !keys.contains(key) {
                keys.push(key.clone());
            }
        }
    }
    let load_state = |key: &str| -> KeyState {
        let shard = json(fetch_bytes(format!("s/{}.json", key_hash(key) % shards)));
        let entry = &shard[key];
        if entry.is_array() {
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
                // Written as differences, the first whole.
                last: numbers(&entry["last"])
                    .into_iter()
                    .scan(0, |doc, d| {
                        *doc += d;
                        Some(*doc)
                    })
                    .collect(),
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
        }
    };
    let mut states: Vec<KeyState> = keys.iter().map(|k| load_state(k)).collect();
    // Four common keys can share many documents without the phrase: then the rest of the cover
    // is read too, and the rarest of all leads (as `search.js` does).
    let rarest = states.iter().map(|s| s.count).min().unwrap_or(0);
    if !states.iter().any(|s| s.absent) && rarest > WIDEN_PAGES * page_docs {
        for phrase in &mut list {
            for key in std::mem::take(&mut phrase.rest) {
                if !keys.contains(&key) {
                    states.push(load_state(&key));
                    keys.push(key.clone());
                }
                phrase.keys.push(key);
            }
        }
    }
    if states.iter().any(|s| s.absent) {
        return QueryResult {
            files: fetched.into_inner(),
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
                let page = decode(&page_numbers(bytes.get(w[0]..w[1]).unwrap_or_default()));
                state.map.extend(page);
            }
        }
        let maps: Vec<&BTreeMap<u32, Vec<u32>>> = states.iter().map(|s| &s.map).collect();
        let (documents, hits) = rank(&list, &keys, &maps, 0, u32::MAX, &verdicts, &texts)
            .into_iter()
            .unzip();
        return QueryResult {
            documents,
            hits,
            files: fetched.into_inner(),
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
            let page = decode(&page_numbers(&fetch_bytes(page_name(
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
                        let page = decode(&page_numbers(&fetch_bytes(page_name(file, &states[i].starts, p))));
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
            Some(limit) => rank(&list, &keys, &maps, lead, limit, &verdicts, &texts),
            None => Vec::new(),
        };
        if !found.is_empty() || limit == Some(u32::MAX) {
            let (documents, hits) = found.into_iter().unzip();
            return QueryResult {
                documents,
                hits,
                files: fetched.into_inner(),
                complete: limit == Some(u32::MAX),
            };
        }
    }
}

/// Whether `doc` can still hold every phrase, judged by the keys loaded so far: in each phrase,
/// the loaded keys share a part of the document.
fn holds_loaded(
    list: &[Phrase],
    keys: &[String],
    maps: &[&BTreeMap<u32, Vec<u32>>],
    loaded: &[bool],
    doc: u32,
) -> bool {
    list.iter().all(|phrase| {
        let lists: Option<Vec<&Vec<u32>>> = phrase
            .keys
            .iter()
            .filter_map(|key| keys.iter().position(|x| x == key))
            .filter(|&i| loaded[i])
            .map(|i| maps[i].get(&doc))
            .collect();
        lists.is_some_and(|lists| !shared_parts(&lists).is_some_and(|p| p.is_empty()))
    })
}

/// The parts every list holds (`None` for no lists).
fn shared_parts(lists: &[&Vec<u32>]) -> Option<Vec<u32>> {
    let (first, rest) = lists.split_first()?;
    Some(
        first
            .iter()
            .copied()
            .filter(|p| rest.iter().all(|l| l.contains(p)))
            .collect(),
    )
}

/// How a part's match counts: in the title 1000, in the metadata 100, in the body 1.
fn weight(part: u32) -> u64 {
    match part {
        TITLE_PART => 1000,
        META_PART => 100,
        _ => 1,
    }
}

/// How many times the phrase's units stand together in `text` (no separator between them).
fn occurrences(text: &str, phrase: &[String]) -> usize {
    let us = units(text);
    (0..us.len().saturating_sub(phrase.len() - 1))
        .filter(|&i| {
            phrase
                .iter()
                .enumerate()
                .all(|(j, u)| us[i + j].text == *u && (j == 0 || !us[i + j].after_gap))
        })
        .count()
}

/// The text of a part of `doc`: its title (`d/` row), metadata or body head (its `t/` entry), or a
/// piece of a long body (`t/s<doc>-<k>.bin`); stored texts are read with `t/dict.bin`, fetched
/// once as the page does.
fn part_text(
    fetch: &dyn Fn(String) -> Vec<u8>,
    doc_chunk: u32,
    dictionary_bytes: usize,
    doc: u32,
    part: u32,
) -> String {
    let rows: Value = serde_json::from_slice(&fetch(format!("d/{}.json", doc / doc_chunk))).unwrap_or(Value::Null);
    let row = &rows[(doc % doc_chunk) as usize];
    let text = match part {
        TITLE_PART => row[1].clone(),
        META_PART | HEAD_PART => {
            let (start, end) = (row[5].as_u64().unwrap_or(0), row[6].as_u64().unwrap_or(0));
            let stored = fetch(format!("t/{}.bin#{start}-{end}", doc / doc_chunk));
            let entry =
                text_entry(&text_prefix(fetch, dictionary_bytes), dictionary_bytes, &stored).unwrap_or(Value::Null);
            entry[(part - META_PART) as usize].clone()
        }
        piece => {
            let stored = fetch(format!("t/s{doc}-{}.bin", piece - HEAD_PART));
            text_entry(&text_prefix(fetch, dictionary_bytes), dictionary_bytes, &stored).unwrap_or(Value::Null)
        }
    };
    text.as_str().unwrap_or_default().to_string()
}

/// The documents of the lead key up to `limit` that hold every phrase, best first, each with the
/// part its snippet shows. A phrase of one or two units is one key, so the parts its postings
/// give are where it stands; a longer one's parts are candidates, confirmed by reading them (as
/// `search.js` does): the title, metadata and body head (one entry), then a long body's pieces in
/// order until one holds it. Each part holding a phrase adds its weight; the hit is the first
/// phrase's first body part, else its metadata, else its title.
fn rank(
    list: &[Phrase],
    keys: &[String],
    maps: &[&BTreeMap<u32, Vec<u32>>],
    lead: usize,
    limit: u32,
    verdicts: &RefCell<HashMap<u32, Option<(u64, u32)>>>,
    texts: &dyn Fn(u32, u32) -> String,
) -> Vec<(u32, u32)> {
    let postings: HashMap<&str, &BTreeMap<u32, Vec<u32>>> =
        keys.iter().map(String::as_str).zip(maps.iter().copied()).collect();
    let first = postings[keys[lead].as_str()];
    let judge = |doc: u32| -> Option<(u64, u32)> {
        let mut score = 0u64;
        let mut hit = None;
        for (q, phrase) in list.iter().enumerate() {
            let lists: Option<Vec<&Vec<u32>>> = phrase.keys.iter().map(|k| postings[k.as_str()].get(&doc)).collect();
            let candidates = shared_parts(&lists?)?;
            let exact = phrase.keys.len() == 1;
            let mut held: Vec<u32> = Vec::new();
            for &part in &candidates {
                if part > HEAD_PART && !held.is_empty() {
                    break;
                }
                if exact || occurrences(&texts(doc, part), &phrase.units) > 0 {
                    held.push(part);
                }
            }
            if held.is_empty() {
                return None;
            }
            score += held.iter().map(|&p| weight(p)).sum::<u64>();
            if q == 0 {
                hit = held.iter().copied().find(|&p| p >= HEAD_PART).or(held.last().copied());
            }
        }
        Some((score, hit.unwrap_or(TITLE_PART)))
    };
    let mut scored: Vec<(u64, u32, u32)> = Vec::new();
    for &doc in first.keys().filter(|d| **d <= limit) {
        let known = verdicts.borrow().get(&doc).copied();
        let verdict = match known {
            Some(v) => v,
            None => {
                let v = judge(doc);
                verdicts.borrow_mut().insert(doc, v);
                v
            }
        };
        if let Some((score, hit)) = verdict {
            scored.push((score, doc, hit));
        }
    }
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, d, hit)| (d, hit)).collect()
}

/// The start of every stored text's zlib stream: `t/dict.bin` (fetched once, as the page does),
/// or the zlib header alone when the index has no dictionary.
fn text_prefix(fetch: &dyn Fn(String) -> Vec<u8>, dictionary_bytes: usize) -> Vec<u8> {
    if dictionary_bytes == 0 {
        vec![0x78, 0x01]
    } else {
        fetch("t/dict.bin".into())
    }
}

/// A `t/` entry or piece as stored: the rest of a zlib stream that `t/dict.bin` (`prefix`)
/// begins, whose first `dictionary_bytes` are the dictionary; JSON in UTF-16LE.
pub fn text_entry(prefix: &[u8], dictionary_bytes: usize, bytes: &[u8]) -> Option<Value> {
    use std::io::Read;
    let mut utf16 = Vec::new();
    flate2::read::ZlibDecoder::new(prefix.chain(bytes))
        .read_to_end(&mut utf16)
        .ok()?;
    let utf16 = utf16.get(dictionary_bytes..)?;
    if utf16.len() % 2 != 0 {
        return None;
    }
    let units: Vec<u16> = utf16.chunks(2).map(|b| u16::from_le_bytes([b[0], b[1]])).collect();
    serde_json::from_str(&String::from_utf16(&units).ok()?).ok()
}

/// Results the page lists at first, each with its snippet (`search.js`).
const LISTED: usize = 10;

/// The files the search page reads to show a result list, besides those the query read: the
/// `d/` chunks of the listed results, their `t/` entries (ranges, named as [`read_part`] reads
/// them) with the texts' dictionary and, for a hit in a long body's later piece, that piece.
pub fn shown_files(read: &dyn Fn(&str) -> Option<Vec<u8>>, result: &QueryResult) -> Vec<String> {
    let json = |path: &str| read_json(read, path);
    let meta = json("meta.json");
    let doc_chunk = meta["docChunk"].as_u64().unwrap_or(128).max(1) as u32;
    let mut files: Vec<String> = Vec::new();
    let mut add = |path: String| {
        if !files.contains(&path) && !result.files.contains(&path) {
            files.push(path);
        }
    };
    // Every stored text is read with the dictionary (if the index has one), fetched once.
    if meta["dict"].as_u64().unwrap_or(0) > 0 && !result.documents.is_empty() {
        add("t/dict.bin".into());
    }
    for (&doc, &hit) in result.documents.iter().zip(&result.hits).take(LISTED) {
        let rows = format!("d/{}.json", doc / doc_chunk);
        let row = json(&rows)[(doc % doc_chunk) as usize].clone();
        add(rows);
        // The document's own entry of its `t/` chunk, read by range.
        let (start, end) = (row[5].as_u64().unwrap_or(0), row[6].as_u64().unwrap_or(0));
        add(format!("t/{}.bin#{start}-{end}", doc / doc_chunk));
        if hit > HEAD_PART {
            add(format!("t/s{doc}-{}.bin", hit - HEAD_PART));
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
    fn a_phrase_is_looked_up_by_every_other_bigram_and_the_last_at_first_four() {
        assert_eq!(cover(2), vec![0]);
        assert_eq!(cover(3), vec![0, 1]);
        assert_eq!(cover(4), vec![0, 2]);
        assert_eq!(cover(5), vec![0, 2, 3]);
        assert_eq!(cover(13), vec![0, 2, 4, 6, 8, 10, 11]);
        assert_eq!(chosen_keys(&cover(8)), vec![0, 2, 4, 6]);
        assert_eq!(
            chosen_keys(&cover(10)),
            vec![0, 2, 6, 8],
            "as search.test.mjs expects of 桂政办发〔2022〕22号"
        );
        assert_eq!(
            chosen_keys(&cover(13)),
            vec![0, 4, 8, 11],
            "four of 0, 2, 4, 6, 8, 10, 11"
        );
        assert_eq!(chosen_keys(&cover(17)), vec![0, 6, 10, 15]);
        for n in 2..40 {
            let c = cover(n);
            assert!(
                (0..n).all(|u| c.iter().any(|&o| o == u || o + 1 == u)),
                "{n}: every unit covered"
            );
            let chosen = chosen_keys(&c);
            assert!(chosen.len() <= MAX_KEYS && chosen.iter().all(|o| c.contains(o)));
            assert_eq!((chosen[0], chosen[chosen.len() - 1]), (0, n - 2), "{n}: first and last");
        }
    }

    #[test]
    fn common_chosen_keys_bring_in_the_rest_of_the_cover() {
        // 900 documents hold the four chosen keys of a 17-unit phrase (甲乙 … 癸子, every one
        // common) apart; the phrase itself, in one document, is found through its rarer keys.
        let phrase = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午";
        let units: Vec<char> = phrase.chars().collect();
        let chosen: Vec<String> = chosen_keys(&cover(units.len()))
            .iter()
            .map(|&i| units[i..i + 2].iter().collect())
            .collect();
        let mut docs: Vec<(String, String)> = (0..900).map(|i| (format!("第{i}号"), chosen.join("，"))).collect();
        docs.push(("旧文".into(), phrase.into()));
        let docs: Vec<(&str, &str)> = docs.iter().map(|(t, b)| (t.as_str(), b.as_str())).collect();
        let files = index(&docs);
        let r = run_query(&files, phrase);
        assert_eq!(r.documents, vec![900]);
        let texts = r.files.iter().filter(|f| f.starts_with("t/")).count();
        assert!(texts <= 2, "no common document's text was read: {:?}", r.files);
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

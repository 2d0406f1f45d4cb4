//! Builds the static search files: an index of unit bigrams (and unigrams) giving the parts of
//! each document that hold them, sharded by key hash and paged by document rank, plus document,
//! text and finder tables.
//!
//! Layout under `search/` (JSON, except the postings pages):
//! - `meta.json`: shard count, page size, chunk sizes, document count, the texts' dictionary bytes;
//! - `t/dict.bin`: the texts' dictionary, the start of every stored text's zlib stream (none when
//!   `dict` is 0: the stream starts with the zlib header `78 01` alone);
//! - `s/<n>.json`: shard `n` — key → postings (small keys inline) or `{f, n, last, b}` (paged
//!   keys: file, page count, last document and byte length of each page; the last documents as
//!   differences, the first whole: shorter numbers in the shard a query reads first);
//! - `k/<id>.bin`: large keys' postings pages one after another, each read with an HTTP range
//!   request (a host that ignores ranges sends the whole file, and the page slices it); numbers
//!   are LEB128 varints (7 bits a byte, low bits first; a byte below 0x80 ends a number): less
//!   than half the bytes of JSON digits, and the same varints the build's runs hold. Keys are
//!   packed into files of about `PACK_BYTES` (a shard entry's `o` is where its key begins);
//!   a larger key has a file of its own. A page held by many documents is written as a bitmap
//!   when that is smaller (see `codec::bitmap_page`);
//! - `d/<chunk>.json`: `[url, title, kind, date, region, start, end]` per document, `start..end`
//!   the bytes of its entry in `t/<chunk>.bin`;
//! - `t/<chunk>.bin`: the same documents' `[meta, body]` (the title is the `d/` row's), each a
//!   JSON array deflated against `t/dict.bin` (see `text_store.rs`), one after another, each
//!   read by a range request (a host that ignores ranges sends the whole chunk); a long body
//!   keeps only its head there and adds the number of its other pieces (`[meta, head, pieces]`),
//!   each piece `t/s<doc>-<k>.bin` (k from 1, a JSON string stored the same way);
//! - `f/<n>.json`: the finder's shards (see `finder.rs`).
//!
//! Postings say, for each document holding a key, which of its parts hold it: title, metadata,
//! body head, and a long body's pieces (see [`posting_pages`]), not where. A key of one or two
//! units is therefore an exact answer; a longer phrase is looked up by a cover of about half its
//! bigrams, and a document whose part holds all of them is a candidate, confirmed by reading that
//! part's text — which the page reads anyway for the snippet. Parts are cut at line ends, which
//! separate units, so a phrase never spans two parts. Positions, which proved the phrase from
//! the postings alone, took 22.7 MB of a 38.1 MB index at 10,000 notices; parts take 6.1 MB.

use super::codec::{bitmap_page, get_varint, put_varint, read_varints};
pub use super::documents::{DocOrigin, FinderEntry, SearchDoc};
use super::text_store::{SAMPLES, TextStore};
use super::tokenize::{UnitRef, key_hash, key_hash_bytes, scan_units};
#[cfg(test)]
use super::tokenize::{bigram_key, unigram_key};
use rustc_hash::FxHashMap;
use serde_json::{Value, json};

/// The part of a document a key is found in: its title (the `d/` row's), its metadata, its
/// body's head (both in its `t/` entry), or a later piece of a long body (`HEAD_PART + k`, the
/// file `t/s<doc>-<k>.bin`).
pub const TITLE_PART: u32 = 0;
/// The metadata's part.
pub const META_PART: u32 = 1;
/// The body head's part; a long body's later pieces follow it.
pub const HEAD_PART: u32 = 2;
/// A document's flags in a postings page (low four bits of its first number): title, metadata,
/// body head, and "piece numbers follow".
const FLAG_PIECES: u32 = 8;
/// Documents per postings page, at most.
pub const PAGE_DOCS: usize = 100;
/// Numbers per postings page, at most, unless one document alone has more. A page is read by a
/// range request, so it costs no file of its own: small pages keep what a long phrase reads
/// small (it reads the page of each of its keys that holds each candidate document), while each
/// page adds two numbers to its key's shard entry. 500 measured best of 256, 500, 1,000 and
/// 2,000: 72 KB for a school's full name at 25,000 rows (133 KB with 2,000), 49.8 KB for the
/// longest phrase of the 10,000-notice corpus (55.1 KB with 2,000, 53.9 KB with 256).
pub const PAGE_NUMBERS: usize = 500;
/// Bytes of postings pages packed into one `k/` file (a key larger than this has a file of its
/// own). A page is read by a range request, so a key in a pack costs no more to read; the pack
/// saves the file: at 10,000 notices 2,402 files of postings became 90, and a disk's time follows
/// the files it creates (a host that ignores ranges sends a whole pack, at most about this size).
const PACK_BYTES: usize = 256 << 10;
/// Documents per `d/` chunk.
pub const DOC_CHUNK: usize = 128;
/// A key whose postings exceed this many numbers gets files of its own.
const INLINE_LIMIT: usize = 300;
/// Target bytes per shard (its entries' JSON): about 3 KB (1.2 KB gzipped), what a query reads
/// per key before any postings. Counted in postings numbers (800 a shard), the shards grew to
/// 15–20 KB when the postings lost their positions, and a long phrase's first query read 57.5 KB
/// of shards. The five queries of `search_precision` at 10,000 notices read 18.5–37.8 KB with
/// 6 KB shards, 18.1–37.0 KB with 5 KB and 17.1–35.0 KB with 3 KB (about 560 files instead of
/// 290); `bench_national`'s three at 100,000 pairings 36.1/19.8/50.6 KB with 5 KB (19.8 more
/// than before the change) and 34.6/18.3/47.6 KB with 3 KB. When the paged keys' pages became
/// bitmaps and their last documents differences, their entries shrank, so 3 KB shards held
/// more keys and compressed less (1.34 → 1.39 KB gzipped on average at 10,000 notices); with
/// 2,300 bytes every first query of both benchmarks is at most what it was (10,000 notices:
/// 12.3/13.5/29.9/19.9/32.6 → 11.5/13.2/28.2/17.7/30.0 KB; 100,000 pairings 30.7/14.9/39.2 →
/// 30.7/14.1/35.1 KB), where 2,500–3,072 left one or two of them up to 3 KB larger.
const SHARD_BYTES: usize = 2300;

/// Sizes of what was built, for the benchmark.
#[derive(Debug, Clone, Default)]
pub struct IndexStats {
    pub documents: usize,
    pub keys: usize,
    pub shards: usize,
    pub files: usize,
    pub bytes: usize,
}

/// Builds every file in memory; returns (path under `search/`, bytes) pairs, sorted, and statistics.
/// (The build streams with [`write_index`]; this is for tests and the search benchmark.)
pub fn build_index(docs: Vec<SearchDoc>, finder: &[FinderEntry]) -> (Vec<(String, Vec<u8>)>, IndexStats) {
    let files = std::sync::Mutex::new(Vec::new());
    let write = |path: &str, bytes: &[u8]| {
        if let Ok(mut f) = files.lock() {
            f.push((path.to_string(), bytes.to_vec()));
        }
        Ok(())
    };
    let stats =
        write_index(docs, &|d: &SearchDoc| (d.meta.clone(), d.body.clone()), finder, &write).unwrap_or_default();
    let mut files = files.into_inner().unwrap_or_default();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    (files, stats)
}

/// Runs of postings are written to this many temporary files by key hash; they are merged
/// `RUNS / groups` at a time, so memory holds one group's postings, never the whole index.
const RUNS: usize = 64;
/// Run bytes merged at once (at most): decides how many groups the runs are merged in.
const GROUP_BYTES: u64 = 96 << 20;
/// Documents tokenised together (in parallel) before their postings are appended to the runs.
const BATCH: usize = 1024;

/// Builds the index and hands each file to `write` as soon as it is made. `docs` need only their
/// heads (URL, title, kind, date, region, rank); `text` gives a document's metadata and body when
/// it is indexed, so no more than one batch of texts is held at a time.
pub fn write_index(
    mut docs: Vec<SearchDoc>,
    text: &(dyn Fn(&SearchDoc) -> (String, String) + Sync),
    finder: &[FinderEntry],
    write: &(dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync),
) -> std::io::Result<IndexStats> {
    use rayon::prelude::*;
    use std::io::{BufWriter, Write};
    docs.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then(a.kind_rank.cmp(&b.kind_rank))
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.url.cmp(&b.url))
    });
    let mut stats = IndexStats {
        documents: docs.len(),
        ..IndexStats::default()
    };
    let counted = |path: &str, bytes: &[u8], stats: &mut IndexStats| -> std::io::Result<()> {
        stats.files += 1;
        stats.bytes += bytes.len();
        write(path, bytes)
    };
    // Many small files: written in parallel (creating a file costs more than making its bytes).
    let write_many = |files: &mut Vec<(String, Vec<u8>)>, stats: &mut IndexStats| -> std::io::Result<()> {
        stats.files += files.len();
        stats.bytes += files.iter().map(|(_, b)| b.len()).sum::<usize>();
        files.par_iter().try_for_each(|(path, bytes)| write(path, bytes))?;
        files.clear();
        Ok(())
    };
    // Pass 1: tokenise in rank order; texts go to t/ chunks, postings to the runs.
    let temp = tempfile::tempdir()?;
    let mut runs: Vec<BufWriter<std::fs::File>> = (0..RUNS)
        .map(|r| std::fs::File::create(temp.path().join(format!("{r}.run"))).map(BufWriter::new))
        .collect::<std::io::Result<_>>()?;
    let mut run_bytes = vec![0u64; RUNS];
    // The texts' dictionary: the phrases shared by every (n / SAMPLES)-th document in rank order
    // (SAMPLES to twice as many of them, or all of a smaller site's).
    let step = (docs.len() / SAMPLES).max(1);
    let samples: Vec<String> = docs
        .par_iter()
        .step_by(step)
        .map(|doc| {
            let (meta, body) = text(doc);
            serde_json::to_string(&(&meta, cut_body(&body).0)).unwrap_or_default()
        })
        .collect();
    let store = TextStore::from_samples(&samples);
    drop(samples);
    if store.has_dictionary() {
        counted("t/dict.bin", store.prefix(), &mut stats)?;
    }
    // The `t/` chunk being filled, and where each document's entry lies in its chunk.
    let mut texts: Vec<u8> = Vec::new();
    let mut text_ranges: Vec<(u32, u32)> = Vec::with_capacity(docs.len());
    for (b, batch) in docs.chunks(BATCH).enumerate() {
        let first_id = b * BATCH;
        // Tokenising, encoding the run records and the texts' JSON run in parallel; the files
        // are written in document order.
        let done: Vec<EncodedDoc> = batch
            .par_iter()
            .enumerate()
            .map(|(i, doc)| {
                let id = (first_id + i) as u32;
                let (meta, body) = text(doc);
                let (head, pieces) = cut_body(&body);
                let starts: Vec<u32> = pieces.iter().map(|(start, _)| *start).collect();
                let records = RUN_BUFFERS.with_borrow_mut(|buffers| {
                    buffers.resize_with(RUNS, Vec::new);
                    for_each_key(&doc.title, &meta, &body, &starts, |key, parts| {
                        let record = &mut buffers[key_hash_bytes(key) as usize % RUNS];
                        put_varint(record, key.len() as u32);
                        put_small(record, key);
                        put_varint(record, id);
                        put_parts(record, parts);
                    });
                    RunRecords::take(buffers)
                });
                // Serialised from borrowed tuples (a JSON array each), without copying the texts
                // into JSON values first; the title is the `d/` row's.
                let entry = if pieces.is_empty() {
                    serde_json::to_string(&(&meta, head))
                } else {
                    serde_json::to_string(&(&meta, head, pieces.len()))
                };
                let pieces = pieces
                    .iter()
                    .map(|(_, text)| store.store(&serde_json::to_string(text).unwrap_or_default()))
                    .collect();
                (records, store.store(&entry.unwrap_or_default()), pieces)
            })
            .collect();
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        for (i, (records, entry, pieces)) in done.into_iter().enumerate() {
            let id = first_id + i;
            for (run, record) in records.iter() {
                run_bytes[run] += record.len() as u64;
                runs[run].write_all(record)?;
            }
            for (k, piece) in pieces.into_iter().enumerate() {
                files.push((format!("t/s{id}-{}.bin", k + 1), piece));
            }
            // The chunk is its entries one after another; each entry's bytes are noted for its
            // `d/` row, so that a snippet reads only its own entry.
            text_ranges.push((texts.len() as u32, (texts.len() + entry.len()) as u32));
            texts.extend_from_slice(&entry);
            if (id + 1).is_multiple_of(DOC_CHUNK) || id + 1 == docs.len() {
                files.push((format!("t/{}.bin", id / DOC_CHUNK), std::mem::take(&mut texts)));
            }
        }
        write_many(&mut files, &mut stats)?;
    }
    for run in &mut runs {
        run.flush()?;
    }
    drop(runs);
    // Pass 2: merge the runs group by group (keys of a group never meet another group's keys).
    let total: u64 = run_bytes.iter().sum();
    let mut groups = 1usize;
    while groups < RUNS && total / groups as u64 > GROUP_BYTES {
        groups *= 2;
    }
    let mut paged_id = 0usize;
    let mut entry_bytes = 0usize;
    let mut entries: Vec<std::path::PathBuf> = Vec::new();
    for g in 0..groups {
        // A key is in one run only, so the runs of a group are read and parsed in parallel; a
        // key borrows its bytes from its run, and its postings stay varint bytes until encoded.
        let runs_read: Vec<Vec<u8>> = (g..RUNS)
            .step_by(groups)
            .collect::<Vec<_>>()
            .par_iter()
            .map(|run| {
                // Each run is removed once read: removing costs as much as writing, and is done
                // here in parallel rather than all at once at the end.
                let path = temp.path().join(format!("{run}.run"));
                let bytes = std::fs::read(&path)?;
                std::fs::remove_file(&path)?;
                Ok(bytes)
            })
            .collect::<std::io::Result<_>>()?;
        let read: Vec<FxHashMap<&[u8], Vec<u8>>> = runs_read.par_iter().map(|bytes| read_run(bytes)).collect();
        let mut keys: Vec<(&[u8], &Vec<u8>)> = read.iter().flatten().map(|(k, v)| (*k, v)).collect();
        keys.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
        stats.keys += keys.len();
        let entry_path = temp.path().join(format!("{g}.entries"));
        let mut out = BufWriter::new(std::fs::File::create(&entry_path)?);
        // Encoding and serialising run in parallel; files are numbered and written in key order.
        let encoded: Vec<(PostingPages, Option<Vec<u8>>)> = keys
            .par_iter()
            .map(|(_, stream)| {
                let mut pages = posting_pages(stream);
                let inline =
                    (pages.pages.len() == 1 && pages.numbers <= INLINE_LIMIT).then(|| varints_to_json(&pages.pages[0]));
                if inline.is_none() {
                    let bitmaps = std::mem::take(&mut pages.bitmaps);
                    for (page, bitmap) in pages.pages.iter_mut().zip(bitmaps) {
                        if let Some(bitmap) = bitmap {
                            *page = bitmap;
                        }
                    }
                }
                (pages, inline)
            })
            .collect();
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        let mut pack: Vec<u8> = Vec::new();
        for ((key, _), (PostingPages { pages, last, .. }, inline)) in keys.iter().zip(encoded) {
            let value: Vec<u8> = if let Some(inline) = inline {
                inline
            } else {
                // A key's pages one after another, each read by a range request; keys packed
                // into files of about PACK_BYTES (a larger key has a file of its own).
                let n = pages.len();
                let lengths: Vec<usize> = pages.iter().map(Vec::len).collect();
                let size: usize = lengths.iter().sum();
                if !pack.is_empty() && pack.len() + size > PACK_BYTES {
                    files.push((format!("k/{paged_id}.bin"), std::mem::take(&mut pack)));
                    paged_id += 1;
                    if files.len() >= 64 {
                        write_many(&mut files, &mut stats)?;
                    }
                }
                let offset = pack.len();
                for page in &pages {
                    pack.extend_from_slice(page);
                }
                let last: Vec<u32> = last
                    .iter()
                    .scan(0, |before, &doc| Some(doc - std::mem::replace(before, doc)))
                    .collect();
                if offset == 0 {
                    to_json(&json!({ "f": paged_id, "n": n, "last": last, "b": lengths }))
                } else {
                    to_json(&json!({ "f": paged_id, "o": offset, "n": n, "last": last, "b": lengths }))
                }
            };
            // An entry: the key and its value as JSON text, each length-prefixed.
            let mut record = Vec::with_capacity(key.len() + value.len() + 8);
            put_varint(&mut record, key.len() as u32);
            record.extend_from_slice(key);
            put_varint(&mut record, value.len() as u32);
            record.extend_from_slice(&value);
            entry_bytes += key.len() + value.len() + 4;
            out.write_all(&record)?;
        }
        if !pack.is_empty() {
            files.push((format!("k/{paged_id}.bin"), std::mem::take(&mut pack)));
            paged_id += 1;
        }
        write_many(&mut files, &mut stats)?;
        out.flush()?;
        entries.push(entry_path);
    }
    // Pass 3: shards. Their number is a multiple of the groups, so each group fills its own shards.
    let wanted = (entry_bytes / SHARD_BYTES).max(1);
    let shard_count = wanted.div_ceil(groups) * groups;
    for (g, path) in entries.iter().enumerate() {
        let bytes = std::fs::read(path)?;
        std::fs::remove_file(path)?;
        // Group g's keys hash to its shards only: g, g + groups, g + 2 × groups …
        let mut shards: Vec<Vec<(&str, &[u8])>> = vec![Vec::new(); shard_count / groups];
        let mut at = 0;
        while at < bytes.len() {
            let Some(key) = get_slice(&bytes, &mut at).and_then(|k| std::str::from_utf8(k).ok()) else {
                break;
            };
            let Some(value) = get_slice(&bytes, &mut at) else { break };
            shards[key_hash(key) as usize % shard_count / groups].push((key, value));
        }
        // Serialised in parallel: the same text serde_json writes for a map of keys to values.
        let mut files: Vec<(String, Vec<u8>)> = shards
            .into_par_iter()
            .enumerate()
            .map(|(i, entries)| {
                // Already in key order: pass 2 wrote the group's entries sorted.
                debug_assert!(entries.is_sorted_by(|a, b| a.0 < b.0));
                let mut out = b"{".to_vec();
                for (n, (key, value)) in entries.into_iter().enumerate() {
                    if n > 0 {
                        out.push(b',');
                    }
                    let _ = serde_json::to_writer(&mut out, key);
                    out.push(b':');
                    out.extend_from_slice(value);
                }
                out.push(b'}');
                (format!("s/{}.json", i * groups + g), out)
            })
            .collect();
        write_many(&mut files, &mut stats)?;
    }
    stats.shards = shard_count;
    let mut files: Vec<(String, Vec<u8>)> = docs
        .par_chunks(DOC_CHUNK)
        .zip(text_ranges.par_chunks(DOC_CHUNK))
        .enumerate()
        .map(|(c, (chunk, ranges))| {
            let rows: Vec<Value> = chunk
                .iter()
                .zip(ranges)
                .map(|(d, (start, end))| json!([d.url, d.title, d.kind, d.date, d.region, start, end]))
                .collect();
            (format!("d/{c}.json"), to_json(&json!(rows)))
        })
        .collect();
    write_many(&mut files, &mut stats)?;
    // Shards are written as they are made (in parallel), and counted as they go.
    let finder_bytes = std::sync::atomic::AtomicUsize::new(0);
    let (finder_shards, finder_base) = super::finder::write_finder(finder, &|path, bytes| {
        finder_bytes.fetch_add(bytes.len(), std::sync::atomic::Ordering::Relaxed);
        write(path, bytes)
    })?;
    stats.files += finder_shards;
    stats.bytes += finder_bytes.into_inner();
    let meta = json!({
        // `search.js` reads this version only (INDEX_VERSION): change both with the format.
        "version": 8,
        "dict": store.dictionary_bytes(),
        "shards": shard_count,
        "pageDocs": PAGE_DOCS,
        "docChunk": DOC_CHUNK,
        "documents": docs.len(),
        "finderShards": finder_shards,
        "finderBase": finder_base,
    });
    counted("meta.json", &to_json(&meta), &mut stats)?;
    Ok(stats)
}

/// Body bytes after which a body is cut for the `t/` files, at the next line end: a snippet of a
/// long body (a programme's table, a county's list) then fetches only the piece holding its hit.
const TEXT_PIECE: usize = 2 * 1024;

/// A body cut for snippets: its head (kept in the `t/` chunk), and each later piece with the
/// position of its first unit (each piece begins at a line end, so positions go on as in
/// [`doc_postings`]). Pieces without a unit are left out.
fn cut_body(body: &str) -> (&str, Vec<(u32, &str)>) {
    if body.len() <= TEXT_PIECE {
        return (body, Vec::new());
    }
    let mut cuts = vec![0];
    for (i, _) in body.match_indices('\n') {
        if i - cuts[cuts.len() - 1] >= TEXT_PIECE {
            cuts.push(i);
        }
    }
    cuts.push(body.len());
    let mut last: Option<u32> = None;
    let mut pieces: Vec<(Option<u32>, &str)> = Vec::new();
    for w in cuts.windows(2) {
        let text = &body[w[0]..w[1]];
        let mut first = None;
        scan_units(text, |_, after_gap| {
            let p = last.map_or(0, |l| l + 1 + u32::from(after_gap));
            first.get_or_insert(p);
            last = Some(p);
            true
        });
        pieces.push((first, text));
    }
    let head = pieces.first().map_or("", |(_, t)| *t);
    let rest = pieces
        .iter()
        .skip(1)
        .filter_map(|(first, text)| Some(((*first)?, *text)))
        .collect();
    (head, rest)
}

/// One document ready to write: its run records, its `t/` entry and the pieces of a long body.
type EncodedDoc = (RunRecords, Vec<u8>, Vec<Vec<u8>>);

thread_local! {
    /// Each thread's buffers for the run records of the document it is indexing (one per run),
    /// kept from document to document so that they stop growing after the first few.
    static RUN_BUFFERS: std::cell::RefCell<Vec<Vec<u8>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A document's records for the runs, in one buffer: `ends[r]` is where run `r`'s records end.
/// (Growing 64 buffers per document from empty made allocation 4.3 % of a build's CPU samples at
/// 50,000 notices; with the buffers kept, 1.6 %.)
struct RunRecords {
    bytes: Vec<u8>,
    ends: [u32; RUNS],
}

impl RunRecords {
    /// Copies the records out of `buffers` (one per run) and empties them for the next document.
    fn take(buffers: &mut [Vec<u8>]) -> RunRecords {
        let mut bytes = Vec::with_capacity(buffers.iter().map(Vec::len).sum());
        let mut ends = [0u32; RUNS];
        for (end, buffer) in ends.iter_mut().zip(buffers.iter_mut()) {
            bytes.extend_from_slice(buffer);
            *end = bytes.len() as u32;
            buffer.clear();
        }
        RunRecords { bytes, ends }
    }

    /// Each run's records, for the runs that have any.
    fn iter(&self) -> impl Iterator<Item = (usize, &[u8])> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(self.ends.iter().copied())
            .enumerate()
            .filter(|(_, (start, end))| start < end)
            .map(|(run, (start, end))| (run, &self.bytes[start as usize..end as usize]))
    }
}

/// Calls `each(key, parts)` for every key of a document: the parts holding it, ascending and
/// each once (title 0, metadata 1, the body's head 2, the body's piece k at 2 + k, as
/// [`cut_body`] cut it; `piece_starts` are the pieces' first unit positions), a unit's own key
/// its first part only; keys in the order of their units' first appearance. Same keys as
/// [`units`], [`unigram_key`] and [`bigram_key`] give, but a unit is a small number while
/// counting (the order of its first appearance in the document), so a key's parts are gathered
/// by two counting-sort passes instead of a comparison sort, and a key's text is written once
/// per document into one buffer: no allocation per key or per part.
fn for_each_key(title: &str, meta: &str, body: &str, piece_starts: &[u32], mut each: impl FnMut(&[u8], &[u32])) {
    /// Word ids start above every character.
    const WORD: u32 = 0x0020_0000;
    let mut words: Vec<String> = Vec::new();
    let mut word_ids: FxHashMap<String, u32> = FxHashMap::default();
    LOCAL_UNITS.with_borrow_mut(|local| {
        local.start();
        // (first unit, second unit or `NONE`, part), in the order of the text.
        let mut entries: Vec<(u32, u32, u32)> = Vec::with_capacity(2 * (title.len() + meta.len() + body.len()) / 3);
        let mut field: Vec<(u32, bool)> = Vec::new();
        for (f, text) in [(TITLE_PART, title), (META_PART, meta), (HEAD_PART, body)] {
            // (unit, after_gap)
            field.clear();
            scan_units(text, |unit, after_gap| {
                let code = match unit {
                    UnitRef::Char(c) => c as u32,
                    UnitRef::Word(w) => match word_ids.get(w) {
                        Some(&id) => id,
                        None => {
                            let id = WORD + words.len() as u32;
                            words.push(w.to_string());
                            word_ids.insert(w.to_string(), id);
                            id
                        }
                    },
                };
                field.push((local.number(code), after_gap));
                true
            });
            // The body's parts: a unit's position counts as `cut_body` counts it (one more than
            // the unit before, two after a separator); the piece is the last that starts at or
            // before it. No pair crosses a cut, since a piece begins at a line end.
            let mut position = 0u64;
            let mut piece = 0usize;
            for (i, &(unit, after_gap)) in field.iter().enumerate() {
                let mut part = f;
                if f == HEAD_PART {
                    if i > 0 {
                        position += 1 + u64::from(after_gap);
                    }
                    while piece < piece_starts.len() && u64::from(piece_starts[piece]) <= position {
                        piece += 1;
                    }
                    part = HEAD_PART + piece as u32;
                }
                entries.push((unit, NONE, part));
                if let Some(&(next, after_gap)) = field.get(i + 1)
                    && !after_gap
                {
                    entries.push((unit, next, part));
                }
            }
        }
        let codes = local.codes.as_slice();
        let none = codes.len() as u32;
        for e in &mut entries {
            if e.1 == NONE {
                e.1 = none;
            }
        }
        // Stable counting sorts, by second unit then by first: each key's entries end up
        // together, in the order of the text (so its parts ascend).
        let sorted = counting_sort(&entries, codes.len() + 1, |e| e.1);
        let sorted = counting_sort(&sorted, codes.len(), |e| e.0);
        let put_unit = |key: &mut Vec<u8>, unit: u32| {
            if unit >= WORD {
                put_small(key, words[(unit - WORD) as usize].as_bytes());
            } else if let Some(c) = char::from_u32(unit) {
                put_small(key, c.encode_utf8(&mut [0; 4]).as_bytes());
            }
        };
        let cjk = |unit: u32| unit < WORD && char::from_u32(unit).is_some_and(super::tokenize::is_cjk);
        let mut key: Vec<u8> = Vec::new();
        let mut parts: Vec<u32> = Vec::new();
        for group in sorted.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
            let a = codes[group[0].0 as usize];
            key.clear();
            if group[0].1 == none {
                // As unigram_key.
                key.push(b'1');
                put_unit(&mut key, a);
            } else {
                // As bigram_key: two CJK characters written together, anything else spaced.
                let b = codes[group[0].1 as usize];
                put_unit(&mut key, a);
                if !(cjk(a) && cjk(b)) {
                    key.push(b' ');
                }
                put_unit(&mut key, b);
            }
            parts.clear();
            if group[0].1 == none {
                // A one-unit query needs the documents, not every place: the first part ranks the
                // document and is where its snippet is looked for.
                parts.push(group[0].2);
            } else {
                for e in group {
                    if parts.last() != Some(&e.2) {
                        parts.push(e.2);
                    }
                }
            }
            each(&key, &parts);
        }
    });
}

/// The second unit of a unigram's entry while a document is read.
const NONE: u32 = u32::MAX;

/// `entries` stably sorted by `digit` (below `buckets`).
fn counting_sort(
    entries: &[(u32, u32, u32)],
    buckets: usize,
    digit: impl Fn(&(u32, u32, u32)) -> u32,
) -> Vec<(u32, u32, u32)> {
    let mut starts = vec![0usize; buckets + 1];
    for e in entries {
        starts[digit(e) as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut out = vec![(0, 0, 0); entries.len()];
    for e in entries {
        let at = &mut starts[digit(e) as usize];
        out[*at] = *e;
        *at += 1;
    }
    out
}

thread_local! {
    /// Each thread's table of the units of the document it is indexing.
    static LOCAL_UNITS: std::cell::RefCell<LocalUnits> = std::cell::RefCell::new(LocalUnits::default());
}

/// Numbers the distinct units of one document in the order they first appear. Characters of the
/// Basic Multilingual Plane are looked up in a table stamped per document (no clearing, no
/// hashing); other units in a hash map.
#[derive(Default)]
struct LocalUnits {
    /// The document being read (a table entry is valid when its stamp is this).
    stamp: u32,
    /// Per BMP character: (stamp, number).
    table: Vec<(u32, u32)>,
    others: FxHashMap<u32, u32>,
    /// The unit code of each number.
    codes: Vec<u32>,
}

impl LocalUnits {
    /// Begins a document.
    fn start(&mut self) {
        if self.table.is_empty() {
            self.table = vec![(0, 0); 0x1_0000];
        }
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            // After 2^32 documents the stamps start again from a cleared table.
            self.table.iter_mut().for_each(|e| *e = (0, 0));
            self.stamp = 1;
        }
        self.others.clear();
        self.codes.clear();
    }

    /// The number of the unit `code` in this document.
    fn number(&mut self, code: u32) -> u32 {
        let next = self.codes.len() as u32;
        if let Some(entry) = self.table.get_mut(code as usize) {
            if entry.0 == self.stamp {
                return entry.1;
            }
            *entry = (self.stamp, next);
        } else {
            match self.others.entry(code) {
                std::collections::hash_map::Entry::Occupied(e) => return *e.get(),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(next);
                }
            }
        }
        self.codes.push(code);
        next
    }
}

/// A document's keys with their parts, sorted by key (for tests).
#[cfg(test)]
fn doc_postings(title: &str, meta: &str, body: &str) -> Vec<(String, Vec<u32>)> {
    let mut out = Vec::new();
    for_each_key(
        title,
        meta,
        body,
        &cut_body(body).1.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
        |key, positions| {
            out.push((String::from_utf8_lossy(key).into_owned(), positions.to_vec()));
        },
    );
    out.sort();
    out
}

/// Appends a few bytes (a key's unit, a key) one by one: a key is 2 to 7 bytes, and the call to
/// `memcpy` that `extend_from_slice` makes for each of the millions of keys an index writes took
/// 2.4 % of a build's CPU samples at 50,000 notices; with pushes, key making and record writing
/// went from 16.6 % to 16.0 % of the samples.
fn put_small(out: &mut Vec<u8>, bytes: &[u8]) {
    if bytes.len() > 16 {
        out.extend_from_slice(bytes);
    } else {
        for &b in bytes {
            out.push(b);
        }
    }
}

/// A key's parts in a document as its run record writes them: the flags (title 1, metadata 2,
/// body head 4, pieces 8), then, with pieces, their count and their numbers (from 1) as
/// differences.
fn put_parts(record: &mut Vec<u8>, parts: &[u32]) {
    let flags = parts.iter().fold(0, |flags, &part| flags | (1 << part.min(3)));
    put_varint(record, flags);
    if flags & FLAG_PIECES != 0 {
        let pieces = &parts[parts.partition_point(|&p| p <= HEAD_PART)..];
        put_varint(record, pieces.len() as u32);
        let mut last = 0;
        for &part in pieces {
            put_varint(record, part - HEAD_PART - last);
            last = part - HEAD_PART;
        }
    }
}

/// Reads what [`put_parts`] wrote (the flags, and the piece numbers' varints as they are).
fn get_parts<'b>(bytes: &'b [u8], at: &mut usize) -> Option<(u32, &'b [u8])> {
    let flags = get_varint(bytes, at)?;
    let start = *at;
    if flags & FLAG_PIECES != 0 {
        let n = get_varint(bytes, at)?;
        for _ in 0..n {
            get_varint(bytes, at)?;
        }
    }
    Some((flags, &bytes[start..*at]))
}

/// A length-prefixed byte string.
fn get_slice<'b>(bytes: &'b [u8], at: &mut usize) -> Option<&'b [u8]> {
    let len = get_varint(bytes, at)? as usize;
    let slice = bytes.get(*at..*at + len)?;
    *at += len;
    Some(slice)
}

/// One key's postings as pages (`PAGE_DOCS` documents or `PAGE_NUMBERS` numbers each, written
/// as varints, and each page's bitmap form where that is shorter), the last document of each
/// page and how many numbers the first page holds. A
/// document in a page is `delta << 4 | flags` (delta: the document's difference to the one
/// before, the first of a page whole), then with pieces their count and numbers: most documents
/// of a key take one or two bytes.
struct PostingPages {
    pages: Vec<Vec<u8>>,
    /// Each page's bitmap form, where it is shorter (see `codec::bitmap_page`).
    bitmaps: Vec<Option<Vec<u8>>>,
    last: Vec<u32>,
    numbers: usize,
}

/// Cuts a key's postings, given as its run records' varints (`doc, flags[, n, pieces × n]` per
/// document, in rank order), into pages.
fn posting_pages(stream: &[u8]) -> PostingPages {
    let mut out = PostingPages {
        pages: Vec::new(),
        bitmaps: Vec::new(),
        last: Vec::new(),
        numbers: 0,
    };
    let mut page: Vec<u8> = Vec::new();
    // The page's documents as the bitmap form takes them (document, flags, pieces' bytes).
    let mut docs: Vec<(u32, u32, &[u8])> = Vec::new();
    let mut numbers_in_page = 0usize;
    let mut previous = 0u32;
    let mut at = 0;
    let mut close = |page: &mut Vec<u8>, docs: &mut Vec<(u32, u32, &[u8])>, numbers_in_page: usize| {
        if out.pages.is_empty() {
            out.numbers = numbers_in_page;
        }
        out.bitmaps.push(bitmap_page(docs, page.len()));
        out.last.push(docs.last().map_or(0, |d| d.0));
        out.pages.push(std::mem::take(page));
        docs.clear();
    };
    while at < stream.len() {
        let Some(doc) = get_varint(stream, &mut at) else { break };
        let Some((flags, pieces)) = get_parts(stream, &mut at) else {
            break;
        };
        let numbers = 1 + pieces.iter().filter(|b| **b < 0x80).count();
        if docs.len() == PAGE_DOCS || (!docs.is_empty() && numbers_in_page + numbers > PAGE_NUMBERS) {
            close(&mut page, &mut docs, numbers_in_page);
            numbers_in_page = 0;
        }
        let delta = if docs.is_empty() { doc } else { doc - previous };
        put_varint(&mut page, delta.saturating_mul(16) | flags);
        previous = doc;
        // The piece count and numbers are copied as they are.
        page.extend_from_slice(pieces);
        numbers_in_page += numbers;
        docs.push((doc, flags, pieces));
    }
    if !docs.is_empty() {
        close(&mut page, &mut docs, numbers_in_page);
    }
    out
}

/// A page of varints as a JSON array of its numbers (written as serde_json writes one): the
/// postings of a small key, kept in its shard.
fn varints_to_json(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() * 3 + 2);
    let mut number = itoa::Buffer::new();
    out.push(b'[');
    for (i, v) in read_varints(bytes).into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(number.format(v).as_bytes());
    }
    out.push(b']');
    out
}

/// The postings of one run file by key, each the varints of its records after the key (documents
/// arrive in rank order), keys borrowed from the file's bytes.
fn read_run(bytes: &[u8]) -> FxHashMap<&[u8], Vec<u8>> {
    let mut postings: FxHashMap<&[u8], Vec<u8>> = FxHashMap::default();
    let mut at = 0;
    while at < bytes.len() {
        let Some(key) = get_slice(bytes, &mut at) else { break };
        let start = at;
        if get_varint(bytes, &mut at).is_none() || get_parts(bytes, &mut at).is_none() {
            break;
        }
        postings.entry(key).or_default().extend_from_slice(&bytes[start..at]);
    }
    postings
}

/// A page's numbers for documents given with their parts, written the plain way (for tests).
#[cfg(test)]
fn encode_page(chunk: &[(u32, Vec<u32>)]) -> Vec<u32> {
    let mut out = Vec::new();
    let mut previous = 0u32;
    for (i, (doc, parts)) in chunk.iter().enumerate() {
        let delta = if i == 0 { *doc } else { doc - previous };
        previous = *doc;
        let mut flags = 0;
        let mut pieces = Vec::new();
        for &part in parts {
            match part {
                TITLE_PART => flags |= 1,
                META_PART => flags |= 2,
                HEAD_PART => flags |= 4,
                piece => {
                    flags |= 8;
                    pieces.push(piece - HEAD_PART);
                }
            }
        }
        out.push(delta * 16 + flags);
        if !pieces.is_empty() {
            out.push(pieces.len() as u32);
            let mut last = 0;
            for k in pieces {
                out.push(k - last);
                last = k;
            }
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
            origin: DocOrigin::Given,
        }
    }

    #[test]
    fn postings_are_delta_encoded_by_rank() {
        // Document 3 in its title and body head; document 7 (4 later) in its head and pieces 2, 5.
        assert_eq!(
            encode_page(&[
                (3, vec![TITLE_PART, HEAD_PART]),
                (7, vec![HEAD_PART, HEAD_PART + 2, HEAD_PART + 5])
            ]),
            vec![3 * 16 + 1 + 4, 4 * 16 + 4 + 8, 2, 2, 3]
        );
        let (files, stats) = build_index(vec![doc("甲", "东兴", "2020"), doc("乙", "东营兴安", "2022")], &[]);
        assert_eq!(stats.documents, 2);
        let shard: Value = serde_json::from_slice(&files.iter().find(|f| f.0 == "s/0.json").unwrap().1).unwrap();
        assert_eq!(
            shard["东兴"],
            json!([16 + 4]),
            "the newer document is 0; 东兴 is in document 1's body head"
        );
        assert_eq!(shard["东营"], json!([4]));
        assert_eq!(shard["1甲"], json!([16 + 1]), "in document 1's title");
        assert!(shard.get("营兴").is_some() && shard.get("兴安").is_some());
        assert!(shard.get("乙东").is_none(), "no key across the title/body boundary");
    }

    #[test]
    fn run_records_keep_each_run_s_bytes_and_empty_the_buffers() {
        let mut buffers: Vec<Vec<u8>> = vec![Vec::new(); RUNS];
        buffers[0] = vec![1, 2];
        buffers[5] = vec![3];
        buffers[RUNS - 1] = vec![4, 5, 6];
        let records = RunRecords::take(&mut buffers);
        let runs: Vec<(usize, &[u8])> = records.iter().collect();
        assert_eq!(runs, vec![(0, &[1, 2][..]), (5, &[3][..]), (RUNS - 1, &[4, 5, 6][..])]);
        assert!(buffers.iter().all(Vec::is_empty), "ready for the next document");
        assert_eq!(RunRecords::take(&mut buffers).iter().count(), 0);
    }

    #[test]
    fn each_document_row_gives_the_bytes_of_its_text_entry() {
        // 130 documents: two chunks, the second holding two.
        let docs: Vec<SearchDoc> = (0..130)
            .map(|i| doc(&format!("第{i}号"), &format!("正文“{i}”\n第二行"), "2022"))
            .collect();
        let (files, _) = build_index(docs, &[]);
        let file = |path: &str| &files.iter().find(|f| f.0 == path).unwrap().1;
        let meta: Value = serde_json::from_slice(file("meta.json")).unwrap();
        let dictionary_bytes = meta["dict"].as_u64().unwrap() as usize;
        let inflate = |bytes: &[u8]| -> Value {
            let json = super::super::text_store::read_stored(file("t/dict.bin"), dictionary_bytes, bytes);
            serde_json::from_str(&json).unwrap()
        };
        let mut seen = 0;
        let mut next = 0;
        for c in 0..2 {
            let rows: Vec<Value> = serde_json::from_slice(file(&format!("d/{c}.json"))).unwrap();
            let texts = file(&format!("t/{c}.bin"));
            for row in &rows {
                // Each row's range holds exactly its document's entry (compressed), the entries
                // one after another (what a host without ranges sends is the whole chunk).
                let (start, end) = (row[5].as_u64().unwrap() as usize, row[6].as_u64().unwrap() as usize);
                assert_eq!(start, next, "entries follow each other");
                next = end;
                let n: usize = row[1]
                    .as_str()
                    .unwrap()
                    .trim_start_matches('第')
                    .trim_end_matches('号')
                    .parse()
                    .unwrap();
                let entry = inflate(&texts[start..end]);
                assert_eq!(entry.as_array().unwrap().len(), 2, "metadata and body, no pieces");
                assert_eq!(entry[1], format!("正文“{n}”\n第二行"));
                seen += 1;
            }
            assert_eq!(next, texts.len(), "nothing else in the chunk");
            next = 0;
        }
        assert_eq!(seen, 130);
        assert!(!files.iter().any(|f| f.0 == "t/2.bin"));
    }

    #[test]
    fn document_keys_match_the_tokenizer() {
        // A character beyond the Basic Multilingual Plane (𠀀) is numbered like any other unit.
        let text = "东兴市Jiedui 2022年，京族学校与ABC结对abc。𠀀东𠀀兴市";
        let mut expected: Vec<(String, Vec<u32>)> = Vec::new();
        let field = super::super::tokenize::units(text);
        for (i, u) in field.iter().enumerate() {
            expected.push((unigram_key(&u.text), vec![HEAD_PART]));
            if let Some(next) = field.get(i + 1)
                && !next.after_gap
            {
                expected.push((bigram_key(&u.text, &next.text), vec![HEAD_PART]));
            }
        }
        expected.sort();
        expected.dedup();
        assert_eq!(doc_postings("", "", text), expected);
        let spaced = doc_postings("", "", "东兴 市");
        let at = |key: &str| spaced.iter().find(|(k, _)| k == key).map(|(_, p)| p.clone());
        assert_eq!(at("1市"), Some(vec![HEAD_PART]));
        assert_eq!(at("东兴"), Some(vec![HEAD_PART]));
        assert_eq!(at("兴 市"), None, "no key across a separator");
    }

    #[test]
    fn each_field_is_its_own_part_and_no_key_crosses_fields() {
        let postings = doc_postings("结对标题", "结对文号", "正文结对");
        let at = |key: &str| postings.iter().find(|(k, _)| k == key).map(|(_, p)| p.clone());
        assert_eq!(at("结对"), Some(vec![TITLE_PART, META_PART, HEAD_PART]));
        assert_eq!(
            (at("标题"), at("文号"), at("正文")),
            (Some(vec![0]), Some(vec![1]), Some(vec![2]))
        );
        assert_eq!(
            at("1结"),
            Some(vec![TITLE_PART]),
            "a unit's own key keeps its first part"
        );
        assert_eq!(at("题结"), None);
        assert_eq!(at("号正"), None);
        // An outsized title is indexed whole, and the fields after it still are their own parts.
        let title = "甲乙".repeat(5_000);
        let postings = doc_postings(&title, "丙丁", "戊己");
        let at = |key: &str| postings.iter().find(|(k, _)| k == key).map(|(_, p)| p.clone());
        assert_eq!(
            (at("乙甲"), at("丙丁"), at("戊己")),
            (Some(vec![0]), Some(vec![1]), Some(vec![2]))
        );
    }

    #[test]
    fn a_long_body_is_cut_at_line_ends_and_its_keys_name_their_pieces() {
        let body: String = (0..3000).map(|i| format!("{i}行，学校 甲\n")).collect();
        let (head, pieces) = cut_body(&body);
        assert!(pieces.len() >= 2, "{} pieces", pieces.len());
        let joined: String = std::iter::once(head).chain(pieces.iter().map(|(_, t)| *t)).collect();
        assert_eq!(joined, body, "nothing lost or repeated");
        let starts: Vec<u32> = pieces.iter().map(|(s, _)| *s).collect();
        let mut postings = Vec::new();
        for_each_key("", "", &body, &starts, |key, parts| {
            postings.push((String::from_utf8_lossy(key).into_owned(), parts.to_vec()));
        });
        for (k, (_, text)) in pieces.iter().enumerate() {
            assert!(text.starts_with('\n'), "pieces begin at a line end");
            // The number that opens the piece (its first line's) is only in that piece.
            let number = text.trim_start().split('行').next().unwrap();
            let parts = &postings.iter().find(|(key, _)| *key == unigram_key(number)).unwrap().1;
            assert_eq!(parts, &vec![HEAD_PART + 1 + k as u32], "{number}");
        }
        // 学校 is in every part.
        let parts = &postings.iter().find(|(k, _)| k == "学校").unwrap().1;
        assert_eq!(parts.len(), pieces.len() + 1);
        assert_eq!(cut_body("短文\n短文").1, vec![], "a short body stays whole");
    }

    /// `posting_pages` of `docs` (document, parts) against the pages made the plain way: a page
    /// ends at PAGE_DOCS documents, or before a document that would take it past PAGE_NUMBERS.
    fn check_pages(docs: &[(u32, Vec<u32>)]) -> usize {
        let mut stream = Vec::new();
        for (doc, parts) in docs {
            put_varint(&mut stream, *doc);
            put_parts(&mut stream, parts);
        }
        let out = posting_pages(&stream);
        let mut expected: Vec<Vec<(u32, Vec<u32>)>> = vec![Vec::new()];
        let mut numbers = 0;
        for d in docs {
            let size = encode_page(std::slice::from_ref(d)).len();
            let page = expected.last_mut().unwrap();
            if page.len() == PAGE_DOCS || (!page.is_empty() && numbers + size > PAGE_NUMBERS) {
                expected.push(Vec::new());
                numbers = 0;
            }
            numbers += size;
            expected.last_mut().unwrap().push(d.clone());
        }
        let pages: Vec<Vec<u32>> = out.pages.iter().map(|p| read_varints(p)).collect();
        assert_eq!(pages, expected.iter().map(|p| encode_page(p)).collect::<Vec<_>>());
        assert_eq!(
            out.last,
            expected.iter().map(|p| p.last().unwrap().0).collect::<Vec<_>>()
        );
        assert_eq!(out.numbers, pages[0].len());
        assert_eq!(
            varints_to_json(&out.pages[0]),
            serde_json::to_vec(&pages[0]).unwrap(),
            "inline postings are written as serde_json writes numbers"
        );
        pages.len()
    }

    #[test]
    fn a_key_s_run_varints_become_pages_split_by_documents_and_numbers() {
        // Document 3i in its title (odd i), its head, and n - 1 pieces.
        let doc = |i: u32, n: u32| {
            let mut parts = if i % 2 == 1 { vec![TITLE_PART] } else { vec![] };
            parts.push(HEAD_PART);
            parts.extend((1..n).map(|k| HEAD_PART + 2 * k));
            (3 * i, parts)
        };
        // Documents with 1 to 9 parts, every third document.
        let mixed: Vec<(u32, Vec<u32>)> = (0..1000).map(|i| doc(i, 1 + i % 9)).collect();
        assert!(check_pages(&mixed) >= 3, "the test crosses page ends");
        // Every count of pieces up to 40 (some fill a page to exactly its limit before the
        // document that ends it), and a document longer than a page.
        for n in 1..=40 {
            check_pages(&(0..600).map(|i| doc(i, n)).collect::<Vec<_>>());
        }
        assert_eq!(check_pages(&[doc(0, 3), doc(1, 2500), doc(2, 1)]), 3);
    }

    #[test]
    fn large_keys_are_paged() {
        let docs: Vec<SearchDoc> = (0..900).map(|i| doc(&format!("第{i}号"), "结对帮扶", "2022")).collect();
        let (files, _) = build_index(docs, &[]);
        let shards: Vec<Value> = files
            .iter()
            .filter(|f| f.0.starts_with("s/"))
            .map(|f| serde_json::from_slice(&f.1).unwrap())
            .collect();
        for key in ["结对", "对帮", "帮扶"] {
            let entry = shards.iter().find_map(|s| s.get(key)).unwrap();
            let pages = 900usize.div_ceil(PAGE_DOCS);
            assert!(pages >= 3, "the test needs several pages");
            assert_eq!(
                entry["n"], pages,
                "{key}: 900 documents in pages of {PAGE_DOCS}: {entry}"
            );
            // A key's pages one after another in its pack, from its offset.
            let file = files.iter().find(|f| f.0 == format!("k/{}.bin", entry["f"])).unwrap();
            let offset = entry["o"].as_u64().unwrap_or(0);
            let lengths: Vec<u64> = entry["b"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| b.as_u64().unwrap())
                .collect();
            assert_eq!(lengths.len(), pages, "{entry}");
            assert!(
                offset + lengths.iter().sum::<u64>() <= file.1.len() as u64,
                "{key}: the pages lie inside the file"
            );
            // Every document holds the key: each page is a bitmap (flags 0 in its first number)
            // and reads back as the documents of its page.
            let mut start = offset as usize;
            for (i, &length) in lengths.iter().enumerate() {
                let page = &file.1[start..start + length as usize];
                assert_eq!(page[0] & 15, 0, "{key}: page {i} is a bitmap");
                let numbers = super::super::codec::page_numbers(page);
                assert_eq!(numbers.len(), PAGE_DOCS, "{key}: page {i}");
                assert_eq!(numbers[0] >> 4, (i * PAGE_DOCS) as u32, "{key}: page {i} starts whole");
                assert!(numbers[1..].iter().all(|n| n >> 4 == 1), "{key}: page {i}");
                start += length as usize;
            }
        }
        // The three keys share one pack, each in its own bytes.
        let entries: Vec<&Value> = ["对帮", "帮扶", "结对"]
            .iter()
            .map(|key| shards.iter().find_map(|s| s.get(*key)).unwrap())
            .collect();
        assert!(entries.iter().all(|e| e["f"] == entries[0]["f"]), "one pack");
        let mut spans: Vec<(u64, u64)> = entries
            .iter()
            .map(|e| {
                let o = e["o"].as_u64().unwrap_or(0);
                (
                    o,
                    o + e["b"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|b| b.as_u64().unwrap())
                        .sum::<u64>(),
                )
            })
            .collect();
        spans.sort_unstable();
        assert!(
            spans.windows(2).all(|w| w[0].1 <= w[1].0),
            "no two keys overlap: {spans:?}"
        );
        assert!(
            files
                .iter()
                .filter(|f| f.0.starts_with("k/"))
                .all(|f| !f.0.contains('-'))
        );
        let meta: Value = serde_json::from_slice(&files.iter().find(|f| f.0 == "meta.json").unwrap().1).unwrap();
        assert_eq!(meta["documents"], 900);
    }

    #[test]
    fn a_page_of_long_documents_ends_at_its_number_limit() {
        // 60 documents whose body is 100 lines of about 2 KB, each with 结对: each line is a part
        // (the head and 99 pieces), 101 numbers a document, so a page holds PAGE_NUMBERS / 101
        // of them (4, not PAGE_DOCS), each page within the limit.
        let body: String = (0..100).map(|_| format!("结对{}\n", "甲".repeat(700))).collect();
        let docs: Vec<SearchDoc> = (0..60).map(|i| doc(&format!("第{i}号"), &body, "2022")).collect();
        let (files, _) = build_index(docs, &[]);
        let shard = files
            .iter()
            .filter(|f| f.0.starts_with("s/"))
            .map(|f| serde_json::from_slice::<Value>(&f.1).unwrap())
            .find(|s| s.get("结对").is_some())
            .unwrap();
        let entry = &shard["结对"];
        let per_page = PAGE_NUMBERS / 101;
        assert!(per_page < PAGE_DOCS && per_page > 1, "the number limit ends the pages");
        let pages = 60usize.div_ceil(per_page);
        assert_eq!(entry["n"], pages, "{entry}");
        let file = &files.iter().find(|f| f.0 == format!("k/{}.bin", entry["f"])).unwrap().1;
        let lengths: Vec<usize> = entry["b"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b.as_u64().unwrap() as usize)
            .collect();
        assert_eq!(lengths.len(), pages);
        let mut start = entry["o"].as_u64().unwrap_or(0) as usize;
        let mut documents = 0;
        for (i, length) in lengths.into_iter().enumerate() {
            // Each page decodes on its own: its first document is absolute, not a delta.
            let numbers = read_varints(&file[start..start + length]);
            assert!(numbers.len() <= PAGE_NUMBERS, "page {i}: {}", numbers.len());
            let mut at = 0;
            let mut doc = 0;
            while at < numbers.len() {
                let (delta, flags) = (numbers[at] >> 4, numbers[at] & 15);
                doc = if at == 0 { delta } else { doc + delta };
                assert_eq!(flags, 4 + 8, "in the head and in pieces");
                assert_eq!(numbers[at + 1], 99, "99 pieces");
                documents += 1;
                at += 2 + numbers[at + 1] as usize;
            }
            // The last documents are written as differences, the first whole.
            let last: u64 = (0..=i).filter_map(|p| entry["last"][p].as_u64()).sum();
            assert_eq!(u64::from(doc), last, "page {i} ends at its last document");
            start += length;
        }
        assert_eq!((start, documents), (file.len(), 60));
    }
}

//! How the search texts are stored: JSON in UTF-16LE, deflated against a dictionary of the
//! phrases the site's texts share, so that the browser can inflate each one alone.
//!
//! `DecompressionStream` takes no preset dictionary, so the dictionary travels as a *prefix*:
//! `t/dict.bin` is a zlib header and the dictionary deflated up to a sync flush (a byte-aligned,
//! non-final end), and each stored text is the rest of that stream — its deflate blocks, made by a
//! compressor whose window was primed with the dictionary, then the Adler-32 of dictionary and
//! text. The page inflates `prefix ‖ text` and drops the dictionary's bytes (`meta.json`'s
//! `dict`). Notices say the same sentences again and again (各县（市、区）教育局, 现将…印发给你们,
//! 联系人, a programme's column names), so most of a text becomes back-references.

use flate2::{Compress, Compression, FlushCompress, Status};
use rustc_hash::{FxHashMap, FxHashSet};

/// Bytes (UTF-16) the dictionary holds at most. A larger one shrinks the texts more but is a
/// larger first download (`t/dict.bin`): at 10,000 notices 16 KB gave texts of 3.43 MB and made
/// one of five first queries 0.1 KB larger than without a dictionary; 8 KB gives 3.64 MB with
/// every first query smaller; 4 KB 4.04 MB.
const DICTIONARY_BYTES: usize = 8 * 1024;
/// Documents sampled, every (n / SAMPLES)-th in rank order (so up to twice as many), to choose the
/// dictionary's phrases (1,024
/// samples choose more phrases of a national site's short school texts — 26.5 → 24.2 MB at
/// 100,000 pairings — but their larger dictionary made first queries larger).
pub const SAMPLES: usize = 256;
/// Results a search page lists at first, each with its text (`search.js`'s `PAGE_SIZE`).
const LISTED_TEXTS: usize = 10;
/// A phrase shorter than this (characters) is not worth a dictionary place.
const MIN_PHRASE: usize = 4;
/// A phrase longer than this is cut (its start still serves as a phrase).
const MAX_PHRASE: usize = 120;

/// The dictionary chosen for a site, and how each text is stored against it.
pub struct TextStore {
    /// The dictionary in UTF-16LE (what the page drops after inflating).
    dictionary: Vec<u8>,
    /// `t/dict.bin`: zlib header and the dictionary deflated up to a sync flush.
    prefix: Vec<u8>,
    /// Adler-32 of the dictionary, continued over each text.
    adler: u32,
}

impl TextStore {
    /// Chooses the dictionary from sample texts (JSON, as stored): the phrases (see [`phrases`])
    /// that most samples share, weighted by length,
    /// the most common last (nearest the text, the cheapest to refer to). Deterministic: the
    /// same samples give the same dictionary.
    ///
    /// The dictionary is kept only if it makes a page of results smaller: the page reads it
    /// once, then the texts of the results it lists (`LISTED_TEXTS`), so the samples must shrink
    /// by more than its size on average over that many texts. A national site's school texts
    /// are short and name their own regions (at 100,000 pairings 35 bytes saved a text, the
    /// dictionary 832 bytes): none there, and its first queries stay as they were.
    pub fn from_samples(samples: &[String]) -> Self {
        let store = Self::with_dictionary(&choose_phrases(samples, DICTIONARY_BYTES));
        if store.dictionary.is_empty() || samples.is_empty() {
            return store;
        }
        let plain = Self::with_dictionary("");
        let bytes = |s: &TextStore| samples.iter().map(|t| s.store(t).len()).sum::<usize>();
        let saved = bytes(&plain).saturating_sub(bytes(&store)) as f64 / samples.len() as f64;
        if saved * LISTED_TEXTS as f64 > store.prefix.len() as f64 {
            store
        } else {
            plain
        }
    }

    /// Whether texts are stored against a dictionary (else `t/dict.bin` is not written and the
    /// prefix is the zlib header alone, which the readers know).
    pub fn has_dictionary(&self) -> bool {
        !self.dictionary.is_empty()
    }

    /// A store with this dictionary text (empty: no dictionary, the prefix is the header alone).
    pub fn with_dictionary(dictionary: &str) -> Self {
        let dictionary = utf16(dictionary);
        let mut prefix = vec![0x78, 0x01];
        if !dictionary.is_empty() {
            // Made once, so at the best level: it is the one download every text query shares.
            let mut compressor = Compress::new(Compression::best(), false);
            prefix.extend(deflate(&mut compressor, &dictionary, FlushCompress::Sync));
        }
        let mut adler = adler2::Adler32::new();
        adler.write_slice(&dictionary);
        TextStore {
            dictionary,
            prefix,
            adler: adler.checksum(),
        }
    }

    /// `t/dict.bin`'s bytes.
    pub fn prefix(&self) -> &[u8] {
        &self.prefix
    }

    /// Bytes the dictionary inflates to (the page drops them).
    pub fn dictionary_bytes(&self) -> usize {
        self.dictionary.len()
    }

    /// A text (JSON) as stored: deflated at level 1 with the window primed with the dictionary,
    /// then the stream's Adler-32. flate2's backend is zlib-rs (`zip`'s `deflate` feature selects
    /// it), whose level 1 is zlib-ng's quick strategy; one compressor per thread, reset for each
    /// text (a new one allocates and clears its tables each time).
    pub fn store(&self, json: &str) -> Vec<u8> {
        thread_local! {
            static COMPRESSOR: std::cell::RefCell<Compress> =
                std::cell::RefCell::new(Compress::new(Compression::new(1), false));
        }
        let text = utf16(json);
        let mut out = COMPRESSOR.with_borrow_mut(|compressor| {
            compressor.reset();
            if !self.dictionary.is_empty() && compressor.set_dictionary(&self.dictionary).is_err() {
                return Vec::new();
            }
            deflate(compressor, &text, FlushCompress::Finish)
        });
        let mut adler = adler2::Adler32::from_checksum(self.adler);
        adler.write_slice(&text);
        out.extend_from_slice(&adler.checksum().to_be_bytes());
        out
    }
}

/// Text in UTF-16LE: zlib-ng's quick strategy codes literals with deflate's fixed Huffman table,
/// where a byte from 144 up takes 9 bits; a Chinese character is three such bytes in UTF-8 (about
/// 26 bits), two in UTF-16LE whose high one is below 144 (about 17 bits).
fn utf16(text: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(text.len() + text.len() / 2);
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    bytes
}

/// All of `bytes` through `compressor`, ending with `flush` (a sync flush is complete when all
/// input is read and the output was not filled).
fn deflate(compressor: &mut Compress, bytes: &[u8], flush: FlushCompress) -> Vec<u8> {
    let start = compressor.total_in();
    let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
    loop {
        let read = usize::try_from(compressor.total_in() - start)
            .unwrap_or(bytes.len())
            .min(bytes.len());
        match compressor.compress_vec(&bytes[read..], &mut out, flush) {
            Ok(Status::StreamEnd) => return out,
            Ok(_) => {
                let all_read = compressor.total_in() - start >= bytes.len() as u64;
                if matches!(flush, FlushCompress::Sync) && all_read && out.len() < out.capacity() {
                    return out;
                }
                out.reserve(out.capacity().max(64));
            }
            Err(_) => return Vec::new(),
        }
    }
}

/// The phrases of the dictionary, joined: each sample cut after 。，；：！？, line ends and quotes, a
/// phrase scored by (samples holding it − 1) × its length, the best taken until `budget` bytes
/// of UTF-16, then ordered by how many samples hold them, the most common last.
fn choose_phrases(samples: &[String], budget: usize) -> String {
    let mut counts: FxHashMap<&str, u32> = FxHashMap::default();
    for sample in samples {
        let mut seen: FxHashSet<&str> = FxHashSet::default();
        for phrase in phrases(sample) {
            if seen.insert(phrase) {
                *counts.entry(phrase).or_default() += 1;
            }
        }
    }
    let mut scored: Vec<(u64, &str, u32)> = counts
        .into_iter()
        .filter(|&(_, n)| n >= 2)
        .map(|(phrase, n)| {
            let units = phrase.encode_utf16().count() as u64;
            ((u64::from(n) - 1) * units, phrase, n)
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let mut chosen: Vec<(u32, &str)> = Vec::new();
    let mut bytes = 0;
    for (_, phrase, n) in scored {
        let size = phrase.encode_utf16().count() * 2;
        if bytes + size <= budget {
            bytes += size;
            chosen.push((n, phrase));
        }
    }
    chosen.sort();
    chosen.into_iter().map(|(_, phrase)| phrase).collect()
}

/// A JSON text cut into phrases: after a sentence or clause mark, an escaped line end (`\n` in
/// JSON) and a string's quote (a phrase never runs from one field into the next), each at most `MAX_PHRASE` characters; those shorter than `MIN_PHRASE` are
/// left out.
fn phrases(json: &str) -> impl Iterator<Item = &str> {
    let mut cuts = Vec::new();
    let (mut start, mut chars, mut escaped) = (0, 0, false);
    for (i, c) in json.char_indices() {
        chars += 1;
        let end = i + c.len_utf8();
        let boundary = matches!(c, '。' | '，' | '；' | '：' | '！' | '？' | ' ')
            || (escaped && c == 'n')
            || (!escaped && c == '"');
        escaped = !escaped && c == '\\';
        if boundary || chars == MAX_PHRASE {
            if chars >= MIN_PHRASE {
                cuts.push(&json[start..end]);
            }
            start = end;
            chars = 0;
        }
    }
    cuts.into_iter()
}

/// What the page does with a stored text: inflate `prefix ‖ stored`, drop the dictionary's
/// bytes, decode UTF-16LE.
#[cfg(test)]
pub(crate) fn read_stored(prefix: &[u8], dictionary_bytes: usize, stored: &[u8]) -> String {
    use std::io::Read;
    let mut whole = prefix.to_vec();
    whole.extend_from_slice(stored);
    let mut back = Vec::new();
    flate2::read::ZlibDecoder::new(&whole[..])
        .read_to_end(&mut back)
        .expect("a valid zlib stream, checksum included");
    let units: Vec<u16> = back[dictionary_bytes..]
        .chunks(2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
        .collect();
    String::from_utf16(&units).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_back(store: &TextStore, stored: &[u8]) -> String {
        read_stored(store.prefix(), store.dictionary_bytes(), stored)
    }

    fn notice(i: usize) -> String {
        serde_json::to_string(&(
            format!("发文机关 某市教育局 文号 某教〔2024〕{i}号"),
            format!(
                "各县（市、区）教育局，各直属学校：\n现将第{i}批结对帮扶学校名单印发给你们，请认真组织实施。\n联系人：王老师，电话：0771-{i:07}。"
            ),
        ))
        .unwrap()
    }

    #[test]
    fn texts_read_back_as_stored_with_and_without_a_dictionary() {
        let samples: Vec<String> = (0..20).map(notice).collect();
        let big: String = (0..20_000).map(|i| format!("第{i}行：学校结对帮扶。\n")).collect();
        let odd = serde_json::to_string(&("文号：桂教基〔2024〕8号", "😀 outside the BMP")).unwrap();
        for store in [TextStore::from_samples(&samples), TextStore::with_dictionary("")] {
            for text in ["", "\"短\"", big.as_str(), odd.as_str(), notice(99).as_str()] {
                assert_eq!(read_back(&store, &store.store(text)), text);
            }
        }
        assert!(TextStore::with_dictionary("").store(&big).len() < big.len() / 3);
    }

    #[test]
    fn shared_phrases_make_texts_smaller() {
        let samples: Vec<String> = (0..50).map(notice).collect();
        let store = TextStore::from_samples(&samples);
        let dictionary = String::from_utf16(
            &store
                .dictionary
                .chunks(2)
                .map(|b| u16::from_le_bytes([b[0], b[1]]))
                .collect::<Vec<_>>(),
        )
        .unwrap();
        assert!(dictionary.contains("各县（市、区）教育局，"), "{dictionary}");
        assert!(
            !dictionary.contains("第7批"),
            "a phrase of one sample only: {dictionary}"
        );
        let plain = TextStore::with_dictionary("");
        let (with, without) = (store.store(&notice(1000)).len(), plain.store(&notice(1000)).len());
        assert!(with * 4 < without * 3, "{with} against {without}");
    }

    #[test]
    fn a_dictionary_that_does_not_make_a_page_of_results_smaller_is_dropped() {
        // Each phrase shared by two texts only: the dictionary holds twenty, a text uses one, so
        // ten texts save less than the dictionary costs.
        let random = |seed: u32, n: usize| -> String {
            let mut x = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
            (0..n)
                .map(|_| {
                    x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    char::from_u32(0x4E00 + (x >> 16) % 3000).unwrap()
                })
                .collect()
        };
        let samples: Vec<String> = (0..40)
            .map(|i| serde_json::to_string(&("", format!("{}。{}", random(i / 2, 30), random(1000 + i, 20)))).unwrap())
            .collect();
        let candidate = TextStore::with_dictionary(&choose_phrases(&samples, DICTIONARY_BYTES));
        assert!(candidate.has_dictionary(), "there are shared phrases");
        let store = TextStore::from_samples(&samples);
        assert!(!store.has_dictionary());
        assert_eq!(store.prefix(), [0x78, 0x01]);
        assert_eq!(read_back(&store, &store.store(&samples[3])), samples[3]);
        // Notices, which share whole sentences, keep theirs.
        assert!(TextStore::from_samples(&(0..40).map(notice).collect::<Vec<_>>()).has_dictionary());
    }

    #[test]
    fn the_same_samples_give_the_same_bytes_on_any_thread() {
        let samples: Vec<String> = (0..30).map(notice).collect();
        let first = TextStore::from_samples(&samples);
        let alone = first.store(&notice(5));
        let second = TextStore::from_samples(&samples);
        assert_eq!(first.prefix(), second.prefix());
        // What was compressed before on the same thread does not change the bytes.
        let after = std::thread::spawn(move || {
            second.store(&"x".repeat(100_000));
            second.store(&notice(6));
            second.store(&notice(5))
        })
        .join()
        .unwrap();
        assert_eq!(alone, after);
    }

    #[test]
    fn phrases_end_at_clause_marks_and_line_ends() {
        let json = serde_json::to_string("各县教育局：\n现将名单印发，请执行。短").unwrap();
        let cut: Vec<&str> = phrases(&json).collect();
        assert_eq!(
            cut,
            ["各县教育局：", "现将名单印发，", "请执行。"],
            "\\n alone is too short"
        );
    }
}

//! The school finder, sharded so that a query downloads only the shards of its own keys, at any
//! number of schools. `search.js` mirrors [`query_groups`] and the matching rules.
//!
//! Keys of an entry: `c` + each character and each pair of adjacent characters of its name;
//! `i` + each run of one to three letters of its initials; `p` + each run of four letters of its
//! pinyin, and `P` + its pinyin's first one, two and three letters. A key lists at most `CAP`
//! entries (shortest names first) and says whether it was cut. A query tries the alternative keys
//! of each group in turn until one lists everything (any key of a query is contained in every
//! name that matches, so an uncut list is complete); if all are cut, their union is used.
//!
//! Shard `f/<n>.json` (n = FNV-1a of the key modulo `finderShards` in `meta.json`):
//! `{"e": [[name, kind, place, url, pinyin, initials(, short, shortInitials)], …], "k": {key: [cut, [entry…]]}}`.
//! A school's or institution's url is written short when it is the page its name gives:
//! `""` for `<finderBase>schools/<name>/`, `"-<tail>"` for `<finderBase>schools/<name>-<tail>/`
//! (`institutions/` for 单位; `finderBase` in `meta.json`); every entry is in about thirty
//! shards, so at 100,000 pairings this is about a sixth of the finder's bytes. A row's short
//! forms and their initials (`[…, short, shortInitials]`, names joined by `|`) are written only
//! when readers cannot derive them from its name and initials (`short_spellings`).

use super::index::FinderEntry;
use super::short_spellings::derived_short_spellings;
use super::tokenize::key_hash;
use rustc_hash::FxHashMap;
use serde_json::json;

/// Entries listed under one key at most.
pub const CAP: usize = 50;
/// Target size of a shard before compression.
const SHARD_BYTES: usize = 48 * 1024;

pub fn chars(s: &str) -> Vec<char> {
    // Names are nearly all Chinese characters and ASCII, which have no case or lowercase one to
    // one; only other text needs `to_lowercase` (a final sigma, for one, depends on its context).
    let caseless = |c: char| c.is_ascii() || ('\u{3400}'..='\u{9fff}').contains(&c);
    if s.chars().all(caseless) {
        s.chars()
            .map(|c| c.to_ascii_lowercase())
            .filter(|c| !c.is_whitespace())
            .collect()
    } else {
        s.to_lowercase().chars().filter(|c| !c.is_whitespace()).collect()
    }
}

fn runs(text: &[char], n: usize) -> impl Iterator<Item = String> + '_ {
    text.windows(n).map(|w| w.iter().collect())
}

/// A key packed in a number while lists are counted (the finder has millions of key uses and
/// far fewer distinct keys): its tag, then up to four characters, each plus one, 22 bits apiece.
type PackedKey = u128;

fn pack(tag: char, chars: &[char]) -> PackedKey {
    chars.iter().fold(tag as u128, |v, &c| (v << 22) | (c as u128 + 1))
}

/// The key's text, as the shards and `search.js` write it.
fn unpack(mut key: PackedKey) -> String {
    let mut chars = Vec::new();
    while key >= 1 << 22 {
        chars.push(char::from_u32((key & 0x3f_ffff) as u32 - 1).unwrap_or('\u{fffd}'));
        key >>= 22;
    }
    chars.push(char::from_u32(key as u32).unwrap_or('\u{fffd}'));
    chars.iter().rev().collect()
}

/// The keys an entry is listed under, sorted, each once.
fn entry_keys(entry: &FinderEntry) -> Vec<PackedKey> {
    let mut keys = Vec::new();
    let add_runs = |keys: &mut Vec<PackedKey>, tag: char, text: &[char], n: usize| {
        keys.extend(text.windows(n).map(|w| pack(tag, w)));
    };
    let bare = bare_spellings(&entry.name, &entry.initials, &entry.pinyin).unwrap_or_default();
    for text in [chars(&entry.name), chars(&entry.short), chars(&bare.0)] {
        add_runs(&mut keys, 'c', &text, 1);
        add_runs(&mut keys, 'c', &text, 2);
    }
    for initials in [chars(&entry.initials), chars(&entry.short_initials), chars(&bare.1)] {
        for n in 1..=3 {
            add_runs(&mut keys, 'i', &initials, n);
        }
    }
    for spelling in [&entry.pinyin, &bare.2] {
        let pinyin = chars(spelling);
        add_runs(&mut keys, 'p', &pinyin, 4);
        for n in 1..=3.min(pinyin.len()) {
            keys.push(pack('P', &pinyin[..n]));
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// How a name is typed without its place's 市/县/区 (东兴市京族学校 → 东兴京族学校, dxjzxx,
/// dongxingjingzuxuexiao): (name, initials, pinyin), derived from the stored name, initials and
/// pinyin by the rule `short_forms` uses (市/县/区 as the third or fourth character, two more after
/// it), so the shards carry nothing more. `search.js` derives the same from a row.
pub fn bare_spellings(name: &str, initials: &str, pinyin: &str) -> Option<(String, String, String)> {
    let chars: Vec<char> = name.chars().collect();
    let at = crate::model::pairing::short_forms::place_suffix_at(&chars, |c| *c)?;
    let syllable = match chars[at] {
        '市' => "shi",
        '县' => "xian",
        _ => "qu",
    };
    let bare_name: String = chars[..at].iter().chain(&chars[at + 1..]).collect();
    let letters: Vec<char> = initials.chars().collect();
    let bare_initials: String = letters[..at.min(letters.len())]
        .iter()
        .chain(letters.get(at + 1..).unwrap_or_default())
        .collect();
    // Each syllable before it has at least one letter: its own syllable is the first one found
    // from letter `at` on.
    let bare_pinyin = match pinyin.get(at..).and_then(|rest| rest.find(syllable)) {
        Some(found) => format!("{}{}", &pinyin[..at + found], &pinyin[at + found + syllable.len()..]),
        None => pinyin.to_string(),
    };
    Some((bare_name, bare_initials, bare_pinyin))
}

/// The key groups of a query: each group is a list of alternative keys (see the module comment).
pub fn query_groups(query: &str) -> Vec<Vec<String>> {
    let q = chars(query);
    if q.is_empty() {
        return Vec::new();
    }
    let latin = q.iter().all(|c| c.is_ascii_lowercase());
    if !latin {
        let keys: Vec<String> = if q.len() == 1 {
            vec![format!("c{}", q[0])]
        } else {
            runs(&q, 2).map(|k| format!("c{k}")).collect()
        };
        return vec![keys];
    }
    let initials: Vec<String> = if q.len() >= 3 {
        runs(&q, 3).map(|k| format!("i{k}")).collect()
    } else {
        vec![format!("i{}", q.iter().collect::<String>())]
    };
    let pinyin: Vec<String> = if q.len() >= 4 {
        runs(&q, 4).map(|k| format!("p{k}")).collect()
    } else {
        vec![format!("P{}", q.iter().collect::<String>())]
    };
    vec![initials, pinyin]
}

/// The shard a key is stored in.
pub fn shard_of(key: &str, shards: usize) -> usize {
    key_hash(key) as usize % shards.max(1)
}

/// A key and its list: the entries it lists and whether the list was cut.
type KeyList<'a> = (&'a str, &'a (Vec<usize>, bool));

/// The finder shards and a `meta.json` with what readers need of it (`finderShards`,
/// `finderBase`): (path under `search/`, bytes), and the number of shards.
pub fn finder_files(entries: &[FinderEntry]) -> (Vec<(String, Vec<u8>)>, usize) {
    let files = std::sync::Mutex::new(Vec::new());
    let (shards, base) = write_finder(entries, &|path, bytes| {
        if let Ok(mut files) = files.lock() {
            files.push((path.to_string(), bytes.to_vec()));
        }
        Ok(())
    })
    .unwrap_or((0, None));
    let mut files = files.into_inner().unwrap_or_default();
    files.sort_by_key(|(path, _)| shard_number(path));
    let meta = json!({ "finderShards": shards, "finderBase": base });
    files.push(("meta.json".to_string(), meta.to_string().into_bytes()));
    (files, shards)
}

/// The number of shard `f/<n>.json`.
fn shard_number(path: &str) -> usize {
    path.trim_start_matches("f/")
        .trim_end_matches(".json")
        .parse()
        .unwrap_or(usize::MAX)
}

/// Makes the finder shards and hands each to `write` (path under `search/`, bytes) as soon as it
/// is made, so they are never all in memory at once (about 600 MB at 250,000 rows); returns the
/// number of shards.
pub fn write_finder(
    entries: &[FinderEntry],
    write: &(dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync),
) -> std::io::Result<(usize, Option<String>)> {
    use rayon::prelude::*;
    // Entries in the order lists keep them: shortest name first.
    // (The entry's number, last, keeps entries that tie in the order they came.)
    let mut sorted: Vec<(usize, &str, &str, usize)> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.name.chars().count(), e.name.as_str(), e.url.as_str(), i))
        .collect();
    sorted.par_sort_unstable();
    let order: Vec<usize> = sorted.into_iter().map(|(.., i)| i).collect();
    // Keys are made in parallel a block of entries at a time (all of them at once would hold
    // about a hundred keys per school in memory) and counted in list order.
    let mut lists: FxHashMap<PackedKey, (Vec<usize>, bool)> = FxHashMap::default();
    for block in order.chunks(4096) {
        let keyed: Vec<Vec<PackedKey>> = block.par_iter().map(|&i| entry_keys(&entries[i])).collect();
        for (keys, &i) in keyed.into_iter().zip(block) {
            for key in keys {
                let list = lists.entry(key).or_default();
                if list.0.len() < CAP {
                    list.0.push(i);
                } else {
                    list.1 = true;
                }
            }
        }
    }
    // Each entry's row is serialised once, however many shards list it, with the length it would
    // have with its url and short forms written in full: shards are counted by that, so a shard
    // lists what it listed before in fewer bytes (counted short, shards would list more rows
    // each, and a query that reads whole shards would read more, gzipped, than before).
    let base = finder_base(entries);
    let (rows, full_lens): (Vec<String>, Vec<usize>) = entries.par_iter().map(|e| row(e, base.as_deref())).unzip();
    let total: usize = lists
        .values()
        .map(|(l, _)| l.iter().map(|&i| full_lens[i] + 4).sum::<usize>())
        .sum();
    let shards = (total / SHARD_BYTES).max(1);
    let lists: Vec<(String, (Vec<usize>, bool))> = lists.into_iter().map(|(k, l)| (unpack(k), l)).collect();
    let mut by_shard: Vec<Vec<KeyList<'_>>> = vec![Vec::new(); shards];
    for (key, list) in &lists {
        by_shard[shard_of(key, shards)].push((key, list));
    }
    by_shard.into_par_iter().enumerate().try_for_each(|(n, mut keys)| {
        keys.sort_unstable_by_key(|(key, _)| *key);
        write(&format!("f/{n}.json"), &shard_bytes(&keys, &rows))
    })?;
    Ok((shards, base))
}

/// The folder of pages an entry of this kind has its own page in (`schools/`), if any.
pub fn section_of(kind: &str) -> Option<&'static str> {
    match kind {
        "学校" => Some("schools/"),
        "单位" => Some("institutions/"),
        _ => None,
    }
}

/// The site's base path as the entries' urls show it (the part before `schools/<name>`).
fn finder_base(entries: &[FinderEntry]) -> Option<String> {
    entries.iter().find_map(|e| {
        let at = e.url.find(&format!("{}{}", section_of(e.kind)?, e.name))?;
        Some(e.url[..at].to_string())
    })
}

/// An entry's url as a shard writes it (see the module's note).
fn short_url<'e>(e: &'e FinderEntry, base: Option<&str>) -> &'e str {
    let tail = base
        .zip(section_of(e.kind))
        .and_then(|(base, section)| e.url.strip_prefix(base)?.strip_prefix(section)?.strip_prefix(&e.name))
        .and_then(|rest| rest.strip_suffix('/'))
        .filter(|tail| tail.is_empty() || tail.starts_with('-') && !tail.contains('/'));
    tail.unwrap_or(&e.url)
}

/// An entry's row in a shard — its short forms only when readers cannot derive them from its name
/// and initials (`short_spellings`) — and the row's length with its url and short forms written
/// in full.
fn row(e: &FinderEntry, base: Option<&str>) -> (String, usize) {
    let url = short_url(e, base);
    let (short, initials) = derived_short_spellings(&e.name, &e.initials);
    let derivable = short == e.short && initials == e.short_initials;
    let text = if derivable {
        json!([e.name, e.kind, e.place, url, e.pinyin, e.initials])
    } else {
        json!([
            e.name,
            e.kind,
            e.place,
            url,
            e.pinyin,
            e.initials,
            e.short,
            e.short_initials
        ])
    }
    .to_string();
    let left_out = if derivable && !e.short.is_empty() {
        e.short.len() + e.short_initials.len() + 6
    } else {
        0
    };
    let full = text.len() + e.url.len() - url.len() + left_out;
    (text, full)
}

/// A row's full url, as a reader makes it from a shard's (see the module's note).
pub fn full_url(name: &str, kind: &str, url: &str, base: Option<&str>) -> String {
    match (base, section_of(kind)) {
        (Some(base), Some(section)) if url.is_empty() || url.starts_with('-') => format!("{base}{section}{name}{url}/"),
        _ => url.to_string(),
    }
}

/// One shard's JSON, `{"e": [row…], "k": {key: [cut, [row index…]]}}`, keys in sorted order and
/// rows in the order keys first list them.
fn shard_bytes(keys: &[KeyList<'_>], rows: &[String]) -> Vec<u8> {
    use std::fmt::Write;
    let mut local: FxHashMap<usize, usize> = FxHashMap::default();
    let mut listed: Vec<usize> = Vec::new();
    let mut index = String::new();
    for (n, (key, (list, cut))) in keys.iter().enumerate() {
        if n > 0 {
            index.push(',');
        }
        index.push_str(&serde_json::to_string(key).unwrap_or_default());
        let _ = write!(index, ":[{},[", u8::from(*cut));
        for (j, &i) in list.iter().enumerate() {
            let id = *local.entry(i).or_insert_with(|| {
                listed.push(i);
                listed.len() - 1
            });
            let _ = write!(index, "{}{id}", if j > 0 { "," } else { "" });
        }
        index.push_str("]]");
    }
    let mut out = String::with_capacity(index.len() + listed.iter().map(|&i| rows[i].len() + 1).sum::<usize>() + 16);
    out.push_str("{\"e\":[");
    for (j, &i) in listed.iter().enumerate() {
        if j > 0 {
            out.push(',');
        }
        out.push_str(&rows[i]);
    }
    out.push_str("],\"k\":{");
    out.push_str(&index);
    out.push_str("}}");
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, kind: &'static str, url: &str) -> FinderEntry {
        FinderEntry {
            name: name.into(),
            kind,
            place: String::new(),
            url: url.into(),
            pinyin: String::new(),
            initials: String::new(),
            short: String::new(),
            short_initials: String::new(),
        }
    }

    #[test]
    fn own_page_urls_are_written_short_and_read_back_in_full() {
        let entries = [
            entry("广西壮族自治区", "地区", "/portal/regions/广西壮族自治区/"),
            entry("苍溪中学", "学校", "/portal/schools/苍溪中学/"),
            entry("实验小学", "学校", "/portal/schools/实验小学-百色市/"),
            entry("北京大学", "单位", "/portal/institutions/北京大学/"),
            entry("济南市", "学校", "/portal/regions/山东省/济南市/"),
            entry("a/b 学校", "学校", "/portal/schools/a-b-学校/"),
        ];
        let base = finder_base(&entries);
        assert_eq!(base.as_deref(), Some("/portal/"));
        let written: Vec<&str> = entries.iter().map(|e| short_url(e, base.as_deref())).collect();
        assert_eq!(
            written,
            vec![
                "/portal/regions/广西壮族自治区/",
                "",
                "-百色市",
                "",
                "/portal/regions/山东省/济南市/",
                "/portal/schools/a-b-学校/"
            ],
            "only a page its name gives is written short"
        );
        for (e, short) in entries.iter().zip(written) {
            assert_eq!(full_url(&e.name, e.kind, short, base.as_deref()), e.url, "{}", e.name);
        }
        assert_eq!(
            finder_base(&entries[..1]),
            None,
            "no school or body: nothing is written short"
        );
    }

    #[test]
    fn rows_leave_out_the_short_forms_readers_derive() {
        let listed = |name: &str, extra: &[&str]| {
            let mut e = entry(name, "学校", "/schools/x/");
            (e.pinyin, e.initials) = crate::search::pinyin_names::pinyin_and_initials(name);
            let mut forms = crate::model::pairing::short_forms::short_forms(name);
            forms.extend(extra.iter().map(|s| s.to_string()));
            e.short = forms.join("|");
            e.short_initials = forms
                .iter()
                .map(|f| crate::search::pinyin_names::pinyin_and_initials(f).1)
                .collect::<Vec<_>>()
                .join("|");
            e
        };
        let written = |e: &FinderEntry| serde_json::from_str::<serde_json::Value>(&row(e, None).0).unwrap();
        let fields = |e: &FinderEntry| written(e).as_array().map_or(0, |a| a.len());
        let school = listed("东兴市江平镇中心小学", &[]);
        assert_eq!(fields(&school), 6, "derived by readers");
        assert_eq!(fields(&listed("桂林市宝贤中学", &[])), 6, "nothing to shorten");
        let university = listed("广西师范大学", &["广西师大"]);
        let university_row = written(&university);
        assert_eq!(
            university_row[6], "广西师大",
            "a university's short names are written out"
        );
        assert_eq!(university_row[7], "gxsd");
        // A school whose listed short forms differ from the derivation writes them out.
        let mut odd = school.clone();
        odd.short_initials = "dxsjpzzxj|dxjpzzxj".into();
        assert_eq!(written(&odd)[7], "dxsjpzzxj|dxjpzzxj");
    }
}

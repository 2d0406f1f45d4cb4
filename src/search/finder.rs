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
//! `{"e": [[name, kind, place, url, pinyin, initials], …], "k": {key: [cut, [entry…]]}}`.

use super::index::FinderEntry;
use super::tokenize::key_hash;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Entries listed under one key at most.
pub const CAP: usize = 50;
/// Target size of a shard before compression.
const SHARD_BYTES: usize = 48 * 1024;

fn chars(s: &str) -> Vec<char> {
    s.to_lowercase().chars().filter(|c| !c.is_whitespace()).collect()
}

fn runs(text: &[char], n: usize) -> impl Iterator<Item = String> + '_ {
    text.windows(n).map(|w| w.iter().collect())
}

/// The keys an entry is listed under.
fn entry_keys(entry: &FinderEntry) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let name = chars(&entry.name);
    keys.extend(runs(&name, 1).map(|k| format!("c{k}")));
    keys.extend(runs(&name, 2).map(|k| format!("c{k}")));
    let short = chars(&entry.short);
    keys.extend(runs(&short, 1).map(|k| format!("c{k}")));
    keys.extend(runs(&short, 2).map(|k| format!("c{k}")));
    for initials in [chars(&entry.initials), chars(&entry.short_initials)] {
        for n in 1..=3 {
            keys.extend(runs(&initials, n).map(|k| format!("i{k}")));
        }
    }
    let pinyin = chars(&entry.pinyin);
    keys.extend(runs(&pinyin, 4).map(|k| format!("p{k}")));
    for n in 1..=3.min(pinyin.len()) {
        keys.insert(format!("P{}", pinyin[..n].iter().collect::<String>()));
    }
    keys
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

/// The finder shards: (path under `search/`, bytes), and the number of shards.
pub fn finder_files(entries: &[FinderEntry]) -> (Vec<(String, Vec<u8>)>, usize) {
    // Entries in the order lists keep them: shortest name first.
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&entries[a], &entries[b]);
        (x.name.chars().count(), &x.name, &x.url).cmp(&(y.name.chars().count(), &y.name, &y.url))
    });
    let mut lists: HashMap<String, (Vec<usize>, bool)> = HashMap::new();
    for &i in &order {
        for key in entry_keys(&entries[i]) {
            let list = lists.entry(key).or_default();
            if list.0.len() < CAP {
                list.0.push(i);
            } else {
                list.1 = true;
            }
        }
    }
    let row = |e: &FinderEntry| {
        if e.short.is_empty() {
            json!([e.name, e.kind, e.place, e.url, e.pinyin, e.initials])
        } else {
            json!([
                e.name,
                e.kind,
                e.place,
                e.url,
                e.pinyin,
                e.initials,
                e.short,
                e.short_initials
            ])
        }
    };
    let row_bytes: Vec<usize> = entries.iter().map(|e| row(e).to_string().len()).collect();
    let total: usize = lists
        .values()
        .map(|(l, _)| l.iter().map(|&i| row_bytes[i] + 4).sum::<usize>())
        .sum();
    let shards = (total / SHARD_BYTES).max(1);
    let mut by_shard: BTreeMap<usize, BTreeMap<&str, &(Vec<usize>, bool)>> = BTreeMap::new();
    for (key, list) in &lists {
        by_shard.entry(shard_of(key, shards)).or_default().insert(key, list);
    }
    let mut files = Vec::with_capacity(shards);
    for n in 0..shards {
        let keys = by_shard.remove(&n).unwrap_or_default();
        let mut local: BTreeMap<usize, usize> = BTreeMap::new();
        let mut rows: Vec<Value> = Vec::new();
        let mut index: serde_json::Map<String, Value> = serde_json::Map::new();
        for (key, (list, cut)) in keys {
            let ids: Vec<usize> = list
                .iter()
                .map(|&i| {
                    *local.entry(i).or_insert_with(|| {
                        rows.push(row(&entries[i]));
                        rows.len() - 1
                    })
                })
                .collect();
            index.insert(key.to_string(), json!([u8::from(*cut), ids]));
        }
        let shard = json!({ "e": rows, "k": index });
        files.push((format!("f/{n}.json"), serde_json::to_vec(&shard).unwrap_or_default()));
    }
    (files, shards)
}

/// What the finder found for a query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    /// Every name found, best first (the page shows the first [`SHOWN`] and a button for all).
    pub names: Vec<String>,
    /// Whether `names` is every match: false when each key of a group listed only its first
    /// [`CAP`] entries (the page then says "N 个以上").
    pub complete: bool,
    /// The shard files read.
    pub files: Vec<String>,
}

/// Names the finder shows before "显示全部".
pub const SHOWN: usize = 10;

/// What the finder finds for `query`, best first, reading shards through `read` (paths under
/// `search/`). The same algorithm as `search.js`.
pub fn find(read: &dyn Fn(&str) -> Option<Vec<u8>>, shards: usize, query: &str) -> Found {
    let q: String = chars(query).into_iter().collect();
    let latin = !q.is_empty() && q.chars().all(|c| c.is_ascii_lowercase());
    let mut files: Vec<String> = Vec::new();
    let mut complete = true;
    let mut candidates: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for group in query_groups(query) {
        let mut union: Vec<Vec<String>> = Vec::new();
        let mut cut = true;
        for key in &group {
            let path = format!("f/{}.json", shard_of(key, shards));
            if !files.contains(&path) {
                files.push(path.clone());
            }
            let shard: Value = read(&path)
                .and_then(|b| serde_json::from_slice(&b).ok())
                .unwrap_or(Value::Null);
            let Some(list) = shard["k"].get(key) else {
                union.clear();
                cut = false;
                break;
            };
            let rows: Vec<Vec<String>> = list[1]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|i| shard["e"].get(i.as_u64()? as usize))
                .map(|r| {
                    r.as_array()
                        .into_iter()
                        .flatten()
                        .map(|c| c.as_str().unwrap_or("").to_string())
                        .collect()
                })
                .collect();
            if list[0] == 0 {
                union = rows;
                cut = false;
                break;
            }
            union.extend(rows);
        }
        complete &= !cut;
        for r in union {
            candidates.entry(r[3].clone()).or_insert(r);
        }
    }
    let mut found: Vec<(u8, usize, String)> = Vec::new();
    for r in candidates.values() {
        let (name, pinyin, initials) = (&r[0], &r[4], &r[5]);
        let empty = String::new();
        let (short, short_initials) = (r.get(6).unwrap_or(&empty), r.get(7).unwrap_or(&empty));
        let written = |n: &String| !n.is_empty() && n.contains(&q);
        let spelt = |i: &String| !i.is_empty() && i.contains(&q);
        let rank = if !latin {
            if *name == q || *short == q {
                Some(0)
            } else if name.starts_with(&q) || (written(short) && short.starts_with(&q)) {
                Some(1)
            } else if name.contains(&q) || written(short) {
                Some(2)
            } else {
                None
            }
        } else if *initials == q || *short_initials == q {
            Some(3)
        } else if initials.starts_with(&q) || (spelt(short_initials) && short_initials.starts_with(&q)) {
            Some(4)
        } else if q.len() >= 2 && (initials.contains(&q) || spelt(short_initials)) {
            Some(5)
        } else if pinyin.starts_with(&q) {
            Some(6)
        } else if q.len() >= 4 && pinyin.contains(&q) {
            Some(7)
        } else {
            None
        };
        if let Some(rank) = rank {
            found.push((rank, name.chars().count(), name.clone()));
        }
    }
    found.sort();
    Found {
        names: found.into_iter().map(|f| f.2).collect(),
        complete,
        files,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, pinyin: &str, initials: &str) -> FinderEntry {
        FinderEntry {
            name: name.into(),
            kind: "学校",
            place: String::new(),
            url: format!("/schools/{name}/"),
            pinyin: pinyin.into(),
            initials: initials.into(),
            short: String::new(),
            short_initials: String::new(),
        }
    }

    fn run(entries: &[FinderEntry], query: &str) -> Vec<String> {
        let (files, shards) = finder_files(entries);
        let map: HashMap<String, Vec<u8>> = files.into_iter().collect();
        find(&|p| map.get(p).cloned(), shards, query).names
    }

    #[test]
    fn finds_by_substring_initials_and_pinyin() {
        let entries = vec![
            entry("桂林市宝贤中学", "guilinshibaoxianzhongxue", "glsbxzx"),
            entry("东兴市", "dongxingshi", "dxs"),
            entry("东兴市京族学校", "dongxingshijingzuxuexiao", "dxsjzxx"),
        ];
        assert_eq!(run(&entries, "宝贤"), vec!["桂林市宝贤中学"]);
        assert_eq!(run(&entries, "东兴")[0], "东兴市", "exact and shorter first");
        assert_eq!(run(&entries, "bxzx"), vec!["桂林市宝贤中学"]);
        assert_eq!(run(&entries, "dongxing")[0], "东兴市");
        assert_eq!(run(&entries, "dx")[0], "东兴市");
        assert!(run(&entries, "火星").is_empty());
    }

    #[test]
    fn a_cut_list_falls_back_to_a_rarer_key() {
        // 200 schools share 中学; only one has 宝贤.
        let mut entries: Vec<FinderEntry> = (0..200).map(|i| entry(&format!("第{i}中学"), "", "")).collect();
        entries.push(entry("桂林市宝贤中学", "", ""));
        assert_eq!(run(&entries, "宝贤中学"), vec!["桂林市宝贤中学"]);
        let (files, shards) = finder_files(&entries);
        let map: HashMap<String, Vec<u8>> = files.into_iter().collect();
        let common = find(&|p| map.get(p).cloned(), shards, "中学");
        assert_eq!(common.names.len(), CAP, "the first {CAP} listed under 中学");
        assert!(!common.complete, "and the page says there are more");
        let rare = find(&|p| map.get(p).cloned(), shards, "宝贤中学");
        assert!(rare.complete);
        assert!(rare.files.len() <= 3, "{:?}", rare.files);
    }

    #[test]
    fn every_match_is_counted_up_to_the_cap() {
        // 26 schools in 东兴 and 4 elsewhere: all 26 found, not the first 10.
        let mut entries: Vec<FinderEntry> = (0..26).map(|i| entry(&format!("东兴市第{i}小学"), "", "")).collect();
        entries.extend((0..4).map(|i| entry(&format!("凭祥市第{i}小学"), "", "")));
        let (files, shards) = finder_files(&entries);
        let map: HashMap<String, Vec<u8>> = files.into_iter().collect();
        let found = find(&|p| map.get(p).cloned(), shards, "东兴");
        assert_eq!((found.names.len(), found.complete), (26, true));
    }

    #[test]
    fn short_forms_find_the_school() {
        let with_short = |name: &str| {
            let (pinyin, initials) = crate::search::pinyin_names::pinyin_and_initials(name);
            let forms = crate::model::pairing::short_forms::short_forms(name);
            let short = forms.join("|");
            let short_initials = forms
                .iter()
                .map(|f| crate::search::pinyin_names::pinyin_and_initials(f).1)
                .collect::<Vec<_>>()
                .join("|");
            FinderEntry {
                short,
                short_initials,
                ..entry(name, &pinyin, &initials)
            }
        };
        let entries = vec![
            with_short("那坡县百都乡那隆完全小学"),
            with_short("梧州市第一中学"),
            with_short("梧州市第六中学"),
        ];
        assert_eq!(run(&entries, "那隆完小"), vec!["那坡县百都乡那隆完全小学"]);
        assert_eq!(
            run(&entries, "nlwx"),
            vec!["那坡县百都乡那隆完全小学"],
            "initials of the short form"
        );
        assert_eq!(run(&entries, "梧州一中"), vec!["梧州市第一中学"]);
        assert_eq!(run(&entries, "梧州市一中"), vec!["梧州市第一中学"]);
        assert_eq!(run(&entries, "wzyz"), vec!["梧州市第一中学"]);
        assert_eq!(
            run(&entries, "州一"),
            vec!["梧州市第一中学"],
            "any part of a short form"
        );
        assert_eq!(
            run(&entries, "那隆完全"),
            vec!["那坡县百都乡那隆完全小学"],
            "the full name still"
        );
    }
}

//! The finder's reader in Rust: what `search.js` finds for a query, read from the finder's shards
//! (for tests and benchmarks; the page runs `search.js`).

use jiedui::search::finder::{bare_spellings, chars, query_groups, shard_of};
use jiedui::search::short_spellings::derived_short_spellings;
use std::collections::BTreeMap;

/// What the finder found for a query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    /// Every name found, best first (the page shows the first [`SHOWN`] and a button for all).
    pub names: Vec<String>,
    /// Whether `names` is every match: false when each key of a group listed only its first
    /// [`CAP`](jiedui::search::finder::CAP) entries (the page then says "N 个以上").
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
    let meta = crate::query::read_json(read, "meta.json");
    let base = meta["finderBase"].as_str();
    for group in query_groups(query) {
        let mut union: Vec<Vec<String>> = Vec::new();
        let mut cut = true;
        for key in &group {
            let path = format!("f/{}.json", shard_of(key, shards));
            if !files.contains(&path) {
                files.push(path.clone());
            }
            let shard = crate::query::read_json(read, &path);
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
                    let mut row: Vec<String> = r
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|c| c.as_str().unwrap_or("").to_string())
                        .collect();
                    if row.len() > 3 {
                        row[3] = jiedui::search::finder::full_url(&row[0], &row[1], &row[3], base);
                    }
                    row
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
        // A row without its short forms has the ones its name and initials give.
        let (short, short_initials) = match (r.get(6), r.get(7)) {
            (Some(short), Some(initials)) => (short.clone(), initials.clone()),
            _ => derived_short_spellings(name, initials),
        };
        let (short, short_initials) = (&short, &short_initials);
        let bare = bare_spellings(name, initials, pinyin).unwrap_or_default();
        let written = |n: &String| !n.is_empty() && n.contains(&q);
        let spelt = |i: &String| !i.is_empty() && i.contains(&q);
        let rank = if !latin {
            if *name == q || *short == q || bare.0 == q {
                Some(0)
            } else if name.starts_with(&q)
                || (written(short) && short.starts_with(&q))
                || (written(&bare.0) && bare.0.starts_with(&q))
            {
                Some(1)
            } else if name.contains(&q) || written(short) || written(&bare.0) {
                Some(2)
            } else {
                None
            }
        } else if *initials == q || *short_initials == q || bare.1 == q {
            Some(3)
        } else if initials.starts_with(&q)
            || (spelt(short_initials) && short_initials.starts_with(&q))
            || (spelt(&bare.1) && bare.1.starts_with(&q))
        {
            Some(4)
        } else if q.len() >= 2 && (initials.contains(&q) || spelt(short_initials) || spelt(&bare.1)) {
            Some(5)
        } else if pinyin.starts_with(&q) || (!bare.2.is_empty() && bare.2.starts_with(&q)) {
            Some(6)
        } else if q.len() >= 4 && (pinyin.contains(&q) || bare.2.contains(&q)) {
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
    use jiedui::search::finder::*;
    use jiedui::search::index::FinderEntry;
    use std::collections::HashMap;

    #[test]
    fn key_characters_are_lowercased_as_to_lowercase_does() {
        for text in [
            "东兴市 京族学校",
            "BXZX Dongxing",
            "ＡＢＣ中学",
            "ΟΔΟΣ school",
            "İstanbul 学校",
            "㐀䶿一鿿\u{a0}x",
            "",
        ] {
            let expected: Vec<char> = text.to_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(chars(text), expected, "{text}");
        }
    }

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
            let (pinyin, initials) = jiedui::search::pinyin_names::pinyin_and_initials(name);
            let forms = jiedui::model::pairing::short_forms::short_forms(name);
            let short = forms.join("|");
            let short_initials = forms
                .iter()
                .map(|f| jiedui::search::pinyin_names::pinyin_and_initials(f).1)
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

    /// As people type a name: initials and full pinyin without the place's 市, the name without
    /// it, and words with a space between them.
    #[test]
    fn names_are_found_without_their_places_suffix() {
        let with_short = |name: &str| {
            let (pinyin, initials) = jiedui::search::pinyin_names::pinyin_and_initials(name);
            let forms = jiedui::model::pairing::short_forms::short_forms(name);
            FinderEntry {
                short_initials: forms
                    .iter()
                    .map(|f| jiedui::search::pinyin_names::pinyin_and_initials(f).1)
                    .collect::<Vec<_>>()
                    .join("|"),
                short: forms.join("|"),
                ..entry(name, &pinyin, &initials)
            }
        };
        let entries = vec![
            with_short("东兴市京族学校"),
            with_short("东兴市实验学校"),
            with_short("防城港市第二中学"),
        ];
        for query in [
            "dxjz",
            "东兴京族",
            "东兴 京族",
            "dongxingjingzu",
            "dongxingshijingzu",
            "dxsjz",
        ] {
            assert_eq!(run(&entries, query), vec!["东兴市京族学校"], "{query}");
        }
        assert_eq!(
            bare_spellings("东兴市京族学校", "dxsjzxx", "dongxingshijingzuxuexiao"),
            Some((
                "东兴京族学校".to_string(),
                "dxjzxx".to_string(),
                "dongxingjingzuxuexiao".to_string()
            ))
        );
        assert_eq!(
            bare_spellings("防城港市第二中学", "fcgsdezx", "fangchenggangshidierzhongxue").map(|b| b.2),
            Some("fangchenggangdierzhongxue".to_string())
        );
        assert_eq!(
            bare_spellings("百色学院", "bsxy", "baisexueyuan"),
            None,
            "no place suffix"
        );
        assert_eq!(bare_spellings("东兴市", "dxs", "dongxingshi"), None, "a place alone");
    }
}

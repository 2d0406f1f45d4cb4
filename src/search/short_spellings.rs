//! A finder row's short forms and their initials as readers derive them from its name and
//! initials (`search.js` `shortSpellings` mirrors this): a row leaves them out when this gives
//! exactly what the finder lists, so most schools' rows carry no short forms at all.
//!
//! The rule is `short_forms`' (long endings written short, 第一中学 → 一中, then without the
//! place's 市/县/区), applied to the name's characters with each one's initial carried along, so
//! the short forms' initials need no pinyin: the letters of the characters kept, and for the
//! short endings' own characters (中心校) the letters of [`ENDING_INITIALS`].

use crate::model::pairing::short_forms::{ENDINGS, abbreviate_of, place_suffix_at};

/// The initials of each short ending of `ENDINGS`, in its order (`search.js` writes the same).
pub const ENDING_INITIALS: [&str; 8] = ["wx", "zxx", "sx", "mz", "cz", "gz", "zz", "zxy"];

/// A character of a name and its initial, if it has one.
type Token = (char, Option<char>);

/// Whether the finder's pinyin gives this character a syllable (a Chinese character or an ASCII
/// letter or digit; one without a reading makes the derivation differ, and the row then writes
/// its short forms out).
fn spelt(c: char) -> bool {
    ('\u{3400}'..='\u{9fff}').contains(&c) || c.is_ascii_alphanumeric()
}

/// `(short forms joined by |, their initials joined by |)` as a reader derives them from a row's
/// name and initials; two empty strings when the name has nothing to shorten.
pub fn derived_short_spellings(name: &str, initials: &str) -> (String, String) {
    let mut letters = initials.chars();
    let tokens: Vec<Token> = name
        .chars()
        .map(|c| (c, if spelt(c) { letters.next() } else { None }))
        .collect();
    let brief = |ending: usize, k: usize| {
        let c = ENDINGS[ending].1.chars().nth(k).unwrap_or_default();
        (c, ENDING_INITIALS[ending].chars().nth(k))
    };
    let Some(short) = abbreviate_of(&tokens, |t| t.0, brief) else {
        return (String::new(), String::new());
    };
    let mut forms = vec![short.clone()];
    if let Some(at) = place_suffix_at(&short, |t| t.0) {
        let mut bare = short;
        bare.remove(at);
        forms.push(bare);
    }
    let names: Vec<String> = forms.iter().map(|f| f.iter().map(|t| t.0).collect()).collect();
    let initials: Vec<String> = forms.iter().map(|f| f.iter().filter_map(|t| t.1).collect()).collect();
    (names.join("|"), initials.join("|"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::pairing::short_forms::short_forms;
    use crate::search::pinyin_names::pinyin_and_initials;

    /// What the finder lists for a school (collect.rs), without the universities' short names.
    fn listed(name: &str) -> (String, String) {
        let forms = short_forms(name);
        let initials: Vec<String> = forms.iter().map(|f| pinyin_and_initials(f).1).collect();
        (forms.join("|"), initials.join("|"))
    }

    #[test]
    fn ending_initials_are_the_endings_own() {
        for ((_, brief), initials) in ENDINGS.iter().zip(ENDING_INITIALS) {
            assert_eq!(pinyin_and_initials(brief).1, initials, "{brief}");
        }
    }

    /// The same names and results as search.test.mjs's mirror test: every ending, ordinals,
    /// a place's 市/县/区, a bracket, a digit, nothing to shorten.
    const MIRROR_CASES: [(&str, &str, &str, &str); 12] = [
        (
            "那坡县百都乡那隆完全小学",
            "npxbdxnlwqxx",
            "那坡县百都乡那隆完小|那坡百都乡那隆完小",
            "npxbdxnlwx|npbdxnlwx",
        ),
        (
            "东兴市江平镇中心小学",
            "dxsjpzzxxx",
            "东兴市江平镇中心校|东兴江平镇中心校",
            "dxsjpzzxx|dxjpzzxx",
        ),
        ("南宁市实验小学", "nnssyxx", "南宁市实小|南宁实小", "nnssx|nnsx"),
        (
            "三江侗族自治县民族中学",
            "sjdzzzxmzzx",
            "三江侗族自治县民中",
            "sjdzzzxmz",
        ),
        (
            "凭祥市第一初级中学",
            "pxsdycjzx",
            "凭祥市第一初中|凭祥第一初中",
            "pxsdycz|pxdycz",
        ),
        (
            "都安瑶族自治县高级中学",
            "dayzzzxgjzx",
            "都安瑶族自治县高中",
            "dayzzzxgz",
        ),
        (
            "梧州市第十五中学",
            "wzsdswzx",
            "梧州市十五中|梧州十五中",
            "wzsswz|wzswz",
        ),
        ("灵川县职业中学", "lcxzyzx", "灵川县职中|灵川职中", "lcxzz|lczz"),
        (
            "宁明县城中镇中心幼儿园",
            "nmxczzzxyey",
            "宁明县城中镇中心园|宁明城中镇中心园",
            "nmxczzzxy|nmczzzxy",
        ),
        ("苍溪中学（东校区）第2小学", "cxzxdxqd2xx", "", ""),
        ("会理第一中学（东校区）", "hldyzxdxq", "会理一中（东校区）", "hlyzdxq"),
        ("桂林市宝贤中学", "glsbxzx", "", ""),
    ];

    #[test]
    fn derived_as_the_mirror_test_expects_and_as_the_finder_lists() {
        for (name, name_initials, short, initials) in MIRROR_CASES {
            assert_eq!(pinyin_and_initials(name).1, name_initials, "{name}");
            let derived = derived_short_spellings(name, name_initials);
            assert_eq!(derived, (short.to_string(), initials.to_string()), "{name}");
            assert_eq!(derived, listed(name), "{name}: the finder lists the same");
        }
    }

    #[test]
    fn initials_that_do_not_line_up_derive_something_else_and_never_panic() {
        // A character the finder's pinyin gives no letter (or two) shifts the letters: the
        // derivation then differs from what the finder lists, and the row writes them out.
        let derived = derived_short_spellings("南宁市第一中学", "nnsyzx");
        assert_eq!(derived.0, "南宁市一中|南宁一中");
        assert_ne!(derived.1, listed("南宁市第一中学").1);
        assert_eq!(derived_short_spellings("南宁市实验小学", "nn").0, "南宁市实小|南宁实小");
        assert_eq!(derived_short_spellings("第", ""), (String::new(), String::new()));
    }
}

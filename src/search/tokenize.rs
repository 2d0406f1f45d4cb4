//! The search tokenizer: a text becomes units — one per CJK character, one per ASCII word or
//! number, one per mark of the punctuation people type in 文号 and names (〔〕[]()《》、—·-/) — and
//! pairs of adjacent units become the index keys. Other punctuation and spaces separate units.
//! `search.js` mirrors these rules exactly; `tests/e2e/search.test.mjs` checks both agree on the
//! same examples as the tests below.

/// One unit of text with its byte range in the normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub text: String,
    /// Whether a separator (space, punctuation) stands between this unit and the previous one.
    pub after_gap: bool,
}

/// What is truly the same mark, made one: full-width ASCII to half-width (（→(, ［→[, ／→/),
/// 〔〕 and 【】 to [] (people type a 文号's 〔〕 as either), ・ to ·, ASCII to lower case.
pub fn normalise_char(c: char) -> char {
    let c = match c as u32 {
        // Every bracket people put around a 文号's year is one mark: 〔2024〕, 【2024】, 〖2024〗,
        // ﹝2024﹞, [2024], (2024) and （2024） all find each other.
        0x3014 | 0x3010 | 0x3016 | 0xFE5D | 0xFF08 | 0x28 => '[',
        0x3015 | 0x3011 | 0x3017 | 0xFE5E | 0xFF09 | 0x29 => ']',
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        0x30FB | 0xFF65 => '·',
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// Whether a (normalised) mark is matched as part of the text rather than separating it: the
/// punctuation of 文号 and names — 〔2021〕37号 (every bracket as `[`), 那良中学(初中), 《通知》, 一、二, 2019—2021, 阿依·买买提,
/// 2019-2021, 桂教/2022.
pub fn is_kept_mark(c: char) -> bool {
    matches!(c, '[' | ']' | '《' | '》' | '、' | '—' | '·' | '-' | '/')
}

/// Whether `c` is a CJK ideograph (each is a unit of its own).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// One unit as the scanner sees it: a CJK character or kept mark, or a (normalised) ASCII word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitRef<'a> {
    Char(char),
    Word(&'a str),
}

/// Calls `each(unit, after_gap)` for every unit of `text`, in order, until it returns false.
/// The one place the unit rules live; [`units`] and the index builder both use it.
pub fn scan_units(text: &str, mut each: impl FnMut(UnitRef<'_>, bool) -> bool) {
    let mut word = String::new();
    let mut gap = true;
    let mut word_gap = true;
    for c in text.chars().map(normalise_char) {
        if c.is_ascii_alphanumeric() {
            if word.is_empty() {
                word_gap = gap;
            }
            word.push(c);
            gap = false;
            continue;
        }
        if !word.is_empty() {
            if !each(UnitRef::Word(&word), word_gap) {
                return;
            }
            word.clear();
        }
        if is_cjk(c) || is_kept_mark(c) {
            if !each(UnitRef::Char(c), gap) {
                return;
            }
            gap = false;
        } else {
            gap = true;
        }
    }
    if !word.is_empty() {
        each(UnitRef::Word(&word), word_gap);
    }
}

/// The text as search sees it, for plain string comparison: [`normalise_char`] applied, every
/// separator (a mark that is neither a unit character nor kept) made one space.
pub fn normalised_text(text: &str) -> String {
    text.chars()
        .map(normalise_char)
        .map(|c| {
            if c.is_ascii_alphanumeric() || is_cjk(c) || is_kept_mark(c) {
                c
            } else {
                ' '
            }
        })
        .collect()
}

/// The search's promise stated by plain string search, independent of the index: every
/// space-separated part of the normalised `query` occurs in one of the normalised `fields`,
/// without cutting an ASCII word or number in two (37号 is not in 137号). The property test and
/// the precision benchmark compare the index's answers with it.
pub fn fields_hold(fields: &[&str], query: &str) -> bool {
    let query = normalised_text(query);
    let fields: Vec<String> = fields.iter().map(|f| normalised_text(f)).collect();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let holds = |text: &str, part: &str| {
        text.match_indices(part).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + part.len()..].chars().next();
            let cuts_before = word(before) && word(part.chars().next());
            let cuts_after = word(after) && word(part.chars().next_back());
            !(cuts_before || cuts_after)
        })
    };
    let mut parts = query.split(' ').filter(|p| !p.is_empty()).peekable();
    parts.peek().is_some() && parts.all(|p| fields.iter().any(|f| holds(f, p)))
}

/// The units of `text`.
pub fn units(text: &str) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    scan_units(text, |unit, after_gap| {
        let text = match unit {
            UnitRef::Char(c) => c.to_string(),
            UnitRef::Word(w) => w.to_string(),
        };
        out.push(Unit { text, after_gap });
        true
    });
    out
}

/// The key of a single unit (for one-unit queries).
pub fn unigram_key(a: &str) -> String {
    format!("1{a}")
}

/// The key of two adjacent units: `宝贤`, or with a space when a word is involved (`2019 年`).
pub fn bigram_key(a: &str, b: &str) -> String {
    if a.chars().count() == 1 && b.chars().count() == 1 && a.chars().all(is_cjk) && b.chars().all(is_cjk) {
        format!("{a}{b}")
    } else {
        format!("{a} {b}")
    }
}

/// FNV-1a (32 bit) of the key's UTF-8 bytes: the shard a key is stored in.
pub fn key_hash(key: &str) -> u32 {
    key_hash_bytes(key.as_bytes())
}

/// [`key_hash`] of a key's bytes.
pub fn key_hash_bytes(key: &[u8]) -> u32 {
    let mut h: u32 = 0x811c9dc5;
    for b in key {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x01000193);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<(String, bool)> {
        units(s).into_iter().map(|u| (u.text, u.after_gap)).collect()
    }

    #[test]
    fn cjk_characters_and_ascii_words() {
        assert_eq!(
            texts("鲁教厅办发〔２０１９〕5号"),
            vec![
                ("鲁".into(), true),
                ("教".into(), false),
                ("厅".into(), false),
                ("办".into(), false),
                ("发".into(), false),
                ("[".into(), false),
                ("2019".into(), false),
                ("]".into(), false),
                ("5".into(), false),
                ("号".into(), false),
            ]
        );
        assert_eq!(
            texts("【2022】（初中）、A-b，《x》"),
            vec![
                ("[".into(), true),
                ("2022".into(), false),
                ("]".into(), false),
                ("[".into(), false),
                ("初".into(), false),
                ("中".into(), false),
                ("]".into(), false),
                ("、".into(), false),
                ("a".into(), false),
                ("-".into(), false),
                ("b".into(), false),
                ("《".into(), true),
                ("x".into(), false),
                ("》".into(), false),
            ],
            "〔〕【】 are [], full-width marks half-width; ， separates, the kept marks do not"
        );
        assert_eq!(
            texts("Word 文档"),
            vec![("word".into(), true), ("文".into(), true), ("档".into(), false)]
        );
    }

    #[test]
    fn the_plain_string_statement_of_a_match() {
        assert!(fields_hold(&["通知", "桂政办发〔2021〕37号"], "【2021】37号"));
        assert!(!fields_hold(&["桂政办发〔2021〕137号"], "〔2021〕37号"));
        assert!(!fields_hold(&["2021年（第37号）"], "〔2021〕37号"));
        assert!(fields_hold(&["2021年", "（第37号）"], "2021 37号"));
        assert!(
            !fields_hold(&["东兴"], "，"),
            "a query of separators only holds nothing"
        );
    }

    #[test]
    fn keys_and_hash() {
        assert_eq!(bigram_key("宝", "贤"), "宝贤");
        assert_eq!(bigram_key("2019", "年"), "2019 年");
        assert_eq!(bigram_key("发", "["), "发 [");
        assert_eq!(unigram_key("宝"), "1宝");
        assert_eq!(key_hash(""), 0x811c9dc5);
        assert_eq!(key_hash("a"), 0xe40c292c);
        assert_eq!(key_hash("宝贤"), 0xa1668bb7);
    }
}

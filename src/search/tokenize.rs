//! The search tokenizer: a text becomes units — one per CJK character, one per ASCII word or
//! number — and pairs of adjacent units become the index keys. `search.js` mirrors these rules
//! exactly; `tests/e2e/search.test.mjs` checks both agree on the same examples as the tests below.

/// One unit of text with its byte range in the normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub text: String,
    /// Whether a separator (space, punctuation) stands between this unit and the previous one.
    pub after_gap: bool,
}

/// Full-width ASCII to half-width, ASCII to lower case.
pub fn normalise_char(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// Whether `c` is a CJK ideograph (each is a unit of its own).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// One unit as the scanner sees it: a CJK character, or a (normalised) ASCII word.
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
        if is_cjk(c) {
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
    let mut h: u32 = 0x811c9dc5;
    for b in key.as_bytes() {
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
                ("2019".into(), true),
                ("5".into(), true),
                ("号".into(), false),
            ]
        );
        assert_eq!(
            texts("Word 文档"),
            vec![("word".into(), true), ("文".into(), true), ("档".into(), false)]
        );
    }

    #[test]
    fn keys_and_hash() {
        assert_eq!(bigram_key("宝", "贤"), "宝贤");
        assert_eq!(bigram_key("2019", "年"), "2019 年");
        assert_eq!(unigram_key("宝"), "1宝");
        assert_eq!(key_hash(""), 0x811c9dc5);
        assert_eq!(key_hash("a"), 0xe40c292c);
        assert_eq!(key_hash("宝贤"), 0xa1668bb7);
    }
}

//! Short forms of school names as people write them (那隆完小 for 那隆完全小学, 苍溪一中 for
//! 苍溪县第一中学): the finder lists a school under its short form too.

/// Long endings and the short forms people write for them.
pub const ENDINGS: [(&str, &str); 8] = [
    ("完全小学", "完小"),
    ("中心小学", "中心校"),
    ("实验小学", "实小"),
    ("民族中学", "民中"),
    ("初级中学", "初中"),
    ("高级中学", "高中"),
    ("职业中学", "职中"),
    ("中心幼儿园", "中心园"),
];

/// Chinese numerals that stand between 第 and 中学/小学 (第一中学 … 第九十九中学).
fn is_numeral(c: char) -> bool {
    "一二三四五六七八九十".contains(c)
}

/// The name with every long form people shorten written short (`那坡县百都乡那隆完小`,
/// `梧州市一中`); `None` when nothing in it has a short form.
pub fn abbreviate(name: &str) -> Option<String> {
    let chars: Vec<char> = name.chars().collect();
    let brief = |ending: usize, k: usize| ENDINGS[ending].1.chars().nth(k).unwrap_or_default();
    abbreviate_of(&chars, |c| *c, brief).map(|short| short.into_iter().collect())
}

/// [`abbreviate`] over the characters of a name with something carried along (the finder's
/// derivation carries each one's initial: `search::short_spellings`); `brief(ending, k)` is the
/// item for the `k`-th character of `ENDINGS[ending]`'s short form.
pub fn abbreviate_of<T: Copy>(
    items: &[T],
    char_of: impl Fn(&T) -> char,
    brief: impl Fn(usize, usize) -> T,
) -> Option<Vec<T>> {
    let mut short = items.to_vec();
    for (ending, (long, short_form)) in ENDINGS.iter().enumerate() {
        let long: Vec<char> = long.chars().collect();
        let replacement: Vec<T> = (0..short_form.chars().count()).map(|k| brief(ending, k)).collect();
        short = replace_all(&short, &char_of, &long, &replacement);
    }
    short = shorten_ordinals_of(&short, &char_of);
    (!short.iter().map(&char_of).eq(items.iter().map(&char_of))).then_some(short)
}

/// Every `long` in `items`, left to right, replaced by `replacement` (as `str::replace`).
fn replace_all<T: Copy>(items: &[T], char_of: impl Fn(&T) -> char, long: &[char], replacement: &[T]) -> Vec<T> {
    let mut out = Vec::with_capacity(items.len());
    let mut i = 0;
    while i < items.len() {
        if items.len() - i >= long.len() && items[i..i + long.len()].iter().map(&char_of).eq(long.iter().copied()) {
            out.extend_from_slice(replacement);
            i += long.len();
        } else {
            out.push(items[i]);
            i += 1;
        }
    }
    out
}

/// Where the 市/县/区 of the place a name starts with stands, when the name goes on after it
/// (third or fourth character, two more after it): 梧州市一中 → 2. The finder types names
/// without it too.
pub fn place_suffix_at<T>(items: &[T], char_of: impl Fn(&T) -> char) -> Option<usize> {
    (2..=3).find(|&i| items.get(i).is_some_and(|c| "市县区".contains(char_of(c))) && items.len() > i + 2)
}

/// The short forms people write: the name with its long forms written short, and that again
/// without the 市/县/区 of the place it starts with (梧州市第一中学 → 梧州市一中, 梧州一中).
pub fn short_forms(name: &str) -> Vec<String> {
    let Some(short) = abbreviate(name) else {
        return Vec::new();
    };
    let chars: Vec<char> = short.chars().collect();
    let bare = place_suffix_at(&chars, |c| *c).map(|i| chars[..i].iter().chain(&chars[i + 1..]).collect::<String>());
    std::iter::once(short).chain(bare).collect()
}

/// What identifies a school within its county (or city), however it is written: the name
/// without the province, prefecture and county it begins with (full or short), its long forms
/// written short. 苍溪一中 and 苍溪县第一中学 (both in 苍溪县) give 一中; 百都乡那隆完全小学 gives
/// 百都乡那隆完小 (a township stays: 城厢镇中心小学 and 百都乡中心小学 are two schools).
pub fn school_key(name: &str, county: u32) -> String {
    use crate::divisions::{Level, county_written_forms, divisions, short_name};
    // Each level's name, full or short, is taken off once, in order: 和龙市和龙林业局… and
    // 和龙市和龙市林业局… stay apart (the second 和龙 is part of the bureau's name).
    let mut rest = name;
    for d in divisions().path(county).iter().filter(|d| d.level() <= Level::County) {
        let mut forms: Vec<String> = vec![d.name.to_string()];
        forms.extend(short_name(d.name));
        // An autonomous prefecture written with 州 (凉山州越西中学).
        if d.name.ends_with("自治州") {
            forms.extend(short_name(d.name).map(|s| format!("{s}州")));
        }
        if d.level() == Level::County {
            // Its short name, banner abbreviation or autonomous alias (都安县民族中学).
            forms.extend(county_written_forms(d.name));
        }
        if let Some(form) = forms
            .iter()
            .filter(|f| rest.len() > f.len() && rest.starts_with(f.as_str()))
            .max_by_key(|f| f.len())
        {
            rest = &rest[form.len()..];
        }
    }
    let rest = ordinals_in_chinese(rest);
    abbreviate(&rest).unwrap_or(rest)
}

/// An ordinal written with Arabic digits, as some lists do (第2小学, 第15中学), written in
/// Chinese numerals (第二小学, 第十五中学), so that both spellings are one key; 1 to 99 only.
fn ordinals_in_chinese(name: &str) -> String {
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(at) = rest.find('第') {
        let after = &rest[at + '第'.len_utf8()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        out.push_str(&rest[..at + '第'.len_utf8()]);
        match after[..digits].parse::<usize>() {
            Ok(n @ 1..=99) if digits <= 2 => {
                let (tens, ones) = (n / 10, n % 10);
                if tens > 1 {
                    out.push(DIGITS[tens]);
                }
                if tens > 0 {
                    out.push('十');
                }
                if ones > 0 {
                    out.push(DIGITS[ones]);
                }
                rest = &after[digits..];
            }
            _ => rest = after,
        }
    }
    out.push_str(rest);
    out
}

/// 第一中学 → 一中, 第十五小学 → 十五小: 第 + numeral + 中学/小学, over the characters of a name
/// with something carried along.
fn shorten_ordinals_of<T: Copy>(items: &[T], char_of: impl Fn(&T) -> char) -> Vec<T> {
    let mut out = Vec::with_capacity(items.len());
    let mut i = 0;
    while i < items.len() {
        if char_of(&items[i]) == '第' {
            let digits = items[i + 1..].iter().take_while(|c| is_numeral(char_of(c))).count();
            let rest: String = items[i + 1 + digits..].iter().take(2).map(&char_of).collect();
            if digits > 0 && (rest == "中学" || rest == "小学") {
                // The numeral and 中 or 小.
                out.extend_from_slice(&items[i + 1..i + 2 + digits]);
                i += 3 + digits;
                continue;
            }
        }
        out.push(items[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_forms_are_written_short() {
        for (name, short) in [
            ("那坡县百都乡那隆完全小学", "那坡县百都乡那隆完小"),
            ("梧州市第一中学", "梧州市一中"),
            ("梧州市第十五中学", "梧州市十五中"),
            ("苍溪县第二小学", "苍溪县二小"),
            ("三江侗族自治县民族中学", "三江侗族自治县民中"),
            ("东兴市江平镇中心小学", "东兴市江平镇中心校"),
            ("凭祥市第一初级中学", "凭祥市第一初中"),
            ("宁明县城中镇中心幼儿园", "宁明县城中镇中心园"),
        ] {
            assert_eq!(abbreviate(name).as_deref(), Some(short), "{name}");
        }
    }

    #[test]
    fn short_forms_also_drop_the_place_suffix() {
        assert_eq!(short_forms("梧州市第一中学"), vec!["梧州市一中", "梧州一中"]);
        assert_eq!(short_forms("苍溪县第一中学"), vec!["苍溪县一中", "苍溪一中"]);
        assert_eq!(
            short_forms("那坡县百都乡那隆完全小学"),
            vec!["那坡县百都乡那隆完小", "那坡百都乡那隆完小"]
        );
        assert_eq!(short_forms("防城港市第一中学"), vec!["防城港市一中", "防城港一中"]);
        assert_eq!(short_forms("桂林市宝贤中学"), Vec::<String>::new());
    }

    #[test]
    fn one_school_written_two_ways_has_one_key() {
        let cangxi = 510824;
        assert_eq!(school_key("苍溪一中", cangxi), "一中");
        assert_eq!(school_key("苍溪县第一中学", cangxi), "一中");
        assert_eq!(school_key("四川省苍溪县第一中学", cangxi), "一中");
        assert_eq!(school_key("苍溪县第二中学", cangxi), "二中");
        let napo = 451026;
        assert_ne!(
            school_key("那坡县城厢镇中心小学", napo),
            school_key("那坡县百都乡中心小学", napo)
        );
        assert_eq!(school_key("那坡县百都乡那隆完全小学", napo), "百都乡那隆完小");
        let helong = 222406;
        assert_ne!(
            school_key("和龙市和龙林业局中心幼儿园", helong),
            school_key("和龙市和龙市林业局中心幼儿园", helong),
            "a place name inside the school's own name is not taken off"
        );
        let lanzhou = 6201;
        assert_eq!(school_key("兰州一中", lanzhou), school_key("兰州市第一中学", lanzhou));
        // An autonomous prefecture with 州, an autonomous county with 县 (凉山州越西中学 and 越西中学,
        // 都安县民族中学 and 都安瑶族自治县民族中学).
        let yuexi = 513434;
        assert_eq!(school_key("凉山州越西中学", yuexi), school_key("越西中学", yuexi));
        let duan = 451228;
        assert_eq!(
            school_key("都安县民族中学", duan),
            school_key("都安瑶族自治县民族中学", duan)
        );
        assert_eq!(school_key("都安县民族中学", duan), "民中");
        // An ordinal in Arabic digits is the one in Chinese numerals (not another number).
        assert_eq!(
            school_key("苍溪县第2小学", cangxi),
            school_key("苍溪县第二小学", cangxi)
        );
        assert_eq!(school_key("苍溪县第15中学", cangxi), "十五中");
        assert_eq!(school_key("苍溪县第20中学", cangxi), "二十中");
        assert_eq!(school_key("苍溪县第10小学", cangxi), "十小");
        assert_ne!(
            school_key("苍溪县第2小学", cangxi),
            school_key("苍溪县第十二小学", cangxi)
        );
        assert_eq!(
            school_key("苍溪县第123中学", cangxi),
            "第123中学",
            "no ordinal of a school"
        );
    }

    #[test]
    fn names_without_long_forms_have_none() {
        for name in [
            "东兴市京族学校",
            "桂林市宝贤中学",
            "第三方学校",
            "百色学院",
            "第一",
            "第",
        ] {
            assert_eq!(abbreviate(name), None, "{name}");
        }
    }
}

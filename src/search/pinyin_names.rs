//! Pinyin of names for the school finder: full pinyin and initials, with place names whose
//! characters have several readings (长沙, 重庆, 六安, 乐亭, 蚌埠, 番禺) read correctly.

use pinyin::ToPinyin;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Words whose reading differs from the characters' most common one, longest first wins.
/// Place names (and name parts common in school names) with polyphonic characters.
const OVERRIDES: &[(&str, &[&str])] = &[
    ("重庆", &["chong", "qing"]),
    ("长沙", &["chang", "sha"]),
    ("长山", &["chang", "shan"]),
    ("长春", &["chang", "chun"]),
    ("长安", &["chang", "an"]),
    ("长治", &["chang", "zhi"]),
    ("长乐", &["chang", "le"]),
    ("长宁", &["chang", "ning"]),
    ("长汀", &["chang", "ting"]),
    ("长兴", &["chang", "xing"]),
    ("长阳", &["chang", "yang"]),
    ("长垣", &["chang", "yuan"]),
    ("长岭", &["chang", "ling"]),
    ("长白", &["chang", "bai"]),
    ("长江", &["chang", "jiang"]),
    ("长城", &["chang", "cheng"]),
    ("长海", &["chang", "hai"]),
    ("长丰", &["chang", "feng"]),
    ("长葛", &["chang", "ge"]),
    ("长泰", &["chang", "tai"]),
    ("长清", &["chang", "qing"]),
    ("长寿", &["chang", "shou"]),
    ("长武", &["chang", "wu"]),
    ("长子", &["zhang", "zi"]),
    ("六安", &["lu", "an"]),
    ("六合", &["lu", "he"]),
    ("乐亭", &["lao", "ting"]),
    ("乐山", &["le", "shan"]),
    ("乐清", &["yue", "qing"]),
    ("蚌埠", &["beng", "bu"]),
    ("番禺", &["pan", "yu"]),
    ("厦门", &["xia", "men"]),
    ("丽水", &["li", "shui"]),
    ("台州", &["tai", "zhou"]),
    ("天台", &["tian", "tai"]),
    ("泌阳", &["bi", "yang"]),
    ("莘县", &["shen", "xian"]),
    ("铅山", &["yan", "shan"]),
    ("东阿", &["dong", "e"]),
    ("单县", &["shan", "xian"]),
    ("曲阜", &["qu", "fu"]),
    ("大曲", &["da", "qu"]),
    ("解州", &["xie", "zhou"]),
    ("洪洞", &["hong", "tong"]),
    ("峒中", &["dong", "zhong"]),
    ("百色", &["bai", "se"]),
    ("朝阳", &["chao", "yang"]),
    ("广西", &["guang", "xi"]),
    ("行唐", &["xing", "tang"]),
    ("华县", &["hua", "xian"]),
    ("华山", &["hua", "shan"]),
    ("句容", &["ju", "rong"]),
    ("涡阳", &["guo", "yang"]),
    ("筠连", &["jun", "lian"]),
    ("黄陂", &["huang", "pi"]),
    ("监利", &["jian", "li"]),
    ("会昌", &["hui", "chang"]),
    ("会理", &["hui", "li"]),
    ("会同", &["hui", "tong"]),
    ("会泽", &["hui", "ze"]),
    ("会宁", &["hui", "ning"]),
    ("会稽", &["kuai", "ji"]),
    ("繁峙", &["fan", "shi"]),
    ("都匀", &["du", "yun"]),
    ("成都", &["cheng", "du"]),
    ("百都", &["bai", "du"]),
    ("首都", &["shou", "du"]),
    ("都安", &["du", "an"]),
    ("重点", &["zhong", "dian"]),
    ("中学", &["zhong", "xue"]),
    ("学校", &["xue", "xiao"]),
    ("银行", &["yin", "hang"]),
    ("音乐", &["yin", "yue"]),
    ("乐群", &["le", "qun"]),
    ("快乐", &["kuai", "le"]),
];

/// The overrides by word (a word listed twice reads as its last entry), and the longest word's
/// length in characters.
fn overrides() -> &'static (HashMap<&'static str, &'static [&'static str]>, usize) {
    static OVERRIDE_MAP: OnceLock<(HashMap<&'static str, &'static [&'static str]>, usize)> = OnceLock::new();
    OVERRIDE_MAP.get_or_init(|| {
        let longest = OVERRIDES.iter().map(|(w, _)| w.chars().count()).max().unwrap_or(0);
        (OVERRIDES.iter().copied().collect(), longest)
    })
}

/// Calls `each` with every syllable of `name`: overrides by longest match, else the crate's most
/// common reading; a character without pinyin (a digit, a letter) is kept as it is, lowercase.
/// (Looked up in place: making a string of the rest of the name at every character, and trying
/// each override on it, made the finder's pinyin 2.4 % of a national build's CPU samples.)
fn for_each_syllable(name: &str, mut each: impl FnMut(&str)) {
    let (words, longest) = overrides();
    // Byte offset of each character, and the end.
    let offsets: Vec<usize> = name.char_indices().map(|(i, _)| i).chain([name.len()]).collect();
    let count = offsets.len() - 1;
    let mut i = 0;
    'chars: while i < count {
        for n in (1..=(*longest).min(count - i)).rev() {
            if let Some(readings) = words.get(&name[offsets[i]..offsets[i + n]]) {
                readings.iter().for_each(|r| each(r));
                i += n;
                continue 'chars;
            }
        }
        let c = name[offsets[i]..].chars().next().unwrap_or_default();
        match c.to_pinyin() {
            Some(p) => each(p.plain()),
            None if c.is_ascii_alphanumeric() => each(c.to_ascii_lowercase().encode_utf8(&mut [0; 4])),
            None => {}
        }
        i += 1;
    }
}

/// The syllables of `name` (see [`for_each_syllable`]).
pub fn syllables(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_syllable(name, |s| out.push(s.to_string()));
    out
}

/// Full pinyin without spaces (`dongxingshi`) and initials (`dxs`).
pub fn pinyin_and_initials(name: &str) -> (String, String) {
    let (mut full, mut initials) = (String::new(), String::new());
    for_each_syllable(name, |s| {
        full.push_str(s);
        initials.extend(s.chars().next());
    });
    (full, initials)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_names_with_polyphonic_characters() {
        for (name, expected) in [
            ("长沙", "changsha"),
            ("长山", "changshan"),
            ("重庆", "chongqing"),
            ("六安", "luan"),
            ("乐亭", "laoting"),
            ("蚌埠", "bengbu"),
            ("番禺", "panyu"),
            ("厦门", "xiamen"),
            ("乐山师范学院", "leshanshifanxueyuan"),
            ("成都", "chengdu"),
            ("那坡县百都乡", "napoxianbaiduxiang"),
            ("防城港市防城区峒中镇", "fangchenggangshifangchengqudongzhongzhen"),
            ("百色学院", "baisexueyuan"),
        ] {
            assert_eq!(pinyin_and_initials(name).0, expected, "{name}");
        }
    }

    #[test]
    fn overrides_match_the_longest_word_and_keep_other_characters() {
        assert_eq!(
            syllables("重庆市第1中学"),
            ["chong", "qing", "shi", "di", "1", "zhong", "xue"]
        );
        assert_eq!(syllables("长子县Abc"), ["zhang", "zi", "xian", "a", "b", "c"]);
        assert_eq!(syllables("（长）"), ["zhang"], "brackets have no pinyin");
        assert!(syllables("").is_empty());
        for (word, readings) in OVERRIDES {
            assert_eq!(syllables(word), readings.to_vec(), "{word}");
        }
        // The same syllables as the first way this was written (each override tried on the rest
        // of the name at each character).
        let reference = |name: &str| -> Vec<String> {
            let chars: Vec<char> = name.chars().collect();
            let mut out = Vec::new();
            let mut i = 0;
            while i < chars.len() {
                let rest: String = chars[i..].iter().collect();
                if let Some((word, readings)) = OVERRIDES
                    .iter()
                    .filter(|(w, _)| rest.starts_with(w))
                    .max_by_key(|(w, _)| w.chars().count())
                {
                    out.extend(readings.iter().map(|s| s.to_string()));
                    i += word.chars().count();
                    continue;
                }
                match chars[i].to_pinyin() {
                    Some(p) => out.push(p.plain().to_string()),
                    None if chars[i].is_ascii_alphanumeric() => out.push(chars[i].to_ascii_lowercase().to_string()),
                    None => {}
                }
                i += 1;
            }
            out
        };
        let mut names: Vec<String> = [
            "长沙市长郡中学",
            "重庆重点中学",
            "乐山乐清快乐学校",
            "会稽山",
            "Ａ1号楼 x2",
            "长长长",
            "厦门大学附属实验中学",
        ]
        .map(String::from)
        .to_vec();
        names.extend(
            OVERRIDES
                .windows(2)
                .map(|w| format!("{}{}县第{}中学", w[0].0, w[1].0, w.len())),
        );
        for name in &names {
            assert_eq!(syllables(name), reference(name), "{name}");
        }
    }

    #[test]
    fn initials_of_school_names() {
        assert_eq!(pinyin_and_initials("东兴市京族学校").1, "dxsjzxx");
        assert_eq!(pinyin_and_initials("桂林市宝贤中学").1, "glsbxzx");
        assert_eq!(pinyin_and_initials("东兴市").0, "dongxingshi");
        assert_eq!(pinyin_and_initials("防城港市防城区峒中镇中心小学").1, "fcgsfcqdzzzxxx");
    }
}

//! The Ministry of Education's list of higher-education institutions (全国高等学校名单, 2024):
//! where each one is, and the short names people write for them (北师大, 华中师大, 中央民大).

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// `学校标识码<TAB>学校名称<TAB>所在地 division code`, one line per institution (see
/// `data/universities/README.md`).
const TABLE: &str = include_str!("../../data/universities/universities.tsv");

/// One institution of the ministry's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct University {
    /// 学校标识码 (4111010001 for 北京大学).
    pub id: &'static str,
    pub name: &'static str,
    /// Where it is: the city of the list's 所在地 (the province for adult institutions, whose
    /// list gives none).
    pub place: u32,
}

/// The list, looked up by full or short name.
pub struct Universities {
    list: Vec<University>,
    by_name: FxHashMap<&'static str, usize>,
    by_short: FxHashMap<String, usize>,
    /// Short names several institutions generate (华师: 华中, 华南 and 华东师范大学), read only
    /// before an affiliated school and decided by the place the row gives (see `leading_among`).
    shared_short: FxHashMap<String, Vec<usize>>,
    /// Each institution's short names, sorted (for the finder).
    shorts: Vec<Vec<String>>,
    /// The longest full or short name, in bytes: no longer start of a name is looked up.
    longest: usize,
}

/// The list, read once.
pub fn universities() -> &'static Universities {
    static LIST: OnceLock<Universities> = OnceLock::new();
    LIST.get_or_init(|| Universities::parse(TABLE))
}

/// Long endings of institution names and the short forms people write for them.
const ENDINGS: [(&str, &str); 12] = [
    ("科学技术大学", "科大"),
    ("师范大学", "师大"),
    ("民族大学", "民大"),
    ("农业大学", "农大"),
    ("交通大学", "交大"),
    ("工业大学", "工大"),
    ("科技大学", "科大"),
    ("医科大学", "医大"),
    ("财经大学", "财大"),
    ("理工大学", "理工"),
    ("外国语大学", "外大"),
    ("中医药大学", "中医大"),
];

/// Names people use for the best-known universities that no rule generates (北大, 清华, 人大):
/// each is checked against the list by a test. Only before 附中, 附小 and the like, or alone, are
/// they read as the university (清华中学 is a county school's name).
const COLLOQUIAL: [(&str, &str); 26] = [
    ("华师大", "华东师范大学"),
    ("南师", "南京师范大学"),
    ("北大", "北京大学"),
    ("清华", "清华大学"),
    ("人大", "中国人民大学"),
    ("复旦", "复旦大学"),
    ("浙大", "浙江大学"),
    ("武大", "武汉大学"),
    ("川大", "四川大学"),
    ("华科", "华中科技大学"),
    ("中科大", "中国科学技术大学"),
    ("同济", "同济大学"),
    ("厦大", "厦门大学"),
    ("吉大", "吉林大学"),
    ("兰大", "兰州大学"),
    ("重大", "重庆大学"),
    ("郑大", "郑州大学"),
    ("西交大", "西安交通大学"),
    ("西工大", "西北工业大学"),
    ("西电", "西安电子科技大学"),
    ("北航", "北京航空航天大学"),
    ("北理工", "北京理工大学"),
    ("北外", "北京外国语大学"),
    ("上外", "上海外国语大学"),
    ("北邮", "北京邮电大学"),
    ("南大", "南京大学"),
];

/// The one-character abbreviations of provinces that stand for them in short names (四川师范大学
/// → 川师大), where the abbreviation is not the province's first character.
const PROVINCE_ABBREVIATIONS: [(&str, char); 14] = [
    ("四川", '川'),
    ("湖南", '湘'),
    ("湖北", '鄂'),
    ("江西", '赣'),
    ("安徽", '皖'),
    ("福建", '闽'),
    ("广东", '粤'),
    ("广西", '桂'),
    ("贵州", '黔'),
    ("云南", '滇'),
    ("甘肃", '陇'),
    ("河南", '豫'),
    ("山东", '鲁'),
    ("河北", '冀'),
];

/// The short names a full name generates: its long ending written short after its whole
/// prefix (华中师范大学 → 华中师大), and after the prefix's first character or its province's
/// abbreviation when the prefix is two or three characters (北京师范大学 → 北师大, 四川师范大学 →
/// 川师大, 哈尔滨工业大学 → 哈工大).
pub fn short_names(name: &str) -> Vec<String> {
    let Some((prefix, brief)) = ENDINGS
        .iter()
        .find_map(|(long, brief)| name.strip_suffix(long).map(|p| (p, *brief)))
    else {
        return Vec::new();
    };
    let chars = prefix.chars().count();
    if chars < 2 {
        return Vec::new();
    }
    let mut shorts = vec![format!("{prefix}{brief}")];
    if chars <= 3 {
        let first = prefix.chars().next().unwrap_or_default();
        let mut initials = vec![first];
        if let Some((_, abbreviation)) = PROVINCE_ABBREVIATIONS.iter().find(|(p, _)| *p == prefix) {
            initials.push(*abbreviation);
        }
        for initial in initials {
            shorts.push(format!("{initial}{brief}"));
            // A normal university's school is written with 师 alone too: 川师附中, 华师一附中 (not
            // after a numeral: 四师 is the 兵团's fourth division).
            if brief == "师大" && !"一二三四五六七八九十".contains(initial) {
                shorts.push(format!("{initial}师"));
            }
        }
    }
    shorts
}

impl Universities {
    fn parse(text: &'static str) -> Universities {
        let list: Vec<University> = text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .filter_map(|line| {
                let mut fields = line.split('\t');
                let id = fields.next()?;
                let name = fields.next()?;
                let place = fields.next()?.parse().ok()?;
                Some(University { id, name, place })
            })
            .collect();
        let by_name: FxHashMap<&'static str, usize> = list.iter().enumerate().map(|(i, u)| (u.name, i)).collect();
        // A short name two institutions generate (南京师范大学 and 南宁师范大学 → 南师大), or that is
        // a full name or a place's name, stands for none of them.
        let mut generated: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for (i, u) in list.iter().enumerate() {
            for short in short_names(u.name) {
                generated.entry(short).or_default().push(i);
            }
        }

        let d = super::divisions();
        type Owned = Vec<(String, Vec<usize>)>;
        let (unique, shared): (Owned, Owned) = generated
            .into_iter()
            .filter(|(short, _)| !by_name.contains_key(short.as_str()) && d.named(short).is_empty())
            .partition(|(_, owners)| owners.len() == 1);
        let mut by_short: FxHashMap<String, usize> =
            unique.into_iter().map(|(short, owners)| (short, owners[0])).collect();
        // The table of colloquial names is read as written (西交大 is 西安交通大学, though the rule
        // gives it to 西南交通大学 too).
        for (short, full) in COLLOQUIAL {
            if let Some(&i) = by_name.get(full) {
                by_short.insert(short.to_string(), i);
            }
        }
        let shared_short: FxHashMap<String, Vec<usize>> = shared
            .into_iter()
            .filter(|(short, _)| !by_short.contains_key(short))
            .collect();
        let mut shorts: Vec<Vec<String>> = vec![Vec::new(); list.len()];
        for (short, &i) in &by_short {
            shorts[i].push(short.clone());
        }
        for forms in &mut shorts {
            forms.sort();
        }
        let longest = by_name
            .keys()
            .map(|n| n.len())
            .chain(by_short.keys().map(String::len))
            .chain(shared_short.keys().map(String::len))
            .max()
            .unwrap_or(0);
        Universities {
            list,
            by_name,
            by_short,
            shared_short,
            shorts,
            longest,
        }
    }

    /// How many institutions the list holds.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether the list is empty (never, as shipped).
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The institution of this full or short name.
    pub fn named(&self, name: &str) -> Option<&University> {
        self.by_name
            .get(name)
            .or_else(|| self.by_short.get(name))
            .map(|&i| &self.list[i])
    }

    /// The short names that stand for the institution of this full name (广西师范大学 → 广西师大,
    /// 桂师大), for the finder; none for a name the list does not hold.
    pub fn short_names_of(&self, name: &str) -> &[String] {
        self.by_name.get(name).map_or(&[], |&i| &self.shorts[i])
    }

    /// The institution whose full name `name` begins with (the longest such start), or whose
    /// short name it begins with when an affiliated school or nothing follows (北师大附中,
    /// 人大附小, 华中师大一附中 — not 清华中学), and what follows: 北师大附中 → (北京师范大学, 附中).
    pub fn leading<'n>(&self, name: &'n str) -> Option<(&University, &'n str)> {
        name.char_indices()
            .map(|(i, _)| i)
            .skip(2)
            .chain(std::iter::once(name.len()))
            .filter(|&end| end <= self.longest)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .find_map(|end| {
                let (start, rest) = name.split_at(end);
                let full = self.by_name.get(start);
                let short = || self.by_short.get(start).filter(|_| is_affiliated_school(rest));
                full.or_else(short).map(|&i| (&self.list[i], rest))
            })
    }

    /// The institutions a short name several of them generate stands for, when an affiliated
    /// school follows it (华师一附中 → 华中, 华南 and 华东师范大学; 一附中), and what follows.
    pub fn leading_among<'n>(&self, name: &'n str) -> Option<(Vec<&University>, &'n str)> {
        name.char_indices()
            .map(|(i, _)| i)
            .skip(2)
            .filter(|&end| end <= self.longest)
            .find_map(|end| {
                let (start, rest) = name.split_at(end);
                let owners = self
                    .shared_short
                    .get(start)
                    .filter(|_| is_affiliated_school(rest) && !rest.is_empty())?;
                Some((owners.iter().map(|&i| &self.list[i]).collect(), rest))
            })
    }
}

/// Whether `rest`, after a university's short name, is nothing or one of its affiliated schools
/// (附中, 附属小学, 一附中, 第二附属中学).
fn is_affiliated_school(rest: &str) -> bool {
    let after = rest.strip_prefix('第').unwrap_or(rest);
    let after = after.trim_start_matches(|c: char| "一二三四五六七八九十".contains(c));
    rest.is_empty() || after.starts_with('附')
}

/// The spelling of an institution's affiliated school written in full (北师大附中 →
/// 北京师范大学附属中学, 华中师大一附中 → 华中师范大学第一附属中学), so that the ways one school is
/// written are one school; `None` when the name does not begin with an institution of the list.
pub fn full_spelling(name: &str) -> Option<String> {
    let (university, rest) = universities().leading(name)?;
    const SHORT_PARTS: [(&str, &str); 4] = [
        ("附中", "附属中学"),
        ("附小", "附属小学"),
        ("附幼", "附属幼儿园"),
        ("附校", "附属学校"),
    ];
    let numeral = rest
        .chars()
        .next()
        .filter(|c| "一二三四五六七八九十".contains(*c) && !rest.starts_with('第'));
    let after_numeral = numeral.map_or(rest, |c| &rest[c.len_utf8()..]);
    let expanded = SHORT_PARTS
        .iter()
        .find(|(short, _)| after_numeral == *short)
        .map(|(_, long)| match numeral {
            Some(n) => format!("第{n}{long}"),
            None => long.to_string(),
        })
        .unwrap_or_else(|| rest.to_string());
    Some(format!("{}{expanded}", university.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_the_ministrys_of_2024() {
        let u = universities();
        assert_eq!(u.len(), 3117, "2,868 ordinary and 249 adult institutions");
        let pku = u.named("北京大学").unwrap();
        assert_eq!((pku.id, pku.place), ("4111010001", 11));
        assert_eq!(u.named("广西师范大学").unwrap().place, 4503, "桂林市");
        assert_eq!(u.named("兰州大学").unwrap().place, 6201, "兰州市");
        assert_eq!(u.named("河北工业大学").unwrap().place, 12, "in 天津, though under 河北");
    }

    #[test]
    fn short_names_are_generated_by_rule_and_checked_against_the_list() {
        let u = universities();
        for (short, full) in [
            ("北师大", "北京师范大学"),
            ("华中师大", "华中师范大学"),
            ("湖南师大", "湖南师范大学"),
            ("中央民大", "中央民族大学"),
            ("川师大", "四川师范大学"),
            ("陕师大", "陕西师范大学"),
            ("首师大", "首都师范大学"),
            ("华东师大", "华东师范大学"),
            ("西南民大", "西南民族大学"),
            ("上海交大", "上海交通大学"),
            ("西安交大", "西安交通大学"),
            ("哈工大", "哈尔滨工业大学"),
            ("中国农大", "中国农业大学"),
        ] {
            assert_eq!(u.named(short).map(|x| x.name), Some(full), "{short}");
        }
        // Two institutions give one short name: it stands for neither.
        assert_eq!(short_names("南京师范大学")[1], "南师大");
        assert_eq!(short_names("南宁师范大学")[1], "南师大");
        assert!(u.named("南师大").is_none());
        // Nothing is shortened that has no long ending, or too short a prefix.
        assert!(short_names("北京大学").is_empty());
        assert_eq!(
            u.short_names_of("四川师范大学"),
            ["四川师大", "四师大", "川师", "川师大"]
        );
        // 华师 is 华中, 华南 and 华东师范大学: read only before an affiliated school, for all three.
        assert!(u.named("华师").is_none());
        let (among, rest) = u.leading_among("华师一附中").unwrap();
        let mut names: Vec<&str> = among.iter().map(|x| x.name).collect();
        names.sort_unstable();
        assert_eq!(
            (names, rest),
            (vec!["华东师范大学", "华中师范大学", "华南师范大学"], "一附中")
        );
        assert!(u.leading_among("华师中学").is_none() && u.leading_among("华师").is_none());
        assert_eq!(
            u.short_names_of("南京师范大学"),
            ["南京师大", "南师"],
            "not 南师大, which 南宁 shares"
        );
        assert!(u.short_names_of("苍溪中学").is_empty());
        // Colloquial names of the best-known universities are a table, each checked here.
        for (short, full) in COLLOQUIAL {
            assert_eq!(u.named(short).map(|x| x.name), Some(full), "{short}");
        }
    }

    #[test]
    fn a_name_is_read_from_its_start() {
        let u = universities();
        let (x, rest) = u.leading("北师大附中").unwrap();
        assert_eq!((x.name, rest), ("北京师范大学", "附中"));
        let (x, rest) = u.leading("北京师范大学珠海校区").unwrap();
        assert_eq!((x.name, rest), ("北京师范大学", "珠海校区"));
        assert!(u.leading("北京市第一中学").is_none());
        assert!(
            u.leading("清华中学").is_none(),
            "a county school's name, not 清华大学's"
        );
        assert_eq!(u.leading("清华附中").unwrap().0.name, "清华大学");
        assert_eq!(u.leading("人大附中").unwrap().0.name, "中国人民大学");
        assert_eq!(u.leading("华科").unwrap().0.name, "华中科技大学");
        assert!(u.leading("").is_none());
    }

    #[test]
    fn affiliated_schools_are_written_in_full() {
        for (written, full) in [
            ("北师大附中", "北京师范大学附属中学"),
            ("北京师范大学附属中学", "北京师范大学附属中学"),
            ("华中师大一附中", "华中师范大学第一附属中学"),
            ("湖南师大附中", "湖南师范大学附属中学"),
            ("东北师大附小", "东北师范大学附属小学"),
        ] {
            assert_eq!(full_spelling(written).as_deref(), Some(full), "{written}");
        }
        assert_eq!(full_spelling("苍溪县第一中学"), None);
    }
}

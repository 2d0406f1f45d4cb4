//! China's statistical divisions (2023), embedded: lookup by code and name, paths, children.

pub mod place;
pub mod universities;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

/// What joins the names of a place's path on pages.
pub const PLACE_SEPARATOR: &str = " › ";

const TABLE: &str = include_str!("../../data/divisions/divisions.tsv");
/// The names counties and prefectures had before a rename or merger (九江县 → 柴桑区), derived from
/// yescallop/areacodes (CC0) by `data/divisions/derive_former.py`.
const FORMER_NAMES: &str = include_str!("../../data/divisions/former_names.tsv");

/// Administrative level, from the length of the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Level {
    Province,
    Prefecture,
    County,
    Township,
}

impl Level {
    pub fn of(code: u32) -> Level {
        match code {
            0..=99 => Level::Province,
            100..=9_999 => Level::Prefecture,
            10_000..=999_999 => Level::County,
            _ => Level::Township,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Level::Province => "省级",
            Level::Prefecture => "地级",
            Level::County => "县级",
            Level::Township => "乡级",
        }
    }
}

/// One division: its statistical code and name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Division {
    pub code: u32,
    pub name: &'static str,
}

impl Division {
    pub fn level(&self) -> Level {
        Level::of(self.code)
    }

    /// Placeholder prefectures (市辖区, 县, 省直辖县级行政区划) that group counties but are no place.
    pub fn is_placeholder(&self) -> bool {
        matches!(
            self.name,
            "市辖区" | "县" | "省直辖县级行政区划" | "自治区直辖县级行政区划"
        )
    }
}

/// The whole table with name indexes, built once.
pub struct Divisions {
    by_code: HashMap<u32, Division>,
    /// Prefecture-level cities without counties (东莞市, 中山市, 儋州市, 嘉峪关市): the table holds
    /// the city twice, as a prefecture whose only child is a county of the same name. The city is
    /// its own county; the prefecture entry is looked through like a placeholder.
    cities_without_counties: HashSet<u32>,
    by_name: HashMap<&'static str, Vec<u32>>,
    /// Short names of provinces and prefectures (广西, 柳州, 喀什, 凉山), code lists.
    by_short_name: HashMap<String, Vec<u32>>,
    /// Autonomous prefectures written by their first character and 州 (克州, 巴州, 博州; see
    /// [`initial_zhou`]), code lists: a clue only where one of the prefecture's counties follows.
    by_initial_zhou: HashMap<String, Vec<u32>>,
    /// Short names of counties as people write them in school names (苍溪, 三江, 融水), code lists.
    by_county_short_name: HashMap<String, Vec<u32>>,
    /// Short names of districts (萧山 for 萧山区, 顺义 for 顺义区), code lists, and each district's
    /// short name by code: only where no township anywhere has the same stem (城关, 和平, 新华 are
    /// townships too, so 城关中学 is no district's school). Used only inside a region the row or
    /// programme names, or right after its prefecture (see `place.rs`).
    by_district_short_name: HashMap<String, Vec<u32>>,
    district_short: HashMap<u32, String>,
    /// The real children of each division (placeholder groups looked through), worked out once:
    /// placing a school asks for them at every level of its name.
    children: HashMap<u32, Vec<Division>>,
    /// Each division's path from its province down to itself (placeholder groups left out),
    /// worked out once: every party link and region breadcrumb asks for one.
    paths: HashMap<u32, Box<[Division]>>,
    /// Each division's path as pages show it (广西壮族自治区 › 防城港市 › 东兴市), worked out once.
    place_texts: HashMap<u32, Box<str>>,
}

/// The embedded division table.
pub fn divisions() -> &'static Divisions {
    static CELL: OnceLock<Divisions> = OnceLock::new();
    CELL.get_or_init(|| Divisions::parse(TABLE))
}

impl Divisions {
    fn parse(text: &'static str) -> Divisions {
        let mut by_code = HashMap::default();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let Some((code, name)) = line.split_once('\t') else {
                continue;
            };
            let Ok(code) = code.parse::<u32>() else { continue };
            by_code.insert(code, Division { code, name });
        }
        let mut codes: Vec<u32> = by_code.keys().copied().collect();
        codes.sort_unstable();
        let mut children: HashMap<u32, Vec<u32>> = HashMap::default();
        for &code in &codes {
            if let Some(parent) = parent_code(code) {
                children.entry(parent).or_default().push(code);
            }
        }
        let cities_without_counties = cities_without_counties(&by_code, &children);
        let mut by_name: HashMap<&'static str, Vec<u32>> = HashMap::default();
        let mut by_short_name: HashMap<String, Vec<u32>> = HashMap::default();
        let mut by_initial_zhou: HashMap<String, Vec<u32>> = HashMap::default();
        let mut by_county_short_name: HashMap<String, Vec<u32>> = HashMap::default();
        let township_stems: HashSet<&str> = codes
            .iter()
            .map(|c| &by_code[c])
            .filter(|d| d.level() == Level::Township)
            .filter_map(|d| {
                ["民族乡", "街道", "苏木", "镇", "乡"]
                    .iter()
                    .find_map(|s| d.name.strip_suffix(s))
            })
            .collect();
        let mut by_district_short_name: HashMap<String, Vec<u32>> = HashMap::default();
        let mut aliases: Vec<(String, u32)> = Vec::new();
        let mut formers: HashMap<String, Vec<u32>> = HashMap::default();
        let mut district_short: HashMap<u32, String> = HashMap::default();
        for &code in &codes {
            let division = by_code[&code];
            if division.is_placeholder() || cities_without_counties.contains(&code) {
                continue;
            }
            by_name.entry(division.name).or_default().push(code);
            // An autonomous county as people write it, its peoples left out: 都安县, 积石山县.
            if let Some(alias) = autonomous_alias(division.name) {
                aliases.push((alias, code));
            }
            let city_as_county = parent_code(code).is_some_and(|p| cities_without_counties.contains(&p));
            if (matches!(division.level(), Level::Province | Level::Prefecture) || city_as_county)
                && let Some(short) = short_name(division.name)
            {
                // An autonomous prefecture is also written with 州: 甘南州, 黔东南州, 恩施州.
                if division.name.ends_with("自治州") {
                    by_short_name.entry(format!("{short}州")).or_default().push(code);
                    if let Some(initial) = initial_zhou(division.name) {
                        by_initial_zhou.entry(initial).or_default().push(code);
                    }
                }
                by_short_name.entry(short).or_default().push(code);
            }
            if division.level() == Level::County {
                for former in former_forms(division.name) {
                    formers.entry(former).or_default().push(code);
                }
                for short in county_short_name(division.name)
                    .into_iter()
                    .chain(banner_abbreviation(division.name))
                    .chain(banner_initial(division.name))
                {
                    by_county_short_name.entry(short).or_default().push(code);
                }
                if let Some(short) = district_short_name(division.name).filter(|s| !township_stems.contains(s.as_str()))
                {
                    by_district_short_name.entry(short.clone()).or_default().push(code);
                    district_short.insert(code, short);
                }
            }
        }
        for (alias, code) in aliases {
            // Leaked once per alias (about 120) so that every name in the index is `&'static str`.
            by_name.entry(Box::leak(alias.into_boxed_str())).or_default().push(code);
        }
        // Former names (会理县 for 会理市, 即墨市 for 即墨区), where no division has that name now:
        // several districts of one stem (鼓楼区) give one ambiguous name. A two-character one
        // (蓟县) not where a county's name ends with it: 江县 (江州区) would be read inside 通江县
        // and in 九江县, a county's name before it became 柴桑区.
        let county_tails: HashSet<String> = by_name
            .keys()
            .filter(|name| name.ends_with('县') && name.chars().count() > 2)
            .map(|name| name.chars().skip(name.chars().count() - 2).collect())
            .collect();
        // Then the names of the record of renames and mergers (九江县 → 柴桑区, 襄樊市 → 襄阳市,
        // 吴县 → 吴中区 and 相城区), except a two-character district's (市区, 郊区: words as much
        // as names). Where the rules make the name too, the rules' division stands if the record
        // has its area there (思茅市: 思茅区, one of the record's two), else the record's: the
        // rules guess 汉阳县 for 汉阳区, but 汉阳县 became 蔡甸区.
        for line in FORMER_NAMES.lines().filter(|l| !l.starts_with('#')) {
            let Some((name, now)) = line.split_once('\t') else {
                continue;
            };
            let codes: Vec<u32> = now
                .split(';')
                .filter_map(|c| c.parse().ok())
                .filter(|c| by_code.contains_key(c))
                .collect();
            let two_character_district = name.chars().count() <= 2 && name.ends_with('区');
            // (The record's names are unique, so what `formers` holds for one is the rules'.)
            let agreed = formers.get(name).is_some_and(|r| r.iter().all(|c| codes.contains(c)));
            if codes.is_empty() || two_character_district || agreed {
                continue;
            }
            // A renamed prefecture is written short too (襄樊四中), where no place has that short name
            // and no township that stem (渡口, 攀枝花's old name, is a township's too).
            if let [code] = codes[..]
                && Level::of(code) == Level::Prefecture
                && let Some(short) = short_name(name).filter(|s| {
                    !by_short_name.contains_key(s)
                        && !township_stems.contains(s.as_str())
                        && !by_county_short_name.contains_key(s)
                        && !by_name.contains_key(s.as_str())
                })
            {
                by_short_name.insert(short, vec![code]);
            }
            formers.insert(name.to_string(), codes);
        }
        let mut formers: Vec<(String, Vec<u32>)> = formers
            .into_iter()
            .filter(|(f, _)| !by_name.contains_key(f.as_str()))
            .filter(|(f, _)| f.chars().count() > 2 || !county_tails.contains(f))
            .collect();
        formers.sort_unstable();
        for (former, codes) in formers {
            // Leaked once each (about 4,000), like the aliases.
            by_name.insert(Box::leak(former.into_boxed_str()), codes);
        }
        let mut divisions = Divisions {
            by_code,
            cities_without_counties,
            by_name,
            by_short_name,
            by_initial_zhou,
            by_county_short_name,
            by_district_short_name,
            district_short,
            children: HashMap::default(),
            paths: HashMap::default(),
            place_texts: HashMap::default(),
        };
        divisions.children = children
            .keys()
            .map(|&code| (code, divisions.real_children(&children, code)))
            .collect();
        divisions.paths = codes
            .iter()
            .map(|&code| (code, divisions.walk_path(code).into()))
            .collect();
        divisions.place_texts = codes
            .iter()
            .map(|&code| (code, divisions.path_text(code, PLACE_SEPARATOR).into()))
            .collect();
        divisions
    }

    /// The real (non-placeholder) children of `code` by the table's parent links.
    fn real_children(&self, links: &HashMap<u32, Vec<u32>>, code: u32) -> Vec<Division> {
        let mut out = Vec::new();
        for c in links.get(&code).into_iter().flatten() {
            let Some(d) = self.get(*c) else { continue };
            if self.is_grouping(&d) {
                out.extend(self.real_children(links, d.code));
            } else {
                out.push(d);
            }
        }
        out
    }

    /// Whether a division only groups others and is no place of its own: a placeholder (市辖区)
    /// or the prefecture entry of a city without counties.
    fn is_grouping(&self, d: &Division) -> bool {
        d.is_placeholder() || self.cities_without_counties.contains(&d.code)
    }

    /// Every real (non-placeholder) division of a level, by code.
    pub fn all_at(&self, level: Level) -> Vec<Division> {
        let mut out: Vec<Division> = self
            .by_code
            .values()
            .filter(|d| d.level() == level && !self.is_grouping(d))
            .copied()
            .collect();
        out.sort_by_key(|d| d.code);
        out
    }

    pub fn get(&self, code: u32) -> Option<Division> {
        self.by_code.get(&code).copied()
    }

    /// Codes of the divisions with exactly this name.
    pub fn named(&self, name: &str) -> &[u32] {
        self.by_name.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Codes of provinces and prefectures with this short name (广西, 柳州).
    pub fn short_named(&self, name: &str) -> &[u32] {
        self.by_short_name.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Codes of autonomous prefectures written this way by their first character (克州 →
    /// 克孜勒苏柯尔克孜自治州).
    pub fn initial_zhou_named(&self, name: &str) -> &[u32] {
        self.by_initial_zhou.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Codes of counties with this short name (苍溪 → 苍溪县, 三江 → 三江侗族自治县).
    pub fn county_short_named(&self, name: &str) -> &[u32] {
        self.by_county_short_name.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Districts written by their short name (萧山 → 萧山区), as codes.
    pub fn district_short_named(&self, name: &str) -> &[u32] {
        self.by_district_short_name.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The short name a district is written by, if it has one no township shares.
    pub fn district_short(&self, code: u32) -> Option<&str> {
        self.district_short.get(&code).map(String::as_str)
    }

    /// The real (non-placeholder) children of a division; placeholder groups are looked through.
    pub fn children(&self, code: u32) -> &[Division] {
        self.children.get(&code).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The divisions from the province down to `code`, placeholders left out.
    pub fn path(&self, code: u32) -> &[Division] {
        nearest(&self.paths, code).map_or(&[], |path| path)
    }

    /// The path of `code` found by walking up the table (a code missing from the table starts
    /// at its nearest ancestor in it).
    fn walk_path(&self, code: u32) -> Vec<Division> {
        let mut path = Vec::new();
        let mut current = Some(code);
        while let Some(c) = current {
            if let Some(d) = self.get(c)
                && !self.is_grouping(&d)
            {
                path.push(d);
            }
            current = parent_code(c);
        }
        path.reverse();
        path
    }

    /// The path of `code` as pages show it, joined by ` › ` (as [`Divisions::path`], a code
    /// missing from the table starts at its nearest ancestor in it).
    pub fn place_text(&self, code: u32) -> &str {
        nearest(&self.place_texts, code).map_or("", |text| text)
    }

    /// The names from the province down to `code`, joined by `separator` (`广西壮族自治区 › 防城港市`).
    pub fn path_text(&self, code: u32, separator: &str) -> String {
        let mut text = String::new();
        for (i, d) in self.path(code).iter().enumerate() {
            if i > 0 {
                text.push_str(separator);
            }
            text.push_str(d.name);
        }
        text
    }

    /// The province a division lies in.
    pub fn province_of(code: u32) -> u32 {
        let mut c = code;
        while c > 99 {
            c = parent_code(c).unwrap_or(0);
        }
        c
    }

    /// Whether `code` lies within (or is) `ancestor`.
    pub fn within(code: u32, ancestor: u32) -> bool {
        let mut c = Some(code);
        while let Some(x) = c {
            if x == ancestor {
                return true;
            }
            c = parent_code(x);
        }
        false
    }

    /// A province by full or short name (广西壮族自治区, 广西), for programme hints.
    pub fn province_named(&self, name: &str) -> Option<u32> {
        self.named(name)
            .iter()
            .chain(self.short_named(name))
            .copied()
            .find(|c| Level::of(*c) == Level::Province)
    }

    /// The deepest division that contains all of `codes`.
    pub fn common_ancestor(&self, codes: &[u32]) -> Option<u32> {
        let first = *codes.first()?;
        let mut candidate = Some(first);
        while let Some(c) = candidate {
            let grouping = self.get(c).is_some_and(|d| self.is_grouping(&d));
            if !grouping && codes.iter().all(|x| Self::within(*x, c)) {
                return Some(c);
            }
            candidate = parent_code(c);
        }
        None
    }
}

/// Prefectures whose only child is a county of their own name (the table's way of writing a
/// prefecture-level city without counties), found from the structure, not from a list of names.
fn cities_without_counties(by_code: &HashMap<u32, Division>, children: &HashMap<u32, Vec<u32>>) -> HashSet<u32> {
    by_code
        .values()
        .filter(|d| d.level() == Level::Prefecture && !d.is_placeholder())
        .filter(|d| match children.get(&d.code).map(Vec::as_slice) {
            Some([only]) => by_code.get(only).is_some_and(|c| c.name == d.name),
            _ => false,
        })
        .map(|d| d.code)
        .collect()
}

/// What `map` holds for `code`, or for its nearest ancestor in the map (a code missing from the
/// table starts there).
fn nearest<T>(map: &HashMap<u32, T>, code: u32) -> Option<&T> {
    std::iter::successors(Some(code), |&c| parent_code(c)).find_map(|c| map.get(&c))
}

/// The code one level up: township → county → prefecture → province.
pub fn parent_code(code: u32) -> Option<u32> {
    match Level::of(code) {
        Level::Province => None,
        Level::Prefecture => Some(code / 100),
        Level::County => Some(code / 100),
        Level::Township => Some(code / 1000),
    }
}

/// The name people use without the suffix: 广西壮族自治区 → 广西, 柳州市 → 柳州, 喀什地区 → 喀什,
/// 凉山彝族自治州 → 凉山. Only names of two characters or more are kept.
pub fn short_name(name: &str) -> Option<String> {
    const PROVINCE_SUFFIXES: [&str; 6] = ["壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区", "省"];
    for suffix in PROVINCE_SUFFIXES {
        if let Some(stem) = name.strip_suffix(suffix) {
            return (stem.chars().count() >= 2).then(|| stem.to_string());
        }
    }
    if let Some(stem) = name.strip_suffix("自治州") {
        return Some(place_stem(stem));
    }
    for suffix in ["地区", "市", "盟"] {
        if let Some(stem) = name.strip_suffix(suffix) {
            return (stem.chars().count() >= 2).then(|| stem.to_string());
        }
    }
    None
}

/// An autonomous prefecture whose place has four characters or more, written by the first and
/// 州, as officials write the long transliterated ones: 克孜勒苏柯尔克孜自治州 → 克州,
/// 巴音郭楞蒙古自治州 → 巴州, 博尔塔拉蒙古自治州 → 博州. Such a form is one character of a
/// word, so `place.rs` counts it only before one of the prefecture's counties.
pub fn initial_zhou(name: &str) -> Option<String> {
    let stem = place_stem(name.strip_suffix("自治州")?);
    let first = stem.chars().next()?;
    (stem.chars().count() >= 4).then(|| format!("{first}州"))
}

/// The peoples named in autonomous areas' names (with or without 族), longest first where one
/// ends another (柯尔克孜 before 克孜); 各 is 各族, "all peoples" (隆林各族自治县 → 隆林县).
const PEOPLES: [&str; 57] = [
    "柯尔克孜",
    "乌孜别克",
    "维吾尔",
    "哈萨克",
    "塔吉克",
    "俄罗斯",
    "鄂温克",
    "鄂伦春",
    "达斡尔",
    "塔塔尔",
    "蒙古",
    "布依",
    "朝鲜",
    "土家",
    "哈尼",
    "傈僳",
    "拉祜",
    "东乡",
    "纳西",
    "景颇",
    "仫佬",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "德昂",
    "保安",
    "裕固",
    "独龙",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
    "高山",
    "回",
    "藏",
    "苗",
    "彝",
    "壮",
    "满",
    "侗",
    "瑶",
    "白",
    "傣",
    "黎",
    "佤",
    "畲",
    "水",
    "土",
    "羌",
    "怒",
    "京",
    "汉",
    "各",
];

/// An autonomous area's name without the peoples it ends with, as long as two characters are
/// left (积石山保安族东乡族撒拉族 → 积石山; 鄂伦春 stays).
fn without_peoples(stem: &str) -> &str {
    let mut rest = stem;
    loop {
        let before = rest.strip_suffix('族').unwrap_or(rest);
        match PEOPLES.iter().find_map(|p| before.strip_suffix(p)) {
            Some(shorter) if shorter.chars().count() >= 2 => rest = shorter,
            _ => return rest,
        }
    }
}

/// The place in an autonomous area's name, the peoples after it taken off: 黔东南苗族侗族 →
/// 黔东南, 博尔塔拉蒙古 → 博尔塔拉, 积石山保安族东乡族撒拉族 → 积石山. When nothing of two
/// characters is left (鄂伦春), the first two characters.
fn place_stem(stem: &str) -> String {
    let rest = without_peoples(stem);
    if rest == stem {
        stem.chars().take(2).collect()
    } else {
        rest.to_string()
    }
}

/// How people abbreviate a banner of Inner Mongolia, generated from its official name:
/// 科尔沁右翼中旗 → 科右中旗, 察哈尔右翼前旗 → 察右前旗, 阿拉善左旗 → 阿左旗, 乌拉特前旗 → 乌前旗
/// (the first character, the direction, 旗).
pub fn banner_abbreviation(name: &str) -> Option<String> {
    let stem = name.strip_suffix('旗')?;
    let first = stem.chars().next()?;
    // Two banners joined (达尔罕茂明安联合旗): the first character of each → 达茂旗.
    if let Some(joined) = stem.strip_suffix("联合") {
        let chars: Vec<char> = joined.chars().collect();
        return (chars.len() == 6).then(|| format!("{}{}旗", chars[0], chars[3]));
    }
    for wing in ["左翼", "右翼"] {
        if let Some((_, position)) = stem.split_once(wing)
            && let [p] = position.chars().collect::<Vec<_>>()[..]
            && "前中后".contains(p)
        {
            return Some(format!("{first}{}{p}旗", &wing[..3]));
        }
    }
    let direction = stem.chars().last()?;
    let before: String = stem.chars().take(stem.chars().count() - 1).collect();
    ("左右前中后".contains(direction) && before.chars().count() >= 2 && !before.ends_with(['翼']))
        .then(|| format!("{first}{direction}旗"))
}

/// An autonomous county or banner written with 县 or 旗 after its place, its peoples left out, as
/// officials often write it: 都安瑶族自治县 → 都安县, 积石山保安族东乡族撒拉族自治县 → 积石山县,
/// 鄂温克族自治旗 → 鄂温克旗.
pub fn autonomous_alias(name: &str) -> Option<String> {
    let (stem, suffix) = name
        .strip_suffix("自治县")
        .map(|s| (s, "县"))
        .or_else(|| name.strip_suffix("自治旗").map(|s| (s, "旗")))?;
    let seat = without_peoples(stem);
    // Nothing but a people (鄂温克族自治旗, 鄂伦春自治旗): the people's name.
    let seat = if seat == stem {
        stem.trim_end_matches('族')
    } else {
        seat
    };
    Some(format!("{seat}{suffix}"))
}

/// A banner of three or more characters before 旗 (its peoples left out) written by its first
/// character, where it has no other abbreviation: 莫力达瓦达斡尔族自治旗 → 莫旗, 翁牛特旗 → 翁旗,
/// 准格尔旗 → 准旗. Where two banners begin with one character (阿鲁科尔沁旗, 阿巴嘎旗) the form
/// names both, and places neither.
pub fn banner_initial(name: &str) -> Option<String> {
    if banner_abbreviation(name).is_some() || name.ends_with("联合旗") {
        return None;
    }
    let seat = autonomous_alias(name).unwrap_or_else(|| name.to_string());
    let stem = seat.strip_suffix('旗')?;
    let first = stem.chars().next()?;
    (stem.chars().count() >= 3).then(|| format!("{first}旗"))
}

/// The forms a county is written in after its province or prefecture besides its full name:
/// its short name (苍溪, 三江), a banner's abbreviation (科右前旗), an autonomous county's alias
/// (都安县).
pub fn county_written_forms(name: &str) -> Vec<String> {
    county_short_name(name)
        .into_iter()
        .chain(banner_abbreviation(name))
        .chain(banner_initial(name))
        .chain(autonomous_alias(name))
        .chain(former_forms(name))
        .collect()
}

/// The names a county-level city or a district had before the county became a city or a
/// district (撤县设市, 撤县设区, 撤市设区), as lists published before, and lists copied from
/// them, still write them: 会理市 → 会理县, 即墨区 → 即墨市 and 即墨县, 宁乡市 → 宁乡县. A county
/// (县, 旗) has none, and an autonomous county's other name is its alias.
pub fn former_forms(name: &str) -> Vec<String> {
    if name.contains("自治") || name.ends_with(['县', '旗']) {
        return Vec::new();
    }
    let Some(stem) = county_short_name(name).or_else(|| district_short_name(name)) else {
        return Vec::new();
    };
    ["县", "市"]
        .iter()
        .map(|suffix| format!("{stem}{suffix}"))
        .filter(|former| former != name)
        .chain(one_character_county(&stem))
        .collect()
}

/// The one-character county a city or district named X州 was (彬州市 ← 彬县, 蓟州区 ← 蓟县,
/// 万州区 ← 万县, 嵊州市 ← 嵊县): the county took 州 when it became a city or district.
fn one_character_county(stem: &str) -> Option<String> {
    let mut chars = stem.chars();
    let (first, second) = (chars.next()?, chars.next()?);
    (second == '州' && chars.next().is_none()).then(|| format!("{first}县"))
}

/// A district's name without 区 (萧山区 → 萧山, 浦东新区 → 浦东, 神农架林区 → 神农架), when at least
/// two characters are left.
pub fn district_short_name(name: &str) -> Option<String> {
    let stem = ["新区", "林区", "特区", "区"]
        .iter()
        .find_map(|s| name.strip_suffix(s))?;
    (stem.chars().count() >= 2 && !name.ends_with("自治区")).then(|| stem.to_string())
}

/// The short name of a county as people write it before a school's name: 苍溪县 → 苍溪,
/// 靖西市 → 靖西, and for autonomous counties the first two characters (三江侗族自治县 → 三江,
/// 融水苗族自治县 → 融水). Districts (区) have none: their stems (城中, 新华, 光明) are ordinary
/// words in school names.
pub fn county_short_name(name: &str) -> Option<String> {
    if let Some(stem) = name.strip_suffix("自治县").or_else(|| name.strip_suffix("自治旗")) {
        return Some(place_stem(stem));
    }
    for suffix in ["县", "市", "旗"] {
        if let Some(stem) = name.strip_suffix(suffix) {
            return (stem.chars().count() >= 2).then(|| stem.to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_loads_with_paths_and_children() {
        let d = divisions();
        assert_eq!(d.get(450681).unwrap().name, "东兴市");
        let path: Vec<&str> = d.path(450681).iter().map(|x| x.name).collect();
        assert_eq!(path, vec!["广西壮族自治区", "防城港市", "东兴市"]);
        let beijing: Vec<&str> = d.path(110101).iter().map(|x| x.name).collect();
        assert_eq!(beijing, vec!["北京市", "东城区"], "placeholder 市辖区 is left out");
        assert!(d.children(4506).iter().any(|c| c.name == "防城区"));
        assert_eq!(d.named("城中区").len(), 2);
        assert_eq!(d.province_named("广西"), Some(45));
        assert_eq!(d.province_named("四川省"), Some(51));
        assert_eq!(d.common_ancestor(&[450681, 450603]), Some(4506));
    }

    #[test]
    fn paths_are_worked_out_once_and_match_the_walk() {
        let d = divisions();
        for code in [45, 4506, 450681, 110101, 441900, 450681100] {
            assert_eq!(d.path(code), d.walk_path(code).as_slice(), "{code}");
        }
        // A code the table lacks starts at its nearest ancestor in the table, as the walk does.
        assert_eq!(d.path(450681999), d.walk_path(450681999).as_slice());
        assert_eq!(d.path(450681999), d.path(450681));
        assert!(d.path(99).is_empty());
        assert_eq!(d.path_text(450681, " › "), "广西壮族自治区 › 防城港市 › 东兴市");
        assert_eq!(d.path_text(99, "/"), "");
        for code in [45, 4506, 450681, 110101, 441900, 450681100, 450681999, 99] {
            assert_eq!(d.place_text(code), d.path_text(code, " › "), "{code}");
        }
    }

    #[test]
    fn short_names() {
        assert_eq!(short_name("广西壮族自治区").as_deref(), Some("广西"));
        assert_eq!(short_name("柳州市").as_deref(), Some("柳州"));
        assert_eq!(short_name("喀什地区").as_deref(), Some("喀什"));
        assert_eq!(short_name("凉山彝族自治州").as_deref(), Some("凉山"));
        assert_eq!(short_name("黔东南苗族侗族自治州").as_deref(), Some("黔东南"));
        assert_eq!(short_name("西双版纳傣族自治州").as_deref(), Some("西双版纳"));
        assert_eq!(short_name("博尔塔拉蒙古自治州").as_deref(), Some("博尔塔拉"));
        assert_eq!(short_name("克孜勒苏柯尔克孜自治州").as_deref(), Some("克孜勒苏"));
        assert_eq!(short_name("恩施土家族苗族自治州").as_deref(), Some("恩施"));
        assert_eq!(
            county_short_name("积石山保安族东乡族撒拉族自治县").as_deref(),
            Some("积石山")
        );
        assert_eq!(county_short_name("察布查尔锡伯自治县").as_deref(), Some("察布查尔"));
        assert_eq!(county_short_name("鄂伦春自治旗").as_deref(), Some("鄂伦"));
        for (name, alias) in [
            ("都安瑶族自治县", "都安县"),
            ("积石山保安族东乡族撒拉族自治县", "积石山县"),
            ("峨边彝族自治县", "峨边县"),
            ("罗城仫佬族自治县", "罗城县"),
            ("鄂温克族自治旗", "鄂温克旗"),
            ("鄂伦春自治旗", "鄂伦春旗"),
            ("莫力达瓦达斡尔族自治旗", "莫力达瓦旗"),
            ("隆林各族自治县", "隆林县"),
        ] {
            assert_eq!(autonomous_alias(name).as_deref(), Some(alias), "{name}");
        }
        assert_eq!(autonomous_alias("苍溪县"), None);
        assert_eq!(county_short_name("隆林各族自治县").as_deref(), Some("隆林"));
        assert_eq!(former_forms("会理市"), ["会理县"]);
        assert_eq!(former_forms("即墨区"), ["即墨县", "即墨市"]);
        assert_eq!(former_forms("彬州市"), ["彬州县", "彬县"]);
        assert_eq!(former_forms("蓟州区"), ["蓟州县", "蓟州市", "蓟县"]);
        assert_eq!(former_forms("荆州区"), ["荆州县", "荆州市", "荆县"]);
        assert!(former_forms("苍溪县").is_empty() && former_forms("三江侗族自治县").is_empty());
        assert_eq!(banner_abbreviation("达尔罕茂明安联合旗").as_deref(), Some("达茂旗"));
        let d = divisions();
        // Each written form stands for exactly the prefecture named.
        let names_one = |codes: &[u32], written: &str, full: &str| {
            assert_eq!(codes.len(), 1, "{written}");
            assert_eq!(d.get(codes[0]).unwrap().name, full);
        };
        for (written, full) in [
            ("克州", "克孜勒苏柯尔克孜自治州"),
            ("巴州", "巴音郭楞蒙古自治州"),
            ("博州", "博尔塔拉蒙古自治州"),
        ] {
            names_one(d.initial_zhou_named(written), written, full);
        }
        assert_eq!(initial_zhou("甘南藏族自治州"), None, "two characters: 甘南州");
        assert!(d.short_named("克州").is_empty(), "not a short name on its own");
        for (written, full) in [
            ("甘南州", "甘南藏族自治州"),
            ("黔东南州", "黔东南苗族侗族自治州"),
            ("恩施州", "恩施土家族苗族自治州"),
        ] {
            names_one(d.short_named(written), written, full);
        }
        assert_eq!(short_name("新疆维吾尔自治区").as_deref(), Some("新疆"));
        assert_eq!(short_name("沙市"), None);
        assert_eq!(county_short_name("苍溪县").as_deref(), Some("苍溪"));
        assert_eq!(county_short_name("三江侗族自治县").as_deref(), Some("三江"));
        assert_eq!(county_short_name("靖西市").as_deref(), Some("靖西"));
        assert_eq!(county_short_name("城中区"), None);
        assert_eq!(county_short_name("蓟县"), None, "one character is no name");
        for (name, abbreviation) in [
            ("科尔沁右翼中旗", Some("科右中旗")),
            ("科尔沁左翼后旗", Some("科左后旗")),
            ("察哈尔右翼前旗", Some("察右前旗")),
            ("阿拉善左旗", Some("阿左旗")),
            ("乌拉特前旗", Some("乌前旗")),
            ("新巴尔虎右旗", Some("新右旗")),
            ("敖汉旗", None),
            ("四子王旗", None),
        ] {
            assert_eq!(banner_abbreviation(name).as_deref(), abbreviation, "{name}");
        }
        for (name, initial) in [
            ("莫力达瓦达斡尔族自治旗", Some("莫旗")),
            ("翁牛特旗", Some("翁旗")),
            ("准格尔旗", Some("准旗")),
            ("达拉特旗", Some("达旗")),
            ("敖汉旗", None),
            ("鄂伦春自治旗", Some("鄂旗")),
            ("科尔沁右翼中旗", None),
            ("达尔罕茂明安联合旗", None),
        ] {
            assert_eq!(banner_initial(name).as_deref(), initial, "{name}");
        }
        let d = divisions();
        assert_eq!(d.county_short_named("莫旗").len(), 1);
        assert_eq!(d.county_short_named("达旗").len(), 1, "达茂旗 is the joined banner's");
        // Two or more banners begin with 阿 and with 鄂: the form names them all.
        assert!(d.county_short_named("阿旗").len() > 1 && d.county_short_named("鄂旗").len() > 1);
        assert!(divisions().county_short_named("融水").len() == 1);
    }
}

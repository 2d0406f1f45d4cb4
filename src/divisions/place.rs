//! Placing a name in the division tree: 防城港市防城区峒中镇中心小学 → 广西/防城港市/防城区/峒中镇.
//! Only what the name (or an explicit county column) says for certain; ambiguity is reported.

use super::{Level, divisions};
use serde::Serialize;

/// What a placement rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Basis {
    /// The name begins with place names.
    Name,
    /// The table's county column.
    Column,
    /// Only the programme's province.
    Hint,
    /// Nothing: the place is unknown.
    Unknown,
}

/// Where a name lies, as far as is certain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// The deepest certain division.
    pub code: Option<u32>,
    pub basis: Basis,
    /// Divisions the name could equally mean (城中区 without a province), when ambiguous.
    pub ambiguous: Vec<u32>,
    /// The whole name is a place name (a region, such as 济南市 or 普宁市).
    pub exact: bool,
}

/// Places `name`; `hint` is the programme's province code, `column` an explicit county-column value.
pub fn place(name: &str, hint: Option<u32>, column: Option<&str>) -> Placement {
    if let Some(column) = column.map(str::trim).filter(|c| !c.is_empty()) {
        let region = place(column, hint, None);
        if let Some(code) = region.code.filter(|_| region.exact) {
            let d = divisions();
            let path_names: Vec<&str> = d.path(code).iter().map(|x| x.name).collect();
            let mut rest = name;
            for n in &path_names {
                rest = rest.strip_prefix(n).unwrap_or(rest);
            }
            let (deepest, rest) = descend(code, rest);
            return Placement {
                code: Some(deepest),
                basis: Basis::Column,
                ambiguous: Vec::new(),
                exact: rest.is_empty(),
            };
        }
    }
    let candidates = global_candidates(name, hint);
    match candidates.as_slice() {
        [] => Placement {
            code: hint,
            basis: if hint.is_some() { Basis::Hint } else { Basis::Unknown },
            ambiguous: Vec::new(),
            exact: false,
        },
        [(code, len)] => {
            let (deepest, rest) = descend(*code, &name[*len..]);
            Placement {
                code: Some(deepest),
                basis: Basis::Name,
                ambiguous: Vec::new(),
                exact: rest.is_empty(),
            }
        }
        many => {
            let codes: Vec<u32> = many.iter().map(|(c, _)| *c).collect();
            let common = divisions().common_ancestor(&codes).or(hint);
            Placement {
                code: common,
                basis: if common.is_some() { Basis::Name } else { Basis::Unknown },
                ambiguous: codes,
                exact: false,
            }
        }
    }
}

/// Provinces, prefectures and counties whose name (or short name) begins `name`: the longest match,
/// narrowed to the hinted province when that leaves any.
fn global_candidates(name: &str, hint: Option<u32>) -> Vec<(u32, usize)> {
    let d = divisions();
    let mut found: Vec<(u32, usize, bool)> = Vec::new();
    for (end, _) in name.char_indices().skip(1).chain(std::iter::once((name.len(), ' '))) {
        let prefix = &name[..end];
        for &code in d.named(prefix) {
            if Level::of(code) != Level::Township {
                found.push((code, end, false));
            }
        }
        for &code in d.short_named(prefix) {
            found.push((code, end, true));
        }
    }
    if let Some(h) = hint {
        found.retain(|(code, _, short)| !short || super::Divisions::within(*code, h));
        if found.iter().any(|(code, _, _)| super::Divisions::within(*code, h)) {
            found.retain(|(code, _, _)| super::Divisions::within(*code, h));
        }
    }
    let Some(longest) = found.iter().map(|(_, len, _)| *len).max() else {
        return Vec::new();
    };
    let mut best: Vec<(u32, usize)> = found
        .iter()
        .filter(|(_, len, _)| *len == longest)
        .map(|(c, l, _)| (*c, *l))
        .collect();
    best.sort_unstable();
    best.dedup();
    // One place written inside itself (a city and a county of the same name that it contains) is
    // one candidate, the deeper one, never an ambiguity.
    let nested: Vec<u32> = best
        .iter()
        .filter(|(outer, _)| {
            best.iter().any(|(inner, _)| {
                inner != outer
                    && super::Divisions::within(*inner, *outer)
                    && d.get(*inner).map(|x| x.name) == d.get(*outer).map(|x| x.name)
            })
        })
        .map(|(c, _)| *c)
        .collect();
    best.retain(|(c, _)| !nested.contains(c));
    best
}

/// Follows child divisions named at the start of `rest`; returns the deepest and what is left.
fn descend(code: u32, rest: &str) -> (u32, &str) {
    let d = divisions();
    let (mut current, mut rest) = (code, rest);
    loop {
        let mut matches: Vec<(u32, usize)> = d
            .children(current)
            .into_iter()
            .filter(|c| rest.starts_with(c.name))
            .map(|c| (c.code, c.name.len()))
            .collect();
        // A province followed directly by one of its counties (四川省苍溪县…), as people write:
        // the prefecture in between is implied when the county name is unique in the province.
        if matches.is_empty() && Level::of(current) == Level::Province {
            matches = d
                .children(current)
                .into_iter()
                .flat_map(|p| d.children(p.code))
                .filter(|c| c.level() == Level::County && rest.starts_with(c.name))
                .map(|c| (c.code, c.name.len()))
                .collect();
        }
        let Some(longest) = matches.iter().map(|m| m.1).max() else {
            break;
        };
        matches.retain(|m| m.1 == longest);
        if matches.len() != 1 {
            break;
        }
        current = matches[0].0;
        rest = &rest[longest..];
    }
    (current, rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(p: &Placement) -> String {
        p.code.map(|c| divisions().path_text(c, "/")).unwrap_or_default()
    }

    const GX: Option<u32> = Some(45);

    #[test]
    fn places_schools_by_their_names() {
        for (name, expected) in [
            ("防城港市防城区峒中镇中心小学", "广西壮族自治区/防城港市/防城区/峒中镇"),
            ("东兴市京族学校", "广西壮族自治区/防城港市/东兴市"),
            ("东兴市江平镇中心小学", "广西壮族自治区/防城港市/东兴市/江平镇"),
            ("那坡县百都乡那隆完全小学", "广西壮族自治区/百色市/那坡县/百都乡"),
            ("桂林市七星区卓然小学", "广西壮族自治区/桂林市/七星区"),
            ("柳州铁路第一中学", "广西壮族自治区/柳州市"),
            ("桂平市逸夫实验小学", "广西壮族自治区/贵港市/桂平市"),
            ("广西师范大学", "广西壮族自治区"),
            ("防城港市防城区那良中学(初中)", "广西壮族自治区/防城港市/防城区"),
        ] {
            let p = place(name, GX, None);
            assert_eq!(path(&p), expected, "{name}");
            assert_eq!(p.basis, Basis::Name, "{name}");
        }
    }

    #[test]
    fn the_hint_decides_names_that_repeat_nationally() {
        let p = place("城中区第一小学", GX, None);
        assert_eq!(path(&p), "广西壮族自治区/柳州市/城中区");
        let p = place("城中区第一小学", None, None);
        assert_eq!(p.ambiguous.len(), 2, "柳州 and 西宁 both have a 城中区");
        assert_eq!(p.code, None);
    }

    #[test]
    fn regions_columns_and_unknowns() {
        let p = place("济南市", Some(37), None);
        assert!(p.exact);
        assert_eq!(path(&p), "山东省/济南市");
        let p = place("普宁市", None, None);
        assert_eq!((p.exact, path(&p).as_str()), (true, "广东省/揭阳市/普宁市"));
        let p = place("洪溪初级中学", Some(51), Some("美姑县"));
        assert_eq!(
            (p.basis, path(&p).as_str()),
            (Basis::Column, "四川省/凉山彝族自治州/美姑县")
        );
        let p = place("自治区党委幼儿园", GX, None);
        assert_eq!((p.basis, p.code), (Basis::Hint, Some(45)));
        let p = place("实验小学", None, None);
        assert_eq!((p.basis, p.code), (Basis::Unknown, None));
        let p = place("中山路小学", GX, None);
        assert_eq!(
            p.basis,
            Basis::Hint,
            "a short name outside the hinted province is no match"
        );
    }

    #[test]
    fn a_province_followed_directly_by_its_county() {
        for (name, expected) in [
            ("四川省苍溪县城郊中学", "四川省/广元市/苍溪县"),
            (
                "甘肃省东乡族自治县锁南镇中心小学",
                "甘肃省/临夏回族自治州/东乡族自治县/锁南镇",
            ),
            ("重庆市城口县坪坝镇中心小学", "重庆市/城口县/坪坝镇"),
        ] {
            let p = place(name, None, None);
            assert_eq!(path(&p), expected, "{name}");
        }
        // A county name that two prefectures of the province share stays at the province.
        let p = place("河北省新华区实验小学", None, None);
        assert_eq!(path(&p), "河北省", "石家庄市 and 沧州市 both have a 新华区");
    }

    #[test]
    fn cities_without_counties_are_their_own_county() {
        for (name, hint, expected) in [
            ("中山市大涌镇第二小学", None, "广东省/中山市/大涌镇"),
            ("中山市实验中学", Some(44), "广东省/中山市"),
            ("东莞市虎门镇中心小学", None, "广东省/东莞市/虎门镇"),
            ("东莞市第一中学", None, "广东省/东莞市"),
            ("儋州市那大镇第一小学", Some(46), "海南省/儋州市/那大镇"),
            ("儋州市第二中学", None, "海南省/儋州市"),
            ("嘉峪关市新城镇中心小学", None, "甘肃省/嘉峪关市/新城镇"),
            ("嘉峪关市酒钢三中", Some(62), "甘肃省/嘉峪关市"),
            ("中山纪念中学", None, "广东省/中山市"),
        ] {
            let p = place(name, hint, None);
            assert_eq!(path(&p), expected, "{name}");
            assert!(p.ambiguous.is_empty(), "{name}: {:?}", p.ambiguous);
            assert!(Level::of(p.code.unwrap()) >= Level::County, "{name}");
        }
        for (city, school, expected) in [
            ("东莞市", "大岭山镇中心小学", "广东省/东莞市/大岭山镇"),
            ("中山市", "第一中学", "广东省/中山市"),
            ("儋州市", "和庆镇中学", "海南省/儋州市/和庆镇"),
            ("嘉峪关市", "第五中学", "甘肃省/嘉峪关市"),
        ] {
            let p = place(school, None, Some(city));
            assert_eq!(
                (p.basis, path(&p).as_str()),
                (Basis::Column, expected),
                "{city} {school}"
            );
        }
        let city = place("东莞市", None, None);
        assert!(city.exact);
        assert_eq!(Level::of(city.code.unwrap()), Level::County);
    }
}

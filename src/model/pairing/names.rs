//! Party names: normalisation, kind (school, institution, region) and multi-line cells.

use crate::divisions::place::{Basis, place};
use serde::Serialize;

/// What a party is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum PartyKind {
    School,
    Institution,
    Region,
}

impl PartyKind {
    pub fn label(self) -> &'static str {
        match self {
            PartyKind::School => "学校",
            PartyKind::Institution => "单位",
            PartyKind::Region => "地区",
        }
    }
}

const SCHOOL_ENDINGS: [&str; 17] = [
    // Vocational centres are schools with pages of their own, not units (they end in 中心).
    "职教中心",
    "职业教育中心",
    "职业技术教育中心",
    "职业教育培训中心",
    "中心校",
    "小学",
    "中学",
    "幼儿园",
    "学校",
    "保育院",
    "教学点",
    "完小",
    "分园",
    "初中",
    "高中",
    "学部",
    "园",
];
const INSTITUTION_ENDINGS: [&str; 19] = [
    "大学",
    "学院",
    "教育局",
    "教育厅",
    "研究院",
    "研究所",
    "中心",
    "委员会",
    "政府",
    // Parties, leagues, associations and firms that support schools (民盟萧山区委会, 团委).
    "委会",
    "团委",
    "工会",
    "妇联",
    "协会",
    "商会",
    "基金会",
    "公司",
    "集团",
    "银行",
];

/// The canonical spelling: no whitespace (line breaks, stray and full-width spaces) and full-width
/// brackets, as in 那良中学（初中）.
pub fn normalise(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            c => c,
        })
        .collect()
}

/// A name without a trailing bracketed remark: 那良中学（初中） → 那良中学.
fn without_remark(name: &str) -> &str {
    match name.strip_suffix('）').and_then(|s| s.rfind('（').map(|i| &s[..i])) {
        Some(stem) if !stem.is_empty() => stem,
        _ => name,
    }
}

/// Whether a (normalised) name ends like a complete school or institution name.
pub fn is_complete_name(name: &str) -> bool {
    let stem = without_remark(name);
    SCHOOL_ENDINGS
        .iter()
        .chain(INSTITUTION_ENDINGS.iter())
        .any(|e| stem.ends_with(e))
}

/// The kind of a party from its name; `region` when the whole name is a place name.
pub fn classify(name: &str, region: bool) -> PartyKind {
    if region {
        return PartyKind::Region;
    }
    let stem = without_remark(name);
    // A university written short (北师大, 华中师大) has no institution's ending.
    if crate::divisions::universities::universities().named(stem).is_some() {
        return PartyKind::Institution;
    }
    if SCHOOL_ENDINGS.iter().any(|e| stem.ends_with(e)) {
        PartyKind::School
    } else if INSTITUTION_ENDINGS.iter().any(|e| stem.ends_with(e)) {
        PartyKind::Institution
    } else {
        PartyKind::School
    }
}

/// How the lines of a multi-line cell were read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellReading {
    /// One line, nothing to decide.
    Single,
    /// Lines joined into one name (广西幼儿师范高等专科学校 / 实验幼儿园).
    Joined,
    /// Lines split into several names (柳州市第八中学 / 柳州市景行小学).
    Split,
    /// Names listed with 、 or ；, one party each.
    Listed,
}

/// Reads a cell that may hold several names, one per line. A line starts a new name only when the
/// previous line is a complete name and the new line begins with a place name; otherwise the
/// lines are one name broken over two lines.
pub fn read_names_cell(cell: &str, hint: Option<u32>) -> (Vec<String>, CellReading) {
    if cell.contains(['、', '；', ';']) {
        let names: Vec<String> = cell
            .split(['、', '；', ';'])
            .map(|n| n.trim().replace('\n', ""))
            .filter(|n| !n.is_empty())
            .collect();
        let reading = if names.len() > 1 {
            CellReading::Listed
        } else {
            CellReading::Single
        };
        return (names, reading);
    }
    let lines: Vec<&str> = cell.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if lines.len() <= 1 {
        return (lines.iter().map(|l| l.to_string()).collect(), CellReading::Single);
    }
    let mut names: Vec<String> = vec![lines[0].to_string()];
    let mut split = false;
    let mut joined = false;
    for line in &lines[1..] {
        let previous = names.last().map(|n| normalise(n)).unwrap_or_default();
        let starts_with_place = place(&normalise(line), hint, None).basis == Basis::Name;
        if is_complete_name(&previous) && starts_with_place {
            names.push(line.to_string());
            split = true;
        } else if let Some(last) = names.last_mut() {
            last.push_str(line);
            joined = true;
        }
    }
    let reading = match (split, joined) {
        (true, _) => CellReading::Split,
        (false, true) => CellReading::Joined,
        _ => CellReading::Single,
    };
    (names, reading)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_spaces_and_brackets() {
        assert_eq!(
            normalise("防城港市防城区那良中学(初中)"),
            "防城港市防城区那良中学（初中）"
        );
        assert_eq!(normalise(" 玉林市玉州区第五实验小学 "), "玉林市玉州区第五实验小学");
        assert_eq!(
            normalise("广西壮族自治区直属机关\n第一幼儿园"),
            "广西壮族自治区直属机关第一幼儿园"
        );
        assert_eq!(normalise("胡\u{3000}丹"), "胡丹");
    }

    #[test]
    fn kinds() {
        assert_eq!(classify("东兴市京族学校", false), PartyKind::School);
        assert_eq!(classify("那良中学（初中）", false), PartyKind::School);
        assert_eq!(classify("广西师范大学", false), PartyKind::Institution);
        assert_eq!(classify("揭阳职业技术学院", false), PartyKind::Institution);
        assert_eq!(classify("河池学院附属中学", false), PartyKind::School);
        assert_eq!(classify("普宁市", true), PartyKind::Region);
        assert_eq!(classify("苍溪县职业教育中心", false), PartyKind::School);
        assert_eq!(classify("临潭县职教中心", false), PartyKind::School);
        assert_eq!(classify("岷县教师发展中心", false), PartyKind::Institution);
        assert_eq!(classify("城关镇中心校", false), PartyKind::School);
        assert_eq!(
            classify("北师大", false),
            PartyKind::Institution,
            "a university written short"
        );
        assert_eq!(classify("北师大附中", false), PartyKind::School);
        assert_eq!(classify("民盟杭州市萧山区委会", false), PartyKind::Institution);
        assert_eq!(classify("萧山区团委", false), PartyKind::Institution);
        assert_eq!(classify("中国移动通信集团", false), PartyKind::Institution);
    }

    #[test]
    fn multi_line_cells_split_or_join() {
        let gx = Some(45);
        assert_eq!(
            read_names_cell("柳州市第八中学\n柳州市景行小学", gx),
            (
                vec!["柳州市第八中学".to_string(), "柳州市景行小学".to_string()],
                CellReading::Split
            )
        );
        assert_eq!(
            read_names_cell("广西幼儿师范高等专科学校\n实验幼儿园", gx),
            (
                vec!["广西幼儿师范高等专科学校实验幼儿园".to_string()],
                CellReading::Joined
            )
        );
        assert_eq!(
            read_names_cell("广西壮族自治区直属机关\n第一幼儿园", gx),
            (
                vec!["广西壮族自治区直属机关第一幼儿园".to_string()],
                CellReading::Joined
            )
        );
        assert_eq!(read_names_cell("桂林市宝贤中学", gx).1, CellReading::Single);
        assert_eq!(read_names_cell("乐山市实验中学、乐山市实验小学", None).0.len(), 2);
    }
}

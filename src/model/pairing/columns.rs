//! Finding a pairing table's columns by their Chinese headers (or the programme's mapping).

use std::collections::BTreeMap;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Number,
    Recipient,
    Supporter,
    Lead,
    Stage,
    County,
    Note,
    /// The province of the row (省份): a hint for placing its schools.
    Province,
    /// The region of the row (地区): a county, or a prefecture or province as a hint.
    Area,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::Number,
        Role::Recipient,
        Role::Supporter,
        Role::Lead,
        Role::Stage,
        Role::County,
        Role::Note,
        Role::Province,
        Role::Area,
    ];

    /// The key used in a programme's `columns` mapping.
    pub fn key(self) -> &'static str {
        match self {
            Role::Number => "number",
            Role::Recipient => "recipient",
            Role::Supporter => "supporter",
            Role::Lead => "lead",
            Role::Stage => "stage",
            Role::County => "county",
            Role::Note => "note",
            Role::Province => "province",
            Role::Area => "area",
        }
    }

    /// The reader-facing name.
    pub fn label(self) -> &'static str {
        match self {
            Role::Number => "编号",
            Role::Recipient => "受援方",
            Role::Supporter => "支援方",
            Role::Lead => "牵头单位",
            Role::Stage => "学段",
            Role::County => "县（市、区）",
            Role::Note => "备注",
            Role::Province => "省份",
            Role::Area => "地区",
        }
    }

    /// Headers recognised for this role (compared after removing spaces and unifying brackets).
    pub fn headers(self) -> &'static [&'static str] {
        match self {
            Role::Number => &["编号", "序号", "结对编号"],
            Role::Recipient => &[
                "受援学校",
                "受援园",
                "受援方",
                "受援单位",
                "受援学校（幼儿园）",
                "被帮扶学校",
                "被帮扶方",
                "受援地区",
            ],
            Role::Supporter => &[
                "支援学校",
                "支援园",
                "支援方",
                "支援单位",
                "支援学校（幼儿园）",
                "帮扶学校",
                "帮扶单位",
                "帮扶方",
                "托管高校",
                "托管学校",
                "托管单位",
            ],
            Role::Lead => &["牵头高校", "牵头单位", "牵头学校"],
            Role::Stage => &["学段"],
            Role::County => &["县（市、区）", "县（区）", "县区", "所在县", "县（市、区、旗）"],
            Role::Note => &["备注", "备注说明", "说明"],
            Role::Province => &[
                "省份",
                "省（区、市）",
                "省区市",
                "所在省份",
                "省（自治区、直辖市）",
                "省",
            ],
            Role::Area => &["地区", "所在地区", "所在地", "地市", "市（州）"],
        }
    }

    /// The role whose headers are closest to `header` (most characters in common), for a hint
    /// when a table's header is not recognised: 托管院校 → supporter.
    pub fn closest(header: &str) -> Option<Role> {
        let cell: Vec<char> = normalise_header(header).chars().collect();
        if cell.is_empty() {
            return None;
        }
        let score = |known: &str| {
            let known: Vec<char> = known.chars().collect();
            let common = cell.iter().filter(|c| known.contains(c)).count();
            common as f64 / cell.len().max(known.len()) as f64
        };
        Role::ALL
            .into_iter()
            .map(|role| {
                let best = role.headers().iter().map(|h| score(h)).fold(0.0, f64::max);
                (best, role)
            })
            .filter(|(best, _)| *best >= 0.5)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, role)| role)
    }
}

fn normalise_header(h: &str) -> String {
    crate::model::pairing::names::normalise(h)
}

/// The column of each role found in `header`; `mapping` (role key → header text) takes precedence.
pub fn detect(header: &[String], mapping: &BTreeMap<String, String>) -> BTreeMap<Role, usize> {
    let cells: Vec<String> = header.iter().map(|h| normalise_header(h)).collect();
    let mut found = BTreeMap::new();
    for role in Role::ALL {
        let wanted: Vec<String> = match mapping.get(role.key()) {
            Some(h) => vec![normalise_header(h)],
            None => role.headers().iter().map(|h| normalise_header(h)).collect(),
        };
        if let Some(col) = cells.iter().position(|c| wanted.contains(c)) {
            found.insert(role, col);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_roles_by_header_and_mapping() {
        let header: Vec<String> = ["编号", "受援园", "支援园", "牵头高校", "县(市、区)"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let cols = detect(&header, &BTreeMap::new());
        assert_eq!(cols[&Role::Recipient], 1);
        assert_eq!(cols[&Role::Lead], 3);
        assert_eq!(cols[&Role::County], 4, "half-width brackets match");
        let header: Vec<String> = ["序", "学校名称", "结对学校"].iter().map(|s| s.to_string()).collect();
        let mapping = BTreeMap::from([
            ("recipient".to_string(), "学校名称".to_string()),
            ("supporter".to_string(), "结对学校".to_string()),
        ]);
        let cols = detect(&header, &mapping);
        assert_eq!((cols[&Role::Recipient], cols[&Role::Supporter]), (1, 2));
    }

    #[test]
    fn the_closest_role_of_an_unknown_header() {
        assert_eq!(Role::closest("受援学校名称"), Some(Role::Recipient));
        assert_eq!(Role::closest("帮扶院校"), Some(Role::Supporter));
        assert_eq!(Role::closest("牵头院校"), Some(Role::Lead));
        assert_eq!(Role::closest("联系人"), None);
        let header: Vec<String> = ["序号", "省份", "受援学校", "托管高校", "项目"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let cols = detect(&header, &BTreeMap::new());
        assert_eq!((cols[&Role::Province], cols[&Role::Supporter]), (1, 3));
        assert!(!cols.contains_key(&Role::Note), "项目 is no known column");
    }
}

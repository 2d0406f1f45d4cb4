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
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Number,
        Role::Recipient,
        Role::Supporter,
        Role::Lead,
        Role::Stage,
        Role::County,
        Role::Note,
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
            ],
            Role::Lead => &["牵头高校", "牵头单位", "牵头学校"],
            Role::Stage => &["学段"],
            Role::County => &["县（市、区）", "县（区）", "县区", "所在县", "县（市、区、旗）"],
            Role::Note => &["备注"],
        }
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
}

//! Finding a pairing table's columns by their Chinese headers (or the programme's mapping).

use std::collections::BTreeMap;

pub use crate::load::column_roles::Role;

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

/// The role whose headers are closest to `header` (most characters in common), for a hint
/// when a table's header is not recognised: 托管院校 → supporter.
pub fn closest_role(header: &str) -> Option<Role> {
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
        assert_eq!(closest_role("受援学校名称"), Some(Role::Recipient));
        assert_eq!(closest_role("帮扶院校"), Some(Role::Supporter));
        assert_eq!(closest_role("牵头院校"), Some(Role::Lead));
        assert_eq!(closest_role("联系人"), None);
        let header: Vec<String> = ["序号", "省份", "受援学校", "托管高校", "项目"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let cols = detect(&header, &BTreeMap::new());
        assert_eq!((cols[&Role::Province], cols[&Role::Supporter]), (1, 3));
        assert!(!cols.contains_key(&Role::Note), "项目 is no known column");
    }
}

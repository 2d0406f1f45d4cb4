//! YAML tables: a list of rows, each a map from column header to value.

use super::raw::{RawRow, RawTable};
use serde_json::{Map, Value};
use std::path::Path;

pub fn read(path: &Path, rel: &str) -> Result<RawTable, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("无法读取: {e}"))?;
    let items: Vec<Map<String, Value>> = serde_saphyr::from_str(&text).map_err(|e| {
        let line = e
            .location()
            .map(|l| format!("第 {} 行: ", l.line()))
            .unwrap_or_default();
        format!("{line}YAML 表格应是“- 列名: 值”的列表")
    })?;
    let item_lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("- "))
        .map(|(i, _)| i + 1)
        .collect();
    let mut header: Vec<String> = Vec::new();
    for item in &items {
        for key in item.keys() {
            if !header.contains(key) {
                header.push(key.clone());
            }
        }
    }
    let mut rows = vec![RawRow {
        number: 0,
        cells: header.clone(),
    }];
    for (i, item) in items.iter().enumerate() {
        let cells = header
            .iter()
            .map(|h| match item.get(h) {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Array(list)) => list
                    .iter()
                    .map(|v| v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()))
                    .collect::<Vec<_>>()
                    .join("、"),
                Some(Value::Null) | None => String::new(),
                Some(other) => other.to_string(),
            })
            .collect();
        rows.push(RawRow {
            number: item_lines.get(i).copied().unwrap_or(i + 1),
            cells,
        });
    }
    Ok(RawTable {
        file: rel.to_string(),
        sheet: None,
        rows,
        merged: Vec::new(),
        encoding: None,
        fill_down: false,
        notes: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_numbered_by_their_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.yaml");
        std::fs::write(
            &p,
            "# 山东\n- 支援方: 济南市\n  受援方: 临沂市\n- 支援方: 青岛市\n  受援方: 菏泽市\n  备注: [甲, 乙]\n",
        )
        .unwrap();
        let t = read(&p, "t.yaml").unwrap();
        assert_eq!(t.rows[0].cells, vec!["支援方", "受援方", "备注"]);
        assert_eq!((t.rows[1].number, t.rows[2].number), (2, 4));
        assert_eq!(t.rows[2].cells, vec!["青岛市", "菏泽市", "甲、乙"]);
        std::fs::write(&p, "支援方: 济南市\n").unwrap();
        assert!(read(&p, "t.yaml").is_err());
    }
}

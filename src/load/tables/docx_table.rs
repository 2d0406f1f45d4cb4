//! A table inside a Word document (`.docx`) read as a pairing table: the first table that has
//! rows, or the n-th when the programme names `sheet = "2"` (表 2); merged cells filled as in a
//! workbook. Rows are numbered as the table's own rows (1 = its first row).

use super::raw::{MergedFill, RawRow, RawTable, tidy};
use crate::load::docx::{Block, grid, read_docx};
use std::path::Path;

pub fn read(path: &Path, rel: &str, which: Option<&str>) -> Result<RawTable, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("无法读取: {e}"))?;
    let tables: Vec<Vec<Vec<crate::load::docx::Cell>>> = read_docx(&bytes)?
        .into_iter()
        .filter_map(|b| match b {
            Block::Table(t) if !t.is_empty() => Some(t),
            _ => None,
        })
        .collect();
    if tables.is_empty() {
        return Err("Word 文档中没有表格".to_string());
    }
    let index = match which {
        None => 0,
        Some(n) => match n.trim().trim_start_matches('表').trim().parse::<usize>() {
            Ok(n) if (1..=tables.len()).contains(&n) => n - 1,
            _ => {
                return Err(format!(
                    "Word 文档中没有“{n}”这张表格：文档中有 {} 张表格，sheet 写 \"1\" 到 \"{}\" 中的一个（按表格在文档中的先后）",
                    tables.len(),
                    tables.len()
                ));
            }
        },
    };
    let (rows, merges) = grid(&tables[index]);
    let mut merged = Vec::new();
    for (first, last, column) in merges {
        for row in first + 1..=last {
            merged.push(MergedFill {
                row: row + 1,
                column,
                from_row: first + 1,
            });
        }
    }
    let rows = rows
        .into_iter()
        .enumerate()
        .map(|(i, cells)| RawRow { number: i + 1, cells })
        .collect();
    Ok(RawTable {
        file: rel.to_string(),
        sheet: (tables.len() > 1).then(|| format!("表 {}", index + 1)),
        rows: tidy(rows),
        merged,
        encoding: None,
        fill_down: true,
        notes: Vec::new(),
    })
}

//! Workbooks (XLSX, XLS, XLSB, ODS) through calamine; merged cells are filled from their first cell.

use super::{MergedFill, RawRow, RawTable, tidy};
use calamine::{Data, Reader, Sheets, open_workbook_auto};
use std::path::Path;

pub fn read(path: &Path, rel: &str, sheet: Option<&str>) -> Result<RawTable, String> {
    let mut book: Sheets<_> = open_workbook_auto(path).map_err(|e| format!("无法打开工作簿: {e}"))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .cloned()
            .ok_or_else(|| format!("工作簿中没有名为“{s}”的工作表（有: {}）", names.join("、")))?,
        None => names.first().cloned().ok_or_else(|| "工作簿中没有工作表".to_string())?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| format!("无法读取工作表“{name}”: {e}"))?;
    let merges = match &mut book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
        _ => Vec::new(),
    };
    let (start_row, start_col) = range.start().unwrap_or((0, 0));
    let mut grid: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(cell_text).collect()).collect();
    let mut merged = Vec::new();
    for m in merges {
        let (r0, c0) = (
            m.start.0.saturating_sub(start_row) as usize,
            m.start.1.saturating_sub(start_col) as usize,
        );
        let (r1, c1) = (
            m.end.0.saturating_sub(start_row) as usize,
            m.end.1.saturating_sub(start_col) as usize,
        );
        let Some(value) = grid.get(r0).and_then(|r| r.get(c0)).cloned() else {
            continue;
        };
        for r in r0..=r1 {
            for c in c0..=c1 {
                if (r, c) == (r0, c0) {
                    continue;
                }
                let Some(row) = grid.get_mut(r) else { continue };
                if row.len() <= c {
                    row.resize(c + 1, String::new());
                }
                if row[c].is_empty() && !value.is_empty() {
                    row[c] = value.clone();
                    merged.push(MergedFill {
                        row: r + start_row as usize + 1,
                        column: c,
                        from_row: r0 + start_row as usize + 1,
                    });
                }
            }
        }
    }
    let rows = grid
        .into_iter()
        .enumerate()
        .map(|(i, cells)| RawRow {
            number: i + start_row as usize + 1,
            cells,
        })
        .collect();
    Ok(RawTable {
        file: rel.to_string(),
        sheet: Some(name),
        rows: tidy(rows),
        merged,
        encoding: None,
        fill_down: true,
    })
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_lead_cells_are_filled_and_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("名单.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet().set_name("附件1").unwrap();
        for (c, h) in ["编号", "受援学校", "支援学校", "牵头高校"].iter().enumerate() {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        sheet.write_number(1, 0, 1.0).unwrap();
        sheet.write_string(1, 1, "防城港市防城区峒中镇中心小学").unwrap();
        sheet.write_string(1, 2, "桂林市飞凤小学").unwrap();
        sheet.write_number(2, 0, 2.0).unwrap();
        sheet.write_string(2, 1, "防城港市防城区峒中镇板八小学").unwrap();
        sheet.write_string(2, 2, "梧州市红岭小学").unwrap();
        let fmt = rust_xlsxwriter::Format::new();
        sheet.merge_range(1, 3, 2, 3, "广西师范大学", &fmt).unwrap();
        book.save(&p).unwrap();
        let t = read(&p, "名单.xlsx", None).unwrap();
        assert_eq!(t.sheet.as_deref(), Some("附件1"));
        assert_eq!(
            t.rows[1].cells,
            vec!["1", "防城港市防城区峒中镇中心小学", "桂林市飞凤小学", "广西师范大学"]
        );
        assert_eq!(t.rows[2].cells[3], "广西师范大学");
        assert_eq!(
            t.merged,
            vec![MergedFill {
                row: 3,
                column: 3,
                from_row: 2
            }]
        );
        assert!(read(&p, "名单.xlsx", Some("Sheet9")).unwrap_err().contains("附件1"));
    }
}

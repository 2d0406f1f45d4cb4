//! Workbooks (XLSX, XLS, XLSB, ODS) through calamine; merged cells are filled from their first cell.

use super::raw::{MergedFill, RawRow, RawTable, tidy};
use crate::diagnostics::Diagnostic;
use calamine::{Data, Reader, SheetVisible, Sheets, open_workbook_auto};
use std::collections::BTreeMap;
use std::path::Path;

/// Excel's own limits: a sheet past them is no Excel sheet, whatever its file says.
const MAX_ROWS: u32 = 1_048_576;
const MAX_COLUMNS: u32 = 16_384;
/// Non-empty cells (merged fills included) read from one sheet: a pairing list of 200,000 rows
/// of ten columns is 2 million; more is no pairing list, and would exhaust memory.
const MAX_CELLS: usize = 5_000_000;

/// Reads sheet `sheet` of the workbook at `path` (by default the first visible sheet: a hidden
/// one is what the department put away); hidden and filtered-out rows of an XLSX sheet are left
/// out unless `read_hidden`. What was passed over is told in the table's notes.
pub fn read(path: &Path, rel: &str, sheet: Option<&str>, read_hidden: bool) -> Result<RawTable, String> {
    let mut book: Sheets<_> = open_workbook_auto(path).map_err(|e| format!("无法打开工作簿: {e}"))?;
    let names = book.sheet_names();
    let hidden_sheets: Vec<String> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.visible != SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    let mut notes = Vec::new();
    let name = match sheet {
        Some(s) => {
            let name = names
                .iter()
                .find(|n| n.as_str() == s)
                .cloned()
                .ok_or_else(|| format!("工作簿中没有名为“{s}”的工作表（有: {}）", names.join("、")))?;
            if hidden_sheets.contains(&name) {
                notes.push(
                    Diagnostic::warning(
                        rel,
                        None,
                        format!("工作表“{name}”在工作簿中是隐藏的，按项目设置照样读取"),
                    )
                    .with_hint("隐藏的工作表常是旧版或草稿：确认这就是要公布的名单"),
                );
            }
            name
        }
        None => {
            let visible = names.iter().find(|n| !hidden_sheets.contains(n)).cloned();
            let name = visible.ok_or_else(|| "工作簿中没有可见的工作表".to_string())?;
            let passed: Vec<&String> = names.iter().take_while(|n| **n != name).collect();
            if !passed.is_empty() {
                let passed: Vec<String> = passed.iter().map(|n| format!("“{n}”")).collect();
                notes.push(
                    Diagnostic::info(
                        rel,
                        None,
                        format!("跳过隐藏的工作表{}，读取第一张可见的工作表“{name}”", passed.join("、")),
                    )
                    .with_hint("要读隐藏的工作表，在项目文件这张表的设置里写 sheet = \"工作表名\""),
                );
            }
            name
        }
    };
    // Cells by 0-based row, then column; only non-empty ones, so that a sheet whose dimension (or
    // one far cell, XFD1048576) claims a billion cells costs only what it holds.
    let mut cells: BTreeMap<u32, BTreeMap<u32, String>> = BTreeMap::new();
    let mut count = 0usize;
    let mut add = |row: u32, column: u32, text: String| -> Result<(), String> {
        if row >= MAX_ROWS || column >= MAX_COLUMNS {
            return Err(format!(
                "工作表“{name}”有单元格在第 {} 行第 {} 列，超出 Excel 的上限（{MAX_ROWS} 行、{MAX_COLUMNS} 列）",
                row as u64 + 1,
                column as u64 + 1
            ));
        }
        if !text.is_empty() {
            count += 1;
            if count > MAX_CELLS {
                return Err(format!("工作表“{name}”的非空单元格超过 {MAX_CELLS} 个，不像是结对名单"));
            }
            cells.entry(row).or_default().insert(column, text);
        }
        Ok(())
    };
    if let Sheets::Xlsx(x) = &mut book {
        let mut reader = x
            .worksheet_cells_reader(&name)
            .map_err(|e| format!("无法读取工作表“{name}”: {e}"))?;
        while let Some(cell) = reader.next_cell().map_err(|e| format!("无法读取工作表“{name}”: {e}"))? {
            let (row, column) = cell.get_position();
            add(row, column, cell_text(&Data::from(cell.get_value().clone())))?;
        }
    } else {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| format!("无法读取工作表“{name}”: {e}"))?;
        let (start_row, start_col) = range.start().unwrap_or((0, 0));
        for (row, column, value) in range.used_cells() {
            add(start_row + row as u32, start_col + column as u32, cell_text(value))?;
        }
    }
    let merges = match &mut book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
        _ => Vec::new(),
    };
    let start_col = cells
        .values()
        .filter_map(|r| r.keys().next())
        .min()
        .copied()
        .unwrap_or(0);
    let last_row = cells.keys().next_back().copied().unwrap_or(0);
    let mut merged = Vec::new();
    for m in merges {
        let Some(value) = cells.get(&m.start.0).and_then(|r| r.get(&m.start.1)).cloned() else {
            continue;
        };
        // A region reaching past the last row with data fills nothing anyone reads.
        for row in m.start.0..=m.end.0.min(last_row) {
            for column in m.start.1..=m.end.1 {
                if (row, column) == m.start {
                    continue;
                }
                let line = cells.entry(row).or_default();
                if line.contains_key(&column) {
                    continue;
                }
                count += 1;
                if count > MAX_CELLS {
                    return Err(format!(
                        "工作表“{name}”的合并区域太大（填入后超过 {MAX_CELLS} 个单元格）"
                    ));
                }
                line.insert(column, value.clone());
                merged.push(MergedFill {
                    row: row as usize + 1,
                    column: (column - start_col) as usize,
                    from_row: m.start.0 as usize + 1,
                });
            }
        }
    }
    merged.sort_by_key(|m| (m.row, m.column));
    if !read_hidden && matches!(book, Sheets::Xlsx(_)) {
        let hidden = super::hidden_rows::hidden_rows(path, &name).unwrap_or_default();
        let dropped: Vec<usize> = hidden
            .iter()
            .copied()
            .filter(|&r| r > 0 && cells.remove(&(r as u32 - 1)).is_some_and(|line| !line.is_empty()))
            .collect();
        merged.retain(|m| !hidden.contains(&m.row));
        if !dropped.is_empty() {
            notes.push(
                Diagnostic::warning(
                    rel,
                    dropped.first().copied(),
                    format!(
                        "工作表“{name}”第 {} 行在 Excel 中是隐藏的（或被筛选掉），没有读入",
                        crate::load::tables::raw::row_ranges(&dropped)
                    ),
                )
                .with_hint("隐藏行常是删去的结对：不公布它们就不用改；确需读入时在项目文件这张表的设置里写 read_hidden = true（读取隐藏行 = true）"),
            );
        }
    }
    let rows = cells
        .into_iter()
        .map(|(row, line)| {
            let width = line.keys().next_back().map_or(0, |c| (c - start_col) as usize + 1);
            let mut out = vec![String::new(); width];
            for (column, text) in line {
                out[(column - start_col) as usize] = text;
            }
            RawRow {
                number: row as usize + 1,
                cells: out,
            }
        })
        .collect();
    Ok(RawTable {
        file: rel.to_string(),
        sheet: Some(name),
        rows: tidy(rows),
        merged,
        encoding: None,
        fill_down: true,
        notes,
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
        let t = read(&p, "名单.xlsx", None, false).unwrap();
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
        assert!(
            read(&p, "名单.xlsx", Some("Sheet9"), false)
                .unwrap_err()
                .contains("附件1")
        );
    }

    #[test]
    fn one_far_cell_costs_only_itself() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("far.xlsx");
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (c, h) in ["编号", "受援学校", "支援学校"].iter().enumerate() {
            sheet.write_string(0, c as u16, *h).unwrap();
        }
        sheet.write_string(1, 1, "东兴市京族学校").unwrap();
        sheet.write_string(1_048_575, 16_383, "远处").unwrap();
        book.save(&p).unwrap();
        let t = read(&p, "far.xlsx", None, false).unwrap();
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[2].number, 1_048_576);
        assert_eq!(t.rows[2].cells.len(), 16_384);
    }

    /// A workbook of one sheet with this `sheetData` and `dimension`, as Excel's XML writes it.
    fn hand_made(dir: &Path, dimension: &str, sheet_data: &str) -> std::path::PathBuf {
        use std::io::Write;
        let p = dir.join("hand.xlsx");
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&p).unwrap());
        let options = zip::write::SimpleFileOptions::default();
        let parts = [
            ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string()),
            ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
            ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="附件1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string()),
            ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string()),
            ("xl/worksheets/sheet1.xml", format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{sheet_data}</sheetData></worksheet>"#)),
        ];
        for (name, text) in parts {
            zip.start_file(name, options).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
        p
    }

    #[test]
    fn a_huge_dimension_is_no_allocation_and_cells_past_excel_limits_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let row = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>受援学校</t></is></c><c r="B1" t="inlineStr"><is><t>支援学校</t></is></c></row>"#;
        let p = hand_made(dir.path(), "A1:XFD1048576", row);
        let t = read(&p, "hand.xlsx", None, false).unwrap();
        assert_eq!(t.rows.len(), 1, "the dimension claims 17 billion cells; two are read");
        let far = format!(r#"{row}<row r="2000000"><c r="A2000000" t="inlineStr"><is><t>x</t></is></c></row>"#);
        let p = hand_made(dir.path(), "A1:A2000000", &far);
        let error = read(&p, "hand.xlsx", None, false).unwrap_err();
        assert!(error.contains("超出 Excel 的上限"), "{error}");
        assert!(error.contains("第 2000000 行"), "{error}");
    }
}

//! Attachment views: file type, size, and CSV tables shown inline on the notice page.

use serde::Serialize;
use std::path::Path;

/// A table read from a CSV attachment, shown inline (complete, no JavaScript needed).
#[derive(Debug, Clone, Serialize)]
pub struct InlineTable {
    pub header: Vec<String>,
    pub rows: Vec<Vec<InlineCell>>,
    /// Whether any cell shows a value carried down (the table then gets one note above it).
    pub carried: bool,
}

/// One cell of an inline table.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct InlineCell {
    pub text: String,
    /// The record the text was carried down from: the source leaves the cell blank under a
    /// merged or filled cell (154 of 161 牵头高校 cells in the Guangxi list), and the reader
    /// sees the value marked as carried.
    pub carried_from: Option<usize>,
    /// The row a reader finds the carried value in: `编号 1`, or the row as Excel shows it.
    pub carried_label: Option<String>,
}

impl InlineTable {
    /// Shows, in the blank cell of CSV record `record` (1 is the header) and `column`, the text
    /// of record `from` in the same column, marked as carried down.
    pub fn carry_down(&mut self, record: usize, column: usize, from: usize, label: &str) {
        let Some(text) = from
            .checked_sub(2)
            .and_then(|r| self.rows.get(r))
            .and_then(|row| row.get(column))
            .map(|c| c.text.clone())
            .filter(|t| !t.trim().is_empty())
        else {
            return;
        };
        let Some(row) = record.checked_sub(2).and_then(|r| self.rows.get_mut(r)) else {
            return;
        };
        if row.len() <= column {
            row.resize(
                column + 1,
                InlineCell {
                    text: String::new(),
                    carried_from: None,
                    carried_label: None,
                },
            );
        }
        if row[column].text.trim().is_empty() {
            row[column] = InlineCell {
                text,
                carried_from: Some(from),
                carried_label: Some(label.to_string()),
            };
            self.carried = true;
        }
    }
}

/// The reader-facing name of a file type, from its extension.
pub fn file_type_label(file: &str) -> &'static str {
    let ext = file.rsplit('.').next().unwrap_or_default().to_lowercase();
    match ext.as_str() {
        "csv" => "CSV 表格",
        "xlsx" | "xls" | "et" => "Excel 表格",
        "ods" => "ODS 表格",
        "pdf" => "PDF 文档",
        "doc" | "docx" | "wps" => "Word 文档",
        "ofd" => "OFD 文档",
        "zip" | "rar" | "7z" => "压缩包",
        "jpg" | "jpeg" | "png" | "gif" | "webp" => "图片",
        _ => "文件",
    }
}

/// A file size as readers expect it: `812 B`, `3.2 KB`, `1.4 MB`.
pub fn human_size(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else if bytes < 1024 * 1024 {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

/// Reads a CSV attachment as a table — UTF-8 (with or without BOM) or GBK/GB18030 as Excel writes
/// it on Chinese Windows, detected as pairing tables are; `None` if it is no readable CSV.
pub fn read_inline_table(path: &Path) -> Option<InlineTable> {
    if !path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")) {
        return None;
    }
    // Only a regular file is opened: opening a named pipe would wait for a writer for ever (the
    // build reports such an attachment as an error and still renders the page).
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let (text, _) = crate::load::tables::csv_table::decode(&bytes, None).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header: Vec<String> = records.next()?.ok()?.iter().map(str::to_string).collect();
    let mut rows = Vec::new();
    for record in records {
        rows.push(
            record
                .ok()?
                .iter()
                .map(|text| InlineCell {
                    text: text.to_string(),
                    carried_from: None,
                    carried_label: None,
                })
                .collect(),
        );
    }
    Some(InlineTable {
        header,
        rows,
        carried: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_sizes() {
        assert_eq!(file_type_label("附件1.XLSX"), "Excel 表格");
        assert_eq!(file_type_label("a"), "文件");
        assert_eq!(human_size(812), "812 B");
        assert_eq!(human_size(3277), "3.2 KB");
    }

    #[test]
    fn reads_csv_with_bom_and_multiline_cells() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.csv");
        std::fs::write(&p, "\u{feff}编号,支援园\n15,\"广西幼儿师范高等专科学校\n实验幼儿园\"\n").unwrap();
        let t = read_inline_table(&p).unwrap();
        assert_eq!(t.header, vec!["编号", "支援园"]);
        assert_eq!(t.rows[0][1].text, "广西幼儿师范高等专科学校\n实验幼儿园");
        // 编号,受援园 / 1,东兴市幼儿园 in GBK, as Excel saves a CSV on Chinese Windows.
        let (gbk, _, _) = encoding_rs::GBK.encode("编号,受援园\r\n1,东兴市幼儿园\r\n");
        std::fs::write(&p, &gbk).unwrap();
        let t = read_inline_table(&p).unwrap();
        assert_eq!(t.header, vec!["编号", "受援园"]);
        let texts: Vec<Vec<&str>> = t
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect();
        assert_eq!(texts, vec![vec!["1", "东兴市幼儿园"]]);
        std::fs::write(&p, [0xff, 0xfe, 0xff, 0x00, 0x81]).unwrap();
        assert!(read_inline_table(&p).is_none(), "bytes in no known encoding");
    }

    #[test]
    fn carried_cells_are_filled_only_where_blank() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.csv");
        std::fs::write(
            &p,
            "编号,受援校,牵头高校\n1,甲校,广西师范大学\n2,乙校,\n3,丙校,百色学院\n4,丁校\n",
        )
        .unwrap();
        let mut t = read_inline_table(&p).unwrap();
        assert!(!t.carried);
        t.carry_down(3, 2, 2, "编号 1");
        t.carry_down(4, 2, 2, "编号 1"); // not blank: kept
        t.carry_down(5, 2, 4, "编号 3"); // a short row grows to the column
        t.carry_down(9, 2, 2, "编号 1"); // no such record: nothing happens
        assert!(t.carried);
        assert_eq!(t.rows[1][2].text, "广西师范大学");
        assert_eq!(t.rows[1][2].carried_from, Some(2));
        assert_eq!(t.rows[1][2].carried_label.as_deref(), Some("编号 1"));
        assert_eq!(
            (t.rows[2][2].text.as_str(), t.rows[2][2].carried_from),
            ("百色学院", None)
        );
        assert_eq!(
            (t.rows[3][2].text.as_str(), t.rows[3][2].carried_from),
            ("百色学院", Some(4))
        );
    }
}

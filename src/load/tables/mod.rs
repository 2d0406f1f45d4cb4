//! Pairing tables as read from files (CSV, XLSX/XLS/ODS, YAML): rows of text cells with row numbers.

pub mod csv_table;
pub mod spreadsheet;
pub mod yaml_table;

use std::path::Path;

/// One row as in the file: its 1-based number there (the header is usually row 1) and its cells.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRow {
    pub number: usize,
    pub cells: Vec<String>,
}

/// A cell that was empty in the file because it lies in a merged region; it now holds the value
/// of the region's first cell.
#[derive(Debug, Clone, PartialEq)]
pub struct MergedFill {
    pub row: usize,
    pub column: usize,
    pub from_row: usize,
}

/// A table from one file (and one sheet of a workbook).
#[derive(Debug, Clone, PartialEq)]
pub struct RawTable {
    /// Path relative to the site root.
    pub file: String,
    pub sheet: Option<String>,
    pub rows: Vec<RawRow>,
    pub merged: Vec<MergedFill>,
    /// How the file was decoded (`UTF-8`, `GB18030`), for `check`.
    pub encoding: Option<&'static str>,
    /// Whether a blank lead cell means "same as above" (spreadsheets and CSV; not YAML lists,
    /// where every row is written out).
    pub fill_down: bool,
}

/// Whether a file name is a table jiedui can read.
pub fn is_table_file(name: &str) -> bool {
    let ext = name.rsplit('.').next().unwrap_or_default().to_lowercase();
    matches!(
        ext.as_str(),
        "csv" | "tsv" | "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" | "yaml" | "yml"
    )
}

/// Reads `path` (shown as `rel` in messages); `sheet` picks one sheet of a workbook (default: the
/// first), `encoding` forces a CSV encoding. Errors are messages for a diagnostic on the file.
pub fn read_table(path: &Path, rel: &str, sheet: Option<&str>, encoding: Option<&str>) -> Result<RawTable, String> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "csv" | "tsv" => csv_table::read(path, rel, encoding),
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => spreadsheet::read(path, rel, sheet),
        "yaml" | "yml" => yaml_table::read(path, rel),
        _ => Err(format!("不支持的表格格式 .{ext}")),
    }
}

/// Trims cells and drops trailing empty cells and rows that are entirely empty.
pub(crate) fn tidy(rows: Vec<RawRow>) -> Vec<RawRow> {
    rows.into_iter()
        .map(|mut r| {
            while r.cells.last().is_some_and(|c| c.trim().is_empty()) {
                r.cells.pop();
            }
            r
        })
        .filter(|r| !r.cells.is_empty())
        .collect()
}

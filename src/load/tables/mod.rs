//! Pairing tables as read from files (CSV, XLSX/XLS/ODS, YAML): rows of text cells with row numbers.

pub mod csv_table;
pub mod docx_table;
pub mod hidden_rows;
pub mod spreadsheet;
pub mod yaml_table;

pub mod raw;

pub use raw::{MergedFill, RawRow, RawTable};
use std::path::Path;

/// Whether a file name is a table jiedui can read.
pub fn is_table_file(name: &str) -> bool {
    let ext = name.rsplit('.').next().unwrap_or_default().to_lowercase();
    matches!(
        ext.as_str(),
        "csv" | "tsv" | "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" | "yaml" | "yml"
    )
}

/// Reads `path` (shown as `rel` in messages); `sheet` picks one sheet of a workbook (default: the
/// first visible one), `encoding` forces a CSV encoding, `read_hidden` keeps a workbook's hidden
/// rows. Errors are messages for a diagnostic on the file.
pub fn read_table(
    path: &Path,
    rel: &str,
    (sheet, read_hidden): (Option<&str>, bool),
    encoding: Option<&str>,
) -> Result<RawTable, String> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "csv" | "tsv" => csv_table::read(path, rel, encoding),
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => spreadsheet::read(path, rel, sheet, read_hidden),
        "yaml" | "yml" => yaml_table::read(path, rel),
        "docx" => docx_table::read(path, rel, sheet),
        "doc" | "wps" => Err(format!(
            "是旧的 Word/WPS 格式，不能直接读取。{}",
            crate::load::docx::binary_word_hint(rel)
        )),
        _ => Err(format!("不支持的表格格式 .{ext}")),
    }
}

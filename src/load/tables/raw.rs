//! A table as read from its file, before interpretation: rows of text cells with their row
//! numbers, and the cells merged regions filled.

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
    /// What reading decided that `check` should tell (a hidden sheet passed over, hidden rows
    /// left out), located at the file.
    pub notes: Vec<crate::diagnostics::Diagnostic>,
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

/// Row numbers as ranges: 3、5–7、9.
pub fn row_ranges(rows: &[usize]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let start = rows[i];
        let mut end = start;
        while i + 1 < rows.len() && rows[i + 1] == end + 1 {
            i += 1;
            end = rows[i];
        }
        parts.push(if start == end {
            start.to_string()
        } else {
            format!("{start}–{end}")
        });
        i += 1;
    }
    parts.join("、")
}

//! One pairing: a recipient with its supporters and lead, from one row (or rows) of a table,
//! with the version of the list it belongs to.

use super::interpret;

/// One recipient with its supporters, from one row (or rows) of a table.
#[derive(Debug, Clone)]
pub struct Pairing {
    pub programme: usize,
    pub number: String,
    pub recipient: usize,
    pub supporters: Vec<usize>,
    pub lead: Option<usize>,
    /// The source row the lead was carried down from (merged cell or blank under a filled one).
    pub lead_from: Option<usize>,
    pub stage: Option<String>,
    pub note: Option<String>,
    /// Cells of columns with no role (项目, 联系人 …), with their headers.
    pub extra: Vec<(String, String)>,
    pub file: String,
    pub sheet: Option<String>,
    pub row: usize,
    pub extra_rows: Vec<usize>,
    /// The version of the programme's list whose table holds this row.
    pub version: usize,
    /// The version since which the pair holds (an earlier one when later lists repeat it).
    pub since: usize,
    /// The version that ended it (pairings in `PairingGraph::history`).
    pub until: Option<usize>,
}

impl Pairing {
    /// The table's file and sheet, as diagnostics name it.
    pub fn location(&self) -> String {
        interpret::table_location(&self.file, self.sheet.as_deref())
    }

    /// `附件1.csv 第 34 行` — where the pairing stands in its source.
    pub fn provenance(&self) -> String {
        let file = self.file.rsplit('/').next().unwrap_or(&self.file);
        let sheet = self.sheet.as_ref().map(|s| format!("（{s}）")).unwrap_or_default();
        let mut rows = vec![self.row];
        rows.extend(&self.extra_rows);
        format!("{file}{sheet} 第 {} 行", interpret::ranges(&rows))
    }
}

/// How a reader finds a row of a source table: by its 编号, or by the row as Excel shows it
/// when it has none (`编号 1`, `第 5 行`). The notice's table and the open data name the row a
/// blank lead was carried from this way.
pub fn row_label(number: &str, row: usize) -> String {
    if number.is_empty() {
        format!("第 {row} 行")
    } else {
        format!("编号 {number}")
    }
}

//! Open data: every pairing as CSV (UTF-8 with BOM, so Excel opens it), JSON and XLSX — the whole
//! set, each programme's own table and each province's, prefecture's and county's pairings.

use crate::divisions::divisions;
use crate::model::SiteGraph;
use crate::model::pairing::pair::row_label;
use crate::model::pairing::record::{COLUMNS, PairingRecord, as_number};
use crate::model::pairing::{PairingGraph, Party};
use crate::render::RouteTable;
use std::borrow::{Borrow, Cow};
use std::collections::HashMap;

/// The indexes of the 序号 and 编号 columns (numbers in XLSX).
const SERIAL_COLUMN: usize = 0;
const NUMBER_COLUMN: usize = 5;

/// Turns pairings into records: knows the public address of every table's source.
pub struct Publisher<'a> {
    pg: &'a PairingGraph,
    /// Each party's place as text and code, computed once (a pairing is in several files).
    party_regions: Vec<(String, String)>,
    party_county: &'a [Option<u32>],
    /// Table file (relative to the site root) → public address of the attachment.
    attachments: HashMap<String, String>,
    /// Programme → public address of the document that published it.
    programme_sources: Vec<String>,
    /// Programme → the 文号 of the document that published it.
    programme_numbers: Vec<Option<String>>,
    /// Programme → for a list revised: each version's name with its 文号, its date and 文号.
    versions: Vec<Vec<VersionFacts>>,
    /// (table file, sheet, row) → 编号 of the rows a blank lead was carried down from.
    carried_from: HashMap<(&'a str, Option<&'a str>, usize), &'a str>,
}

/// What the open data says of one version of a list.
struct VersionFacts {
    /// `2024—2026年名单（定教发〔2024〕20号）`.
    name: String,
    date: String,
    doc_number: Option<String>,
}

impl<'a> Publisher<'a> {
    pub fn new(graph: &'a SiteGraph, routes: &RouteTable) -> Publisher<'a> {
        let base = graph.config.absolute_base();
        let absolute = |path: &str| format!("{base}{}", path.trim_start_matches('/'));
        let attachments = routes
            .attachment_paths
            .iter()
            .map(|(file, path)| (file.clone(), absolute(path)))
            .collect();
        // A table written in the programme file: the notice that published it, else the
        // programme's own page, which shows the table.
        let programme_sources = graph
            .index
            .programmes
            .iter()
            .zip(&routes.programme_paths)
            .map(|(e, page)| {
                let notice = e.source.and_then(|d| routes.document_paths.get(d));
                absolute(notice.unwrap_or(page))
            })
            .collect();
        let programme_numbers = graph
            .index
            .programmes
            .iter()
            .map(|e| {
                let notice = e.source.and_then(|d| graph.documents[d].notice.as_ref());
                notice.and_then(|n| n.doc_number.clone())
            })
            .collect();
        let versions = (0..graph.pairing.programmes.len())
            .map(|i| {
                let p = &graph.pairing.programmes[i];
                if p.versions.len() < 2 {
                    return Vec::new();
                }
                (0..p.versions.len())
                    .map(|v| {
                        let doc_number = graph.index.programmes[i].versions[v]
                            .and_then(|d| graph.documents[d].notice.as_ref())
                            .and_then(|n| n.doc_number.clone());
                        let label = &p.versions[v].label;
                        VersionFacts {
                            name: match &doc_number {
                                Some(n) => format!("{label}（{n}）"),
                                None => label.clone(),
                            },
                            date: graph
                                .index
                                .version_date(&graph.documents, &graph.pairing, i, v)
                                .map(|d| d.iso())
                                .unwrap_or_default(),
                            doc_number,
                        }
                    })
                    .collect()
            })
            .collect();
        // Only the rows some blank lead was carried from: a national list has hundreds of
        // thousands of rows, and few leads are carried. Earlier versions' rows (history, repeated)
        // are in their own files.
        let pg = &graph.pairing;
        let pairings = || pg.pairings.iter().chain(&pg.history).chain(&pg.repeated);
        let carried_rows: std::collections::HashSet<(&str, Option<&str>, usize)> = pairings()
            .filter_map(|p| Some((p.file.as_str(), p.sheet.as_deref(), p.lead_from?)))
            .collect();
        let carried_from = pairings()
            .map(|p| ((p.file.as_str(), p.sheet.as_deref(), p.row), p.number.as_str()))
            .filter(|(key, _)| carried_rows.contains(key))
            .collect();
        use rayon::prelude::*;
        Publisher {
            carried_from,
            versions,
            programme_numbers,
            party_regions: graph.pairing.parties.par_iter().map(region).collect(),
            pg: &graph.pairing,
            party_county: &graph.index.party_county,
            attachments,
            programme_sources,
        }
    }

    /// The published form of pairing `index` of the newest lists.
    pub fn record(&self, index: usize) -> PairingRecord {
        let pairing = &self.pg.pairings[index];
        let newest = self.pg.programmes[pairing.programme].versions.len().saturating_sub(1);
        self.record_of(pairing, newest, false)
    }

    /// The published form of a pairing (current, ended or repeated) as it stands in version
    /// `version` of its programme's list; `ended` gives the date that ended it (the history file).
    pub fn record_of(&self, pairing: &crate::model::pairing::Pairing, version: usize, ended: bool) -> PairingRecord {
        let pg = self.pg;
        let facts = &self.versions[pairing.programme];
        let fact = |v: usize| facts.get(v);
        let recipient = &pg.parties[pairing.recipient];
        let (recipient_region, recipient_region_code) = self.party_regions[pairing.recipient].clone();
        let mut original_spellings: Vec<String> = Vec::new();
        for p in std::iter::once(pairing.recipient).chain(pairing.supporters.iter().copied()) {
            original_spellings.extend(pg.parties[p].spellings.iter().cloned());
        }
        let mut rows = vec![pairing.row];
        rows.extend(&pairing.extra_rows);
        let attachment = self.attachments.get(&pairing.file);
        let file_name = pairing.file.rsplit('/').next().unwrap_or(&pairing.file);
        let table = match (attachment, &pairing.sheet) {
            (Some(_), Some(sheet)) => format!("{file_name}（{sheet}）"),
            (Some(_), None) => file_name.to_string(),
            (None, _) => "来源文件正文".to_string(),
        };
        PairingRecord {
            programme: pg.programmes[pairing.programme].title.clone(),
            period: pg.programmes[pairing.programme].period.clone(),
            doc_number: fact(pairing.version)
                .and_then(|f| f.doc_number.clone())
                .or_else(|| self.programme_numbers[pairing.programme].clone()),
            table,
            number: pairing.number.clone(),
            recipient: recipient.name.clone(),
            recipient_kind: recipient.kind.label().to_string(),
            recipient_region,
            county: self.party_county[pairing.recipient]
                .and_then(|c| divisions().get(c))
                .map(|d| d.name.to_string())
                .unwrap_or_default(),
            recipient_region_code,
            supporters: pairing.supporters.iter().map(|&s| pg.parties[s].name.clone()).collect(),
            supporter_regions: pairing
                .supporters
                .iter()
                .map(|&s| {
                    let text = &self.party_regions[s].0;
                    if text.is_empty() {
                        "未定位".to_string()
                    } else {
                        text.clone()
                    }
                })
                .collect(),
            lead: pairing.lead.map(|l| pg.parties[l].name.clone()),
            lead_source: match pairing.lead_from {
                Some(from) if pairing.lead.is_some() => {
                    let number = self
                        .carried_from
                        .get(&(pairing.file.as_str(), pairing.sheet.as_deref(), from))
                        .copied()
                        .unwrap_or_default();
                    // Named as the notice's table names it.
                    format!("原表空白，沿用{}", row_label(number, from))
                }
                _ => String::new(),
            },
            stage: pairing.stage.clone(),
            note: pairing.note.clone(),
            original_spellings,
            extra: pairing.extra.clone(),
            source_file: attachment
                .cloned()
                .unwrap_or_else(|| self.programme_sources[pairing.programme].clone()),
            // A list transcribed from a document's text has no row a reader can open.
            rows: if attachment.is_some() {
                crate::model::pairing::interpret::ranges(&rows)
            } else {
                String::new()
            },
            version: fact(version).map(|f| f.name.clone()).unwrap_or_default(),
            since: fact(pairing.since).map(|f| f.date.clone()).unwrap_or_default(),
            until: pairing
                .until
                .filter(|_| ended)
                .and_then(fact)
                .map(|f| f.date.clone())
                .unwrap_or_default(),
        }
    }
}

fn region(party: &Party) -> (String, String) {
    match party.code {
        Some(code) => (divisions().path_text(code, ""), code.to_string()),
        None => (String::new(), String::new()),
    }
}

/// CSV in UTF-8 with BOM and CRLF line ends, as Excel on Windows expects.
pub fn to_csv<R: Borrow<PairingRecord>>(records: &[R]) -> Vec<u8> {
    let mut out = b"\xef\xbb\xbf".to_vec();
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = writer.write_record(COLUMNS.map(|(name, _)| name));
    for (i, r) in records.iter().enumerate() {
        let cells = r.borrow().cells(i + 1).map(neutralise_formula);
        let _ = writer.write_record(cells.iter().map(|cell| cell.as_bytes()));
    }
    out.extend(writer.into_inner().unwrap_or_default());
    out
}

/// A CSV cell that Excel would read as a formula (it begins with `=`, `+`, `-`, `@`, a tab or a
/// carriage return) gets a leading `'`, so it is shown as the text it is (OWASP, CSV injection).
/// A cell that is only a number (-3, +12.5) is no formula and is kept as it is.
pub fn neutralise_formula(cell: Cow<'_, str>) -> Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if !risky || is_plain_number(&cell) {
        return cell;
    }
    Cow::Owned(format!("'{cell}"))
}

/// A signed decimal number and nothing else: digits, at most one point, no exponent.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    !whole.is_empty() && whole.bytes().all(|b| b.is_ascii_digit()) && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// A JSON array with one record per line, without indentation: at national size the indented
/// form was 84 MB of 100,000 pairings, nearly half of it spaces, and a line per record still
/// reads and diffs line by line.
pub fn to_json<R: Borrow<PairingRecord>>(records: &[R]) -> Vec<u8> {
    let mut out = Vec::with_capacity(records.len() * 600 + 4);
    out.push(b'[');
    for (i, record) in records.iter().enumerate() {
        out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        // A record of strings and numbers always serialises.
        serde_json::to_writer(&mut out, record.borrow()).unwrap_or_default();
    }
    out.extend_from_slice(b"\n]\n");
    out
}

/// Data rows on one Excel worksheet (1,048,576 rows, less the header).
pub const XLSX_MAX_ROWS: usize = 1_048_575;

/// XLSX with a bold, frozen header row and a filter; its document date is fixed so that two
/// builds give the same bytes. Past Excel's row limit the records are split into one sheet per
/// province (a province still too large continues on numbered sheets).
pub fn to_xlsx<R: Borrow<PairingRecord>>(records: &[R], sheet_name: &str) -> Result<Vec<u8>, String> {
    to_xlsx_limited(records, sheet_name, XLSX_MAX_ROWS)
}

/// [`to_xlsx`] with a given row limit per sheet.
pub fn to_xlsx_limited<R: Borrow<PairingRecord>>(
    records: &[R],
    sheet_name: &str,
    limit: usize,
) -> Result<Vec<u8>, String> {
    let records: Vec<&PairingRecord> = records.iter().map(Borrow::borrow).collect();
    let mut book = super::xlsx::Workbook::new();
    let limit = limit.max(1);
    if records.len() <= limit {
        add_sheet(&mut book, sheet_name, &records)?;
    } else {
        let mut by_province: std::collections::BTreeMap<String, Vec<&PairingRecord>> = Default::default();
        for r in records {
            let province = r
                .recipient_region_code
                .parse::<u32>()
                .ok()
                .map(crate::divisions::Divisions::province_of)
                .and_then(|c| divisions().get(c))
                .map(|d| d.name.to_string())
                .unwrap_or_else(|| "未定位".to_string());
            by_province.entry(province).or_default().push(r);
        }
        for (province, rows) in by_province {
            let parts = rows.len().div_ceil(limit);
            for (n, chunk) in rows.chunks(limit).enumerate() {
                let name = if parts == 1 {
                    province.clone()
                } else {
                    format!("{province}{}", n + 1)
                };
                add_sheet(&mut book, &name, chunk)?;
            }
        }
    }
    book.finish().map_err(|e| e.to_string())
}

/// Column widths of the XLSX files, in characters.
const COLUMN_WIDTHS: [f64; 24] = [
    6.0, 24.0, 16.0, 20.0, 24.0, 6.0, 34.0, 8.0, 30.0, 12.0, 12.0, 40.0, 40.0, 16.0, 20.0, 10.0, 30.0, 24.0, 30.0,
    40.0, 8.0, 30.0, 12.0, 12.0,
];

fn add_sheet(book: &mut super::xlsx::Workbook, sheet_name: &str, records: &[&PairingRecord]) -> Result<(), String> {
    use super::xlsx::Cell;
    let name: String = sheet_name
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    let name = name.trim_matches('\'');
    let name = if name.is_empty() { "结对名单" } else { name };
    let rows = records.iter().enumerate().map(|(i, record)| {
        record
            .cells(i + 1)
            .into_iter()
            .enumerate()
            .map(|(c, value)| {
                let numeric = c == SERIAL_COLUMN || c == NUMBER_COLUMN;
                match numeric.then(|| as_number(&value)).flatten() {
                    Some(n) => Cell::Number(n),
                    None => Cell::Text(value),
                }
            })
            .collect()
    });
    book.add_sheet(name, &COLUMNS.map(|(h, _)| h), &COLUMN_WIDTHS, records.len(), rows)
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> PairingRecord {
        PairingRecord {
            programme: "项目".into(),
            period: Some("2022年起，为期3年".into()),
            doc_number: Some("桂教民族〔2022〕9号".into()),
            table: "附件1.csv".into(),
            number: "33".into(),
            recipient: "东兴市京族学校".into(),
            recipient_kind: "学校".into(),
            recipient_region: "广西壮族自治区防城港市东兴市".into(),
            county: "东兴市".into(),
            recipient_region_code: "450681".into(),
            supporters: vec!["桂林市七星区卓然小学".into(), "桂林市宝贤中学".into()],
            supporter_regions: vec!["广西壮族自治区桂林市七星区".into(), "未定位".into()],
            lead: Some("广西师范大学".into()),
            lead_source: "原表空白，沿用编号 32".into(),
            stage: Some("中小学".into()),
            note: None,
            original_spellings: vec![],
            extra: vec![("项目".into(), "县中托管帮扶".into())],
            source_file: "https://example.gov.cn/notices/a/附件1.csv".into(),
            rows: "34–35".into(),
            version: String::new(),
            since: String::new(),
            until: String::new(),
        }
    }

    /// The index of the column named `name`.
    fn col(name: &str) -> usize {
        COLUMNS.iter().position(|(n, _)| *n == name).unwrap()
    }

    #[test]
    fn json_keeps_a_numeric_number_numeric() {
        let mut text = sample();
        text.number = "3-1".into();
        let json: serde_json::Value = serde_json::from_slice(&to_json(&[sample(), text])).unwrap();
        assert_eq!(json[0]["number"], serde_json::json!(33));
        assert_eq!(json[1]["number"], serde_json::json!("3-1"));
        assert_eq!(json[0]["county"], "东兴市");
    }

    #[test]
    fn json_is_one_record_per_line_and_empty_is_an_empty_array() {
        let bytes = to_json(&[sample(), sample()]);
        let text = String::from_utf8(bytes).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 4, "[, two records, ]");
        assert!(lines[1].starts_with('{') && lines[1].ends_with("},"));
        assert!(!text.contains("  "), "no indentation");
        let empty: serde_json::Value = serde_json::from_slice(&to_json::<PairingRecord>(&[])).unwrap();
        assert_eq!(empty, serde_json::json!([]));
    }

    #[test]
    fn csv_has_bom_header_and_joined_supporters() {
        let csv = to_csv(&[sample()]);
        let text = String::from_utf8(csv).unwrap();
        assert!(text.starts_with("\u{feff}序号,项目,期限,文号,表,编号,"), "{text}");
        assert!(
            text.contains("\r\n1,项目,2022年起，为期3年,桂教民族〔2022〕9号,附件1.csv,33,"),
            "{text}"
        );
        assert!(text.contains("桂林市七星区卓然小学、桂林市宝贤中学"));
        assert!(text.contains("\r\n"));
        let header: Vec<&str> = text
            .lines()
            .next()
            .unwrap()
            .trim_start_matches('\u{feff}')
            .split(',')
            .collect();
        let row: Vec<&str> = text.lines().nth(1).unwrap().split(',').collect();
        assert_eq!(header[col("牵头单位出处")], "牵头单位出处");
        assert_eq!(col("牵头单位出处"), col("牵头单位") + 1, "beside the lead it explains");
        assert_eq!(row[col("牵头单位出处")], "原表空白，沿用编号 32");
    }

    #[test]
    fn csv_cells_that_excel_would_run_are_text() {
        let hostile = [
            "=HYPERLINK(\"http://evil.example/\",\"点击\")",
            "+cmd|'/C calc'!A0",
            "-2+3+cmd|'/C calc'!A0",
            "@SUM(1+1)*cmd|'/C calc'!A0",
            "\t=1+1",
            "\r=1+1",
        ];
        let mut records = Vec::new();
        for cell in hostile {
            let mut r = sample();
            r.recipient = cell.into();
            r.supporters = vec![cell.into()];
            r.note = Some(cell.into());
            records.push(r);
        }
        let mut plain = sample();
        plain.number = "-3".into();
        plain.note = Some("+12.5".into());
        plain.recipient = "东兴市京族学校（=原名）".into();
        records.push(plain);
        let csv = to_csv(&records);
        let mut reader = csv::Reader::from_reader(&csv[3..]);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        for (row, cell) in rows.iter().zip(hostile) {
            for column in [col("受援方"), col("支援方"), col("备注")] {
                assert_eq!(&row[column], format!("'{cell}"), "column {}", COLUMNS[column].0);
            }
            for (i, value) in row.iter().enumerate() {
                assert!(
                    !value.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "column {} starts a formula: {value:?}",
                    COLUMNS[i].0
                );
            }
        }
        let plain = &rows[hostile.len()];
        assert_eq!(&plain[col("编号")], "-3", "a negative number stays a number");
        assert_eq!(&plain[col("备注")], "+12.5");
        assert_eq!(
            &plain[col("受援方")],
            "东兴市京族学校（=原名）",
            "only a leading mark counts"
        );
    }

    #[test]
    fn xlsx_round_trips_and_is_reproducible() {
        let a = to_xlsx(&[sample()], "边境地区教育结对帮扶").unwrap();
        let b = to_xlsx(&[sample()], "边境地区教育结对帮扶").unwrap();
        assert_eq!(a, b, "same records, same bytes");
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.xlsx");
        std::fs::write(&p, &a).unwrap();
        let t = crate::load::tables::read_table(&p, "a.xlsx", (None, false), None).unwrap();
        assert_eq!(t.rows[0].cells[col("受援方")], "受援方");
        assert_eq!(t.rows[1].cells[col("支援方")], "桂林市七星区卓然小学、桂林市宝贤中学");
        assert_eq!(t.rows[1].cells[col("编号")], "33");
        assert_eq!(t.rows[1].cells[col("县（市、区）")], "东兴市");
        assert_eq!(t.rows[1].cells[col("其他列")], "项目：县中托管帮扶");
        let sheet = zip_entry(&a, "xl/worksheets/sheet1.xml");
        assert!(
            sheet.contains("<c r=\"F2\"><v>33</v></c>"),
            "编号 is a number cell: {sheet}"
        );
        assert!(sheet.contains("<c r=\"A2\"><v>1</v></c>"), "序号 is a number cell");
    }

    #[test]
    fn past_the_row_limit_each_province_gets_its_own_sheet() {
        let mut other = sample();
        other.recipient_region_code = "510821".into();
        let records = vec![sample(), other.clone(), other, sample()];
        let bytes = to_xlsx_limited(&records, "全部", 3).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.xlsx");
        std::fs::write(&p, &bytes).unwrap();
        let g = crate::load::tables::read_table(&p, "a.xlsx", (Some("广西壮族自治区"), false), None).unwrap();
        let s = crate::load::tables::read_table(&p, "a.xlsx", (Some("四川省"), false), None).unwrap();
        assert_eq!((g.rows.len(), s.rows.len()), (3, 3), "header + 2 rows each");
        assert_eq!(
            to_xlsx_limited(&records, "全部", 10).unwrap(),
            to_xlsx(&records, "全部").unwrap()
        );
    }

    /// The text of one file inside a zip (an XLSX).
    fn zip_entry(bytes: &[u8], name: &str) -> String {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
        text
    }
}

//! CSV (and tab-separated) tables: UTF-8 with or without BOM, UTF-16 with BOM, or GBK/GB18030 as
//! Excel writes it on Chinese Windows, detected or named in the programme's `encoding`.

use super::raw::{RawRow, RawTable, tidy};
use std::path::Path;

pub fn read(path: &Path, rel: &str, encoding: Option<&str>) -> Result<RawTable, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("无法读取: {e}"))?;
    let (text, used) = decode(&bytes, encoding)?;
    let first_line = text.lines().next().unwrap_or_default();
    let tab = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("tsv"))
        || (first_line.contains('\t') && !first_line.contains(','));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(if tab { b'\t' } else { b',' })
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    // A record's number is its row as Excel shows it: records are counted, and the wholly empty
    // lines the reader skips (a blank row that separates groups) are counted as rows too.
    // A record's position is where the reader began it, before the empty lines it skipped.
    let mut number = 0;
    let mut last_multiline: Option<usize> = None;
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| invalid_record(i + 1, &e))?;
        let start = record.position().map_or(text.len(), |p| p.byte() as usize);
        // The reader ends a record at CR and may begin the next one at the LF of that CRLF, which
        // is no empty line.
        let mut blank = text.get(start..).unwrap_or_default();
        if blank.starts_with('\n') && text.as_bytes().get(start.wrapping_sub(1)) == Some(&b'\r') {
            blank = &blank[1..];
        }
        // Each CRLF, CR or LF before the record is one empty line.
        let breaks = &blank[..blank.len() - blank.trim_start_matches(['\r', '\n']).len()];
        number += 1 + breaks.replace("\r\n", "\n").len();
        if record.iter().any(|c| c.contains('\n')) {
            last_multiline = Some(start);
        }
        rows.push(RawRow {
            number,
            cells: record.iter().map(str::to_string).collect(),
        });
    }
    // An opening quote that is never closed swallows the rest of the file into one cell: the
    // reader gives no error, so the quotes are counted.
    if text.bytes().filter(|b| *b == b'"').count() % 2 == 1 {
        let start = last_multiline.unwrap_or(0).min(text.len());
        let line = text[..start].matches('\n').count() + 1;
        return Err(format!(
            "第 {line} 行起有一个英文双引号 \" 没有成对，其后的内容都会被读进同一个单元格；请在 Excel 中打开后另存为 CSV，或把单元格里的 \" 改成中文引号“”"
        ));
    }
    Ok(RawTable {
        file: rel.to_string(),
        sheet: None,
        rows: tidy(rows),
        merged: Vec::new(),
        encoding: Some(used),
        fill_down: true,
        notes: Vec::new(),
    })
}

/// What is wrong with a record the CSV reader could not read, in the editor's words: a quote
/// that is never closed runs to the end of the file.
fn invalid_record(number: usize, error: &csv::Error) -> String {
    let line = error.position().map(|p| p.line()).unwrap_or(number as u64);
    format!(
        "第 {line} 行附近不是有效的 CSV（{error}）；常见原因是单元格里的英文双引号 \" 没有成对，请在 Excel 中打开后另存为 CSV，或把单元格里的 \" 改成中文引号“”"
    )
}

/// Decodes CSV bytes; returns the text and the name of the encoding used.
pub fn decode(bytes: &[u8], encoding: Option<&str>) -> Result<(String, &'static str), String> {
    if let Some(label) = encoding {
        let enc = encoding_rs::Encoding::for_label(label.trim().as_bytes())
            .ok_or_else(|| format!("不认识的编码名称 “{label}”（可用 UTF-8、GBK、GB18030）"))?;
        let (text, _, errors) = enc.decode(bytes);
        if errors {
            return Err(format!("文件不是 {} 编码", enc.name()));
        }
        return Ok((text.into_owned(), enc.name()));
    }
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _, errors) = enc.decode(bytes);
        if errors {
            return Err(format!("文件以 {} 标记开头，但内容不是该编码", enc.name()));
        }
        return Ok((text.into_owned(), enc.name()));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), "UTF-8"));
    }
    let (text, _, errors) = encoding_rs::GB18030.decode(bytes);
    if errors {
        return Err("无法识别文件编码（既不是 UTF-8，也不是 GBK/GB18030）".to_string());
    }
    Ok((text.into_owned(), "GB18030"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows are numbered as Excel shows them: a quoted cell over two lines is one row, and a
    /// wholly empty line (skipped by the reader) is a row, so the rows after it keep their number
    /// and the gap separates groups.
    #[test]
    fn rows_are_numbered_as_excel_shows_them() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.csv");
        std::fs::write(&p, "编号,受援校\n1,\"甲\n校\"\n\n2,乙校\n,,\n3,丙校\n").unwrap();
        let t = read(&p, "a.csv", None).unwrap();
        let numbers: Vec<(usize, &str)> = t.rows.iter().map(|r| (r.number, r.cells[0].as_str())).collect();
        assert_eq!(numbers, vec![(1, "编号"), (2, "1"), (4, "2"), (6, "3")]);
        std::fs::write(&p, "编号,受援校\r\n1,\"甲\r\n校\"\r\n\r\n2,乙校\r\n,,\r\n3,丙校\r\n").unwrap();
        let t = read(&p, "a.csv", None).unwrap();
        let numbers: Vec<(usize, &str)> = t.rows.iter().map(|r| (r.number, r.cells[0].as_str())).collect();
        assert_eq!(
            numbers,
            vec![(1, "编号"), (2, "1"), (4, "2"), (6, "3")],
            "CRLF, as Excel writes"
        );
        std::fs::write(&p, "编号,受援校\n1,\"甲校\n2,乙校\n").unwrap();
        let error = read(&p, "a.csv", None).unwrap_err();
        assert!(error.starts_with("第 2 行起有一个英文双引号"), "{error}");
    }

    #[test]
    fn detects_utf8_bom_gbk_and_honours_a_named_encoding() {
        let (t, e) = decode("\u{feff}编号,受援学校".as_bytes(), None).unwrap();
        assert_eq!((t.as_str(), e), ("编号,受援学校", "UTF-8"));
        let (gbk, _, _) = encoding_rs::GBK.encode("编号,受援学校\n1,东兴市京族学校");
        let (t, e) = decode(&gbk, None).unwrap();
        assert_eq!((t.lines().nth(1).unwrap(), e), ("1,东兴市京族学校", "GB18030"));
        let (t, e) = decode(&gbk, Some("gbk")).unwrap();
        assert_eq!((t.lines().next().unwrap(), e), ("编号,受援学校", "GBK"));
        assert!(decode(&gbk, Some("utf-8")).is_err());
        assert!(decode(&gbk, Some("klingon")).unwrap_err().contains("klingon"));
    }

    #[test]
    fn reads_rows_with_numbers_and_multiline_cells() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.csv");
        std::fs::write(&p, "编号,支援学校\n1,\"柳州市第八中学\n柳州市景行小学\"\n,,\n2,x\n").unwrap();
        let t = read(&p, "a.csv", None).unwrap();
        let numbers: Vec<usize> = t.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![1, 2, 4], "the empty row 3 is dropped, numbering kept");
        assert_eq!(t.rows[1].cells[1], "柳州市第八中学\n柳州市景行小学");
    }
}

//! Word documents (`.docx`): the paragraphs and tables of `word/document.xml`, in order — each
//! paragraph's text with its bold runs, alignment and list numbering, each table's cells with
//! their horizontal and vertical merges. Used by `jiedui import` and to read a `.docx` table as a
//! pairing table. (The old binary `.doc`/`.wps` are not read: see [`binary_word_hint`].)

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;
use std::io::Read;

/// A paragraph or a table of the document body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(Paragraph),
    Table(Vec<Vec<Cell>>),
}

/// One paragraph: its text in runs (bold or not), centred or not, and its list level when Word
/// numbers it (`w:numPr`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Paragraph {
    pub runs: Vec<(String, bool)>,
    pub centered: bool,
    pub list: Option<(String, u32)>,
}

impl Paragraph {
    /// The paragraph's text.
    pub fn text(&self) -> String {
        self.runs.iter().map(|(t, _)| t.as_str()).collect()
    }
}

/// One table cell: its text (paragraphs joined by line breaks), the columns it spans and whether
/// it continues the merged cell above it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    pub text: String,
    pub span: usize,
    pub continues_above: bool,
}

/// The blocks of the `.docx` file in `bytes`.
pub fn read_docx(bytes: &[u8]) -> Result<Vec<Block>, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|_| "不是有效的 .docx 文件（无法作为 ZIP 打开）".to_string())?;
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .map_err(|_| "不是 Word 文档：缺少 word/document.xml".to_string())?
        .take(256 << 20)
        .read_to_string(&mut xml)
        .map_err(|e| format!("无法读取 word/document.xml: {e}"))?;
    parse_document(&xml)
}

/// What the reader is inside of.
#[derive(Default)]
struct State {
    blocks: Vec<Block>,
    /// Open tables (a table may hold a table): rows of cells.
    tables: Vec<Vec<Vec<Cell>>>,
    /// The open cell's paragraphs' text, per open table.
    cells: Vec<Option<(Cell, Vec<String>)>>,
    paragraph: Option<Paragraph>,
    run_bold: bool,
    in_run_properties: bool,
    in_text: bool,
    num_id: Option<String>,
    level: u32,
}

fn attribute(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| quick_xml::escape::unescape(&a.value).map_or_else(|_| a.value.to_string(), |v| v.to_string()))
}

/// The blocks of a `word/document.xml`.
pub fn parse_document(xml: &str) -> Result<Vec<Block>, String> {
    let mut reader = Reader::from_str(xml);
    let mut s = State::default();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("word/document.xml 格式错误: {e}"))?;
        match event {
            Event::Start(e) => open(&mut s, &e, false),
            Event::Empty(e) => open(&mut s, &e, true),
            Event::End(e) => close(&mut s, e.name().as_ref()),
            Event::Text(t) if s.in_text => {
                // Entities come as `GeneralRef` events: the text itself is plain.
                let text: &str = &t;
                push_text(&mut s, text);
            }
            Event::GeneralRef(r) if s.in_text => {
                let name: &str = &r;
                let text = match name {
                    "amp" => "&".to_string(),
                    "lt" => "<".to_string(),
                    "gt" => ">".to_string(),
                    "quot" => "\"".to_string(),
                    "apos" => "'".to_string(),
                    other => r
                        .resolve_char_ref()
                        .ok()
                        .flatten()
                        .map(String::from)
                        .unwrap_or_else(|| format!("&{other};")),
                };
                push_text(&mut s, &text);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(s.blocks)
}

fn push_text(s: &mut State, text: &str) {
    if let Some(p) = &mut s.paragraph {
        match p.runs.last_mut() {
            Some((t, bold)) if *bold == s.run_bold => t.push_str(text),
            _ => p.runs.push((text.to_string(), s.run_bold)),
        }
    }
}

fn open(s: &mut State, e: &BytesStart, empty: bool) {
    match e.name().as_ref() {
        "w:p" if !empty => {
            s.paragraph = Some(Paragraph::default());
            s.num_id = None;
            s.level = 0;
        }
        "w:jc" => {
            if let Some(p) = &mut s.paragraph
                && matches!(attribute(e, "w:val").as_deref(), Some("center" | "distribute"))
            {
                p.centered = true;
            }
        }
        "w:numId" => s.num_id = attribute(e, "w:val").filter(|v| v != "0"),
        "w:ilvl" => s.level = attribute(e, "w:val").and_then(|v| v.parse().ok()).unwrap_or(0),
        "w:r" if !empty => s.run_bold = false,
        "w:rPr" if !empty => s.in_run_properties = true,
        "w:b" if s.in_run_properties => {
            s.run_bold = !matches!(attribute(e, "w:val").as_deref(), Some("0" | "false"));
        }
        "w:t" if !empty => s.in_text = true,
        "w:tab" => push_text(s, "\t"),
        "w:br" | "w:cr" => push_text(s, "\n"),
        "w:tbl" if !empty => {
            s.tables.push(Vec::new());
            s.cells.push(None);
        }
        "w:tr" if !empty => {
            if let Some(t) = s.tables.last_mut() {
                t.push(Vec::new());
            }
        }
        "w:tc" if !empty => {
            if let Some(c) = s.cells.last_mut() {
                *c = Some((
                    Cell {
                        span: 1,
                        ..Cell::default()
                    },
                    Vec::new(),
                ));
            }
        }
        "w:gridSpan" => {
            if let Some(Some((cell, _))) = s.cells.last_mut() {
                cell.span = attribute(e, "w:val")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(1)
                    .clamp(1, 64);
            }
        }
        "w:vMerge" => {
            if let Some(Some((cell, _))) = s.cells.last_mut() {
                // `<w:vMerge/>` (no value) continues the cell above; `w:val="restart"` starts one.
                cell.continues_above = attribute(e, "w:val").as_deref() != Some("restart");
            }
        }
        _ => {}
    }
}

fn close(s: &mut State, name: &str) {
    match name {
        "w:t" => s.in_text = false,
        "w:rPr" => s.in_run_properties = false,
        "w:p" => {
            let Some(mut p) = s.paragraph.take() else { return };
            p.list = s.num_id.take().map(|id| (id, s.level));
            match s.cells.last_mut() {
                Some(Some((_, texts))) => texts.push(p.text()),
                _ => s.blocks.push(Block::Paragraph(p)),
            }
        }
        "w:tc" => {
            if let Some(slot) = s.cells.last_mut()
                && let Some((mut cell, texts)) = slot.take()
                && let Some(row) = s.tables.last_mut().and_then(|t| t.last_mut())
            {
                cell.text = texts.join("\n").trim().to_string();
                row.push(cell);
            }
        }
        "w:tbl" => {
            s.cells.pop();
            if let Some(table) = s.tables.pop() {
                match s.cells.last_mut() {
                    // A table inside a cell: its text joins the cell's.
                    Some(Some((_, texts))) => {
                        for row in &table {
                            texts.push(row.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join(" "));
                        }
                    }
                    _ => s.blocks.push(Block::Table(table)),
                }
            }
        }
        _ => {}
    }
}

/// A table as text: its rows of cells, and its vertical merges as (first row, last row, column).
pub type Grid = (Vec<Vec<String>>, Vec<(usize, usize, usize)>);

/// A table as a grid of text: spans repeated as empty cells after the first, a cell that
/// continues the merged cell above given that cell's text (as a person reads a merged cell), and
/// the merges as (first row, last row, column) for writing them back.
pub fn grid(table: &[Vec<Cell>]) -> Grid {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut merges: Vec<(usize, usize, usize)> = Vec::new();
    // For each column, the row where its current vertical merge started.
    let mut started: Vec<Option<usize>> = Vec::new();
    for (r, row) in table.iter().enumerate() {
        let mut out: Vec<String> = Vec::new();
        for cell in row {
            let column = out.len();
            if started.len() < column + cell.span {
                started.resize(column + cell.span, None);
            }
            if cell.continues_above {
                let above = rows
                    .get(r.wrapping_sub(1))
                    .and_then(|x| x.get(column))
                    .cloned()
                    .unwrap_or_default();
                out.push(above);
                let first = started[column].unwrap_or(r.saturating_sub(1));
                started[column] = Some(first);
                match merges.iter_mut().find(|m| m.0 == first && m.2 == column) {
                    Some(m) => m.1 = r,
                    None => merges.push((first, r, column)),
                }
            } else {
                out.push(cell.text.clone());
                started[column] = Some(r);
            }
            for _ in 1..cell.span {
                out.push(String::new());
            }
        }
        rows.push(out);
    }
    (rows, merges)
}

/// The message for an old binary Word or WPS file, with the command that converts it.
pub fn binary_word_hint(file: &str) -> String {
    format!(
        "用 Word 或 WPS 打开后“另存为” .docx；或用 LibreOffice 转换：soffice --headless --convert-to docx \"{file}\""
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<w:document xmlns:w="w"><w:body>
<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>关于公布名单的通知</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t xml:space="preserve">第一项 </w:t></w:r><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>A&amp;B</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>编号</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>学校</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p><w:p><w:r><w:t>小学</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>
<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>
</w:body></w:document>"#;

    #[test]
    fn paragraphs_and_tables_are_read_in_order() {
        let blocks = parse_document(XML).unwrap();
        assert_eq!(blocks.len(), 3);
        let Block::Paragraph(title) = &blocks[0] else { panic!() };
        assert!(title.centered);
        assert_eq!(title.runs, vec![("关于公布名单的通知".to_string(), true)]);
        let Block::Paragraph(item) = &blocks[1] else { panic!() };
        assert_eq!(item.text(), "第一项 A&B");
        assert_eq!(item.list, Some(("3".to_string(), 0)));
        let Block::Table(table) = &blocks[2] else { panic!() };
        let (rows, merges) = grid(table);
        assert_eq!(rows[0], vec!["编号", "学校", ""]);
        assert_eq!(rows[1], vec!["1", "甲\n小学", ""]);
        assert_eq!(rows[2], vec!["1", "乙", ""], "a merged cell reads as its first cell");
        assert_eq!(merges, vec![(1, 2, 0)]);
    }

    #[test]
    fn what_is_not_a_docx_is_an_error() {
        assert!(read_docx(b"not a zip").unwrap_err().contains("不是有效的 .docx"));
    }
}

//! Word documents (`.docx`) for tests, written as Word writes them: paragraphs with runs (bold or
//! not), centred lines, numbered list items and tables with merged cells.

use std::io::Write;

/// One block of a document.
pub enum Part<'a> {
    /// A plain paragraph.
    P(&'a str),
    /// A centred paragraph (a title, a red header).
    Centered(&'a str),
    /// A paragraph of runs, each bold or not.
    Runs(&'a [(&'a str, bool)]),
    /// An item of Word's automatic numbering (list `id`).
    Numbered(&'a str, u32),
    /// A table: a cell `^` continues the merged cell above (vertical merge); a cell `<` is
    /// covered by the cell to its left (horizontal merge).
    Table(&'a [&'a [&'a str]]),
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn runs(runs: &[(&str, bool)]) -> String {
    runs.iter()
        .map(|(text, bold)| {
            let props = if *bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
            format!("<w:r>{props}<w:t xml:space=\"preserve\">{}</w:t></w:r>", escape(text))
        })
        .collect()
}

fn paragraph(props: &str, body: &str) -> String {
    format!("<w:p><w:pPr>{props}</w:pPr>{body}</w:p>")
}

fn table(rows: &[&[&str]]) -> String {
    let mut xml = String::from("<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/></w:tblPr>");
    for (r, row) in rows.iter().enumerate() {
        xml.push_str("<w:tr>");
        let mut c = 0;
        while c < row.len() {
            let text = row[c];
            let mut span = 1;
            while c + span < row.len() && row[c + span] == "<" {
                span += 1;
            }
            let below_continues = rows.get(r + 1).and_then(|n| n.get(c)) == Some(&"^");
            let mut props = String::new();
            if span > 1 {
                props.push_str(&format!("<w:gridSpan w:val=\"{span}\"/>"));
            }
            if text == "^" {
                props.push_str("<w:vMerge/>");
            } else if below_continues {
                props.push_str("<w:vMerge w:val=\"restart\"/>");
            }
            let body = if text == "^" {
                "<w:p/>".to_string()
            } else {
                text.split('\n')
                    .map(|line| paragraph("", &runs(&[(line, false)])))
                    .collect()
            };
            xml.push_str(&format!("<w:tc><w:tcPr>{props}</w:tcPr>{body}</w:tc>"));
            c += span;
        }
        xml.push_str("</w:tr>");
    }
    xml.push_str("</w:tbl>");
    xml
}

/// The bytes of a `.docx` holding `parts`.
pub fn docx(parts: &[Part]) -> Vec<u8> {
    package(&document_xml(parts))
}

/// The `word/document.xml` of a document holding `parts`.
pub fn document_xml(parts: &[Part]) -> String {
    let mut body = String::new();
    for part in parts {
        body.push_str(&match part {
            Part::P(text) => paragraph("", &runs(&[(text, false)])),
            Part::Centered(text) => paragraph("<w:jc w:val=\"center\"/>", &runs(&[(text, false)])),
            Part::Runs(list) => paragraph("", &runs(list)),
            Part::Numbered(text, id) => paragraph(
                &format!("<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"{id}\"/></w:numPr>"),
                &runs(&[(text, false)]),
            ),
            Part::Table(rows) => table(rows),
        });
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}<w:sectPr/></w:body></w:document>"
    )
}

/// A `.docx` package around a `word/document.xml` (any text, for fuzzing).
pub fn package(document: &str) -> Vec<u8> {
    let document = document.to_string();
    let files = [
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>".to_string(),
        ),
        (
            "_rels/.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>".to_string(),
        ),
        ("word/document.xml", document),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().last_modified_time(zip::DateTime::default());
    for (name, text) in files {
        zip.start_file(name, options).expect("zip entry");
        zip.write_all(text.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip finish").into_inner()
}

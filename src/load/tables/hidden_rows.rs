//! Which rows of an XLSX worksheet are hidden — by hand, or by a filter that leaves them out:
//! calamine reads cells, not row attributes, so the sheet's XML is read here for
//! `<row r="5" hidden="1">`.

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;
use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Seek};
use std::path::Path;

/// The 1-based numbers of the hidden rows of sheet `sheet` in the XLSX file at `path`.
pub fn hidden_rows(path: &Path, sheet: &str) -> Result<BTreeSet<usize>, String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| e.to_string())?;
    // xl/workbook.xml names each sheet and its relationship; the relationship gives its part.
    let mut id = None;
    each_element(&mut entry(&mut zip, "xl/workbook.xml")?, "sheet", |e| {
        if attribute(e, "name").as_deref() == Some(sheet) {
            id = attribute(e, "id");
        }
    })?;
    let Some(id) = id else { return Ok(BTreeSet::new()) };
    let mut target = None;
    each_element(
        &mut entry(&mut zip, "xl/_rels/workbook.xml.rels")?,
        "Relationship",
        |e| {
            if attribute(e, "Id").as_deref() == Some(id.as_str()) {
                target = attribute(e, "Target");
            }
        },
    )?;
    let Some(target) = target else {
        return Ok(BTreeSet::new());
    };
    let part = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("xl/{target}"),
    };
    let mut hidden = BTreeSet::new();
    let sheet_xml = zip.by_name(&part).map_err(|e| e.to_string())?;
    each_element(&mut BufReader::new(sheet_xml), "row", |e| {
        let is_hidden = matches!(attribute(e, "hidden").as_deref(), Some("1" | "true"));
        if let (true, Some(n)) = (is_hidden, attribute(e, "r").and_then(|r| r.parse().ok())) {
            hidden.insert(n);
        }
    })?;
    Ok(hidden)
}

/// The part `name` of the archive, read whole (the workbook and its relationships are small).
fn entry<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, name: &str) -> Result<std::io::Cursor<Vec<u8>>, String> {
    let mut bytes = Vec::new();
    zip.by_name(name)
        .map_err(|e| e.to_string())?
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    Ok(std::io::Cursor::new(bytes))
}

/// Calls `each` for every element whose local name is `name` (with or without a prefix).
fn each_element(source: &mut impl BufRead, name: &str, mut each: impl FnMut(&BytesStart)) -> Result<(), String> {
    let mut reader = Reader::from_reader(source);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).map_err(|e| e.to_string())? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == name => each(&e),
            Event::Eof => return Ok(()),
            _ => {}
        }
        buf.clear();
    }
}

/// The value of the attribute whose local name is `name` (`r:id` is found as `id`).
fn attribute(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| quick_xml::escape::unescape(&a.value).map_or_else(|_| a.value.to_string(), |v| v.to_string()))
}

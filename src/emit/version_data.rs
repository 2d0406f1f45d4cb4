//! Open data of revised lists: for a programme whose list has several versions, each earlier
//! version's whole list (`<slug>-v1.csv`; the newest is the programme's own `<slug>.csv`), the pairs that ended (`<slug>-history.csv`, with the date that
//! ended each) and every change (`<slug>-changes.csv`), as CSV and XLSX.

use super::open_data::{Publisher, neutralise_formula, to_csv, to_xlsx};
use crate::diagnostics::Diagnostic;
use crate::model::SiteGraph;
use crate::model::pairing::record::{CHANGE_COLUMNS, PairingRecord};
use crate::model::pairing::versions::PairRef;
use crate::model::pairing::{Pairing, PairingGraph, Programme};
use std::borrow::Cow;

const CHANGE_WIDTHS: [f64; 15] = [
    6.0, 20.0, 12.0, 20.0, 8.0, 30.0, 12.0, 34.0, 34.0, 20.0, 20.0, 20.0, 30.0, 24.0, 8.0,
];

/// The stem (`data/programmes/<slug>-v2`) of version `v`'s list (0-based `v`).
pub fn version_stem(slug: &str, v: usize) -> String {
    format!("data/programmes/{slug}-v{}", v + 1)
}

/// The stem of a programme's ended pairs.
pub fn history_stem(slug: &str) -> String {
    format!("data/programmes/{slug}-history")
}

/// Writes one output file, or says why it could not.
pub type Put<'a> = dyn Fn(&str, &[u8]) -> Result<(), Diagnostic> + Sync + 'a;

/// Writes the version, history and changes files of every revised programme through `put`.
pub fn write_version_data(graph: &SiteGraph, publisher: &Publisher, put: &Put) -> Result<(), Diagnostic> {
    let pg = &graph.pairing;
    for (i, p) in pg.programmes.iter().enumerate() {
        if p.versions.len() < 2 {
            continue;
        }
        let xlsx = |stem: &str, sheet: &str, rows: &[PairingRecord]| {
            to_xlsx(rows, sheet)
                .map_err(|e| Diagnostic::error(format!("{stem}.xlsx"), None, format!("无法生成 XLSX: {e}")))
        };
        // The newest version's list is the programme's own file (`<slug>.csv`): not written twice.
        for v in 0..p.versions.len() - 1 {
            let rows: Vec<PairingRecord> = list_at(pg, i, v)
                .into_iter()
                .map(|pairing| publisher.record_of(pairing, v, false))
                .collect();
            let stem = version_stem(&p.slug, v);
            put(&format!("{stem}.csv"), &to_csv(&rows))?;
            put(&format!("{stem}.xlsx"), &xlsx(&stem, &p.versions[v].label, &rows)?)?;
        }
        let ended: Vec<PairingRecord> = p
            .ended
            .iter()
            .map(|&h| {
                let pairing = &pg.history[h];
                publisher.record_of(pairing, pairing.version, true)
            })
            .collect();
        let stem = history_stem(&p.slug);
        put(&format!("{stem}.csv"), &to_csv(&ended))?;
        put(&format!("{stem}.xlsx"), &xlsx(&stem, "已结束的结对", &ended)?)?;
        let changes = change_rows(graph, i);
        let stem = format!("data/programmes/{}-changes", p.slug);
        put(&format!("{stem}.csv"), &changes_csv(&changes))?;
        put(
            &format!("{stem}.xlsx"),
            &changes_xlsx(&changes)
                .map_err(|e| Diagnostic::error(format!("{stem}.xlsx"), None, format!("无法生成 XLSX: {e}")))?,
        )?;
    }
    Ok(())
}

/// The pairs of programme `i`'s list as version `v` left it, in the order they were read:
/// every row of a version up to `v` that no version up to `v` ended or repeated.
pub fn list_at(pg: &PairingGraph, i: usize, v: usize) -> Vec<&Pairing> {
    let p: &Programme = &pg.programmes[i];
    let holds = |r: &&Pairing| r.programme == i && r.version <= v && r.until.is_none_or(|u| u > v);
    let mut rows: Vec<&Pairing> = p
        .pairings
        .iter()
        .map(|&x| &pg.pairings[x])
        .chain(p.ended.iter().map(|&x| &pg.history[x]))
        .chain(pg.repeated.iter())
        .filter(holds)
        .collect();
    rows.sort_by_key(|r| (r.version, r.file.as_str(), r.sheet.as_deref(), r.row));
    rows
}

/// One row of a changes file, as text cells.
type ChangeRow = [String; 14];

/// The changes of programme `i`, version by version (added, changed, ended), then its renames.
fn change_rows(graph: &SiteGraph, i: usize) -> Vec<ChangeRow> {
    let pg = &graph.pairing;
    let p = &pg.programmes[i];
    let pair = |r: PairRef| pg.pair(r);
    let names = |x: &Pairing| {
        x.supporters
            .iter()
            .map(|&s| pg.parties[s].name.as_str())
            .collect::<Vec<_>>()
            .join("、")
    };
    let lead = |x: &Pairing| x.lead.map(|l| pg.parties[l].name.clone()).unwrap_or_default();
    let county = |party: usize| {
        graph.index.party_county[party]
            .and_then(|c| crate::divisions::divisions().get(c))
            .map(|d| d.name.to_string())
            .unwrap_or_default()
    };
    let version_facts = |v: usize| {
        let date = graph
            .index
            .version_date(&graph.documents, pg, i, v)
            .map(|d| d.iso())
            .unwrap_or_default();
        let number = graph.index.programmes[i].versions[v]
            .and_then(|d| graph.documents[d].notice.as_ref())
            .and_then(|n| n.doc_number.clone())
            .unwrap_or_default();
        (p.versions[v].label.clone(), date, number)
    };
    let mut order: Vec<&crate::model::pairing::versions::Change> = p.changes.iter().collect();
    order.sort_by_key(|c| (c.version, c.kind));
    let mut rows: Vec<ChangeRow> = order
        .into_iter()
        .filter_map(|c| {
            let (label, date, number) = version_facts(c.version);
            let before = c.before.map(pair);
            let after = c.after.map(pair);
            let shown = after.or(before)?;
            let file = shown.file.rsplit('/').next().unwrap_or(&shown.file).to_string();
            Some([
                label,
                date,
                number,
                c.kind.label().to_string(),
                pg.parties[shown.recipient].name.clone(),
                county(shown.recipient),
                before.map(names).unwrap_or_default(),
                after.map(names).unwrap_or_default(),
                before.map(lead).unwrap_or_default(),
                after.map(lead).unwrap_or_default(),
                c.what.join("、"),
                shown.note.clone().unwrap_or_default(),
                file,
                crate::model::pairing::interpret::ranges(&[shown.row]),
            ])
        })
        .collect();
    for (r, rename) in pg.renames.iter().enumerate().filter(|(_, r)| r.source == p.source) {
        let notice = graph.index.rename_notices[r];
        let date = rename
            .date
            .as_deref()
            .and_then(crate::date::PartialDate::parse)
            .or_else(|| notice.map(|d| graph.documents[d].date))
            .map(|d| d.iso())
            .unwrap_or_default();
        let number = notice
            .and_then(|d| graph.documents[d].notice.as_ref())
            .and_then(|n| n.doc_number.clone())
            .unwrap_or_default();
        rows.push([
            String::new(),
            date,
            number,
            "更名".to_string(),
            rename.to.clone(),
            rename.party.map(county).unwrap_or_default(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            format!("原名：{}", rename.from),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    rows
}

fn cells(serial: usize, row: &ChangeRow) -> Vec<Cow<'_, str>> {
    std::iter::once(Cow::Owned(serial.to_string()))
        .chain(row.iter().map(|c| Cow::Borrowed(c.as_str())))
        .collect()
}

/// The changes as CSV in UTF-8 with BOM and CRLF line ends, like the other CSV files.
fn changes_csv(rows: &[ChangeRow]) -> Vec<u8> {
    let mut out = b"\xef\xbb\xbf".to_vec();
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = writer.write_record(CHANGE_COLUMNS.map(|(name, _)| name));
    for (i, row) in rows.iter().enumerate() {
        let cells: Vec<Cow<str>> = cells(i + 1, row).into_iter().map(neutralise_formula).collect();
        let _ = writer.write_record(cells.iter().map(|c| c.as_bytes()));
    }
    out.extend(writer.into_inner().unwrap_or_default());
    out
}

fn changes_xlsx(rows: &[ChangeRow]) -> Result<Vec<u8>, String> {
    use super::xlsx::{Cell, Workbook};
    let mut book = Workbook::new();
    let cells = rows.iter().enumerate().map(|(i, row)| {
        cells(i + 1, row)
            .into_iter()
            .enumerate()
            .map(|(c, value)| match (c, value.parse::<u64>()) {
                (0, Ok(n)) => Cell::Number(n),
                _ => Cell::Text(value),
            })
            .collect()
    });
    book.add_sheet(
        "名单变更",
        &CHANGE_COLUMNS.map(|(h, _)| h),
        &CHANGE_WIDTHS,
        rows.len(),
        cells,
    )
    .map_err(|e| e.to_string())?;
    book.finish().map_err(|e| e.to_string())
}

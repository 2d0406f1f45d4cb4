//! A generated site with 20,000 pairings, built inside the suite: every school, county and
//! programme page exists, paginated lists hold every row exactly once, and the sitemap index is
//! valid. (Speed is measured by `examples/bench_national.rs`, not here.)

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const ROWS: usize = 20_000;

/// The school links (`/schools/…/`) in the `<tbody>` rows of a page.
fn row_schools(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for body in html.split("<tbody>").skip(1) {
        let body = body.split("</tbody>").next().unwrap_or("");
        for row in body.split("<tr").skip(1) {
            let cell = row.split("<td").nth(1).unwrap_or("");
            if let Some(href) = cell.split("href=\"").nth(1) {
                out.push(href.split('"').next().unwrap_or("").to_string());
            }
        }
    }
    out
}

/// Every page of a paginated page: the first, then `page/2/` … while they exist.
fn pages(public: &Path, first: &str) -> Vec<String> {
    let mut out = vec![common::read(public, &format!("{first}index.html"))];
    for n in 2.. {
        let path = public.join(format!("{first}page/{n}/index.html"));
        match std::fs::read_to_string(path) {
            Ok(html) => out.push(html),
            Err(_) => break,
        }
    }
    out
}

#[test]
#[ignore = "national size (20,000 rows, about a minute unoptimised): `cargo test -- --include-ignored`, as .ci/run does"]
fn a_national_site_has_every_page_and_every_row_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    jiedui_devkit::synthetic::write_national_site(&root, ROWS, 50).unwrap();
    let public = dir.path().join("public");
    let summary = common::build_into(&root, &public).unwrap_or_else(|f| panic!("{:?}", &f.diagnostics[..3]));
    assert_eq!(summary.pairings, ROWS);

    // The programme's pages list every recipient exactly once, in table order.
    let table = std::fs::read_to_string(root.join("content/programmes/national.csv")).unwrap();
    let recipients: Vec<String> = table
        .lines()
        .skip(1)
        .map(|l| jiedui::model::pairing::names::normalise(l.split(',').nth(1).unwrap()))
        .collect();
    let programme = pages(&public, "programmes/national/");
    assert_eq!(programme.len(), ROWS.div_ceil(jiedui::render::routes::ROWS_PER_PAGE));
    let mut listed = Vec::new();
    for html in &programme {
        for row in common::table_rows(html) {
            let cell = row.cell("受援方");
            listed.push(common::text_of(&cell[..cell.find("</a>").unwrap()]));
        }
    }
    assert_eq!(listed.len(), recipients.len(), "every row once across the pages");
    let first_difference = listed.iter().zip(&recipients).position(|(a, b)| a != b);
    assert_eq!(
        first_difference,
        None,
        "rows in table order: {:?}",
        first_difference.map(|i| (&listed[i], &recipients[i]))
    );

    // Every school has its page; every county page (all of its pages) lists each of its rows once.
    let mut county_rows: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut schools = BTreeSet::new();
    for entry in walkdir::WalkDir::new(public.join("schools")).min_depth(1).max_depth(1) {
        let entry = entry.unwrap();
        if entry.file_type().is_dir() {
            schools.insert(entry.file_name().to_string_lossy().to_string());
        }
    }
    assert_eq!(schools.len(), 2 * ROWS, "a page for every recipient and supporter");
    assert!(public.join("schools/index.html").is_file(), "the school index");
    let regions = public.join("regions");
    let mut counties = 0;
    for entry in walkdir::WalkDir::new(&regions).min_depth(3).max_depth(3) {
        let entry = entry.unwrap();
        if !entry.file_type().is_dir() || entry.file_name() == "page" {
            continue;
        }
        let rel = format!("regions/{}/", common_rel(&regions, entry.path()));
        let rows: Vec<String> = pages(&public, &rel).iter().flat_map(|h| row_schools(h)).collect();
        counties += 1;
        county_rows.insert(rel, rows);
    }
    assert!(counties > 1000, "county pages: {counties}");
    let total: usize = county_rows.values().map(Vec::len).sum();
    let placed_in_county: usize = county_rows
        .values()
        .map(|r| r.iter().collect::<BTreeSet<_>>().len())
        .sum();
    assert_eq!(total, placed_in_county, "no school row twice on a county's pages");
    assert!(
        total >= 2 * ROWS * 90 / 100,
        "nearly all schools are placed in their county: {total} of {}",
        2 * ROWS
    );

    // The sitemap index names parts of at most 50,000 URLs that together list every page once.
    let index = common::read(&public, "sitemap.xml");
    assert!(index.starts_with("<?xml") && index.contains("<sitemapindex"));
    let parts: Vec<&str> = index
        .split("<loc>")
        .skip(1)
        .map(|l| l.split("</loc>").next().unwrap())
        .collect();
    let mut urls = BTreeSet::new();
    for part in &parts {
        let name = part.rsplit('/').next().unwrap();
        let text = common::read(&public, name);
        let locs = text.matches("<loc>").count();
        assert!(locs <= 50_000, "{name}: {locs} URLs");
        assert!(text.contains("<urlset") && text.trim_end().ends_with("</urlset>"));
        for l in text.split("<loc>").skip(1) {
            assert!(
                urls.insert(l.split("</loc>").next().unwrap().to_string()),
                "listed twice"
            );
        }
    }
    assert_eq!(urls.len(), summary.pages - 1, "every page but the 404 page");

    // A site of one programme: the programme's CSV and JSON are the whole set's (written from the
    // same bytes), each holding every pairing; its XLSX names its sheet after the programme.
    for ext in ["csv", "json"] {
        let whole = std::fs::read(public.join(format!("data/pairings.{ext}"))).unwrap();
        let programme = std::fs::read(public.join(format!("data/programmes/national.{ext}"))).unwrap();
        assert!(whole == programme, "data/programmes/national.{ext} is the whole set");
    }
    let csv = std::fs::read(public.join("data/programmes/national.csv")).unwrap();
    assert_eq!(csv::Reader::from_reader(&csv[3..]).records().count(), ROWS);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(public.join("data/pairings.json")).unwrap()).unwrap();
    assert_eq!(json.as_array().unwrap().len(), ROWS);
    let sheet = |file: &str| {
        use calamine::Reader;
        let book: calamine::Xlsx<_> = calamine::open_workbook(public.join(file)).unwrap();
        book.sheet_names()
    };
    assert_eq!(sheet("data/pairings.xlsx"), ["结对名单"]);
    let programme_sheet = sheet("data/programmes/national.xlsx");
    assert!(
        programme_sheet.len() == 1 && programme_sheet[0] != "结对名单",
        "{programme_sheet:?}"
    );
    let table = jiedui::load::tables::read_table(
        &public.join("data/programmes/national.xlsx"),
        "x.xlsx",
        (None, false),
        None,
    )
    .unwrap();
    assert_eq!(table.rows.len(), ROWS + 1, "header and every row");
}

fn common_rel(base: &Path, path: &Path) -> String {
    jiedui::load::content::relative(base, path)
}

/// A long table is searched page by page: a school in row 450 is found on its own page first and
/// on the one programme page that lists it, and no text chunk grows with the table.
#[test]
fn a_school_is_found_on_the_table_page_that_lists_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    jiedui_devkit::synthetic::write_national_site(&root, 900, 5).unwrap();
    let public = dir.path().join("public");
    common::build_into(&root, &public).unwrap_or_else(|f| panic!("{:?}", &f.diagnostics[..3]));
    let table = std::fs::read_to_string(root.join("content/programmes/national.csv")).unwrap();
    let school = jiedui::model::pairing::names::normalise(table.lines().nth(450).unwrap().split(',').nth(1).unwrap());
    let search = public.join("search");
    let read = |path: &str| std::fs::read(search.join(path)).ok();
    let row = |doc: u32| -> serde_json::Value {
        let chunk: serde_json::Value =
            serde_json::from_slice(&read(&format!("d/{}.json", doc / 128)).unwrap()).unwrap();
        chunk[(doc % 128) as usize].clone()
    };
    let found = jiedui_devkit::query::run_query_exhaustive(&read, &school);
    let urls: Vec<String> = found
        .documents
        .iter()
        .map(|&d| row(d)[0].as_str().unwrap().to_string())
        .collect();
    let programme_pages: Vec<&String> = urls.iter().filter(|u| u.contains("/programmes/")).collect();
    assert_eq!(
        programme_pages,
        ["/programmes/national/page/3/"],
        "only the page holding row 450 ({school}): {urls:?}"
    );
    let page_doc = found.documents[urls.iter().position(|u| u.contains("/programmes/")).unwrap()];
    assert_eq!(row(page_doc)[1], "全国县域学校结对帮扶（第 3 页）");
    let first = jiedui_devkit::query::run_query_with(&read, &school);
    let first_urls: Vec<String> = first
        .documents
        .iter()
        .map(|&d| row(d)[0].as_str().unwrap().to_string())
        .collect();
    let own = first_urls.iter().position(|u| u.starts_with("/schools/"));
    let listed = first_urls.iter().position(|u| u.contains("/programmes/"));
    assert!(
        own.is_some() && listed.is_some() && own < listed,
        "the school's page first: {first_urls:?}"
    );
    // What a snippet reads is small: each document's text entry (the range its row gives) is a
    // head of at most a few KB, and long bodies are cut into pieces of their own.
    let documents = first_urls.len().max(1);
    let mut entries = 0;
    for doc in 0u32.. {
        let chunk: serde_json::Value = match read(&format!("d/{}.json", doc / 128)) {
            Some(bytes) => serde_json::from_slice(&bytes).unwrap(),
            None => break,
        };
        let Some(row) = chunk.get((doc % 128) as usize) else {
            break;
        };
        let len = row[6].as_u64().unwrap() - row[5].as_u64().unwrap();
        assert!(len < 16 * 1024, "the text entry of document {doc} is {len} bytes");
        entries += 1;
    }
    assert!(entries >= documents, "{entries} entries");
    let mut pieces = 0;
    for entry in std::fs::read_dir(search.join("t")).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        if name.starts_with('s') {
            pieces += 1;
            let len = entry.metadata().unwrap().len();
            assert!(len < 16 * 1024, "t/{name} is {len} bytes");
        }
    }
    assert!(pieces > 0, "the long lists were cut into pieces");
}

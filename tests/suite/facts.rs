//! Published facts agree with each other: every region page's charts add up to the pairings its
//! text counts and its CSV holds; leads are carried only inside their group; no page names the
//! site's working files; dates the source does not give are never shown as whole dates.

use crate::common;

use common::{build_into, read, repo_root, write_site};
use std::path::Path;

/// The number written before `marker` (`… 参与 200 对结对` → 200), searched after `from`.
fn number_before(text: &str, marker: &str) -> Option<usize> {
    let at = text.find(marker)?;
    let digits: String = text[..at]
        .trim_end()
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<char>>()
        .into_iter()
        .rev()
        .collect();
    digits.parse().ok()
}

/// Each chart counted in pairings (its caption ends in （对）): its caption and the sum of its bars,
/// read from the chart's text description (`中小学 160对，幼儿园 40对`).
fn pairing_charts(html: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for figure in html.split("<figure class=\"chart\">").skip(1) {
        let caption = figure
            .split("<figcaption>")
            .nth(1)
            .and_then(|c| c.split("</figcaption>").next())
            .unwrap_or_default()
            .to_string();
        if !caption.ends_with("（对）") {
            continue;
        }
        let desc = figure
            .split("<desc")
            .nth(1)
            .and_then(|d| d.split('>').nth(1))
            .and_then(|d| d.split("</desc").next())
            .unwrap_or_default();
        let total: usize = desc
            .split('，')
            .map(|bar| number_before(bar, "对").unwrap_or_else(|| panic!("bar {bar:?} of {caption}")))
            .sum();
        out.push((caption, total));
    }
    out
}

/// Data rows of a CSV file of the open data (header left out, quoted line ends inside cells).
fn csv_rows(path: &Path) -> usize {
    let mut reader = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    reader.records().count()
}

/// For every region page of `out`: its charts in pairings add up to the pairings its text counts,
/// and its CSV download holds exactly that many rows. Returns the pages checked.
fn check_region_pages(out: &Path) -> usize {
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(out.join("regions"))
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.file_name().is_none_or(|n| n != "index.html") || path.components().any(|c| c.as_os_str() == "page") {
            continue;
        }
        let html = std::fs::read_to_string(path).unwrap();
        let Some(pairings) = number_before(&html, "对结对") else {
            continue; // the region index
        };
        for (caption, total) in pairing_charts(&html) {
            assert_eq!(total, pairings, "{}: chart {caption}", path.display());
        }
        let csv = html
            .split("href=\"")
            .skip(1)
            .filter_map(|h| h.split('"').next())
            .find(|h| h.starts_with("/data/regions/") && h.ends_with(".csv"))
            .unwrap_or_else(|| panic!("{}: no CSV download", path.display()));
        let csv = percent_decode(csv.trim_start_matches('/'));
        assert_eq!(csv_rows(&out.join(&csv)), pairings, "{}: rows of {csv}", path.display());
        checked += 1;
    }
    checked
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn bundled_region_pages_add_up() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_into(&repo_root(), &out).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    assert!(check_region_pages(&out) > 20);
    let guangxi = read(&out, "regions/广西壮族自治区/index.html");
    assert!(guangxi.contains("本地区有 400 所学校和单位作为受援方或支援方参与 200 对结对"));
    assert!(guangxi.contains("广西师范大学 80对"), "each pairing counted once");
    let index = read(&out, "regions/index.html");
    assert!(
        index.contains(">广西壮族自治区</a>（400）"),
        "the index counts what the page counts"
    );
    let fangchenggang = read(&out, "regions/广西壮族自治区/防城港市/index.html");
    assert!(fangchenggang.contains("参与 50 对结对"));
    assert!(fangchenggang.contains("中小学 40对，幼儿园 10对"));
    assert!(fangchenggang.contains("双方都在本地区 7对，受援方在本地区 43对"));
    // The city-to-city programme reads as such on its province page, without empty columns.
    let shandong = read(&out, "regions/山东省/index.html");
    assert!(shandong.contains(">济南市</a> → <a href=\"/regions/山东省/临沂市/\">临沂市</a>"));
    assert!(
        !shandong.contains("各下级地区参与结对"),
        "twelve bars of one length say nothing"
    );
    let programme = read(&out, "programmes/2019-shandong-xiezuo/index.html");
    for gone in [
        "<th scope=\"col\">县（市、区）</th>",
        "<th scope=\"col\">牵头单位</th>",
        "<th scope=\"col\">学段</th>",
    ] {
        assert!(!programme.contains(gone), "{gone}");
    }
    let text = common::text_of(&programme);
    assert!(!text.contains("未定位到县") && !text.contains('—'), "{text}");
}

#[test]
fn generated_national_region_pages_add_up() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    jiedui_devkit::synthetic::write_national_site(&root, 1_500, 20).unwrap();
    let out = dir.path().join("public");
    build_into(&root, &out).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    let provinces = std::fs::read_dir(out.join("regions")).unwrap().count();
    assert!(provinces > 10, "several provinces ({provinces})");
    assert!(check_region_pages(&out) > 300);
}

#[test]
fn no_public_page_names_a_working_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_into(&repo_root(), &out).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    let mut named = Vec::new();
    for entry in walkdir::WalkDir::new(&out).into_iter().filter_map(Result::ok) {
        let path = entry.path();
        let wanted = path
            .extension()
            .is_some_and(|e| ["html", "csv", "json", "xml"].iter().any(|x| e == *x));
        if !wanted {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap_or_default();
        if text.contains(".yaml") || text.contains(".toml") || text.contains("content/") {
            named.push(path.strip_prefix(&out).unwrap().display().to_string());
        }
    }
    assert!(named.is_empty(), "{named:#?}");
    // The open data points at the published source; a transcribed list has no row to give.
    let data = std::fs::read_to_string(out.join("data/programmes/2019-shandong-xiezuo.csv")).unwrap();
    let row = data.lines().nth(1).unwrap();
    assert!(row.contains(",来源文件正文,1,临沂市,"), "{row}");
    // 行号 is empty, and so are 名单版本, 起始日期, 终止日期 of a list never revised.
    assert!(
        row.ends_with("/notices/2019-shandong-jiaoyu-fupin-xiezuo/,,,,"),
        "{row}"
    );
}

#[test]
fn carried_leads_name_the_row_a_reader_finds() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_into(&repo_root(), &out).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    let notice = read(&out, "notices/2022-guangxi-bianjing-jiedui/index.html");
    // 编号 2 takes the lead of 编号 1, never "第 2 行" (itself, to a reader).
    let row2 = notice
        .split("<tr>")
        .find(|r| r.starts_with("<td>2</td><td>防城港市防城区峒中镇板八小学"))
        .unwrap();
    assert!(row2.contains("（原表空白，沿用编号 1）"), "{row2}");
    assert!(!notice.contains("沿用第"), "no internal row numbers");
    assert_eq!(
        notice.matches("class=\"carried-legend\"").count(),
        2,
        "one note above each table"
    );
    let css = std::fs::read_to_string(out.join("css/site.css")).unwrap();
    let print = &css[css.find("@media print").unwrap()..];
    assert!(
        print.contains(".carried-note { display: none; }"),
        "the note is not printed on every row"
    );
}

/// Three groups of which only the first names its lead, as a workbook has them: a merged
/// 帮扶类别 cell, a blank separator row and a heading row. The rows after the first group show
/// 未注明 on the pages and leave the lead empty in the open data; `check` says so.
#[test]
fn a_lead_is_not_carried_into_another_group() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    write_site(
        &root,
        &[
            (
                "content/notices/2024-dingxi/index.md",
                "+++\ntitle = \"定西市城乡学校结对名单\"\ndate = 2024-03-01\nattachments = [\"附件.xlsx\"]\n+++\n\n名单见附件。\n"
                    .as_bytes(),
            ),
            (
                "content/programmes/dingxi.toml",
                "title = \"定西市城乡学校结对\"\nprovince = \"甘肃省\"\nnotice = \"notices/2024-dingxi/index.md\"\ntables = [\"@/notices/2024-dingxi/附件.xlsx\"]\n"
                    .as_bytes(),
            ),
        ],
    );
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let rows: [&[&str]; 8] = [
        &["编号", "帮扶类别", "受援学校", "支援学校", "牵头单位"],
        &[
            "1",
            "城乡结对",
            "渭源县会川镇中心小学",
            "定西市安定区东方红小学",
            "定西师范高等专科学校",
        ],
        &["2", "", "渭源县五竹镇中心小学", "定西市安定区西关小学", ""],
        &["3", "集团化办学", "渭源县第一中学", "定西市第一中学", ""],
        &["4", "", "渭源县第二中学", "定西市第二中学", ""],
        &[],
        &["5", "", "临洮县洮阳镇中心小学", "定西市安定区永定路小学", ""],
        &["三、岷县"],
    ];
    for (r, cells) in rows.iter().enumerate() {
        for (c, text) in cells.iter().enumerate() {
            if !text.is_empty() {
                sheet.write_string(r as u32, c as u16, *text).unwrap();
            }
        }
    }
    sheet.write_string(8, 0, "6").unwrap();
    sheet.write_string(8, 2, "岷县西寨镇中心小学").unwrap();
    sheet.write_string(8, 3, "定西市安定区福台小学").unwrap();
    let plain = rust_xlsxwriter::Format::new();
    sheet.merge_range(1, 1, 2, 1, "城乡结对", &plain).unwrap();
    sheet.merge_range(3, 1, 4, 1, "集团化办学", &plain).unwrap();
    book.save(root.join("content/notices/2024-dingxi/附件.xlsx")).unwrap();

    let out = dir.path().join("public");
    let summary = build_into(&root, &out).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    let warned = summary
        .warnings
        .iter()
        .find(|d| d.message.contains("牵头单位空白，上方同一组中也没有写明"))
        .unwrap_or_else(|| panic!("{:#?}", summary.warnings));
    assert!(warned.message.starts_with("第 4–5、7、9 行"), "{}", warned.message);
    let programme = read(&out, "programmes/dingxi/index.html");
    let lead_of = |school: &str| {
        let row = common::table_rows(&programme)
            .into_iter()
            .find(|r| r.html.contains(&format!(">{school}</a>")))
            .unwrap_or_else(|| panic!("{school}"));
        row.cell("牵头单位").to_string()
    };
    assert!(
        lead_of("渭源县五竹镇中心小学").contains(">定西师范高等专科学校</a>"),
        "merged group"
    );
    for school in [
        "渭源县第一中学",
        "渭源县第二中学",
        "临洮县洮阳镇中心小学",
        "岷县西寨镇中心小学",
    ] {
        assert_eq!(lead_of(school), "未注明", "{school}");
    }
    let data = std::fs::read_to_string(out.join("data/programmes/dingxi.csv")).unwrap();
    let with_lead = data.lines().filter(|l| l.contains("定西师范高等专科学校")).count();
    assert_eq!(with_lead, 2, "{data}");
    let school = read(&out, "schools/渭源县第一中学/index.html");
    assert!(
        !school.contains("定西师范高等专科学校"),
        "no lead the source does not give"
    );
}

/// A year-only notice is no 1 January in the feed: Atom's optional <published> is left out and
/// its summary says what the source gives.
#[test]
fn feed_marks_dates_the_source_gives_only_in_part() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    write_site(
        &root,
        &[
            (
                "content/notices/year.md",
                "+++\ntitle = \"只写年份的通知\"\ndate = 2020\n+++\n正文\n".as_bytes(),
            ),
            (
                "content/notices/day.md",
                "+++\ntitle = \"写明日期的通知\"\ndate = 2021-05-06\n+++\n正文\n".as_bytes(),
            ),
        ],
    );
    let out = dir.path().join("public");
    build_into(&root, &out).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    let feed = read(&out, "feed.xml");
    let entry = |title: &str| feed.split("<entry>").find(|e| e.contains(title)).unwrap().to_string();
    let year = entry("只写年份的通知");
    assert!(!year.contains("<published>"), "{year}");
    assert!(year.contains("发布日期：2020年（来源只写到年"), "{year}");
    let day = entry("写明日期的通知");
    assert!(
        day.contains("<published>2021-05-06T00:00:00+08:00</published>"),
        "{day}"
    );
}

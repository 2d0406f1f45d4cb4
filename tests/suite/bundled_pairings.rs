//! Conservation: every row of the bundled portal's pairing tables appears on its programme page,
//! on each party's page (naming the other side) and in the open data.

use crate::common;

use common::{build_into, expected_lines, placed_otherwise, placement_lines, read, repo_root};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The portal, built once for all tests of this file.
fn portal() -> &'static (PathBuf, jiedui::BuildSummary) {
    static BUILT: OnceLock<(PathBuf, jiedui::BuildSummary)> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let out = dir.join("public");
        let summary = build_into(&repo_root(), &out).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
        (out, summary)
    })
}

fn out() -> &'static Path {
    &portal().0
}

/// The pairings of the two Guangxi lists, read straight from the CSV files as a person would:
/// 编号 → (recipient, supporters), with continuation rows and two-name cells taken apart.
fn guangxi_rows(file: &str) -> Vec<(String, String, Vec<String>)> {
    let path = repo_root()
        .join("content/notices/2022-guangxi-bianjing-jiedui")
        .join(file);
    let mut reader = csv::Reader::from_path(path).unwrap();
    let mut rows: Vec<(String, String, Vec<String>)> = Vec::new();
    for record in reader.records() {
        let r = record.unwrap();
        let supporters: Vec<String> = if file.contains("幼儿园") {
            vec![r[2].replace('\n', "").trim().to_string()]
        } else {
            r[2].split('\n').map(|s| s.trim().to_string()).collect()
        };
        if r[0].is_empty() {
            rows.last_mut().unwrap().2.extend(supporters);
        } else {
            let recipient = r[1].trim().replace('(', "（").replace(')', "）");
            rows.push((r[0].to_string(), recipient, supporters));
        }
    }
    rows
}

/// The page a link on `html` with exactly the text `name` leads to (as a path under public/).
fn page_of(html: &str, name: &str) -> String {
    let end = html
        .find(&format!("\">{name}</a>"))
        .unwrap_or_else(|| panic!("no link to {name}"));
    let start = html[..end].rfind("href=\"").unwrap() + 6;
    format!("{}index.html", html[start..end].trim_start_matches('/'))
}

#[test]
fn the_build_reports_rows_read_per_table() {
    let summary = &portal().1;
    let by_file: BTreeMap<String, (usize, usize)> = summary
        .tables
        .iter()
        .map(|t| {
            (
                t.file.rsplit('/').next().unwrap().to_string(),
                (t.rows_read, t.pairings),
            )
        })
        .collect();
    assert_eq!(by_file["附件1-边境地区教育结对帮扶中小学校名单.csv"], (161, 160));
    assert_eq!(by_file["附件2-边境地区教育结对帮扶幼儿园名单.csv"], (40, 40));
    assert_eq!(by_file["2019-shandong-xiezuo.yaml"], (6, 6));
    assert_eq!(by_file["2020-leshan-meigu.yaml"], (3, 3));
    assert_eq!(summary.pairings, 160 + 40 + 6 + 3 + 9 + 1);
}

#[test]
fn every_guangxi_row_is_on_the_programme_page_and_both_parties_name_each_other() {
    let programme = read(out(), "programmes/2022-guangxi-bianjing/index.html");
    let rows = common::table_rows(&programme);
    let mut checked = 0;
    for file in [
        "附件1-边境地区教育结对帮扶中小学校名单.csv",
        "附件2-边境地区教育结对帮扶幼儿园名单.csv",
    ] {
        for (number, recipient, supporters) in guangxi_rows(file) {
            let row = rows
                .iter()
                .find(|row| row.cell("编号") == number && row.html.contains(&format!(">{recipient}</a>")))
                .map(|row| row.html.as_str())
                .unwrap_or_else(|| panic!("programme page row {number} {recipient}"));
            let recipient_page = read(out(), &page_of(row, &recipient));
            for s in &supporters {
                assert!(row.contains(&format!(">{s}</a>")), "row {number} names {s}");
                let supporter_page = read(out(), &page_of(row, s));
                assert!(recipient_page.contains(&format!(">{s}</a>")), "{recipient} names {s}");
                assert!(
                    supporter_page.contains(&format!(">{recipient}</a>")),
                    "{s} names {recipient}"
                );
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 200);
}

#[test]
fn open_data_holds_every_pairing() {
    let csv_bytes = std::fs::read(out().join("data/pairings.csv")).unwrap();
    assert!(csv_bytes.starts_with(b"\xef\xbb\xbf"), "BOM so Excel reads UTF-8");
    let mut reader = csv::Reader::from_reader(&csv_bytes[3..]);
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 219);
    let guangxi: Vec<&csv::StringRecord> = rows
        .iter()
        .filter(|r| &r[col("项目")] == "广西边境地区教育结对帮扶")
        .collect();
    assert_eq!(guangxi.len(), 200);
    let jingzu = guangxi.iter().find(|r| &r[col("受援方")] == "东兴市京族学校").unwrap();
    assert_eq!(&jingzu[col("支援方")], "桂林市七星区卓然小学、桂林市宝贤中学");
    assert_eq!(
        &jingzu[col("支援方所在地区")],
        "广西壮族自治区桂林市七星区、广西壮族自治区桂林市"
    );
    assert_eq!(&jingzu[col("牵头单位")], "广西师范大学");
    assert_eq!(&jingzu[col("受援方地区代码")], "450681");
    assert_eq!(&jingzu[col("县（市、区）")], "东兴市");
    assert_eq!(&jingzu[col("表")], "附件1-边境地区教育结对帮扶中小学校名单.csv");
    assert_eq!(
        &jingzu[col("来源文件")],
        "/notices/2022-guangxi-bianjing-jiedui/附件1-边境地区教育结对帮扶中小学校名单.csv",
        "the public address of the attachment (base_url is / in the demo)"
    );
    let transcribed = rows.iter().find(|r| &r[col("受援方")] == "临沂市").unwrap();
    assert_eq!(&transcribed[col("表")], "来源文件正文");
    assert_eq!(
        &transcribed[col("来源文件")],
        "/notices/2019-shandong-jiaoyu-fupin-xiezuo/"
    );
    // Every region file holds exactly the pairings its page counts.
    let county = std::fs::read(out().join("data/regions/广西壮族自治区/防城港市/东兴市.csv")).unwrap();
    let county_rows = csv::Reader::from_reader(&county[3..]).records().count();
    assert_eq!(county_rows, 25);
    let page = read(out(), "regions/广西壮族自治区/防城港市/东兴市/index.html");
    assert!(page.contains("参与 25 对结对"));
    assert!(page.contains("data/regions/广西壮族自治区/防城港市/东兴市.xlsx"));
    let province = std::fs::read(out().join("data/regions/广西壮族自治区.csv")).unwrap();
    assert_eq!(csv::Reader::from_reader(&province[3..]).records().count(), 200);
    let json: serde_json::Value =
        serde_json::from_str(&read(out(), "data/programmes/2022-guangxi-bianjing.json")).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 200);
    let xlsx = out().join("data/programmes/2022-guangxi-bianjing.xlsx");
    let table = jiedui::load::tables::read_table(&xlsx, "x.xlsx", (None, false), None).unwrap();
    assert_eq!(table.rows.len(), 201, "header and 200 rows");
}

#[test]
fn schools_and_counties_are_placed() {
    let school = read(out(), "schools/防城港市防城区峒中镇中心小学/index.html");
    for region in ["广西壮族自治区", "防城港市", "防城区", "峒中镇"] {
        assert!(
            school.contains(&format!(">{region}</a>")) || school.contains(region),
            "{region}"
        );
    }
    assert!(school.contains("桂林市飞凤小学"));
    assert!(school.contains("广西师范大学"));
    assert!(school.contains("2022年起，为期3年（至2025年）"), "the programme period");
    assert!(
        school.contains("自治区教育厅关于开展边境地区教育结对帮扶工作的通知"),
        "the notice that published it"
    );
    let county = read(out(), "regions/广西壮族自治区/防城港市/东兴市/index.html");
    assert!(county.contains("本地区有 25 所学校和单位作为受援方或支援方参与 25 对结对"));
    assert!(county.contains("东兴市京族学校"));
    let bxzx = read(out(), "schools/桂林市宝贤中学/index.html");
    assert!(
        bxzx.contains(">东兴市京族学校</a>") && bxzx.contains(">东兴市北仑河中学</a>"),
        "supports two schools"
    );
    let unplaced = read(out(), "schools/柳州铁路第一中学/index.html");
    assert!(unplaced.contains("只能定位到“广西壮族自治区 › 柳州市”"));
    let spelled = read(out(), "schools/防城港市防城区那良中学-初中/index.html");
    assert!(
        spelled.contains("防城港市防城区那良中学(初中)"),
        "the original spelling is shown"
    );
}

#[test]
fn every_seed_pairing_is_held() {
    let shandong = read(out(), "programmes/2019-shandong-xiezuo/index.html");
    for (a, b) in [
        ("济南市", "临沂市"),
        ("青岛市", "菏泽市"),
        ("淄博市", "滨州市"),
        ("烟台市", "德州市"),
        ("潍坊市", "聊城市"),
        ("威海市", "枣庄市"),
    ] {
        assert!(
            shandong.contains(&format!(">{a}</a>")) && shandong.contains(&format!(">{b}</a>")),
            "{a}–{b}"
        );
    }
    let linyi = read(out(), "regions/山东省/临沂市/index.html");
    assert!(
        linyi.contains(">济南市</a>"),
        "a region party's page is its region page"
    );
    let leshan = read(out(), "programmes/2020-leshan-meigu/index.html");
    for name in [
        "乐山师范学院",
        "乐山市实验中学",
        "乐山市实验小学",
        "乐山师范学校附属小学",
        "洪溪初级中学",
        "依果觉乡中心小学",
        "美姑县",
    ] {
        assert!(leshan.contains(&format!(">{name}</a>")), "{name}");
    }
    let hongxi = std::fs::read_dir(out().join("schools"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .find(|n| n.starts_with("洪溪初级中学"));
    assert_eq!(
        hongxi.as_deref(),
        Some("洪溪初级中学-美姑县"),
        "a name without its place gets the place in its URL"
    );
    let puning = read(out(), "regions/广东省/揭阳市/普宁市/index.html");
    assert!(puning.contains(">揭阳职业技术学院</a>"));
    let qinggong = read(out(), "institutions/广东轻工职业技术学院/index.html");
    for name in ["林芝市职业技术学校", "喀什职业技术学院", "惠来县"] {
        assert!(qinggong.contains(&format!(">{name}</a>")), "{name}");
    }
    assert!(
        qinggong.contains("广东轻工职业技术学院2023年对口支援和协作计划工作报告"),
        "its report is related"
    );
}

#[test]
fn every_party_stays_placed_as_before() {
    // A placement rule may place more of a national list, never move a bundled pairing's party:
    // `tests/fixtures/bundled-placements.tsv` holds every pairing as placed when it was written.
    let got = placement_lines(&read(out(), "data/pairings.json"));
    let expected = expected_lines(&repo_root().join("tests/fixtures/bundled-placements.tsv"));
    assert_eq!(got.len(), expected.len());
    let moved = placed_otherwise(&got, &expected);
    assert!(
        moved.is_empty(),
        "{} pairings placed otherwise:\n{}",
        moved.len(),
        moved.join("\n")
    );
}

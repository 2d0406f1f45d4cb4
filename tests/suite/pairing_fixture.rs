//! The pairing fixture site: an XLSX with merged cells, a GBK CSV, a YAML table with mapped
//! headers — read, placed and rendered as expected.

use crate::common;

use common::{build_into, fixture, read, tree};

fn built() -> (tempfile::TempDir, std::path::PathBuf, jiedui::BuildSummary) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let summary = build_into(&fixture("pairings"), &out).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    (dir, out, summary)
}

#[test]
fn tables_are_read_with_their_messes_resolved() {
    let (_dir, out, summary) = built();
    let reads: Vec<(String, usize, usize, Option<&str>)> = summary
        .tables
        .iter()
        .map(|t| {
            (
                t.file.rsplit('/').next().unwrap().to_string(),
                t.rows_read,
                t.pairings,
                t.encoding,
            )
        })
        .collect();
    assert_eq!(
        reads,
        vec![
            ("附件1.xlsx".to_string(), 8, 7, None),
            ("附件2.csv".to_string(), 3, 3, Some("GB18030")),
            ("mapped.yaml".to_string(), 1, 1, None),
        ]
    );
    let programme = read(&out, "programmes/border/index.html");
    let jingzu = common::table_rows(&programme)
        .into_iter()
        .map(|r| r.html)
        .find(|r| r.contains(">东兴市京族学校</a>"))
        .unwrap();
    assert!(
        jingzu.contains(">桂林市七星区卓然小学</a>") && jingzu.contains(">桂林市宝贤中学</a>"),
        "merged rows give two supporters"
    );
    assert!(jingzu.contains(">广西师范大学</a>"), "merged lead cell");
    let napo = common::table_rows(&programme)
        .into_iter()
        .map(|r| r.html)
        .find(|r| r.contains(">那坡县那坡中学</a>"))
        .unwrap();
    assert!(napo.contains(">百色学院</a>"), "a new lead starts a new group");
    assert!(
        programme.contains(">广西幼儿师范高等专科学校实验幼儿园</a>"),
        "GBK decoded, broken name joined"
    );
    let dongzhong = read(&out, "schools/峒中镇中心幼儿园-峒中镇/index.html");
    assert!(
        dongzhong.contains(">防城区</a>") && dongzhong.contains(">峒中镇</a>") || dongzhong.contains("峒中镇"),
        "county column places it"
    );
    let mapped = read(&out, "schools/洪溪初级中学-美姑县/index.html");
    assert!(mapped.contains(">乐山市实验中学</a>"), "headers mapped by `columns`");
    let spelled = read(&out, "schools/防城港市防城区那良中学-初中/index.html");
    assert!(spelled.contains("原写法"), "{spelled}");
}

#[test]
fn pages_match_snapshots() {
    let (_dir, out, _) = built();
    let files: Vec<String> = tree(&out).into_keys().collect();
    insta::assert_snapshot!("pairings_file_list", files.join("\n"));
    let main = |path: &str| {
        let html = read(&out, path);
        let start = html.find("<main").unwrap();
        let end = html.find("</main>").unwrap();
        html[start..end].to_string()
    };
    insta::assert_snapshot!("pairings_programme", main("programmes/border/index.html"));
    insta::assert_snapshot!("pairings_school", main("schools/东兴市京族学校/index.html"));
    insta::assert_snapshot!(
        "pairings_county",
        main("regions/广西壮族自治区/防城港市/东兴市/index.html")
    );
    insta::assert_snapshot!("pairings_region_index", main("regions/index.html"));
    insta::assert_snapshot!(
        "pairings_csv",
        String::from_utf8(std::fs::read(out.join("data/pairings.csv")).unwrap()).unwrap()
    );
}

#[test]
fn table_errors_name_file_and_row() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    common::copy_dir(&fixture("pairings"), &root);
    std::fs::write(
        root.join("content/programmes/mapped.yaml"),
        "- 序号: 1\n  学校名称: 洪溪初级中学\n  结对学校: \"\"\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/programmes/broken.toml"),
        "title = \"坏项目\"\nprovince = \"火星\"\nnotice = \"notices/none.md\"\n[[tables]]\nfile = \"none.xlsx\"\n",
    )
    .unwrap();
    let before = tree(&root.join("public"));
    let failure = build_into(&root, &root.join("public")).unwrap_err();
    let text: Vec<String> = failure
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    let text = text.join("\n");
    assert!(
        text.contains("错误: content/programmes/mapped.yaml:1: “洪溪初级中学”没有支援方"),
        "{text}"
    );
    assert!(
        text.contains("错误: content/programmes/broken.toml:4: 找不到结对表 content/programmes/none.xlsx"),
        "{text}"
    );
    assert!(
        text.contains("错误: content/programmes/broken.toml:2: 省份“火星”不是省级行政区名称"),
        "{text}"
    );
    assert!(
        text.contains("错误: content/programmes/broken.toml:3: 来源文件 content/notices/none.md 不存在"),
        "{text}"
    );
    assert!(before == tree(&root.join("public")));
}

/// 东莞、中山、儋州、嘉峪关 have no counties: their schools are placed in the city as a county, a
/// county column naming the city is accepted, and the region pages show each city once.
#[test]
fn cities_without_counties_are_placed_as_counties() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let table = "序号,受援学校,支援学校,县（市、区）\n\
                 1,中山市大涌镇第二小学,东莞市虎门镇中心小学,\n\
                 2,第五中学,东莞市第一中学,嘉峪关市\n\
                 3,和庆镇中学,中山纪念中学,儋州市\n\
                 4,大岭山镇中心小学,儋州市第二中学,东莞市\n";
    common::write_site(
        &root,
        &[
            (
                "content/programmes/cities.toml",
                "title = \"不设区的地级市结对（测试）\"\nperiod = \"2025—2027年\"\n\n[[tables]]\nfile = \"cities.csv\"\n"
                    .as_bytes(),
            ),
            ("content/programmes/cities.csv", table.as_bytes()),
        ],
    );
    let out = dir.path().join("public");
    let summary = build_into(&root, &out).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    let warnings: Vec<String> = summary.warnings.iter().map(|d| d.to_string()).collect();
    assert!(
        !warnings
            .iter()
            .any(|w| w.contains("不是可识别") || w.contains("多种可能") || w.contains("只定位到")),
        "{warnings:#?}"
    );
    for (page, schools) in [
        ("regions/广东省/中山市", &["中山市大涌镇第二小学", "中山纪念中学"][..]),
        (
            "regions/广东省/东莞市",
            &["东莞市虎门镇中心小学", "大岭山镇中心小学", "东莞市第一中学"][..],
        ),
        ("regions/海南省/儋州市", &["和庆镇中学", "儋州市第二中学"][..]),
        ("regions/甘肃省/嘉峪关市", &["第五中学"][..]),
    ] {
        let html = read(&out, &format!("{page}/index.html"));
        assert!(html.contains("县级"), "{page} is no county page");
        for school in schools {
            assert!(html.contains(school), "{page} does not list {school}");
        }
    }
    for nested in [
        "regions/广东省/中山市/中山市",
        "regions/广东省/东莞市/东莞市",
        "regions/海南省/儋州市/儋州市",
        "regions/甘肃省/嘉峪关市/嘉峪关市",
    ] {
        assert!(!out.join(nested).exists(), "{nested}: a city shown inside itself");
    }
}

/// Excel error values (#REF!, #N/A, #DIV/0!) stored as such in an XLSX are located errors naming
/// the sheet, row and column; none becomes a school.
#[test]
fn excel_error_cells_are_located_errors_not_schools() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let workbook = std::fs::read(common::repo_root().join("tests/fixtures/tables/excel-errors.xlsx")).unwrap();
    common::write_site(
        &root,
        &[
            (
                "content/programmes/errors.toml",
                "title = \"错误值测试\"\nprovince = \"广西\"\n\n[[tables]]\nfile = \"名单.xlsx\"\n".as_bytes(),
            ),
            ("content/programmes/名单.xlsx", &workbook),
        ],
    );
    let failure = build_into(&root, &root.join("public")).unwrap_err();
    let errors: Vec<String> = failure
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    let at = "错误: content/programmes/名单.xlsx（工作表 附件1）";
    for expected in [
        format!("{at}:3: 受援方列是 Excel 错误值 #REF!"),
        format!("{at}:4: 支援方列是 Excel 错误值 #N/A"),
        format!("{at}:5: 牵头单位列是 Excel 错误值 #DIV/0!"),
    ] {
        assert!(
            errors.iter().any(|e| e.starts_with(&expected)),
            "{expected}\n{errors:#?}"
        );
    }
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(!root.join("public").exists(), "a failed build writes nothing");
    // `check` reports the same, and the rows that are fine are still read.
    let check = jiedui::check(&jiedui::BuildOptions::new(&root), &|_| {}).unwrap_err();
    assert_eq!(check.error_count(), 3);
}

/// The GBK CSV attachment (as Excel saves it on Chinese Windows) is shown inline on its notice,
/// decoded, like a UTF-8 one.
#[test]
fn gbk_csv_attachments_are_shown_inline() {
    let (_dir, out, _) = built();
    let html = read(&out, "notices/2024-pairing/index.html");
    let table = html.split("<caption>附件2 幼儿园名单</caption>").nth(1);
    let table = table
        .expect("the attachment is shown as a table")
        .split("</table>")
        .next()
        .unwrap();
    assert!(table.contains("<td>峒中镇中心幼儿园</td>"), "decoded from GBK: {table}");
}

/// `/schools/` lists the first 200 schools that could not be placed and counts the rest.
#[test]
fn the_school_index_lists_unplaced_schools_up_to_a_limit() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let mut table = String::from("编号,受援学校,支援学校\n");
    for i in 1..=201 {
        table.push_str(&format!("{i},第{i}实验小学,第{i}中心学校\n"));
    }
    common::write_site(
        &root,
        &[
            (
                "content/programmes/p.toml",
                "title = \"项目\"\n[[tables]]\nfile = \"t.csv\"\n".as_bytes(),
            ),
            ("content/programmes/t.csv", table.as_bytes()),
        ],
    );
    let out = dir.path().join("public");
    build_into(&root, &out).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    let html = read(&out, "schools/index.html");
    let unplaced = html.split("id=\"unplaced\"").nth(1).unwrap();
    assert_eq!(unplaced.matches("<li><a href=").count(), 200);
    assert!(unplaced.contains("另有 202 所未列出"), "402 unplaced in all");
}

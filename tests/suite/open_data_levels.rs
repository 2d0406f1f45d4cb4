//! Open data by level: every region's list as CSV, counties' also as XLSX, provinces' and
//! prefectures' XLSX only where the site asks (`open_data.region_xlsx`) or is small, and the
//! region pages and the 数据说明 page link exactly the files written.

use crate::common;

fn site(config_extra: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let config = format!("title = \"测试\"\nbase_url = \"/\"\n{config_extra}");
    common::write_site(
        &root,
        &[
            ("site.toml", config.as_bytes()),
            (
                "content/programmes/t.csv",
                "序号,受援学校,支援学校\n1,那坡县城厢镇中心小学,柳州市第八中学\n2,东兴市江平镇中心小学,柳州市景行小学\n".as_bytes(),
            ),
            ("content/programmes/p.toml", "title = \"项目\"\nprovince = \"广西\"\n[[tables]]\nfile = \"t.csv\"\n".as_bytes()),
        ],
    );
    let out = dir.path().join("public");
    common::build_into(&root, &out).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    (dir, out)
}

const PROVINCE: &str = "data/regions/广西壮族自治区";
const PREFECTURE: &str = "data/regions/广西壮族自治区/百色市";
const COUNTY: &str = "data/regions/广西壮族自治区/百色市/那坡县";

#[test]
fn a_small_site_has_every_regions_xlsx() {
    let (_dir, out) = site("");
    for stem in [PROVINCE, PREFECTURE, COUNTY] {
        for ext in ["csv", "xlsx"] {
            assert!(out.join(format!("{stem}.{ext}")).is_file(), "{stem}.{ext}");
        }
    }
    let province = common::read(&out, "regions/广西壮族自治区/index.html");
    assert!(province.contains("/data/regions/广西壮族自治区.xlsx"));
    let guide = common::text_of(&common::read(&out, "open-data/index.html"));
    assert!(guide.contains("本地区结对的 CSV 和 XLSX 下载"), "{guide}");
}

#[test]
fn asked_for_counties_only_the_larger_regions_are_csv_and_say_so() {
    let (_dir, out) = site("[open_data]\nregion_xlsx = \"county\"\n");
    for stem in [PROVINCE, PREFECTURE] {
        assert!(out.join(format!("{stem}.csv")).is_file(), "{stem}.csv");
        assert!(!out.join(format!("{stem}.xlsx")).exists(), "{stem}.xlsx");
    }
    assert!(out.join(format!("{COUNTY}.xlsx")).is_file());
    let province = common::read(&out, "regions/广西壮族自治区/index.html");
    assert!(province.contains("/data/regions/广西壮族自治区.csv"));
    assert!(
        !province.contains("/data/regions/广西壮族自治区.xlsx"),
        "no link to a file not written"
    );
    let county = common::read(&out, "regions/广西壮族自治区/百色市/那坡县/index.html");
    assert!(county.contains("/data/regions/广西壮族自治区/百色市/那坡县.xlsx"));
    let guide = common::text_of(&common::read(&out, "open-data/index.html"));
    assert!(
        guide.contains("CSV 下载（县级另有 XLSX；省、市的 CSV 同样可以用 Excel 打开）"),
        "{guide}"
    );
}

#[test]
fn a_wrong_region_xlsx_value_is_an_error_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    common::write_site(
        &root,
        &[(
            "site.toml",
            "title = \"测试\"\n[open_data]\nregion_xlsx = \"province\"\n".as_bytes(),
        )],
    );
    let failure = common::build_into(&root, &dir.path().join("public")).unwrap_err();
    let wrong = failure
        .diagnostics
        .iter()
        .find(|d| d.file == "site.toml")
        .unwrap_or_else(|| panic!("{:#?}", failure.diagnostics));
    assert_eq!(wrong.line, Some(3), "the line of region_xlsx");
    assert!(
        wrong.message.contains("expected `all` or `county`"),
        "{}",
        wrong.message
    );
}

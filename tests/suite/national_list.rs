//! The national-list fixture (`tests/fixtures/national-list`): a multi-province XLSX (a title
//! row, a 省份 column, merged 牵头高校 cells, an extra 项目 column) and a GBK CSV with a 地区
//! column and colloquial names, read as a person would: every school placed where its name,
//! row and programme say, spellings of one school merged, nothing forced into the wrong province.

use crate::common;

use common::{build_into, fixture, read};

fn built() -> (tempfile::TempDir, std::path::PathBuf, jiedui::BuildSummary) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let summary = build_into(&fixture("national-list"), &out).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    (dir, out, summary)
}

/// The `<main>` of a built page.
fn main_of(out: &std::path::Path, path: &str) -> String {
    let html = read(out, path);
    let start = html.find("<main").unwrap();
    let end = html.find("</main>").unwrap();
    html[start..end].to_string()
}

/// The region path a school page gives (广西壮族自治区 › 柳州市 › 融水苗族自治县).
fn place_of(out: &std::path::Path, school: &str) -> String {
    common::page_place(out, &format!("schools/{school}"))
}

#[test]
fn every_school_is_placed_where_its_name_row_and_programme_say() {
    let (_dir, out, summary) = built();
    for (school, place) in [
        ("苍溪中学", "四川省 › 广元市 › 苍溪县"),
        ("苍溪县第一中学", "四川省 › 广元市 › 苍溪县"),
        ("三江民族中学", "广西壮族自治区 › 柳州市 › 三江侗族自治县"),
        ("融水中学", "广西壮族自治区 › 柳州市 › 融水苗族自治县"),
        ("融水二小", "广西壮族自治区 › 柳州市 › 融水苗族自治县"),
        ("东乡族自治县第一中学", "甘肃省 › 临夏回族自治州 › 东乡族自治县"),
        ("兵团第八师第一中学", "新疆维吾尔自治区 › 石河子市"),
        ("北京大学附属小学", "北京市"),
        ("城郊小学-苍溪县", "四川省 › 广元市 › 苍溪县"),
        ("苍溪县第二小学", "四川省 › 广元市 › 苍溪县"),
        ("兰州市第一中学", "甘肃省 › 兰州市"),
        ("伊宁一中", "新疆维吾尔自治区 › 伊犁哈萨克自治州"),
        ("二中-广西壮族自治区", "广西壮族自治区"),
        ("中心小学", "未能确定"),
    ] {
        assert_eq!(place_of(&out, school), place, "{school}");
    }
    let university = read(&out, "institutions/北京大学/index.html");
    assert!(
        university.contains(">北京市</a>"),
        "a national university is not a school of 广西"
    );
    assert_eq!(summary.pairings, 13 + 6);
    assert_eq!(
        summary.placement.line().as_deref(),
        Some(
            "19 所学校只定位到省或市，1 所学校的地名有多种可能，1 所学校未能定位，3 处同一学校的不同写法已合并；运行 jiedui check 查看每一所"
        )
    );
}

#[test]
fn spellings_of_one_school_make_one_page_that_lists_them() {
    let (_dir, out, summary) = built();
    assert!(!out.join("schools/苍溪一中").exists(), "merged into 苍溪县第一中学");
    assert!(!out.join("schools/苍溪二小").exists(), "merged into 苍溪县第二小学");
    assert!(!out.join("schools/兰州一中").exists(), "merged into 兰州市第一中学");
    let school = read(&out, "schools/苍溪县第一中学/index.html");
    assert!(
        school.contains("原写法</dt><dd class=\"wide\">苍溪一中</dd>"),
        "the alias is listed"
    );
    for supporter in ["成都市石室中学", "绵阳中学"] {
        assert!(
            school.contains(&format!(">{supporter}</a>")),
            "both rows' supporters: {supporter}"
        );
    }
    let merges: Vec<&str> = summary
        .warnings
        .iter()
        .filter(|d| d.message.contains("合为一个页面"))
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(merges.len(), 3, "each merge is recorded: {merges:?}");
    // A homophone in one county is warned about, not merged.
    assert!(out.join("schools/那坡县城厢镇中欣小学").is_dir());
    assert!(summary.warnings.iter().any(|d| !d.is_info()
        && d.message == "“那坡县城厢镇中欣小学”与“那坡县城厢镇中心小学”只差一个同音字，可能是同一所学校写错了（“那坡县城厢镇中心小学”见附件1-结对名单.xlsx（名单） 第 10 行）"));
    // A town of the sibling county is a contradiction that names both.
    assert!(
        summary
            .warnings
            .iter()
            .any(|d| d.message.contains("“新靖镇”属于“靖西市”，不属于“那坡县”"))
    );
}

#[test]
fn unknown_columns_are_kept_and_unknown_settings_warned_with_their_line() {
    let (_dir, out, summary) = built();
    let programme = read(&out, "programmes/county-high-schools/index.html");
    assert!(
        programme.contains("项目：县中托管帮扶") && programme.contains("项目：东西部协作"),
        "the 项目 column is shown"
    );
    let csv = std::fs::read(out.join("data/programmes/hand-in-hand.csv")).unwrap();
    let text = String::from_utf8(csv).unwrap();
    assert!(text.contains("联系人：张老师"), "the 联系人 column is in the open data");
    let located: Vec<(String, Option<usize>)> = summary
        .warnings
        .iter()
        .filter(|d| d.message.contains("不认识"))
        .map(|d| (d.message.clone(), d.line))
        .collect();
    assert_eq!(
        located,
        vec![
            ("结对表中不认识的设置 `header_row`，已忽略".to_string(), Some(9)),
            ("columns 中不认识的列 `contact`，已忽略".to_string(), Some(10)),
        ]
    );
}

#[test]
fn counts_are_of_places_not_of_notes() {
    let (_dir, out, _) = built();
    let programme = read(&out, "programmes/county-high-schools/index.html");
    // 苍溪县, 东乡族自治县, 三江, 融水, 那坡县, 石河子市: 伊宁一中 and 二中 are in no county.
    assert!(
        programme.contains("受援方分布在 6 个县（市、区）"),
        "{}",
        &programme[..2000]
    );
    assert!(!programme.contains("（未定位到县）（"), "a note is not a county chip");
}

#[test]
fn pages_match_snapshots() {
    let (_dir, out, _) = built();
    insta::assert_snapshot!(
        "national_list_programme",
        main_of(&out, "programmes/county-high-schools/index.html")
    );
    insta::assert_snapshot!(
        "national_list_county",
        main_of(&out, "regions/四川省/广元市/苍溪县/index.html")
    );
    insta::assert_snapshot!(
        "national_list_school",
        main_of(&out, "schools/苍溪县第一中学/index.html")
    );
}

#[test]
fn a_rows_province_places_its_recipient_not_its_supporter() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    common::write_site(
        &root,
        &[
            (
                "content/programmes/east-west.toml",
                "title = \"东西部协作（测试）\"\n[[tables]]\nfile = \"list.csv\"\n".as_bytes(),
            ),
            (
                "content/programmes/list.csv",
                "省份,受援学校,支援学校\n甘肃,实验中学,南开中学\n".as_bytes(),
            ),
        ],
    );
    let out = dir.path().join("public");
    build_into(&root, &out).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    let recipient = common::read(&out, "schools/实验中学-甘肃省/index.html");
    assert!(recipient.contains(">甘肃省</a>"), "the row's 省份 places the recipient");
    let supporter = common::read(&out, "schools/南开中学/index.html");
    assert!(supporter.contains("未能确定"), "the supporter is not put in 甘肃");
}

#[test]
fn a_name_with_one_more_character_is_said_to_be_perhaps_the_same_school() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let rows = [
        ("那坡县城厢镇中心小学", "南宁市滨湖路小学"),
        ("那坡县城厢中心小学", "南宁市民主路小学"),
        // not one school: a numeral, a direction, a school level tell them apart
        ("那坡县第一小学", "柳州市景行小学"),
        ("那坡县第十一小学", "柳州市第八中学"),
        ("那坡县城小学", "桂林市中山小学"),
        ("那坡县城东小学", "桂林市榕湖小学"),
        ("那坡县民族中学", "南宁市第二中学"),
        ("那坡县民族初中学", "南宁市第三中学"),
        // one character different and of another sound: two names, nothing said
        ("那坡县德隆中学", "南宁市第十四中学"),
        ("那坡县百隆中学", "南宁市第十中学"),
        // two townships of one county (兴隆堡镇, 兴隆镇): two schools
        ("新民市兴隆堡镇中心小学", "沈阳市第一二〇中学"),
        ("新民市兴隆镇中心小学", "沈阳市第二中学"),
        // two townships of one county whose names sound alike (洛阳镇, 螺阳镇 of 惠安县): two schools
        ("惠安县洛阳镇中心小学", "泉州市第五中学"),
        ("惠安县螺阳镇中心小学", "泉州市第七中学"),
        // placed only in a city (here a municipality): compared within the city
        ("那坡县第二小学", "北京市十一学校"),
        ("那坡县第三小学", "北京市第十一学校"),
        // an ordinal in digits is the same school, merged (and named in Chinese numerals)
        ("那坡县第4小学", "沈阳市第三中学"),
        ("那坡县第四小学", "沈阳市第四中学"),
    ];
    let mut csv = String::from("序号,受援学校,支援学校\n");
    for (n, (recipient, supporter)) in rows.iter().enumerate() {
        csv.push_str(&format!("{},{recipient},{supporter}\n", n + 1));
    }
    common::write_site(
        &root,
        &[
            ("content/programmes/t.csv", csv.as_bytes()),
            (
                "content/programmes/p.toml",
                "title = \"项目\"\n[[tables]]\nfile = \"t.csv\"\n".as_bytes(),
            ),
        ],
    );
    let out = dir.path().join("public");
    let summary = common::build_into(&root, &out).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    let said: Vec<&str> = summary
        .warnings
        .iter()
        .filter(|d| d.message.contains("可能是同一所学校"))
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        said,
        vec![
            "“那坡县城厢镇中心小学”比“那坡县城厢中心小学”多一个字，可能是同一所学校的两种写法（“那坡县城厢中心小学”见t.csv 第 3 行）",
            "“北京市第十一学校”比“北京市十一学校”多一个字，可能是同一所学校的两种写法（“北京市十一学校”见t.csv 第 16 行）",
        ],
        "only the pair a person would ask about"
    );
    let warned = summary
        .warnings
        .iter()
        .find(|d| d.message.contains("多一个字"))
        .unwrap();
    assert_eq!(warned.line, Some(2), "at the longer name's row");
    assert!(
        out.join("schools/那坡县城厢中心小学").is_dir() && out.join("schools/那坡县城厢镇中心小学").is_dir(),
        "not merged"
    );
    assert!(out.join("schools/那坡县第四小学").is_dir());
    assert!(
        !out.join("schools/那坡县第4小学").exists(),
        "one school, named with Chinese numerals"
    );
}

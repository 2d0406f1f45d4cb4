//! A row's 地区 column as a person reads it: a prefecture there places a school that names only
//! its township (or nothing) within that prefecture, not just its province.

use crate::common;

#[test]
fn a_prefecture_in_the_area_column_places_within_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    common::write_site(
        &root,
        &[
            (
                "content/programmes/t.csv",
                "序号,地区,受援学校,支援学校\n1,百色市,平孟镇中心小学,柳州市第八中学\n2,百色市,实验小学,柳州市景行小学\n".as_bytes(),
            ),
            ("content/programmes/p.toml", "title = \"项目\"\nprovince = \"广西\"\n[[tables]]\nfile = \"t.csv\"\n".as_bytes()),
        ],
    );
    let out = dir.path().join("public");
    common::build_into(&root, &out).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    let pingmeng = common::read(&out, "schools/平孟镇中心小学/index.html");
    assert!(pingmeng.contains(">那坡县</a>"), "the township, within 百色市");
    assert_eq!(
        common::page_place(&out, "schools/实验小学-百色市"),
        "广西壮族自治区 › 百色市"
    );
}

#[test]
fn a_short_name_far_from_the_rest_of_its_table_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let mut csv = String::from("序号,受援学校,支援学校\n");
    let gansu = [
        "临潭县第一中学",
        "卓尼县柳林中学",
        "舟曲县第一中学",
        "夏河县藏族中学",
        "岷县第一中学",
        "渭源县第二中学",
        "通渭县第一中学",
        "陇西县文峰中学",
        "漳县第一中学",
        "东乡族自治县第一中学",
    ];
    for (i, school) in gansu.iter().chain(&gansu).enumerate() {
        csv.push_str(&format!("{},{school},天津市第{}中学\n", i + 1, i + 1));
    }
    csv.push_str("21,昭觉民中,天津市耀华中学\n22,四川省昭觉县民族中学,天津市南开中学\n");
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
    let summary =
        common::build_into(&root, &dir.path().join("public")).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    let far: Vec<(Option<usize>, &str)> = summary
        .warnings
        .iter()
        .filter(|d| d.message.contains("本表其余受援方"))
        .map(|d| (d.line, d.message.as_str()))
        .collect();
    assert_eq!(
        far,
        vec![(
            Some(22),
            "“昭觉民中”按简称定位到“四川省 › 凉山彝族自治州 › 昭觉县”，而本表其余受援方几乎都在甘肃省"
        )],
        "placed, but said; a full name of its place would not be"
    );
}

#[test]
fn a_short_province_is_decided_by_a_party_in_it_and_only_then() {
    // 海南 is 海南省 and the stem of 青海's 海南藏族自治州: beside 白沙县 (海南) it is the province,
    // beside 共和县 (in 海南州) the prefecture; beside 大通县 (青海, another city) nothing decides.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    common::write_site(
        &root,
        &[
            (
                "content/programmes/t.csv",
                "序号,受援学校,支援学校\n1,白沙县白沙中学,海南中学\n2,共和县第一中学,海南实验学校\n3,大通县第一中学,海南第一小学\n".as_bytes(),
            ),
            ("content/programmes/p.toml", "title = \"项目\"\n[[tables]]\nfile = \"t.csv\"\n".as_bytes()),
        ],
    );
    let out = dir.path().join("public");
    common::build_into(&root, &out).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    assert_eq!(common::page_place(&out, "schools/海南中学"), "海南省");
    let other = common::read(&out, "data/programmes/p.json");
    let lines = common::placement_lines(&other);
    assert_eq!(
        lines[1..],
        [
            "2\t共和县第一中学\t青海省海南藏族自治州共和县\t海南实验学校\t青海省海南藏族自治州",
            "3\t大通县第一中学\t青海省西宁市大通回族土族自治县\t海南第一小学\t未定位"
        ]
    );
}

//! The placement fixture (`tests/fixtures/placement-list`): a national list of 144 rows in 20
//! provinces, written as officials write (short names after provinces and prefectures, banner
//! abbreviations, autonomous counties without their peoples, townships alone, campuses, 兵团 in
//! every spelling, universities and their 附中 written short, bodies of parties, same-name
//! districts decided by the row). Every row's placement is checked against
//! `expected.tsv`, which a person read and agreed line by line.

use crate::common;

use common::{build_into, expected_lines, fixture, page_place, placed_otherwise, placement_lines, read};

fn built() -> (tempfile::TempDir, std::path::PathBuf, jiedui::BuildSummary) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let summary = build_into(&fixture("placement-list"), &out).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    (dir, out, summary)
}

#[test]
fn every_row_is_placed_as_a_person_would() {
    let (_dir, out, _) = built();
    let got = placement_lines(&read(&out, "data/programmes/national.json"));
    let expected = expected_lines(&fixture("placement-list").join("expected.tsv"));
    assert_eq!(got.len(), 144);
    assert_eq!(expected.len(), got.len(), "one expected line per row");
    let wrong = placed_otherwise(&got, &expected);
    assert!(
        wrong.is_empty(),
        "{} rows placed otherwise:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn leads_are_placed_by_the_ministrys_list_and_written_short_they_are_one_page() {
    let (_dir, out, summary) = built();
    for (lead, place) in [
        ("华南师范大学", "广东省 › 广州市"),
        ("浙江大学", "浙江省 › 杭州市"),
        ("四川师范大学", "四川省 › 成都市"),
        ("西北师范大学", "甘肃省 › 兰州市"),
        ("华东师范大学", "上海市"),
        ("北京师范大学", "北京市"),
        ("华中师范大学", "湖北省 › 武汉市"),
        ("湖南师范大学", "湖南省 › 长沙市"),
        ("陕西师范大学", "陕西省 › 西安市"),
        ("西南大学", "重庆市"),
        ("东北师范大学", "吉林省 › 长春市"),
        ("哈尔滨工业大学", "黑龙江省 › 哈尔滨市"),
        ("中国人民大学", "北京市"),
        ("上海交通大学", "上海市"),
        ("北京外国语大学", "北京市"),
        ("南京大学", "江苏省 › 南京市"),
        ("西北工业大学", "陕西省 › 西安市"),
        ("北航", "北京市"),
    ] {
        assert_eq!(page_place(&out, &format!("institutions/{lead}")), place, "{lead}");
    }
    // Written short (华南师大, 川师大, 北师大, 哈工大 …) they are the same page, never a second one.
    for short in [
        "华南师大",
        "川师大",
        "西北师大",
        "华东师大",
        "北师大",
        "华中师大",
        "湖南师大",
        "陕师大",
        "东北师大",
        "哈工大",
        "上海交大",
    ] {
        assert!(!out.join(format!("institutions/{short}")).exists(), "{short}");
        assert!(!out.join(format!("schools/{short}")).exists(), "{short}");
    }
    // A university's school written two ways is one school, in the university's city.
    assert!(!out.join("schools/北师大附中").exists());
    // In a municipality the city is all a name gives: 天津一中 is 天津市第一中学.
    assert!(!out.join("schools/天津一中").exists());
    assert_eq!(page_place(&out, "schools/北京师范大学附属中学"), "北京市");
    assert!(!out.join("schools/福建师大附中").exists());
    assert_eq!(page_place(&out, "schools/福建师范大学附属中学"), "福建省 › 福州市");
    // A school written with its autonomous prefecture's 州 or its autonomous county's 县 is the
    // school written without them.
    assert!(!out.join("schools/越西中学").exists());
    assert!(!out.join("schools/都安县民族实验小学").exists());
    // No merge goes unsaid.
    let merges = summary
        .warnings
        .iter()
        .filter(|d| d.message.contains("合为一个页面"))
        .count();
    assert!(merges >= 20, "{merges}");
}

#[test]
fn a_township_one_character_off_is_proposed_not_applied() {
    let (_dir, out, summary) = built();
    assert_eq!(
        page_place(&out, "schools/那坡县百和乡中学"),
        "广西壮族自治区 › 百色市 › 那坡县"
    );
    assert!(
        summary
            .warnings
            .iter()
            .any(|d| d.line == Some(113)
                && d.message == "“那坡县百和乡中学”中的“百和乡”不是那坡县的乡镇；是否为“百合乡”？"),
        "{:#?}",
        summary
            .warnings
            .iter()
            .filter(|d| d.message.contains("百和"))
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_donors_city_in_a_name_is_said_and_not_used() {
    let (_dir, _out, summary) = built();
    assert!(summary.warnings.iter().any(|d| d.line == Some(114)
        && d.message
            == "1 个名称只能定位到“广西壮族自治区（仅依据项目所在省份；名称中的深圳市在广东省，可能是捐建方或路名，未据此定位）”: 深圳龙华小学（第 114 行）"));
}

#[test]
fn a_same_name_district_is_decided_by_the_row_and_said() {
    let (_dir, out, summary) = built();
    assert_eq!(page_place(&out, "schools/龙华区行知学校"), "广东省 › 深圳市 › 龙华区");
    let decided: Vec<&str> = summary
        .warnings
        .iter()
        .filter(|d| d.message.contains("按同一行的"))
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        decided,
        vec![
            "“城中区第二小学”的地名有多种可能，按同一行的“柳州市第一中学”定位到“广西壮族自治区 › 柳州市 › 城中区”",
            "“龙华区行知学校”的地名有多种可能，按同一行的“深圳市龙华区教育局”定位到“广东省 › 深圳市 › 龙华区”",
            // A municipality is one city: its districts are near one another.
            "“和平区教育局”的地名有多种可能，按同一行的“天津市蓟县第一中学”定位到“天津市 › 和平区”",
            // A province written short that is also a prefecture's stem, beside a party in the
            // province (and none in the prefecture); 海南州民族中学 (row 134) says its 州.
            "“海南中学”的地名有多种可能，按同一行的“白沙县白沙中学”定位到“海南省”",
            // A short name three universities share (华中, 华南, 华东师范大学), by the row's lead.
            "“华师一附中”的地名有多种可能，按同一行的“华中师范大学”定位到“湖北省 › 武汉市”",
        ]
    );
}

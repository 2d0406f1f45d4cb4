//! Writes the tables of the `tests/fixtures/national-list` site: a multi-province XLSX as a
//! department publishes one (a title row, a 省份 column, merged 牵头高校 cells, an extra 项目
//! column) and a GBK CSV with colloquial names. Run: `cargo run --example fixture_national_list`.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook};

const DIR: &str = "tests/fixtures/national-list/content/notices/2024-national";

/// 省份, 受援学校, 支援学校, 牵头高校 (None: under the merged cell above), 项目, 备注; 序号 is the
/// row's position.
type Row = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
    &'static str,
);

const ROWS: [Row; 13] = [
    (
        "四川省",
        "苍溪中学",
        "成都市第七中学",
        Some("四川师范大学"),
        "县中托管帮扶",
        "",
    ),
    ("四川省", "苍溪县第一中学", "成都市石室中学", None, "县中托管帮扶", ""),
    (
        "四川省",
        "苍溪一中",
        "绵阳中学",
        Some("四川师范大学"),
        "东西部协作",
        "第二所支援学校",
    ),
    (
        "甘肃省",
        "东乡族自治县第一中学",
        "兰州一中",
        Some("兰州大学"),
        "县中托管帮扶",
        "",
    ),
    (
        "广西",
        "三江民族中学",
        "柳州高级中学",
        Some("广西师范大学"),
        "县中托管帮扶",
        "",
    ),
    ("广西", "融水中学", "柳州铁一中学", None, "县中托管帮扶", ""),
    (
        "广西",
        "那坡县新靖镇中心小学",
        "北京大学附属小学",
        Some("北京大学"),
        "东西部协作",
        "县名与镇名不符",
    ),
    (
        "广西",
        "那坡县城厢镇中心小学",
        "百色市第一小学",
        Some("百色学院"),
        "东西部协作",
        "",
    ),
    (
        "广西",
        "那坡县城厢镇中欣小学",
        "百色市第二小学",
        None,
        "东西部协作",
        "与上一行只差一个同音字",
    ),
    (
        "新疆",
        "兵团第八师第一中学",
        "乌鲁木齐市第一中学",
        Some("新疆师范大学"),
        "县中托管帮扶",
        "",
    ),
    ("", "伊宁一中", "乌鲁木齐市第八中学", None, "县中托管帮扶", "省份空白"),
    (
        "广西",
        "二中",
        "南宁市第二中学",
        Some("广西师范大学"),
        "县中托管帮扶",
        "校名没有地名",
    ),
    (
        "四川",
        "融水二小",
        "成都市实验小学",
        Some("四川师范大学"),
        "东西部协作",
        "省份与校名不符",
    ),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut book = Workbook::new();
    book.set_properties(&DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2024, 5, 1)?));
    let sheet = book.add_worksheet();
    sheet.set_name("名单")?;
    let bold = Format::new().set_bold();
    sheet.merge_range(0, 0, 0, 6, "附件1 县中托管帮扶和东西部协作结对名单", &bold)?;
    for (c, h) in ["序号", "省份", "受援学校", "支援学校", "牵头高校", "项目", "备注"]
        .iter()
        .enumerate()
    {
        sheet.write_string_with_format(1, c as u16, *h, &bold)?;
    }
    let merged = Format::new().set_align(FormatAlign::VerticalCenter);
    let mut lead_start: Option<(u32, &str)> = None;
    let flush = |sheet: &mut rust_xlsxwriter::Worksheet,
                 start: Option<(u32, &str)>,
                 end: u32|
     -> Result<(), rust_xlsxwriter::XlsxError> {
        if let Some((first, lead)) = start {
            if end > first {
                sheet.merge_range(first, 4, end, 4, lead, &merged)?;
            } else {
                sheet.write_string(first, 4, lead)?;
            }
        }
        Ok(())
    };
    for (i, (province, recipient, supporter, lead, project, note)) in ROWS.iter().enumerate() {
        let row = 2 + i as u32;
        sheet.write_number(row, 0, (i + 1) as f64)?;
        if !province.is_empty() {
            sheet.write_string(row, 1, *province)?;
        }
        sheet.write_string(row, 2, *recipient)?;
        sheet.write_string(row, 3, *supporter)?;
        if let Some(lead) = lead {
            flush(sheet, lead_start, row - 1)?;
            lead_start = Some((row, lead));
        }
        sheet.write_string(row, 5, *project)?;
        if !note.is_empty() {
            sheet.write_string(row, 6, *note)?;
        }
    }
    flush(sheet, lead_start, 2 + ROWS.len() as u32 - 1)?;
    book.save(format!("{DIR}/附件1-结对名单.xlsx"))?;

    let csv = "编号,地区,受援学校,支援学校,联系人\r\n\
        1,四川省广元市,苍溪县第二小学,成都市实验小学,张老师\r\n\
        2,苍溪县,城郊小学,成都市第二小学,王老师\r\n\
        3,甘肃,临夏中学,兰州市第一中学,\r\n\
        4,,融水二小,柳州市第一小学,李老师\r\n\
        5,,苍溪二小,成都市第三小学,\r\n\
        6,,中心小学,成都市第四小学,赵老师\r\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(csv);
    std::fs::write(format!("{DIR}/附件2-手拉手名单.csv"), &gbk)?;
    Ok(())
}

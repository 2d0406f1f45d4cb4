//! A pairing as the open data publishes it: one flat record, and the columns of the CSV and XLSX
//! files with what each holds (the 数据说明 page shows them, so files and description agree).

use serde::Serialize;
use std::borrow::Cow;

/// The columns of the CSV and XLSX files, in order, each with what it holds (shown on the
/// 数据说明 page, so that the files and their description cannot drift apart).
pub const COLUMNS: [(&str, &str); 24] = [
    (
        "序号",
        "这一行在本文件中的顺序号，从 1 起（CSV 与 XLSX；JSON 中为数组的顺序）。",
    ),
    ("项目", "结对项目的名称。"),
    ("期限", "结对项目的期限，照项目来源文件的写法。"),
    ("文号", "公布这一名单的文件的文号；工作报告等没有文号的为空。"),
    (
        "表",
        "这一行所在的表：附件的文件名（含工作表名），或“来源文件正文”（名单写在文件正文里，本站据此整理）。",
    ),
    (
        "编号",
        "来源表中的序号，为数字；不同的表各自从 1 编号，所以同时看“表”列。",
    ),
    (
        "受援方",
        "受援学校、单位或地区，按本站统一的写法（原来的写法见“原写法”）。",
    ),
    ("受援方类型", "学校、单位或地区。"),
    (
        "受援方所在地区",
        "受援方所在的省、市、县（乡镇），由名称推断；推断不出时为空。",
    ),
    ("县（市、区）", "受援方所在的县级行政区；只能确定到市或省时为空。"),
    ("受援方地区代码", "受援方所在地区的统计用区划代码。"),
    ("支援方", "支援学校、单位或地区，多个时用“、”分隔。"),
    (
        "支援方所在地区",
        "每个支援方所在的地区，顺序与“支援方”相同；推断不出时写“未定位”。",
    ),
    (
        "牵头单位",
        "牵头高校或单位；来源表合并单元格的，或同一组只在第一行写出的，已填到每一行（见“牵头单位出处”）。",
    ),
    (
        "牵头单位出处",
        "这一行的牵头单位在来源表中是空白、按原表沿用同组上方的内容时，写明沿用的是哪一行（如“原表空白，沿用编号 1”，与通知页表格的标注相同）；来源表这一行写明了牵头单位，或没有牵头单位时为空。",
    ),
    ("学段", "中小学、幼儿园等。"),
    ("备注", "来源表的备注。"),
    (
        "原写法",
        "名称在来源中的写法与统一写法不同时，列出原来的写法（包括合并的简称，如“苍溪一中”）。",
    ),
    (
        "其他列",
        "来源表中本站没有专门一列的内容（如项目、联系人），写成“表头：内容”，多项用“；”分隔。",
    ),
    ("来源文件", "这一行出自的公开文件或附件的网址。"),
    (
        "行号",
        "这一行在附件中的行号，与 Excel 打开附件时显示的行号相同（合并的多行写成范围）；名单写在来源文件正文里时为空。",
    ),
    (
        "名单版本",
        "名单调整过的项目：这一行所在的那一版名单（如“2024—2026年名单”）及其文号；名单未调整过的项目为空。",
    ),
    (
        "起始日期",
        "名单调整过的项目：这一对从哪一版名单起成立（那一版的日期；更名不算新的结对）；名单未调整过的项目为空。",
    ),
    (
        "终止日期",
        "这一对结束或被调整的日期（那一版名单的日期），只见于项目的历史文件（…-history）；现行名单中为空。",
    ),
];

/// The columns of the changes files, each with what it holds (shown on the 数据说明 page).
pub const CHANGE_COLUMNS: [(&str, &str); 15] = [
    ("序号", "这一行在本文件中的顺序号。"),
    ("版本", "作出变更的那一版名单，如“第 1 次调整”。"),
    ("日期", "那一版名单的日期。"),
    ("文号", "公布那一版名单的文件的文号。"),
    ("变更", "新增、调整、结束，或更名。"),
    ("受援方", "受援学校、单位或地区（更名的，为新名称）。"),
    ("县（市、区）", "受援方所在的县级行政区。"),
    ("原支援方", "变更前的支援方，多个时用“、”分隔；新增的为空。"),
    ("现支援方", "变更后的支援方；结束的为空。"),
    ("原牵头单位", "变更前的牵头单位。"),
    ("现牵头单位", "变更后的牵头单位。"),
    ("调整内容", "调整了什么：支援方、牵头单位、学段；更名的，写原名。"),
    ("备注", "来源表这一行的备注。"),
    ("表", "这一行所在的表（附件的文件名）。"),
    ("行号", "这一行在附件中的行号。"),
];

/// One pairing, flat, as published.
#[derive(Debug, Clone, Serialize)]
pub struct PairingRecord {
    pub programme: String,
    pub period: Option<String>,
    /// The 文号 of the document that published the programme.
    pub doc_number: Option<String>,
    pub table: String,
    /// The source's 编号: a number when it is one (JSON and XLSX keep it numeric).
    #[serde(serialize_with = "number_or_text")]
    pub number: String,
    pub recipient: String,
    pub recipient_kind: String,
    pub recipient_region: String,
    pub county: String,
    pub recipient_region_code: String,
    pub supporters: Vec<String>,
    pub supporter_regions: Vec<String>,
    pub lead: Option<String>,
    /// Where a lead the source leaves blank on this row was carried from (`原表空白，沿用编号 1`);
    /// empty when the row gives its lead, or has none.
    pub lead_source: String,
    pub stage: Option<String>,
    pub note: Option<String>,
    pub original_spellings: Vec<String>,
    /// The source's other columns, as (header, value).
    pub extra: Vec<(String, String)>,
    /// The public address of the notice or attachment the row comes from.
    pub source_file: String,
    pub rows: String,
    /// The version of the list the row is in, with its 文号 (empty for a list never revised).
    pub version: String,
    /// The date of the version since which the pair holds, and of the one that ended it.
    pub since: String,
    pub until: String,
}

fn number_or_text<S: serde::Serializer>(number: &str, s: S) -> Result<S::Ok, S::Error> {
    match as_number(number) {
        Some(n) => s.serialize_u64(n),
        None => s.serialize_str(number),
    }
}

/// A 编号 that is a plain whole number (33, not +33 or 3-1), as a number.
pub fn as_number(number: &str) -> Option<u64> {
    number.parse().ok().filter(|_| !number.starts_with('+'))
}

impl PairingRecord {
    /// The cells of the CSV and XLSX row, borrowed where a field is one cell.
    pub fn cells(&self, serial: usize) -> [Cow<'_, str>; 24] {
        [
            Cow::Owned(serial.to_string()),
            Cow::Borrowed(self.programme.as_str()),
            Cow::Borrowed(self.period.as_deref().unwrap_or_default()),
            Cow::Borrowed(self.doc_number.as_deref().unwrap_or_default()),
            Cow::Borrowed(self.table.as_str()),
            Cow::Borrowed(self.number.as_str()),
            Cow::Borrowed(self.recipient.as_str()),
            Cow::Borrowed(self.recipient_kind.as_str()),
            Cow::Borrowed(self.recipient_region.as_str()),
            Cow::Borrowed(self.county.as_str()),
            Cow::Borrowed(self.recipient_region_code.as_str()),
            Cow::Owned(self.supporters.join("、")),
            Cow::Owned(self.supporter_regions.join("、")),
            Cow::Borrowed(self.lead.as_deref().unwrap_or_default()),
            Cow::Borrowed(self.lead_source.as_str()),
            Cow::Borrowed(self.stage.as_deref().unwrap_or_default()),
            Cow::Borrowed(self.note.as_deref().unwrap_or_default()),
            Cow::Owned(self.original_spellings.join("、")),
            Cow::Owned(
                self.extra
                    .iter()
                    .map(|(h, v)| format!("{h}：{v}"))
                    .collect::<Vec<_>>()
                    .join("；"),
            ),
            Cow::Borrowed(self.source_file.as_str()),
            Cow::Borrowed(self.rows.as_str()),
            Cow::Borrowed(self.version.as_str()),
            Cow::Borrowed(self.since.as_str()),
            Cow::Borrowed(self.until.as_str()),
        ]
    }
}

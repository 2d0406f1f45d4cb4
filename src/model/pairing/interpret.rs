//! Reading pairings out of a raw table: header row, fill-down of merged or blank lead cells,
//! continuation rows, multi-line cells, duplicates; every inference is reported with its row.

use super::columns::{Role, detect};
use super::names::{CellReading, normalise, read_names_cell};
use crate::diagnostics::Diagnostic;
use crate::load::tables::RawTable;
use std::collections::{BTreeMap, HashMap};

pub use crate::load::programmes::TableSpec;

/// One pairing as a table gives it (names as written, before resolution).
#[derive(Debug, Clone, PartialEq)]
pub struct ReadRow {
    pub number: String,
    pub recipient: String,
    pub supporters: Vec<String>,
    pub lead: Option<String>,
    /// The row the lead was carried down from (a merged cell, or a blank under a filled one).
    pub lead_from: Option<usize>,
    pub stage: Option<String>,
    pub county: Option<String>,
    pub note: Option<String>,
    /// The row's 省份 and 地区 cells: hints for placing its schools.
    pub province: Option<String>,
    pub area: Option<String>,
    /// The row's 变更类型 cell (增补, 调整, 退出), in a list of changes.
    pub change: Option<String>,
    /// Cells of columns jiedui has no role for (项目, 联系人 …), with their headers: kept, shown
    /// on the programme's table and in the open data.
    pub extra: Vec<(String, String)>,
    /// The row the pairing starts on; continuation rows are listed in `extra_rows`.
    pub row: usize,
    pub extra_rows: Vec<usize>,
}

/// The pairings of one table, the number of data rows read and what was inferred or wrong.
#[derive(Debug, Clone, Default)]
pub struct Interpretation {
    pub rows: Vec<ReadRow>,
    pub rows_read: usize,
    pub diagnostics: Vec<Diagnostic>,
    /// The column of the lead (牵头单位), counted from 0, when the table has one.
    pub lead_column: Option<usize>,
    /// Headers of the columns left out because they hold personal data (`personal_data = omit`).
    pub withheld: Vec<String>,
}

/// Where a table is, for diagnostics: the file, and the sheet of a workbook.
pub fn location(table: &RawTable) -> String {
    table_location(&table.file, table.sheet.as_deref())
}

/// `content/名单.xlsx（工作表 附件1）`, or just the file for a table without sheets.
pub fn table_location(file: &str, sheet: Option<&str>) -> String {
    match sheet {
        Some(s) => format!("{file}（工作表 {s}）"),
        None => file.to_string(),
    }
}

const HEADER_HINT: &str = "表头应有“受援学校/受援园/受援方”和“支援学校/支援园/支援方”列；表头不同时，在项目文件的 columns 中写明，例如 columns = { recipient = \"学校名称\", supporter = \"结对学校\" }";

pub fn interpret(table: &RawTable, spec: &TableSpec, hint: Option<u32>) -> Interpretation {
    let at = location(table);
    let mut out = Interpretation::default();
    let header_index = table.rows.iter().take(10).position(|r| {
        let cols = detect(&r.cells, &spec.columns);
        cols.contains_key(&Role::Recipient) && cols.contains_key(&Role::Supporter)
    });
    let Some(header_index) = header_index else {
        out.diagnostics.push(header_not_found(&at, table, spec));
        return out;
    };
    let cols = detect(&table.rows[header_index].cells, &spec.columns);
    out.lead_column = cols.get(&Role::Lead).copied();
    let used: Vec<usize> = cols.values().copied().collect();
    let extra_columns: Vec<(usize, String)> = table.rows[header_index]
        .cells
        .iter()
        .enumerate()
        .filter(|(i, h)| !used.contains(i) && !h.trim().is_empty())
        .map(|(i, h)| (i, h.trim().to_string()))
        .collect();
    let merged: HashMap<(usize, usize), usize> = table.merged.iter().map(|m| ((m.row, m.column), m.from_row)).collect();
    let cell = |row: &crate::load::tables::RawRow, role: Role| -> String {
        cols.get(&role)
            .and_then(|&c| row.cells.get(c))
            .map(|s| s.trim().to_string())
            .unwrap_or_default()
    };
    let group_columns = group_columns(&table.rows[header_index].cells, &table.merged, &cols);
    let group_key = |row: &crate::load::tables::RawRow| -> Vec<String> {
        group_columns
            .iter()
            .map(|&c| row.cells.get(c).map(|v| v.trim().to_string()).unwrap_or_default())
            .collect()
    };
    // A lead is carried down only inside its group: a blank row, a heading row or a new value
    // of a group column (帮扶类别, 批次, 省份 …) ends the group, and a blank lead after it is
    // 未注明. A lead in a merged cell holds for the rows it spans: the merge is the group, and a
    // blank cell below its end is 未注明 too. (The lead, the row it is written in, and whether a
    // merge spans it.)
    let mut last_lead: Option<(String, usize, bool)> = None;
    let lead_merges: std::collections::HashSet<usize> = cols
        .get(&Role::Lead)
        .map(|&c| {
            table
                .merged
                .iter()
                .filter(|m| m.column == c)
                .map(|m| m.from_row)
                .collect()
        })
        .unwrap_or_default();
    // A heading that names a place (一、岷县; 赣州市) is the 地区 of the rows under it.
    let mut heading_area: Option<String> = None;
    let mut last_key: Option<Vec<String>> = None;
    let mut previous_row = table.rows[header_index].number;
    let mut filled: Vec<(String, usize, usize, bool)> = Vec::new();
    let mut unstated: Vec<usize> = Vec::new();
    let mut personal: std::collections::BTreeMap<usize, Vec<(usize, crate::personal_data::Kind)>> = Default::default();
    for raw in &table.rows[header_index + 1..] {
        if raw.number > previous_row + 1 {
            last_lead = None;
        }
        previous_row = raw.number;
        if let Some(heading) = heading_text(raw, &cols) {
            last_lead = None;
            last_key = None;
            heading_area = heading_place(&heading, hint);
            if let Some(area) = &heading_area {
                out.diagnostics.push(
                    Diagnostic::info(
                        &at,
                        Some(raw.number),
                        format!("分组标题“{heading}”下的各行按“{area}”定位（行中写了地区或县的，以行中为准）"),
                    )
                    .with_hint("若这些学校不在这里，在行中写明县（市、区）"),
                );
            }
            out.diagnostics.push(
                Diagnostic::info(
                    &at,
                    Some(raw.number),
                    format!("“{heading}”是分组标题行，不是结对；上一组的牵头单位不沿用到这一组"),
                )
                .with_hint("分组标题行只写一格（或跨列合并）；若这是一所学校，请补上编号和支援方"),
            );
            continue;
        }
        let key = group_key(raw);
        if last_key.as_ref().is_some_and(|k| *k != key) {
            last_lead = None;
        }
        last_key = Some(key);
        for (column, value) in raw.cells.iter().enumerate() {
            if let Some(kind) = crate::personal_data::find(value) {
                personal.entry(column).or_default().push((raw.number, kind));
            }
        }
        let number = cell(raw, Role::Number);
        let recipient_cell = cell(raw, Role::Recipient);
        let supporter_cell = cell(raw, Role::Supporter);
        let lead_cell = cell(raw, Role::Lead);
        if [&number, &recipient_cell, &supporter_cell, &lead_cell]
            .iter()
            .all(|c| c.is_empty())
        {
            continue;
        }
        out.rows_read += 1;
        let errors: Vec<(Role, String)> = [Role::Recipient, Role::Supporter, Role::Lead, Role::County]
            .into_iter()
            .filter_map(|role| excel_error(&cell(raw, role)).map(|e| (role, e)))
            .collect();
        if !errors.is_empty() {
            for (role, error) in errors {
                out.diagnostics.push(
                    Diagnostic::error(
                        &at,
                        Some(raw.number),
                        format!(
                            "{}列是 Excel 错误值 {error}（{}），不是名称；本行未读入",
                            role.label(),
                            excel_error_meaning(&error)
                        ),
                    )
                    .with_hint("在 Excel 中改正出错的公式，或复制该列后“选择性粘贴 → 数值”，再保存"),
                );
            }
            continue;
        }
        for role in [Role::Recipient, Role::Supporter, Role::Lead] {
            let raw_text = cols
                .get(&role)
                .and_then(|&c| raw.cells.get(c))
                .map(String::as_str)
                .unwrap_or_default();
            if raw_text != raw_text.trim() && !raw_text.trim().is_empty() {
                out.diagnostics.push(
                    Diagnostic::info(
                        &at,
                        Some(raw.number),
                        format!("{}“{}”首尾有空格，已去掉", role.label(), raw_text.replace(' ', "␣")),
                    )
                    .with_hint("名称前后的空格不影响匹配，可在表格中删去"),
                );
            }
        }
        let (supporters, reading) = read_names_cell(&supporter_cell, hint);
        match reading {
            CellReading::Split => out.diagnostics.push(
                Diagnostic::info(
                    &at,
                    Some(raw.number),
                    format!(
                        "“{}”一格中有 {} 所支援方，已分开: {}",
                        supporter_cell.replace('\n', " / "),
                        supporters.len(),
                        supporters.join("、")
                    ),
                )
                .with_hint("每行开头都是地名且上一行是完整校名时，按多所支援方处理"),
            ),
            CellReading::Joined => out.diagnostics.push(
                Diagnostic::info(
                    &at,
                    Some(raw.number),
                    format!(
                        "“{}”跨行书写，已合并为“{}”",
                        supporter_cell.replace('\n', " / "),
                        supporters.join("")
                    ),
                )
                .with_hint("下一行不以地名开头，或上一行不是完整名称时，按同一名称的折行处理"),
            ),
            CellReading::Single | CellReading::Listed => {}
        }
        let continues_previous = out.rows.last().is_some_and(|last: &ReadRow| {
            (number.is_empty() && recipient_cell.is_empty())
                || (!number.is_empty()
                    && number == last.number
                    && normalise(&recipient_cell) == normalise(&last.recipient))
        });
        if continues_previous && !supporters.is_empty() {
            if let Some(last) = out.rows.last_mut() {
                out.diagnostics.push(
                    Diagnostic::info(
                        &at,
                        Some(raw.number),
                        format!(
                            "本行只有支援方“{}”，并入第 {} 行（编号 {}）的受援方“{}”",
                            supporters.join("、"),
                            last.row,
                            last.number,
                            last.recipient
                        ),
                    )
                    .with_hint(
                        "同一受援方有两所支援方时，第二所写在下一行、编号与受援方留空（或合并单元格），即按此处理",
                    ),
                );
                last.supporters.extend(supporters);
                last.extra_rows.push(raw.number);
            }
            continue;
        }
        if recipient_cell.is_empty() {
            out.diagnostics.push(
                Diagnostic::error(&at, Some(raw.number), format!("编号 {number} 没有受援方"))
                    .with_hint("填写受援学校（或删去这一行）"),
            );
            continue;
        }
        let ends = super::change_action::ChangeAction::read(&cell(raw, Role::Change))
            == Some(super::change_action::ChangeAction::End);
        if supporters.is_empty() && !ends {
            out.diagnostics.push(
                Diagnostic::error(&at, Some(raw.number), format!("“{recipient_cell}”没有支援方"))
                    .with_hint("填写支援学校（或删去这一行）"),
            );
            continue;
        }
        let mut lead_from = None;
        let lead = if !lead_cell.is_empty() {
            let from_merge = cols
                .get(&Role::Lead)
                .and_then(|&c| merged.get(&(raw.number, c)))
                .copied();
            if let Some(from) = from_merge {
                filled.push((lead_cell.clone(), from, raw.number, true));
                lead_from = Some(from);
            }
            let from = from_merge.unwrap_or(raw.number);
            last_lead = Some((lead_cell.clone(), from, lead_merges.contains(&from)));
            Some(lead_cell.clone())
        } else if cols.contains_key(&Role::Lead) && table.fill_down && !ends {
            // A row that ends a pair names no lead: none is carried into it.
            match &last_lead {
                Some((lead, from, false)) => {
                    filled.push((lead.clone(), *from, raw.number, false));
                    lead_from = Some(*from);
                    Some(lead.clone())
                }
                _ => {
                    unstated.push(raw.number);
                    None
                }
            }
        } else {
            None
        };
        let (recipients, recipient_reading) = read_names_cell(&recipient_cell, hint);
        let recipient = recipients.join("");
        if recipient_reading != CellReading::Single {
            out.diagnostics.push(
                Diagnostic::info(
                    &at,
                    Some(raw.number),
                    format!(
                        "受援方“{}”跨行书写，已合并为“{recipient}”",
                        recipient_cell.replace('\n', " / ")
                    ),
                )
                .with_hint("受援方每行只有一个"),
            );
        }
        if let Some(same) = supporters.iter().find(|s| normalise(s) == normalise(&recipient)) {
            out.diagnostics.push(
                Diagnostic::error(
                    &at,
                    Some(raw.number),
                    format!("“{same}”既是受援方又是本行的支援方，学校不能与自己结对；本行未读入"),
                )
                .with_hint("检查支援方是否填到了受援方的行或列"),
            );
            continue;
        }
        let nonempty = |s: String| (!s.is_empty()).then_some(s);
        out.rows.push(ReadRow {
            number,
            recipient,
            supporters,
            lead,
            lead_from,
            stage: nonempty(cell(raw, Role::Stage)).or_else(|| spec.stage.clone()),
            county: nonempty(cell(raw, Role::County)),
            note: nonempty(cell(raw, Role::Note)),
            province: nonempty(cell(raw, Role::Province)),
            area: nonempty(cell(raw, Role::Area)).or_else(|| heading_area.clone()),
            change: nonempty(cell(raw, Role::Change)),
            extra: extra_columns
                .iter()
                .filter_map(|(i, h)| {
                    let value = raw.cells.get(*i).map(|v| v.trim().to_string()).unwrap_or_default();
                    (!value.is_empty()).then(|| (h.clone(), value))
                })
                .collect(),
            row: raw.number,
            extra_rows: Vec::new(),
        });
    }
    if out.rows_read == 0 {
        out.diagnostics.push(
            Diagnostic::warning(&at, Some(table.rows[header_index].number), "结对表只有表头，没有结对行")
                .with_hint("在表头下面填写结对行；不用这张表时，从项目文件的 [[tables]] 中删去它"),
        );
    }
    report_filled(&at, &filled, &mut out.diagnostics);
    if !unstated.is_empty() {
        out.diagnostics.push(
            Diagnostic::warning(
                &at,
                Some(unstated[0]),
                format!(
                    "第 {} 行的牵头单位空白，上方同一组中也没有写明：页面和开放数据显示“未注明”",
                    ranges(&unstated)
                ),
            )
            .with_hint(
                "牵头单位只沿用到同一组（合并单元格所跨的行；同一省份、帮扶类别或批次之内，空行或分组标题行之前）；这些行若有牵头单位，请在表中写明",
            ),
        );
    }
    report_duplicates(&at, &out.rows, &mut out.diagnostics);
    withhold_personal_data(&at, spec, &table.rows[header_index].cells, &cols, &personal, &mut out);
    out
}

/// Columns holding personal data: an error unless the programme says to leave the column out
/// (it is then removed from every row: pages and open data never see it) or to publish it; in a
/// name column (recipient, supporter, lead) always an error, since names are published.
fn withhold_personal_data(
    at: &str,
    spec: &TableSpec,
    header: &[String],
    cols: &BTreeMap<Role, usize>,
    found: &BTreeMap<usize, Vec<(usize, crate::personal_data::Kind)>>,
    out: &mut Interpretation,
) {
    use crate::load::programmes::Treatment;
    for (&column, cells) in found {
        let name = header
            .get(column)
            .map(|h| h.trim().to_string())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| format!("第 {} 列", column + 1));
        let mut kinds: Vec<crate::personal_data::Kind> = cells.iter().map(|(_, k)| *k).collect();
        kinds.sort_unstable();
        kinds.dedup();
        let kinds: Vec<&str> = kinds.into_iter().map(|k| k.name()).collect();
        let rows: Vec<usize> = cells.iter().map(|(r, _)| *r).collect();
        let what = format!(
            "“{name}”列有 {} 格含{}（第 {} 行）",
            cells.len(),
            kinds.join("、"),
            ranges(&rows)
        );
        let role = cols.iter().find(|(_, c)| **c == column).map(|(r, _)| *r);
        if matches!(role, Some(Role::Recipient | Role::Supporter | Role::Lead)) {
            out.diagnostics.push(
                Diagnostic::error(
                    at,
                    rows.first().copied(),
                    format!("{what}：学校和单位的名称会公开，其中不能有个人信息"),
                )
                .with_hint("在表中把号码或邮箱从名称里删去（联系方式另列一列，再按 personal_data 设为不公开）"),
            );
            continue;
        }
        match spec.personal.get(&name) {
            None => out.diagnostics.push(
                Diagnostic::error(at, rows.first().copied(), format!("{what}：个人信息不能公开，本次不发布"))
                    .with_hint(format!(
                        "不公开这一列：在项目文件这张表的设置里写 personal_data = {{ \"{name}\" = \"omit\" }}（或 个人信息 = {{ \"{name}\" = \"不公开\" }}），页面和公开数据中都不会有它；确需公开（如单位的办公电话）时写 \"publish\"（\"公开\"）"
                    )),
            ),
            Some(Treatment::Publish) => out.diagnostics.push(
                Diagnostic::info(
                    at,
                    rows.first().copied(),
                    format!("{what}，按项目设置（personal_data = publish）公开"),
                )
                .with_hint("若这些是个人的号码或邮箱，改成 \"omit\"（不公开）"),
            ),
            Some(Treatment::Omit) => {
                for row in &mut out.rows {
                    row.extra.retain(|(h, _)| *h != name);
                    match role {
                        Some(Role::Number) => row.number.clear(),
                        Some(Role::Stage) => row.stage = None,
                        Some(Role::County) => row.county = None,
                        Some(Role::Note) => row.note = None,
                        Some(Role::Province) => row.province = None,
                        Some(Role::Area) => row.area = None,
                        Some(Role::Change) => row.change = None,
                        _ => {}
                    }
                }
                out.withheld.push(name.clone());
                out.diagnostics.push(
                    Diagnostic::info(
                        at,
                        rows.first().copied(),
                        format!("{what}，按项目设置不公开：页面和公开数据中都没有这一列"),
                    )
                    .with_hint("确需公开这一列（如单位的办公电话）时，把 \"omit\" 改成 \"publish\""),
                );
            }
        }
    }
}

/// Header words of columns that group rows (a lead written once is carried only inside its group).
const GROUP_HEADERS: [&str; 9] = [
    "类别",
    "项目",
    "批次",
    "片区",
    "组别",
    "分组",
    "帮扶类型",
    "结对类型",
    "帮扶方式",
];

/// The columns whose value names a row's group: a column with such a header, the 省份 column, or
/// any column but the recipient, supporter, lead and 编号 that the workbook merges down (a merged
/// 学段 or 地区).
fn group_columns(
    header: &[String],
    merged: &[crate::load::tables::MergedFill],
    cols: &BTreeMap<Role, usize>,
) -> Vec<usize> {
    let own = |c: usize, roles: &[Role]| roles.iter().any(|r| cols.get(r) == Some(&c));
    let pairing_columns = [Role::Number, Role::Recipient, Role::Supporter, Role::Lead];
    let mut out: Vec<usize> = header
        .iter()
        .enumerate()
        .filter(|(c, h)| !own(*c, &Role::ALL) && GROUP_HEADERS.iter().any(|w| h.contains(w)))
        .map(|(c, _)| c)
        .collect();
    out.extend(
        merged
            .iter()
            .filter(|m| m.row > m.from_row && !own(m.column, &pairing_columns))
            .map(|m| m.column),
    );
    // A national list's 省份: one lead is not carried from one province's schools to another's.
    out.extend(cols.get(&Role::Province));
    out.sort_unstable();
    out.dedup();
    out
}

/// The text of a heading row inside a table (一、防城港市 / 第二批 / 幼儿园): one text, in the
/// first cell or merged across the row, no supporter and no 编号 that is a number.
fn heading_text(row: &crate::load::tables::RawRow, cols: &BTreeMap<Role, usize>) -> Option<String> {
    let texts: Vec<(usize, &str)> = row
        .cells
        .iter()
        .enumerate()
        .map(|(i, c)| (i, c.trim()))
        .filter(|(_, c)| !c.is_empty())
        .collect();
    let (first_column, text) = *texts.first()?;
    if texts.iter().any(|(_, t)| *t != text) || text.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let supporter = cols.get(&Role::Supporter).copied();
    let recipient = cols.get(&Role::Recipient).copied();
    let across = texts.len() >= 2;
    // Alone in the supporter column it is a second supporter; alone in the lead column, a lead.
    if !across && [supporter, cols.get(&Role::Lead).copied()].contains(&Some(first_column)) {
        return None;
    }
    // Alone in the recipient column it may be a school without its supporter (an error the
    // reader must see), unless it is numbered as headings are (一、 （二） 第三批).
    let enumerated = text.starts_with(['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '（', '('])
        || (text.starts_with('第') && text.contains(['批', '组', '片']));
    if !across && recipient == Some(first_column) && !enumerated {
        return None;
    }
    Some(text.to_string())
}

/// The place a group heading names, without its enumeration (一、岷县 → 岷县; （二）赣州市 →
/// 赣州市), when it is exactly a province, prefecture or county (inside the programme's province).
fn heading_place(heading: &str, hint: Option<u32>) -> Option<String> {
    let text = heading
        .trim_start_matches(['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'])
        .trim_start_matches(['、', '.', '．', ' '])
        .trim_start_matches(['（', '('])
        .trim_start_matches(['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'])
        .trim_start_matches(['）', ')', '、', ' '])
        .trim();
    let placed = crate::divisions::place::place(text, hint, None);
    (placed.exact && placed.code.is_some() && !text.is_empty()).then(|| text.to_string())
}

/// The error for a table whose header has no recipient or supporter column: the rows searched, the
/// row that looks most like a header and its cells, and the `columns` mapping that would read it
/// (托管院校 → supporter).
fn header_not_found(at: &str, table: &RawTable, spec: &TableSpec) -> Diagnostic {
    let searched: Vec<&crate::load::tables::RawRow> = table.rows.iter().take(10).collect();
    let Some(best) = searched.iter().max_by_key(|r| {
        (
            r.cells.iter().filter(|c| !c.trim().is_empty()).count(),
            std::cmp::Reverse(r.number),
        )
    }) else {
        return Diagnostic::error(at, None, "结对表是空的，找不到表头").with_hint(HEADER_HINT);
    };
    let cells: Vec<&str> = best.cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
    let found = detect(&best.cells, &spec.columns);
    let missing: Vec<Role> = [Role::Recipient, Role::Supporter]
        .into_iter()
        .filter(|r| !found.contains_key(r))
        .collect();
    let mut suggestions: Vec<String> = Vec::new();
    for cell in &cells {
        if let Some(role) = super::columns::closest_role(cell).filter(|r| missing.contains(r))
            && !suggestions.iter().any(|s| s.starts_with(role.key()))
        {
            suggestions.push(format!("{} = \"{cell}\"", role.key()));
        }
    }
    let rows = match (searched.first(), searched.last()) {
        (Some(a), Some(b)) if a.number != b.number => format!("第 {}–{} 行", a.number, b.number),
        (Some(a), _) => format!("第 {} 行", a.number),
        _ => String::new(),
    };
    let wanted: Vec<&str> = missing.iter().map(|r| r.label()).collect();
    let hint = if suggestions.is_empty() {
        HEADER_HINT.to_string()
    } else {
        format!(
            "若这些列就是受援方和支援方，在项目文件的这张表下写 columns = {{ {} }}；{HEADER_HINT}",
            suggestions.join(", ")
        )
    };
    Diagnostic::error(
        at,
        Some(best.number),
        format!(
            "在{rows}中找不到结对表的表头（缺{}列）；最像表头的第 {} 行是：{}",
            wanted.join("、"),
            best.number,
            cells.join("、")
        ),
    )
    .with_hint(hint)
}

/// The Excel error value a cell holds (a formula that failed: #REF!, #N/A, #DIV/0! …), whether the
/// workbook stored it as an error or a CSV export wrote it out as text.
fn excel_error(cell: &str) -> Option<String> {
    const ERRORS: [&str; 10] = [
        "#REF!",
        "#N/A",
        "#DIV/0!",
        "#VALUE!",
        "#NAME?",
        "#NUM!",
        "#NULL!",
        "#SPILL!",
        "#CALC!",
        "#GETTING_DATA",
    ];
    let upper = cell.trim().to_ascii_uppercase();
    ERRORS.iter().find(|e| upper == **e).map(|e| e.to_string())
}

/// What an Excel error value says, for the editor who has to fix it.
fn excel_error_meaning(error: &str) -> &'static str {
    match error {
        "#REF!" => "公式引用的单元格已被删除",
        "#N/A" => "查找公式没有找到对应值",
        "#DIV/0!" => "公式除以零",
        "#NAME?" => "公式中有无法识别的名称",
        "#VALUE!" => "公式中的值类型不对",
        _ => "公式计算出错",
    }
}

/// One note per filled value and source row, with the rows as ranges (3–17、19–40).
fn report_filled(at: &str, filled: &[(String, usize, usize, bool)], diagnostics: &mut Vec<Diagnostic>) {
    let mut groups: BTreeMap<(usize, String, bool), Vec<usize>> = BTreeMap::new();
    for (value, from, row, merged) in filled {
        groups.entry((*from, value.clone(), *merged)).or_default().push(*row);
    }
    for ((from, value, merged), rows) in groups {
        let how = if merged {
            "合并单元格"
        } else {
            "空白，沿用上方"
        };
        diagnostics.push(
            Diagnostic::info(
                at,
                Some(rows[0]),
                format!("第 {} 行的牵头单位{how}：取第 {from} 行的“{value}”", ranges(&rows)),
            )
            .with_hint("牵头单位只在一组的第一行写出时，下面各行沿用它；如不对，请在这些行写明牵头单位"),
        );
    }
}

fn report_duplicates(at: &str, rows: &[ReadRow], diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<(String, Vec<String>), usize> = HashMap::new();
    let mut numbers: HashMap<&str, usize> = HashMap::new();
    for r in rows {
        let mut key_supporters: Vec<String> = r.supporters.iter().map(|s| normalise(s)).collect();
        key_supporters.sort();
        if let Some(first) = seen.insert((normalise(&r.recipient), key_supporters), r.row) {
            diagnostics.push(
                Diagnostic::warning(
                    at,
                    Some(r.row),
                    format!("与第 {first} 行重复：同一受援方“{}”与同样的支援方", r.recipient),
                )
                .with_hint("删去重复的一行；两行都会在页面上出现"),
            );
        }
        if !r.number.is_empty()
            && let Some(first) = numbers.insert(r.number.as_str(), r.row)
        {
            diagnostics.push(
                Diagnostic::warning(at, Some(r.row), format!("编号 {} 与第 {first} 行相同", r.number))
                    .with_hint("检查编号是否写错"),
            );
        }
    }
}

/// `[3,4,5,7]` → `3–5、7`.
pub fn ranges(rows: &[usize]) -> String {
    crate::load::tables::raw::row_ranges(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::tables::{MergedFill, RawRow};

    fn table(rows: &[&[&str]]) -> RawTable {
        RawTable {
            file: "content/t.csv".into(),
            sheet: None,
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, cells)| RawRow {
                    number: i + 1,
                    cells: cells.iter().map(|c| c.to_string()).collect(),
                })
                .collect(),
            merged: Vec::new(),
            encoding: None,
            fill_down: true,
            notes: Vec::new(),
        }
    }

    #[test]
    fn fills_down_the_lead_and_joins_continuation_rows() {
        let t = table(&[
            &["附件1 结对名单"],
            &["编号", "受援学校", "支援学校", "牵头高校"],
            &["32", "东兴市江平镇江龙小学", "桂林市龙隐小学", "广西师范大学"],
            &["33", "东兴市京族学校", "桂林市七星区卓然小学", ""],
            &["", "", "桂林市宝贤中学", ""],
            &["98", "那坡县平孟镇九年一贯制学校", "柳州市第八中学\n柳州市景行小学", ""],
            &["99", "东兴市第一幼儿园 ", "广西幼儿师范高等专科学校\n实验幼儿园", "  "],
        ]);
        let r = interpret(&t, &TableSpec::default(), Some(45));
        assert_eq!(r.rows_read, 5);
        assert_eq!(r.rows.len(), 4);
        assert_eq!(r.rows[1].supporters, vec!["桂林市七星区卓然小学", "桂林市宝贤中学"]);
        assert_eq!(r.rows[1].extra_rows, vec![5]);
        assert_eq!(r.rows[2].supporters, vec!["柳州市第八中学", "柳州市景行小学"]);
        assert_eq!(r.rows[3].supporters, vec!["广西幼儿师范高等专科学校实验幼儿园"]);
        assert!(r.rows.iter().all(|x| x.lead.as_deref() == Some("广西师范大学")));
        let notes: Vec<String> = r
            .diagnostics
            .iter()
            .map(|d| format!("{}:{}", d.line.unwrap(), d.message))
            .collect();
        assert!(
            notes
                .iter()
                .any(|n| n.starts_with("4:第 4、6–7 行的牵头单位空白，沿用上方：取第 3 行")),
            "{notes:#?}"
        );
        assert!(
            notes
                .iter()
                .any(|n| n.starts_with("5:本行只有支援方“桂林市宝贤中学”，并入第 4 行")),
            "{notes:#?}"
        );
        assert!(notes.iter().any(|n| n.starts_with("6:") && n.contains("已分开")));
        assert!(notes.iter().any(|n| n.starts_with("7:") && n.contains("已合并")));
        assert!(
            notes
                .iter()
                .any(|n| n == "7:受援方“东兴市第一幼儿园␣”首尾有空格，已去掉"),
            "{notes:#?}"
        );
        assert!(
            r.diagnostics
                .iter()
                .all(|d| d.severity == crate::diagnostics::Severity::Info)
        );
    }

    /// A lead in a merged cell holds for the rows the merge spans, not for a blank cell below
    /// it; and a national list's new 省份 starts a new group.
    #[test]
    fn a_merged_lead_ends_with_its_merge_and_a_lead_stays_in_its_province() {
        let mut t = table(&[
            &["编号", "省份", "受援学校", "支援学校", "牵头高校"],
            &["1", "四川", "昭觉县民族中学", "成都七中", "四川师范大学"],
            // The loader fills a merged cell's value into every row it spans.
            &["2", "四川", "美姑县中学", "成都市石室中学", "四川师范大学"],
            &["3", "四川", "布拖县中学", "绵阳中学", ""],
            &["4", "甘肃", "积石山县民族中学", "兰州一中", "西北师范大学"],
            &["5", "甘肃", "东乡县第二中学", "西北师大附中", ""],
            &["6", "青海", "循化县民族中学", "西宁市第一中学", ""],
        ]);
        t.merged = vec![MergedFill {
            row: 3,
            column: 4,
            from_row: 2,
        }];
        let r = interpret(&t, &TableSpec::default(), None);
        let leads: Vec<(&str, Option<&str>, Option<usize>)> = r
            .rows
            .iter()
            .map(|x| (x.number.as_str(), x.lead.as_deref(), x.lead_from))
            .collect();
        assert_eq!(
            leads,
            vec![
                ("1", Some("四川师范大学"), None),
                ("2", Some("四川师范大学"), Some(2)),
                ("3", None, None),
                ("4", Some("西北师范大学"), None),
                ("5", Some("西北师范大学"), Some(5)),
                ("6", None, None),
            ]
        );
        assert!(
            r.diagnostics
                .iter()
                .any(|d| d.line == Some(4) && d.message.starts_with("第 4、7 行的牵头单位空白")),
            "{:#?}",
            r.diagnostics
        );
    }

    /// Three groups, of which only the first names its lead: a merged 帮扶类别 cell, a blank
    /// separator row and a heading row each end a group, and a blank lead after them is 未注明.
    #[test]
    fn a_lead_is_carried_only_inside_its_group() {
        let mut t = table(&[
            &["编号", "帮扶类别", "受援学校", "支援学校", "牵头单位"],
            &[
                "1",
                "城乡结对",
                "渭源县会川镇中心小学",
                "定西市安定区东方红小学",
                "定西师范高等专科学校",
            ],
            &["2", "城乡结对", "渭源县五竹镇中心小学", "定西市安定区西关小学", ""],
            &["3", "集团化办学", "渭源县第一中学", "定西市第一中学", ""],
            &["4", "集团化办学", "渭源县第二中学", "定西市第二中学", ""],
        ]);
        // 帮扶类别 merged over rows 2–3 and 4–5, as the workbook has it.
        t.merged = vec![
            MergedFill {
                row: 3,
                column: 1,
                from_row: 2,
            },
            MergedFill {
                row: 5,
                column: 1,
                from_row: 4,
            },
        ];
        let mut rows = t.rows.clone();
        // A blank separator row (row 6 in Excel), then a third group under a heading row.
        rows.push(RawRow {
            number: 7,
            cells: vec![
                "5".into(),
                "".into(),
                "临洮县洮阳镇中心小学".into(),
                "定西市安定区永定路小学".into(),
            ],
        });
        rows.push(RawRow {
            number: 8,
            cells: vec!["三、岷县".into()],
        });
        rows.push(RawRow {
            number: 9,
            cells: vec![
                "6".into(),
                "".into(),
                "岷县西寨镇中心小学".into(),
                "定西市安定区福台小学".into(),
            ],
        });
        t.rows = rows;
        let r = interpret(&t, &TableSpec::default(), None);
        let leads: Vec<(&str, Option<&str>, Option<usize>)> = r
            .rows
            .iter()
            .map(|x| (x.number.as_str(), x.lead.as_deref(), x.lead_from))
            .collect();
        assert_eq!(
            leads,
            vec![
                ("1", Some("定西师范高等专科学校"), None),
                ("2", Some("定西师范高等专科学校"), Some(2)),
                ("3", None, None),
                ("4", None, None),
                ("5", None, None),
                ("6", None, None),
            ]
        );
        let notes: Vec<String> = r
            .diagnostics
            .iter()
            .map(|d| format!("{}:{:?}:{}", d.line.unwrap(), d.severity, d.message))
            .collect();
        assert!(
            notes
                .iter()
                .any(|n| n.starts_with("4:Warning:第 4–5、7、9 行的牵头单位空白，上方同一组中也没有写明")),
            "{notes:#?}"
        );
        assert!(
            notes.iter().any(|n| n.starts_with("8:Info:“三、岷县”是分组标题行")),
            "{notes:#?}"
        );
        // Without groups the lead is carried through the whole table, as before.
        let t = table(&[
            &["编号", "受援学校", "支援学校", "牵头单位"],
            &[
                "1",
                "渭源县会川镇中心小学",
                "定西市安定区东方红小学",
                "定西师范高等专科学校",
            ],
            &["2", "渭源县五竹镇中心小学", "定西市安定区西关小学", ""],
            &["3", "渭源县第一中学", "定西市第一中学", ""],
        ]);
        let r = interpret(&t, &TableSpec::default(), None);
        assert!(r.rows.iter().all(|x| x.lead.as_deref() == Some("定西师范高等专科学校")));
    }

    #[test]
    fn a_school_alone_in_its_row_is_no_heading() {
        let cols = detect(
            &["编号".into(), "受援学校".into(), "支援学校".into(), "牵头单位".into()],
            &BTreeMap::new(),
        );
        let row = |cells: &[&str]| RawRow {
            number: 3,
            cells: cells.iter().map(|c| c.to_string()).collect(),
        };
        assert_eq!(
            heading_text(&row(&["一、城乡结对"]), &cols).as_deref(),
            Some("一、城乡结对")
        );
        assert_eq!(heading_text(&row(&["第二批"]), &cols).as_deref(), Some("第二批"));
        assert_eq!(
            heading_text(&row(&["", "（三）岷县", "（三）岷县", "（三）岷县"]), &cols).as_deref(),
            Some("（三）岷县"),
            "merged across the row"
        );
        assert_eq!(heading_text(&row(&["", "岷县西寨镇中心小学"]), &cols), None);
        assert_eq!(heading_text(&row(&["", "", "定西市第一中学"]), &cols), None);
        assert_eq!(heading_text(&row(&["", "", "", "定西师范高等专科学校"]), &cols), None);
        assert_eq!(heading_text(&row(&["12"]), &cols), None);
    }

    #[test]
    fn excel_errors_self_pairings_and_empty_tables_are_reported() {
        let t = table(&[
            &["编号", "受援学校", "支援学校", "牵头高校", "县（市、区）"],
            &["1", "#REF!", "桂林市龙隐小学", "广西师范大学"],
            &["2", "东兴市京族学校", "#N/A", "#div/0!"],
            &["3", "东兴市京族学校", "东兴市京族学校", ""],
            &["4", "那坡县百都乡中心小学", "柳州市第八中学", "", "#VALUE!"],
            &["5", "东兴市江平镇中心小学", "桂林市宝贤中学", ""],
        ]);
        let r = interpret(&t, &TableSpec::default(), Some(45));
        assert_eq!(r.rows_read, 5);
        let names: Vec<&str> = r.rows.iter().map(|x| x.recipient.as_str()).collect();
        assert_eq!(
            names,
            vec!["东兴市江平镇中心小学"],
            "no error value or self-pairing becomes a pairing"
        );
        let errors: Vec<String> = r
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| format!("{}:{}", d.line.unwrap(), d.message))
            .collect();
        assert_eq!(
            errors,
            vec![
                "2:受援方列是 Excel 错误值 #REF!（公式引用的单元格已被删除），不是名称；本行未读入",
                "3:支援方列是 Excel 错误值 #N/A（查找公式没有找到对应值），不是名称；本行未读入",
                "3:牵头单位列是 Excel 错误值 #DIV/0!（公式除以零），不是名称；本行未读入",
                "4:“东兴市京族学校”既是受援方又是本行的支援方，学校不能与自己结对；本行未读入",
                "5:县（市、区）列是 Excel 错误值 #VALUE!（公式中的值类型不对），不是名称；本行未读入",
            ]
        );
        assert!(r.diagnostics.iter().all(|d| d.hint.is_some()));

        let empty = interpret(
            &table(&[&["编号", "受援学校", "支援学校"]]),
            &TableSpec::default(),
            None,
        );
        assert_eq!(empty.rows_read, 0);
        assert_eq!(empty.diagnostics.len(), 1);
        assert!(!empty.diagnostics[0].is_error());
        assert_eq!(empty.diagnostics[0].line, Some(1));
        assert_eq!(empty.diagnostics[0].message, "结对表只有表头，没有结对行");
    }

    #[test]
    fn merged_cells_duplicates_and_errors() {
        let mut t = table(&[
            &["编号", "受援学校", "支援学校", "牵头高校"],
            &["1", "甲县第一小学", "乙市第一小学", "某大学"],
            &["1", "甲县第一小学", "乙市第二小学", "某大学"],
            &["2", "甲县第二小学", "乙市第三小学", "某大学"],
            &["3", "甲县第二小学", "乙市第三小学", "某大学"],
            &["4", "", "乙市第四小学", "某大学"],
            &["5", "甲县第五小学", "", "某大学"],
        ]);
        t.merged = vec![
            MergedFill {
                row: 3,
                column: 0,
                from_row: 2,
            },
            MergedFill {
                row: 3,
                column: 1,
                from_row: 2,
            },
            MergedFill {
                row: 3,
                column: 3,
                from_row: 2,
            },
        ];
        let r = interpret(&t, &TableSpec::default(), None);
        assert_eq!(r.rows[0].supporters.len(), 2, "a merged recipient spanning two rows");
        let text: Vec<String> = r.diagnostics.iter().map(|d| d.to_string()).collect();
        assert!(text.iter().any(|d| d.contains(":5: 与第 4 行重复")), "{text:#?}");
        assert!(
            text.iter()
                .any(|d| d.starts_with("错误: content/t.csv:6: 编号 4 没有受援方")),
            "{text:#?}"
        );
        assert!(
            text.iter()
                .any(|d| d.starts_with("错误: content/t.csv:7: “甲县第五小学”没有支援方")),
            "{text:#?}"
        );
    }

    #[test]
    fn a_table_without_the_needed_headers_is_an_error() {
        let t = table(&[&["序", "名称"], &["1", "甲"]]);
        let r = interpret(&t, &TableSpec::default(), None);
        assert_eq!(r.diagnostics.len(), 1);
        assert!(r.diagnostics[0].is_error());
        assert_eq!(ranges(&[3, 4, 5, 7, 9, 10]), "3–5、7、9–10");
        // A title row, then a header whose recipient column has an unknown name: the error
        // points at the header row, lists its cells and suggests the mapping.
        let t = table(&[
            &["附件1 县中托管帮扶名单", "", "", ""],
            &["序号", "省份", "受援学校（园）名称", "帮扶院校"],
            &["1", "四川", "苍溪中学", "四川师范大学"],
        ]);
        let r = interpret(&t, &TableSpec::default(), None);
        let d = &r.diagnostics[0];
        assert_eq!(d.line, Some(2), "the row that looks like a header");
        assert_eq!(
            d.message,
            "在第 1–3 行中找不到结对表的表头（缺受援方、支援方列）；最像表头的第 2 行是：序号、省份、受援学校（园）名称、帮扶院校"
        );
        let hint = d.hint.as_deref().unwrap();
        assert!(
            hint.starts_with("若这些列就是受援方和支援方，在项目文件的这张表下写 columns = { recipient = \"受援学校（园）名称\", supporter = \"帮扶院校\" }"),
            "{hint}"
        );
        let spec = TableSpec {
            columns: BTreeMap::from([
                ("recipient".to_string(), "受援学校（园）名称".to_string()),
                ("supporter".to_string(), "帮扶院校".to_string()),
            ]),
            ..TableSpec::default()
        };
        let r = interpret(&t, &spec, None);
        assert_eq!(r.rows.len(), 1, "the suggested mapping reads it");
        assert_eq!(r.rows[0].province.as_deref(), Some("四川"), "and its 省份 column");
    }

    #[test]
    fn a_heading_that_names_a_place_is_the_area_of_its_rows() {
        let t = table(&[
            &["编号", "受援学校", "支援学校"],
            &["一、岷县"],
            &["1", "第一中学", "兰州市第一中学"],
            &["2", "梅川中学", "兰州市第二中学"],
            &["二、渭源县"],
            &["3", "第一中学", "兰州市第三中学"],
            &["第三批"],
            &["4", "第二中学", "兰州市第四中学"],
        ]);
        let r = interpret(&t, &TableSpec::default(), Some(62));
        let areas: Vec<Option<&str>> = r.rows.iter().map(|row| row.area.as_deref()).collect();
        assert_eq!(areas, vec![Some("岷县"), Some("岷县"), Some("渭源县"), None]);
        assert!(
            r.diagnostics
                .iter()
                .any(|d| d.message.contains("分组标题“一、岷县”下的各行按“岷县”定位"))
        );
    }
}

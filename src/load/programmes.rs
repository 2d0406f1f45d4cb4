//! Programmes (`content/programmes/<slug>.toml` or `.md`): title, period, province, leads, source
//! notice and the pairing tables they list.

use crate::diagnostics::Diagnostic;
use crate::load::Fields;
use crate::load::content::{CONTENT_DIR, content_path, relative};
use crate::load::front_matter::{FrontMatter, split_and_parse};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// How a programme names one of its tables.
#[derive(Debug, Clone, Default)]
pub struct TableSpec {
    /// Path relative to the site root.
    pub file: String,
    pub sheet: Option<String>,
    /// 学段 for every row when the table has no such column (e.g. 学前教育).
    pub stage: Option<String>,
    pub encoding: Option<String>,
    /// Role key (`recipient`, `supporter`, …) → header text, for tables with other headers.
    pub columns: BTreeMap<String, String>,
    /// The largest file read (site.toml's `max_input_mb`); 0: no limit.
    pub max_bytes: u64,
    /// Columns (by header) that hold personal data, and what to do with them.
    pub personal: BTreeMap<String, Treatment>,
    /// Read a workbook's hidden (and filtered-out) rows too (`read_hidden = true`).
    pub read_hidden: bool,
}

/// What a programme says to do with a table column that holds personal data (phone numbers,
/// ID numbers, e-mail addresses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Treatment {
    /// `omit` / `不公开`: left out of every page and the open data.
    Omit,
    /// `publish` / `公开`: published as it is, deliberately (an office's public telephone).
    Publish,
}

pub use crate::load::content::PROGRAMMES_DIR;

/// A programme as written by the editor, before its tables are read.
#[derive(Debug, Clone)]
pub struct ProgrammeSpec {
    pub source: String,
    pub slug: String,
    pub title: String,
    pub period: Option<String>,
    /// The province or provinces of the programme (none for one that spans the country).
    pub provinces: Vec<String>,
    pub leads: Vec<String>,
    /// Source path of the notice that published it (`content/notices/…md`).
    pub notice: Option<String>,
    pub description: Option<String>,
    pub tables: Vec<(TableSpec, Option<usize>)>,
    pub body: String,
    pub body_line: usize,
    pub weight: i64,
    /// Lines of the `province` and `notice` fields, for diagnostics found later.
    pub province_line: Option<usize>,
    pub notice_line: Option<usize>,
    /// Later versions of the list (调整名单, 新一期名单), in the order written.
    pub versions: Vec<VersionSpec>,
    /// Schools renamed (old name → new name), declared by the department.
    pub renames: Vec<RenameSpec>,
}

impl ProgrammeSpec {
    /// Every table it names: its first list's and every later version's.
    pub fn all_tables(&self) -> impl Iterator<Item = &TableSpec> {
        self.tables
            .iter()
            .chain(self.versions.iter().flat_map(|v| &v.tables))
            .map(|(t, _)| t)
    }
}

/// A later version of a programme's list, published by a notice.
#[derive(Debug, Clone)]
pub struct VersionSpec {
    /// Source path of the notice that published it.
    pub notice: Option<String>,
    /// The date it took effect (`2023-05-10`); the notice's date when not written.
    pub date: Option<String>,
    /// What the department calls it (第一次调整, 2024—2026 年名单); made from its kind otherwise.
    pub label: Option<String>,
    pub kind: VersionKind,
    pub tables: Vec<(TableSpec, Option<usize>)>,
    /// The line of its `[[versions]]` heading.
    pub line: Option<usize>,
}

/// Whether a version is the whole list again or only its changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionKind {
    /// `list` / `名单`: the whole list; pairs not in it have ended.
    List,
    /// `changes` / `变更`: only the rows that change (增补, 调整, 退出); the rest holds.
    Changes,
}

/// A school's new name, declared in the programme file (`[[renames]]`).
#[derive(Debug, Clone)]
pub struct RenameSpec {
    pub from: String,
    pub to: String,
    pub date: Option<String>,
    pub notice: Option<String>,
    pub line: Option<usize>,
}

const KNOWN: &str = "title/标题, period/期限, province/省份（一个或多个）, leads/牵头单位, notice/来源文件, description/摘要, tables/结对表, versions/版本, renames/更名, slug, weight/排序";

/// Reads every programme file; problems become diagnostics.
pub fn load_programmes(root: &Path, max_bytes: u64, diagnostics: &mut Vec<Diagnostic>) -> Vec<ProgrammeSpec> {
    let dir = root.join(CONTENT_DIR).join(PROGRAMMES_DIR);
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).max_depth(1).sort_by_file_name() {
        match entry {
            Ok(e) if e.path().extension().is_some_and(|x| x == "toml" || x == "md") => files.push(e.into_path()),
            Ok(_) => {}
            Err(e) => diagnostics.push(
                Diagnostic::error(relative(root, &dir), None, format!("无法读取文件夹: {e}"))
                    .with_hint("检查文件夹的读取权限"),
            ),
        }
    }
    files.sort();
    files
        .iter()
        .filter_map(|p| load_one(root, p, max_bytes, diagnostics))
        .collect()
}

fn load_one(root: &Path, path: &Path, max_bytes: u64, diagnostics: &mut Vec<Diagnostic>) -> Option<ProgrammeSpec> {
    let rel = relative(root, path);
    if let Err(d) = crate::load::check_input(path, &rel, max_bytes) {
        diagnostics.push(d);
        return None;
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diagnostics.push(Diagnostic::error(&rel, None, format!("无法读取: {e}")).with_hint("检查文件的读取权限"));
            return None;
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let lossy = String::from_utf8_lossy(e.as_bytes());
            let line = crate::text_position::line_of_offset(&lossy, e.utf8_error().valid_up_to());
            diagnostics.push(
                Diagnostic::error(&rel, Some(line), "文件不是 UTF-8 编码")
                    .with_hint("用记事本或 WPS 另存为“UTF-8”编码后再构建"),
            );
            return None;
        }
    };
    let (front, body, body_line) = if path.extension().is_some_and(|x| x == "toml") {
        match text.parse::<toml::Table>() {
            Ok(table) => (
                crate::load::front_matter::whole_file_toml(&text, table),
                String::new(),
                1,
            ),
            Err(e) => {
                let line = e.span().map(|s| crate::text_position::line_of_offset(&text, s.start));
                diagnostics.push(
                    Diagnostic::error(&rel, line, format!("项目文件格式错误: {}", e.message().trim()))
                        .with_hint("项目文件使用 TOML 格式：title = \"…\"，[[tables]] 下写 file = \"…\""),
                );
                return None;
            }
        }
    } else {
        match split_and_parse(&rel, &text) {
            Ok(s) => (s.front_matter, s.body, s.body_line),
            Err(d) => {
                diagnostics.push(d);
                return None;
            }
        }
    };
    let mut spec = read_spec(root, path, &rel, &front, body, body_line, diagnostics)?;
    let versions = spec.versions.iter_mut().flat_map(|v| &mut v.tables);
    for (table, _) in spec.tables.iter_mut().chain(versions) {
        table.max_bytes = max_bytes;
    }
    Some(spec)
}

fn read_spec(
    root: &Path,
    path: &Path,
    rel: &str,
    front: &FrontMatter,
    body: String,
    body_line: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<ProgrammeSpec> {
    let mut f = Fields::new(rel, front);
    let title = f.required_string(&["title", "标题"]);
    let period = f.string(&["period", "期限"]);
    let provinces = f.strings(&["province", "省份", "provinces"]);
    let leads = f.strings(&["leads", "牵头单位"]);
    let notice = f.string(&["notice", "来源文件"]).map(|n| content_path(&n));
    let description = f.string(&["description", "摘要"]);
    let slug = f.string(&["slug"]).unwrap_or_else(|| {
        path.file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default()
    });
    if let Some(d) = crate::slug::slug_problem(rel, f.line("slug").or(Some(1)), &slug) {
        f.diagnostics.push(d);
    }
    let weight = f.integer(&["weight", "排序"]).unwrap_or(0);
    let province_line = f.line("province").or(f.line("省份"));
    let notice_line = f.line("notice").or(f.line("来源文件"));
    let tables_line = f.line("tables").or(f.line("结对表"));
    let raw_tables = f.raw(&["tables", "结对表"]);
    let base_dir = path.parent().unwrap_or(root);
    let place = TablePlace {
        root,
        base_dir,
        rel,
        front,
    };
    let tables = place.tables(raw_tables, tables_line, diagnostics);
    let versions = read_versions(&place, f.raw(&["versions", "版本"]), diagnostics);
    let renames = read_renames(&place, f.raw(&["renames", "更名"]), diagnostics);
    let field_diagnostics = f.finish(KNOWN);
    let failed = field_diagnostics.iter().any(Diagnostic::is_error);
    diagnostics.extend(field_diagnostics);
    if failed {
        return None;
    }
    Some(ProgrammeSpec {
        source: rel.to_string(),
        slug,
        title: title?,
        period,
        provinces,
        leads,
        notice,
        description,
        tables,
        body,
        body_line,
        weight,
        province_line,
        notice_line,
        versions,
        renames,
    })
}

/// Where a programme file's tables are found, and the file for diagnostics.
struct TablePlace<'a> {
    root: &'a Path,
    base_dir: &'a Path,
    rel: &'a str,
    front: &'a FrontMatter,
}

impl TablePlace<'_> {
    /// The tables of a `tables` value (one file, or a list of files or `{ file = … }` tables).
    fn tables(
        &self,
        raw: Option<Value>,
        tables_line: Option<usize>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<(TableSpec, Option<usize>)> {
        let mut tables = Vec::new();
        for item in raw.iter().flat_map(|v| match v {
            Value::Array(a) => a.clone(),
            other => vec![other.clone()],
        }) {
            let entry = match item {
                Value::String(s) => TableEntry {
                    file: s,
                    ..TableEntry::default()
                },
                Value::Object(map) => match serde_json::from_value::<TableEntry>(Value::Object(map)) {
                    Ok(entry) => entry,
                    Err(_) => {
                        diagnostics.push(
                            Diagnostic::error(self.rel, tables_line, "结对表的设置有误：file、sheet、stage、encoding 应是文字，columns 的每一项应是表头文字")
                                .with_hint("例如 [[tables]] 下写 file = \"附件1.xlsx\"、sheet = \"附件1\"、columns = { recipient = \"学校名称\" }"),
                        );
                        continue;
                    }
                },
                _ => TableEntry::default(),
            };
            // Every key is taken apart here, so none can be dropped unnoticed.
            let TableEntry {
                file,
                sheet,
                stage,
                encoding,
                columns,
                personal_data,
                read_hidden,
                unknown,
            } = entry;
            let mut personal = BTreeMap::new();
            for (header, treatment) in personal_data {
                match treatment.trim() {
                    "omit" | "不公开" => {
                        personal.insert(header, Treatment::Omit);
                    }
                    "publish" | "公开" => {
                        personal.insert(header, Treatment::Publish);
                    }
                    other => diagnostics.push(
                        Diagnostic::error(
                            self.rel,
                            line_after(self.front, &header, tables_line),
                            format!("personal_data 中“{header}”的处理方式 `{other}` 不认识"),
                        )
                        .with_hint(format!(
                            "写 \"{header}\" = \"omit\"（不公开，页面和公开数据中都不出现）或 \"publish\"（公开）"
                        )),
                    ),
                }
            }
            unknown_keys(self, &unknown, tables_line, "结对表", TABLE_KEYS, diagnostics);
            for key in columns.keys() {
                if !crate::load::column_roles::Role::ALL.iter().any(|r| r.key() == key) {
                    diagnostics.push(
                        Diagnostic::warning(
                            self.rel,
                            line_after(self.front, key, tables_line),
                            format!("columns 中不认识的列 `{key}`，已忽略"),
                        )
                        .with_hint(format!("可用的列: {}", column_keys())),
                    );
                }
            }
            if file.is_empty() {
                diagnostics.push(
                    Diagnostic::error(self.rel, tables_line, "tables 中有一项没有 file")
                        .with_hint("写成 [[tables]] file = \"附件1.xlsx\"，或 tables = [\"@/notices/…/附件1.csv\"]"),
                );
                continue;
            }
            let full = match file.strip_prefix("@/") {
                Some(inside) => self.root.join(CONTENT_DIR).join(inside),
                None => self.base_dir.join(&file),
            };
            let spec = TableSpec {
                file: relative(self.root, &full),
                sheet,
                stage,
                encoding,
                columns,
                max_bytes: 0,
                personal,
                read_hidden,
            };
            if let Some(problem) = crate::load::outside_site(self.root, &file, &full) {
                diagnostics.push(
                    Diagnostic::error(self.rel, tables_line, format!("结对表 {file} {problem}，不会读取")).with_hint(
                        "把结对表放进站点的 content/ 文件夹，路径写成相对路径或 \"@/notices/通知文件夹/附件1.xlsx\"",
                    ),
                );
                continue;
            }
            if !full.is_file() {
                diagnostics.push(
                    Diagnostic::error(self.rel, tables_line, format!("找不到结对表 {}", spec.file))
                        .with_hint("路径相对于项目文件所在文件夹；通知的附件写成 \"@/notices/通知文件夹/附件1.xlsx\""),
                );
                continue;
            }
            tables.push((spec, tables_line));
        }
        tables
    }
}

/// One entry of a programme's `tables`, as written.
#[derive(Debug, Default, serde::Deserialize)]
struct TableEntry {
    #[serde(default, alias = "文件")]
    file: String,
    #[serde(default, alias = "工作表")]
    sheet: Option<String>,
    #[serde(default, alias = "学段")]
    stage: Option<String>,
    #[serde(default, alias = "编码")]
    encoding: Option<String>,
    /// Role key (`recipient`, `supporter`, …) → the table's header for it.
    #[serde(default, alias = "列")]
    columns: BTreeMap<String, String>,
    /// Header → `omit`/`publish` for columns holding personal data.
    #[serde(default, alias = "个人信息")]
    personal_data: BTreeMap<String, String>,
    /// Read the rows a workbook hides or filters out.
    #[serde(default, alias = "读取隐藏行")]
    read_hidden: bool,
    #[serde(flatten)]
    unknown: BTreeMap<String, Value>,
}

/// One `[[versions]]` entry, as written.
#[derive(Debug, Default, serde::Deserialize)]
struct VersionEntry {
    #[serde(default, alias = "来源文件")]
    notice: Option<String>,
    #[serde(default, alias = "日期")]
    date: Option<String>,
    #[serde(default, alias = "名称")]
    label: Option<String>,
    #[serde(default, alias = "方式")]
    kind: Option<String>,
    #[serde(default, alias = "结对表")]
    tables: Option<Value>,
    #[serde(flatten)]
    unknown: BTreeMap<String, Value>,
}

/// One `[[renames]]` entry, as written.
#[derive(Debug, Default, serde::Deserialize)]
struct RenameEntry {
    #[serde(default, alias = "原名")]
    from: String,
    #[serde(default, alias = "现名")]
    to: String,
    #[serde(default, alias = "日期")]
    date: Option<String>,
    #[serde(default, alias = "来源文件")]
    notice: Option<String>,
    #[serde(flatten)]
    unknown: BTreeMap<String, Value>,
}

const VERSION_KEYS: &str =
    "notice/来源文件, date/日期, label/名称, kind/方式（list/名单 或 changes/变更）, tables/结对表";
const RENAME_KEYS: &str = "from/原名, to/现名, date/日期, notice/来源文件";

/// The entries of an array-of-tables field (`[[versions]]`), each with the line of its heading
/// (the field's own line in YAML front matter).
fn entries(place: &TablePlace, raw: Option<Value>, names: [&str; 2]) -> Vec<(Value, Option<usize>)> {
    let items: Vec<Value> = match raw {
        Some(Value::Array(a)) => a,
        Some(other) => vec![other],
        None => return Vec::new(),
    };
    let offset = place.front.first_line.saturating_sub(1);
    let headings: Vec<usize> = place
        .front
        .text
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            let l = l.trim();
            names.iter().any(|n| l == format!("[[{n}]]"))
        })
        .map(|(i, _)| i + 1 + offset)
        .collect();
    let field_line = place
        .front
        .text
        .lines()
        .position(|l| {
            names
                .iter()
                .any(|n| l.starts_with(&format!("{n}:")) || l.starts_with(&format!("{n} =")))
        })
        .map(|i| i + 1 + offset);
    items
        .into_iter()
        .enumerate()
        .map(|(n, v)| (v, headings.get(n).copied().or(field_line)))
        .collect()
}

/// A date written as text or as a TOML date, or a located error.
fn date_field(
    place: &TablePlace,
    date: Option<String>,
    line: Option<usize>,
    what: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    let date = date?.trim().to_string();
    if crate::date::PartialDate::parse(&date).is_none() {
        diagnostics.push(
            Diagnostic::error(place.rel, line, format!("{what}的日期“{date}”不是日期"))
                .with_hint("写成 2023-05-10 或 2023年5月10日"),
        );
        return None;
    }
    Some(date)
}

fn unknown_keys(
    place: &TablePlace,
    unknown: &BTreeMap<String, Value>,
    line: Option<usize>,
    what: &str,
    keys: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for key in unknown.keys() {
        diagnostics.push(
            Diagnostic::warning(
                place.rel,
                line_after(place.front, key, line),
                format!("{what}中不认识的设置 `{key}`，已忽略"),
            )
            .with_hint(format!("可用的设置: {keys}")),
        );
    }
}

/// The later versions of a programme's list (`[[versions]]`).
fn read_versions(place: &TablePlace, raw: Option<Value>, diagnostics: &mut Vec<Diagnostic>) -> Vec<VersionSpec> {
    let mut versions = Vec::new();
    for (n, (value, line)) in entries(place, raw, ["versions", "版本"]).into_iter().enumerate() {
        let what = format!("第 {} 个版本（[[versions]]）", n + 2);
        let entry = match serde_json::from_value::<VersionEntry>(value) {
            Ok(e) => e,
            Err(_) => {
                diagnostics.push(
                    Diagnostic::error(place.rel, line, format!("{what}的设置有误：notice、date、label、kind 应是文字"))
                        .with_hint("例如 [[versions]] 下写 notice = \"@/notices/2023-调整通知/index.md\"、kind = \"changes\"，再用 [[versions.tables]] 写它的结对表"),
                );
                continue;
            }
        };
        unknown_keys(place, &entry.unknown, line, &what, VERSION_KEYS, diagnostics);
        let kind = match entry.kind.as_deref().map(str::trim) {
            None | Some("list" | "名单" | "完整名单" | "全部名单") => VersionKind::List,
            Some("changes" | "变更" | "调整" | "变更名单" | "调整名单") => VersionKind::Changes,
            Some(other) => {
                diagnostics.push(
                    Diagnostic::error(place.rel, line_after(place.front, "kind", line), format!("{what}的方式 `{other}` 不认识"))
                        .with_hint("写 kind = \"list\"（名单：新的完整名单，不在其中的结对即结束）或 kind = \"changes\"（变更：只列增补、调整、退出的行）"),
                );
                continue;
            }
        };
        let tables_line = line_after(place.front, "tables", line).or(line);
        let tables = place.tables(entry.tables, tables_line, diagnostics);
        if tables.is_empty() && kind == VersionKind::List {
            diagnostics.push(
                Diagnostic::error(place.rel, line, format!("{what}没有结对表"))
                    .with_hint("在 [[versions]] 下用 [[versions.tables]] 写 file = \"@/notices/…/附件1.xlsx\""),
            );
            continue;
        }
        let date = date_field(place, entry.date, line, &what, diagnostics);
        if entry.notice.is_none() && date.is_none() {
            diagnostics.push(
                Diagnostic::error(place.rel, line, format!("{what}既没有来源文件，也没有日期"))
                    .with_hint("写 notice = \"@/notices/调整通知/index.md\"（公布这一版名单的通知），或至少写 date = \"2023-05-10\""),
            );
            continue;
        }
        versions.push(VersionSpec {
            notice: entry.notice.map(|n| content_path(&n)),
            date,
            label: entry.label.filter(|l| !l.trim().is_empty()),
            kind,
            tables,
            line,
        });
    }
    versions
}

/// The renames a programme declares (`[[renames]]`).
fn read_renames(place: &TablePlace, raw: Option<Value>, diagnostics: &mut Vec<Diagnostic>) -> Vec<RenameSpec> {
    let mut renames = Vec::new();
    for (value, line) in entries(place, raw, ["renames", "更名"]) {
        let entry = match serde_json::from_value::<RenameEntry>(value) {
            Ok(e) => e,
            Err(_) => {
                diagnostics.push(
                    Diagnostic::error(place.rel, line, "更名（[[renames]]）的设置有误：from、to、date、notice 应是文字")
                        .with_hint("例如 [[renames]] 下写 from = \"原校名\"、to = \"新校名\"、notice = \"@/notices/调整通知/index.md\""),
                );
                continue;
            }
        };
        unknown_keys(
            place,
            &entry.unknown,
            line,
            "更名（[[renames]]）",
            RENAME_KEYS,
            diagnostics,
        );
        let (from, to) = (entry.from.trim().to_string(), entry.to.trim().to_string());
        if from.is_empty() || to.is_empty() || from == to {
            diagnostics.push(
                Diagnostic::error(place.rel, line, "更名（[[renames]]）要写原名 from 和现名 to，两者不同")
                    .with_hint("例如 from = \"某县第二中学\"、to = \"某县实验中学\""),
            );
            continue;
        }
        let date = date_field(place, entry.date, line, "更名", diagnostics);
        renames.push(RenameSpec {
            from,
            to,
            date,
            notice: entry.notice.map(|n| content_path(&n)),
            line,
        });
    }
    renames
}

const TABLE_KEYS: &str =
    "file/文件, sheet/工作表, stage/学段, encoding/编码, columns/列, personal_data/个人信息, read_hidden/读取隐藏行";

fn column_keys() -> String {
    crate::load::column_roles::Role::ALL
        .iter()
        .map(|r| format!("{}（{}）", r.key(), r.label()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The line of the first `key = …` at or after line `from` (the tables' line), counted in the
/// file; `from` itself when the key is not found.
fn line_after(front: &FrontMatter, key: &str, from: Option<usize>) -> Option<usize> {
    let offset = front.first_line.saturating_sub(1);
    let start = from.unwrap_or(1).saturating_sub(offset);
    front
        .text
        .lines()
        .enumerate()
        .skip(start.saturating_sub(1))
        .find(|(_, l)| {
            let l = l.trim_start().trim_start_matches(['{', ',', ' ']);
            l.starts_with(&format!("{key} "))
                || l.starts_with(&format!("{key}="))
                || l.starts_with(&format!("\"{key}\""))
                || l.contains(&format!(" {key} ="))
                || l.contains(&format!("{{ {key} ="))
        })
        .map(|(i, _)| i + 1 + offset)
        .or(from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_toml_programme_may_hold_any_text() {
        let dir = tempfile::tempdir().unwrap();
        let programmes = dir.path().join("content/programmes");
        std::fs::create_dir_all(&programmes).unwrap();
        std::fs::write(programmes.join("t.csv"), "受援学校,支援学校\n甲小学,乙中学\n").unwrap();
        std::fs::write(
            programmes.join("p.toml"),
            "title = \"项目\"\ndescription = \"\"\"\n+++\n---\n\"\"\"\nprovince = \"广西\"\n[[tables]]\nfile = \"t.csv\"\n",
        )
        .unwrap();
        let mut diagnostics = Vec::new();
        let specs = load_programmes(dir.path(), 1 << 20, &mut diagnostics);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(specs[0].description.as_deref(), Some("+++\n---"));
        assert_eq!(
            specs[0].province_line,
            Some(6),
            "lines count from the file's first line"
        );
        assert_eq!(specs[0].tables[0].0.max_bytes, 1 << 20);
    }
}

//! Pairings: programmes, their pairings (with provenance) and the parties — schools, institutions,
//! regions — placed in the division tree.

pub mod columns;
pub mod interpret;
pub mod names;
pub mod short_forms;

use crate::diagnostics::Diagnostic;
use crate::divisions::place::{Basis, place};
use crate::divisions::{Level, divisions};
use crate::load::programmes::ProgrammeSpec;
use crate::load::tables::read_table;
use interpret::{ReadRow, interpret, location};
use names::{PartyKind, classify, normalise};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// One table of a programme and how much was read from it.
#[derive(Debug, Clone)]
pub struct TableReport {
    pub file: String,
    pub sheet: Option<String>,
    pub encoding: Option<&'static str>,
    pub rows_read: usize,
    pub pairings: usize,
    /// The column of the lead (牵头单位), counted from 0, when the table has one.
    pub lead_column: Option<usize>,
}

/// A pairing programme (结对帮扶项目).
#[derive(Debug, Clone)]
pub struct Programme {
    pub slug: String,
    pub title: String,
    pub period: Option<String>,
    pub province: Option<u32>,
    pub leads: Vec<String>,
    pub notice: Option<String>,
    /// The line of the programme file that names the notice.
    pub notice_line: Option<usize>,
    pub description: Option<String>,
    pub body: String,
    pub body_line: usize,
    pub source: String,
    pub weight: i64,
    pub tables: Vec<TableReport>,
    pub pairings: Vec<usize>,
}

/// One recipient with its supporters, from one row (or rows) of a table.
#[derive(Debug, Clone)]
pub struct Pairing {
    pub programme: usize,
    pub number: String,
    pub recipient: usize,
    pub supporters: Vec<usize>,
    pub lead: Option<usize>,
    /// The source row the lead was carried down from (merged cell or blank under a filled one).
    pub lead_from: Option<usize>,
    pub stage: Option<String>,
    pub note: Option<String>,
    pub file: String,
    pub sheet: Option<String>,
    pub row: usize,
    pub extra_rows: Vec<usize>,
}

impl Pairing {
    /// The table's file and sheet, as diagnostics name it.
    pub fn location(&self) -> String {
        interpret::table_location(&self.file, self.sheet.as_deref())
    }

    /// `附件1.csv 第 34 行` — where the pairing stands in its source.
    pub fn provenance(&self) -> String {
        let file = self.file.rsplit('/').next().unwrap_or(&self.file);
        let sheet = self.sheet.as_ref().map(|s| format!("（{s}）")).unwrap_or_default();
        let mut rows = vec![self.row];
        rows.extend(&self.extra_rows);
        format!("{file}{sheet} 第 {} 行", interpret::ranges(&rows))
    }
}

/// A school, institution or region that takes part in pairings.
#[derive(Debug, Clone)]
pub struct Party {
    pub name: String,
    /// Spellings found in the sources that differ from `name` (half-width brackets, spaces).
    pub spellings: Vec<String>,
    pub kind: PartyKind,
    pub code: Option<u32>,
    pub basis: Basis,
    pub ambiguous: Vec<u32>,
    pub slug: String,
    pub pairings: Vec<usize>,
}

/// Everything about pairings, built once per build.
#[derive(Debug, Clone, Default)]
pub struct PairingGraph {
    pub programmes: Vec<Programme>,
    pub pairings: Vec<Pairing>,
    pub parties: Vec<Party>,
}

impl PairingGraph {
    /// Reads every programme's tables and resolves every party.
    pub fn build(root: &Path, specs: Vec<ProgrammeSpec>, diagnostics: &mut Vec<Diagnostic>) -> PairingGraph {
        let mut graph = PairingGraph::default();
        let mut keys: HashMap<(String, Option<u32>), usize> = HashMap::new();
        for spec in specs {
            let province = spec.province.as_deref().and_then(|p| divisions().province_named(p));
            if let (Some(name), None) = (&spec.province, province) {
                diagnostics.push(
                    Diagnostic::error(
                        &spec.source,
                        spec.province_line,
                        format!("省份“{name}”不是省级行政区名称"),
                    )
                    .with_hint("写全称或简称，例如 province = \"广西壮族自治区\" 或 \"广西\""),
                );
            }
            let index = graph.programmes.len();
            let mut programme = Programme {
                slug: spec.slug.clone(),
                title: spec.title.clone(),
                period: spec.period.clone(),
                province,
                leads: spec.leads.clone(),
                notice: spec.notice.clone(),
                notice_line: spec.notice_line,
                description: spec.description.clone(),
                body: spec.body.clone(),
                body_line: spec.body_line,
                source: spec.source.clone(),
                weight: spec.weight,
                tables: Vec::new(),
                pairings: Vec::new(),
            };
            for (table_spec, line) in &spec.tables {
                let path = root.join(&table_spec.file);
                // A table that cannot be read is reported where the programme names it.
                let unreadable = |message: String, hint: Option<String>| {
                    let hint = hint.unwrap_or_else(|| {
                        if message.contains("工作表") {
                            "sheet 写工作簿中已有的工作表名称，或删去 sheet 读第一张工作表".into()
                        } else if message.contains("编码名称") {
                            "encoding 写 UTF-8、GBK 或 GB18030，或删去它让程序自动识别".into()
                        } else if message.contains("上限") || message.contains("单元格") {
                            "删去表格范围外多余的单元格（或把名单复制到新工作表）后再保存".into()
                        } else {
                            "用 Excel 或 WPS 打开并另存为 .xlsx 或 UTF-8 编码的 .csv 后再构建".into()
                        }
                    });
                    Diagnostic::error(&spec.source, *line, format!("结对表 {}：{message}", table_spec.file))
                        .with_hint(hint)
                };
                if let Err(d) = crate::load::check_input(&path, &table_spec.file, table_spec.max_bytes) {
                    diagnostics.push(unreadable(d.message, d.hint));
                    continue;
                }
                let table = match read_table(
                    &path,
                    &table_spec.file,
                    table_spec.sheet.as_deref(),
                    table_spec.encoding.as_deref(),
                ) {
                    Ok(t) => t,
                    Err(message) => {
                        diagnostics.push(unreadable(message, None));
                        continue;
                    }
                };
                let read = interpret(&table, table_spec, province);
                diagnostics.extend(read.diagnostics);
                programme.tables.push(TableReport {
                    file: table.file.clone(),
                    sheet: table.sheet.clone(),
                    encoding: table.encoding,
                    rows_read: read.rows_read,
                    pairings: read.rows.len(),
                    lead_column: read.lead_column,
                });
                for row in read.rows {
                    let p = graph.add_pairing(
                        index,
                        &table.file,
                        table.sheet.clone(),
                        row,
                        province,
                        &mut keys,
                        diagnostics,
                        &location(&table),
                    );
                    programme.pairings.push(p);
                }
            }
            graph.programmes.push(programme);
        }
        graph.assign_slugs();
        graph
    }

    #[allow(clippy::too_many_arguments)]
    fn add_pairing(
        &mut self,
        programme: usize,
        file: &str,
        sheet: Option<String>,
        row: ReadRow,
        hint: Option<u32>,
        keys: &mut HashMap<(String, Option<u32>), usize>,
        diagnostics: &mut Vec<Diagnostic>,
        at: &str,
    ) -> usize {
        let index = self.pairings.len();
        let recipient = self.party(
            &row.recipient,
            hint,
            row.county.as_deref(),
            keys,
            diagnostics,
            at,
            row.row,
        );
        let supporters: Vec<usize> = row
            .supporters
            .iter()
            .map(|s| self.party(s, hint, None, keys, diagnostics, at, row.row))
            .collect();
        let lead = row
            .lead
            .as_ref()
            .map(|l| self.party(l, hint, None, keys, diagnostics, at, row.row));
        for p in std::iter::once(recipient).chain(supporters.iter().copied()).chain(lead) {
            if !self.parties[p].pairings.contains(&index) {
                self.parties[p].pairings.push(index);
            }
        }
        self.pairings.push(Pairing {
            programme,
            number: row.number,
            recipient,
            supporters,
            lead,
            lead_from: row.lead_from,
            stage: row.stage,
            note: row.note,
            file: file.to_string(),
            sheet,
            row: row.row,
            extra_rows: row.extra_rows,
        });
        index
    }

    #[allow(clippy::too_many_arguments)]
    fn party(
        &mut self,
        written: &str,
        hint: Option<u32>,
        county: Option<&str>,
        keys: &mut HashMap<(String, Option<u32>), usize>,
        diagnostics: &mut Vec<Diagnostic>,
        at: &str,
        row: usize,
    ) -> usize {
        let name = normalise(written);
        let placement = place(&name, hint, county);
        if let Some(c) = county
            && placement.basis != Basis::Column
        {
            diagnostics.push(
                Diagnostic::warning(
                    at,
                    Some(row),
                    format!("县（市、区）列的“{c}”不是可识别的县级行政区，已按名称定位"),
                )
                .with_hint("写县级行政区的全称，例如 东兴市、防城区、美姑县"),
            );
        }
        let key = (name.clone(), placement.code);
        let index = *keys.entry(key).or_insert_with(|| {
            self.parties.push(Party {
                kind: classify(&name, placement.exact),
                name: name.clone(),
                spellings: Vec::new(),
                code: placement.code,
                basis: placement.basis,
                ambiguous: placement.ambiguous.clone(),
                slug: String::new(),
                pairings: Vec::new(),
            });
            self.parties.len() - 1
        });
        let trimmed = written.trim().replace('\n', "");
        if trimmed != name && !self.parties[index].spellings.contains(&trimmed) {
            self.parties[index].spellings.push(trimmed);
        }
        if written != name {
            diagnostics.push(
                Diagnostic::info(
                    at,
                    Some(row),
                    format!("名称“{}”规范为“{name}”", written.replace('\n', " / ").replace(' ', "␣")),
                )
                .with_hint("去掉多余空格与换行，括号统一为全角（）；页面上同时显示原写法"),
            );
        }
        index
    }

    /// Readable, stable URL segments: the name itself when it begins with its place, otherwise the
    /// name and its place (实验中学-乐山市); the code is added only if two parties still collide.
    fn assign_slugs(&mut self) {
        let mut order: Vec<usize> = (0..self.parties.len()).collect();
        order.sort_by(|&a, &b| {
            let (x, y) = (&self.parties[a], &self.parties[b]);
            (x.kind, &x.name, x.code).cmp(&(y.kind, &y.name, y.code))
        });
        let mut taken: BTreeMap<(PartyKind, String), usize> = BTreeMap::new();
        let mut base_slugs = Vec::new();
        for &i in &order {
            let p = &self.parties[i];
            let base = match (p.basis, p.code) {
                (Basis::Name, _) | (_, None) => p.name.clone(),
                (_, Some(code)) => {
                    let place = divisions().get(code).map(|d| d.name).unwrap_or_default();
                    format!("{}-{place}", p.name)
                }
            };
            *taken
                .entry((p.kind, crate::model::site_graph::term_slug(&base)))
                .or_default() += 1;
            base_slugs.push((i, base));
        }
        for (i, base) in base_slugs {
            let kind = self.parties[i].kind;
            let slug = crate::model::site_graph::term_slug(&base);
            self.parties[i].slug = if taken[&(kind, slug.clone())] > 1 {
                format!("{slug}-{}", self.parties[i].code.unwrap_or(0))
            } else {
                slug
            };
        }
    }

    /// Parties whose place is uncertain: not placed at county level or below, or ambiguous.
    pub fn placement_notes(&self) -> Vec<(usize, PlacementNote)> {
        self.parties
            .iter()
            .enumerate()
            .filter_map(|(i, p)| Self::placement_status(p).map(|n| (i, n)))
            .collect()
    }

    /// Why a party's place is uncertain, as a sentence for its page.
    pub fn placement_note(p: &Party) -> Option<String> {
        Self::placement_status(p).map(|n| match n {
            PlacementNote::Partial(place) => format!("“{}”只能定位到“{place}”", p.name),
            PlacementNote::Other(message) => message,
        })
    }

    fn placement_status(p: &Party) -> Option<PlacementNote> {
        if p.kind == PartyKind::Region {
            return None;
        }
        let level = p.code.map(Level::of);
        let path = p.code.map(|c| divisions().path_text(c, " › ")).unwrap_or_default();
        if !p.ambiguous.is_empty() {
            let options: Vec<String> = p.ambiguous.iter().map(|c| divisions().path_text(*c, "")).collect();
            let placed = if path.is_empty() { "未定位".to_string() } else { path };
            Some(PlacementNote::Other(format!(
                "“{}”的地名有多种可能（{}），只定位到“{placed}”",
                p.name,
                options.join("、")
            )))
        } else if level.is_none() {
            Some(PlacementNote::Other(format!("无法确定“{}”所在地区", p.name)))
        } else if level < Some(Level::County) {
            let basis = if p.basis == Basis::Hint {
                "（仅依据项目所在省份）"
            } else {
                ""
            };
            Some(PlacementNote::Partial(format!("{path}{basis}")))
        } else {
            None
        }
    }
}

/// How a party's place is uncertain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlacementNote {
    /// Placed, but only above county level: the place it has.
    Partial(String),
    /// Ambiguous or unknown: the whole sentence.
    Other(String),
}

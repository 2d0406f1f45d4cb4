//! Pairings: programmes, their pairings (with provenance) and the parties — schools, institutions,
//! regions — placed in the division tree.

pub mod change_action;
pub mod columns;
pub mod interpret;
pub mod names;
pub mod pair;
pub mod record;
pub mod short_forms;
pub mod versions;

use crate::diagnostics::Diagnostic;
use crate::divisions::place::{Basis, place};
use crate::divisions::{Divisions, Level, divisions};
use crate::load::programmes::ProgrammeSpec;
use crate::load::programmes::VersionKind;
use crate::load::tables::read_table;
use change_action::ChangeAction;
use interpret::{ReadRow, interpret, location};
use names::{PartyKind, classify, normalise};
pub use pair::Pairing;
use rustc_hash::FxHashMap as HashMap;
use std::path::Path;
use versions::{Chain, ChangeKind, Fate, ListVersion, PairRef, Rename, VersionRow};

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
    /// Columns left out because they hold personal data.
    pub withheld: Vec<String>,
    /// The version of the list it belongs to (0: the first list).
    pub version: usize,
    /// Rows of a list of changes that end a pair (退出): not pairs themselves.
    pub ends: usize,
}

/// A pairing programme (结对帮扶项目).
#[derive(Debug, Clone)]
pub struct Programme {
    pub slug: String,
    pub title: String,
    pub period: Option<String>,
    /// The programme's one province (a hint for every name), if it names exactly one.
    pub province: Option<u32>,
    /// Every province it names (several: they decide only between candidates).
    pub provinces: Vec<u32>,
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
    /// The pairs of the newest list.
    pub pairings: Vec<usize>,
    /// The versions of its list, oldest first (one for a programme never revised).
    pub versions: Vec<versions::ListVersion>,
    /// What each later version changed, version by version.
    pub changes: Vec<versions::Change>,
    /// Pairs that have ended (indexes into `PairingGraph::history`).
    pub ended: Vec<usize>,
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
    /// Its pairings in the newest lists.
    pub pairings: Vec<usize>,
    /// Its pairings that have ended (indexes into `PairingGraph::history`).
    pub ended: Vec<usize>,
    /// Its former names (indexes into `PairingGraph::renames`).
    pub former: Vec<usize>,
}

/// Everything about pairings, built once per build.
#[derive(Debug, Clone, Default)]
pub struct PairingGraph {
    pub programmes: Vec<Programme>,
    pub pairings: Vec<Pairing>,
    pub parties: Vec<Party>,
    /// Other spellings of a school merged into an existing page.
    pub merged: usize,
    /// Every file a programme names as a table (read or not), relative to the site root.
    pub named_tables: Vec<String>,
    /// Pairs that ended when a later version of their list changed or left them out.
    pub history: Vec<Pairing>,
    /// Schools renamed, as the programmes declare them.
    pub renames: Vec<versions::Rename>,
    /// Rows that a later whole list repeats unchanged (the pair continues in the later row).
    pub repeated: Vec<Pairing>,
}

/// Whether one more character of this kind makes a name another school's (第一小学 / 第十一小学,
/// 城东小学 / 城小学, 中心小学 / 中心中学): numerals, directions and school levels.
fn tells_schools_apart(c: char) -> bool {
    c.is_ascii_alphanumeric() || "一二三四五六七八九十百零〇两东南西北中上下前后左右内外大小初高幼职新老分".contains(c)
}

impl PairingGraph {
    /// The pairing a change refers to, current, ended or repeated (after `settle`).
    pub fn pair(&self, r: PairRef) -> &Pairing {
        match r {
            PairRef::Current(i) => &self.pairings[i],
            PairRef::Ended(i) => &self.history[i],
            PairRef::Repeated(i) => &self.repeated[i],
        }
    }

    /// Reads every programme's tables and resolves every party.
    pub fn build(root: &Path, specs: Vec<ProgrammeSpec>, diagnostics: &mut Vec<Diagnostic>) -> PairingGraph {
        let mut graph = PairingGraph::default();
        let mut keys: HashMap<(String, Option<u32>), usize> = HashMap::default();
        let renames = RenameMap::new(&specs, &mut graph.renames, diagnostics);
        // What became of each pairing read (all Current unless a later version changed it).
        let mut fate: Vec<Fate> = Vec::new();
        for spec in specs {
            let mut provinces = Vec::new();
            for name in &spec.provinces {
                match divisions().province_named(name) {
                    Some(code) => provinces.push(code),
                    None => diagnostics.push(
                        Diagnostic::error(
                            &spec.source,
                            spec.province_line,
                            format!("省份“{name}”不是省级行政区名称"),
                        )
                        .with_hint("写全称或简称，例如 province = \"广西壮族自治区\" 或 \"广西\"；跨省的项目写成列表 province = [\"四川\", \"甘肃\"]，或不写"),
                    ),
                }
            }
            // One province is a hint for every name; several only decide between candidates.
            let province = match provinces.as_slice() {
                [one] => Some(*one),
                _ => None,
            };
            let index = graph.programmes.len();
            let has_later = !spec.versions.is_empty();
            let mut programme = Programme {
                slug: spec.slug.clone(),
                title: spec.title.clone(),
                period: spec.period.clone(),
                province,
                provinces: provinces.clone(),
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
                versions: Vec::new(),
                changes: Vec::new(),
                ended: Vec::new(),
            };
            let first = (None, spec.notice.clone(), None, None, &spec.tables, spec.notice_line);
            let later = spec.versions.iter().map(|v| {
                (
                    Some(v.kind),
                    v.notice.clone(),
                    v.date.clone(),
                    v.label.clone(),
                    &v.tables,
                    v.line,
                )
            });
            let mut state: Vec<usize> = Vec::new();
            for (version, (kind, notice, date, label, tables, line)) in std::iter::once(first).chain(later).enumerate()
            {
                let mut whole: Vec<usize> = Vec::new();
                let changes_before = programme.changes.len();
                for (table_spec, line) in tables {
                    graph.named_tables.push(table_spec.file.clone());
                    let Some((table, read)) =
                        read_one_table(root, &spec.source, table_spec, *line, province, diagnostics)
                    else {
                        continue;
                    };
                    programme.tables.push(TableReport {
                        file: table.file.clone(),
                        sheet: table.sheet.clone(),
                        encoding: table.encoding,
                        rows_read: read.rows_read,
                        pairings: read.rows.len(),
                        lead_column: read.lead_column,
                        withheld: read.withheld.clone(),
                        version,
                        ends: 0,
                    });
                    // Placing names is most of the work and depends on nothing but the row: done in
                    // parallel first, the parties then merged in row order.
                    let at = location(&table);
                    let placed: Vec<RowPlacements> = {
                        use rayon::prelude::*;
                        read.rows
                            .par_iter()
                            .map(|row| place_row(row, &provinces, &at, &renames))
                            .collect()
                    };
                    report_far_from_the_table(&read.rows, &placed, &at, diagnostics);
                    let changes_only = kind == Some(VersionKind::Changes);
                    let mut rows: Vec<VersionRow> = Vec::new();
                    for (row, placed) in read.rows.into_iter().zip(placed) {
                        let action = match (&row.change, changes_only) {
                            (Some(cell), true) => match ChangeAction::read(cell) {
                                Some(action) => Some(action),
                                None => {
                                    diagnostics.push(
                                        Diagnostic::error(
                                            &at,
                                            Some(row.row),
                                            format!("变更类型“{cell}”不认识；本行未读入"),
                                        )
                                        .with_hint(format!("写 {}", change_action::known_words())),
                                    );
                                    continue;
                                }
                            },
                            _ => None,
                        };
                        if action == Some(ChangeAction::End) {
                            diagnostics.extend(placed.reported);
                            let find = |p: &Placed| keys.get(&p.key).copied();
                            rows.push(VersionRow::End {
                                recipient: find(&placed.recipient),
                                supporters: placed.supporters.iter().filter_map(find).collect(),
                                row: row.row,
                                name: placed.recipient.name.clone(),
                            });
                            continue;
                        }
                        let number = row.row;
                        let p = graph.add_pairing(
                            (index, version),
                            &table.file,
                            table.sheet.clone(),
                            (row, placed),
                            &mut keys,
                            diagnostics,
                            &at,
                        );
                        fate.push(Fate::Current);
                        programme.pairings.push(p);
                        rows.push(VersionRow::Pairing(p, action, number));
                    }
                    let ends = rows.iter().filter(|r| matches!(r, VersionRow::End { .. })).count();
                    if let Some(report) = programme.tables.last_mut() {
                        // Rows that end a pair, or whose 变更类型 is not understood, are no pairs.
                        report.pairings = rows.len() - ends;
                        report.ends = ends;
                    }
                    if changes_only {
                        let mut chain = Chain {
                            state: std::mem::take(&mut state),
                            pairings: &mut graph.pairings,
                            fate: &mut fate,
                            changes: Vec::new(),
                        };
                        chain.changes_list(version, rows, &at, diagnostics);
                        state = chain.state;
                        programme.changes.extend(chain.changes);
                    } else {
                        whole.extend(rows.iter().filter_map(|r| match r {
                            VersionRow::Pairing(p, _, _) => Some(*p),
                            VersionRow::End { .. } => None,
                        }));
                    }
                }
                if kind != Some(VersionKind::Changes) {
                    let mut chain = Chain {
                        state: std::mem::take(&mut state),
                        pairings: &mut graph.pairings,
                        fate: &mut fate,
                        changes: Vec::new(),
                    };
                    if version == 0 {
                        chain.first(whole);
                    } else {
                        chain.whole_list(version, whole);
                    }
                    state = chain.state;
                    programme.changes.extend(chain.changes);
                }
                let made = &programme.changes[changes_before..];
                let count = |k: ChangeKind| made.iter().filter(|c| c.kind == k).count();
                programme.versions.push(ListVersion {
                    notice,
                    date,
                    named: label.is_some(),
                    label: label.unwrap_or_else(|| versions::default_label(version, kind, has_later)),
                    kind,
                    line,
                    added: count(ChangeKind::Added),
                    ended: count(ChangeKind::Ended),
                    changed: count(ChangeKind::Changed),
                    pairs: state.len(),
                });
                if version > 0 {
                    graph.report_version(&programme, version, changes_before, diagnostics);
                }
            }
            graph.programmes.push(programme);
        }
        graph.settle(&fate);
        graph.leads_from_tables();
        graph.attach_renames();
        graph.report_near_duplicates(diagnostics);
        graph.assign_slugs();
        graph
    }

    #[allow(clippy::too_many_arguments)]
    fn add_pairing(
        &mut self,
        (programme, version): (usize, usize),
        file: &str,
        sheet: Option<String>,
        (row, placed): (ReadRow, RowPlacements),
        keys: &mut HashMap<(String, Option<u32>), usize>,
        diagnostics: &mut Vec<Diagnostic>,
        at: &str,
    ) -> usize {
        let index = self.pairings.len();
        diagnostics.extend(placed.reported);
        let county = placed.county.as_deref();
        let recipient = self.named(
            &row.recipient,
            placed.recipient,
            county,
            keys,
            diagnostics,
            (at, row.row),
        );
        let supporters: Vec<usize> = row
            .supporters
            .iter()
            .zip(placed.supporters)
            .map(|(s, placed)| self.named(s, placed, None, keys, diagnostics, (at, row.row)))
            .collect();
        let lead = row
            .lead
            .as_ref()
            .zip(placed.lead)
            .map(|(l, placed)| self.named(l, placed, None, keys, diagnostics, (at, row.row)));
        // A party's pairings ascend and this one is the newest, so it is there only as the last
        // (a lead university lists tens of thousands: `contains` made this quadratic).
        for p in std::iter::once(recipient).chain(supporters.iter().copied()).chain(lead) {
            if self.parties[p].pairings.last() != Some(&index) {
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
            extra: row.extra,
            file: file.to_string(),
            sheet,
            row: row.row,
            extra_rows: row.extra_rows,
            version,
            since: version,
            until: None,
        });
        index
    }

    /// The party a name in a row stands for ([`Self::party`]); a school's former name, declared
    /// renamed, stands for the school under its new name, which lists the former one.
    fn named(
        &mut self,
        written: &str,
        mut placed: Placed,
        county: Option<&str>,
        keys: &mut HashMap<(String, Option<u32>), usize>,
        diagnostics: &mut Vec<Diagnostic>,
        (at, row): (&str, usize),
    ) -> usize {
        let renamed = std::mem::take(&mut placed.renamed);
        let former = placed.former.take();
        let written = if renamed.is_empty() {
            written.to_string()
        } else {
            // The former name is listed as such, not as another spelling.
            placed.trimmed = placed.name.clone();
            placed.name.clone()
        };
        let index = self.party(&written, placed, county, keys, diagnostics, at, row);
        for r in renamed {
            let rename = &mut self.renames[r];
            if rename.party.is_none() {
                rename.party = Some(index);
                rename.former_place = former;
            }
            if !self.parties[index].former.contains(&r) {
                self.parties[index].former.push(r);
            }
        }
        index
    }

    #[allow(clippy::too_many_arguments)]
    fn party(
        &mut self,
        written: &str,
        Placed {
            name,
            placement,
            kind,
            key,
            trimmed,
            ..
        }: Placed,
        county: Option<&str>,
        keys: &mut HashMap<(String, Option<u32>), usize>,
        diagnostics: &mut Vec<Diagnostic>,
        at: &str,
        row: usize,
    ) -> usize {
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
        if placement.contradiction.is_none()
            && let Some(county) = placement.code
            && let Some((written, meant)) = crate::divisions::place::township_near_miss(&name, county)
        {
            let d = divisions();
            let (named, meant) = (
                d.get(county).map_or("", |x| x.name),
                d.get(meant).map_or("", |x| x.name),
            );
            diagnostics.push(
                Diagnostic::info(
                    at,
                    Some(row),
                    format!("“{name}”中的“{written}”不是{named}的乡镇；是否为“{meant}”？"),
                )
                .with_hint(format!("若是，把名称改为“{meant}”；现只定位到{named}")),
            );
        }
        if let (Some(township), Some(county)) = (placement.contradiction, placement.code) {
            let d = divisions();
            let named = d.get(county).map_or("", |x| x.name);
            let (town, other) = (
                d.get(township).map_or("", |x| x.name),
                crate::divisions::parent_code(township)
                    .and_then(|c| d.get(c))
                    .map_or("", |x| x.name),
            );
            diagnostics.push(
                Diagnostic::warning(
                    at,
                    Some(row),
                    format!("“{name}”写在“{named}”，但“{town}”属于“{other}”，不属于“{named}”"),
                )
                .with_hint(format!(
                    "核对县名和乡镇名：学校若在{other}，把县名改为“{other}”；暂按“{named}”定位"
                )),
            );
        }
        if let Some(&existing) = keys.get(&key)
            && self.parties[existing].name != name
        {
            self.merge_spelling(existing, &name, &placement, diagnostics, at, row);
        }
        let index = *keys.entry(key).or_insert_with(|| {
            self.parties.push(Party {
                kind,
                name: name.clone(),
                spellings: Vec::new(),
                code: placement.code,
                basis: placement.basis,
                ambiguous: placement.ambiguous.clone(),
                slug: String::new(),
                pairings: Vec::new(),
                ended: Vec::new(),
                former: Vec::new(),
            });
            self.parties.len() - 1
        });
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

    /// Says what version `version` of `programme` changed (counts, and the recipients of each
    /// kind of change), and proposes renames: a pair ended and a pair added in the same version
    /// whose recipients lie in one county, have alike names and the same supporters or 编号.
    fn report_version(&self, programme: &Programme, version: usize, from: usize, diagnostics: &mut Vec<Diagnostic>) {
        let v = &programme.versions[version];
        let made = &programme.changes[from..];
        // Before `settle`, every reference is to a row as read.
        let pairing = |r: Option<PairRef>| match r {
            Some(PairRef::Current(i) | PairRef::Ended(i) | PairRef::Repeated(i)) => Some(&self.pairings[i]),
            None => None,
        };
        let name = |p: &Pairing| self.parties[p.recipient].name.clone();
        let mut parts: Vec<String> = Vec::new();
        for kind in [ChangeKind::Added, ChangeKind::Changed, ChangeKind::Ended] {
            let of_kind: Vec<&versions::Change> = made.iter().filter(|c| c.kind == kind).collect();
            if of_kind.is_empty() {
                continue;
            }
            let mut names: Vec<String> = of_kind
                .iter()
                .take(12)
                .filter_map(|c| {
                    let p = pairing(c.after.or(c.before))?;
                    let what = if c.what.is_empty() {
                        String::new()
                    } else {
                        format!("（{}）", c.what.join("、"))
                    };
                    Some(format!("{}{what}", name(p)))
                })
                .collect();
            if of_kind.len() > 12 {
                names.push(format!("等 {} 对", of_kind.len()));
            }
            parts.push(format!("{} {} 对：{}", kind.label(), of_kind.len(), names.join("、")));
        }
        let summary = if parts.is_empty() {
            "与上一版相同，没有变更".to_string()
        } else {
            parts.join("；")
        };
        diagnostics.push(
            Diagnostic::info(
                &programme.source,
                v.line,
                format!(
                    "第 {} 版名单“{}”：{summary}；此后名单共 {} 对",
                    version + 1,
                    v.label,
                    v.pairs
                ),
            )
            .with_hint("结对变更页列出每一版的新增、调整和结束；核对是否与通知一致"),
        );
        let ended: Vec<&Pairing> = made
            .iter()
            .filter(|c| c.kind == ChangeKind::Ended)
            .filter_map(|c| pairing(c.before))
            .collect();
        for added in made
            .iter()
            .filter(|c| c.kind == ChangeKind::Added)
            .filter_map(|c| pairing(c.after))
        {
            let county = self.party_county(added.recipient);
            let new = &self.parties[added.recipient].name;
            let Some(old) = ended.iter().find(|e| {
                county.is_some()
                    && self.party_county(e.recipient) == county
                    && versions::likeness(&self.parties[e.recipient].name, new) >= 0.5
                    && (versions::same_supporters(e, added) || (!e.number.is_empty() && e.number == added.number))
            }) else {
                continue;
            };
            let old = &self.parties[old.recipient].name;
            diagnostics.push(
                Diagnostic::warning(
                    added.location(),
                    Some(added.row),
                    format!("“{new}”可能是“{old}”更名后的名称：两者在同一县，名称相近，结对相同；现在按“{old}”的结对结束、“{new}”的结对新增处理"),
                )
                .with_hint(format!(
                    "若是更名，在 {} 中写 [[renames]]，from = \"{old}\"、to = \"{new}\"、notice = 公布更名的通知；两校页面合为“{new}”，原地址转到新页面。若不是更名，不用处理",
                    programme.source
                )),
            );
        }
    }

    /// A programme file without `leads` takes its 牵头单位 from its table: every lead its current
    /// pairs name, in the order they first appear.
    fn leads_from_tables(&mut self) {
        for p in &mut self.programmes {
            if !p.leads.is_empty() {
                continue;
            }
            let mut seen = rustc_hash::FxHashSet::default();
            for &i in &p.pairings {
                if let Some(lead) = self.pairings[i].lead
                    && seen.insert(lead)
                {
                    p.leads.push(self.parties[lead].name.clone());
                }
            }
        }
    }

    /// A rename whose former name no table writes still belongs to the school of its new name
    /// (its page lists the former name; its former address is worked out from the new one's place).
    fn attach_renames(&mut self) {
        let mut by_name: HashMap<&str, usize> = HashMap::default();
        for (i, p) in self.parties.iter().enumerate() {
            by_name.entry(p.name.as_str()).or_insert(i);
        }
        let mut attached = Vec::new();
        for (r, rename) in self.renames.iter().enumerate() {
            if rename.party.is_none()
                && let Some(&p) = by_name.get(normalise(&rename.to).as_str())
            {
                attached.push((r, p));
            }
        }
        for (r, p) in attached {
            let party = &mut self.parties[p];
            self.renames[r].party = Some(p);
            self.renames[r].former_place = Some((party.code, party.basis));
            party.former.push(r);
        }
    }

    /// Puts every pairing where its fate says: the current ones stay (renumbered), ended ones
    /// move to `history`, rows that only repeat a pair are dropped (the pair continues in the
    /// later row); programmes, parties and changes are renumbered to match.
    fn settle(&mut self, fate: &[Fate]) {
        if fate.iter().all(|f| *f == Fate::Current) {
            return;
        }
        let mut moved: Vec<Option<PairRef>> = vec![None; fate.len()];
        let mut kept: Vec<Option<PairRef>> = vec![None; fate.len()];
        let mut current = Vec::with_capacity(self.pairings.len());
        // A repeated row stops standing for its pair at the version of the row that repeats it.
        let repeated_at: Vec<usize> = fate
            .iter()
            .map(|f| match f {
                Fate::Continued(j) => self.pairings[*j].version,
                _ => 0,
            })
            .collect();
        for (i, mut p) in std::mem::take(&mut self.pairings).into_iter().enumerate() {
            match fate[i] {
                Fate::Current => {
                    moved[i] = Some(PairRef::Current(current.len()));
                    current.push(p);
                }
                Fate::Ended(v) => {
                    p.until = Some(v);
                    moved[i] = Some(PairRef::Ended(self.history.len()));
                    self.history.push(p);
                }
                Fate::Continued(_) => {
                    p.until = Some(repeated_at[i]);
                    kept[i] = Some(PairRef::Repeated(self.repeated.len()));
                    self.repeated.push(p);
                }
            }
        }
        self.pairings = current;
        let settled = |i: usize| moved[i].or(kept[i]);
        let split = |list: &[usize]| {
            let (mut now, mut then) = (Vec::new(), Vec::new());
            for &i in list {
                match moved[i] {
                    Some(PairRef::Current(n)) => now.push(n),
                    Some(PairRef::Ended(n)) => then.push(n),
                    Some(PairRef::Repeated(_)) | None => {}
                }
            }
            (now, then)
        };
        for p in &mut self.programmes {
            (p.pairings, p.ended) = split(&p.pairings);
            for c in &mut p.changes {
                let follow = |r: Option<PairRef>| match r {
                    Some(PairRef::Current(i)) => settled(i),
                    other => other,
                };
                c.before = follow(c.before);
                c.after = follow(c.after);
            }
        }
        for party in &mut self.parties {
            (party.pairings, party.ended) = split(&party.pairings);
        }
    }

    /// Another way of writing the school `existing` (same county, same key): the fuller name
    /// becomes the page's name, the other is listed as a spelling, and the merge is reported.
    fn merge_spelling(
        &mut self,
        existing: usize,
        name: &str,
        placement: &crate::divisions::place::Placement,
        diagnostics: &mut Vec<Diagnostic>,
        at: &str,
        row: usize,
    ) {
        if self.parties[existing].spellings.iter().any(|s| s == name) {
            return;
        }
        self.merged += 1;
        let party = &mut self.parties[existing];
        let old = party.name.clone();
        // The longer spelling names the page; of two as long, the one with Chinese numerals
        // (苍溪县第二小学, not 苍溪县第2小学).
        let digits = |s: &str| s.bytes().filter(u8::is_ascii_digit).count();
        let fuller = (name.chars().count(), std::cmp::Reverse(digits(name)))
            > (old.chars().count(), std::cmp::Reverse(digits(&old)));
        if fuller {
            party.name = name.to_string();
            party.spellings.retain(|s| s != name);
            party.spellings.push(old.clone());
            if placement.code.map(Level::of) > party.code.map(Level::of) {
                party.code = placement.code;
                party.basis = placement.basis;
            }
        } else {
            party.spellings.push(name.to_string());
        }
        // Its county or city; a university of a municipality (北京师范大学) has only the province.
        let county = party
            .code
            .and_then(school_place)
            .or_else(|| party.code.and_then(|c| divisions().get(c)))
            .map_or("", |d| d.name);
        let canonical = party.name.clone();
        diagnostics.push(
            Diagnostic::info(
                at,
                Some(row),
                format!("“{name}”与“{old}”是{county}的同一所学校，合为一个页面“{canonical}”"),
            )
            .with_hint("同一所学校的简称和全称（如 苍溪一中、苍溪县第一中学）自动合并，页面列出各种写法；若不是同一所学校，请在表中写全称"),
        );
    }

    /// Warns about schools of one county (or of one city, when that is all their names give)
    /// whose names differ in one character that sounds the same
    /// (峒中镇 / 洞中镇), or where one name is the other with one more character that does not tell
    /// schools apart (城厢镇中心小学 / 城厢中心小学; not a numeral, a direction or a school level:
    /// 第一小学 / 第十一小学 are two schools): perhaps one school written two ways. They are not
    /// merged; each warning names both rows.
    fn report_near_duplicates(&self, diagnostics: &mut Vec<Diagnostic>) {
        use pinyin::ToPinyin;
        use rayon::prelude::*;
        use std::hash::{Hash, Hasher};
        /// `at` of a name's own key (whole, no character left out).
        const WHOLE: u32 = u32::MAX;
        /// Flag of `at` for a key with the character at `at` left out.
        const LEFT_OUT: u32 = 1 << 31;
        // Each school once per character, twice: a hash of its county, the position and every
        // other character (names that differ there are neighbours once sorted), and a hash of its
        // county and every other character (equal to the whole-name hash of a name one character
        // shorter). A collision of hashes is ruled out by comparing the names.
        let schools: Vec<(usize, u32, Vec<char>)> = (0..self.parties.len())
            .into_par_iter()
            .filter(|&i| self.parties[i].kind == PartyKind::School)
            .filter_map(|i| {
                let place = self.parties[i].code.and_then(school_place)?.code;
                Some((i, place, self.parties[i].name.chars().collect()))
            })
            .collect();
        let mut masked: Vec<(u64, u32, u32)> = schools
            .par_iter()
            .enumerate()
            .flat_map_iter(|(s, (_, county, chars))| {
                let replaced = (0..chars.len()).map(move |at| {
                    let mut h = rustc_hash::FxHasher::default();
                    (county, at, &chars[..at], &chars[at + 1..]).hash(&mut h);
                    (h.finish(), s as u32, at as u32)
                });
                let without = |at: Option<usize>| {
                    let mut h = rustc_hash::FxHasher::default();
                    county.hash(&mut h);
                    0xfffe_u32.hash(&mut h);
                    for (i, c) in chars.iter().enumerate() {
                        if Some(i) != at {
                            c.hash(&mut h);
                        }
                    }
                    h.finish()
                };
                let left_out = (0..chars.len())
                    .filter(|&at| !tells_schools_apart(chars[at]))
                    .map(move |at| (without(Some(at)), s as u32, at as u32 | LEFT_OUT));
                replaced.chain(left_out).chain([(without(None), s as u32, WHOLE)])
            })
            .collect();
        masked.par_sort_unstable();
        // Two names placed in two townships of the county are two schools (兴隆堡镇 and 兴隆镇
        // of 新民市, 洛阳镇 and 螺阳镇 of 惠安县 are two townships each).
        let township = |i: usize| {
            self.parties[i]
                .code
                .filter(|&c| crate::divisions::Level::of(c) == Level::Township)
        };
        let in_two_townships = |a: usize, b: usize| matches!((township(a), township(b)), (Some(x), Some(y)) if x != y);
        // (shorter or differing name, the other, the character the other has there)
        let mut pairs: Vec<(usize, usize, bool)> = Vec::new();
        for group in masked.chunk_by(|x, y| x.0 == y.0) {
            for (n, &(_, a, at)) in group.iter().enumerate() {
                for &(_, b, at_b) in &group[n + 1..] {
                    let ((a, county_a, x), (b, county_b, y)) = (&schools[a as usize], &schools[b as usize]);
                    if county_a != county_b {
                        continue;
                    }
                    if at == WHOLE || at_b == WHOLE {
                        // One name with a character left out is the other name.
                        let ((long, long_chars, at), (short, short_chars)) = if at == WHOLE {
                            ((b, y, at_b), (a, x))
                        } else {
                            ((a, x, at), (b, y))
                        };
                        if at == WHOLE || at & LEFT_OUT == 0 {
                            continue;
                        }
                        let at = (at & !LEFT_OUT) as usize;
                        if long_chars.len() == short_chars.len() + 1
                            && long_chars[..at] == short_chars[..at]
                            && long_chars[at + 1..] == short_chars[at..]
                            && !in_two_townships(*long, *short)
                        {
                            pairs.push((*short, *long, false));
                        }
                        continue;
                    }
                    if at & LEFT_OUT != 0 || at_b & LEFT_OUT != 0 {
                        continue;
                    }
                    let at = at as usize;
                    let same_but_one =
                        at_b as usize == at && x.len() == y.len() && x[..at] == y[..at] && x[at + 1..] == y[at + 1..];
                    if !same_but_one {
                        continue;
                    }
                    let sound = |c: char| c.to_pinyin().map(|p| p.plain());
                    if x[at] != y[at]
                        && sound(x[at]).is_some()
                        && sound(x[at]) == sound(y[at])
                        && !in_two_townships(*a, *b)
                    {
                        pairs.push(((*a).min(*b), (*a).max(*b), true));
                    }
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        for (a, b, same_sound) in pairs {
            let (Some(&first), Some(&other)) = (self.parties[b].pairings.first(), self.parties[a].pairings.first())
            else {
                continue;
            };
            let pairing = &self.pairings[first];
            let (name_b, name_a) = (&self.parties[b].name, &self.parties[a].name);
            let what = if same_sound {
                format!("“{name_b}”与“{name_a}”只差一个同音字，可能是同一所学校写错了")
            } else {
                format!("“{name_b}”比“{name_a}”多一个字，可能是同一所学校的两种写法")
            };
            diagnostics.push(
                Diagnostic::warning(
                    pairing.location(),
                    Some(pairing.row),
                    format!("{what}（“{name_a}”见{}）", self.pairings[other].provenance()),
                )
                .with_hint("核对两处名称；若是同一所学校，把两处写成一样，两者会合为一个页面"),
            );
        }
    }

    /// The county-level division a party lies in.
    fn party_county(&self, index: usize) -> Option<u32> {
        self.parties[index]
            .code
            .and_then(|c| divisions().path(c).iter().find(|d| d.level() == Level::County))
            .map(|d| d.code)
    }

    /// Readable, stable URL segments: the name itself when it begins with its place, otherwise the
    /// name and its place (实验中学-乐山市); the code is added only if two parties still collide.
    fn assign_slugs(&mut self) {
        use rayon::prelude::*;
        let slugs: Vec<String> = self
            .parties
            .par_iter()
            .map(|p| {
                let base = match (p.basis, p.code) {
                    (Basis::Name, _) | (_, None) => p.name.clone(),
                    (_, Some(code)) => {
                        let place = divisions().get(code).map(|d| d.name).unwrap_or_default();
                        format!("{}-{place}", p.name)
                    }
                };
                crate::slug::term_slug(&base)
            })
            .collect();
        let mut taken: HashMap<(PartyKind, &str), usize> = HashMap::default();
        for (p, slug) in self.parties.iter().zip(&slugs) {
            *taken.entry((p.kind, slug.as_str())).or_default() += 1;
        }
        for (party, slug) in self.parties.iter_mut().zip(&slugs) {
            party.slug = if taken[&(party.kind, slug.as_str())] > 1 {
                format!("{slug}-{}", party.code.unwrap_or(0))
            } else {
                slug.clone()
            };
        }
        // A renamed school's page stood under its former name: that address leads to the new
        // page, unless another school's page stands there now.
        for r in &mut self.renames {
            let (Some(p), Some((code, basis))) = (r.party, r.former_place) else {
                continue;
            };
            let kind = self.parties[p].kind;
            let base = match (basis, code) {
                (Basis::Name, _) | (_, None) => normalise(&r.from),
                (_, Some(code)) => {
                    let place = divisions().get(code).map(|d| d.name).unwrap_or_default();
                    format!("{}-{place}", normalise(&r.from))
                }
            };
            let slug = crate::slug::term_slug(&base);
            if !taken.contains_key(&(kind, slug.as_str())) {
                r.former_slug = Some(slug);
            }
        }
    }

    /// Counts of schools not placed at county level, and of merged spellings.
    pub fn placement_summary(&self) -> PlacementSummary {
        let mut summary = PlacementSummary {
            merged: self.merged,
            ..PlacementSummary::default()
        };
        for p in self.parties.iter().filter(|p| p.kind == PartyKind::School) {
            if !p.ambiguous.is_empty() {
                summary.ambiguous += 1;
            } else if p.code.is_none() {
                summary.unplaced += 1;
            } else if p.code.map(Level::of) < Some(Level::County) {
                summary.above_county += 1;
            }
        }
        summary
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
        // A body is placed as well as it can be in its city (杭州市教育局), a university where the
        // ministry's list puts it (北京大学 in 北京市): nothing to report.
        let listed = || {
            crate::divisions::universities::universities()
                .leading(&p.name)
                .is_some()
        };
        if p.kind == PartyKind::Institution && p.ambiguous.is_empty() && (level >= Some(Level::Prefecture) || listed())
        {
            return None;
        }
        let path = || p.code.map_or(String::new(), |c| divisions().place_text(c).to_string());
        if !p.ambiguous.is_empty() {
            let path = path();
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
            // A place the name begins with elsewhere (深圳龙华小学 in a Guangxi row) is said.
            let foreign = || {
                let code = crate::divisions::place::foreign_start(&p.name, p.code?)?;
                Some(format!(
                    "；名称中的{}在{}，可能是捐建方或路名，未据此定位",
                    divisions().get(code)?.name,
                    divisions().get(crate::divisions::Divisions::province_of(code))?.name
                ))
            };
            let basis = match (p.basis, level) {
                // A prefecture as the only clue came from the row's 地区 column.
                (Basis::Hint, Some(Level::Prefecture)) => {
                    format!("（仅依据本行的地区列{}）", foreign().unwrap_or_default())
                }
                (Basis::Hint, _) => format!("（仅依据项目所在省份{}）", foreign().unwrap_or_default()),
                _ => String::new(),
            };
            Some(PlacementNote::Partial(format!("{}{basis}", path())))
        } else {
            None
        }
    }
}

/// Reads one table a programme names and interprets its rows; a table that cannot be read is
/// reported where the programme names it (`source`, `line`).
fn read_one_table(
    root: &Path,
    source: &str,
    table_spec: &crate::load::programmes::TableSpec,
    line: Option<usize>,
    province: Option<u32>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(crate::load::tables::RawTable, interpret::Interpretation)> {
    let path = root.join(&table_spec.file);
    let unreadable = |message: String, hint: Option<String>| {
        let hint = hint.unwrap_or_else(|| {
            if message.contains("双引号") {
                "把单元格里的英文双引号改成中文引号“”，或用 Excel 打开后另存为 CSV；改好后再构建".into()
            } else if message.contains("工作表") {
                "sheet 写工作簿中已有的工作表名称，或删去 sheet 读第一张工作表".into()
            } else if message.contains("编码名称") {
                "encoding 写 UTF-8、GBK 或 GB18030，或删去它让程序自动识别".into()
            } else if message.contains("上限") || message.contains("单元格") {
                "删去表格范围外多余的单元格（或把名单复制到新工作表）后再保存".into()
            } else {
                "用 Excel 或 WPS 打开并另存为 .xlsx 或 UTF-8 编码的 .csv 后再构建".into()
            }
        });
        Diagnostic::error(source, line, format!("结对表 {}：{message}", table_spec.file)).with_hint(hint)
    };
    if let Err(d) = crate::load::check_input(&path, &table_spec.file, table_spec.max_bytes) {
        diagnostics.push(unreadable(d.message, d.hint));
        return None;
    }
    let table = match read_table(
        &path,
        &table_spec.file,
        (table_spec.sheet.as_deref(), table_spec.read_hidden),
        table_spec.encoding.as_deref(),
    ) {
        Ok(t) => t,
        Err(message) => {
            diagnostics.push(unreadable(message, None));
            return None;
        }
    };
    let mut read = interpret(&table, table_spec, province);
    diagnostics.extend(table.notes.iter().cloned());
    diagnostics.append(&mut read.diagnostics);
    Some((table, read))
}

/// Schools whose place is not certain at county level, and spellings merged, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlacementSummary {
    /// Schools placed only at province or prefecture level.
    pub above_county: usize,
    /// Schools whose place names could mean several places.
    pub ambiguous: usize,
    /// Schools with no place at all.
    pub unplaced: usize,
    /// Other spellings of a school merged into its page.
    pub merged: usize,
}

impl PlacementSummary {
    /// One line for the end of a build, or `None` when every school is placed: "8 所学校未定位
    /// 到县（…），运行 jiedui check 查看".
    pub fn line(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.above_county > 0 {
            parts.push(format!("{} 所学校只定位到省或市", self.above_county));
        }
        if self.ambiguous > 0 {
            parts.push(format!("{} 所学校的地名有多种可能", self.ambiguous));
        }
        if self.unplaced > 0 {
            parts.push(format!("{} 所学校未能定位", self.unplaced));
        }
        if self.merged > 0 {
            parts.push(format!("{} 处同一学校的不同写法已合并", self.merged));
        }
        (!parts.is_empty()).then(|| format!("{}；运行 jiedui check 查看每一所", parts.join("，")))
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

/// What a row says about where its schools are: the province to place them in (the row's 省份
/// or 地区, else the programme's one province), the provinces that may decide between
/// candidates (a programme over several), and a county from the 地区 column.
struct Hints {
    province: Option<u32>,
    provinces: Vec<u32>,
    county: Option<String>,
}

impl Hints {
    /// The programme's hints: its one province for every name, or its provinces to decide
    /// between candidates.
    fn of_programme(provinces: &[u32]) -> Hints {
        Hints {
            province: match provinces {
                [one] => Some(*one),
                _ => None,
            },
            provinces: provinces.to_vec(),
            county: None,
        }
    }

    /// Places `name`: with the province when there is one; otherwise on its own, and when that
    /// is ambiguous, among the candidates in the programme's provinces if they leave only one.
    fn place(&self, name: &str, county: Option<&str>) -> crate::divisions::place::Placement {
        let placement = place(name, self.province, county);
        if self.province.is_some() || placement.ambiguous.is_empty() || self.provinces.is_empty() {
            return placement;
        }
        let within: Vec<u32> = self
            .provinces
            .iter()
            .copied()
            .filter(|p| {
                placement
                    .ambiguous
                    .iter()
                    .any(|c| crate::divisions::Divisions::within(*c, *p))
            })
            .collect();
        match within.as_slice() {
            [one] => place(name, Some(*one), county),
            _ => placement,
        }
    }
}

/// A name as written, normalised, and where it was placed.
struct Placed {
    name: String,
    placement: crate::divisions::place::Placement,
    kind: PartyKind,
    /// Names with the same key are one party (see [`PairingGraph::party`]).
    key: (String, Option<u32>),
    /// The name as written, trimmed and on one line (kept as a spelling when it differs).
    trimmed: String,
    /// The declared renames that led from the written name to this one.
    renamed: Vec<usize>,
    /// Where the written (former) name was placed, when it was renamed.
    former: Option<(Option<u32>, Basis)>,
}

impl Placed {
    /// Everything about a name that depends on it alone, made in parallel before the rows are
    /// added one by one.
    fn new(written: &str, hints: &Hints, county: Option<&str>) -> Placed {
        let name = normalise(written);
        let placement = hints.place(&name, county);
        let kind = classify(&name, placement.exact);
        // One school written two ways in one county (苍溪一中, 苍溪县第一中学), or in one city
        // when that is all the name gives (兰州一中, 兰州市第一中学), is one party.
        // A university's school or the university written short (北师大附中, 北师大) is keyed by its
        // full spelling (北京师范大学附属中学, 北京师范大学).
        let spelled = crate::divisions::universities::full_spelling(&name);
        let keyed = spelled.as_deref().unwrap_or(&name);
        let key = match placement.code.and_then(school_place).map(|d| d.code) {
            Some(c) if kind == PartyKind::School => (short_forms::school_key(keyed, c), Some(c)),
            _ => (keyed.to_string(), placement.code),
        };
        Placed {
            trimmed: written.trim().replace('\n', ""),
            name,
            placement,
            kind,
            key,
            renamed: Vec::new(),
            former: None,
        }
    }

    /// A name as [`Placed::new`] places it, or, when a rename leads from it to another name,
    /// that name (remembering where the former one was placed).
    fn renaming(written: &str, hints: &Hints, county: Option<&str>, renames: &RenameMap) -> Placed {
        match renames.resolve(written) {
            None => Placed::new(written, hints, county),
            Some((name, renamed)) => {
                let old = Placed::new(written, hints, county);
                let mut placed = Placed::new(&name, hints, county);
                placed.renamed = renamed;
                placed.former = Some((old.placement.code, old.placement.basis));
                placed
            }
        }
    }
}

/// Every declared rename, by the normalised former name.
struct RenameMap {
    by_name: HashMap<String, usize>,
    to: Vec<String>,
}

impl RenameMap {
    /// Collects the renames of every programme into `renames`; the same former name renamed two
    /// ways, or renames that lead in a circle, are errors.
    fn new(specs: &[ProgrammeSpec], renames: &mut Vec<Rename>, diagnostics: &mut Vec<Diagnostic>) -> RenameMap {
        let mut by_name: HashMap<String, usize> = HashMap::default();
        for spec in specs {
            for r in &spec.renames {
                let from = normalise(&r.from);
                if let Some(&other) = by_name.get(&from) {
                    let first: &Rename = &renames[other];
                    if normalise(&first.to) != normalise(&r.to) {
                        diagnostics.push(
                            Diagnostic::error(
                                &spec.source,
                                r.line,
                                format!(
                                    "“{}”更名为“{}”，但 {} 第 {} 行写它更名为“{}”",
                                    r.from,
                                    r.to,
                                    first.source,
                                    first.line.unwrap_or(1),
                                    first.to
                                ),
                            )
                            .with_hint("一所学校的原名只能对应一个现名：核对两处，删去写错的一处"),
                        );
                    }
                    continue;
                }
                by_name.insert(from, renames.len());
                renames.push(Rename {
                    from: r.from.clone(),
                    to: r.to.clone(),
                    date: r.date.clone(),
                    notice: r.notice.clone(),
                    source: spec.source.clone(),
                    line: r.line,
                    party: None,
                    former_slug: None,
                    former_place: None,
                });
            }
        }
        let to: Vec<String> = renames.iter().map(|r| normalise(&r.to)).collect();
        let mut map = RenameMap { by_name, to };
        let circular: Vec<usize> = (0..renames.len())
            .filter(|&i| {
                let mut name = map.to[i].clone();
                for _ in 0..renames.len() {
                    match map.by_name.get(&name) {
                        Some(&j) if j == i => return true,
                        Some(&j) => name = map.to[j].clone(),
                        None => return false,
                    }
                }
                false
            })
            .collect();
        for i in circular {
            let r = &renames[i];
            diagnostics.push(
                Diagnostic::error(
                    &r.source,
                    r.line,
                    format!("更名“{}”→“{}”与其他更名首尾相接成了一个圈", r.from, r.to),
                )
                .with_hint("每次更名从原名写到新名；核对 [[renames]] 中的 from 和 to 是否写反"),
            );
            map.by_name.remove(&normalise(&r.from));
        }
        map
    }

    /// The current name of a school written under a former name, with the renames followed.
    fn resolve(&self, written: &str) -> Option<(String, Vec<usize>)> {
        if self.by_name.is_empty() {
            return None;
        }
        let mut name = normalise(written);
        let mut hits: Vec<usize> = Vec::new();
        while let Some(&i) = self.by_name.get(&name) {
            if hits.contains(&i) {
                break;
            }
            hits.push(i);
            name = self.to[i].clone();
        }
        (!hits.is_empty()).then_some((name, hits))
    }
}

/// The placements of one row's recipient, supporters and lead, the county the row gives its
/// recipient (its 县（市、区） or 地区 cell) and what its hints reported.
struct RowPlacements {
    recipient: Placed,
    supporters: Vec<Placed>,
    lead: Option<Placed>,
    county: Option<String>,
    reported: Vec<Diagnostic>,
}

/// Places the parties of one row: a row's 省份 and 地区 say where its recipient is; supporters
/// and leads (often of another province: 东西部协作) get only the programme's hints. What the
/// row's hints report (at `at`) is reported when the row is added.
fn place_row(row: &ReadRow, provinces: &[u32], at: &str, renames: &RenameMap) -> RowPlacements {
    let mut reported = Vec::new();
    let hints = row_hints(row, provinces, &mut reported, at);
    let programme_hints = Hints::of_programme(provinces);
    let county = row.county.clone().or(hints.county.clone());
    let mut placed = RowPlacements {
        recipient: Placed::renaming(&row.recipient, &hints, county.as_deref(), renames),
        supporters: row
            .supporters
            .iter()
            .map(|s| Placed::renaming(s, &programme_hints, None, renames))
            .collect(),
        lead: row
            .lead
            .as_ref()
            .map(|l| Placed::renaming(l, &programme_hints, None, renames)),
        county,
        reported,
    };
    decide_by_the_row(&mut placed, renames, at, row.row);
    placed
}

/// Recipients placed by a short form of their place's name in another province than nearly all
/// of their table's (昭觉民中 in a list of 甘肃 schools, placed in 四川 by 昭觉's short name):
/// each is warned about, never moved. Only tables of at least ten placed recipients, nine in ten of them
/// in one province, count.
fn report_far_from_the_table(rows: &[ReadRow], placed: &[RowPlacements], at: &str, diagnostics: &mut Vec<Diagnostic>) {
    let d = divisions();
    let provinces: Vec<Option<u32>> = placed
        .iter()
        .map(|p| p.recipient.placement.code.map(crate::divisions::Divisions::province_of))
        .collect();
    let mut counts: HashMap<u32, usize> = HashMap::default();
    for p in provinces.iter().flatten() {
        *counts.entry(*p).or_default() += 1;
    }
    let total: usize = counts.values().sum();
    let Some((&main, &most)) = counts.iter().max_by_key(|(code, n)| (**n, std::cmp::Reverse(**code))) else {
        return;
    };
    if total < 10 || most * 10 < total * 9 {
        return;
    }
    for ((row, p), province) in rows.iter().zip(placed).zip(&provinces) {
        let Some(code) = p.recipient.placement.code else {
            continue;
        };
        if *province == Some(main) || p.recipient.placement.basis != Basis::Name {
            continue;
        }
        // Placed by a full name on its path (四川省…, 成都市…): the name says so; only a short form
        // (成县 read from 成县一中) is a guess worth a look.
        if d.path(code).iter().any(|x| p.recipient.name.contains(x.name)) {
            continue;
        }
        diagnostics.push(
            Diagnostic::warning(
                at,
                Some(row.row),
                format!(
                    "“{}”按简称定位到“{}”，而本表其余受援方几乎都在{}",
                    p.recipient.name,
                    d.place_text(code),
                    d.get(main).map_or("", |x| x.name)
                ),
            )
            .with_hint("核对校名：若不在该地，在名称前写全县（市、区）名，或为受援方加“县（市、区）”列"),
        );
    }
}

/// A party whose name could be in several places (龙华区实验学校: 深圳 or 海口; 城中区二小: 柳州
/// or 西宁; 和平区教育局: 天津 or 沈阳) is placed in the one candidate that lies in the same city
/// as another party of its row (深圳市龙华区教育局, 柳州市第一中学, 天津市蓟州区…; a municipality
/// is one city), and the decision is reported. A province written short that is also a prefecture's
/// stem (海南中学: 海南省 or 青海's 海南州) is the province when another party of the row lies in
/// it (白沙县白沙中学) and none in the prefecture's city.
fn decide_by_the_row(placed: &mut RowPlacements, renames: &RenameMap, at: &str, row: usize) {
    let d = divisions();
    let city = |code: u32| {
        let path = d.path(code);
        path.iter()
            .find(|x| x.level() == Level::Prefecture)
            .or_else(|| path.first().filter(|p| MUNICIPALITIES.contains(&p.code)))
            .map(|x| x.code)
    };
    // The other parties' places: (name, city, province).
    let others: Vec<(String, Option<u32>, u32)> = std::iter::once(&placed.recipient)
        .chain(&placed.supporters)
        .chain(&placed.lead)
        .filter(|p| p.placement.ambiguous.is_empty())
        .filter_map(|p| {
            let code = p.placement.code?;
            Some((p.name.clone(), city(code), Divisions::province_of(code)))
        })
        .collect();
    let mut reported = Vec::new();
    let parties = std::iter::once(&mut placed.recipient)
        .chain(placed.supporters.iter_mut())
        .chain(placed.lead.as_mut());
    for party in parties {
        if party.placement.ambiguous.is_empty() {
            continue;
        }
        let chosen: Vec<(u32, &String)> = party
            .placement
            .ambiguous
            .iter()
            .filter_map(|&c| {
                let near = others
                    .iter()
                    .find(|(_, city_of, _)| city_of.is_some() && city(c) == *city_of)?;
                Some((c, &near.0))
            })
            .collect();
        // No candidate in another party's city: a province candidate another party lies in.
        let province_beside = || -> Vec<(u32, &String)> {
            party
                .placement
                .ambiguous
                .iter()
                .filter(|&&c| Level::of(c) == Level::Province)
                .filter_map(|&c| Some((c, &others.iter().find(|(_, _, p)| *p == c)?.0)))
                .collect()
        };
        let chosen = if chosen.is_empty() { province_beside() } else { chosen };
        let [(code, by)] = chosen[..] else { continue };
        let by = by.clone();
        let hints = Hints {
            province: city(code).or(Some(code)),
            provinces: Vec::new(),
            county: None,
        };
        let decided = Placed::renaming(&party.trimmed, &hints, None, renames);
        if decided.placement.code != Some(code) {
            continue;
        }
        reported.push(
            Diagnostic::info(
                at,
                Some(row),
                format!(
                    "“{}”的地名有多种可能，按同一行的“{by}”定位到“{}”",
                    party.name,
                    d.place_text(code)
                ),
            )
            .with_hint("若不对，在名称前写明所在市，例如 深圳市龙华区…"),
        );
        *party = decided;
    }
    placed.reported.extend(reported);
}

/// The hints of one row (see [`Hints`]); a 省份 or 地区 cell that names no province or region is
/// reported and ignored.
fn row_hints(row: &ReadRow, provinces: &[u32], diagnostics: &mut Vec<Diagnostic>, at: &str) -> Hints {
    let d = divisions();
    let mut hints = Hints::of_programme(provinces);
    if let Some(cell) = &row.province {
        match d.province_named(cell.trim()) {
            Some(code) => hints.province = Some(code),
            None => diagnostics.push(
                Diagnostic::warning(
                    at,
                    Some(row.row),
                    format!("省份列的“{cell}”不是省级行政区名称，本行按名称定位"),
                )
                .with_hint("写省份全称或简称，例如 四川省、四川"),
            ),
        }
    }
    if let Some(cell) = &row.area {
        let region = place(cell.trim(), hints.province, None);
        match region.code.filter(|_| region.exact) {
            Some(code) if Level::of(code) >= Level::County => hints.county = Some(cell.trim().to_string()),
            // A prefecture decides between places of its own (赣州市 for 于都三中), a province
            // between the province's.
            Some(code) => hints.province = Some(code),
            None => diagnostics.push(
                Diagnostic::warning(
                    at,
                    Some(row.row),
                    format!("地区列的“{cell}”不是可识别的地名，本行按名称定位"),
                )
                .with_hint("写省、市或县的名称，例如 四川省、广元市、苍溪县"),
            ),
        }
    }
    hints
}

/// The county a school lies in, or its city when the name gives no county: where spellings of
/// one school are compared.
fn school_place(code: u32) -> Option<crate::divisions::Division> {
    let path = divisions().path(code);
    path.iter()
        .rev()
        .find(|d| matches!(d.level(), Level::Prefecture | Level::County))
        .or_else(|| path.first().filter(|p| MUNICIPALITIES.contains(&p.code)))
        .copied()
}

/// 北京市, 天津市, 上海市 and 重庆市: provinces that are one city, where a school placed only in
/// the city is keyed by it as in any other city (北京十二中 and 北京市第十二中学 are one school).
const MUNICIPALITIES: [u32; 4] = [11, 12, 31, 50];

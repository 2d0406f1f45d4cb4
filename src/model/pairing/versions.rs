//! Versions of a programme's list (原名单 → 调整 → 新一期名单): which pairs each version adds,
//! ends and changes, and the renames a department declares or jiedui proposes.

use super::Pairing;
use super::change_action::ChangeAction;
use crate::diagnostics::Diagnostic;
use crate::load::programmes::VersionKind;

/// One version of a programme's list, and what it changed.
#[derive(Debug, Clone)]
pub struct ListVersion {
    /// Source path of the notice that published it.
    pub notice: Option<String>,
    /// The date written in the programme file (the notice's date is used otherwise).
    pub date: Option<String>,
    /// 原名单, 调整, 新名单, or what the department calls it.
    pub label: String,
    /// Whether the programme file gives the label.
    pub named: bool,
    /// `None` for the programme's first list.
    pub kind: Option<VersionKind>,
    /// The line of the programme file that declares it.
    pub line: Option<usize>,
    pub added: usize,
    pub ended: usize,
    pub changed: usize,
    /// Pairs in the list once this version took effect.
    pub pairs: usize,
}

/// What a version did to one pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    Added,
    Changed,
    Ended,
}

impl ChangeKind {
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::Added => "新增",
            ChangeKind::Changed => "调整",
            ChangeKind::Ended => "结束",
        }
    }
}

/// A pairing of the current list, or one that has ended (in `PairingGraph::history`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PairRef {
    Current(usize),
    Ended(usize),
    /// A row a later list repeats unchanged (in `PairingGraph::repeated`): the pair continues in
    /// the later row, but the change is shown with the row that made it.
    Repeated(usize),
}

/// One change of one version: a pair added, ended, or changed from `before` to `after`.
#[derive(Debug, Clone)]
pub struct Change {
    pub version: usize,
    pub kind: ChangeKind,
    pub before: Option<PairRef>,
    pub after: Option<PairRef>,
    /// What changed (支援方, 牵头单位, 学段) when a pair changed.
    pub what: Vec<&'static str>,
}

/// A school's new name, declared by a department (`[[renames]]`).
#[derive(Debug, Clone)]
pub struct Rename {
    pub from: String,
    pub to: String,
    pub date: Option<String>,
    pub notice: Option<String>,
    /// The programme file that declares it, and the line.
    pub source: String,
    pub line: Option<usize>,
    /// The school now called `to`, once a table names it.
    pub party: Option<usize>,
    /// Where the school's page was under its former name (`/schools/<slug>/` then).
    pub former_slug: Option<String>,
    /// The place the former name was given (its code and how it was found), for that slug.
    pub(super) former_place: Option<(Option<u32>, crate::divisions::place::Basis)>,
}

/// What became of a pairing read from some version's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fate {
    /// In the newest list.
    Current,
    /// Ended by this version.
    Ended(usize),
    /// A later list repeats it unchanged: that row (this index) continues it.
    Continued(usize),
}

/// The rows of one version, each a pairing read into the graph, or a row that ends a pair (its
/// recipient, found among the parties, and supporters when the row names them).
pub(super) enum VersionRow {
    Pairing(usize, Option<ChangeAction>, usize),
    End {
        recipient: Option<usize>,
        supporters: Vec<usize>,
        row: usize,
        name: String,
    },
}

/// The pairs a programme's list holds, version after version.
pub(super) struct Chain<'a> {
    pub state: Vec<usize>,
    pub pairings: &'a mut [Pairing],
    pub fate: &'a mut [Fate],
    pub changes: Vec<Change>,
}

/// Whether two pairings have the same supporters, in any order.
pub(super) fn same_supporters(a: &Pairing, b: &Pairing) -> bool {
    let sorted = |p: &Pairing| {
        let mut s = p.supporters.clone();
        s.sort_unstable();
        s
    };
    sorted(a) == sorted(b)
}

/// What differs between two pairings of one recipient.
fn differences(a: &Pairing, b: &Pairing) -> Vec<&'static str> {
    let mut what = Vec::new();
    if !same_supporters(a, b) {
        what.push("支援方");
    }
    if a.lead != b.lead {
        what.push("牵头单位");
    }
    if a.stage != b.stage {
        what.push("学段");
    }
    what
}

impl Chain<'_> {
    /// The first version: every row is a pair.
    pub fn first(&mut self, rows: Vec<usize>) {
        for &p in &rows {
            self.pairings[p].since = 0;
        }
        self.state = rows;
    }

    fn end(&mut self, old: usize, version: usize) {
        self.fate[old] = Fate::Ended(version);
    }

    fn change(&mut self, version: usize, kind: ChangeKind, before: Option<usize>, after: Option<usize>) {
        let what = match (before, after) {
            (Some(b), Some(a)) => differences(&self.pairings[b], &self.pairings[a]),
            _ => Vec::new(),
        };
        self.changes.push(Change {
            version,
            kind,
            before: before.map(PairRef::Current),
            after: after.map(PairRef::Current),
            what,
        });
    }

    /// A whole new list: pairs of the same recipient are matched (an unchanged one first), an
    /// unchanged pair continues, a changed one ends and its successor begins; pairs not in the
    /// new list end, new ones are added.
    pub fn whole_list(&mut self, version: usize, rows: Vec<usize>) {
        let old = std::mem::take(&mut self.state);
        let mut taken = vec![false; old.len()];
        let mut matched: Vec<Option<usize>> = vec![None; rows.len()];
        // Unchanged pairs first, so that a school with two pairs keeps both when one changes.
        for (n, &new) in rows.iter().enumerate() {
            if let Some(k) = (0..old.len()).find(|&k| {
                !taken[k]
                    && self.pairings[old[k]].recipient == self.pairings[new].recipient
                    && differences(&self.pairings[old[k]], &self.pairings[new]).is_empty()
            }) {
                taken[k] = true;
                matched[n] = Some(k);
            }
        }
        for (n, &new) in rows.iter().enumerate() {
            if matched[n].is_some() {
                continue;
            }
            if let Some(k) =
                (0..old.len()).find(|&k| !taken[k] && self.pairings[old[k]].recipient == self.pairings[new].recipient)
            {
                taken[k] = true;
                matched[n] = Some(k);
            }
        }
        for (n, &new) in rows.iter().enumerate() {
            match matched[n].map(|k| old[k]) {
                Some(before) if differences(&self.pairings[before], &self.pairings[new]).is_empty() => {
                    self.fate[before] = Fate::Continued(new);
                    self.pairings[new].since = self.pairings[before].since;
                }
                Some(before) => {
                    self.end(before, version);
                    self.pairings[new].since = version;
                    self.change(version, ChangeKind::Changed, Some(before), Some(new));
                }
                None => {
                    self.pairings[new].since = version;
                    self.change(version, ChangeKind::Added, None, Some(new));
                }
            }
        }
        for (k, &before) in old.iter().enumerate() {
            if !taken[k] {
                self.end(before, version);
                self.change(version, ChangeKind::Ended, Some(before), None);
            }
        }
        self.state = rows;
    }

    /// A list of changes: each row adds, changes or ends one pair; the rest of the list holds.
    /// A row without a 变更类型 changes its recipient's pair when it has one, else adds one.
    /// Rows that cannot apply are reported at `at` (the table's location).
    pub fn changes_list(&mut self, version: usize, rows: Vec<VersionRow>, at: &str, diagnostics: &mut Vec<Diagnostic>) {
        for row in rows {
            match row {
                VersionRow::Pairing(new, action, line) => {
                    let recipient = self.pairings[new].recipient;
                    let holds = self.state.iter().position(|&p| self.pairings[p].recipient == recipient);
                    self.pairings[new].since = version;
                    match (action, holds) {
                        (Some(ChangeAction::Change) | None, Some(k)) => {
                            let before = self.state[k];
                            self.end(before, version);
                            self.state[k] = new;
                            self.change(version, ChangeKind::Changed, Some(before), Some(new));
                        }
                        (action, _) => {
                            if action == Some(ChangeAction::Change) {
                                diagnostics.push(
                                    Diagnostic::warning(
                                        at,
                                        Some(line),
                                        "这一行是“调整”，但此前的名单中没有这所受援方，按增补处理",
                                    )
                                    .with_hint("核对受援方的名称是否与原名单一致（改了校名的，在项目文件中写 [[renames]]）；确是新增的，把变更类型写成“增补”"),
                                );
                            }
                            self.state.push(new);
                            self.change(version, ChangeKind::Added, None, Some(new));
                        }
                    }
                }
                VersionRow::End {
                    recipient,
                    supporters,
                    row,
                    name,
                } => {
                    let found = recipient.and_then(|r| {
                        let of_recipient = |p: &usize| self.pairings[*p].recipient == r;
                        let names_supporters = |p: &usize| {
                            supporters.is_empty() || supporters.iter().all(|s| self.pairings[*p].supporters.contains(s))
                        };
                        self.state
                            .iter()
                            .position(|p| of_recipient(p) && names_supporters(p))
                            .or_else(|| self.state.iter().position(of_recipient))
                    });
                    match found {
                        Some(k) => {
                            let before = self.state.remove(k);
                            self.end(before, version);
                            self.change(version, ChangeKind::Ended, Some(before), None);
                        }
                        None => diagnostics.push(
                            Diagnostic::warning(
                                at,
                                Some(row),
                                format!("这一行是“退出”，但此前的名单中没有“{name}”的结对，这一行没有作用"),
                            )
                            .with_hint("核对受援方的名称是否与原名单一致（改了校名的，在项目文件中写 [[renames]]）"),
                        ),
                    }
                }
            }
        }
    }
}

/// How alike two names are: the characters they share (each counted once per occurrence) over
/// the longer name's length.
pub(super) fn likeness(a: &str, b: &str) -> f64 {
    let mut rest: Vec<char> = b.chars().collect();
    let mut shared = 0usize;
    for c in a.chars() {
        if let Some(i) = rest.iter().position(|&x| x == c) {
            rest.swap_remove(i);
            shared += 1;
        }
    }
    let longer = a.chars().count().max(b.chars().count()).max(1);
    shared as f64 / longer as f64
}

/// The label of version `n` of a list, when the programme file gives none.
pub(super) fn default_label(n: usize, kind: Option<VersionKind>, has_later: bool) -> String {
    match kind {
        None if has_later => "原名单".to_string(),
        None => "名单".to_string(),
        Some(VersionKind::Changes) => format!("第 {n} 次调整"),
        Some(VersionKind::List) => format!("第 {} 版名单", n + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn likeness_counts_shared_characters() {
        assert!(likeness("某县第二中学", "某县实验中学") > 0.6);
        assert!(likeness("城关镇中心小学", "城关镇第一小学") > 0.7);
        assert!(likeness("红旗小学", "育才中学") < 0.5);
        assert_eq!(likeness("", ""), 0.0);
    }

    #[test]
    fn labels_name_the_version() {
        assert_eq!(default_label(0, None, true), "原名单");
        assert_eq!(default_label(0, None, false), "名单");
        assert_eq!(default_label(1, Some(VersionKind::Changes), false), "第 1 次调整");
        assert_eq!(default_label(2, Some(VersionKind::List), false), "第 3 版名单");
    }
}

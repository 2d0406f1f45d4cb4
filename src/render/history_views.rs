//! Views of the life of a programme: the versions of its list and what each changed, ended
//! pairs, former names and timelines (the 变更 page and the history sections of programme and
//! school pages).

use crate::model::pairing::Pairing;
use crate::model::pairing::versions::{ChangeKind, PairRef};
use crate::render::pairing_views::{DataLink, PairingView, PartyLink};
use crate::render::routes::REGION_DATA_FORMATS;
use crate::render::views::{Link, ViewBuilder};
use serde::Serialize;

/// A notice, linked, with its 文号.
#[derive(Debug, Clone, Serialize)]
pub struct DocLink {
    pub title: String,
    pub url: String,
    pub doc_number: Option<String>,
}

/// One version of a programme's list and what it changed.
#[derive(Debug, Clone, Serialize)]
pub struct VersionView {
    /// 1 for the first list.
    pub number: usize,
    pub label: String,
    pub date: Option<String>,
    pub notice: Option<DocLink>,
    /// 完整名单 or 变更名单 (the first list: 原名单).
    pub kind: &'static str,
    pub added: usize,
    pub changed: usize,
    pub ended: usize,
    /// Pairs in the list once it took effect.
    pub pairs: usize,
    pub changes: Vec<ChangeRow>,
    /// Changes of this version not shown on the page (past [`CHANGES_SHOWN`]; all are in the
    /// download).
    pub changes_more: usize,
    /// The whole list as this version left it (CSV, XLSX).
    pub data: Vec<DataLink>,
}

/// One change of a version: a pair added, changed (before and after) or ended.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeRow {
    /// 新增, 调整 or 结束.
    pub kind: &'static str,
    pub before: Option<PairingView>,
    pub after: Option<PairingView>,
    /// What changed: 支援方、牵头单位.
    pub what: String,
}

/// A former name of a school, with when and by which notice it changed.
#[derive(Debug, Clone, Serialize)]
pub struct RenameView {
    pub from: String,
    pub to: Option<PartyLink>,
    pub to_name: String,
    pub date: Option<String>,
    pub notice: Option<DocLink>,
}

/// A pair that has ended, as a school page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct EndedView {
    pub pairing: PairingView,
    /// 受援, 支援 or 牵头: what the school was in it.
    pub role: &'static str,
    /// The version it held since and the one that ended it, as words (名单名称（日期）).
    pub since: String,
    pub until: String,
    pub until_notice: Option<DocLink>,
    /// 结束 (left out) or 调整 (changed: a new pair took its place).
    pub how: &'static str,
}

/// One dated event of a timeline.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineEvent {
    /// `2023-04-10`, or empty when the date is unknown (listed last).
    pub date: String,
    pub what: String,
    pub link: Option<Link>,
}

/// The 变更 page of a programme.
#[derive(Debug, Clone, Serialize)]
pub struct ChangesView {
    pub title: String,
    pub programme: Link,
    pub versions: Vec<VersionView>,
    pub renames: Vec<RenameView>,
    pub data: Vec<DataLink>,
    /// The pairs that have ended, with the date that ended each.
    pub history_data: Vec<DataLink>,
    pub timeline: Vec<TimelineEvent>,
    pub added: usize,
    pub changed: usize,
    pub ended: usize,
}

/// The history a school's page shows (on its first page).
#[derive(Debug, Clone, Serialize, Default)]
pub struct PartyHistory {
    /// Its former names (曾用名), with when and by which notice they changed.
    pub former_names: Vec<RenameView>,
    /// Its pairs that have ended, with their period and the notice that ended them (the first
    /// [`ENDED_SHOWN`]).
    pub ended: Vec<EndedView>,
    /// Ended pairs past [`ENDED_SHOWN`], counted (the programmes' history files hold them).
    pub ended_more: usize,
    /// Ended pairs it only led (牵头), counted: the programmes' 变更 pages list them.
    pub ended_as_lead: usize,
    /// Every pair it had has ended.
    pub all_ended: bool,
    /// What happened to it, by date: shown for a school with a history (ended pairs, former
    /// names, or pairs in several programmes).
    pub timeline: Vec<TimelineEvent>,
    /// Events past [`TIMELINE_SHOWN`], counted.
    pub timeline_more: usize,
}

/// What a programme's page shows of the versions of its list.
#[derive(Debug, Clone, Serialize, Default)]
pub struct ProgrammeHistory {
    /// The versions (empty for a list never revised, and on later pages of its table).
    pub versions: Vec<VersionView>,
    pub changes_url: Option<String>,
    /// Pairs that have ended.
    pub ended: usize,
}

/// Changes of one version a 变更 page lists; the rest are counted (the download holds them all),
/// so that a national list's revision makes no page of megabytes.
pub const CHANGES_SHOWN: usize = 200;

/// Ended pairs a school's page lists (a lead university of a revised national list has hundreds).
pub const ENDED_SHOWN: usize = 100;

/// Events a school's timeline lists; the rest are counted (its tables and documents list them).
pub const TIMELINE_SHOWN: usize = 40;

/// The address of a programme's 变更 page.
pub fn changes_path(programme_path: &str) -> String {
    format!("{programme_path}changes/")
}

/// The open-data files of a programme's changes, without extension.
pub fn changes_data_stem(slug: &str) -> String {
    format!("/data/programmes/{slug}-changes")
}

impl ViewBuilder<'_> {
    fn doc_link(&self, doc: usize) -> DocLink {
        let d = &self.graph.documents[doc];
        DocLink {
            title: d.title.clone(),
            url: self.url(&self.routes.document_paths[doc]),
            doc_number: d.notice.as_ref().and_then(|n| n.doc_number.clone()),
        }
    }

    fn version_date(&self, programme: usize, v: usize) -> Option<String> {
        self.graph
            .index
            .version_date(&self.graph.documents, &self.graph.pairing, programme, v)
            .map(|d| d.display())
    }

    /// `调整名单（2023-04-10）`: a version as words.
    fn version_words(&self, programme: usize, v: usize) -> String {
        let label = &self.graph.pairing.programmes[programme].versions[v].label;
        match self.version_date(programme, v) {
            Some(date) => format!("{label}（{date}）"),
            None => label.clone(),
        }
    }

    fn version_notice(&self, programme: usize, v: usize) -> Option<DocLink> {
        self.graph.index.programmes[programme].versions[v].map(|d| self.doc_link(d))
    }

    fn pair_of(&self, r: PairRef) -> &Pairing {
        self.graph.pairing.pair(r)
    }

    /// The versions of programme `index`'s list, oldest first, each with its changes when
    /// `with_changes` (the 变更 page) or only counted (the programme page).
    pub fn versions(&self, index: usize, with_changes: bool) -> Vec<VersionView> {
        let p = &self.graph.pairing.programmes[index];
        p.versions
            .iter()
            .enumerate()
            .map(|(v, version)| {
                let mut changes_more = 0;
                let changes = if with_changes {
                    let mut of_version: Vec<&crate::model::pairing::versions::Change> =
                        p.changes.iter().filter(|c| c.version == v).collect();
                    of_version.sort_by_key(|c| c.kind);
                    changes_more = of_version.len().saturating_sub(CHANGES_SHOWN);
                    let rows: Vec<(ChangeKind, ChangeRow)> = of_version
                        .into_iter()
                        .take(CHANGES_SHOWN)
                        .map(|c| {
                            (
                                c.kind,
                                ChangeRow {
                                    kind: c.kind.label(),
                                    before: c.before.map(|r| self.pairing_of(self.pair_of(r))),
                                    after: c.after.map(|r| self.pairing_of(self.pair_of(r))),
                                    what: c.what.join("、"),
                                },
                            )
                        })
                        .collect();
                    rows.into_iter().map(|(_, row)| row).collect()
                } else {
                    Vec::new()
                };
                VersionView {
                    number: v + 1,
                    label: version.label.clone(),
                    date: self.version_date(index, v),
                    notice: self.version_notice(index, v),
                    kind: match version.kind {
                        None => "原名单",
                        Some(crate::load::programmes::VersionKind::List) => "完整名单",
                        Some(crate::load::programmes::VersionKind::Changes) => "变更名单",
                    },
                    added: version.added,
                    changed: version.changed,
                    ended: version.ended,
                    pairs: version.pairs,
                    changes,
                    changes_more,
                    data: if with_changes {
                        let newest = v + 1 == p.versions.len();
                        let stem = if newest {
                            format!("/data/programmes/{}", p.slug)
                        } else {
                            format!("/data/programmes/{}-v{}", p.slug, v + 1)
                        };
                        self.data_links(&stem, &REGION_DATA_FORMATS, &format!("{}-{}", p.title, version.label))
                    } else {
                        Vec::new()
                    },
                }
            })
            .collect()
    }

    fn rename_view(&self, r: usize) -> RenameView {
        let rename = &self.graph.pairing.renames[r];
        RenameView {
            from: rename.from.clone(),
            to: rename.party.map(|p| self.party_link(p)),
            to_name: rename.to.clone(),
            date: rename
                .date
                .as_deref()
                .and_then(crate::date::PartialDate::parse)
                .or_else(|| self.graph.index.rename_notices[r].map(|d| self.graph.documents[d].date))
                .map(|d| d.display()),
            notice: self.graph.index.rename_notices[r].map(|d| self.doc_link(d)),
        }
    }

    /// The renames a programme's page shows: those its file declares.
    pub fn programme_renames(&self, index: usize) -> Vec<RenameView> {
        let source = &self.graph.pairing.programmes[index].source;
        (0..self.graph.pairing.renames.len())
            .filter(|&r| &self.graph.pairing.renames[r].source == source)
            .map(|r| self.rename_view(r))
            .collect()
    }

    /// A school's former names.
    pub fn former_names(&self, party: usize) -> Vec<RenameView> {
        self.graph.pairing.parties[party]
            .former
            .iter()
            .map(|&r| self.rename_view(r))
            .collect()
    }

    /// A party's ended pairs, oldest programme first as they were read.
    pub fn ended_pairings(&self, party: usize) -> Vec<EndedView> {
        let pg = &self.graph.pairing;
        pg.parties[party]
            .ended
            .iter()
            .map(|&h| {
                let p = &pg.history[h];
                let until = p.until.unwrap_or(p.version);
                let changed = pg.programmes[p.programme]
                    .changes
                    .iter()
                    .any(|c| c.before == Some(PairRef::Ended(h)) && c.kind == ChangeKind::Changed);
                EndedView {
                    pairing: self.pairing_of(p),
                    role: if p.recipient == party {
                        "受援"
                    } else if p.supporters.contains(&party) {
                        "支援"
                    } else {
                        "牵头"
                    },
                    since: self.version_words(p.programme, p.since),
                    until: self.version_words(p.programme, until),
                    until_notice: self.version_notice(p.programme, until),
                    how: if changed { "调整" } else { "结束" },
                }
            })
            .collect()
    }

    /// What happened to a school, by date: its pairs beginning and ending, its renames, and the
    /// notices and reports that name it.
    pub fn party_timeline(&self, party: usize) -> Vec<TimelineEvent> {
        let pg = &self.graph.pairing;
        let mut events: Vec<TimelineEvent> = Vec::new();
        let partners = |p: &Pairing| -> String {
            let names: Vec<&str> = if p.recipient == party {
                p.supporters.iter().map(|&s| pg.parties[s].name.as_str()).collect()
            } else {
                vec![pg.parties[p.recipient].name.as_str()]
            };
            names.join("、")
        };
        let version_event = |p: &Pairing, v: usize, what: String| TimelineEvent {
            date: self.version_date(p.programme, v).unwrap_or_default(),
            what,
            link: Some(match self.version_notice(p.programme, v) {
                Some(d) => Link {
                    title: d.title,
                    url: d.url,
                },
                None => self.programme_link(p.programme),
            }),
        };
        let current = pg.parties[party].pairings.iter().map(|&i| &pg.pairings[i]);
        let ended = pg.parties[party].ended.iter().map(|&i| &pg.history[i]);
        // Its own pairs; a lead's pairs are the programmes' story (their 变更 pages).
        let sides = |p: &&Pairing| p.recipient == party || p.supporters.contains(&party);
        for p in current.chain(ended).filter(sides) {
            let title = &pg.programmes[p.programme].title;
            let verb = if p.recipient == party { "受援" } else { "支援" };
            events.push(version_event(
                p,
                p.since,
                format!("开始结对（{verb}）：{}，{title}", partners(p)),
            ));
            if let Some(until) = p.until {
                let changed = pg.programmes[p.programme].changes.iter().any(|c| {
                    c.kind == ChangeKind::Changed && c.before.is_some_and(|r| std::ptr::eq(self.pair_of(r), p))
                });
                let how = if changed { "结对调整" } else { "结对结束" };
                events.push(version_event(p, until, format!("{how}：{}，{title}", partners(p))));
            }
        }
        for r in self.former_names(party) {
            events.push(TimelineEvent {
                date: r.date.clone().unwrap_or_default(),
                what: format!("更名：{} → {}", r.from, r.to_name),
                link: r.notice.map(|d| Link {
                    title: d.title,
                    url: d.url,
                }),
            });
        }
        for &d in &self.graph.index.party_documents[party] {
            let doc = &self.graph.documents[d];
            events.push(TimelineEvent {
                date: doc.date.display(),
                what: format!("文件：{}", doc.title),
                link: Some(Link {
                    title: doc.title.clone(),
                    url: self.url(&self.routes.document_paths[d]),
                }),
            });
        }
        sort_timeline(events)
    }

    /// What happened to a programme, by date: each version of its list, renames, and the notices
    /// that adjust, replace or repeal its source.
    pub fn programme_timeline(&self, index: usize) -> Vec<TimelineEvent> {
        let mut events: Vec<TimelineEvent> = self
            .versions(index, false)
            .into_iter()
            .map(|v| TimelineEvent {
                date: v.date.unwrap_or_default(),
                what: if v.number == 1 {
                    format!("公布{}：{} 对", v.label, v.pairs)
                } else {
                    format!(
                        "{}：新增 {}、调整 {}、结束 {}，此后共 {} 对",
                        v.label, v.added, v.changed, v.ended, v.pairs
                    )
                },
                link: v.notice.map(|d| Link {
                    title: d.title,
                    url: d.url,
                }),
            })
            .collect();
        for r in self.programme_renames(index) {
            events.push(TimelineEvent {
                date: r.date.clone().unwrap_or_default(),
                what: format!("更名：{} → {}", r.from, r.to_name),
                link: r.notice.map(|d| Link {
                    title: d.title,
                    url: d.url,
                }),
            });
        }
        if let Some(source) = self.graph.index.programmes[index].source {
            for &(kind, d) in &self.graph.index.amended_by[source] {
                let doc = &self.graph.documents[d];
                events.push(TimelineEvent {
                    date: doc.date.display(),
                    what: format!("{}来源文件：{}", kind.verb(), doc.title),
                    link: Some(Link {
                        title: doc.title.clone(),
                        url: self.url(&self.routes.document_paths[d]),
                    }),
                });
            }
        }
        sort_timeline(events)
    }

    /// The history on page `page` of a school's or institution's page.
    pub fn party_history(&self, index: usize, page: usize) -> PartyHistory {
        let p = &self.graph.pairing.parties[index];
        let mut history = PartyHistory {
            all_ended: p.pairings.is_empty() && !p.ended.is_empty(),
            ..PartyHistory::default()
        };
        if page > 0 || (p.ended.is_empty() && p.former.is_empty() && !self.in_several_programmes(index)) {
            return history;
        }
        history.former_names = self.former_names(index);
        let (sides, led): (Vec<EndedView>, Vec<EndedView>) =
            self.ended_pairings(index).into_iter().partition(|e| e.role != "牵头");
        history.ended = sides;
        history.ended_as_lead = led.len();
        history.ended_more = history.ended.len().saturating_sub(ENDED_SHOWN);
        history.ended.truncate(ENDED_SHOWN);
        // A unit that only leads pairs has no story of its own here (the programmes tell it).
        let pg = &self.graph.pairing;
        let side = |x: &Pairing| x.recipient == index || x.supporters.contains(&index);
        let is_side =
            p.pairings.iter().any(|&i| side(&pg.pairings[i])) || p.ended.iter().any(|&i| side(&pg.history[i]));
        if !is_side && p.former.is_empty() {
            return history;
        }
        let mut timeline = self.party_timeline(index);
        history.timeline_more = timeline.len().saturating_sub(TIMELINE_SHOWN);
        timeline.truncate(TIMELINE_SHOWN);
        history.timeline = timeline;
        history
    }

    fn in_several_programmes(&self, index: usize) -> bool {
        let pg = &self.graph.pairing;
        let mut programmes = pg.parties[index].pairings.iter().map(|&p| pg.pairings[p].programme);
        let first = programmes.next();
        programmes.any(|x| Some(x) != first)
    }

    /// What page `page` of programme `index` shows of its list's versions.
    pub fn programme_history(&self, index: usize, page: usize) -> ProgrammeHistory {
        let p = &self.graph.pairing.programmes[index];
        if p.versions.len() < 2 {
            return ProgrammeHistory::default();
        }
        ProgrammeHistory {
            versions: if page == 0 {
                self.versions(index, false)
            } else {
                Vec::new()
            },
            changes_url: Some(self.url(&changes_path(&self.routes.programme_paths[index]))),
            ended: p.ended.len(),
        }
    }

    /// The 变更 page of programme `index`.
    pub fn changes(&self, index: usize) -> ChangesView {
        let p = &self.graph.pairing.programmes[index];
        let count = |k: ChangeKind| p.changes.iter().filter(|c| c.kind == k).count();
        ChangesView {
            title: format!("{}：名单变更", p.title),
            programme: self.programme_link(index),
            versions: self.versions(index, true),
            renames: self.programme_renames(index),
            data: self.data_links(
                &changes_data_stem(&p.slug),
                &REGION_DATA_FORMATS,
                &format!("{}-名单变更", p.title),
            ),
            history_data: self.data_links(
                &format!("/data/programmes/{}-history", p.slug),
                &REGION_DATA_FORMATS,
                &format!("{}-已结束的结对", p.title),
            ),
            timeline: self.programme_timeline(index),
            added: count(ChangeKind::Added),
            changed: count(ChangeKind::Changed),
            ended: count(ChangeKind::Ended),
        }
    }
}

/// Events by date (undated last), each once.
fn sort_timeline(mut events: Vec<TimelineEvent>) -> Vec<TimelineEvent> {
    events.sort_by(|a, b| (a.date.is_empty(), &a.date).cmp(&(b.date.is_empty(), &b.date)));
    let mut seen = std::collections::HashSet::new();
    events.retain(|e| seen.insert((e.date.clone(), e.what.clone())));
    events
}

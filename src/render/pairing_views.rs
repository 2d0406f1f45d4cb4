//! Views of programmes, pairings, parties and regions: what their templates see.

use crate::divisions::{Level, divisions};
use crate::load::Section;
use crate::model::pairing::names::PartyKind;
use crate::model::pairing::{Pairing, Party};
use crate::render::charts::{Chart, bar_chart};
use crate::render::routes::DATA_FORMATS;
use crate::render::views::{DocSummary, Link, ViewBuilder};
use serde::Serialize;
use std::collections::BTreeMap;

/// A link to a party's page, with where it lies.
#[derive(Debug, Clone, Serialize)]
pub struct PartyLink {
    pub name: String,
    pub url: String,
    pub kind: &'static str,
    /// The division path as text (防城港市 › 东兴市), empty when unknown.
    pub place: String,
    /// Spellings in the sources that differ from `name`.
    pub spellings: Vec<String>,
}

/// One pairing, as a table row.
#[derive(Debug, Clone, Serialize)]
pub struct PairingView {
    pub number: String,
    pub recipient: PartyLink,
    pub supporters: Vec<PartyLink>,
    pub lead: Option<PartyLink>,
    pub stage: Option<String>,
    pub note: Option<String>,
    /// The county-level division of the recipient (for the county filter).
    pub county: String,
    pub programme: Link,
    pub period: Option<String>,
    pub provenance: String,
}

/// A name with a count and (where it has a page) a link.
#[derive(Debug, Clone, Serialize)]
pub struct Count {
    pub name: String,
    pub url: Option<String>,
    pub count: usize,
}

/// What a programme list or the home page shows of a programme.
#[derive(Debug, Clone, Serialize)]
pub struct ProgrammeSummary {
    pub title: String,
    pub url: String,
    pub period: Option<String>,
    /// The date of the notice or report that published the programme.
    pub date: Option<crate::date::PartialDate>,
    pub description: Option<String>,
    pub pairings: usize,
    pub recipients: usize,
    pub supporters: usize,
    pub counties: usize,
}

/// A programme's own page.
#[derive(Debug, Clone, Serialize)]
pub struct ProgrammeView {
    #[serde(flatten)]
    pub summary: ProgrammeSummary,
    pub leads: Vec<PartyLink>,
    pub source: Option<DocSummary>,
    pub by_county: Vec<Count>,
    pub by_stage: Vec<Count>,
    pub by_lead: Vec<Count>,
    pub tables: Vec<TableView>,
    pub data: Vec<Link>,
    pub rows: Vec<PairingView>,
    pub content: String,
    pub charts: Vec<Chart>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    pub file: String,
    pub rows_read: usize,
    pub pairings: usize,
}

/// A school's or institution's page.
#[derive(Debug, Clone, Serialize)]
pub struct PartyView {
    pub name: String,
    pub kind: &'static str,
    pub spellings: Vec<String>,
    pub path: Vec<Link>,
    pub place_note: Option<String>,
    pub as_recipient: Vec<PairingView>,
    pub as_supporter: Vec<PairingView>,
    pub as_lead: Vec<PairingView>,
    pub documents: Vec<DocSummary>,
}

/// One row of a region page: a party located there and one of its pairings.
#[derive(Debug, Clone, Serialize)]
pub struct RegionRow {
    pub party: PartyLink,
    pub role: &'static str,
    pub stage: Option<String>,
    pub partners: Vec<PartyLink>,
    pub lead: Option<PartyLink>,
    pub programme: Link,
}

/// How many times each label occurs, in label order.
fn tally(labels: impl Iterator<Item = String>) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for label in labels {
        *counts.entry(label).or_default() += 1;
    }
    counts
}

/// Counts as chart values.
fn as_series(counts: &BTreeMap<String, usize>) -> Vec<(String, f64)> {
    counts.iter().map(|(k, v)| (k.clone(), *v as f64)).collect()
}

fn stage_label(stage: &Option<String>) -> String {
    stage.clone().unwrap_or_else(|| "（未注明）".into())
}

fn lead_label(lead: &Option<PartyLink>) -> String {
    lead.as_ref().map(|l| l.name.clone()).unwrap_or_else(|| "（无）".into())
}

/// The division path as text (防城港市 › 东兴市), empty when unknown.
pub fn place_text(code: Option<u32>) -> String {
    code.map(|c| divisions().path_text(c, " › ")).unwrap_or_default()
}

/// A province of the region index with its prefectures, each with its counties.
pub type RegionBranch = (Count, Vec<(Count, Vec<Count>)>);

/// A province, prefecture or county page.
#[derive(Debug, Clone, Serialize)]
pub struct RegionView {
    pub name: String,
    pub level: &'static str,
    pub path: Vec<Link>,
    pub children: Vec<Count>,
    pub rows: Vec<RegionRow>,
    /// Pairings in which the region itself is a party (济南市 helps 临沂市).
    pub own_pairings: Vec<PairingView>,
    pub schools: usize,
    pub pairings: usize,
    pub documents: Vec<DocSummary>,
    pub charts: Vec<Chart>,
}

impl ViewBuilder<'_> {
    pub fn party_link(&self, index: usize) -> PartyLink {
        let p = &self.graph.pairing.parties[index];
        PartyLink {
            name: p.name.clone(),
            url: self.url(&self.routes.party_paths[index]),
            kind: p.kind.label(),
            place: place_text(p.code),
            spellings: p.spellings.clone(),
        }
    }

    fn county_of(party: &Party) -> String {
        party
            .code
            .and_then(|c| divisions().path(c).into_iter().find(|d| d.level() == Level::County))
            .map(|d| d.name.to_string())
            .unwrap_or_else(|| "（未定位到县）".to_string())
    }

    pub fn pairing(&self, index: usize) -> PairingView {
        let pg = &self.graph.pairing;
        let p: &Pairing = &pg.pairings[index];
        let programme = &pg.programmes[p.programme];
        PairingView {
            number: p.number.clone(),
            recipient: self.party_link(p.recipient),
            supporters: p.supporters.iter().map(|&s| self.party_link(s)).collect(),
            lead: p.lead.map(|l| self.party_link(l)),
            stage: p.stage.clone(),
            note: p.note.clone(),
            county: Self::county_of(&pg.parties[p.recipient]),
            programme: Link {
                title: programme.title.clone(),
                url: self.url(&self.routes.programme_paths[p.programme]),
            },
            period: programme.period.clone(),
            provenance: p.provenance(),
        }
    }

    pub fn programme_summary(&self, index: usize) -> ProgrammeSummary {
        let pg = &self.graph.pairing;
        let p = &pg.programmes[index];
        let mut recipients: Vec<usize> = p.pairings.iter().map(|&i| pg.pairings[i].recipient).collect();
        recipients.sort_unstable();
        recipients.dedup();
        let mut supporters: Vec<usize> = p
            .pairings
            .iter()
            .flat_map(|&i| pg.pairings[i].supporters.clone())
            .collect();
        supporters.sort_unstable();
        supporters.dedup();
        let mut counties: Vec<String> = recipients.iter().map(|&r| Self::county_of(&pg.parties[r])).collect();
        counties.sort();
        counties.dedup();
        ProgrammeSummary {
            title: p.title.clone(),
            url: self.url(&self.routes.programme_paths[index]),
            period: p.period.clone(),
            date: p
                .notice
                .as_ref()
                .and_then(|n| self.graph.documents.iter().find(|d| &d.source == n))
                .map(|d| d.date),
            description: p.description.clone(),
            pairings: p.pairings.len(),
            recipients: recipients.len(),
            supporters: supporters.len(),
            counties: counties.len(),
        }
    }

    pub fn programme(&self, index: usize, content: String) -> ProgrammeView {
        let pg = &self.graph.pairing;
        let p = &pg.programmes[index];
        let rows: Vec<PairingView> = p.pairings.iter().map(|&i| self.pairing(i)).collect();
        let by_county = tally(rows.iter().map(|r| r.county.clone()));
        let by_stage = tally(rows.iter().map(|r| stage_label(&r.stage)));
        let by_lead = tally(rows.iter().map(|r| lead_label(&r.lead)));
        let county_url = |name: &str| {
            pg.parties
                .iter()
                .filter_map(|x| x.code)
                .flat_map(|c| divisions().path(c))
                .find(|d| d.name == name && d.level() == Level::County)
                .and_then(|d| self.routes.region_paths.get(&d.code))
                .map(|path| self.url(path))
        };
        let leads = p
            .leads
            .iter()
            .filter_map(|name| pg.parties.iter().position(|x| &x.name == name))
            .map(|i| self.party_link(i))
            .collect();
        let source = p
            .notice
            .as_ref()
            .and_then(|n| self.graph.documents.iter().position(|d| &d.source == n))
            .map(|i| self.summary(i));
        let mut supporters_by_lead: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
        for r in &rows {
            let lead = lead_label(&r.lead);
            supporters_by_lead
                .entry(lead)
                .or_default()
                .extend(r.supporters.iter().map(|s| s.name.clone()));
        }
        let supporters_by_lead: Vec<(String, f64)> = supporters_by_lead
            .into_iter()
            .map(|(k, v)| (k, v.len() as f64))
            .collect();
        let mut charts: Vec<Chart> = [
            bar_chart(
                &format!("p{index}-county"),
                "按县（市、区）的结对数",
                "对",
                &as_series(&by_county),
            ),
            bar_chart(
                &format!("p{index}-stage"),
                "按学段的结对数",
                "对",
                &as_series(&by_stage),
            ),
            bar_chart(
                &format!("p{index}-lead"),
                "各牵头单位组织的支援学校数",
                "所",
                &supporters_by_lead,
            ),
        ]
        .into_iter()
        .flatten()
        .collect();
        if let Some(chart) = p
            .notice
            .as_ref()
            .and_then(|n| self.graph.documents.iter().find(|d| &d.source == n))
            .and_then(|d| self.metrics_chart(d, &format!("p{index}-metrics")))
        {
            charts.push(chart);
        }
        ProgrammeView {
            charts,
            summary: self.programme_summary(index),
            leads,
            source,
            by_county: by_county
                .into_iter()
                .map(|(name, count)| Count {
                    url: county_url(&name),
                    name,
                    count,
                })
                .collect(),
            by_stage: by_stage
                .into_iter()
                .map(|(name, count)| Count { name, url: None, count })
                .collect(),
            by_lead: by_lead
                .into_iter()
                .map(|(name, count)| Count { name, url: None, count })
                .collect(),
            tables: p
                .tables
                .iter()
                .map(|t| TableView {
                    file: t.file.rsplit('/').next().unwrap_or(&t.file).to_string(),
                    rows_read: t.rows_read,
                    pairings: t.pairings,
                })
                .collect(),
            data: DATA_FORMATS
                .iter()
                .map(|ext| Link {
                    title: ext.to_uppercase(),
                    url: self.url(&format!("/data/programmes/{}.{ext}", p.slug)),
                })
                .collect(),
            rows,
            content,
        }
    }

    /// Documents about a party: the sources of its programmes, and documents naming it.
    fn related_documents(&self, names: &[&str], programmes: &[usize], region: bool) -> Vec<DocSummary> {
        let pg = &self.graph.pairing;
        let sources: Vec<&str> = programmes
            .iter()
            .filter_map(|&p| pg.programmes[p].notice.as_deref())
            .collect();
        self.graph
            .documents
            .iter()
            .enumerate()
            .filter(|(_, d)| d.section != Section::Pages)
            .filter(|(_, d)| {
                sources.contains(&d.source.as_str())
                    || names.iter().any(|n| d.title.contains(n) || d.body.contains(n))
                    || d.report
                        .as_ref()
                        .and_then(|r| r.institution.as_deref())
                        .is_some_and(|i| names.contains(&i))
                    || (region && d.regions.iter().any(|r| names.contains(&r.as_str())))
            })
            .map(|(i, _)| self.summary(i))
            .collect()
    }

    pub fn party(&self, index: usize) -> PartyView {
        let pg = &self.graph.pairing;
        let p = &pg.parties[index];
        let mut view = PartyView {
            name: p.name.clone(),
            kind: p.kind.label(),
            spellings: p.spellings.clone(),
            path: self.region_links(p.code),
            place_note: crate::model::pairing::PairingGraph::placement_note(p),
            as_recipient: Vec::new(),
            as_supporter: Vec::new(),
            as_lead: Vec::new(),
            documents: Vec::new(),
        };
        let mut programmes = Vec::new();
        for &i in &p.pairings {
            let pairing = &pg.pairings[i];
            programmes.push(pairing.programme);
            if pairing.recipient == index {
                view.as_recipient.push(self.pairing(i));
            }
            if pairing.supporters.contains(&index) {
                view.as_supporter.push(self.pairing(i));
            }
            if pairing.lead == Some(index) && !pairing.supporters.contains(&index) {
                view.as_lead.push(self.pairing(i));
            }
        }
        let mut names: Vec<&str> = vec![p.name.as_str()];
        names.extend(p.spellings.iter().map(String::as_str));
        view.documents = self.related_documents(&names, &programmes, false);
        view
    }

    /// Links to the region pages from the province down to `code`'s county.
    pub fn region_links(&self, code: Option<u32>) -> Vec<Link> {
        code.map(|c| {
            divisions()
                .path(c)
                .into_iter()
                .filter_map(|d| {
                    self.routes.region_paths.get(&d.code).map(|path| Link {
                        title: d.name.to_string(),
                        url: self.url(path),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
    }

    pub fn region(&self, code: u32) -> RegionView {
        let pg = &self.graph.pairing;
        let d = divisions();
        let division = d.get(code);
        let name = division.map(|x| x.name.to_string()).unwrap_or_default();
        let within = |p: &Party| p.code.is_some_and(|c| crate::divisions::Divisions::within(c, code));
        let mut rows = Vec::new();
        let mut schools = std::collections::BTreeSet::new();
        let mut pairings = std::collections::BTreeSet::new();
        let mut programmes = Vec::new();
        let mut own_pairings = Vec::new();
        for (i, pairing) in pg.pairings.iter().enumerate() {
            let programme = Link {
                title: pg.programmes[pairing.programme].title.clone(),
                url: self.url(&self.routes.programme_paths[pairing.programme]),
            };
            let recipient = &pg.parties[pairing.recipient];
            let mut involved = false;
            if recipient.kind == PartyKind::Region && recipient.code == Some(code)
                || pairing
                    .supporters
                    .iter()
                    .any(|&s| pg.parties[s].kind == PartyKind::Region && pg.parties[s].code == Some(code))
            {
                own_pairings.push(self.pairing(i));
                involved = true;
            }
            if within(recipient) && recipient.kind != PartyKind::Region {
                rows.push(RegionRow {
                    party: self.party_link(pairing.recipient),
                    role: "受援",
                    stage: pairing.stage.clone(),
                    partners: pairing.supporters.iter().map(|&s| self.party_link(s)).collect(),
                    lead: pairing.lead.map(|l| self.party_link(l)),
                    programme: programme.clone(),
                });
                schools.insert(pairing.recipient);
                involved = true;
            }
            for &s in &pairing.supporters {
                if within(&pg.parties[s]) && pg.parties[s].kind != PartyKind::Region {
                    rows.push(RegionRow {
                        party: self.party_link(s),
                        role: "支援",
                        stage: pairing.stage.clone(),
                        partners: vec![self.party_link(pairing.recipient)],
                        lead: pairing.lead.map(|l| self.party_link(l)),
                        programme: programme.clone(),
                    });
                    schools.insert(s);
                    involved = true;
                }
            }
            if involved {
                pairings.insert(i);
                programmes.push(pairing.programme);
            }
        }
        let children: Vec<Count> = d
            .children(code)
            .into_iter()
            .filter_map(|c| {
                let path = self.routes.region_paths.get(&c.code)?;
                let count = pg
                    .parties
                    .iter()
                    .filter(|p| {
                        p.kind != PartyKind::Region
                            && within(p)
                            && p.code.is_some_and(|x| crate::divisions::Divisions::within(x, c.code))
                    })
                    .count();
                Some(Count {
                    name: c.name.to_string(),
                    url: Some(self.url(path)),
                    count,
                })
            })
            .collect();
        programmes.sort_unstable();
        programmes.dedup();
        let by_stage = tally(rows.iter().map(|r| stage_label(&r.stage)));
        let by_lead = tally(rows.iter().map(|r| lead_label(&r.lead)));
        let by_role = tally(rows.iter().map(|r| format!("{}方", r.role)));
        let child_counts: Vec<(String, f64)> = children
            .iter()
            .map(|c: &Count| (c.name.clone(), c.count as f64))
            .collect();
        let charts = [
            bar_chart(
                &format!("r{code}-children"),
                "各下级地区参与结对的学校和单位数",
                "个",
                &child_counts,
            ),
            bar_chart(
                &format!("r{code}-stage"),
                "本地区结对按学段",
                "对",
                &as_series(&by_stage),
            ),
            bar_chart(
                &format!("r{code}-lead"),
                "本地区结对按牵头单位",
                "对",
                &as_series(&by_lead),
            ),
            bar_chart(
                &format!("r{code}-role"),
                "本地区学校作为受援方、支援方的结对数",
                "对",
                &as_series(&by_role),
            ),
        ]
        .into_iter()
        .flatten()
        .collect();
        RegionView {
            charts,
            level: division.map(|x| x.level().label()).unwrap_or_default(),
            path: self.region_links(Some(code)),
            children,
            rows,
            own_pairings,
            schools: schools.len(),
            pairings: pairings.len(),
            documents: self.related_documents(&[name.as_str()], &programmes, true),
            name,
        }
    }

    /// A chart of a report's figures that share a unit (the largest such group, people first).
    pub fn metrics_chart(&self, doc: &crate::model::Document, id: &str) -> Option<Chart> {
        let report = doc.report.as_ref()?;
        let mut by_unit: BTreeMap<&str, Vec<(String, f64)>> = BTreeMap::new();
        for m in &report.metrics {
            by_unit
                .entry(m.unit.as_deref().unwrap_or(""))
                .or_default()
                .push((m.name.clone(), m.value));
        }
        let (unit, items) = by_unit.into_iter().max_by_key(|(u, items)| (items.len(), *u == "人"))?;
        let year = report.year.map(|y| format!("{y}年")).unwrap_or_default();
        bar_chart(
            id,
            &format!(
                "{}{year}主要数据（单位：{unit}）",
                report.institution.as_deref().unwrap_or("")
            ),
            unit,
            &items,
        )
    }

    /// Provinces with pairings, each with its prefectures and counties, for the region index.
    pub fn region_tree(&self) -> Vec<RegionBranch> {
        let d = divisions();
        let count_in = |code: u32| {
            self.graph
                .pairing
                .parties
                .iter()
                .filter(|p| {
                    p.kind != PartyKind::Region && p.code.is_some_and(|c| crate::divisions::Divisions::within(c, code))
                })
                .count()
        };
        let entry = |code: u32| Count {
            name: d.get(code).map(|x| x.name.to_string()).unwrap_or_default(),
            url: self.routes.region_paths.get(&code).map(|p| self.url(p)),
            count: count_in(code),
        };
        let mut tree = Vec::new();
        for &province in self
            .routes
            .region_paths
            .keys()
            .filter(|c| Level::of(**c) == Level::Province)
        {
            let mut prefectures = Vec::new();
            for pref in d
                .children(province)
                .into_iter()
                .filter(|c| self.routes.region_paths.contains_key(&c.code))
            {
                let counties: Vec<Count> = if pref.level() == Level::County {
                    Vec::new()
                } else {
                    d.children(pref.code)
                        .into_iter()
                        .filter(|c| self.routes.region_paths.contains_key(&c.code))
                        .map(|c| entry(c.code))
                        .collect()
                };
                prefectures.push((entry(pref.code), counties));
            }
            tree.push((entry(province), prefectures));
        }
        tree
    }
}

//! What the search index holds: every notice, report, page, programme, school, institution and
//! region, with title, metadata and body text, and the finder's list of places and schools.

use super::index::{FinderEntry, SearchDoc};
use super::pinyin_names::pinyin_and_initials;
use crate::divisions::divisions;
use crate::load::Section;
use crate::markdown::plain_text;
use crate::model::pairing::names::PartyKind;
use crate::render::PageKind;
use crate::render::pairing_views::place_text;
use crate::render::views::ViewBuilder;

/// Every page worth finding, as search documents.
pub fn search_documents(views: &ViewBuilder) -> Vec<SearchDoc> {
    let graph = views.graph;
    let pg = &graph.pairing;
    let mut docs = Vec::new();
    for (i, d) in graph.documents.iter().enumerate() {
        let (kind, kind_rank) = match d.section {
            Section::Notices => ("政策文件", 0),
            Section::Reports => ("工作报告", 1),
            Section::Pages => ("页面", 6),
        };
        let mut meta: Vec<String> = Vec::new();
        if let Some(n) = &d.notice {
            meta.extend(
                [n.doc_number.clone(), n.issuer.clone(), n.index_number.clone()]
                    .into_iter()
                    .flatten(),
            );
        }
        if let Some(r) = &d.report {
            meta.extend(r.institution.clone());
        }
        meta.extend(d.taxonomies.values().flatten().cloned());
        meta.extend(d.regions.iter().cloned());
        docs.push(SearchDoc {
            url: views.url(&views.routes.document_paths[i]),
            title: d.title.clone(),
            kind,
            date: Some(d.date.iso()),
            region: d.regions.join("、"),
            meta: meta.join(" "),
            body: plain_text(&d.body),
            kind_rank,
        });
    }
    let source_date = |notice: &Option<String>| {
        notice
            .as_ref()
            .and_then(|n| graph.documents.iter().find(|d| &d.source == n))
            .map(|d| d.date.iso())
    };
    for (i, p) in pg.programmes.iter().enumerate() {
        let rows: Vec<String> = p
            .pairings
            .iter()
            .map(|&x| {
                let pairing = &pg.pairings[x];
                let mut names = vec![pg.parties[pairing.recipient].name.clone()];
                names.extend(pairing.supporters.iter().map(|&s| pg.parties[s].name.clone()));
                names.join(" ")
            })
            .collect();
        docs.push(SearchDoc {
            url: views.url(&views.routes.programme_paths[i]),
            title: p.title.clone(),
            kind: "结对项目",
            date: source_date(&p.notice),
            region: String::new(),
            meta: [
                p.period.clone().unwrap_or_default(),
                p.leads.join(" "),
                p.description.clone().unwrap_or_default(),
            ]
            .join(" "),
            body: rows.join("\n"),
            kind_rank: 2,
        });
    }
    for route in &views.routes.routes {
        match route.kind {
            PageKind::Party(i) => {
                let party = &pg.parties[i];
                let place = place_text(party.code);
                let mut partners = Vec::new();
                let mut date = None;
                for &x in &party.pairings {
                    let pairing = &pg.pairings[x];
                    let programme = &pg.programmes[pairing.programme];
                    date = date.max(source_date(&programme.notice));
                    partners.push(programme.title.clone());
                    partners.push(pg.parties[pairing.recipient].name.clone());
                    partners.extend(pairing.supporters.iter().map(|&s| pg.parties[s].name.clone()));
                }
                docs.push(SearchDoc {
                    url: views.url(&route.path),
                    title: party.name.clone(),
                    kind: if party.kind == PartyKind::School {
                        "学校"
                    } else {
                        "单位"
                    },
                    date,
                    region: place.clone(),
                    meta: format!("{place} {}", party.spellings.join(" ")),
                    body: partners.join(" "),
                    kind_rank: 3,
                });
            }
            PageKind::Region(code) => {
                let names: Vec<String> = pg
                    .parties
                    .iter()
                    .filter(|p| p.code.is_some_and(|c| crate::divisions::Divisions::within(c, code)))
                    .map(|p| p.name.clone())
                    .collect();
                docs.push(SearchDoc {
                    url: views.url(&route.path),
                    title: divisions().get(code).map(|d| d.name.to_string()).unwrap_or_default(),
                    kind: "地区",
                    date: None,
                    region: place_text(Some(code)),
                    meta: place_text(Some(code)),
                    body: names.join(" "),
                    kind_rank: 5,
                });
            }
            _ => {}
        }
    }
    docs
}

/// Schools, institutions and regions for the finder, in a stable order.
pub fn finder_entries(views: &ViewBuilder) -> Vec<FinderEntry> {
    let pg = &views.graph.pairing;
    let mut out = Vec::new();
    for route in &views.routes.routes {
        let (name, kind, place) = match route.kind {
            PageKind::Party(i) => {
                let p = &pg.parties[i];
                (
                    p.name.clone(),
                    if p.kind == PartyKind::School {
                        "学校"
                    } else {
                        "单位"
                    },
                    place_text(p.code),
                )
            }
            PageKind::Region(code) => {
                let name = divisions().get(code).map(|d| d.name.to_string()).unwrap_or_default();
                let path = divisions().path(code);
                let parent = path.iter().rev().nth(1).map(|d| d.name).unwrap_or("");
                (name, "地区", parent.to_string())
            }
            _ => continue,
        };
        let (pinyin, initials) = pinyin_and_initials(&name);
        out.push(FinderEntry {
            name,
            kind,
            place,
            url: views.url(&route.path),
            pinyin,
            initials,
        });
    }
    out.sort_by(|a, b| (a.kind, &a.name, &a.url).cmp(&(b.kind, &b.name, &b.url)));
    out
}

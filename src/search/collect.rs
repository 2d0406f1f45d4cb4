//! What the search index holds: every notice, report, page, programme, school, institution and
//! region, with title, metadata and body text, and the finder's list of places and schools.

use super::index::{DocOrigin, FinderEntry, SearchDoc};
use super::pinyin_names::pinyin_and_initials;
use crate::divisions::divisions;
use crate::load::Section;
use crate::markdown::plain_text;
use crate::model::pairing::names::PartyKind;
use crate::render::PageKind;
use crate::render::pairing_views::{page_range, place_text};
use crate::render::views::ViewBuilder;

/// Every page worth finding, as search documents with their heads only (URL, title, kind, date,
/// region, rank); [`search_text`] makes each one's metadata and body when it is indexed.
pub fn search_documents(views: &ViewBuilder) -> Vec<SearchDoc> {
    let graph = views.graph;
    let pg = &graph.pairing;
    let head = |url: String,
                title: String,
                kind: &'static str,
                date: Option<String>,
                region: String,
                kind_rank: u8,
                origin: DocOrigin| SearchDoc {
        url,
        title,
        kind,
        date,
        region,
        meta: String::new(),
        body: String::new(),
        kind_rank,
        origin,
    };
    let mut docs: Vec<SearchDoc> = Vec::new();
    for (i, d) in graph.documents.iter().enumerate() {
        let (kind, kind_rank) = match d.section {
            Section::Notices => ("政策文件", 0),
            Section::Reports => ("工作报告", 1),
            Section::Pages => ("页面", 6),
        };
        docs.push(head(
            views.url(&views.routes.document_paths[i]),
            d.title.clone(),
            kind,
            Some(d.date.iso()),
            d.regions.join("、"),
            kind_rank,
            DocOrigin::Document(i),
        ));
    }
    let source_date = |programme: usize| graph.index.programme_date(&graph.documents, programme).map(|d| d.iso());
    // Programmes, parties and regions: one document per page of their table, so that a school
    // is found on the page that lists it and no document grows with the size of the site.
    for route in &views.routes.routes {
        let titled = |title: &str| paged_title(title, route.page);
        // Later pages of a table rank after every first page of their date: a school's own page
        // comes before the programme page that lists it.
        let ranked = |rank: u8| if route.page > 0 { CONTINUATION_RANK } else { rank };
        match route.kind {
            PageKind::Programme(i) => docs.push(head(
                views.url(&route.path),
                titled(&pg.programmes[i].title),
                "结对项目",
                source_date(i),
                String::new(),
                ranked(2),
                DocOrigin::Programme(i, route.page),
            )),
            PageKind::Party(i) => {
                let party = &pg.parties[i];
                let date = views
                    .party_programmes(i)
                    .iter()
                    .map(|&p| source_date(p))
                    .max()
                    .flatten();
                docs.push(head(
                    views.url(&route.path),
                    titled(&party.name),
                    if party.kind == PartyKind::School {
                        "学校"
                    } else {
                        "单位"
                    },
                    date,
                    place_text(party.code),
                    ranked(3),
                    DocOrigin::Party(i, route.page),
                ));
            }
            PageKind::Region(code) => docs.push(head(
                views.url(&route.path),
                titled(divisions().get(code).map_or("", |d| d.name)),
                "地区",
                None,
                place_text(Some(code)),
                ranked(5),
                DocOrigin::Region(code, route.page),
            )),
            _ => {}
        }
    }
    docs
}

/// The rank of the second and later pages of a table among documents of the same date.
const CONTINUATION_RANK: u8 = 7;

/// The title of page `page` of a paged table: the first page keeps the plain title.
fn paged_title(title: &str, page: usize) -> String {
    if page == 0 {
        title.to_string()
    } else {
        format!("{title}（第 {} 页）", page + 1)
    }
}

/// The metadata and body indexed for a search document.
pub fn search_text(views: &ViewBuilder, doc: &SearchDoc) -> (String, String) {
    let graph = views.graph;
    let pg = &graph.pairing;
    match doc.origin {
        DocOrigin::Given => (doc.meta.clone(), doc.body.clone()),
        DocOrigin::Document(i) => {
            let d = &graph.documents[i];
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
            (meta.join(" "), plain_text(&d.body))
        }
        DocOrigin::Programme(i, page) => {
            let p = &pg.programmes[i];
            let rows: Vec<String> = p.pairings[page_range(p.pairings.len(), page)]
                .iter()
                .map(|&x| {
                    let pairing = &pg.pairings[x];
                    let mut names = vec![pg.parties[pairing.recipient].name.as_str()];
                    names.extend(pairing.supporters.iter().map(|&s| pg.parties[s].name.as_str()));
                    names.join(" ")
                })
                .collect();
            let meta = if page == 0 {
                [
                    p.period.clone().unwrap_or_default(),
                    p.leads.join(" "),
                    p.description.clone().unwrap_or_default(),
                ]
                .join(" ")
            } else {
                String::new()
            };
            (meta, rows.join("\n"))
        }
        DocOrigin::Party(i, page) => {
            let party = &pg.parties[i];
            let all = views.party_rows(i);
            // One line per row (so a long body can be cut for snippets at line ends).
            let mut partners: Vec<String> = Vec::new();
            for &(_, x) in &all[page_range(all.len(), page)] {
                let pairing = &pg.pairings[x];
                let mut line = vec![pg.programmes[pairing.programme].title.as_str()];
                line.push(&pg.parties[pairing.recipient].name);
                line.extend(pairing.supporters.iter().map(|&s| pg.parties[s].name.as_str()));
                partners.push(line.join(" "));
            }
            let meta = if page == 0 {
                format!("{} {}", place_text(party.code), party.spellings.join(" "))
            } else {
                String::new()
            };
            (meta, partners.join("\n"))
        }
        DocOrigin::Region(code, page) => {
            // The schools listed on this page of the region and, on the first page, the names
            // of its child regions: a province's schools are found through their counties.
            let rows = graph
                .index
                .regions
                .get(&code)
                .map(|e| e.rows.as_slice())
                .unwrap_or_default();
            let mut names: Vec<&str> = Vec::new();
            for r in &rows[page_range(rows.len(), page)] {
                let name = pg.parties[r.party].name.as_str();
                if names.last() != Some(&name) {
                    names.push(name);
                }
            }
            let children: Vec<String> = if page == 0 {
                divisions()
                    .children(code)
                    .iter()
                    .filter(|c| graph.index.regions.contains_key(&c.code))
                    .map(|c| c.name.to_string())
                    .collect()
            } else {
                Vec::new()
            };
            names.extend(children.iter().map(String::as_str));
            let meta = if page == 0 {
                place_text(Some(code))
            } else {
                String::new()
            };
            (meta, names.join("\n"))
        }
    }
}

/// Schools, institutions and regions for the finder, in a stable order.
pub fn finder_entries(views: &ViewBuilder) -> Vec<FinderEntry> {
    let pg = &views.graph.pairing;
    use rayon::prelude::*;
    let routes: Vec<_> = views.routes.routes.iter().filter(|r| r.page == 0).collect();
    let mut out: Vec<FinderEntry> = routes
        .par_iter()
        .filter_map(|route| {
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
                _ => return None,
            };
            let (pinyin, initials) = pinyin_and_initials(&name);
            let forms = crate::model::pairing::short_forms::short_forms(&name);
            let short = forms.join("|");
            let short_initials = forms
                .iter()
                .map(|f| pinyin_and_initials(f).1)
                .collect::<Vec<_>>()
                .join("|");
            Some(FinderEntry {
                name,
                kind,
                place,
                url: views.url(&route.path),
                pinyin,
                initials,
                short,
                short_initials,
            })
        })
        .collect();
    out.sort_by(|a, b| (a.kind, &a.name, &a.url).cmp(&(b.kind, &b.name, &b.url)));
    out
}

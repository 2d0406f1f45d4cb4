//! School and institution pages: the index of schools and units (`/schools/`) and each school's
//! or institution's page with its pairings (paged). Regions that are parties use their region page.

use super::family::{PageFamily, PageInput, RebuildWhen, Router, SearchHead, SitemapEntry, page_rank, paged_title, v};
use crate::diagnostics::Diagnostic;
use crate::model::SiteGraph;
use crate::model::pairing::names::PartyKind;
use crate::render::pairing_views::{page_range, place_text};
use crate::render::routes::Route;
use crate::render::views::ViewBuilder;
use minijinja::{Value, context};

/// The school index and the school and institution pages.
pub struct PartyPages;

const INDEX: u8 = 0;
/// One school or institution; the item is its index in the pairing graph.
const PARTY: u8 = 1;
/// The address a renamed school's page had under its former name: a small page that leads to the
/// page under the new name (any static host serves it). The item is the rename's index.
const FORMER: u8 = 2;
/// A page of a school's table that it had before some of its pairs ended.
const FORMER_PAGE: u8 = 3;

/// Schools not placed that `/schools/` lists by name; the rest are counted (the finder finds them).
const UNPLACED_LISTED: usize = 200;

impl PageFamily for PartyPages {
    fn routes(&self, graph: &SiteGraph, router: &mut Router, diagnostics: &mut Vec<Diagnostic>) {
        let pg = &graph.pairing;
        if pg.programmes.is_empty() {
            return;
        }
        router.add("/schools/", (INDEX, 0), ("content/programmes", None), diagnostics);
        for (i, party) in pg.parties.iter().enumerate() {
            let path = match party.kind {
                PartyKind::Region => party
                    .code
                    .and_then(|c| router.table.region_paths.get(&c).cloned())
                    .unwrap_or_else(|| "/regions/".into()),
                PartyKind::School => format!("/schools/{}/", party.slug),
                PartyKind::Institution => format!("/institutions/{}/", party.slug),
            };
            if party.kind != PartyKind::Region {
                let first = party
                    .pairings
                    .first()
                    .map(|&p| &pg.pairings[p])
                    .or_else(|| party.ended.first().map(|&p| &pg.history[p]));
                let source = first.map(|p| p.file.clone()).unwrap_or_default();
                let line = first.map(|p| p.row);
                let rows = party
                    .pairings
                    .iter()
                    .map(|&p| {
                        let pairing = &pg.pairings[p];
                        let supports = pairing.supporters.contains(&i);
                        usize::from(pairing.recipient == i)
                            + usize::from(supports)
                            + usize::from(pairing.lead == Some(i) && !supports)
                    })
                    .sum();
                router.add_paged(&path, (PARTY, i), (&source, line), rows, diagnostics);
                // Its pairs that ended once stood in its table: at most that many rows more.
                let ever = rows + party.ended.len();
                router.add_former_pages(&path, (FORMER_PAGE, i), (&source, line), (rows, ever), diagnostics);
            }
            router.table.party_paths.push(path);
        }
        for (r, rename) in pg.renames.iter().enumerate() {
            let (Some(p), Some(slug)) = (rename.party, &rename.former_slug) else {
                continue;
            };
            let path = match pg.parties[p].kind {
                PartyKind::School => format!("/schools/{slug}/"),
                PartyKind::Institution => format!("/institutions/{slug}/"),
                PartyKind::Region => continue,
            };
            router.add(&path, (FORMER, r), (&rename.source, rename.line), diagnostics);
        }
    }

    fn context(&self, page: &PageInput) -> (&'static str, Value) {
        let (views, route) = (page.views, page.route);
        let (site, current) = (page.site.clone(), page.current.clone());
        let graph = views.graph;
        if route.kind == INDEX {
            let parties = &graph.pairing.parties;
            let mut institutions: Vec<usize> = (0..parties.len())
                .filter(|&i| parties[i].kind == PartyKind::Institution)
                .collect();
            institutions.sort_by(|&a, &b| parties[a].name.cmp(&parties[b].name));
            let mut unplaced: Vec<usize> = (0..parties.len())
                .filter(|&i| parties[i].kind == PartyKind::School && parties[i].code.is_none())
                .collect();
            unplaced.sort_by(|&a, &b| parties[a].name.cmp(&parties[b].name));
            let schools = parties.iter().filter(|p| p.kind == PartyKind::School).count();
            let ctx = context! {
                site, current, updated => v(graph.index.newest),
                tree => v(views.region_tree()),
                schools, institution_count => institutions.len(),
                institutions => v(institutions.iter().map(|&i| views.party_link(i)).collect::<Vec<_>>()),
                // At national size a messy list may leave thousands unplaced: the page lists the
                // first ones (by name) and counts the rest, which the finder still finds.
                unplaced => v(unplaced.iter().take(UNPLACED_LISTED).map(|&i| views.party_link(i)).collect::<Vec<_>>()),
                unplaced_more => unplaced.len().saturating_sub(UNPLACED_LISTED),
                search_url => views.url("/search/"),
                breadcrumbs => v(views.breadcrumbs(&[("学校和单位", "/schools/")])),
            };
            return ("school_index.html", ctx);
        }
        if route.kind == FORMER_PAGE {
            let party = &graph.pairing.parties[route.item];
            return super::family::moved_page(page, &views.routes.party_paths[route.item], &party.name);
        }
        if route.kind == FORMER {
            let rename = &graph.pairing.renames[route.item];
            let to = rename.party.unwrap_or_default();
            let path = &views.routes.party_paths[to];
            let ctx = context! {
                site, from => rename.from.clone(), to => graph.pairing.parties[to].name.clone(),
                url => views.url(path),
                canonical => format!("{}{}", graph.config.absolute_base(), path.trim_start_matches('/')),
            };
            return ("redirect.html", ctx);
        }
        let i = route.item;
        let view = views.party(i, route.page);
        let mut trail: Vec<(String, String)> = vec![("地区".into(), "/regions/".into())];
        for link in &view.path {
            trail.push((
                link.title.clone(),
                link.url.trim_start_matches(&views.base_path).to_string(),
            ));
        }
        trail.push((view.name.clone(), route.path.clone()));
        let trail_refs: Vec<(&str, &str)> = trail.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let updated = views
            .party_programmes(i)
            .iter()
            .filter_map(|&p| graph.index.programme_updated(&graph.documents, p))
            .max();
        let history = views.party_history(i, route.page);
        let ctx = context! { site, current, updated => v(updated), breadcrumbs => v(views.breadcrumbs(&trail_refs)), page => v(view), history => v(history) };
        ("party.html", ctx)
    }

    fn search_head(&self, views: &ViewBuilder, route: &Route) -> Option<SearchHead> {
        if route.kind != PARTY {
            return None;
        }
        let graph = views.graph;
        let party = &graph.pairing.parties[route.item];
        let date = views
            .party_programmes(route.item)
            .iter()
            .map(|&p| graph.index.programme_date(&graph.documents, p).map(|d| d.iso()))
            .max()
            .flatten();
        Some(SearchHead {
            title: paged_title(&party.name, route.page),
            kind: kind_name(party.kind),
            date,
            region: place_text(party.code),
            kind_rank: page_rank(3, route.page),
        })
    }

    fn search_text(&self, views: &ViewBuilder, route: &Route) -> (String, String) {
        let pg = &views.graph.pairing;
        let (i, page) = (route.item, route.page);
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
            // Its former names find it too (a school searched under the name it had).
            let former = party.former.iter().map(|&r| pg.renames[r].from.as_str());
            let names: Vec<&str> = party.spellings.iter().map(String::as_str).chain(former).collect();
            format!("{} {}", place_text(party.code), names.join(" "))
        } else {
            String::new()
        };
        (meta, partners.join("\n"))
    }

    fn finder_name(&self, views: &ViewBuilder, route: &Route) -> Option<(String, &'static str, String)> {
        if route.kind != PARTY {
            return None;
        }
        let p = &views.graph.pairing.parties[route.item];
        Some((p.name.clone(), kind_name(p.kind), place_text(p.code)))
    }

    fn rebuild_when<'g>(&self, graph: &'g SiteGraph, route: &Route) -> RebuildWhen<'g> {
        match route.kind {
            PARTY => RebuildWhen::Shows(&graph.index.party_documents[route.item]),
            _ => RebuildWhen::ListsChange,
        }
    }

    fn sitemap_entry(&self, _graph: &SiteGraph, route: &Route) -> SitemapEntry {
        if route.kind == FORMER || route.kind == FORMER_PAGE {
            SitemapEntry::Left
        } else {
            SitemapEntry::Listed(None)
        }
    }
}

/// How search results and the finder name a party's kind.
fn kind_name(kind: PartyKind) -> &'static str {
    if kind == PartyKind::School { "学校" } else { "单位" }
}

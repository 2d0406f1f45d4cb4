//! Region pages: the index of regions (`/regions/`) and each province, prefecture and county that
//! has pairings (`/regions/广西壮族自治区/防城港市/`), with its counts, charts and schools (paged).

use super::family::{PageFamily, PageInput, RebuildWhen, Router, SearchHead, SitemapEntry, page_rank, paged_title, v};
use crate::diagnostics::Diagnostic;
use crate::divisions::divisions;
use crate::model::SiteGraph;
use crate::render::pairing_views::{page_range, place_text};
use crate::render::routes::Route;
use crate::render::views::ViewBuilder;
use crate::slug::term_slug;
use minijinja::{Value, context};

/// The region index and region pages.
pub struct RegionPages;

const INDEX: u8 = 0;
/// One region; the item is its division code.
const REGION: u8 = 1;
/// A page of a region's table that it had before some of its pairs ended.
const FORMER_PAGE: u8 = 2;

fn code_of(route: &Route) -> u32 {
    u32::try_from(route.item).unwrap_or_default()
}

impl PageFamily for RegionPages {
    fn routes(&self, graph: &SiteGraph, router: &mut Router, diagnostics: &mut Vec<Diagnostic>) {
        if graph.pairing.programmes.is_empty() {
            return;
        }
        router.add("/regions/", (INDEX, 0), ("content/programmes", None), diagnostics);
        let d = divisions();
        for (&code, entry) in &graph.index.regions {
            let names: Vec<String> = d.path(code).iter().map(|x| term_slug(x.name)).collect();
            let path = format!("/regions/{}/", names.join("/"));
            let at = ("content/programmes", None);
            router.add_paged(&path, (REGION, code as usize), at, entry.rows.len(), diagnostics);
            // Its ended pairs once stood in its table (a pair has at most two rows on a page).
            let ever = entry.rows.len() + 2 * entry.ended;
            router.add_former_pages(
                &path,
                (FORMER_PAGE, code as usize),
                at,
                (entry.rows.len(), ever),
                diagnostics,
            );
            router.table.region_paths.insert(code, path);
        }
    }

    fn context(&self, page: &PageInput) -> (&'static str, Value) {
        let (views, route) = (page.views, page.route);
        let (site, current) = (page.site.clone(), page.current.clone());
        if route.kind == INDEX {
            let tree = views.region_tree();
            let ctx = context! {
                site, current, updated => v(views.graph.index.newest), tree => v(tree),
                breadcrumbs => v(views.breadcrumbs(&[("地区", "/regions/")])),
            };
            return ("region_index.html", ctx);
        }
        if route.kind == FORMER_PAGE {
            let code = code_of(route);
            let name = crate::divisions::divisions().get(code).map_or("地区", |d| d.name);
            return super::family::moved_page(page, &views.routes.region_paths[&code], name);
        }
        let view = views.region(code_of(route), route.page);
        let mut trail: Vec<(String, String)> = vec![("地区".into(), "/regions/".into())];
        for link in &view.path {
            trail.push((
                link.title.clone(),
                link.url.trim_start_matches(&views.base_path).to_string(),
            ));
        }
        let trail_refs: Vec<(&str, &str)> = trail.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let updated = view.documents.iter().map(|d| d.date).max();
        let ctx = context! { site, current, updated => v(updated), breadcrumbs => v(views.breadcrumbs(&trail_refs)), page => v(view) };
        ("region.html", ctx)
    }

    fn search_head(&self, _: &ViewBuilder, route: &Route) -> Option<SearchHead> {
        if route.kind != REGION {
            return None;
        }
        let code = code_of(route);
        Some(SearchHead {
            title: paged_title(divisions().get(code).map_or("", |d| d.name), route.page),
            kind: "地区",
            date: None,
            region: place_text(Some(code)),
            kind_rank: page_rank(5, route.page),
        })
    }

    fn search_text(&self, views: &ViewBuilder, route: &Route) -> (String, String) {
        // The schools listed on this page of the region and, on the first page, the names of its
        // child regions: a province's schools are found through their counties.
        let (graph, code, page) = (views.graph, code_of(route), route.page);
        let pg = &graph.pairing;
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

    fn finder_name(&self, _: &ViewBuilder, route: &Route) -> Option<(String, &'static str, String)> {
        if route.kind != REGION {
            return None;
        }
        let code = code_of(route);
        let name = divisions().get(code).map(|d| d.name.to_string()).unwrap_or_default();
        let path = divisions().path(code);
        let parent = path.iter().rev().nth(1).map(|d| d.name).unwrap_or("");
        Some((name, "地区", parent.to_string()))
    }

    fn rebuild_when<'g>(&self, graph: &'g SiteGraph, route: &Route) -> RebuildWhen<'g> {
        match route.kind {
            REGION => RebuildWhen::Shows(
                graph
                    .index
                    .regions
                    .get(&code_of(route))
                    .map(|e| e.documents.as_slice())
                    .unwrap_or_default(),
            ),
            _ => RebuildWhen::ListsChange,
        }
    }

    fn sitemap_entry(&self, _graph: &SiteGraph, route: &Route) -> SitemapEntry {
        if route.kind == FORMER_PAGE {
            SitemapEntry::Left
        } else {
            SitemapEntry::Listed(None)
        }
    }
}

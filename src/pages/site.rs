//! The site's own pages: the home page, the 404 page, the search page and the 网站地图.

use super::family::{PageFamily, PageInput, Router, SitemapEntry, term_counts, v, year_links};
use crate::diagnostics::Diagnostic;
use crate::load::Section;
use crate::model::SiteGraph;
use crate::render::routes::{Route, SITE_MAP_PATH};
use crate::render::views::DocSummary;
use minijinja::{Value, context};

/// Home, 404, search and 网站地图.
pub struct SitePages;

const HOME: u8 = 0;
const NOT_FOUND: u8 = 1;
const SEARCH: u8 = 2;
const SITE_MAP: u8 = 3;

impl PageFamily for SitePages {
    fn routes(&self, _: &SiteGraph, router: &mut Router, diagnostics: &mut Vec<Diagnostic>) {
        for (path, kind) in [
            ("/", HOME),
            ("/404.html", NOT_FOUND),
            ("/search/", SEARCH),
            (SITE_MAP_PATH, SITE_MAP),
        ] {
            router.add(path, (kind, 0), ("site.toml", None), diagnostics);
        }
    }

    fn sitemap_entry(&self, _: &SiteGraph, route: &Route) -> SitemapEntry {
        if route.kind == NOT_FOUND {
            SitemapEntry::Left
        } else {
            SitemapEntry::Listed(None)
        }
    }

    fn context(&self, page: &PageInput) -> (&'static str, Value) {
        let views = page.views;
        let (site, current) = (page.site.clone(), page.current.clone());
        let graph = views.graph;
        let config = &graph.config;
        match page.route.kind {
            HOME => {
                let notices: Vec<DocSummary> = graph
                    .in_section(Section::Notices)
                    .take(config.home_items("notices"))
                    .map(|(i, _)| views.summary(i))
                    .collect();
                let reports: Vec<DocSummary> = graph
                    .in_section(Section::Reports)
                    .take(config.home_items("reports"))
                    .map(|(i, _)| views.summary(i))
                    .collect();
                let updated = graph.index.newest;
                let topics = term_counts(views, config.taxonomies.first().map(|t| t.name.as_str()).unwrap_or(""));
                let programmes: Vec<_> = (0..graph.pairing.programmes.len())
                    .map(|i| views.programme_summary(i))
                    .collect();
                let ctx = context! {
                    site, current, updated => v(updated), notices => v(notices), reports => v(reports), topics => v(topics),
                    programmes => v(programmes),
                    programmes_url => views.url("/programmes/"),
                    regions_url => views.url("/regions/"),
                    schools_url => views.url("/schools/"),
                    search_url => views.url("/search/"),
                    notices_url => views.url("/notices/"),
                    reports_url => views.url("/reports/"),
                    notices_title => config.section_title("notices"),
                    reports_title => config.section_title("reports"),
                    topics_title => config.taxonomies.first().map(|t| t.title.clone()),
                    years => v(year_links(views, None)),
                };
                ("index.html", ctx)
            }
            SITE_MAP => {
                let taxonomies: Vec<_> = config
                    .taxonomies
                    .iter()
                    .map(|t| (t, term_counts(views, &t.name)))
                    .filter(|(_, terms)| !terms.is_empty())
                    .map(|(t, terms)| context! { title => t.title.clone(), url => views.url(&format!("/{}/", t.name)), terms => v(terms) })
                    .collect();
                let has_pairings = !graph.pairing.programmes.is_empty();
                let provinces: Vec<_> = if has_pairings {
                    views.region_tree().into_iter().map(|(province, _)| province).collect()
                } else {
                    Vec::new()
                };
                let programmes: Vec<_> = (0..graph.pairing.programmes.len())
                    .map(|i| views.programme_summary(i))
                    .collect();
                let ctx = context! {
                    site, current, updated => v(graph.index.newest),
                    years => v(year_links(views, None)),
                    notices_url => views.routes.exists("/notices/").then(|| views.url("/notices/")),
                    reports_url => views.routes.exists("/reports/").then(|| views.url("/reports/")),
                    programmes => v(programmes),
                    programmes_url => has_pairings.then(|| views.url("/programmes/")),
                    regions_url => has_pairings.then(|| views.url("/regions/")),
                    schools_url => has_pairings.then(|| views.url("/schools/")),
                    provinces => v(provinces),
                    taxonomies,
                    breadcrumbs => v(views.breadcrumbs(&[("网站地图", SITE_MAP_PATH)])),
                };
                ("sitemap.html", ctx)
            }
            SEARCH => {
                let ctx = context! {
                    site, current,
                    updated => v(graph.index.newest),
                    regions_url => views.url("/regions/"),
                    programmes_url => views.url("/programmes/"),
                    directory_url => views.url("/directory/"),
                    has_pairings => !graph.pairing.programmes.is_empty(),
                    breadcrumbs => v(views.breadcrumbs(&[("搜索", "/search/")])),
                };
                ("search.html", ctx)
            }
            _ => ("404.html", context! { site, current }),
        }
    }
}

//! Page families and the page dispatcher: the registry of every kind of page, the route table
//! built from it, and every route rendered in parallel through its family and one template.

pub mod changes;
pub mod data_guide;
pub mod document;
pub mod family;
pub mod lists;
pub mod party;
pub mod programme;
pub mod region;
pub mod site;
pub mod taxonomy;

use crate::diagnostics::Diagnostic;
use crate::markdown::render_markdown;
use crate::model::SiteGraph;
use crate::output::sink::OutputSink;
use crate::output::write_error;
use crate::render::links::check_link;
use crate::render::routes::{Route, RouteTable};
use crate::render::templates::Templates;
use crate::render::views::ViewBuilder;
use family::{PageFamily, PageInput, Router, v};
use rayon::prelude::*;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Every page family, in the order their routes are made (a family may read paths an earlier one
/// set: school pages of a region party use the region's page). A new family is one line here.
pub static FAMILIES: &[&dyn PageFamily] = &[
    &site::SitePages,
    &lists::DocumentLists,
    &taxonomy::TaxonomyPages,
    &document::DocumentPages,
    &programme::ProgrammePages,
    &changes::ChangePages,
    &data_guide::DataGuide,
    &region::RegionPages,
    &party::PartyPages,
];

/// The family that makes `route`.
pub fn family_of(route: &Route) -> &'static dyn PageFamily {
    FAMILIES[route.family]
}

/// Routes every page of `graph`, family by family; URL collisions become errors naming both sources.
pub fn route_site(graph: &SiteGraph, diagnostics: &mut Vec<Diagnostic>) -> RouteTable {
    let mut table = RouteTable::default();
    for (family, pages) in FAMILIES.iter().enumerate() {
        pages.routes(
            graph,
            &mut Router {
                table: &mut table,
                family,
            },
            diagnostics,
        );
    }
    table
}

/// Renders every route in parallel and writes each page into `sink` as soon as it is made;
/// `progress(done, total)` is called as pages finish. Returns the number of pages.
pub fn render_site(
    root: &Path,
    graph: &SiteGraph,
    routes: &RouteTable,
    sink: &OutputSink,
    progress: &(dyn Fn(usize, usize) + Sync),
    diagnostics: &mut Vec<Diagnostic>,
) -> usize {
    let all: Vec<&Route> = routes.routes.iter().collect();
    let total = all.len();
    let done = AtomicUsize::new(0);
    let write = |path: &str, html: String| {
        progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
        sink.write(path, html.as_bytes()).map_err(|e| write_error(path, &e))
    };
    diagnostics.extend(render_routes(root, graph, routes, &all, &write));
    total
}

/// Routes rendered in one go by a thread, at most (see [`render_routes`]).
const ROUTES_PER_TASK: usize = 32;

/// Renders `selected` routes in parallel, handing each page (output file, HTML) to `page`;
/// returns the diagnostics (broken links, template errors, failed writes).
pub fn render_routes(
    root: &Path,
    graph: &SiteGraph,
    routes: &RouteTable,
    selected: &[&Route],
    page: &(dyn Fn(&str, String) -> Result<(), Diagnostic> + Sync),
) -> Vec<Diagnostic> {
    let views = ViewBuilder::new(graph, routes);
    let templates = Templates::new(root, &graph.config.theme);
    let site = v(views.site());
    // Split into small pieces: rayon otherwise hands each thread a quarter of the routes to
    // render alone, and a thread that finishes its other work (the emitters) finds nothing left
    // to take while the last quarter renders on one core.
    let problems: Vec<Vec<Diagnostic>> = selected
        .par_iter()
        .with_max_len(ROUTES_PER_TASK)
        .map(|route| {
            let mut found = Vec::new();
            let family = family_of(route);
            let body = body_html(&views, family, route, &mut found);
            let input = PageInput {
                views: &views,
                route,
                body: &body,
                site: site.clone(),
                current: views.url(&route.path),
            };
            let (template, ctx) = family.context(&input);
            match templates.render(template, ctx) {
                Ok(html) => {
                    if let Err(d) = page(&route.output_file(), html) {
                        found.push(d);
                    }
                }
                Err(d) => found.push(d),
            }
            found
        })
        .collect();
    problems.into_iter().flatten().collect()
}

/// The Markdown body of a route as HTML, with its links checked (empty for pages without one).
fn body_html(views: &ViewBuilder, family: &dyn PageFamily, route: &Route, diagnostics: &mut Vec<Diagnostic>) -> String {
    let Some(body) = family.body(views.graph, route) else {
        return String::new();
    };
    let (html, broken) = render_markdown(body.text, views.graph.config.markdown.unsafe_html, &|url| {
        check_link(views.routes, &views.base_path, &route.path, url)
    });
    for b in broken {
        // A link to a notice that waits for its date is not a typo: say when it can be linked.
        let waiting = b
            .url
            .strip_prefix("@/")
            .map(|p| format!("content/{}", p.split('#').next().unwrap_or(p)))
            .and_then(|source| views.graph.scheduled.get(&source));
        let (reason, hint) = match waiting {
            Some(date) => (
                format!("它的日期 {} 还没到，尚未发布", date.iso()),
                "到那天两份一起发布，或先去掉这个链接；预览用 --future",
            ),
            None => (b.reason, body.link_hint),
        };
        diagnostics.push(
            Diagnostic::error(
                body.source,
                Some(body.line + b.line - 1),
                format!("链接 {} 无效: {reason}", b.url),
            )
            .with_hint(hint),
        );
    }
    html
}

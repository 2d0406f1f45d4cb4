//! 名单变更 pages (`/programmes/<slug>/changes/`): for a programme whose list has several
//! versions, what each version added, changed and ended, its renames and its timeline.

use super::family::{PageFamily, PageInput, RebuildWhen, Router, SearchHead, SitemapEntry, v};
use crate::diagnostics::Diagnostic;
use crate::model::SiteGraph;
use crate::render::history_views::changes_path;
use crate::render::routes::Route;
use crate::render::views::ViewBuilder;
use minijinja::{Value, context};

/// The 变更 page of every programme with more than one version of its list.
pub struct ChangePages;

impl PageFamily for ChangePages {
    fn routes(&self, graph: &SiteGraph, router: &mut Router, diagnostics: &mut Vec<Diagnostic>) {
        for (i, p) in graph.pairing.programmes.iter().enumerate() {
            if p.versions.len() > 1 {
                let path = changes_path(&router.table.programme_paths[i]);
                router.add(&path, (0, i), (&p.source, None), diagnostics);
            }
        }
    }

    fn context(&self, page: &PageInput) -> (&'static str, Value) {
        let (views, route) = (page.views, page.route);
        let graph = views.graph;
        let i = route.item;
        let view = views.changes(i);
        let ctx = context! {
            site => page.site.clone(), current => page.current.clone(),
            updated => v(graph.index.programme_updated(&graph.documents, i)),
            breadcrumbs => v(views.breadcrumbs(&[
                ("结对项目", "/programmes/"),
                (graph.pairing.programmes[i].title.as_str(), &views.routes.programme_paths[i]),
                ("名单变更", &route.path),
            ])),
            page => v(view),
        };
        ("changes.html", ctx)
    }

    fn search_head(&self, views: &ViewBuilder, route: &Route) -> Option<SearchHead> {
        let graph = views.graph;
        let p = &graph.pairing.programmes[route.item];
        Some(SearchHead {
            title: format!("{}：名单变更", p.title),
            kind: "名单变更",
            date: graph
                .index
                .programme_updated(&graph.documents, route.item)
                .map(|d| d.iso()),
            region: String::new(),
            kind_rank: 2,
        })
    }

    fn search_text(&self, views: &ViewBuilder, route: &Route) -> (String, String) {
        let pg = &views.graph.pairing;
        let p = &pg.programmes[route.item];
        let lines: Vec<String> = views
            .versions(route.item, true)
            .into_iter()
            .flat_map(|v| {
                let label = v.label;
                v.changes.into_iter().map(move |c| {
                    let row = c.after.or(c.before);
                    let names = row
                        .map(|r| {
                            std::iter::once(r.recipient.name)
                                .chain(r.supporters.into_iter().map(|s| s.name))
                                .collect::<Vec<_>>()
                                .join(" ")
                        })
                        .unwrap_or_default();
                    format!("{label} {} {names}", c.kind)
                })
            })
            .chain(
                pg.renames
                    .iter()
                    .filter(|r| r.source == p.source)
                    .map(|r| format!("更名 {} {}", r.from, r.to)),
            )
            .collect();
        (
            p.versions
                .iter()
                .map(|v| v.label.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            lines.join("\n"),
        )
    }

    fn rebuild_when<'g>(&self, graph: &'g SiteGraph, route: &Route) -> RebuildWhen<'g> {
        RebuildWhen::Shows(graph.index.programmes[route.item].shows.as_slice())
    }

    fn sitemap_entry(&self, graph: &SiteGraph, route: &Route) -> SitemapEntry {
        SitemapEntry::Listed(
            graph
                .index
                .programme_updated(&graph.documents, route.item)
                .map(|d| d.iso()),
        )
    }
}

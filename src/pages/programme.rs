//! Programme pages: the list of programmes (`/programmes/`) and each programme with its pairing
//! table (paged) and its Markdown description.

use super::family::{
    MarkdownBody, PageFamily, PageInput, RebuildWhen, Router, SearchHead, SitemapEntry, page_rank, paged_title, v,
};
use crate::diagnostics::Diagnostic;
use crate::model::SiteGraph;
use crate::render::pairing_views::page_range;
use crate::render::routes::{DATA_FORMATS, Route};
use crate::render::views::ViewBuilder;
use minijinja::{Value, context};

/// The programme list and programme pages.
pub struct ProgrammePages;

const LIST: u8 = 0;
/// One programme; the item is its index in the pairing graph.
const PROGRAMME: u8 = 1;
/// A page of a programme's table that an earlier, longer version of its list had.
const FORMER_PAGE: u8 = 2;

impl PageFamily for ProgrammePages {
    fn routes(&self, graph: &SiteGraph, router: &mut Router, diagnostics: &mut Vec<Diagnostic>) {
        let pg = &graph.pairing;
        if pg.programmes.is_empty() {
            return;
        }
        router.add("/programmes/", (LIST, 0), ("content/programmes", None), diagnostics);
        for (i, p) in pg.programmes.iter().enumerate() {
            let path = format!("/programmes/{}/", p.slug);
            router.add_paged(&path, (PROGRAMME, i), (&p.source, None), p.pairings.len(), diagnostics);
            let longest = p.versions.iter().map(|v| v.pairs).max().unwrap_or(0);
            router.add_former_pages(
                &path,
                (FORMER_PAGE, i),
                (&p.source, None),
                (p.pairings.len(), longest),
                diagnostics,
            );
            router.table.by_source.insert(p.source.clone(), path.clone());
            router.table.programme_paths.push(path);
        }
    }

    fn body<'g>(&self, graph: &'g SiteGraph, route: &Route) -> Option<MarkdownBody<'g>> {
        if route.kind != PROGRAMME || route.page > 0 {
            return None;
        }
        let p = &graph.pairing.programmes[route.item];
        Some(MarkdownBody {
            text: &p.body,
            source: &p.source,
            line: p.body_line,
            link_hint: "站内文件用 @/notices/文件名.md 链接",
        })
    }

    fn context(&self, page: &PageInput) -> (&'static str, Value) {
        let (views, route) = (page.views, page.route);
        let (site, current) = (page.site.clone(), page.current.clone());
        let graph = views.graph;
        let pg = &graph.pairing;
        let programme_updated = |i: usize| graph.index.programme_updated(&graph.documents, i);
        if route.kind == FORMER_PAGE {
            let p = &pg.programmes[route.item];
            return super::family::moved_page(page, &views.routes.programme_paths[route.item], &p.title);
        }
        if route.kind == PROGRAMME {
            let i = route.item;
            let view = views.programme(i, page.body, route.page);
            let ctx = context! {
                site, current, updated => v(programme_updated(i)),
                breadcrumbs => v(views.breadcrumbs(&[("结对项目", "/programmes/"), (pg.programmes[i].title.as_str(), &route.path)])),
                page => v(view),
                history => v(views.programme_history(i, route.page)),
            };
            return ("programme.html", ctx);
        }
        let mut order: Vec<usize> = (0..pg.programmes.len()).collect();
        order.sort_by_key(|&i| {
            (
                pg.programmes[i].weight,
                std::cmp::Reverse(programme_updated(i)),
                pg.programmes[i].title.clone(),
            )
        });
        let programmes: Vec<_> = order.iter().map(|&i| views.programme_summary(i)).collect();
        let data = views.data_links("/data/pairings", &DATA_FORMATS, "全部结对名单");
        let updated = (0..pg.programmes.len()).filter_map(programme_updated).max();
        let ctx = context! {
            site, current, updated => v(updated), programmes => v(programmes), data => v(data),
            total => pg.pairings.len(),
            breadcrumbs => v(views.breadcrumbs(&[("结对项目", "/programmes/")])),
        };
        ("programme_list.html", ctx)
    }

    fn search_head(&self, views: &ViewBuilder, route: &Route) -> Option<SearchHead> {
        if route.kind != PROGRAMME {
            return None;
        }
        let graph = views.graph;
        Some(SearchHead {
            title: paged_title(&graph.pairing.programmes[route.item].title, route.page),
            kind: "结对项目",
            date: graph
                .index
                .programme_date(&graph.documents, route.item)
                .map(|d| d.iso()),
            region: String::new(),
            kind_rank: page_rank(2, route.page),
        })
    }

    fn search_text(&self, views: &ViewBuilder, route: &Route) -> (String, String) {
        let pg = &views.graph.pairing;
        let p = &pg.programmes[route.item];
        let rows: Vec<String> = p.pairings[page_range(p.pairings.len(), route.page)]
            .iter()
            .map(|&x| {
                let pairing = &pg.pairings[x];
                let mut names = vec![pg.parties[pairing.recipient].name.as_str()];
                names.extend(pairing.supporters.iter().map(|&s| pg.parties[s].name.as_str()));
                names.join(" ")
            })
            .collect();
        let meta = if route.page == 0 {
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

    fn rebuild_when<'g>(&self, graph: &'g SiteGraph, route: &Route) -> RebuildWhen<'g> {
        match route.kind {
            PROGRAMME => RebuildWhen::Shows(graph.index.programmes[route.item].shows.as_slice()),
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

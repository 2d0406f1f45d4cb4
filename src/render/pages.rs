//! Renders every route to HTML in parallel: Markdown bodies first, then one template per page.

use crate::date::PartialDate;
use crate::diagnostics::Diagnostic;
use crate::emit::sink::OutputSink;
use crate::load::Section;
use crate::markdown::render_markdown;
use crate::model::SiteGraph;
use crate::render::links::check_link;
use crate::render::pairing_views::page_range;
use crate::render::templates::Templates;
use crate::render::views::{DocSummary, ViewBuilder};
use crate::render::{PageKind, Route, RouteTable};
use minijinja::value::Serde;
use minijinja::{Value, context};
use rayon::prelude::*;
use serde::Serialize;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Serialize)]
struct YearLink {
    year: i32,
    url: String,
    count: usize,
    current: bool,
}

#[derive(Serialize)]
struct TermCount {
    name: String,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct SectionListing {
    title: String,
    documents: Vec<DocSummary>,
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
            let body = body_html(&views, route, &mut found);
            let (template, ctx) = page_context(&views, route, &body, site.clone());
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

/// A write into the output that failed.
pub fn write_error(path: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(path, None, format!("无法写入输出文件: {e}"))
        .with_hint("检查磁盘空间与写入权限；原有输出未被改动")
}

/// The Markdown body of a document or programme page as HTML, with its links checked (only the
/// first page of a paginated programme carries the body).
fn body_html(views: &ViewBuilder, route: &Route, diagnostics: &mut Vec<Diagnostic>) -> String {
    let graph = views.graph;
    let (body, source, body_line) = match route.kind {
        PageKind::Document(i) => {
            let d = &graph.documents[i];
            (&d.body, &d.source, d.body_line)
        }
        PageKind::Programme(i) if route.page == 0 => {
            let p = &graph.pairing.programmes[i];
            (&p.body, &p.source, p.body_line)
        }
        _ => return String::new(),
    };
    let hint = if matches!(route.kind, PageKind::Document(_)) {
        "站内文件用 @/notices/文件名.md 链接；附件写与 Markdown 同文件夹的文件名"
    } else {
        "站内文件用 @/notices/文件名.md 链接"
    };
    let (html, broken) = render_markdown(body, graph.config.markdown.unsafe_html, &|url| {
        check_link(views.routes, &views.base_path, &route.path, url)
    });
    for b in broken {
        diagnostics.push(
            Diagnostic::error(
                source,
                Some(body_line + b.line - 1),
                format!("链接 {} 无效: {}", b.url, b.reason),
            )
            .with_hint(hint),
        );
    }
    html
}

fn newest(summaries: &[DocSummary]) -> Option<PartialDate> {
    summaries.iter().map(|s| s.date).max()
}

fn page_context(views: &ViewBuilder, route: &Route, body: &str, site: Value) -> (&'static str, Value) {
    let graph = views.graph;
    let config = &graph.config;
    let current = views.url(&route.path);
    match &route.kind {
        PageKind::Home => {
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
        PageKind::NoticeList | PageKind::NoticeYear(_) => {
            let year = match &route.kind {
                PageKind::NoticeYear(year) => Some(*year),
                _ => None,
            };
            let all: &[usize] = match year {
                Some(y) => graph.notices_of_year(y),
                None => graph.section_documents(Section::Notices),
            };
            let first = year.map_or_else(|| "/notices/".to_string(), |y| format!("/notices/{y}/"));
            let pager = views.pager(&first, all.len(), route.page);
            let notices: Vec<DocSummary> = all[page_range(all.len(), route.page)]
                .iter()
                .map(|&i| views.summary(i))
                .collect();
            let updated = all.iter().map(|&i| graph.documents[i].date).max();
            let section_title = config.section_title("notices");
            let (title, breadcrumbs) = match year {
                Some(y) => {
                    let year_title = format!("{y}年");
                    let crumbs = views.breadcrumbs(&[
                        (section_title.as_str(), "/notices/"),
                        (year_title.as_str(), &format!("/notices/{y}/")),
                    ]);
                    (format!("{section_title} · {year_title}"), crumbs)
                }
                None => (
                    section_title.clone(),
                    views.breadcrumbs(&[(section_title.as_str(), "/notices/")]),
                ),
            };
            let ctx = context! {
                site, current, updated => v(updated), notices => v(notices), year, page_nav => v(pager),
                title, section_title, total => all.len(), all_url => views.url("/notices/"),
                years => v(year_links(views, year)),
                breadcrumbs => v(breadcrumbs),
            };
            ("notice_list.html", ctx)
        }
        PageKind::ReportList => {
            let reports: Vec<DocSummary> = graph
                .in_section(Section::Reports)
                .map(|(i, _)| views.summary(i))
                .collect();
            let title = config.section_title("reports");
            let ctx = context! {
                site, current, updated => v(newest(&reports)), reports => v(reports),
                breadcrumbs => v(views.breadcrumbs(&[(title.as_str(), "/reports/")])),
                title,
            };
            ("report_list.html", ctx)
        }
        PageKind::Document(i) => {
            let doc = &graph.documents[*i];
            let page = views.document(*i, body);
            let section_path = format!("/{}/", doc.section.name());
            let section_title = config.section_title(doc.section.name());
            let mut trail: Vec<(&str, &str)> = Vec::new();
            if doc.section != Section::Pages {
                trail.push((section_title.as_str(), section_path.as_str()));
            }
            trail.push((doc.title.as_str(), route.path.as_str()));
            let template = match doc.section {
                Section::Notices => "notice.html",
                Section::Reports => "report.html",
                Section::Pages => "page.html",
            };
            let chart = views.metrics_chart(doc, &format!("d{i}-metrics"));
            let ctx = context! {
                site, current, updated => v(page.last_updated), breadcrumbs => v(views.breadcrumbs(&trail)), page => v(page),
                chart => v(chart),
            };
            (template, ctx)
        }
        PageKind::TaxonomyList(name) => {
            let title = config
                .taxonomies
                .iter()
                .find(|t| &t.name == name)
                .map(|t| t.title.clone())
                .unwrap_or_default();
            let terms = term_counts(views, name);
            let updated = graph
                .terms_of(name)
                .flat_map(|t| t.documents.iter())
                .map(|&i| graph.documents[i].date)
                .max();
            let ctx = context! {
                site, current, updated => v(updated), terms => v(terms),
                breadcrumbs => v(views.breadcrumbs(&[(title.as_str(), &route.path)])),
                title,
            };
            ("taxonomy_list.html", ctx)
        }
        PageKind::TaxonomyTerm(t) => {
            let term = &graph.terms[*t];
            let taxonomy = config
                .taxonomies
                .iter()
                .find(|x| x.name == term.taxonomy)
                .map(|x| x.title.clone())
                .unwrap_or_default();
            let documents: Vec<DocSummary> = term.documents[page_range(term.documents.len(), route.page)]
                .iter()
                .map(|&i| views.summary(i))
                .collect();
            let updated = term.documents.iter().map(|&i| graph.documents[i].date).max();
            let list_path = format!("/{}/", term.taxonomy);
            let first = format!("/{}/{}/", term.taxonomy, term.slug);
            let page_nav = views.pager(&first, term.documents.len(), route.page);
            let ctx = context! {
                site, current, updated => v(updated), documents => v(documents), page_nav => v(page_nav),
                breadcrumbs => v(views.breadcrumbs(&[(taxonomy.as_str(), &list_path), (term.name.as_str(), &first)])),
                term => term.name.clone(),
                taxonomy,
                taxonomy_url => views.url(&list_path),
            };
            ("taxonomy_term.html", ctx)
        }
        PageKind::Directory => {
            // All documents by section; long directories continue on further pages.
            let lists = [Section::Notices, Section::Reports, Section::Pages].map(|s| (s, graph.section_documents(s)));
            let total: usize = lists.iter().map(|(_, list)| list.len()).sum();
            let updated = graph.index.newest;
            let mut sections: Vec<SectionListing> = Vec::new();
            for (s, i) in slice_across(&lists, page_range(total, route.page)) {
                let title = config.section_title(s.name());
                if sections.last().is_none_or(|l| l.title != title) {
                    sections.push(SectionListing {
                        title,
                        documents: Vec::new(),
                    });
                }
                if let Some(l) = sections.last_mut() {
                    l.documents.push(views.summary(i));
                }
            }
            let pager = views.pager("/directory/", total, route.page);
            let ctx = context! {
                site, current, updated => v(updated), sections => v(sections), page_nav => v(pager),
                breadcrumbs => v(views.breadcrumbs(&[("全部文件", "/directory/")])),
            };
            ("directory.html", ctx)
        }
        PageKind::SiteMap => {
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
                breadcrumbs => v(views.breadcrumbs(&[("网站地图", crate::render::routes::SITE_MAP_PATH)])),
            };
            ("sitemap.html", ctx)
        }
        PageKind::Search => {
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
        PageKind::NotFound => ("404.html", context! { site, current }),
        PageKind::ProgrammeList
        | PageKind::Programme(_)
        | PageKind::Party(_)
        | PageKind::RegionIndex
        | PageKind::SchoolIndex
        | PageKind::DataGuide
        | PageKind::Region(_) => crate::render::pairing_pages::pairing_context(views, route, body, site.clone())
            .unwrap_or(("404.html", context! { site, current })),
    }
}

/// Items `range` of the lists joined one after another, each with its list's tag, without joining
/// them (a directory page takes its documents from the sections in order).
fn slice_across<T: Copy>(lists: &[(T, &[usize])], range: std::ops::Range<usize>) -> Vec<(T, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    for &(tag, list) in lists {
        let to = from + list.len();
        let take = range.start.clamp(from, to) - from..range.end.clamp(from, to) - from;
        out.extend(list[take].iter().map(|&i| (tag, i)));
        from = to;
    }
    out
}

fn year_links(views: &ViewBuilder, current: Option<i32>) -> Vec<YearLink> {
    views
        .graph
        .notice_years()
        .into_iter()
        .map(|year| YearLink {
            year,
            url: views.url(&format!("/notices/{year}/")),
            count: views.graph.notices_of_year(year).len(),
            current: Some(year) == current,
        })
        .collect()
}

fn term_counts(views: &ViewBuilder, taxonomy: &str) -> Vec<TermCount> {
    views
        .graph
        .terms_of(taxonomy)
        .map(|t| TermCount {
            name: t.name.clone(),
            url: views.url(&format!("/{}/{}/", t.taxonomy, t.slug)),
            count: t.documents.len(),
        })
        .collect()
}

/// A serialisable view as a template value.
pub(crate) fn v<T: Serialize>(value: T) -> Value {
    Value::from(Serde(value))
}

#[cfg(test)]
mod tests {
    use super::slice_across;

    #[test]
    fn a_slice_across_lists_is_the_slice_of_the_joined_lists() {
        let (a, b, c): (Vec<usize>, Vec<usize>, Vec<usize>) = ((0..7).collect(), vec![], (100..105).collect());
        let lists = [('a', a.as_slice()), ('b', b.as_slice()), ('c', c.as_slice())];
        let joined: Vec<(char, usize)> = lists
            .iter()
            .flat_map(|&(tag, list)| list.iter().map(move |&i| (tag, i)))
            .collect();
        for start in 0..=joined.len() {
            for end in start..=joined.len() + 2 {
                let expected = &joined[start.min(joined.len())..end.min(joined.len())];
                assert_eq!(slice_across(&lists, start..end), expected, "{start}..{end}");
            }
        }
    }
}

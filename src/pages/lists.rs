//! The lists of documents: every notice (`/notices/`, paged), each year's notices
//! (`/notices/2022/`), the reports (`/reports/`) and the directory of all documents.

use super::family::{PageFamily, PageInput, Router, v, year_links};
use crate::date::PartialDate;
use crate::diagnostics::Diagnostic;
use crate::load::Section;
use crate::model::SiteGraph;
use crate::render::pairing_views::page_range;
use crate::render::routes::ROWS_PER_PAGE;
use crate::render::views::DocSummary;
use minijinja::{Value, context};
use serde::Serialize;

/// Notice lists, year lists, the report list and the directory.
pub struct DocumentLists;

const DIRECTORY: u8 = 0;
const NOTICES: u8 = 1;
/// The notices of one year; the item is the year.
const YEAR: u8 = 2;
const REPORTS: u8 = 3;

#[derive(Serialize)]
struct SectionListing {
    title: String,
    documents: Vec<DocSummary>,
}

impl PageFamily for DocumentLists {
    fn routes(&self, graph: &SiteGraph, router: &mut Router, diagnostics: &mut Vec<Diagnostic>) {
        let site = ("site.toml", None);
        router.add_paged(
            "/directory/",
            (DIRECTORY, 0),
            site,
            directory_lists(graph).1,
            diagnostics,
        );
        let notices = graph.in_section(Section::Notices).count();
        if notices > 0 {
            router.add_paged("/notices/", (NOTICES, 0), site, notices, diagnostics);
        }
        for year in graph.notice_years() {
            let count = graph.notices_of_year(year).len();
            let item = usize::try_from(year).unwrap_or_default();
            router.add_paged(&format!("/notices/{year}/"), (YEAR, item), site, count, diagnostics);
        }
        if graph.in_section(Section::Reports).next().is_some() {
            router.add("/reports/", (REPORTS, 0), site, diagnostics);
        }
    }

    fn context(&self, page: &PageInput) -> (&'static str, Value) {
        let (views, route) = (page.views, page.route);
        let (site, current) = (page.site.clone(), page.current.clone());
        let graph = views.graph;
        let config = &graph.config;
        match route.kind {
            NOTICES | YEAR => {
                let year = (route.kind == YEAR).then(|| i32::try_from(route.item).unwrap_or_default());
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
                // Newest first: the first notice's date is the newest (each page used to scan
                // the whole list for it, 2 % of a 50,000-notice build).
                let updated = all.first().map(|&i| graph.documents[i].date);
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
            REPORTS => {
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
            _ => {
                // All documents by section; long directories continue on further pages. Notices
                // that fill more than a page are not copied here: their own list is paged by year.
                let (lists, total) = directory_lists(graph);
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
                let notices = graph.section_documents(Section::Notices).len();
                let notices_by_year = (notices > 0 && lists[0].1.is_empty() && route.page == 0).then(|| {
                    context! {
                        title => config.section_title("notices"), count => notices,
                        url => views.url("/notices/"), years => v(year_links(views, None)),
                    }
                });
                let pager = views.pager("/directory/", total, route.page);
                let ctx = context! {
                    site, current, updated => v(updated), sections => v(sections), page_nav => v(pager),
                    notices_by_year,
                    breadcrumbs => v(views.breadcrumbs(&[("全部文件", "/directory/")])),
                };
                ("directory.html", ctx)
            }
        }
    }
}

/// The sections the directory lists document by document, and how many documents that is: all
/// of them, except notices that fill more than a page, which the directory lists by year.
fn directory_lists(graph: &SiteGraph) -> ([(Section, &[usize]); 3], usize) {
    let notices = graph.section_documents(Section::Notices);
    let listed: &[usize] = if notices.len() > ROWS_PER_PAGE { &[] } else { notices };
    let lists = [
        (Section::Notices, listed),
        (Section::Reports, graph.section_documents(Section::Reports)),
        (Section::Pages, graph.section_documents(Section::Pages)),
    ];
    let total = lists.iter().map(|(_, list)| list.len()).sum();
    (lists, total)
}

fn newest(summaries: &[DocSummary]) -> Option<PartialDate> {
    summaries.iter().map(|s| s.date).max()
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

//! Document pages: every notice, report and plain page, with its attachments copied beside it.

use super::family::{MarkdownBody, PageFamily, PageInput, RebuildWhen, Router, SearchHead, SitemapEntry, v};
use crate::diagnostics::Diagnostic;
use crate::load::Section;
use crate::markdown::plain_text;
use crate::model::SiteGraph;
use crate::render::routes::{FileSource, Route};
use crate::render::views::ViewBuilder;
use minijinja::{Value, context};

/// Notices, reports and pages; the item is the document's index in the site graph.
pub struct DocumentPages;

impl PageFamily for DocumentPages {
    fn routes(&self, graph: &SiteGraph, router: &mut Router, diagnostics: &mut Vec<Diagnostic>) {
        for (i, doc) in graph.documents.iter().enumerate() {
            let path = match doc.section {
                Section::Notices => format!("/notices/{}/", doc.slug),
                Section::Reports => format!("/reports/{}/", doc.slug),
                Section::Pages => format!("/{}/", doc.slug),
            };
            router.add(&path, (0, i), (&doc.source, Some(1)), diagnostics);
            let table = &mut *router.table;
            for (a, source) in doc.attachment_sources() {
                let file_path = format!("{path}{}", a.file);
                table.claim(&file_path, &doc.source, a.line, diagnostics);
                table.attachment_paths.insert(source, file_path.clone());
                table.files.insert(file_path, FileSource::Disk(doc.dir.join(&a.file)));
            }
            table.by_source.insert(doc.source.clone(), path.clone());
            table.document_paths.push(path);
        }
    }

    fn body<'g>(&self, graph: &'g SiteGraph, route: &Route) -> Option<MarkdownBody<'g>> {
        let d = &graph.documents[route.item];
        Some(MarkdownBody {
            text: &d.body,
            source: &d.source,
            line: d.body_line,
            link_hint: "站内文件用 @/notices/文件名.md 链接；附件写与 Markdown 同文件夹的文件名",
        })
    }

    fn context(&self, page: &PageInput) -> (&'static str, Value) {
        let (views, route) = (page.views, page.route);
        let (site, current) = (page.site.clone(), page.current.clone());
        let config = &views.graph.config;
        let i = route.item;
        let doc = &views.graph.documents[i];
        let view = views.document(i, page.body);
        let section_path = format!("/{}/", doc.section.name());
        let section_title = config.section_title(doc.section.name());
        // A notice or report ends its trail with 正文, as government sites do: its title is the
        // heading just below, and a long one written twice was a tenth of the page's markup.
        let mut trail: Vec<(&str, &str)> = Vec::new();
        if doc.section == Section::Pages {
            trail.push((doc.title.as_str(), route.path.as_str()));
        } else {
            trail.push((section_title.as_str(), section_path.as_str()));
            trail.push(("正文", route.path.as_str()));
        }
        let template = match doc.section {
            Section::Notices => "notice.html",
            Section::Reports => "report.html",
            Section::Pages => "page.html",
        };
        let chart = views.metrics_chart(doc, &format!("d{i}-metrics"));
        // A notice's or report's table gives its date: 最后更新 only when it changed since.
        let updated = (doc.section == Section::Pages || doc.last_updated() != doc.date).then_some(view.last_updated);
        let ctx = context! {
            site, current, updated => v(updated), breadcrumbs => v(views.breadcrumbs(&trail)), page => v(view),
            chart => v(chart),
        };
        (template, ctx)
    }

    fn search_head(&self, views: &ViewBuilder, route: &Route) -> Option<SearchHead> {
        let d = &views.graph.documents[route.item];
        let (kind, kind_rank) = match d.section {
            Section::Notices => ("政策文件", 0),
            Section::Reports => ("工作报告", 1),
            Section::Pages => ("页面", 6),
        };
        Some(SearchHead {
            title: d.title.clone(),
            kind,
            date: Some(d.date.iso()),
            region: d.regions.join("、"),
            kind_rank,
        })
    }

    fn search_text(&self, views: &ViewBuilder, route: &Route) -> (String, String) {
        let d = &views.graph.documents[route.item];
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

    fn rebuild_when<'g>(&self, graph: &'g SiteGraph, route: &Route) -> RebuildWhen<'g> {
        // Its own document and the notices that change it or that it changes.
        RebuildWhen::Shows(&graph.index.document_pages_show[route.item])
    }

    fn sitemap_entry(&self, graph: &SiteGraph, route: &Route) -> SitemapEntry {
        SitemapEntry::Listed(Some(graph.documents[route.item].last_updated().iso()))
    }
}

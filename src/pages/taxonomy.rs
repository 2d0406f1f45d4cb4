//! Taxonomy pages: each taxonomy's list of terms (`/topics/`) and each term's documents
//! (`/topics/结对帮扶/`, paged).

use super::family::{PageFamily, PageInput, Router, term_counts, v};
use crate::diagnostics::Diagnostic;
use crate::model::SiteGraph;
use crate::render::pairing_views::page_range;
use crate::render::views::DocSummary;
use minijinja::{Value, context};

/// Taxonomy lists and term pages.
pub struct TaxonomyPages;

/// The terms of one taxonomy; the item is its index in `site.toml`'s taxonomies.
const TAXONOMY: u8 = 0;
/// One term's documents; the item is the term's index in the site graph.
const TERM: u8 = 1;

impl PageFamily for TaxonomyPages {
    fn routes(&self, graph: &SiteGraph, router: &mut Router, diagnostics: &mut Vec<Diagnostic>) {
        for (i, t) in graph.config.taxonomies.iter().enumerate() {
            if graph.terms_of(&t.name).next().is_some() {
                router.add(
                    &format!("/{}/", t.name),
                    (TAXONOMY, i),
                    ("site.toml", None),
                    diagnostics,
                );
            }
        }
        for (i, term) in graph.terms.iter().enumerate() {
            let path = format!("/{}/{}/", term.taxonomy, term.slug);
            let source = graph.documents[term.documents[0]].source.as_str();
            router.add_paged(&path, (TERM, i), (source, None), term.documents.len(), diagnostics);
        }
    }

    fn context(&self, page: &PageInput) -> (&'static str, Value) {
        let (views, route) = (page.views, page.route);
        let (site, current) = (page.site.clone(), page.current.clone());
        let graph = views.graph;
        let config = &graph.config;
        if route.kind == TAXONOMY {
            let name = config.taxonomies.get(route.item).map_or("", |t| t.name.as_str());
            let title = config
                .taxonomies
                .get(route.item)
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
            return ("taxonomy_list.html", ctx);
        }
        let term = &graph.terms[route.item];
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
        // A term's documents are newest first: the first one's date is the newest.
        let updated = term.documents.first().map(|&i| graph.documents[i].date);
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
}

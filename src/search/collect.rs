//! What the search index holds: the search document of every route whose page family has one
//! (notices, reports, pages, programmes, schools, institutions, regions — a long table page by
//! page), and the finder's list of places and schools.

use super::index::{DocOrigin, FinderEntry, SearchDoc};
use super::pinyin_names::pinyin_and_initials;
use crate::pages::family_of;
use crate::render::views::ViewBuilder;

/// Every page worth finding, as search documents with their heads only (URL, title, kind, date,
/// region, rank); [`search_text`] makes each one's metadata and body when it is indexed.
pub fn search_documents(views: &ViewBuilder) -> Vec<SearchDoc> {
    let routes = &views.routes.routes;
    let mut docs = Vec::new();
    for (i, route) in routes.iter().enumerate() {
        if let Some(head) = family_of(route).search_head(views, route) {
            docs.push(SearchDoc {
                url: views.url(&route.path),
                title: head.title,
                kind: head.kind,
                date: head.date,
                region: head.region,
                meta: String::new(),
                body: String::new(),
                kind_rank: head.kind_rank,
                origin: DocOrigin::Route(i),
            });
        }
    }
    docs
}

/// The metadata and body indexed for a search document.
pub fn search_text(views: &ViewBuilder, doc: &SearchDoc) -> (String, String) {
    match doc.origin {
        DocOrigin::Given => (doc.meta.clone(), doc.body.clone()),
        DocOrigin::Route(i) => {
            let route = &views.routes.routes[i];
            family_of(route).search_text(views, route)
        }
    }
}

/// Schools, institutions and regions for the finder, in a stable order.
pub fn finder_entries(views: &ViewBuilder) -> Vec<FinderEntry> {
    use rayon::prelude::*;
    let routes: Vec<_> = views.routes.routes.iter().filter(|r| r.page == 0).collect();
    let mut out: Vec<FinderEntry> = routes
        .par_iter()
        .filter_map(|route| {
            let (name, kind, place) = family_of(route).finder_name(views, route)?;
            let (pinyin, initials) = pinyin_and_initials(&name);
            // A school's short forms (那隆完小), a university's short names (广西师大).
            let mut forms = crate::model::pairing::short_forms::short_forms(&name);
            forms.extend_from_slice(crate::divisions::universities::universities().short_names_of(&name));
            let short = forms.join("|");
            let short_initials = forms
                .iter()
                .map(|f| pinyin_and_initials(f).1)
                .collect::<Vec<_>>()
                .join("|");
            Some(FinderEntry {
                name,
                kind,
                place,
                url: views.url(&route.path),
                pinyin,
                initials,
                short,
                short_initials,
            })
        })
        .collect();
    out.sort_by(|a, b| (a.kind, &a.name, &a.url).cmp(&(b.kind, &b.name, &b.url)));
    out
}

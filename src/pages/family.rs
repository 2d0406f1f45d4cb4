//! The page-family contract: what one family of pages (notices, programmes, schools …) answers for
//! routing, rendering, search, the sitemap and incremental rebuilds, and the helpers families share.

use crate::diagnostics::Diagnostic;
use crate::model::SiteGraph;
use crate::render::routes::{Route, RouteTable};
use crate::render::views::ViewBuilder;
use minijinja::Value;
use minijinja::value::Serde;
use serde::Serialize;

/// One family of pages. Adding a family is a new file implementing this and one line in
/// [`super::FAMILIES`]; routing, rendering, search, the sitemap and `serve`'s incremental
/// rebuilds loop over the registry.
pub trait PageFamily: Sync {
    /// Adds the family's pages (and the paths other pages link to) to the route table.
    fn routes(&self, graph: &SiteGraph, router: &mut Router, diagnostics: &mut Vec<Diagnostic>);

    /// The template and its context for one of the family's routes.
    fn context(&self, page: &PageInput) -> (&'static str, Value);

    /// The Markdown body a route shows, with its source file for diagnostics (none by default).
    fn body<'g>(&self, _graph: &'g SiteGraph, _route: &Route) -> Option<MarkdownBody<'g>> {
        None
    }

    /// The route's search document (title, kind, date …), or `None` when it is not searchable.
    fn search_head(&self, _views: &ViewBuilder, _route: &Route) -> Option<SearchHead> {
        None
    }

    /// The metadata and body text indexed for a route that has a [`Self::search_head`].
    fn search_text(&self, _views: &ViewBuilder, _route: &Route) -> (String, String) {
        (String::new(), String::new())
    }

    /// The name the school finder lists for the first page of a route (name, kind, place).
    fn finder_name(&self, _views: &ViewBuilder, _route: &Route) -> Option<(String, &'static str, String)> {
        None
    }

    /// When `serve` renders the route again after content files changed.
    fn rebuild_when<'g>(&self, _graph: &'g SiteGraph, _route: &Route) -> RebuildWhen<'g> {
        RebuildWhen::ListsChange
    }

    /// Whether `sitemap.xml` lists the route, and its last update there.
    fn sitemap_entry(&self, _graph: &SiteGraph, _route: &Route) -> SitemapEntry {
        SitemapEntry::Listed(None)
    }
}

/// How a route is listed in `sitemap.xml`.
pub enum SitemapEntry {
    /// Listed, with its last update where known.
    Listed(Option<String>),
    /// Not listed (the 404 page).
    Left,
}

/// What a route's page depends on, for `serve`'s incremental rebuilds.
pub enum RebuildWhen<'g> {
    /// One of the documents its first page shows changed, before or after the change.
    Shows(&'g [usize]),
    /// A document was added or removed, or a document's head (every field but its body) changed.
    ListsChange,
}

/// A route's Markdown body: the text, the file and line it starts on, and the hint for a broken link.
pub struct MarkdownBody<'g> {
    pub text: &'g str,
    pub source: &'g str,
    pub line: usize,
    pub link_hint: &'static str,
}

/// What a family is given to make a page's context.
pub struct PageInput<'a> {
    pub views: &'a ViewBuilder<'a>,
    pub route: &'a Route,
    /// The page's Markdown body as HTML (empty for pages without one).
    pub body: &'a str,
    /// The site view every template receives as `site`.
    pub site: Value,
    /// The page's own URL (`current` in templates).
    pub current: String,
}

/// The head of a search document; the search index adds the URL and asks for the text later.
pub struct SearchHead {
    pub title: String,
    pub kind: &'static str,
    pub date: Option<String>,
    pub region: String,
    /// Kind order for ties: notices before programmes before schools …
    pub kind_rank: u8,
}

/// Adds one family's routes to the route table, each marked with the family.
pub struct Router<'t> {
    pub table: &'t mut RouteTable,
    pub family: usize,
}

impl Router<'_> {
    /// A page of the family's `kind` showing `item`, made from `source` (at `line`).
    pub fn add(&mut self, path: &str, what: (u8, usize), at: (&str, Option<usize>), d: &mut Vec<Diagnostic>) {
        self.table.add(path, self.family, what, at, d);
    }

    /// [`Self::add`] for a page whose table of `rows` rows continues on further pages (`page/2/` …).
    pub fn add_paged(
        &mut self,
        path: &str,
        what: (u8, usize),
        at: (&str, Option<usize>),
        rows: usize,
        d: &mut Vec<Diagnostic>,
    ) {
        self.table.add_paged(path, self.family, what, at, rows, d);
    }

    /// The pages a table of `rows` rows no longer has but one of `rows_ever` rows had, as `what`
    /// (a kind the family renders with [`moved_page`]).
    pub fn add_former_pages(
        &mut self,
        path: &str,
        what: (u8, usize),
        at: (&str, Option<usize>),
        rows: (usize, usize),
        d: &mut Vec<Diagnostic>,
    ) {
        self.table.add_former_pages(path, self.family, what, at, rows, d);
    }
}

/// A page of a table that no longer has it (its list was revised and shrank): a small page that
/// leads to the table's first page, with a canonical link (any static host serves it).
pub fn moved_page(page: &PageInput, first: &str, title: &str) -> (&'static str, Value) {
    let views = page.views;
    let canonical = format!(
        "{}{}",
        views.graph.config.absolute_base(),
        first.trim_start_matches('/')
    );
    let ctx = minijinja::context! {
        site => page.site.clone(),
        from => format!("{title}（第 {} 页）", page.route.page + 1),
        to => title,
        url => views.url(first),
        canonical,
        moved => true,
    };
    ("redirect.html", ctx)
}

/// A serialisable view as a template value.
pub fn v<T: Serialize>(value: T) -> Value {
    Value::from(Serde(value))
}

/// A year of notices, as the year links show it.
#[derive(Serialize)]
pub struct YearLink {
    year: i32,
    url: String,
    count: usize,
    current: bool,
}

/// A taxonomy term with its number of documents.
#[derive(Serialize)]
pub struct TermCount {
    name: String,
    url: String,
    count: usize,
}

/// Links to each year's notices, `current` marked.
pub fn year_links(views: &ViewBuilder, current: Option<i32>) -> Vec<YearLink> {
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

/// The terms of a taxonomy with their counts.
pub fn term_counts(views: &ViewBuilder, taxonomy: &str) -> Vec<TermCount> {
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

/// The title of page `page` of a paged table in search results: the first page keeps the plain title.
pub fn paged_title(title: &str, page: usize) -> String {
    if page == 0 {
        title.to_string()
    } else {
        format!("{title}（第 {} 页）", page + 1)
    }
}

/// The rank of the second and later pages of a table among search documents of the same date:
/// after every first page, so a school's own page comes before the programme page that lists it.
pub const CONTINUATION_RANK: u8 = 7;

/// `rank` for the first page of a table, [`CONTINUATION_RANK`] for later pages.
pub fn page_rank(rank: u8, page: usize) -> u8 {
    if page > 0 { CONTINUATION_RANK } else { rank }
}

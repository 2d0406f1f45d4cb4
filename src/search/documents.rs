//! What the search index is made from: one search document per page (with where its text comes
//! from) and one finder entry per school, institution and region.

use serde::Serialize;

/// One page to index.
#[derive(Debug, Clone)]
pub struct SearchDoc {
    pub url: String,
    pub title: String,
    pub kind: &'static str,
    /// ISO date (`2022-06-09`, `2020`), for display and the year filter.
    pub date: Option<String>,
    pub region: String,
    /// Metadata ranked below the title and above the body (文号, 发文机关, place …).
    pub meta: String,
    pub body: String,
    /// Kind order for ties: notices before programmes before schools …
    pub kind_rank: u8,
    /// Where the text comes from, for builders that make `meta` and `body` only when indexing.
    pub origin: DocOrigin,
}

/// Where a search document's text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DocOrigin {
    /// `meta` and `body` are given.
    #[default]
    Given,
    /// The route at this index of the route table: its page family makes the text when the
    /// document is indexed (a long table is found page by page, each page holding its rows).
    Route(usize),
}

/// One school, institution or region for the finder.
#[derive(Debug, Clone, Serialize)]
pub struct FinderEntry {
    pub name: String,
    pub kind: &'static str,
    pub place: String,
    pub url: String,
    pub pinyin: String,
    pub initials: String,
    /// The short forms people write for the name, joined by `|` (梧州市一中|梧州一中), empty
    /// when it has none; and their initials, likewise.
    pub short: String,
    pub short_initials: String,
}

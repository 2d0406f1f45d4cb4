//! The sitemap: `sitemap.xml` is a sitemap index of `sitemap-1.xml`, `sitemap-2.xml` …, each with
//! at most 50,000 HTML pages (the protocol's limit; the 404 page is left out), with the last update
//! of a document where known.

use crate::emit::feed::encode_url;
use crate::escape::escape_markup as escape;
use crate::model::SiteGraph;
use crate::pages::family::SitemapEntry;
use crate::pages::family_of;
use crate::render::{Route, RouteTable};

/// URLs in one sitemap file (the protocol's limit).
pub const URLS_PER_FILE: usize = 50_000;

/// The listed pages: path and last update, sorted by path.
fn entries<'a>(graph: &SiteGraph, routes: &'a RouteTable) -> Vec<(&'a str, Option<String>)> {
    let mut entries: Vec<(&str, Option<String>)> = routes
        .routes
        .iter()
        .filter_map(|r| match family_of(r).sitemap_entry(graph, r) {
            SitemapEntry::Listed(lastmod) => Some((r.path.as_str(), lastmod)),
            SitemapEntry::Left => None,
        })
        .collect();
    entries.sort();
    entries
}

/// Whether `sitemap.xml` lists a route (without making its last update).
fn listed(graph: &SiteGraph, route: &Route) -> bool {
    matches!(family_of(route).sitemap_entry(graph, route), SitemapEntry::Listed(_))
}

/// How many sitemap files the site needs (at least one).
pub fn file_count(graph: &SiteGraph, routes: &RouteTable) -> usize {
    let listed = routes.routes.iter().filter(|r| listed(graph, r)).count();
    listed.div_ceil(URLS_PER_FILE).max(1)
}

/// The name of sitemap file `n` (1-based).
pub fn file_name(n: usize) -> String {
    format!("sitemap-{n}.xml")
}

/// `sitemap.xml` (the index) and each `sitemap-N.xml`, as (file name, text).
pub fn sitemaps(graph: &SiteGraph, routes: &RouteTable) -> Vec<(String, String)> {
    let base = graph.config.absolute_base();
    let entries = entries(graph, routes);
    let count = file_count(graph, routes);
    let mut out = Vec::with_capacity(count + 1);
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for n in 1..=count {
        let part = entries.iter().skip((n - 1) * URLS_PER_FILE).take(URLS_PER_FILE);
        let mut text = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        let mut newest: Option<&str> = None;
        for (path, lastmod) in part {
            text.push_str("  <url>\n");
            text.push_str(&format!(
                "    <loc>{}</loc>\n",
                escape(&encode_url(&format!("{base}{}", path.trim_start_matches('/'))))
            ));
            if let Some(lastmod) = lastmod {
                text.push_str(&format!("    <lastmod>{lastmod}</lastmod>\n"));
                newest = newest.max(Some(lastmod.as_str()));
            }
            text.push_str("  </url>\n");
        }
        text.push_str("</urlset>\n");
        index.push_str("  <sitemap>\n");
        index.push_str(&format!(
            "    <loc>{}</loc>\n",
            escape(&encode_url(&format!("{base}{}", file_name(n))))
        ));
        if let Some(newest) = newest {
            index.push_str(&format!("    <lastmod>{newest}</lastmod>\n"));
        }
        index.push_str("  </sitemap>\n");
        out.push((file_name(n), text));
    }
    index.push_str("</sitemapindex>\n");
    out.insert(0, ("sitemap.xml".to_string(), index));
    out
}

//! `sitemap.xml`: every HTML page but the 404 page, with its last update where known.

use crate::emit::feed::{encode_url, escape};
use crate::model::SiteGraph;
use crate::render::{PageKind, RouteTable};

pub fn sitemap(graph: &SiteGraph, routes: &RouteTable) -> String {
    let base = graph.config.absolute_base();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut entries: Vec<(&str, Option<String>)> = routes
        .routes
        .iter()
        .filter(|r| r.kind != PageKind::NotFound)
        .map(|r| {
            let lastmod = match r.kind {
                PageKind::Document(i) => Some(graph.documents[i].last_updated().iso()),
                _ => None,
            };
            (r.path.as_str(), lastmod)
        })
        .collect();
    entries.sort();
    for (path, lastmod) in entries {
        out.push_str("  <url>\n");
        out.push_str(&format!(
            "    <loc>{}</loc>\n",
            escape(&encode_url(&format!("{base}{}", path.trim_start_matches('/'))))
        ));
        if let Some(lastmod) = lastmod {
            out.push_str(&format!("    <lastmod>{lastmod}</lastmod>\n"));
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

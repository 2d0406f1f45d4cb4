//! The Atom feed of notices (`feed.xml`), newest first.

use crate::escape::escape_markup as escape;
use crate::load::Section;
use crate::model::SiteGraph;
use crate::render::RouteTable;

/// How many notices the feed carries.
const FEED_ITEMS: usize = 50;

pub fn atom_feed(graph: &SiteGraph, routes: &RouteTable) -> String {
    let base = graph.config.absolute_base();
    let notices: Vec<(usize, &crate::model::Document)> = graph.in_section(Section::Notices).take(FEED_ITEMS).collect();
    let updated = notices.iter().map(|(_, d)| d.last_updated()).max();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        escape(&graph.config.language)
    ));
    out.push_str(&format!(
        "  <title>{} · {}</title>\n",
        escape(&graph.config.title),
        escape(&graph.config.section_title("notices"))
    ));
    out.push_str(&format!(
        "  <link href=\"{}\" rel=\"self\"/>\n",
        escape(&format!("{base}feed.xml"))
    ));
    out.push_str(&format!("  <link href=\"{}\"/>\n", escape(&base)));
    out.push_str(&format!("  <id>{}</id>\n", escape(&base)));
    let updated_text = updated
        .map(|d| d.rfc3339())
        .unwrap_or_else(|| "1970-01-01T00:00:00+08:00".to_string());
    out.push_str(&format!("  <updated>{updated_text}</updated>\n"));
    if let Some(publisher) = &graph.config.publisher {
        out.push_str(&format!("  <author><name>{}</name></author>\n", escape(publisher)));
    } else {
        out.push_str(&format!(
            "  <author><name>{}</name></author>\n",
            escape(&graph.config.title)
        ));
    }
    for (i, doc) in notices {
        let url = encode_url(&format!("{base}{}", routes.document_paths[i].trim_start_matches('/')));
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <title>{}</title>\n", escape(&doc.title)));
        out.push_str(&format!("    <link href=\"{}\"/>\n", escape(&url)));
        out.push_str(&format!("    <id>{}</id>\n", escape(&url)));
        // Atom needs a whole timestamp. A date the source gives only as a year or month is no
        // day: <published> (optional in Atom) is left out, <updated> (required) is the first day
        // of that year or month, and the summary says what the source gives.
        if doc.date.is_full() {
            out.push_str(&format!("    <published>{}</published>\n", doc.date.rfc3339()));
        }
        out.push_str(&format!("    <updated>{}</updated>\n", doc.last_updated().rfc3339()));
        if let Some(issuer) = doc.notice.as_ref().and_then(|n| n.issuer.as_ref()) {
            out.push_str(&format!("    <author><name>{}</name></author>\n", escape(issuer)));
        }
        let mut summary = Vec::new();
        if !doc.date.is_full() {
            let (given, period) = if doc.date.month.is_some() {
                ("月", "该月")
            } else {
                ("年", "该年")
            };
            summary.push(format!(
                "发布日期：{}（来源只写到{given}，订阅中的时间按{period}第一天填写）",
                doc.date.display()
            ));
        }
        if let Some(n) = doc.notice.as_ref().and_then(|n| n.doc_number.as_ref()) {
            summary.push(n.clone());
        }
        if let Some(d) = &doc.description {
            summary.push(d.clone());
        }
        if !summary.is_empty() {
            out.push_str(&format!("    <summary>{}</summary>\n", escape(&summary.join(" "))));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// Percent-encodes everything in a URL but ASCII letters, digits and `-._~:/?#[]@!$&'()*+,;=%`
/// (sitemaps and feeds need RFC 3986 URLs; Chinese paths stay readable in HTML only).
pub fn encode_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for b in url.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&b) {
            out.push(b as char);
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::encode_url;

    #[test]
    fn urls_are_percent_encoded() {
        assert_eq!(
            encode_url("https://a.cn/topics/结对/?q=1"),
            "https://a.cn/topics/%E7%BB%93%E5%AF%B9/?q=1"
        );
        assert_eq!(encode_url(" \u{7f}\u{0}é\u{10ffff}"), "%20%7F%00%C3%A9%F4%8F%BF%BF");
    }
}

//! Checks and rewrites links in Markdown: `@/content/path.md`, site paths and relative files.

use crate::markdown::LinkCheck;
use crate::render::RouteTable;

/// Decides about one link found in the document whose page path is `page_path`.
pub fn check_link(routes: &RouteTable, base_path: &str, page_path: &str, url: &str) -> LinkCheck {
    let url = url.trim();
    if url.is_empty() {
        return LinkCheck::Broken("链接地址为空".into());
    }
    if let Some(content_path) = url.strip_prefix("@/") {
        let (file, fragment) = split_fragment(content_path);
        return match routes.by_source.get(&format!("content/{file}")) {
            Some(path) => LinkCheck::Rewrite(format!("{}{}{}", base_path, path.trim_start_matches('/'), fragment)),
            None => LinkCheck::Broken(format!("content/{file} 不存在")),
        };
    }
    if url.starts_with('#') || has_scheme(url) || url.starts_with("//") {
        return LinkCheck::Keep;
    }
    let (target, fragment) = split_fragment(url);
    let target = percent_decode(target);
    let absolute = if target.starts_with('/') {
        target.clone()
    } else {
        join(page_path, &target)
    };
    if routes.exists(&absolute) {
        if target.starts_with('/') && base_path != "/" {
            LinkCheck::Rewrite(format!("{}{}{}", base_path, target.trim_start_matches('/'), fragment))
        } else {
            LinkCheck::Keep
        }
    } else {
        LinkCheck::Broken(format!("站内没有 {absolute} 这个页面或文件"))
    }
}

fn has_scheme(url: &str) -> bool {
    match url.find(':') {
        Some(i) => {
            url[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
                && i > 0
        }
        None => false,
    }
}

fn split_fragment(url: &str) -> (&str, &str) {
    match url.find(['#', '?']) {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    }
}

/// Resolves a relative link against the folder of `page_path` (which ends in `/`).
fn join(page_path: &str, relative: &str) -> String {
    let mut parts: Vec<&str> = page_path.split('/').filter(|p| !p.is_empty()).collect();
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut joined = format!("/{}", parts.join("/"));
    if relative.ends_with('/') && joined != "/" {
        joined.push('/');
    }
    joined
}

/// Decodes `%XX` escapes of a URL path (UTF-8); invalid input is returned unchanged.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex_value(bytes[i + 1]), hex_value(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

fn hex_value(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::routes::FileSource;

    fn table() -> RouteTable {
        let mut t = RouteTable::default();
        t.add_static(
            "/css/site.css".into(),
            FileSource::Embedded(b""),
            "static/css/site.css",
            &mut Vec::new(),
        );
        t.add_static(
            "/notices/gx/附件1.csv".into(),
            FileSource::Embedded(b""),
            "content/notices/gx/附件1.csv",
            &mut Vec::new(),
        );
        t.by_source
            .insert("content/notices/gx.md".into(), "/notices/gx/".into());
        t
    }

    fn verdict(c: LinkCheck) -> String {
        match c {
            LinkCheck::Keep => "keep".into(),
            LinkCheck::Rewrite(u) => format!("rewrite {u}"),
            LinkCheck::Broken(r) => format!("broken {r}"),
        }
    }

    #[test]
    fn content_links_relative_files_and_externals() {
        let t = table();
        assert_eq!(
            verdict(check_link(&t, "/", "/notices/gx/", "@/notices/gx.md#附件")),
            "rewrite /notices/gx/#附件"
        );
        assert_eq!(
            verdict(check_link(&t, "/sub/", "/notices/gx/", "@/notices/gx.md")),
            "rewrite /sub/notices/gx/"
        );
        assert!(verdict(check_link(&t, "/", "/", "@/notices/none.md")).starts_with("broken"));
        assert_eq!(verdict(check_link(&t, "/", "/notices/gx/", "附件1.csv")), "keep");
        assert_eq!(
            verdict(check_link(&t, "/", "/notices/gx/", "%E9%99%84%E4%BB%B61.csv")),
            "keep"
        );
        assert_eq!(verdict(check_link(&t, "/", "/notices/gx/", "../gx/附件1.csv")), "keep");
        assert_eq!(
            verdict(check_link(&t, "/sub/", "/", "/css/site.css")),
            "rewrite /sub/css/site.css"
        );
        assert!(verdict(check_link(&t, "/", "/notices/gx/", "附件2.csv")).starts_with("broken"));
        for external in [
            "https://www.gov.cn/",
            "mailto:gxmzjy@163.com",
            "#top",
            "tel:0771-5815198",
        ] {
            assert_eq!(verdict(check_link(&t, "/", "/", external)), "keep", "{external}");
        }
    }
}

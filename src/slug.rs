//! URL segments: slugs from file names and front matter, term slugs, and their limits (a leaf
//! module: loading, the model and routing all make or check segments).

use crate::diagnostics::Diagnostic;

/// A term's URL segment: the term itself, with anything that cannot stand in a path made `-`.
pub fn term_slug(name: &str) -> String {
    let mapped: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let slug = mapped
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if slug.is_empty() {
        "-".to_string()
    } else {
        slug.to_lowercase()
    }
}

/// The longest URL segment (bytes of UTF-8) a page may have: file systems take names of up to 255
/// bytes; the rest is left for what is added to a segment (`.xlsx`, `-东兴市`).
pub const MAX_SEGMENT_BYTES: usize = 200;

/// The error for a URL segment longer than [`MAX_SEGMENT_BYTES`], at the field that makes it.
pub fn segment_too_long(source: &str, line: Option<usize>, field: &str, segment: &str) -> Diagnostic {
    let shown: String = segment.chars().take(20).collect();
    Diagnostic::error(
        source,
        line,
        format!(
            "{field}“{shown}…”作网址太长：{} 字节，最多 {MAX_SEGMENT_BYTES} 字节（约 66 个汉字），文件系统不接受更长的文件名",
            segment.len()
        ),
    )
    .with_hint("缩短它，例如 slug = \"2024-jiedui\"；分类名称写简称")
}

/// Why `slug` (a slug field or a file name, written at `line` of `source`) cannot be a URL
/// segment, if it cannot: too long, or not a plain segment.
pub fn slug_problem(source: &str, line: Option<usize>, slug: &str) -> Option<Diagnostic> {
    if slug.len() > MAX_SEGMENT_BYTES {
        Some(segment_too_long(source, line, "slug（或文件名）", slug))
    } else if !is_valid_slug(slug) {
        Some(
            Diagnostic::error(source, line, format!("`{slug}` 不能用作网址"))
                .with_hint("文件名或 slug 只用文字、数字、连字符和下划线，不要有空格、斜杠或问号"),
        )
    } else {
        None
    }
}

/// A slug is one URL segment: letters (any script), digits, `-`, `_` and `.` (but not `.` or `..` alone).
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug != "."
        && slug != ".."
        && slug
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_slugs_keep_chinese_and_replace_separators() {
        assert_eq!(term_slug("结对帮扶"), "结对帮扶");
        assert_eq!(term_slug("Education Aid/2022"), "education-aid-2022");
        assert_eq!(term_slug(" "), "-");
        assert_eq!(term_slug("那良中学（初中）"), "那良中学-初中");
    }
}

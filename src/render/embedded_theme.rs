//! The default theme compiled into the binary, so `jiedui init` sites build without a theme folder.

/// Every template of `themes/default/templates/`, by name.
const TEMPLATES: &[(&str, &str)] = &[
    ("404.html", include_str!("../../themes/default/templates/404.html")),
    ("base.html", include_str!("../../themes/default/templates/base.html")),
    (
        "changes.html",
        include_str!("../../themes/default/templates/changes.html"),
    ),
    (
        "data_guide.html",
        include_str!("../../themes/default/templates/data_guide.html"),
    ),
    (
        "directory.html",
        include_str!("../../themes/default/templates/directory.html"),
    ),
    ("index.html", include_str!("../../themes/default/templates/index.html")),
    (
        "macros.html",
        include_str!("../../themes/default/templates/macros.html"),
    ),
    (
        "notice.html",
        include_str!("../../themes/default/templates/notice.html"),
    ),
    (
        "notice_list.html",
        include_str!("../../themes/default/templates/notice_list.html"),
    ),
    ("page.html", include_str!("../../themes/default/templates/page.html")),
    ("party.html", include_str!("../../themes/default/templates/party.html")),
    (
        "programme.html",
        include_str!("../../themes/default/templates/programme.html"),
    ),
    (
        "programme_list.html",
        include_str!("../../themes/default/templates/programme_list.html"),
    ),
    (
        "redirect.html",
        include_str!("../../themes/default/templates/redirect.html"),
    ),
    (
        "region.html",
        include_str!("../../themes/default/templates/region.html"),
    ),
    (
        "region_index.html",
        include_str!("../../themes/default/templates/region_index.html"),
    ),
    (
        "report.html",
        include_str!("../../themes/default/templates/report.html"),
    ),
    (
        "report_list.html",
        include_str!("../../themes/default/templates/report_list.html"),
    ),
    (
        "school_index.html",
        include_str!("../../themes/default/templates/school_index.html"),
    ),
    (
        "search.html",
        include_str!("../../themes/default/templates/search.html"),
    ),
    (
        "sitemap.html",
        include_str!("../../themes/default/templates/sitemap.html"),
    ),
    (
        "taxonomy_list.html",
        include_str!("../../themes/default/templates/taxonomy_list.html"),
    ),
    (
        "taxonomy_term.html",
        include_str!("../../themes/default/templates/taxonomy_term.html"),
    ),
];

/// Every file of `themes/default/static/`, by path below it.
pub const STATIC_FILES: &[(&str, &[u8])] = &[
    (
        "css/site.css",
        include_bytes!("../../themes/default/static/css/site.css"),
    ),
    ("favicon.svg", include_bytes!("../../themes/default/static/favicon.svg")),
    (
        "js/filter.js",
        include_bytes!("../../themes/default/static/js/filter.js"),
    ),
    (
        "js/search.js",
        include_bytes!("../../themes/default/static/js/search.js"),
    ),
    ("js/site.js", include_bytes!("../../themes/default/static/js/site.js")),
];

pub fn template(name: &str) -> Option<&'static str> {
    TEMPLATES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn files_under(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| crate::load::content::relative(dir, e.path()))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn embedded_theme_lists_every_file_of_the_theme_folder() {
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let templates: Vec<String> = TEMPLATES.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(
            files_under(&theme.join("templates")),
            templates,
            "add new templates to TEMPLATES"
        );
        let statics: Vec<String> = STATIC_FILES.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(
            files_under(&theme.join("static")),
            statics,
            "add new static files to STATIC_FILES"
        );
    }
}

//! Static files: the theme's `static/` (or the embedded default theme's) and the site's own `static/`.

use crate::diagnostics::Diagnostic;
use crate::render::embedded_theme::STATIC_FILES;
use crate::render::routes::{FileSource, RouteTable};
use std::collections::BTreeMap;
use std::path::Path;
use walkdir::WalkDir;

/// Registers static files in `routes`; a site file replaces the theme file of the same path, and a
/// static file where a page or a generated file stands is an error naming both.
pub fn register_static_files(root: &Path, theme: &str, routes: &mut RouteTable, diagnostics: &mut Vec<Diagnostic>) {
    let mut files: BTreeMap<String, (FileSource, String)> = BTreeMap::new();
    let theme_static = root.join("themes").join(theme).join("static");
    if theme_static.is_dir() {
        add_dir(root, &theme_static, &mut files);
    } else if theme == "default" {
        for (path, bytes) in STATIC_FILES {
            files.insert(
                format!("/{path}"),
                (FileSource::Embedded(bytes), format!("默认主题 static/{path}")),
            );
        }
    }
    let site_static = root.join("static");
    if site_static.is_dir() {
        add_dir(root, &site_static, &mut files);
    }
    for (path, (source, label)) in files {
        routes.add_static(path, source, &label, diagnostics);
    }
}

fn add_dir(root: &Path, dir: &Path, files: &mut BTreeMap<String, (FileSource, String)>) {
    for entry in WalkDir::new(dir).sort_by_file_name().into_iter().filter_map(Result::ok) {
        if entry.file_type().is_file() {
            let rel = crate::load::content::relative(dir, entry.path());
            let label = crate::load::content::relative(root, entry.path());
            files.insert(format!("/{rel}"), (FileSource::Disk(entry.into_path()), label));
        }
    }
}

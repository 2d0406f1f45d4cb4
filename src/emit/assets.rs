//! Static files: the theme's `static/` (or the embedded default theme's) and the site's own `static/`.

use crate::render::embedded_theme::STATIC_FILES;
use crate::render::routes::{FileSource, RouteTable};
use std::path::Path;
use walkdir::WalkDir;

/// Registers static files in `routes`; a site file replaces the theme file of the same path.
pub fn register_static_files(root: &Path, theme: &str, routes: &mut RouteTable) {
    let theme_static = root.join("themes").join(theme).join("static");
    if theme_static.is_dir() {
        add_dir(&theme_static, routes);
    } else if theme == "default" {
        for (path, bytes) in STATIC_FILES {
            routes.add_static(format!("/{path}"), FileSource::Embedded(bytes));
        }
    }
    let site_static = root.join("static");
    if site_static.is_dir() {
        add_dir(&site_static, routes);
    }
}

fn add_dir(dir: &Path, routes: &mut RouteTable) {
    for entry in WalkDir::new(dir).sort_by_file_name().into_iter().filter_map(Result::ok) {
        if entry.file_type().is_file() {
            let rel = crate::load::content::relative(dir, entry.path());
            routes.add_static(format!("/{rel}"), FileSource::Disk(entry.into_path()));
        }
    }
}

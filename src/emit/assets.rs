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
        add_dir(root, &theme_static, &mut files, diagnostics);
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
        add_dir(root, &site_static, &mut files, diagnostics);
    }
    for (path, (source, label)) in files {
        routes.add_static(path, source, &label, diagnostics);
    }
}

/// The regular files under `dir`; unreadable folders are errors and anything that is no regular
/// file (a symbolic link, a pipe) is skipped with a warning, so nothing is lost in silence and
/// nothing outside the site is copied.
fn add_dir(
    root: &Path,
    dir: &Path,
    files: &mut BTreeMap<String, (FileSource, String)>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let at = e
                    .path()
                    .map(|p| crate::load::content::relative(root, p))
                    .unwrap_or_default();
                diagnostics.push(
                    Diagnostic::error(at, None, format!("无法读取静态文件: {e}"))
                        .with_hint("检查文件和文件夹的读取权限"),
                );
                continue;
            }
        };
        let label = crate::load::content::relative(root, entry.path());
        if entry.file_type().is_file() {
            let rel = crate::load::content::relative(dir, entry.path());
            files.insert(format!("/{rel}"), (FileSource::Disk(entry.into_path()), label));
        } else if !entry.file_type().is_dir() {
            diagnostics.push(
                Diagnostic::warning(label, None, "不是普通文件（是符号链接、管道或设备），未复制")
                    .with_hint("把文件本身（而不是链接）放进 static/"),
            );
        }
    }
}

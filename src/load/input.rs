//! Whether an input file may be read (a regular file within the size limit) and whether a path
//! a site file names stays inside the site.

use crate::diagnostics::Diagnostic;
use std::path::Path;

/// Whether an input file may be read: a regular file (a FIFO or device would hang the build) no
/// larger than `max_bytes` (0: no limit). The error names the limit and how to raise it.
pub fn check_input(path: &Path, rel: &str, max_bytes: u64) -> Result<(), Diagnostic> {
    let meta = std::fs::metadata(path).map_err(|e| Diagnostic::error(rel, None, format!("无法读取: {e}")))?;
    if !meta.is_file() {
        return Err(
            Diagnostic::error(rel, None, "不是普通文件（是管道、设备或文件夹），不会读取")
                .with_hint("换成普通文件，或把它移出 content/"),
        );
    }
    if max_bytes > 0 && meta.len() > max_bytes {
        let mb = |b: u64| b as f64 / f64::from(1 << 20);
        return Err(Diagnostic::error(
            rel,
            None,
            format!(
                "文件有 {:.1} MB，超过单个输入文件的上限 {:.0} MB",
                mb(meta.len()),
                mb(max_bytes)
            ),
        )
        .with_hint(format!(
            "确认文件没有放错；确需更大的文件时，在 site.toml 中写 max_input_mb = {}",
            (mb(meta.len()).ceil() as u64).max(1) * 2
        )));
    }
    Ok(())
}

/// Why a path written as `written` in a site file (a table, an attachment; resolved to `full`) lies
/// outside the site, if it does: absolute, stepping out with `..`, or a symbolic link that leads out.
pub fn outside_site(root: &Path, written: &str, full: &Path) -> Option<&'static str> {
    let inside = written.strip_prefix("@/").unwrap_or(written);
    if Path::new(inside).is_absolute() || inside.starts_with(['/', '\\']) || inside.contains(':') {
        return Some("是绝对路径");
    }
    let root = root.canonicalize().ok()?;
    match full.canonicalize() {
        Ok(real) if !real.starts_with(&root) => Some("在站点文件夹之外"),
        Err(_) if inside.split(['/', '\\']).any(|p| p == "..") => Some("在站点文件夹之外"),
        _ => None,
    }
}

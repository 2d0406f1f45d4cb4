//! Output: the one sink every page and emitter writes into, the staging folder swapped or patched
//! into place, and the manifest of what the last build wrote.

pub mod manifest;
pub mod sink;
pub mod staging;

use crate::diagnostics::Diagnostic;

/// A write into the output that failed.
pub fn write_error(path: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(path, None, format!("无法写入输出文件: {e}"))
        .with_hint("检查磁盘空间与写入权限；原有输出未被改动")
}

//! Diagnostics: every problem found while building, with its file, line and a hint.

use std::fmt;

/// How serious a diagnostic is: errors fail the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    /// Not a problem: what the build inferred (filled-down cells, joined names), shown by `check`.
    Info,
}

/// One problem in the input, located in a file (path relative to the site root).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub file: String,
    pub line: Option<usize>,
    pub severity: Severity,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<String>, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line,
            severity: Severity::Error,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(file: impl Into<String>, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, line, message)
        }
    }

    pub fn info(file: impl Into<String>, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Info,
            ..Diagnostic::error(file, line, message)
        }
    }

    pub fn is_info(&self) -> bool {
        self.severity == Severity::Info
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "推断",
        };
        match self.line {
            Some(line) => write!(f, "{label}: {}:{line}: {}", self.file, self.message)?,
            None => write!(f, "{label}: {}: {}", self.file, self.message)?,
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  提示: {hint}")?;
        }
        Ok(())
    }
}

/// All diagnostics of one build, collected before deciding whether it failed.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    /// The diagnostics in a stable order: by file, then line, errors first.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items
            .sort_by(|a, b| (&a.file, a.line, a.severity, &a.message).cmp(&(&b.file, b.line, b.severity, &b.message)));
        self.items.dedup();
        self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_and_hint() {
        let d = Diagnostic::error("content/notices/a.md", Some(3), "日期无效").with_hint("写成 2022-06-09");
        assert_eq!(
            d.to_string(),
            "错误: content/notices/a.md:3: 日期无效\n  提示: 写成 2022-06-09"
        );
        let w = Diagnostic::warning("site.toml", None, "未知字段");
        assert_eq!(w.to_string(), "警告: site.toml: 未知字段");
    }

    #[test]
    fn sorted_is_stable_and_deduplicated() {
        let mut all = Diagnostics::default();
        all.push(Diagnostic::warning("b.md", Some(1), "x"));
        all.push(Diagnostic::error("a.md", Some(9), "y"));
        all.push(Diagnostic::error("a.md", Some(2), "z"));
        all.push(Diagnostic::error("a.md", Some(2), "z"));
        assert!(all.has_errors());
        assert_eq!(all.error_count(), 3);
        let sorted = all.into_sorted();
        let files: Vec<_> = sorted.iter().map(|d| (d.file.as_str(), d.line)).collect();
        assert_eq!(files, vec![("a.md", Some(2)), ("a.md", Some(9)), ("b.md", Some(1))]);
    }
}

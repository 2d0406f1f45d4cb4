//! Templates: minijinja with the site's overrides, then the theme folder, then the embedded default theme.

use crate::diagnostics::Diagnostic;
use crate::render::embedded_theme;
use minijinja::syntax::SyntaxConfig;
use minijinja::{Environment, UndefinedBehavior, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Where each template a build used came from, for diagnostics (`themes/default/templates/a.html`).
type Origins = Arc<Mutex<BTreeMap<String, String>>>;

/// The template environment of one build.
pub struct Templates {
    env: Environment<'static>,
    origins: Origins,
}

/// The folders templates are looked up in, most specific first.
pub fn template_dirs(root: &Path, theme: &str) -> Vec<(PathBuf, String)> {
    vec![
        (root.join("templates"), "templates".to_string()),
        (
            root.join("themes").join(theme).join("templates"),
            format!("themes/{theme}/templates"),
        ),
    ]
}

impl Templates {
    pub fn new(root: &Path, theme: &str) -> Templates {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
        if let Ok(syntax) = SyntaxConfig::builder().trim_blocks(true).lstrip_blocks(true).build() {
            env.set_syntax(syntax);
        }
        env.set_formatter(html_formatter);
        let origins: Origins = Arc::default();
        let dirs = template_dirs(root, theme);
        let embedded = theme == "default";
        let recorded = origins.clone();
        env.set_loader(move |name: &str| {
            if name.split(['/', '\\']).any(|p| p == ".." || p.is_empty()) {
                return Ok(None);
            }
            for (dir, label) in &dirs {
                let path = dir.join(name);
                if path.is_file() {
                    let source = std::fs::read_to_string(&path).map_err(|e| {
                        minijinja::Error::new(
                            minijinja::ErrorKind::InvalidOperation,
                            format!("无法读取模板 {label}/{name}: {e}"),
                        )
                    })?;
                    record(&recorded, name, format!("{label}/{name}"));
                    return Ok(Some(source));
                }
            }
            if embedded && let Some(source) = embedded_theme::template(name) {
                record(&recorded, name, format!("themes/default/templates/{name}"));
                return Ok(Some(source.to_string()));
            }
            Ok(None)
        });
        Templates { env, origins }
    }

    /// Renders template `name` with `context`; an error names the template file and line.
    pub fn render(&self, name: &str, context: Value) -> Result<String, Diagnostic> {
        self.env
            .get_template(name)
            .and_then(|t| t.render(context))
            .map_err(|e| self.diagnostic(name, &e))
    }

    fn diagnostic(&self, requested: &str, error: &minijinja::Error) -> Diagnostic {
        let mut deepest = error;
        let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
        while let Some(e) = current {
            if let Some(m) = e.downcast_ref::<minijinja::Error>()
                && m.name().is_some()
            {
                deepest = m;
            }
            current = e.source();
        }
        let name = deepest.name().unwrap_or(requested);
        let file = self
            .origins
            .lock()
            .map(|o| o.get(name).cloned())
            .unwrap_or_default()
            .unwrap_or_else(|| format!("templates/{name}"));
        let detail = deepest.detail().map(|d| format!(": {d}")).unwrap_or_default();
        let hint = match deepest.kind() {
            minijinja::ErrorKind::TemplateNotFound => "模板不存在：检查主题名（site.toml 的 theme）和模板文件名",
            minijinja::ErrorKind::SyntaxError => "检查 {% %} 与 {{ }} 是否成对、标签是否闭合（如 {% endif %}）",
            minijinja::ErrorKind::UndefinedError => "模板用到了不存在的变量或字段：检查拼写，或先用 {% if x %} 判断",
            _ => "检查这一行的模板表达式",
        };
        Diagnostic::error(file, deepest.line(), format!("模板错误（{}）{detail}", deepest.kind())).with_hint(hint)
    }
}

/// Escapes `& < > " '` in HTML output (minijinja's default also escapes `/`, bloating every URL).
fn html_formatter(
    out: &mut minijinja::Output,
    state: &mut minijinja::State,
    value: &Value,
) -> Result<(), minijinja::Error> {
    let html = matches!(state.auto_escape(), minijinja::AutoEscape::Html);
    match value.as_str() {
        Some(text) if html && !value.is_safe() => write_escaped(out, text).map_err(minijinja::Error::from),
        _ => minijinja::escape_formatter(out, state, value),
    }
}

/// Writes `text` with `& < > " '` escaped, the runs between them as they are (no copy).
fn write_escaped(out: &mut impl std::fmt::Write, text: &str) -> std::fmt::Result {
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // The five are ASCII, so `i` is a character boundary.
        out.write_str(&text[start..i])?;
        out.write_str(entity)?;
        start = i + 1;
    }
    out.write_str(&text[start..])
}

fn record(origins: &Origins, name: &str, origin: String) {
    if let Ok(mut map) = origins.lock() {
        map.insert(name.to_string(), origin);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site whose `templates/` holds `files` (name, source), and its templates.
    fn site_templates(files: &[(&str, &str)]) -> (tempfile::TempDir, Templates) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        for (name, source) in files {
            std::fs::write(dir.path().join("templates").join(name), source).unwrap();
        }
        let templates = Templates::new(dir.path(), "default");
        (dir, templates)
    }

    #[test]
    fn site_template_overrides_theme_and_errors_name_line() {
        let (_dir, t) = site_templates(&[("404.html", "ok {{ x }}"), ("bad.html", "a\nb\n{% if %}\n")]);
        assert_eq!(
            t.render("404.html", minijinja::context! { x => "<b>" }).unwrap(),
            "ok &lt;b&gt;"
        );
        let e = t.render("bad.html", Value::UNDEFINED).unwrap_err();
        assert_eq!(e.file, "templates/bad.html");
        assert_eq!(e.line, Some(3));
        let e = t.render("missing.html", Value::UNDEFINED).unwrap_err();
        assert!(
            e.message.contains("not found") || e.message.contains("模板"),
            "{}",
            e.message
        );
    }

    #[test]
    fn html_output_is_escaped() {
        let (_dir, t) = site_templates(&[("a.html", "<a href=\"{{ u }}\">{{ x }}</a>{{ y|safe }}")]);
        let ctx = minijinja::context! { u => "/a/\" onclick=\"x", x => "<b>&'", y => "<i>" };
        assert_eq!(
            t.render("a.html", ctx).unwrap(),
            "<a href=\"/a/&quot; onclick=&quot;x\">&lt;b&gt;&amp;&#39;</a><i>"
        );
    }

    #[test]
    fn escaping_keeps_the_text_between_entities() {
        for (text, expected) in [
            ("", ""),
            ("东兴市京族学校", "东兴市京族学校"),
            ("<防城港>&\"'", "&lt;防城港&gt;&amp;&quot;&#39;"),
            ("甲&乙", "甲&amp;乙"),
            ("a<", "a&lt;"),
            (">a", "&gt;a"),
        ] {
            let mut out = String::new();
            write_escaped(&mut out, text).unwrap();
            assert_eq!(out, expected, "{text}");
        }
    }

    #[test]
    fn loops_have_no_look_ahead_and_a_neighbour_is_read_by_index() {
        let (_dir, t) = site_templates(&[
            ("prev.html", "{% for x in xs %}{{ loop.previtem }}{% endfor %}"),
            (
                "index.html",
                "{% for x in xs %}{% if not loop.first %}{{ xs[loop.index0 - 1] }}<{% endif %}{{ x }}{% if not loop.last %}|{% endif %}{% endfor %}",
            ),
        ]);
        let ctx = || minijinja::context! { xs => vec!["甲", "乙", "丙"] };
        assert_eq!(t.render("index.html", ctx()).unwrap(), "甲|甲<乙|乙<丙");
        let e = t.render("prev.html", ctx()).unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("templates/prev.html", Some(1)));
    }
}

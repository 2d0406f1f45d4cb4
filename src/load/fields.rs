//! Typed reading of front-matter fields by English name or Chinese alias, with located diagnostics.

use crate::date::PartialDate;
use crate::diagnostics::Diagnostic;
use crate::load::FrontMatter;
use crate::text_position::line_of_key;
use serde_json::Value;
use std::collections::BTreeSet;

/// A numeric figure from a report, such as 培训教师 58 人.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Metric {
    pub name: String,
    pub value: f64,
    pub unit: Option<String>,
    pub note: Option<String>,
}

impl Metric {
    /// The value as readers expect it: `58`, `2.5`, never `58.0`.
    pub fn value_display(&self) -> String {
        if self.value.fract() == 0.0 && self.value.abs() < 1e15 {
            format!("{}", self.value as i64)
        } else {
            format!("{}", self.value)
        }
    }
}

/// A file shipped next to a document (附件), as the front matter names it.
#[derive(Debug, Clone, PartialEq)]
pub struct AttachmentRef {
    pub file: String,
    pub title: String,
    pub line: Option<usize>,
}

/// Reads fields out of one file's front matter; remembers which keys were used.
pub struct Fields<'a> {
    file: &'a str,
    front: &'a FrontMatter,
    used: BTreeSet<String>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Fields<'a> {
    pub fn new(file: &'a str, front: &'a FrontMatter) -> Self {
        Fields {
            file,
            front,
            used: BTreeSet::new(),
            diagnostics: Vec::new(),
        }
    }

    /// The file line on which `key` is written.
    pub fn line(&self, key: &str) -> Option<usize> {
        line_of_key(&self.front.text, key).map(|l| l + self.front.first_line - 1)
    }

    fn error(&mut self, key: &str, message: String, hint: &str) {
        let d = Diagnostic::error(self.file, self.line(key), message).with_hint(hint);
        self.diagnostics.push(d);
    }

    /// The value under the first of `names` present (English name, then Chinese aliases).
    fn find(&mut self, names: &[&str]) -> Option<(String, &'a Value)> {
        let present: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| self.front.values.contains_key(*n))
            .collect();
        for n in &present {
            self.used.insert(n.to_string());
        }
        if present.len() > 1 {
            let d = Diagnostic::warning(
                self.file,
                self.line(present[1]),
                format!("`{}` 与 `{}` 是同一字段，只取 `{}`", present[0], present[1], present[0]),
            )
            .with_hint("删去其中一个");
            self.diagnostics.push(d);
        }
        let key = *present.first()?;
        let value = self.front.values.get(key)?;
        if value.is_null() {
            None
        } else {
            Some((key.to_string(), value))
        }
    }

    /// The raw value of a field, for structured fields read by their owner.
    pub fn raw(&mut self, names: &[&str]) -> Option<Value> {
        self.find(names).map(|(_, v)| v.clone())
    }

    /// A text field; numbers are accepted as text.
    pub fn string(&mut self, names: &[&str]) -> Option<String> {
        self.text(names, false)
    }

    /// A text field; a number is accepted as text, with a warning when `number_is_odd` (a title
    /// of `5` is more likely a slip than meant).
    fn text(&mut self, names: &[&str], number_is_odd: bool) -> Option<String> {
        let (key, value) = self.find(names)?;
        match value {
            Value::String(s) if s.trim().is_empty() => None,
            Value::String(s) => Some(s.trim().to_string()),
            Value::Number(n) => {
                if number_is_odd {
                    let d = Diagnostic::warning(
                        self.file,
                        self.line(&key),
                        format!("`{key}` 应是一段文字，这里是数字 {n}，已当作文字“{n}”"),
                    )
                    .with_hint("文字加英文双引号，例如 title = \"关于开展结对帮扶工作的通知\"");
                    self.diagnostics.push(d);
                }
                Some(n.to_string())
            }
            _ => {
                self.error(
                    &key,
                    format!("`{key}` 应是一段文字"),
                    "文字加英文双引号，例如 \"广西壮族自治区教育厅\"",
                );
                None
            }
        }
    }

    /// A text field that must be present.
    pub fn required_string(&mut self, names: &[&str]) -> Option<String> {
        let value = self.text(names, true);
        if value.is_none()
            && !self
                .diagnostics
                .iter()
                .any(|d| d.message.contains(&format!("`{}`", names[0])))
        {
            self.missing(names);
        }
        value
    }

    fn missing(&mut self, names: &[&str]) {
        let alias = names.get(1).map(|a| format!("（或 {a}）")).unwrap_or_default();
        let d = Diagnostic::error(
            self.file,
            Some(self.front.first_line.saturating_sub(1).max(1)),
            format!("缺少必填字段 `{}`{alias}", names[0]),
        )
        .with_hint(format!("在 front matter 中加一行 {} = …", names[0]));
        self.diagnostics.push(d);
    }

    /// A date field (`2022-06-09`, `2022-06`, `2022`, `2022年6月9日`, or a TOML date).
    pub fn date(&mut self, names: &[&str]) -> Option<PartialDate> {
        let (key, value) = self.find(names)?;
        let text = match value {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => String::new(),
        };
        match PartialDate::parse(&text) {
            Some(d) => Some(d),
            None => {
                self.error(
                    &key,
                    format!("`{key}` 不是有效日期: {}", short(value)),
                    "日期写成 2022-06-09；只知年月或年份时写 2022-06 或 2022",
                );
                None
            }
        }
    }

    /// A date field that must be present.
    pub fn required_date(&mut self, names: &[&str]) -> Option<PartialDate> {
        let before = self.diagnostics.len();
        let value = self.date(names);
        if value.is_none() && self.diagnostics.len() == before {
            self.missing(names);
        }
        value
    }

    /// A list of texts; a single text counts as a list of one.
    pub fn strings(&mut self, names: &[&str]) -> Vec<String> {
        let Some((key, value)) = self.find(names) else {
            return Vec::new();
        };
        match value {
            Value::String(s) => split_list(s),
            Value::Array(items) => {
                let mut out = Vec::new();
                for item in items {
                    match item {
                        Value::String(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
                        Value::Number(n) => out.push(n.to_string()),
                        _ => {
                            self.error(
                                &key,
                                format!("`{key}` 的每一项都应是文字"),
                                "例如 [\"结对帮扶\", \"教育扶贫\"]",
                            );
                            return Vec::new();
                        }
                    }
                }
                out
            }
            _ => {
                self.error(
                    &key,
                    format!("`{key}` 应是文字或文字列表"),
                    "例如 [\"结对帮扶\", \"教育扶贫\"]",
                );
                Vec::new()
            }
        }
    }

    pub fn bool(&mut self, names: &[&str]) -> bool {
        let Some((key, value)) = self.find(names) else {
            return false;
        };
        match value {
            Value::Bool(b) => *b,
            _ => {
                self.error(&key, format!("`{key}` 应是 true 或 false"), "例如 draft = true");
                false
            }
        }
    }

    pub fn integer(&mut self, names: &[&str]) -> Option<i64> {
        let (key, value) = self.find(names)?;
        let parsed = match value {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().trim_end_matches('年').parse().ok(),
            _ => None,
        };
        if parsed.is_none() {
            self.error(&key, format!("`{key}` 应是整数: {}", short(value)), "例如 year = 2023");
        }
        parsed
    }

    /// Report figures: `名称 = 58`, `名称 = "21万元"` or `名称 = { value = 21, unit = "万元", note = "…" }`.
    pub fn metrics(&mut self, names: &[&str]) -> Vec<Metric> {
        let Some((key, value)) = self.find(names) else {
            return Vec::new();
        };
        let hint = "例如 [metrics] 下写 \"培训教师\" = 58，或 \"帮扶预算\" = { value = 21, unit = \"万元\" }";
        let Value::Object(map) = value else {
            self.error(&key, format!("`{key}` 应是“名称 = 数值”的表"), hint);
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, v) in map {
            let metric = match v {
                Value::Number(n) => n.as_f64().map(|value| Metric {
                    name: name.clone(),
                    value,
                    unit: None,
                    note: None,
                }),
                Value::String(s) => parse_number_with_unit(s).map(|(value, unit)| Metric {
                    name: name.clone(),
                    value,
                    unit,
                    note: None,
                }),
                Value::Object(m) => m.get("value").and_then(Value::as_f64).map(|value| Metric {
                    name: name.clone(),
                    value,
                    unit: m.get("unit").and_then(Value::as_str).map(str::to_string),
                    note: m.get("note").and_then(Value::as_str).map(str::to_string),
                }),
                _ => None,
            };
            match metric {
                Some(m) => out.push(m),
                None => {
                    let d = Diagnostic::error(
                        self.file,
                        self.line(name).or(self.line(&key)),
                        format!("指标 `{name}` 没有可读的数值: {}", short(v)),
                    )
                    .with_hint(hint);
                    self.diagnostics.push(d);
                }
            }
        }
        out
    }

    /// Attachments: a list of file names, or of `{ file = "…", title = "…" }`.
    pub fn attachments(&mut self, names: &[&str]) -> Vec<AttachmentRef> {
        let Some((key, value)) = self.find(names) else {
            return Vec::new();
        };
        let line = self.line(&key);
        let items: Vec<&Value> = match value {
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        let mut out = Vec::new();
        // Each entry's place in the list and its file name as written (for a duplicate's message).
        let mut written_forms: Vec<(usize, String)> = Vec::new();
        for (position, item) in items.into_iter().enumerate() {
            let parsed = match item {
                Value::String(file) => Some((file.clone(), None)),
                Value::Object(m) => m.get("file").and_then(Value::as_str).map(|f| {
                    (
                        f.to_string(),
                        m.get("title").and_then(Value::as_str).map(str::to_string),
                    )
                }),
                _ => None,
            };
            match parsed {
                Some((written, title)) if !written.trim().is_empty() => {
                    let file = written.trim().to_string();
                    if let Some(n) = out.iter().position(|a: &AttachmentRef| a.file == file) {
                        let (first, ref first_written) = written_forms[n];
                        let spaced = [(first, first_written.as_str()), (position, written.as_str())]
                            .into_iter()
                            .find(|(_, w)| w.trim() != *w);
                        let spaces = match spaced {
                            Some((at, w)) => format!("（第 {} 项写成“{w}”，首尾有空格，去掉后两项相同）", at + 1),
                            None => String::new(),
                        };
                        self.error(
                            &key,
                            format!("附件 {file} 在 `{key}` 中写了两次{spaces}"),
                            "每个附件只写一次：删去重复的一项；确是两个文件的，改成不同的文件名",
                        );
                        continue;
                    }
                    let title = title.unwrap_or_else(|| file_stem(&file));
                    written_forms.push((position, written.clone()));
                    out.push(AttachmentRef { file, title, line });
                }
                _ => {
                    self.error(
                        &key,
                        format!("`{key}` 中有一项不是文件: {}", short(item)),
                        "写成 [{ file = \"附件1.csv\", title = \"结对名单\" }] 或 [\"附件1.csv\"]",
                    );
                }
            }
        }
        out
    }

    /// Warns about every key no reader asked for; `known` lists the accepted keys for the hint.
    pub fn finish(mut self, known: &str) -> Vec<Diagnostic> {
        for key in self.front.values.keys() {
            if !self.used.contains(key) {
                let d = Diagnostic::warning(self.file, self.line(key), format!("未知字段 `{key}`，已忽略"))
                    .with_hint(format!("可用字段: {known}"));
                self.diagnostics.push(d);
            }
        }
        self.diagnostics
    }
}

fn split_list(s: &str) -> Vec<String> {
    s.split(['、', ',', '，', ';', '；'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

fn file_stem(file: &str) -> String {
    let name = file.rsplit('/').next().unwrap_or(file);
    match name.rfind('.') {
        Some(i) if i > 0 => name[..i].to_string(),
        _ => name.to_string(),
    }
}

fn parse_number_with_unit(s: &str) -> Option<(f64, Option<String>)> {
    let s = s.trim();
    let end = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .unwrap_or(s.len());
    let value: f64 = s[..end].parse().ok()?;
    let unit = s[end..].trim();
    Some((value, (!unit.is_empty()).then(|| unit.to_string())))
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::front_matter::split_and_parse;

    fn fields_of(text: &str) -> (FrontMatter, String) {
        (split_and_parse("n.md", text).unwrap().front_matter, "n.md".to_string())
    }

    #[test]
    fn reads_aliases_lists_and_warns_unknown() {
        let (fm, file) = fields_of(
            "+++\ntitle = \"通知\"\n\"发文机关\" = \"教育厅\"\ntopics = \"结对帮扶、教育扶贫\"\ncolour = 1\n+++\n",
        );
        let mut f = Fields::new(&file, &fm);
        assert_eq!(f.required_string(&["title"]).unwrap(), "通知");
        assert_eq!(f.string(&["issuer", "发文机关"]).unwrap(), "教育厅");
        assert_eq!(f.strings(&["topics"]), vec!["结对帮扶", "教育扶贫"]);
        let d = f.finish("title, issuer");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, Some(5));
        assert!(d[0].message.contains("colour"));
    }

    #[test]
    fn missing_and_invalid_fields_are_located_errors() {
        let (fm, file) = fields_of("---\ndate: 2022-13-40\n---\n");
        let mut f = Fields::new(&file, &fm);
        assert!(f.required_string(&["title", "标题"]).is_none());
        assert!(f.required_date(&["date", "发布日期"]).is_none());
        let d = f.finish("");
        assert_eq!(d.len(), 2);
        assert!(d[0].message.contains("缺少必填字段 `title`"));
        assert_eq!(d[1].line, Some(2));
        assert!(d[1].message.contains("不是有效日期"));
    }

    #[test]
    fn a_number_as_title_is_taken_as_text_with_a_warning() {
        let (front, file) = fields_of("+++\ntitle = 5\nslug = 2022\n+++\n");
        let mut f = Fields::new(&file, &front);
        assert_eq!(f.required_string(&["title", "标题"]).as_deref(), Some("5"));
        assert_eq!(f.string(&["slug"]).as_deref(), Some("2022"), "a number is a fine slug");
        let d = f.finish("title, slug");
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(!d[0].is_error());
        assert_eq!(d[0].line, Some(2));
        assert!(
            d[0].message.contains("`title` 应是一段文字，这里是数字 5"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn metrics_in_three_forms() {
        let (fm, file) = fields_of(
            "+++\n[metrics]\n\"培训教师\" = 58\n\"预算\" = \"21万元\"\n\"录取\" = { value = 33, unit = \"人\", note = \"81 人报名\" }\n\"坏\" = true\n+++\n",
        );
        let mut f = Fields::new(&file, &fm);
        let m = f.metrics(&["metrics"]);
        let names: Vec<&str> = m.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(
            names,
            vec!["培训教师", "预算", "录取"],
            "figures keep the order of the document"
        );
        let budget = m.iter().find(|m| m.name == "预算").unwrap();
        assert_eq!(
            (budget.value_display(), budget.unit.as_deref()),
            ("21".to_string(), Some("万元"))
        );
        let d = f.finish("");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, Some(6));
    }

    #[test]
    fn attachments_accept_names_and_tables() {
        let (fm, file) =
            fields_of("+++\nattachments = [\"附件1.csv\", { file = \"b.xlsx\", title = \"名单\" }, 3]\n+++\n");
        let mut f = Fields::new(&file, &fm);
        let a = f.attachments(&["attachments"]);
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].title, "附件1");
        assert_eq!(a[1].title, "名单");
        assert_eq!(f.finish("").len(), 1);
    }
}

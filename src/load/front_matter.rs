//! Splits a Markdown file into its front matter (TOML `+++` or YAML `---`) and body, and parses it.

use crate::diagnostics::Diagnostic;
use crate::text_position::line_of_offset;
use serde_json::{Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatterFormat {
    Toml,
    Yaml,
}

/// Parsed front matter with the text it came from, to locate keys for diagnostics.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    pub format: FrontMatterFormat,
    pub text: String,
    /// Line of the file on which the front matter's first line stands.
    pub first_line: usize,
    pub values: Map<String, Value>,
}

/// A source file split into front matter and Markdown body.
#[derive(Debug, Clone)]
pub struct SplitFile {
    pub front_matter: FrontMatter,
    pub body: String,
    /// Line of the file on which the body starts.
    pub body_line: usize,
}

const EXAMPLE: &str =
    "文件开头写 +++，下一行起写 title = \"标题\" 与 date = 2022-06-09，再以 +++ 结束；YAML 则用 --- 包围";

/// Splits and parses `text`, the content of `file`; problems become diagnostics.
pub fn split_and_parse(file: &str, text: &str) -> Result<SplitFile, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Only a file with Windows line ends is copied to normalise them.
    let text: std::borrow::Cow<str> = if text.contains("\r\n") {
        text.replace("\r\n", "\n").into()
    } else {
        text.into()
    };
    let first = text.lines().next().unwrap_or_default().trim_end();
    let (format, delimiter) = match first {
        "+++" => (FrontMatterFormat::Toml, "+++"),
        "---" => (FrontMatterFormat::Yaml, "---"),
        _ => {
            return Err(Diagnostic::error(file, Some(1), "文件没有以 front matter 开头").with_hint(EXAMPLE));
        }
    };
    // Byte offsets of the lines after the first (each line ends before its `\n`).
    let mut lines = text.match_indices('\n').map(|(i, _)| i + 1);
    let Some(fm_start) = lines.next() else {
        return Err(unclosed(file, delimiter));
    };
    let mut start = fm_start;
    let mut close_line = 1;
    let (fm_end, body_start) = loop {
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        if text[start..end].trim_end() == delimiter {
            // The front matter ends before the `\n` that ends its last line.
            break (start.saturating_sub(1).max(fm_start), (end + 1).min(text.len()));
        }
        if end == text.len() {
            return Err(unclosed(file, delimiter));
        }
        start = end + 1;
        close_line += 1;
    };
    let fm_text = text[fm_start..fm_end].to_string();
    let body = text[body_start..].to_string();
    let values = match format {
        FrontMatterFormat::Toml => parse_toml(file, &fm_text)?,
        FrontMatterFormat::Yaml => parse_yaml(file, &fm_text)?,
    };
    Ok(SplitFile {
        front_matter: FrontMatter {
            format,
            text: fm_text,
            first_line: 2,
            values,
        },
        body,
        body_line: close_line + 2,
    })
}

fn unclosed(file: &str, delimiter: &str) -> Diagnostic {
    Diagnostic::error(file, Some(1), format!("front matter 没有结束行 `{delimiter}`"))
        .with_hint(format!("在元数据最后一行之后单独写一行 {delimiter}"))
}

/// A whole file of TOML (a programme's `.toml`) as front matter starting on line 1.
pub fn whole_file_toml(text: &str, table: toml::Table) -> FrontMatter {
    FrontMatter {
        format: FrontMatterFormat::Toml,
        text: text.to_string(),
        first_line: 1,
        values: table.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect(),
    }
}

fn parse_toml(file: &str, text: &str) -> Result<Map<String, Value>, Diagnostic> {
    match text.parse::<toml::Table>() {
        Ok(table) => Ok(table.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect()),
        Err(e) => {
            let line = e.span().map(|s| line_of_offset(text, s.start) + 1);
            let message = e.message().trim();
            Err(Diagnostic::error(file, line, format!("TOML 元数据格式错误: {message}")).with_hint(toml_hint(message)))
        }
    }
}

fn parse_yaml(file: &str, text: &str) -> Result<Map<String, Value>, Diagnostic> {
    if text.trim().is_empty() {
        return Ok(Map::new());
    }
    match serde_saphyr::from_str::<Value>(text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(Value::Null) => Ok(Map::new()),
        Ok(_) => Err(Diagnostic::error(file, Some(2), "YAML 元数据应是“键: 值”的列表")
            .with_hint("每行写一个字段，例如 title: 关于开展结对帮扶工作的通知")),
        Err(e) => {
            let line = e.location().map(|l| l.line() as usize + 1);
            let message = e.to_string();
            let first = message.lines().next().unwrap_or("格式错误").trim();
            let first = strip_location(first.trim_start_matches("error:").trim());
            Err(Diagnostic::error(file, line, format!("YAML 元数据格式错误: {first}"))
                .with_hint("YAML 每行写“键: 值”，冒号后要有空格；含冒号的值请加引号"))
        }
    }
}

/// A fix for the TOML mistakes editors make, chosen from the parser's message.
fn toml_hint(message: &str) -> &'static str {
    let m = message.to_lowercase();
    if m.contains("date") || m.contains("time") || m.contains("day") || m.contains("month") {
        "日期写成 2022-06-09，并确认这一天存在（如 2 月没有 30 日）；只知年份时写 date = \"2022\""
    } else if m.contains("integer") || m.contains("number") || m.contains("float") {
        "数字写阿拉伯数字，不加单位，例如 year = 2023；带单位的写成 \"21万元\""
    } else if m.contains("duplicate") {
        "同一个字段只能写一次，删去重复的一行"
    } else {
        "TOML 中文字要加英文双引号，中文字段名也要加引号，例如 \"发文机关\" = \"广西壮族自治区教育厅\""
    }
}

/// Drops a leading `line N column M:` (relative to the front matter; the diagnostic gives the file line).
fn strip_location(message: &str) -> String {
    let Some(rest) = message.strip_prefix("line ") else {
        return message.to_string();
    };
    match rest.find(": ") {
        Some(i)
            if rest[..i]
                .split(' ')
                .all(|w| w == "column" || w.bytes().all(|b| b.is_ascii_digit())) =>
        {
            rest[i + 2..].to_string()
        }
        _ => message.to_string(),
    }
}

fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The split as lines: front matter between the first line and the closing delimiter's line,
    /// the body after it, and the body's first line (the plain way `split_and_parse` must agree with).
    fn split_by_lines(text: &str) -> Option<(String, String, usize)> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text).replace("\r\n", "\n");
        let lines: Vec<&str> = text.split('\n').collect();
        let delimiter = lines[0].trim_end();
        let close = lines.iter().skip(1).position(|l| l.trim_end() == delimiter)? + 1;
        Some((lines[1..close].join("\n"), lines[close + 1..].join("\n"), close + 2))
    }

    #[test]
    fn the_split_agrees_with_splitting_into_lines() {
        for text in [
            "+++\ntitle = \"甲\"\n+++\n正文\n第二行\n",
            "+++\n+++\n",
            "+++\n+++",
            "+++\ntitle = \"甲\"\n+++",
            "+++\ntitle = \"甲\"\n+++  \n\n\n正文",
            "---\r\ntitle: 甲\r\n---\r\n正文\r\n",
            "\u{feff}---\ntitle: 甲\n---\n",
            "+++ \ntitle = \"甲\"\n+++\t\n正文 +++\n+++\n",
            "+++\ntitle = \"甲\"\n",
            "+++",
            "+++\n",
        ] {
            let expected = split_by_lines(text);
            match split_and_parse("a.md", text) {
                Ok(split) => assert_eq!(
                    Some((split.front_matter.text, split.body, split.body_line)),
                    expected,
                    "{text:?}"
                ),
                Err(d) => assert!(expected.is_none(), "{text:?}: {}", d.message),
            }
        }
    }

    #[test]
    fn splits_toml_with_body_line() {
        let f = split_and_parse("a.md", "+++\ntitle = \"通知\"\ndate = 2022-06-09\n+++\n\n正文\n").unwrap();
        assert_eq!(f.front_matter.format, FrontMatterFormat::Toml);
        assert_eq!(f.front_matter.values["title"], "通知");
        assert_eq!(f.front_matter.values["date"], "2022-06-09");
        assert_eq!(f.body_line, 5);
        assert_eq!(f.body.trim(), "正文");
    }

    #[test]
    fn splits_yaml_with_bom_and_crlf() {
        let f = split_and_parse("a.md", "\u{feff}---\r\ntitle: 通知\r\n发文机关: 教育厅\r\n---\r\n正文").unwrap();
        assert_eq!(f.front_matter.format, FrontMatterFormat::Yaml);
        assert_eq!(f.front_matter.values["发文机关"], "教育厅");
        assert_eq!(f.body, "正文");
    }

    #[test]
    fn errors_name_the_line() {
        let e = split_and_parse("a.md", "+++\ntitle = \"x\"\ndate = \n+++\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        let e = split_and_parse("a.md", "---\ntitle: x\nbad: [1, 2\n---\n").unwrap_err();
        assert!(e.line.is_some(), "{e}");
        let e = split_and_parse("a.md", "+++\ntitle = \"x\"\ndate = 2024-02-30\n+++\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.hint.unwrap().contains("这一天存在"));
        let e = split_and_parse("a.md", "+++\ntitle = \"x\"\n").unwrap_err();
        assert!(e.message.contains("结束行"));
        let e = split_and_parse("a.md", "# 标题\n").unwrap_err();
        assert!(e.message.contains("front matter"));
        let e = split_and_parse("a.md", "---\n- a\n- b\n---\n").unwrap_err();
        assert!(e.message.contains("键"));
    }
}

//! A Word document's body as Markdown: headings by the numbering officials use (一、（一）1.
//! （1）), Word's numbered lists as lists, bold runs as bold, tables as tables, and every other
//! character that Markdown would read as markup escaped.

use super::notice_text::heading_level;
use crate::load::docx::{Block, Paragraph, grid};

/// The body and the attachments that are text, as Markdown.
pub fn body(blocks: &[Block], attached: &[(String, Vec<Paragraph>)]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut counters: std::collections::HashMap<(String, u32), usize> = Default::default();
    for block in blocks {
        match block {
            Block::Paragraph(p) => {
                if let Some(md) = paragraph(p, &mut counters) {
                    out.push(md);
                }
            }
            Block::Table(t) => out.push(table(&grid(t).0)),
        }
    }
    for (heading, paragraphs) in attached {
        out.push(format!("## {}", escape(heading)));
        for p in paragraphs {
            if let Some(md) = paragraph(p, &mut counters) {
                out.push(md);
            }
        }
    }
    // Items of one list stand on consecutive lines (a tight list), other blocks apart.
    let mut text = String::new();
    for (i, block) in out.iter().enumerate() {
        if i > 0 {
            let item = |b: &String| {
                b.trim_start()
                    .split_once(". ")
                    .is_some_and(|(n, _)| n.bytes().all(|c| c.is_ascii_digit()) && !n.is_empty())
            };
            text.push_str(if item(block) && item(&out[i - 1]) { "\n" } else { "\n\n" });
        }
        text.push_str(block);
    }
    text.push('\n');
    text
}

fn paragraph(p: &Paragraph, counters: &mut std::collections::HashMap<(String, u32), usize>) -> Option<String> {
    let text = p.text();
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Some(level) = heading_level(text) {
        return Some(format!("{} {}", "#".repeat(level), escape(text)));
    }
    let mut line = String::new();
    let whole_bold = p.runs.iter().all(|(t, bold)| *bold || t.trim().is_empty());
    for (t, bold) in &p.runs {
        if *bold && !whole_bold && !t.trim().is_empty() {
            line.push_str(&format!("**{}**", escape(t.trim())));
        } else {
            line.push_str(&escape(t));
        }
    }
    let line = line.trim().replace('\n', "  \n");
    Some(match &p.list {
        Some((id, level)) => {
            let n = counters.entry((id.clone(), *level)).or_default();
            *n += 1;
            format!("{}{}. {line}", "   ".repeat(*level as usize), n)
        }
        None => line,
    })
}

/// Text with Markdown's markup characters escaped, and a line that would begin a list, heading or
/// quote made plain.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && out[digits..].starts_with(['.', ')']) {
        out.insert(digits, '\\');
    } else if out.starts_with(['#', '-', '+', '=']) {
        out.insert(0, '\\');
    }
    out
}

/// A grid as a GFM table (the first row as its header; cells on one line).
fn table(rows: &[Vec<String>]) -> String {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let cell = |row: &Vec<String>, c: usize| escape(&row.get(c).cloned().unwrap_or_default().replace('\n', " "));
    let mut lines: Vec<String> = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let cells: Vec<String> = (0..width).map(|c| cell(row, c)).collect();
        lines.push(format!("| {} |", cells.join(" | ")));
        if r == 0 {
            lines.push(format!("|{}", " --- |".repeat(width)));
        }
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(escape("1. 加强*领导*"), "1\\. 加强\\*领导\\*");
        assert_eq!(escape("# 不是标题"), "\\# 不是标题");
        assert_eq!(escape("见[附件]"), "见\\[附件\\]");
    }

    #[test]
    fn headings_lists_bold_and_tables() {
        let p = |runs: &[(&str, bool)], list: Option<(&str, u32)>| {
            Block::Paragraph(Paragraph {
                runs: runs.iter().map(|(t, b)| (t.to_string(), *b)).collect(),
                centered: false,
                list: list.map(|(id, l)| (id.to_string(), l)),
            })
        };
        let blocks = vec![
            p(&[("一、工作目标", true)], None),
            p(&[("（一）", false), ("总体要求", false)], None),
            p(&[("各地要", false), ("高度重视", true), ("。", false)], None),
            p(&[("第一项", false)], Some(("5", 0))),
            p(&[("第二项", false)], Some(("5", 0))),
        ];
        let md = body(&blocks, &[]);
        assert_eq!(
            md,
            "## 一、工作目标\n\n### （一）总体要求\n\n各地要**高度重视**。\n\n1. 第一项\n2. 第二项\n"
        );
    }
}

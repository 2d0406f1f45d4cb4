//! `jiedui import FILE.docx`: a Word notice as a notice folder a person can review — front matter
//! from the document (标题, 文号, 发文机关 and 成文日期 from the 落款, the 附件 list), the body as
//! Markdown (headings 一、（一）1.（1）, lists, bold, tables), each attached table saved as an
//! `.xlsx` attachment, and for a table that is a pairing list a programme file that reads it.

pub mod notice_text;
mod write_markdown;

use crate::load::docx::{Block, Paragraph, grid, read_docx};
use notice_text::{attachment_heading, attachment_list, date, doc_number, is_apparatus, is_title, numbered_item};
use std::path::Path;

/// What `import` wrote and what it found in the document.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// Paths written, relative to the site root.
    pub written: Vec<String>,
    /// The fields read from the document: (name, value).
    pub found: Vec<(&'static str, String)>,
    /// Fields the document does not give, which the editor fills in.
    pub missing: Vec<&'static str>,
    /// The programme file written for the pairing lists, if any.
    pub programme: Option<String>,
    /// The notice's folder, relative to the site root.
    pub folder: String,
}

/// One attached table: its file name, title and grid.
struct AttachedTable {
    file: String,
    title: String,
    rows: Vec<Vec<String>>,
    merges: Vec<(usize, usize, usize)>,
}

/// Imports the Word document `file` into the site at `root` as `content/notices/<slug>/`; `slug`
/// defaults to the document's file name. Nothing is written when the folder exists.
pub fn import_docx(root: &Path, file: &Path, slug: Option<&str>) -> Result<Imported, String> {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let ext = file
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if ext == "doc" || ext == "wps" {
        return Err(format!(
            "{name} 是旧的 Word/WPS 格式（.{ext}），不能直接导入。{}，再运行 jiedui import",
            crate::load::docx::binary_word_hint(&name)
        ));
    }
    if ext != "docx" {
        return Err(format!("{name} 不是 Word 文档（.docx）；jiedui import 只导入 .docx"));
    }
    let bytes = std::fs::read(file).map_err(|e| format!("无法读取 {name}: {e}"))?;
    let blocks = read_docx(&bytes).map_err(|e| format!("{name}: {e}"))?;
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let slug = crate::slug::term_slug(slug.unwrap_or(&stem));
    if crate::slug::slug_problem("", None, &slug).is_some() || slug.is_empty() {
        return Err(format!(
            "“{slug}”不能用作网址：用 --slug 给一个只含文字、数字和连字符的名称"
        ));
    }
    let folder = format!("content/notices/{slug}");
    let dir = root.join(&folder);
    if dir.exists() {
        return Err(format!("{folder} 已经存在：换一个 --slug，或先移走它"));
    }
    let notice = read_notice(&blocks);
    let mut imported = Imported {
        folder: folder.clone(),
        ..Imported::default()
    };
    std::fs::create_dir_all(&dir).map_err(|e| format!("无法创建 {folder}: {e}"))?;
    let mut attachments: Vec<(String, String)> = Vec::new();
    let mut pairing_tables: Vec<String> = Vec::new();
    for table in &notice.tables {
        let path = dir.join(&table.file);
        let xlsx = write_xlsx(&table.rows, &table.merges).map_err(|e| format!("无法生成 {}: {e}", table.file))?;
        std::fs::write(&path, xlsx).map_err(|e| format!("无法写入 {}: {e}", table.file))?;
        imported.written.push(format!("{folder}/{}", table.file));
        attachments.push((table.file.clone(), table.title.clone()));
        if is_pairing_list(&path, &format!("{folder}/{}", table.file)) {
            pairing_tables.push(table.file.clone());
        }
    }
    let front = front_matter(&notice, &attachments, &mut imported);
    let body = write_markdown::body(&notice.body, &notice.attached_text);
    std::fs::write(dir.join("index.md"), format!("{front}\n{body}")).map_err(|e| format!("无法写入 index.md: {e}"))?;
    imported.written.insert(0, format!("{folder}/index.md"));
    if !pairing_tables.is_empty() {
        let programme = programme_file(&notice, &slug, &pairing_tables, &name);
        let path = format!("content/programmes/{slug}.toml");
        let full = root.join(&path);
        if full.exists() {
            imported.found.push((
                "结对项目",
                format!("{path} 已存在，没有改动；请自行在其中加上这些结对表"),
            ));
        } else {
            std::fs::create_dir_all(root.join("content/programmes")).map_err(|e| e.to_string())?;
            std::fs::write(&full, programme).map_err(|e| format!("无法写入 {path}: {e}"))?;
            imported.written.push(path.clone());
            imported.programme = Some(path);
        }
    }
    Ok(imported)
}

/// A notice as its blocks show it.
#[derive(Default)]
struct Notice {
    title: Option<String>,
    doc_number: Option<String>,
    issuer: Option<String>,
    date: Option<String>,
    /// The 附件 list's titles, in order.
    listed: Vec<String>,
    /// The blocks of the body: from the title to the 落款, without the 文号 and the 附件 list.
    body: Vec<Block>,
    tables: Vec<AttachedTable>,
    /// Attachments that are text, not tables: (heading, paragraphs).
    attached_text: Vec<(String, Vec<Paragraph>)>,
}

fn text_of(block: &Block) -> String {
    match block {
        Block::Paragraph(p) => p.text().trim().to_string(),
        Block::Table(_) => String::new(),
    }
}

fn read_notice(blocks: &[Block]) -> Notice {
    let mut notice = Notice::default();
    let texts: Vec<String> = blocks.iter().map(text_of).collect();
    let nonempty = |i: &usize| !texts[*i].is_empty() && matches!(blocks[*i], Block::Paragraph(_));
    let title = (0..blocks.len().min(15))
        .filter(nonempty)
        .find(|&i| is_title(&texts[i]))
        .or_else(|| {
            (0..blocks.len().min(15))
                .filter(nonempty)
                .find(|&i| matches!(&blocks[i], Block::Paragraph(p) if p.centered) && doc_number(&texts[i]).is_none())
        })
        .or_else(|| (0..blocks.len()).find(nonempty));
    let Some(title) = title else {
        return notice;
    };
    notice.title = Some(texts[title].clone());
    // The 文号 stands above the title (or just below it).
    let number_at = (0..(title + 3).min(blocks.len())).find(|&i| i != title && doc_number(&texts[i]).is_some());
    notice.doc_number = number_at.and_then(|i| doc_number(&texts[i]));
    // The 落款's date: the first line after the title that is only a date.
    let date_at = (title + 1..blocks.len()).find(|&i| date(&texts[i]).is_some());
    notice.date = date_at.and_then(|i| date(&texts[i]));
    let issuer_at = date_at
        .and_then(|d| (title + 1..d).rev().find(|i| nonempty(i) && !is_apparatus(&texts[*i])))
        .filter(|&i| {
            let t = &texts[i];
            t.chars().count() <= 30 && !t.contains(['。', '：', ':', '，']) && attachment_list(t).is_none()
        });
    notice.issuer = issuer_at.map(|i| texts[i].clone());
    let end = date_at.unwrap_or(blocks.len().saturating_sub(1));
    let mut in_list = false;
    for i in title + 1..=end.min(blocks.len().saturating_sub(1)) {
        let t = &texts[i];
        if Some(i) == number_at || is_apparatus(t) {
            continue;
        }
        if let Some(first) = attachment_list(t) {
            notice.listed.push(first);
            in_list = true;
            continue;
        }
        if in_list && let Some(item) = numbered_item(t) {
            notice.listed.push(item);
            continue;
        }
        in_list = in_list && t.is_empty();
        notice.body.push(blocks[i].clone());
    }
    // After the 落款: the attachments, each from its heading (附件1) to the next.
    let mut section: Option<(usize, Vec<&Block>)> = None;
    let mut sections: Vec<(usize, Vec<&Block>)> = Vec::new();
    for i in end + 1..blocks.len() {
        let t = &texts[i];
        if matches!(blocks[i], Block::Paragraph(_)) && (t.is_empty() || is_apparatus(t)) {
            continue;
        }
        if let Some(n) = attachment_heading(t).filter(|_| matches!(blocks[i], Block::Paragraph(_))) {
            sections.extend(section.take());
            let n = if n == 0 { sections.len() + 1 } else { n };
            section = Some((n, Vec::new()));
            continue;
        }
        match &mut section {
            Some((_, parts)) => parts.push(&blocks[i]),
            // A table after the 落款 with no heading is the first attachment.
            None if matches!(blocks[i], Block::Table(_)) => section = Some((sections.len() + 1, vec![&blocks[i]])),
            None => {}
        }
    }
    sections.extend(section);
    for (n, parts) in sections {
        let listed = notice.listed.get(n.wrapping_sub(1)).cloned();
        let heading = parts
            .iter()
            .take_while(|b| matches!(b, Block::Paragraph(_)))
            .map(|b| text_of(b))
            .find(|t| !t.is_empty());
        let title = listed.or(heading.clone()).unwrap_or_default();
        let tables: Vec<&Vec<Vec<crate::load::docx::Cell>>> = parts
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                Block::Paragraph(_) => None,
            })
            .collect();
        if tables.is_empty() {
            let paragraphs: Vec<Paragraph> = parts
                .iter()
                .filter_map(|b| match b {
                    Block::Paragraph(p) if Some(p.text().trim().to_string()) != heading => Some(p.clone()),
                    _ => None,
                })
                .collect();
            notice
                .attached_text
                .push((format!("附件{n} {title}").trim().to_string(), paragraphs));
            continue;
        }
        let several = tables.len() > 1;
        for (j, table) in tables.into_iter().enumerate() {
            let (rows, merges) = grid(table);
            let file = if several {
                format!("附件{n}-{}.xlsx", j + 1)
            } else {
                format!("附件{n}.xlsx")
            };
            notice.tables.push(AttachedTable {
                title: format!("附件{n} {title}").trim().to_string(),
                file,
                rows,
                merges,
            });
        }
    }
    // Tables in the body are kept there as Markdown; a pairing list among them is also saved,
    // so that a programme can read it.
    let body_tables: Vec<crate::load::docx::Grid> = notice
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(grid(t)),
            Block::Paragraph(_) => None,
        })
        .collect();
    for (k, (rows, merges)) in body_tables.into_iter().enumerate() {
        notice.tables.push(AttachedTable {
            file: format!("正文表格{}.xlsx", k + 1),
            title: format!("正文表格{}", k + 1),
            rows,
            merges,
        });
    }
    notice
}

/// Whether the table at `path` reads as a pairing list (a header with recipients and supporters,
/// and rows under it).
fn is_pairing_list(path: &Path, rel: &str) -> bool {
    let Ok(table) = crate::load::tables::read_table(path, rel, (None, false), None) else {
        return false;
    };
    let spec = crate::load::programmes::TableSpec {
        file: rel.to_string(),
        ..Default::default()
    };
    !crate::model::pairing::interpret::interpret(&table, &spec, None)
        .rows
        .is_empty()
}

fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn front_matter(notice: &Notice, attachments: &[(String, String)], imported: &mut Imported) -> String {
    let mut out = String::from("+++\n");
    match &notice.title {
        Some(t) => {
            out.push_str(&format!("title = {}\n", quoted(t)));
            imported.found.push(("标题", t.clone()));
        }
        None => {
            out.push_str("title = \"（请填写标题）\"\n");
            imported.missing.push("标题");
        }
    }
    match &notice.date {
        Some(d) => {
            out.push_str(&format!("date = {d}\n"));
            imported.found.push(("日期（成文日期）", d.clone()));
        }
        None => {
            out.push_str("# date = 2024-01-01  发布日期：文件中没有找到，请填写\n");
            imported.missing.push("日期");
        }
    }
    match &notice.doc_number {
        Some(n) => {
            out.push_str(&format!("\"文号\" = {}\n", quoted(n)));
            imported.found.push(("文号", n.clone()));
        }
        None => imported.missing.push("文号"),
    }
    match &notice.issuer {
        Some(n) => {
            out.push_str(&format!("\"发文机关\" = {}\n", quoted(n)));
            imported.found.push(("发文机关", n.clone()));
        }
        None => imported.missing.push("发文机关"),
    }
    if let Some(d) = &notice.date {
        out.push_str(&format!("\"成文日期\" = {d}\n"));
    }
    if !attachments.is_empty() {
        out.push_str("attachments = [\n");
        for (file, title) in attachments {
            out.push_str(&format!(
                "  {{ file = {}, title = {} }},\n",
                quoted(file),
                quoted(title)
            ));
            imported.found.push(("附件", format!("{title}（{file}）")));
        }
        out.push_str("]\n");
    }
    out.push_str("+++\n");
    out
}

/// The programme's title from the notice's: 关于公布…名单的通知 → …
fn programme_title(title: &str) -> String {
    let mut t = title.trim();
    for prefix in ["关于印发", "关于公布", "关于公示", "关于开展", "关于确定", "关于"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            t = rest;
            break;
        }
    }
    for suffix in ["的通知", "的通报", "的函", "的公告", "的决定"] {
        if let Some(rest) = t.strip_suffix(suffix) {
            t = rest;
            break;
        }
    }
    let t = t.trim_matches(['《', '》']);
    t.strip_suffix("名单").unwrap_or(t).to_string()
}

fn programme_file(notice: &Notice, slug: &str, tables: &[String], source: &str) -> String {
    let title = notice
        .title
        .as_deref()
        .map(programme_title)
        .unwrap_or_else(|| "（请填写项目名称）".into());
    let province = notice
        .issuer
        .as_deref()
        .and_then(|i| crate::divisions::place::place(i, None, None).code)
        .map(crate::divisions::Divisions::province_of)
        .and_then(|c| crate::divisions::divisions().get(c))
        .map(|d| d.name);
    let mut out = format!(
        "# 由 jiedui import 从 {source} 生成：请核对项目名称、期限和省份后再发布。\ntitle = {}\n# period = \"2024—2026年\"  期限：请按文件填写\n",
        quoted(&title)
    );
    match province {
        Some(p) => out.push_str(&format!("province = {}\n", quoted(p))),
        None => out.push_str("# province = \"甘肃省\"  省份：请填写（跨省的项目可不写）\n"),
    }
    out.push_str(&format!("notice = \"notices/{slug}/index.md\"\n"));
    for file in tables {
        out.push_str(&format!("\n[[tables]]\nfile = \"@/notices/{slug}/{file}\"\n"));
    }
    out
}

/// The grid as an XLSX workbook (text cells, vertical merges kept), dated so that two imports of
/// one document give the same bytes.
fn write_xlsx(rows: &[Vec<String>], merges: &[(usize, usize, usize)]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook};
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2024, 1, 1)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let sheet = book.add_worksheet();
    let merged: std::collections::HashSet<(usize, usize)> = merges
        .iter()
        .flat_map(|&(first, last, column)| (first..=last).map(move |r| (r, column)))
        .collect();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() && !merged.contains(&(r, c)) {
                sheet.write_string(r as u32, c as u16, text)?;
            }
        }
    }
    let centre = Format::new().set_align(FormatAlign::VerticalCenter);
    for &(first, last, column) in merges {
        let text = rows.get(first).and_then(|r| r.get(column)).cloned().unwrap_or_default();
        sheet.merge_range(first as u32, column as u16, last as u32, column as u16, &text, &centre)?;
    }
    book.save_to_buffer()
}

//! The site graph: every document in a stable order, with taxonomy and year indexes.

use crate::config::SiteConfig;
use crate::date::PartialDate;
use crate::diagnostics::Diagnostic;
use crate::load::Section;
use crate::model::document::Document;
use crate::model::pairing::PairingGraph;
use std::collections::BTreeMap;
use std::path::Path;

/// One term of a taxonomy (e.g. 主题分类 › 结对帮扶) and the documents filed under it.
#[derive(Debug, Clone)]
pub struct TaxonomyTerm {
    pub taxonomy: String,
    pub name: String,
    pub slug: String,
    /// Indexes into `SiteGraph::documents`, newest first.
    pub documents: Vec<usize>,
}

/// Everything the renderer needs, built once and then only read.
#[derive(Debug, Clone)]
pub struct SiteGraph {
    pub config: SiteConfig,
    /// Newest first; ties broken by title then source path, so the order never varies.
    /// Shared with `serve`'s cache, which keeps each read document for the next rebuild.
    pub documents: Vec<std::sync::Arc<Document>>,
    pub terms: Vec<TaxonomyTerm>,
    /// Each document's terms, as indexes into `terms` (ascending), so a page finds its own
    /// terms without scanning every term's documents.
    pub document_terms: Vec<Vec<usize>>,
    /// Each section's documents (indexes into `documents`, newest first), in the order of
    /// [`section_slot`]: list pages take their slice instead of scanning every document.
    section_documents: [Vec<usize>; 3],
    /// The notices of each year, newest year first (indexes into `documents`, newest first).
    notices_by_year: Vec<(i32, Vec<usize>)>,
    pub pairing: PairingGraph,
    /// Documents left out because their date has not come (source → date), so that what points
    /// to them is told why they are missing.
    pub scheduled: BTreeMap<String, PartialDate>,
    /// Word, WPS and PDF files under `content/` that no document lists as an attachment.
    unlisted_office_files: Vec<String>,
    /// Drafts left out (`draft = true`), so that what points to them says so.
    drafts: std::collections::BTreeSet<String>,
    /// The site's folder: a source that is on disk but not among the documents could not be
    /// read, and its own error says why (no second error where it is cited).
    root: std::path::PathBuf,
    /// Cross-references built once from documents and pairings.
    pub index: crate::model::site_index::SiteIndex,
}

impl SiteGraph {
    /// The graph of documents already read. Drafts are left out unless `drafts`; notices and
    /// reports dated after `today` wait for their day (each with a warning saying when it will
    /// appear); with `today` `None` every document is published.
    pub fn from_documents(
        root: &Path,
        config: SiteConfig,
        documents: Vec<std::sync::Arc<Document>>,
        (drafts, today): (bool, Option<chrono::NaiveDate>),
        diagnostics: &mut Vec<Diagnostic>,
    ) -> SiteGraph {
        let unlisted_office_files = unlisted_office_files(root, &documents);
        let mut waiting = BTreeMap::new();
        let mut left_drafts = std::collections::BTreeSet::new();
        let mut documents: Vec<std::sync::Arc<Document>> = documents
            .into_iter()
            .filter(|d| {
                let keep = drafts || !d.draft;
                if !keep {
                    left_drafts.insert(d.source.clone());
                }
                keep
            })
            .filter(|d| match today {
                Some(today) if d.section != Section::Pages && d.date.is_after(today) => {
                    diagnostics.push(scheduled(d));
                    waiting.insert(d.source.clone(), d.date);
                    false
                }
                _ => true,
            })
            .collect();
        for doc in &documents {
            check_attachments(root, doc, diagnostics);
        }
        check_amendments(&documents, &waiting, diagnostics);
        // In parallel (stable, like `sort_by`): documents are large, and moving them is most of the cost.
        rayon::slice::ParallelSliceMut::par_sort_by(documents.as_mut_slice(), |a, b| {
            b.date
                .cmp(&a.date)
                .then_with(|| a.title.cmp(&b.title))
                .then_with(|| a.source.cmp(&b.source))
        });
        let terms = index_terms(&config, &documents);
        let mut document_terms = vec![Vec::new(); documents.len()];
        for (t, term) in terms.iter().enumerate() {
            for &d in &term.documents {
                document_terms[d].push(t);
            }
        }
        let mut section_documents: [Vec<usize>; 3] = Default::default();
        let mut notices_by_year: Vec<(i32, Vec<usize>)> = Vec::new();
        for (i, d) in documents.iter().enumerate() {
            section_documents[section_slot(d.section)].push(i);
        }
        // Newest first, so each year's notices stand together, the years descending.
        for &i in &section_documents[section_slot(Section::Notices)] {
            let year = documents[i].date.year;
            match notices_by_year.last_mut() {
                Some((y, list)) if *y == year => list.push(i),
                _ => notices_by_year.push((year, vec![i])),
            }
        }
        SiteGraph {
            config,
            documents,
            terms,
            document_terms,
            section_documents,
            notices_by_year,
            pairing: PairingGraph::default(),
            scheduled: waiting,
            unlisted_office_files,
            drafts: left_drafts,
            root: root.to_path_buf(),
            index: Default::default(),
        }
    }

    /// The documents of a section (index and document), newest first.
    pub fn in_section(&self, section: Section) -> impl Iterator<Item = (usize, &Document)> {
        self.section_documents[section_slot(section)]
            .iter()
            .map(|&i| (i, &*self.documents[i]))
    }

    /// The indexes of a section's documents, newest first.
    pub fn section_documents(&self, section: Section) -> &[usize] {
        &self.section_documents[section_slot(section)]
    }

    /// The years that have notices, newest first.
    pub fn notice_years(&self) -> Vec<i32> {
        self.notices_by_year.iter().map(|(year, _)| *year).collect()
    }

    /// The notices of `year`, newest first.
    pub fn notices_of_year(&self, year: i32) -> &[usize] {
        self.notices_by_year
            .iter()
            .find(|(y, _)| *y == year)
            .map_or(&[], |(_, list)| list.as_slice())
    }

    /// Adds the pairing graph and checks what it refers to (source notices).
    pub fn with_pairings(mut self, pairing: PairingGraph, diagnostics: &mut Vec<Diagnostic>) -> SiteGraph {
        let by_source: std::collections::HashMap<&str, usize> = self
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.source.as_str(), i))
            .collect();
        let missing = |notice: &str, source: &str, line: Option<usize>, what: &str| -> Option<Diagnostic> {
            if by_source.contains_key(notice) {
                return None;
            }
            if self.drafts.contains(notice) {
                return Some(
                    Diagnostic::error(
                        source,
                        line,
                        format!("来源文件 {notice} 是草稿（draft = true），不会发布，{what}不能引用它"),
                    )
                    .with_hint("发布来源文件：删去它的 draft = true；或预览时用 --drafts"),
                );
            }
            if !self.scheduled.contains_key(notice) && self.root.join(notice).is_file() {
                // On disk but not read: its own error (front matter, encoding …) is reported.
                return None;
            }
            Some(match self.scheduled.get(notice) {
                Some(date) => Diagnostic::error(
                    source,
                    line,
                    format!(
                        "来源文件 {notice} 的日期 {} 还没到，尚未发布，{what}不能先于它发布",
                        date.iso()
                    ),
                )
                .with_hint(
                    "到那天再把它写进项目文件（或把项目文件放进 content/programmes/），或先移出；预览用 --future",
                ),
                None => Diagnostic::error(source, line, format!("来源文件 {notice} 不存在")).with_hint(
                    "notice 写通知或工作报告的路径，例如 notice = \"notices/2022-guangxi-bianjing-jiedui/index.md\"",
                ),
            })
        };
        for p in &pairing.programmes {
            if let Some(notice) = &p.notice {
                diagnostics.extend(missing(notice, &p.source, p.notice_line, "这个项目"));
            }
            let mut previous: Option<(crate::date::PartialDate, &str)> = None;
            for v in p.versions.iter().skip(1) {
                if let Some(notice) = &v.notice {
                    diagnostics.extend(missing(notice, &p.source, v.line, "这一版名单"));
                }
                let date = v.date.as_deref().and_then(crate::date::PartialDate::parse).or_else(|| {
                    v.notice
                        .as_deref()
                        .and_then(|n| by_source.get(n))
                        .map(|&d| self.documents[d].date)
                });
                let first = p
                    .notice
                    .as_deref()
                    .and_then(|n| by_source.get(n))
                    .map(|&d| self.documents[d].date);
                let before = previous.or(first.map(|d| (d, "原名单")));
                if let (Some(date), Some((earlier, label))) = (date, before)
                    && date < earlier
                {
                    diagnostics.push(
                        Diagnostic::warning(
                            &p.source,
                            v.line,
                            format!(
                                "“{}”的日期 {} 早于它前面的“{label}”（{}）",
                                v.label,
                                date.iso(),
                                earlier.iso()
                            ),
                        )
                        .with_hint(
                            "[[versions]] 按公布的先后写：先写早的调整，再写晚的；日期写错的，改正 date 或通知的日期",
                        ),
                    );
                }
                if let Some(date) = date {
                    previous = Some((date, &v.label));
                }
            }
        }
        for r in &pairing.renames {
            if let Some(notice) = &r.notice {
                diagnostics.extend(missing(notice, &r.source, r.line, "这项更名"));
            }
            if r.party.is_none() {
                diagnostics.push(
                    Diagnostic::warning(
                        &r.source,
                        r.line,
                        format!("更名的“{}”和“{}”都不在任何结对表中，这项更名没有用到", r.from, r.to),
                    )
                    .with_hint("核对 from（原名）是否与名单中的写法一致"),
                );
            }
        }
        report_placements(&pairing, diagnostics);
        report_unlisted_office_files(&self.unlisted_office_files, &pairing, diagnostics);
        self.check_withheld_attachments(&pairing, diagnostics);
        self.index = crate::model::site_index::SiteIndex::build(&self.documents, &pairing);
        self.pairing = pairing;
        self
    }

    /// A table whose personal-data columns are left out of the pages must not be published as
    /// an attachment too: the original file, with those columns, would be downloadable.
    fn check_withheld_attachments(&self, pairing: &PairingGraph, diagnostics: &mut Vec<Diagnostic>) {
        let attachments: std::collections::HashMap<String, &Document> = self
            .documents
            .iter()
            .flat_map(|d| d.attachment_sources().map(move |(_, path)| (path, &**d)))
            .collect();
        for table in pairing.programmes.iter().flat_map(|p| &p.tables) {
            if let (false, Some(doc)) = (table.withheld.is_empty(), attachments.get(&table.file)) {
                diagnostics.push(
                    Diagnostic::error(
                        &table.file,
                        None,
                        format!(
                            "这张表是 {} 的附件，会原样公开下载：其中“{}”列的个人信息虽不上页面，附件里仍然有",
                            doc.source,
                            table.withheld.join("”“")
                        ),
                    )
                    .with_hint("删去这些列后另存一份作为附件（项目仍可读取原表，原表不列为附件），或从通知的 attachments 中去掉它"),
                );
            }
        }
    }

    pub fn terms_of(&self, taxonomy: &str) -> impl Iterator<Item = &TaxonomyTerm> {
        let taxonomy = taxonomy.to_string();
        self.terms.iter().filter(move |t| t.taxonomy == taxonomy)
    }
}

/// The slot of a section in `SiteGraph::section_documents`.
fn section_slot(section: Section) -> usize {
    match section {
        Section::Notices => 0,
        Section::Reports => 1,
        Section::Pages => 2,
    }
}

/// Lists parties whose place is uncertain: ambiguous and unknown ones one by one, the others
/// grouped by table and by the place they could be given (so 150 supporting schools placed only at
/// 桂林市 make one line, not 150).
fn report_placements(pairing: &PairingGraph, diagnostics: &mut Vec<Diagnostic>) {
    const HINT: &str = "在名称前写全县（市、区）名，或为受援方加“县（市、区）”列";
    let mut partial: BTreeMap<(String, String), Vec<(usize, String)>> = BTreeMap::new();
    for (i, note) in pairing.placement_notes() {
        let party = &pairing.parties[i];
        let Some(first) = party.pairings.first().map(|&p| &pairing.pairings[p]) else {
            continue;
        };
        let at = first.location();
        match note {
            crate::model::pairing::PlacementNote::Partial(place) => {
                partial
                    .entry((at, place))
                    .or_default()
                    .push((first.row, party.name.clone()));
            }
            crate::model::pairing::PlacementNote::Other(message) => {
                diagnostics.push(Diagnostic::info(at, Some(first.row), message).with_hint(HINT));
            }
        }
    }
    for ((at, place), mut names) in partial {
        names.sort();
        let list: Vec<String> = names
            .iter()
            .map(|(row, name)| format!("{name}（第 {row} 行）"))
            .collect();
        diagnostics.push(
            Diagnostic::info(
                at,
                Some(names[0].0),
                format!("{} 个名称只能定位到“{place}”: {}", names.len(), list.join("、")),
            )
            .with_hint(HINT),
        );
    }
}

fn index_terms(config: &SiteConfig, documents: &[std::sync::Arc<Document>]) -> Vec<TaxonomyTerm> {
    let mut terms = Vec::new();
    for t in &config.taxonomies {
        let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, doc) in documents.iter().enumerate() {
            for name in doc.taxonomies.get(&t.name).into_iter().flatten() {
                // Documents come in order, so a term repeated in one document is its list's last.
                let list = by_name.entry(name.as_str()).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        for (name, docs) in by_name {
            terms.push(TaxonomyTerm {
                taxonomy: t.name.clone(),
                name: name.to_string(),
                slug: crate::slug::term_slug(name),
                documents: docs,
            });
        }
    }
    terms
}

fn check_attachments(root: &Path, doc: &Document, diagnostics: &mut Vec<Diagnostic>) {
    for a in &doc.attachments {
        let path = doc.dir.join(&a.file);
        let unsafe_path = a.file.starts_with('/') || a.file.split(['/', '\\']).any(|p| p == "..");
        if unsafe_path {
            diagnostics.push(
                Diagnostic::error(
                    &doc.source,
                    a.line,
                    format!("附件路径 `{}` 必须是本文件旁的文件", a.file),
                )
                .with_hint("把附件放在通知的 Markdown 文件同一文件夹，只写文件名，例如 附件1.csv"),
            );
        } else if crate::load::outside_site(root, &a.file, &path).is_some() {
            diagnostics.push(
                Diagnostic::error(
                    &doc.source,
                    a.line,
                    format!("附件 `{}` 是指向站点文件夹之外的链接，不会复制", a.file),
                )
                .with_hint("把附件文件本身（不是快捷方式或链接）放在通知的 Markdown 文件同一文件夹"),
            );
        } else if path.exists() && !path.is_file() {
            diagnostics.push(
                Diagnostic::error(
                    &doc.source,
                    a.line,
                    format!("附件 `{}` 不是普通文件（是管道、设备或文件夹），不会读取或复制", a.file),
                )
                .with_hint("把附件文件本身放在这里（不是文件夹、管道或设备），或从 attachments 中删去它"),
            );
        } else if !path.is_file() {
            diagnostics.push(
                Diagnostic::error(&doc.source, a.line, format!("找不到附件 `{}`", a.file))
                    .with_hint("检查文件名（含扩展名）是否与文件夹中的附件完全一致"),
            );
        } else if let Err(e) = std::fs::File::open(&path) {
            // Opened here as the build will copy it, so that `check` fails where `build` would.
            diagnostics.push(
                Diagnostic::error(&doc.source, a.line, format!("附件 `{}` 无法读取: {e}", a.file))
                    .with_hint("检查文件的读取权限，或文件是否正被其他程序独占"),
            );
        }
    }
}

/// Word, WPS and PDF files under `content/` that no document (draft or scheduled ones included)
/// lists as an attachment.
fn unlisted_office_files(root: &Path, documents: &[std::sync::Arc<Document>]) -> Vec<String> {
    let content = root.join(crate::load::content::CONTENT_DIR);
    let listed: std::collections::HashSet<String> = documents
        .iter()
        .flat_map(|d| d.attachment_sources().map(|(_, path)| path))
        .collect();
    walkdir::WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|entry| {
            let ext = entry
                .path()
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            entry.file_type().is_file() && matches!(ext.as_str(), "docx" | "doc" | "wps" | "pdf")
        })
        .map(|entry| crate::load::content::relative(root, entry.path()))
        .filter(|rel| !listed.contains(rel))
        .collect()
}

/// A warning for each unlisted office file that no programme names as a table either: it is not
/// published, and an editor who dropped a notice there would otherwise never know.
fn report_unlisted_office_files(files: &[String], pairing: &PairingGraph, diagnostics: &mut Vec<Diagnostic>) {
    for rel in files.iter().filter(|f| !pairing.named_tables.contains(f)) {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let ext = name.rsplit('.').next().unwrap_or_default().to_lowercase();
        let hint = match ext.as_str() {
            "doc" | "wps" => format!(
                "这是旧的 Word/WPS 格式：要把它变成网页，先用 LibreOffice 转成 .docx（soffice --headless --convert-to docx \"{name}\"），再把正文整理成同名 .md 通知；只作附件时，在通知的 attachments 中写 \"{name}\"；不需要就移出 content/"
            ),
            "docx" => format!(
                "要把它变成网页，把正文整理成 .md 通知（front matter 写标题、文号、日期）；只作附件时，在通知的 attachments 中写 \"{name}\"；不需要就移出 content/"
            ),
            _ => format!("要公开它，在同一文件夹的通知的 attachments 中写 \"{name}\"；不需要就移出 content/"),
        };
        diagnostics
            .push(Diagnostic::warning(rel, None, "没有任何通知把这个文件列为附件：它不会出现在网站上").with_hint(hint));
    }
}

/// Checks every notice's `adjusts`/`replaces`/`repeals`: the earlier notice must be a published
/// notice other than itself; one dated after the notice that changes it is a warning.
fn check_amendments(
    documents: &[std::sync::Arc<Document>],
    waiting: &BTreeMap<String, PartialDate>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let by_source: std::collections::HashMap<&str, &Document> =
        documents.iter().map(|d| (d.source.as_str(), &**d)).collect();
    for d in documents {
        let Some(notice) = &d.notice else { continue };
        for a in &notice.amends {
            let verb = a.kind.verb();
            let hint = format!(
                "写被{verb}的通知的路径，例如 {key} = \"@/notices/2022-jiedui-mingdan.md\"（键也可写英文 {english}）",
                key = verb,
                english = a.kind.key()
            );
            let problem = match by_source.get(a.target.as_str()) {
                None => Some(match waiting.get(&a.target) {
                    Some(date) => Diagnostic::error(
                        &d.source,
                        a.line,
                        format!("要{verb}的通知 {} 的日期 {} 还没到，尚未发布", a.target, date.iso()),
                    )
                    .with_hint("两份通知都到日期后再发布，或用 --future 预览"),
                    None => Diagnostic::error(&d.source, a.line, format!("要{verb}的通知 {} 不存在", a.target))
                        .with_hint(hint),
                }),
                Some(t) if t.source == d.source => {
                    Some(Diagnostic::error(&d.source, a.line, format!("通知不能{verb}它自己")).with_hint(hint))
                }
                Some(t) if t.section != Section::Notices => Some(
                    Diagnostic::error(
                        &d.source,
                        a.line,
                        format!("{} 不是通知：只有通知可以被{verb}", a.target),
                    )
                    .with_hint(hint),
                ),
                Some(t) if t.date.first_day() > d.date.first_day() => Some(
                    Diagnostic::warning(
                        &d.source,
                        a.line,
                        format!(
                            "被{verb}的通知 {}（{}）晚于本通知（{}）",
                            a.target,
                            t.date.display(),
                            d.date.display()
                        ),
                    )
                    .with_hint("检查两份通知的日期，或是不是写反了：调整/替代/废止写在后发的通知里"),
                ),
                Some(_) => None,
            };
            diagnostics.extend(problem);
        }
    }
}

/// The warning for a document dated in the future: it is not published yet, and when it will be.
fn scheduled(d: &Document) -> Diagnostic {
    let what = if d.section == Section::Notices {
        "通知"
    } else {
        "报告"
    };
    Diagnostic::warning(
        &d.source,
        d.date_line.or(Some(1)),
        format!(
            "日期 {} 还没到：这份{what}暂不发布，在 {} 当天或之后构建时才会出现在网站上",
            d.date.iso(),
            d.date.first_day().map_or_else(|| d.date.display(), |day| day.format("%Y年%-m月%-d日").to_string())
        ),
    )
    .with_hint("到期后重新构建并上传即可；要提前预览，用 jiedui serve --future 或 jiedui build --future（只在本机查看，不要上传）")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_term_lists_each_document_once() {
        let config = crate::config::parse_config(
            "title = \"t\"\n[[taxonomies]]\nname = \"topics\"\ntitle = \"主题分类\"",
            &mut Vec::new(),
        )
        .unwrap();
        let documents: Vec<std::sync::Arc<Document>> = ["甲, 乙, 甲", "乙", "甲, 甲"]
            .iter()
            .enumerate()
            .map(|(i, topics)| {
                let text = format!(
                    "---\ntitle: 文{i}\ndate: 2020-01-0{}\ntopics: [{topics}]\n---\n正文",
                    i + 1
                );
                let file = crate::load::ContentFile {
                    rel_path: format!("content/notices/{i}.md"),
                    dir: ".".into(),
                    section: Section::Notices,
                    stem: i.to_string(),
                    split: crate::load::front_matter::split_and_parse("a.md", &text).unwrap(),
                };
                std::sync::Arc::new(
                    crate::model::read_document(&file, String::new(), &config, &mut Vec::new()).unwrap(),
                )
            })
            .collect();
        let terms = index_terms(&config, &documents);
        let listed: Vec<(&str, &[usize])> = terms
            .iter()
            .map(|t| (t.name.as_str(), t.documents.as_slice()))
            .collect();
        assert_eq!(listed, vec![("乙", &[0, 1][..]), ("甲", &[0, 2][..])]);
    }
}

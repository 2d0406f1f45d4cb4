//! One content document with its typed metadata, read and validated from front matter.

use crate::config::SiteConfig;
use crate::date::PartialDate;
use crate::diagnostics::Diagnostic;
use crate::load::fields::{AttachmentRef, Metric};
use crate::load::{ContentFile, Fields, Section};
use crate::slug::{MAX_SEGMENT_BYTES, segment_too_long, slug_problem};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Front-matter keys every document accepts: English name first, then Chinese aliases.
const TITLE: &[&str] = &["title", "标题"];
const DATE: &[&str] = &["date", "发布日期"];
const UPDATED: &[&str] = &["updated", "更新日期"];
const DESCRIPTION: &[&str] = &["description", "摘要"];
const DRAFT: &[&str] = &["draft", "草稿"];
const SLUG: &[&str] = &["slug"];
const WEIGHT: &[&str] = &["weight", "排序"];
const ATTACHMENTS: &[&str] = &["attachments", "附件"];
const PROGRAMMES: &[&str] = &["programmes", "相关项目"];
const REGIONS: &[&str] = &["regions", "相关地区"];

/// 政府信息公开 metadata of a policy notice.
const DOC_NUMBER: &[&str] = &["doc_number", "文号"];
const ISSUER: &[&str] = &["issuer", "发文机关"];
const WRITTEN: &[&str] = &["written", "成文日期"];
const INDEX_NUMBER: &[&str] = &["index_number", "索引号"];
const VALIDITY: &[&str] = &["validity", "有效性"];
const ADJUSTS: &[&str] = &["adjusts", "调整"];
const REPLACES: &[&str] = &["replaces", "替代"];
const REPEALS: &[&str] = &["repeals", "废止"];
const DISCLOSURE: &[&str] = &["disclosure", "公开方式"];
const KEYWORDS: &[&str] = &["keywords", "主题词"];
const SOURCE: &[&str] = &["source", "来源"];

/// Report metadata.
const INSTITUTION: &[&str] = &["institution", "报告单位"];
const YEAR: &[&str] = &["year", "年度"];
const METRICS: &[&str] = &["metrics", "指标"];

/// A notice's 政府信息公开 metadata.
#[derive(Debug, Clone, Default)]
pub struct NoticeMeta {
    pub doc_number: Option<String>,
    pub issuer: Option<String>,
    pub written: Option<PartialDate>,
    pub index_number: Option<String>,
    pub validity: Option<String>,
    pub source: Option<String>,
    /// 公开方式: 主动公开, 依申请公开 ….
    pub disclosure: Option<String>,
    /// 主题词, as the notice lists them (教育 扶贫 协作).
    pub keywords: Option<String>,
    /// Earlier notices this one adjusts, replaces or repeals.
    pub amends: Vec<AmendsRef>,
}

/// How a notice changes an earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Amendment {
    /// 调整: changes part of it (a list adjusted); the earlier notice stays in force otherwise.
    Adjusts,
    /// 替代: takes its place.
    Replaces,
    /// 废止: ends it.
    Repeals,
}

impl Amendment {
    /// The front-matter key in English (the Chinese key is [`Amendment::verb`]).
    pub fn key(self) -> &'static str {
        match self {
            Amendment::Adjusts => "adjusts",
            Amendment::Replaces => "replaces",
            Amendment::Repeals => "repeals",
        }
    }

    /// The verb as a notice writes it.
    pub fn verb(self) -> &'static str {
        match self {
            Amendment::Adjusts => "调整",
            Amendment::Replaces => "替代",
            Amendment::Repeals => "废止",
        }
    }
}

/// An earlier notice named in `adjusts`/`replaces`/`repeals`, with the line that names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AmendsRef {
    pub kind: Amendment,
    /// Its source path (`content/notices/a.md`).
    pub target: String,
    pub line: Option<usize>,
}

/// A progress report's institution, year and figures.
#[derive(Debug, Clone, Default)]
pub struct ReportMeta {
    pub institution: Option<String>,
    pub year: Option<i64>,
    pub metrics: Vec<Metric>,
}

/// A notice, report or plain page, ready for routing and rendering.
#[derive(Debug, Clone)]
pub struct Document {
    pub section: Section,
    pub source: String,
    pub dir: PathBuf,
    pub slug: String,
    pub title: String,
    pub date: PartialDate,
    /// The front-matter line of the date, for diagnostics about it.
    pub date_line: Option<usize>,
    pub updated: Option<PartialDate>,
    pub description: Option<String>,
    pub draft: bool,
    pub weight: i64,
    pub taxonomies: BTreeMap<String, Vec<String>>,
    pub attachments: Vec<AttachmentRef>,
    pub programmes: Vec<String>,
    pub regions: Vec<String>,
    pub notice: Option<NoticeMeta>,
    pub report: Option<ReportMeta>,
    pub body: String,
    pub body_line: usize,
}

impl Document {
    /// The newest date the document carries, for "最后更新" and the sitemap.
    /// Each attachment with its path relative to the site root (`content/notices/a/附件1.csv`).
    pub fn attachment_sources(&self) -> impl Iterator<Item = (&AttachmentRef, String)> + '_ {
        let folder = self.source.rsplit_once('/').map_or("", |(f, _)| f);
        self.attachments
            .iter()
            .map(move |a| (a, format!("{folder}/{}", a.file)))
    }

    pub fn last_updated(&self) -> PartialDate {
        self.updated.map_or(self.date, |u| u.max(self.date))
    }

    /// Every field but the body (and its first line), as text: what list pages can show of a
    /// document, so `serve` re-renders lists only when it changes. Destructured, so that a new
    /// field cannot be left out unnoticed; the body is not copied.
    pub fn head(&self) -> String {
        let Document {
            section,
            source,
            dir,
            slug,
            title,
            date,
            date_line: _,
            updated,
            description,
            draft,
            weight,
            taxonomies,
            attachments,
            programmes,
            regions,
            notice,
            report,
            body: _,
            body_line: _,
        } = self;
        format!(
            "{:?}",
            (
                (section, source, dir, slug, title, date, updated),
                (description, draft, weight, taxonomies, attachments),
                (programmes, regions, notice, report),
            )
        )
    }
}

/// Reads a document's fields; returns `None` when a required field is missing or invalid.
/// `body` is the file's body (moved out of the file by a single build, copied by `serve`, which
/// keeps its files).
pub fn read_document(
    file: &ContentFile,
    body: String,
    config: &SiteConfig,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Document> {
    let front = &file.split.front_matter;
    let mut f = Fields::new(&file.rel_path, front);
    let title = f.required_string(TITLE);
    let updated = f.date(UPDATED);
    let description = f.string(DESCRIPTION);
    let draft = f.bool(DRAFT);
    let slug_field = f.string(SLUG);
    let weight = f.integer(WEIGHT).unwrap_or(0);
    let attachments = f.attachments(ATTACHMENTS);
    let programmes = f.strings(PROGRAMMES);
    let regions = f.strings(REGIONS);
    let mut taxonomies = BTreeMap::new();
    for t in &config.taxonomies {
        let terms = f.strings(&[t.name.as_str(), t.title.as_str()]);
        if !terms.is_empty() {
            taxonomies.insert(t.name.clone(), terms);
        }
    }
    let mut known = [
        "title/标题",
        "date/发布日期",
        "updated/更新日期",
        "description/摘要",
        "draft/草稿",
        "slug",
        "weight/排序",
        "attachments/附件",
        "programmes/相关项目",
        "regions/相关地区",
    ]
    .join(", ");
    for t in &config.taxonomies {
        known.push_str(&format!(", {}/{}", t.name, t.title));
    }
    let (date, notice, report) = match file.section {
        Section::Notices => {
            known.push_str(", doc_number/文号, issuer/发文机关, written/成文日期, index_number/索引号, validity/有效性, source/来源, disclosure/公开方式, keywords/主题词, adjusts/调整, replaces/替代, repeals/废止");
            let date = f.required_date(DATE);
            let mut amends = Vec::new();
            for (kind, names) in [
                (Amendment::Adjusts, ADJUSTS),
                (Amendment::Replaces, REPLACES),
                (Amendment::Repeals, REPEALS),
            ] {
                let targets = f.strings(names);
                // Looked up only when written: finding a key's line scans the front matter.
                let line = if targets.is_empty() {
                    None
                } else {
                    names.iter().find_map(|k| f.line(k))
                };
                for target in targets {
                    amends.push(AmendsRef {
                        kind,
                        target: crate::load::content::content_path(&target),
                        line,
                    });
                }
            }
            let notice = NoticeMeta {
                doc_number: f.string(DOC_NUMBER),
                issuer: f.string(ISSUER),
                written: f.date(WRITTEN),
                index_number: f.string(INDEX_NUMBER),
                validity: f.string(VALIDITY),
                source: f.string(SOURCE),
                disclosure: f.string(DISCLOSURE),
                keywords: f.string(KEYWORDS),
                amends,
            };
            (date, Some(notice), None)
        }
        Section::Reports => {
            known.push_str(", institution/报告单位, year/年度, metrics/指标");
            let explicit_date = f.date(DATE);
            let report = ReportMeta {
                institution: f.string(INSTITUTION),
                year: f.integer(YEAR),
                metrics: f.metrics(METRICS),
            };
            let date = explicit_date.or_else(|| {
                report.year.and_then(|y| i32::try_from(y).ok()).map(|year| PartialDate {
                    year,
                    month: None,
                    day: None,
                })
            });
            if date.is_none() && !f.diagnostics.iter().any(|d| d.is_error()) {
                let d = Diagnostic::error(
                    &file.rel_path,
                    Some(1),
                    "工作报告缺少 `date`（发布日期）或 `year`（报告年度）",
                )
                .with_hint("加一行 year = 2023；知道发布日期时再加 date = 2024-01-15");
                f.diagnostics.push(d);
            }
            (date, None, Some(report))
        }
        Section::Pages => (f.required_date(DATE), None, None),
    };
    for t in &config.taxonomies {
        for term in taxonomies.get(&t.name).into_iter().flatten() {
            let segment = crate::slug::term_slug(term);
            if segment.len() > MAX_SEGMENT_BYTES {
                let line = f.line(&t.name).or(f.line(&t.title));
                f.diagnostics
                    .push(segment_too_long(&file.rel_path, line, &t.title, &segment));
            }
        }
    }
    let slug = slug_field.unwrap_or_else(|| file.stem.clone());
    if let Some(d) = slug_problem(&file.rel_path, f.line("slug").or(Some(1)), &slug) {
        f.diagnostics.push(d);
    }
    let date_line = DATE.iter().find_map(|k| f.line(k));
    let field_diagnostics = f.finish(&known);
    let failed = field_diagnostics.iter().any(Diagnostic::is_error);
    diagnostics.extend(field_diagnostics);
    if failed {
        return None;
    }
    diagnostics.extend(personal_data_in_body(&file.rel_path, &body, file.split.body_line));
    Some(Document {
        section: file.section,
        source: file.rel_path.clone(),
        dir: file.dir.clone(),
        slug,
        title: title?,
        date: date?,
        date_line,
        updated,
        description,
        draft,
        weight,
        taxonomies,
        attachments,
        programmes,
        regions,
        notice,
        report,
        body,
        body_line: file.split.body_line,
    })
}

/// A warning for a body that holds mobile or ID numbers, with their lines. Landlines and
/// e-mail addresses are left alone here: a notice names its office's telephone and mailbox on
/// purpose (联系人及电话：…，0771—5815198), while a mobile or ID number belongs to a person.
fn personal_data_in_body(source: &str, body: &str, body_line: usize) -> Option<Diagnostic> {
    use crate::personal_data::Kind;
    let mut lines = Vec::new();
    let mut kinds = Vec::new();
    for (i, line) in body.lines().enumerate() {
        let personal: Vec<Kind> = crate::personal_data::kinds(line)
            .into_iter()
            .filter(|k| matches!(k, Kind::Mobile | Kind::IdCard))
            .collect();
        if !personal.is_empty() {
            lines.push((body_line + i).to_string());
            kinds.extend(personal);
        }
    }
    kinds.sort_unstable();
    kinds.dedup();
    let kinds: Vec<&str> = kinds.into_iter().map(|k| k.name()).collect();
    let first = lines.first()?.parse().ok();
    Some(
        Diagnostic::warning(
            source,
            first,
            format!("正文（第 {} 行）含{}：会照原样公开", lines.join("、"), kinds.join("、")),
        )
        .with_hint("个人的手机号、身份证号请删去或改写（如 138****5678）；确为公开的工作手机，可以不管这条警告"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::front_matter::split_and_parse;

    fn file(section: Section, text: &str) -> ContentFile {
        ContentFile {
            rel_path: "content/x/a.md".into(),
            dir: PathBuf::from("."),
            section,
            stem: "a".into(),
            split: split_and_parse("content/x/a.md", text).unwrap(),
        }
    }

    fn config() -> SiteConfig {
        crate::config::parse_config("title = \"t\"", &mut Vec::new()).unwrap()
    }

    #[test]
    fn reads_a_notice_with_chinese_keys() {
        let f = file(
            Section::Notices,
            "---\n标题: 通知\n发布日期: 2019-01-22\n文号: 鲁教厅办发〔2019〕5号\n成文日期: 2019年1月18日\n主题分类: [教育扶贫]\n---\n正文",
        );
        let mut d = Vec::new();
        let doc = read_document(&f, f.split.body.clone(), &config(), &mut d).unwrap();
        assert!(d.is_empty(), "{d:?}");
        let n = doc.notice.unwrap();
        assert_eq!(n.doc_number.as_deref(), Some("鲁教厅办发〔2019〕5号"));
        assert_eq!(n.written.unwrap().iso(), "2019-01-18");
        assert_eq!(doc.taxonomies["topics"], vec!["教育扶贫"]);
    }

    #[test]
    fn a_report_may_be_dated_by_its_year() {
        let f = file(
            Section::Reports,
            "+++\ntitle = \"报告\"\nyear = 2023\n[metrics]\n\"培训教师\" = 58\n+++\n",
        );
        let mut d = Vec::new();
        let doc = read_document(&f, f.split.body.clone(), &config(), &mut d).unwrap();
        assert_eq!(doc.date.display(), "2023年");
        assert_eq!(doc.report.unwrap().metrics[0].value, 58.0);
        let f = file(Section::Reports, "+++\ntitle = \"报告\"\n+++\n");
        assert!(read_document(&f, f.split.body.clone(), &config(), &mut d).is_none());
        assert!(d[0].message.contains("year"));
    }

    #[test]
    fn bad_slug_and_missing_date_fail() {
        let f = file(Section::Pages, "+++\ntitle = \"页\"\nslug = \"a/b\"\n+++\n");
        let mut d = Vec::new();
        assert!(read_document(&f, f.split.body.clone(), &config(), &mut d).is_none());
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d.iter().any(|x| x.line == Some(3) && x.message.contains("网址")));
    }
}

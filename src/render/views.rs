//! Serialisable views of the site graph: exactly what templates see, with URLs filled in.

use crate::date::PartialDate;
use crate::load::Section;
use crate::model::SiteGraph;
use crate::model::pairing::pair::row_label;
use crate::render::RouteTable;
use crate::render::attachments::{InlineTable, file_type_label, human_size, read_inline_table};
use serde::Serialize;
use std::collections::HashMap;

/// A titled link (navigation, breadcrumbs, term lists).
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// Site-wide facts shown on every page.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: Option<String>,
    pub language: String,
    pub base_path: String,
    pub publisher: Option<String>,
    pub organizer: Option<String>,
    pub contact: Option<String>,
    pub contact_url: Option<String>,
    pub site_code: Option<String>,
    pub icp: Option<String>,
    pub police_record: Option<String>,
    /// The record's page in the public-security registry (its number, digits only, in the query).
    pub police_record_url: Option<String>,
    pub sitemap_url: String,
    pub nav: Vec<Link>,
    pub search_url: String,
    pub directory_url: String,
    /// 数据说明, when the site publishes pairings.
    pub data_guide_url: Option<String>,
    pub feed_url: String,
    pub last_updated: Option<PartialDate>,
}

/// One line of a list: a notice, report or page with its date and key metadata.
#[derive(Debug, Clone, Serialize)]
pub struct DocSummary {
    pub url: String,
    pub title: String,
    pub date: PartialDate,
    pub section: Section,
    pub section_title: String,
    pub doc_number: Option<String>,
    pub issuer: Option<String>,
    pub institution: Option<String>,
    pub description: Option<String>,
    /// 已废止, 已被替代 or 已调整 when a later notice changed this one.
    pub status: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NoticeView {
    pub doc_number: Option<String>,
    pub issuer: Option<String>,
    pub written: Option<PartialDate>,
    pub index_number: Option<String>,
    pub validity: Option<String>,
    pub source: Option<String>,
    /// The source as a link, when it is a web address.
    pub source_url: Option<String>,
    pub disclosure: Option<String>,
    pub keywords: Option<String>,
    /// Set when the publication date gives only a year and that year is the one in the 文号
    /// (乐师院继教〔2020〕13号 → 2020年): the date is inferred, and the page says so.
    pub date_inferred_from_doc_number: bool,
    /// The later notices that adjust, replace or repeal this one, oldest first.
    pub amended_by: Vec<AmendLink>,
    /// The earlier notices this one adjusts, replaces or repeals.
    pub amends: Vec<AmendLink>,
}

/// A notice that changes another, or is changed by it: 调整, 替代 or 废止, and the notice.
#[derive(Debug, Clone, Serialize)]
pub struct AmendLink {
    pub verb: &'static str,
    pub notice: DocSummary,
}

#[derive(Debug, Clone, Serialize)]
pub struct MetricView {
    pub name: String,
    pub value: String,
    pub unit: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    pub institution: Option<String>,
    pub year: Option<i64>,
    pub metrics: Vec<MetricView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AttachmentView {
    pub title: String,
    pub file: String,
    pub url: String,
    pub kind: &'static str,
    pub size: String,
    pub table: Option<InlineTable>,
    /// The programme this attachment's pairing table was imported into.
    pub programme: Option<Link>,
}

/// A whole document page.
#[derive(Debug, Clone, Serialize)]
pub struct DocView<'a> {
    #[serde(flatten)]
    pub summary: DocSummary,
    pub updated: Option<PartialDate>,
    pub last_updated: PartialDate,
    pub content: &'a str,
    pub notice: Option<NoticeView>,
    pub report: Option<ReportView>,
    pub terms: Vec<TermLink>,
    pub attachments: Vec<AttachmentView>,
    pub programmes: Vec<String>,
    pub regions: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermLink {
    pub taxonomy: String,
    pub name: String,
    pub url: String,
}

/// What every page of a party's table of several pages needs from all of its rows.
pub(crate) struct PagedParty {
    /// The rows in page order: (role, pairing).
    pub rows: Vec<(u8, usize)>,
    /// The programmes of its pairings, each once.
    pub programmes: Vec<usize>,
}

/// Builds views with URLs under the site's base path.
pub struct ViewBuilder<'a> {
    pub graph: &'a SiteGraph,
    pub routes: &'a RouteTable,
    pub base_path: String,
    /// The table rows of every party whose table has more than one page, made the first time
    /// one is asked for: each of its pages needs them all (a lead university of a national
    /// portal has tens of thousands of rows on a hundred pages).
    pub(crate) paged_parties: std::sync::OnceLock<rustc_hash::FxHashMap<usize, PagedParty>>,
}

impl<'a> ViewBuilder<'a> {
    pub fn new(graph: &'a SiteGraph, routes: &'a RouteTable) -> Self {
        ViewBuilder {
            graph,
            routes,
            base_path: graph.config.base_path(),
            paged_parties: std::sync::OnceLock::new(),
        }
    }

    /// A site path (`/notices/a/`) as a URL under the base path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path.trim_start_matches('/'))
    }

    pub fn site(&self) -> SiteView {
        let config = &self.graph.config;
        let mut nav = vec![Link {
            title: "首页".into(),
            url: self.url("/"),
        }];
        if self.routes.exists("/notices/") {
            nav.push(Link {
                title: config.section_title("notices"),
                url: self.url("/notices/"),
            });
        }
        if self.routes.exists("/programmes/") {
            nav.push(Link {
                title: "结对项目".into(),
                url: self.url("/programmes/"),
            });
            nav.push(Link {
                title: "地区".into(),
                url: self.url("/regions/"),
            });
        }
        if self.routes.exists("/reports/") {
            nav.push(Link {
                title: config.section_title("reports"),
                url: self.url("/reports/"),
            });
        }
        for t in &config.taxonomies {
            let path = format!("/{}/", t.name);
            if self.routes.exists(&path) {
                nav.push(Link {
                    title: t.title.clone(),
                    url: self.url(&path),
                });
            }
        }
        let mut pages: Vec<(i64, &str, usize)> = self
            .graph
            .in_section(Section::Pages)
            .map(|(i, d)| (d.weight, d.title.as_str(), i))
            .collect();
        pages.sort();
        for (_, title, i) in pages {
            nav.push(Link {
                title: title.to_string(),
                url: self.url(&self.routes.document_paths[i]),
            });
        }
        SiteView {
            title: config.title.clone(),
            description: config.description.clone(),
            language: config.language.clone(),
            base_path: self.base_path.clone(),
            publisher: config.publisher.clone(),
            organizer: config.organizer.clone(),
            contact: config.contact.clone(),
            contact_url: config
                .contact_url
                .as_ref()
                .map(|u| if u.starts_with('/') { self.url(u) } else { u.clone() }),
            site_code: config.site_code.clone(),
            icp: config.icp.clone(),
            police_record: config.police_record.clone(),
            police_record_url: config.police_record.as_ref().and_then(|r| {
                let digits: String = r.chars().filter(char::is_ascii_digit).collect();
                (!digits.is_empty()).then(|| format!("https://beian.mps.gov.cn/#/query/webSearch?code={digits}"))
            }),
            sitemap_url: self.url(crate::render::routes::SITE_MAP_PATH),
            nav,
            search_url: self.url("/search/"),
            directory_url: self.url("/directory/"),
            data_guide_url: (!self.graph.pairing.programmes.is_empty())
                .then(|| self.url(crate::render::routes::DATA_GUIDE_PATH)),
            feed_url: self.url("/feed.xml"),
            last_updated: self.graph.index.newest,
        }
    }

    pub fn summary(&self, index: usize) -> DocSummary {
        let doc = &self.graph.documents[index];
        DocSummary {
            url: self.url(&self.routes.document_paths[index]),
            title: doc.title.clone(),
            date: doc.date,
            section: doc.section,
            section_title: self.graph.config.section_title(doc.section.name()),
            doc_number: doc.notice.as_ref().and_then(|n| n.doc_number.clone()),
            issuer: doc.notice.as_ref().and_then(|n| n.issuer.clone()),
            institution: doc.report.as_ref().and_then(|r| r.institution.clone()),
            description: doc.description.clone(),
            status: self.status(index),
        }
    }

    /// The strongest change later notices made to document `index` (废止 over 替代 over 调整).
    fn strongest_change(&self, index: usize) -> Option<crate::model::document::Amendment> {
        self.graph
            .index
            .amended_by
            .get(index)?
            .iter()
            .map(|&(kind, _)| kind)
            .max()
    }

    /// What later notices did to document `index`, in the words lists show.
    fn status(&self, index: usize) -> Option<&'static str> {
        use crate::model::document::Amendment;
        Some(match self.strongest_change(index)? {
            Amendment::Repeals => "已废止",
            Amendment::Replaces => "已被替代",
            Amendment::Adjusts => "已调整",
        })
    }

    /// Links to the notices of `list` with the verb of each.
    fn amend_links(&self, list: &[(crate::model::document::Amendment, usize)]) -> Vec<AmendLink> {
        list.iter()
            .map(|&(kind, i)| AmendLink {
                verb: kind.verb(),
                notice: self.summary(i),
            })
            .collect()
    }

    /// A notice's 有效性 as the page shows it: what its front matter says, unless a later notice
    /// repealed (已废止) or replaced (已被替代) it; an adjusted notice says so after its own word.
    fn validity(&self, index: usize, written: Option<&str>) -> Option<String> {
        use crate::model::document::Amendment;
        match self.strongest_change(index) {
            Some(Amendment::Adjusts) => Some(format!("{}（部分内容已调整）", written.unwrap_or("有效"))),
            Some(_) => self.status(index).map(str::to_string),
            None => written.map(str::to_string),
        }
    }

    pub fn document<'c>(&self, index: usize, content: &'c str) -> DocView<'c> {
        let doc = &self.graph.documents[index];
        let page_path = &self.routes.document_paths[index];
        let notice = doc.notice.as_ref().map(|n| NoticeView {
            doc_number: n.doc_number.clone(),
            issuer: n.issuer.clone(),
            written: n.written,
            index_number: n.index_number.clone(),
            validity: self.validity(index, n.validity.as_deref()),
            source: n.source.clone(),
            source_url: n
                .source
                .as_ref()
                .filter(|s| s.starts_with("http://") || s.starts_with("https://"))
                .cloned(),
            disclosure: n.disclosure.clone(),
            keywords: n.keywords.clone(),
            date_inferred_from_doc_number: doc.date.month.is_none()
                && n.doc_number.as_deref().and_then(doc_number_year) == Some(doc.date.year),
            amended_by: self.amend_links(&self.graph.index.amended_by[index]),
            amends: self.amend_links(&self.graph.index.amends[index]),
        });
        let report = doc.report.as_ref().map(|r| ReportView {
            institution: r.institution.clone(),
            year: r.year,
            metrics: r
                .metrics
                .iter()
                .map(|m| MetricView {
                    name: m.name.clone(),
                    value: m.value_display(),
                    unit: m.unit.clone(),
                    note: m.note.clone(),
                })
                .collect(),
        });
        let mut terms = Vec::new();
        let own = &self.graph.document_terms[index];
        for t in &self.graph.config.taxonomies {
            for term in own
                .iter()
                .map(|&i| &self.graph.terms[i])
                .filter(|term| term.taxonomy == t.name)
            {
                terms.push(TermLink {
                    taxonomy: t.title.clone(),
                    name: term.name.clone(),
                    url: self.url(&format!("/{}/{}/", t.name, term.slug)),
                });
            }
        }
        let attachments = doc
            .attachments
            .iter()
            .map(|a| {
                let path = doc.dir.join(&a.file);
                AttachmentView {
                    title: a.title.clone(),
                    file: a.file.clone(),
                    url: self.url(&format!("{page_path}{}", a.file)),
                    kind: file_type_label(&a.file),
                    size: human_size(std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0)),
                    table: read_inline_table(&path).map(|t| self.with_carried_leads(t, &doc.source, &a.file)),
                    programme: self.programme_of_table(&doc.source, &a.file),
                }
            })
            .collect();
        DocView {
            summary: self.summary(index),
            updated: doc.updated,
            last_updated: doc.last_updated(),
            content,
            notice,
            report,
            terms,
            attachments,
            programmes: doc.programmes.clone(),
            regions: doc.regions.clone(),
        }
    }

    /// The programme that imported the table `file` attached to the document at `source`.
    /// An attachment's inline table with the leads that its pairings carried down from merged
    /// or filled cells shown in the blank cells (a CSV has only the text, not the merge).
    fn with_carried_leads(&self, mut table: InlineTable, source: &str, file: &str) -> InlineTable {
        let dir = source.rsplit_once('/').map(|(d, _)| d).unwrap_or_default();
        let path = format!("{dir}/{file}");
        let pg = &self.graph.pairing;
        for programme in &pg.programmes {
            let Some(column) = programme
                .tables
                .iter()
                .find(|t| t.file == path && t.sheet.is_none())
                .and_then(|t| t.lead_column)
            else {
                continue;
            };
            // The carried value is named by the row a reader can find: its 编号, or the row as
            // Excel shows it when the row has none.
            let label_of: HashMap<usize, String> = programme
                .pairings
                .iter()
                .map(|&i| &pg.pairings[i])
                .filter(|p| p.file == path)
                .map(|p| (p.row, row_label(&p.number, p.row)))
                .collect();
            let label = |row: usize| label_of.get(&row).cloned().unwrap_or_else(|| row_label("", row));
            for &i in &programme.pairings {
                let pairing = &pg.pairings[i];
                if pairing.file != path || pairing.lead.is_none() {
                    continue;
                }
                if let Some(from) = pairing.lead_from {
                    table.carry_down(pairing.row, column, from, &label(from));
                }
                // A second supporter's row belongs to the pairing above and shares its lead.
                let from = pairing.lead_from.unwrap_or(pairing.row);
                for &row in &pairing.extra_rows {
                    table.carry_down(row, column, from, &label(from));
                }
            }
        }
        table
    }

    /// The address of the attachment that is the file `rel` (relative to the site root), if a
    /// document publishes it.
    pub fn attachment_url(&self, rel: &str) -> Option<String> {
        self.routes.attachment_paths.get(rel).map(|path| self.url(path))
    }

    fn programme_of_table(&self, source: &str, file: &str) -> Option<Link> {
        let dir = source.rsplit_once('/').map(|(d, _)| d).unwrap_or_default();
        let table = format!("{dir}/{file}");
        let pg = &self.graph.pairing;
        pg.programmes
            .iter()
            .position(|p| p.tables.iter().any(|t| t.file == table))
            .map(|i| Link {
                title: pg.programmes[i].title.clone(),
                url: self.url(&self.routes.programme_paths[i]),
            })
    }

    pub fn breadcrumbs(&self, trail: &[(&str, &str)]) -> Vec<Link> {
        let mut crumbs = vec![Link {
            title: "首页".into(),
            url: self.url("/"),
        }];
        crumbs.extend(trail.iter().map(|(title, path)| Link {
            title: title.to_string(),
            url: self.url(path),
        }));
        crumbs
    }
}

/// The year a 文号 gives in its brackets: 〔2020〕, [2020], 【2020】, （2020） or (2020).
pub fn doc_number_year(doc_number: &str) -> Option<i32> {
    let open = doc_number.find(['〔', '[', '【', '（', '('])?;
    let rest = &doc_number[open..];
    let digits: String = rest.chars().skip(1).take_while(char::is_ascii_digit).collect();
    let after = rest.chars().nth(1 + digits.len())?;
    (digits.len() == 4 && "〕]】）)".contains(after))
        .then(|| digits.parse().ok())
        .flatten()
}

#[cfg(test)]
mod doc_number_tests {
    use super::doc_number_year;

    #[test]
    fn the_year_of_a_document_number() {
        assert_eq!(doc_number_year("乐师院继教〔2020〕13号"), Some(2020));
        assert_eq!(doc_number_year("桂教基教[2022]9号"), Some(2022));
        assert_eq!(doc_number_year("鲁教厅办发【2019】5号"), Some(2019));
        assert_eq!(doc_number_year("某发（2021）3号"), Some(2021));
        assert_eq!(doc_number_year("某发〔20〕3号"), None);
        assert_eq!(doc_number_year("第2020号"), None);
    }
}

//! Views of programmes, pairings, parties and regions: what their templates see.

use crate::divisions::{Level, divisions};
use crate::model::pairing::Pairing;
use crate::model::site_index::{NOT_STATED, RegionEntry, RowRole};
use crate::render::charts::{Chart, bar_chart};
use crate::render::routes::{DATA_FORMATS, ROWS_PER_PAGE, page_count, page_path, region_data_formats};
use crate::render::views::{DocSummary, Link, PagedParty, ViewBuilder};
use serde::Serialize;
use std::collections::BTreeMap;

/// A link to a party's page, with where it lies.
#[derive(Debug, Clone, Serialize)]
pub struct PartyLink {
    pub name: String,
    pub url: String,
    pub kind: &'static str,
    /// The division path as text (防城港市 › 东兴市), empty when unknown.
    pub place: &'static str,
    /// Spellings in the sources that differ from `name`.
    pub spellings: Vec<String>,
}

/// One pairing, as a table row.
#[derive(Debug, Clone, Serialize)]
pub struct PairingView {
    pub number: String,
    pub recipient: PartyLink,
    pub supporters: Vec<PartyLink>,
    pub lead: Option<PartyLink>,
    pub stage: Option<String>,
    pub note: Option<String>,
    /// Cells of the source's other columns (项目, 联系人 …), with their headers.
    pub extra: Vec<(String, String)>,
    /// The county-level division of the recipient (for the county filter).
    pub county: String,
    pub programme: Link,
    pub period: Option<String>,
    pub provenance: String,
}

/// A download of open data: its format, address and the file name it is saved under.
#[derive(Debug, Clone, Serialize)]
pub struct DataLink {
    pub title: String,
    pub url: String,
    pub file: String,
}

/// A name with a count and (where it has a page) a link.
#[derive(Debug, Clone, Serialize)]
pub struct Count {
    pub name: String,
    pub url: Option<String>,
    pub count: usize,
}

/// What a programme list or the home page shows of a programme.
#[derive(Debug, Clone, Serialize)]
pub struct ProgrammeSummary {
    pub title: String,
    pub url: String,
    pub period: Option<String>,
    /// The date of the notice or report that published the programme.
    pub date: Option<crate::date::PartialDate>,
    pub description: Option<String>,
    pub pairings: usize,
    pub recipients: usize,
    pub supporters: usize,
    pub counties: usize,
}

/// A programme's own page.
#[derive(Debug, Clone, Serialize)]
pub struct ProgrammeView<'a> {
    #[serde(flatten)]
    pub summary: ProgrammeSummary,
    pub leads: Vec<PartyLink>,
    pub source: Option<DocSummary>,
    pub by_county: Vec<Count>,
    /// Whether `by_county` counts provinces (a programme with very many counties).
    pub by_province: bool,
    /// Pairings whose recipient is in no county (no province, when counting by province).
    pub unplaced_recipients: usize,
    pub by_stage: Vec<Count>,
    pub by_lead: Vec<Count>,
    pub tables: Vec<TableView>,
    pub data: Vec<DataLink>,
    pub rows: Vec<PairingView>,
    pub content: &'a str,
    pub charts: Vec<Chart>,
    pub pager: Option<Pager>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    /// The attachment's file name; `None` for a list transcribed from a document's text.
    pub file: Option<String>,
    /// The original file, when it is published as a notice's attachment.
    pub url: Option<String>,
    pub rows_read: usize,
    pub pairings: usize,
}

/// A school's or institution's page.
#[derive(Debug, Clone, Serialize)]
pub struct PartyView {
    pub name: String,
    pub kind: &'static str,
    pub spellings: Vec<String>,
    pub path: Vec<Link>,
    pub place_note: Option<String>,
    pub as_recipient: Vec<PairingView>,
    pub as_supporter: Vec<PairingView>,
    pub as_lead: Vec<PairingView>,
    /// Rows as lead on all pages.
    pub lead_total: usize,
    /// The answer first: the party's first pairings in one short block (partner, lead,
    /// programme, period), shown above everything else.
    pub glance: Vec<GlanceItem>,
    /// Pairings not in `glance` (listed in the tables below).
    pub glance_more: usize,
    pub documents: Vec<DocSummary>,
    pub pager: Option<Pager>,
}

/// One pairing of a party, in the block at the top of its page.
#[derive(Debug, Clone, Serialize)]
pub struct GlanceItem {
    /// 受援 / 支援 / 牵头.
    pub role: &'static str,
    /// The other side: supporters for a recipient, the recipient for a supporter or lead.
    pub partners: Vec<PartyLink>,
    pub lead: Option<PartyLink>,
    pub programme: Link,
    pub period: Option<String>,
}

/// Pairings shown in a party's block at the top of its page.
const GLANCE_ITEMS: usize = 3;

/// One row of a region page: a party located there and one of its pairings.
#[derive(Debug, Clone, Serialize)]
pub struct RegionRow {
    pub party: PartyLink,
    pub role: &'static str,
    pub stage: Option<String>,
    pub partners: Vec<PartyLink>,
    pub lead: Option<PartyLink>,
    pub programme: Link,
}

/// How many times each label occurs, in label order.
fn tally(labels: impl Iterator<Item = String>) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for label in labels {
        *counts.entry(label).or_default() += 1;
    }
    counts
}

/// Counts as chart values.
fn as_series(counts: &BTreeMap<String, usize>) -> Vec<(String, f64)> {
    counts.iter().map(|(k, v)| (k.clone(), *v as f64)).collect()
}

/// A programme page counts its pairings by county up to this many counties, else by province.
const MAX_COUNTY_COUNTS: usize = 60;

/// The tally key of recipients in no county (or, by province, in no province).
const UNPLACED: &str = "（未定位）";

/// Counts without links.
fn plain_counts(counts: BTreeMap<String, usize>) -> Vec<Count> {
    counts
        .into_iter()
        .map(|(name, count)| Count { name, url: None, count })
        .collect()
}

/// The region index lists counties under their prefectures only up to this many counties;
/// past it (a national portal has about 3,000) the counties are on the prefecture pages.
const INDEX_COUNTIES: usize = 300;

fn stage_label(stage: &Option<String>) -> String {
    stage.clone().unwrap_or_else(|| NOT_STATED.into())
}

/// The division path as text (防城港市 › 东兴市), empty when unknown.
pub fn place_text(code: Option<u32>) -> String {
    place_str(code).to_string()
}

/// The division path as text, borrowed from the division table (worked out once per division).
pub fn place_str(code: Option<u32>) -> &'static str {
    code.map_or("", |c| divisions().place_text(c))
}

/// A province of the region index with its prefectures, each with its counties.
pub type RegionBranch = (Count, Vec<(Count, Vec<Count>)>);

/// A province, prefecture or county page.
#[derive(Debug, Clone, Serialize)]
pub struct RegionView {
    pub name: String,
    pub level: &'static str,
    pub is_county: bool,
    pub path: Vec<Link>,
    pub children: Vec<Count>,
    pub rows: Vec<RegionRow>,
    /// Pairings in which the region itself is a party (济南市 helps 临沂市).
    pub own_pairings: Vec<PairingView>,
    /// Pairings between cities or counties within the region (济南市 → 临沂市).
    pub within_pairings: Vec<PairingView>,
    pub schools: usize,
    /// Cities and counties within it that are parties themselves.
    pub regions_within: usize,
    pub pairings: usize,
    pub documents: Vec<DocSummary>,
    pub charts: Vec<Chart>,
    pub pager: Option<Pager>,
    /// The region's pairings as open data (CSV, XLSX).
    pub data: Vec<DataLink>,
    /// Pairs within the region that have ended.
    pub ended: usize,
    /// Its schools and institutions whose pairs have all ended.
    pub ended_parties: Vec<PartyLink>,
}

/// Links to the pages of a long table, shown above and below it.
#[derive(Debug, Clone, Serialize)]
pub struct Pager {
    /// 1-based number of this page.
    pub current: usize,
    pub total: usize,
    /// Rows on all pages, and the 1-based numbers of the first and last row shown here.
    pub rows: usize,
    pub first_row: usize,
    pub last_row: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub pages: Vec<Link>,
}

/// The rows of a party's table, in page order: (role, pairing) with role 0 = recipient,
/// 1 = supporter, 2 = lead only.
fn party_rows(pg: &crate::model::pairing::PairingGraph, index: usize) -> Vec<(u8, usize)> {
    let p = &pg.parties[index];
    // One pass over the party's pairings (each is a read far away in memory at national size),
    // then the roles in order: recipient, supporter, lead.
    let mut all: Vec<(u8, usize)> = Vec::with_capacity(p.pairings.len());
    let mut supporting: Vec<(u8, usize)> = Vec::new();
    let mut leading: Vec<(u8, usize)> = Vec::new();
    for &i in &p.pairings {
        let pairing = &pg.pairings[i];
        let supports = pairing.supporters.contains(&index);
        if pairing.recipient == index {
            all.push((0, i));
        }
        if supports {
            supporting.push((1, i));
        }
        if pairing.lead == Some(index) && !supports {
            leading.push((2, i));
        }
    }
    all.extend(supporting);
    all.extend(leading);
    all
}

/// The version of the newest whole list of a programme (0 when every later version lists only
/// changes).
fn last_whole_list(p: &crate::model::pairing::Programme) -> usize {
    p.versions
        .iter()
        .rposition(|v| v.kind != Some(crate::load::programmes::VersionKind::Changes))
        .unwrap_or(0)
}

/// The rows `[start, end)` of page `page` of a table of `rows` rows.
pub(crate) fn page_range(rows: usize, page: usize) -> std::ops::Range<usize> {
    let start = (page * ROWS_PER_PAGE).min(rows);
    start..(start + ROWS_PER_PAGE).min(rows)
}

impl ViewBuilder<'_> {
    /// The rows of party `index`'s table, in page order (see [`party_rows`]); those of a table of
    /// several pages are made once for all of its pages.
    pub(crate) fn party_rows(&self, index: usize) -> std::borrow::Cow<'_, [(u8, usize)]> {
        match self.paged_party(index) {
            Some(paged) => std::borrow::Cow::Borrowed(paged.rows.as_slice()),
            None => std::borrow::Cow::Owned(party_rows(&self.graph.pairing, index)),
        }
    }

    /// The programmes of party `index`'s pairings (each once for a table of several pages).
    pub(crate) fn party_programmes(&self, index: usize) -> std::borrow::Cow<'_, [usize]> {
        let pg = &self.graph.pairing;
        match self.paged_party(index) {
            Some(paged) => std::borrow::Cow::Borrowed(paged.programmes.as_slice()),
            None => std::borrow::Cow::Owned(
                pg.parties[index]
                    .pairings
                    .iter()
                    .map(|&p| pg.pairings[p].programme)
                    .collect(),
            ),
        }
    }

    /// The rows and programmes of party `index` when its table has several pages, made for all
    /// such parties the first time one is asked for.
    fn paged_party(&self, index: usize) -> Option<&PagedParty> {
        use rayon::prelude::*;
        let pg = &self.graph.pairing;
        if pg.parties[index].pairings.len() <= ROWS_PER_PAGE {
            return None;
        }
        let paged = self.paged_parties.get_or_init(|| {
            (0..pg.parties.len())
                .into_par_iter()
                .filter(|&i| pg.parties[i].pairings.len() > ROWS_PER_PAGE)
                .map(|i| {
                    let mut programmes: Vec<usize> = pg.parties[i]
                        .pairings
                        .iter()
                        .map(|&p| pg.pairings[p].programme)
                        .collect();
                    programmes.sort_unstable();
                    programmes.dedup();
                    let rows = party_rows(pg, i);
                    (i, PagedParty { rows, programmes })
                })
                .collect()
        });
        paged.get(&index)
    }

    /// The pager of page `page` of the table of `rows` rows whose first page is at `first`;
    /// `None` when the table fits on one page.
    pub fn pager(&self, first: &str, rows: usize, page: usize) -> Option<Pager> {
        let total = page_count(rows);
        if total <= 1 {
            return None;
        }
        let range = page_range(rows, page);
        // Around the current page, plus the first and the last.
        let mut numbers: Vec<usize> = vec![0, total - 1];
        numbers.extend(page.saturating_sub(3)..(page + 4).min(total));
        numbers.sort_unstable();
        numbers.dedup();
        Some(Pager {
            current: page + 1,
            total,
            rows,
            first_row: range.start + 1,
            last_row: range.end,
            prev: (page > 0).then(|| self.url(&page_path(first, page - 1))),
            next: (page + 1 < total).then(|| self.url(&page_path(first, page + 1))),
            pages: numbers
                .into_iter()
                .map(|n| Link {
                    title: (n + 1).to_string(),
                    url: self.url(&page_path(first, n)),
                })
                .collect(),
        })
    }

    /// Links to the open-data files at `stem` (without extension), one per format, each saved as
    /// a file named for what it holds (`广西壮族自治区-防城港市-结对名单.csv`).
    pub fn data_links(&self, stem: &str, formats: &[&str], holds: &str) -> Vec<DataLink> {
        let name: String = holds
            .chars()
            .map(|c| {
                if "/\\:*?\"<>|".contains(c) || c.is_control() {
                    '-'
                } else {
                    c
                }
            })
            .collect();
        formats
            .iter()
            .map(|ext| DataLink {
                title: ext.to_uppercase(),
                url: self.url(&format!("{stem}.{ext}")),
                file: format!("{name}.{ext}"),
            })
            .collect()
    }

    /// The downloads of programme `index`'s list (`<title>-结对名单.csv` …).
    pub fn programme_data_links(&self, index: usize) -> Vec<DataLink> {
        let p = &self.graph.pairing.programmes[index];
        self.data_links(
            &format!("/data/programmes/{}", p.slug),
            &DATA_FORMATS,
            &format!("{}-结对名单", p.title),
        )
    }

    pub fn party_link(&self, index: usize) -> PartyLink {
        let p = &self.graph.pairing.parties[index];
        PartyLink {
            name: p.name.clone(),
            url: self.url(&self.routes.party_paths[index]),
            kind: p.kind.label(),
            place: place_str(p.code),
            spellings: p.spellings.clone(),
        }
    }

    /// The name of a party's county; empty when it is placed in none (the table says so).
    fn county_name(&self, party: usize) -> String {
        self.graph.index.party_county[party]
            .and_then(|c| divisions().get(c))
            .map(|d| d.name.to_string())
            .unwrap_or_default()
    }

    pub(crate) fn programme_link(&self, index: usize) -> Link {
        Link {
            title: self.graph.pairing.programmes[index].title.clone(),
            url: self.url(&self.routes.programme_paths[index]),
        }
    }

    pub fn pairing(&self, index: usize) -> PairingView {
        self.pairing_of(&self.graph.pairing.pairings[index])
    }

    /// The row of a pairing, current or ended.
    pub fn pairing_of(&self, p: &Pairing) -> PairingView {
        let pg = &self.graph.pairing;
        let programme = &pg.programmes[p.programme];
        PairingView {
            number: p.number.clone(),
            recipient: self.party_link(p.recipient),
            supporters: p.supporters.iter().map(|&s| self.party_link(s)).collect(),
            lead: p.lead.map(|l| self.party_link(l)),
            stage: p.stage.clone(),
            note: p.note.clone(),
            extra: p.extra.clone(),
            county: self.county_name(p.recipient),
            programme: self.programme_link(p.programme),
            period: programme.period.clone(),
            provenance: self.provenance(p),
        }
    }

    /// Where a reader finds the pairing: the published attachment and its row as Excel shows it
    /// (`附件1.csv 第 34 行`), or, for a list the site transcribed from a document's text (a
    /// working file no reader sees), that document: `据鲁教厅办发〔2019〕5号正文整理`.
    pub fn provenance(&self, p: &Pairing) -> String {
        if self.routes.attachment_paths.contains_key(&p.file) {
            return p.provenance();
        }
        let documents = &self.graph.documents;
        let number = self.graph.index.programmes[p.programme]
            .source
            .and_then(|d| documents[d].notice.as_ref())
            .and_then(|n| n.doc_number.as_deref());
        match number {
            Some(number) => format!("据{number}正文整理"),
            None => "据来源文件正文整理".to_string(),
        }
    }

    pub fn programme_summary(&self, index: usize) -> ProgrammeSummary {
        let p = &self.graph.pairing.programmes[index];
        let entry = &self.graph.index.programmes[index];
        ProgrammeSummary {
            title: p.title.clone(),
            url: self.url(&self.routes.programme_paths[index]),
            period: p.period.clone(),
            date: self.graph.index.programme_date(&self.graph.documents, index),
            description: p.description.clone(),
            pairings: p.pairings.len(),
            recipients: entry.recipients,
            supporters: entry.supporters,
            counties: entry.counties,
        }
    }

    /// Page `page` of a programme; the counts, charts and description are on the first page.
    pub fn programme<'c>(&self, index: usize, content: &'c str, page: usize) -> ProgrammeView<'c> {
        let pg = &self.graph.pairing;
        let p = &pg.programmes[index];
        let first = &self.routes.programme_paths[index];
        let rows: Vec<PairingView> = p.pairings[page_range(p.pairings.len(), page)]
            .iter()
            .map(|&i| self.pairing(i))
            .collect();
        let leads = p
            .leads
            .iter()
            .filter_map(|name| self.graph.index.party_by_name.get(name))
            .map(|&i| self.party_link(i))
            .collect();
        let source = self.graph.index.programmes[index].source.map(|i| self.summary(i));
        let mut view = ProgrammeView {
            charts: Vec::new(),
            summary: self.programme_summary(index),
            leads,
            source,
            by_county: Vec::new(),
            by_province: false,
            unplaced_recipients: 0,
            by_stage: Vec::new(),
            by_lead: Vec::new(),
            // The tables of the newest whole list and the lists of changes since.
            tables: p
                .tables
                .iter()
                .filter(|t| t.version >= last_whole_list(p))
                .map(|t| {
                    let url = self.attachment_url(&t.file);
                    TableView {
                        // A table the site transcribed (not published) is named by its source
                        // document in the template, never by the site's working file.
                        file: url
                            .as_ref()
                            .map(|_| t.file.rsplit('/').next().unwrap_or(&t.file).to_string()),
                        url,
                        rows_read: t.rows_read,
                        pairings: t.pairings,
                    }
                })
                .collect(),
            data: self.programme_data_links(index),
            rows,
            content: if page == 0 { content } else { "" },
            pager: self.pager(first, p.pairings.len(), page),
        };
        if page == 0 {
            self.programme_counts(index, &mut view);
        }
        view
    }

    /// A programme's counts by county, stage and lead, with their charts.
    fn programme_counts(&self, index: usize, view: &mut ProgrammeView) {
        let pg = &self.graph.pairing;
        let p = &pg.programmes[index];
        let pairings = || p.pairings.iter().map(|&i| &pg.pairings[i]);
        let mut by_county = tally(pairings().map(|x| {
            self.graph.index.party_county[x.recipient]
                .and_then(|c| divisions().get(c))
                .map_or_else(|| UNPLACED.to_string(), |d| d.name.to_string())
        }));
        // A national programme spans thousands of counties: count by province instead (the
        // province pages break it down further).
        let by_province = by_county.len() > MAX_COUNTY_COUNTS;
        if by_province {
            by_county = tally(pairings().map(|x| {
                pg.parties[x.recipient]
                    .code
                    .and_then(|c| divisions().get(crate::divisions::Divisions::province_of(c)))
                    .map(|d| d.name.to_string())
                    .unwrap_or_else(|| UNPLACED.to_string())
            }));
        }
        // Recipients placed in no county (or province) are counted apart: they are no county.
        view.unplaced_recipients = by_county.remove(UNPLACED).unwrap_or(0);
        view.by_province = by_province;
        let by_stage = tally(pairings().map(|x| stage_label(&x.stage)));
        let lead_name = |x: &Pairing| {
            x.lead
                .map(|l| pg.parties[l].name.clone())
                .unwrap_or_else(|| NOT_STATED.into())
        };
        let by_lead = tally(pairings().map(lead_name));
        let mut supporters_by_lead: BTreeMap<String, std::collections::BTreeSet<&str>> = BTreeMap::new();
        for x in pairings() {
            supporters_by_lead
                .entry(lead_name(x))
                .or_default()
                .extend(x.supporters.iter().map(|&s| pg.parties[s].name.as_str()));
        }
        let supporters_by_lead: Vec<(String, f64)> = supporters_by_lead
            .into_iter()
            .map(|(k, v)| (k, v.len() as f64))
            .collect();
        view.charts = [
            bar_chart(
                &format!("p{index}-county"),
                if by_province {
                    "按省份的结对数"
                } else {
                    "按县（市、区）的结对数"
                },
                "对",
                &as_series(&by_county),
            ),
            bar_chart(
                &format!("p{index}-stage"),
                "按学段的结对数",
                "对",
                &as_series(&by_stage),
            ),
            bar_chart(
                &format!("p{index}-lead"),
                "各牵头单位组织的支援学校数",
                "所",
                &supporters_by_lead,
            ),
        ]
        .into_iter()
        .flatten()
        .collect();
        if let Some(chart) = self.graph.index.programmes[index]
            .source
            .and_then(|d| self.metrics_chart(&self.graph.documents[d], &format!("p{index}-metrics")))
        {
            view.charts.push(chart);
        }
        view.by_county = by_county
            .into_iter()
            .map(|(name, count)| Count {
                url: if by_province {
                    divisions().province_named(&name)
                } else {
                    self.graph.index.county_by_name.get(&name).copied()
                }
                .and_then(|c| self.routes.region_paths.get(&c))
                .map(|path| self.url(path)),
                name,
                count,
            })
            .collect();
        view.by_stage = plain_counts(by_stage);
        view.by_lead = plain_counts(by_lead);
    }

    /// Page `page` of a party: its recipient, supporter and lead rows, in that order, paginated
    /// together.
    pub fn party(&self, index: usize, page: usize) -> PartyView {
        let pg = &self.graph.pairing;
        let p = &pg.parties[index];
        let all = self.party_rows(index);
        let glance = all
            .iter()
            .take(GLANCE_ITEMS)
            .map(|&(role, i)| {
                let pairing = &pg.pairings[i];
                GlanceItem {
                    role: ["受援", "支援", "牵头"][usize::from(role)],
                    partners: if role == 0 {
                        pairing.supporters.iter().map(|&s| self.party_link(s)).collect()
                    } else {
                        vec![self.party_link(pairing.recipient)]
                    },
                    lead: pairing.lead.filter(|&l| l != index).map(|l| self.party_link(l)),
                    programme: self.programme_link(pairing.programme),
                    period: pg.programmes[pairing.programme].period.clone(),
                }
            })
            .collect();
        let mut view = PartyView {
            glance,
            glance_more: all.len().saturating_sub(GLANCE_ITEMS),
            name: p.name.clone(),
            kind: p.kind.label(),
            spellings: p.spellings.clone(),
            path: self.region_links(p.code),
            place_note: crate::model::pairing::PairingGraph::placement_note(p),
            as_recipient: Vec::new(),
            as_supporter: Vec::new(),
            as_lead: Vec::new(),
            lead_total: all.iter().filter(|x| x.0 == 2).count(),
            documents: Vec::new(),
            pager: self.pager(&self.routes.party_paths[index], all.len(), page),
        };
        for &(role, i) in &all[page_range(all.len(), page)] {
            let row = self.pairing(i);
            match role {
                0 => view.as_recipient.push(row),
                1 => view.as_supporter.push(row),
                _ => view.as_lead.push(row),
            }
        }
        if page == 0 {
            view.documents = self.graph.index.party_documents[index]
                .iter()
                .map(|&d| self.summary(d))
                .collect();
        }
        view
    }

    /// Links to the region pages from the province down to `code`'s county.
    pub fn region_links(&self, code: Option<u32>) -> Vec<Link> {
        code.map(|c| {
            divisions()
                .path(c)
                .iter()
                .filter_map(|d| {
                    self.routes.region_paths.get(&d.code).map(|path| Link {
                        title: d.name.to_string(),
                        url: self.url(path),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
    }

    /// Page `page` of a region. Every page lists the rows of the schools placed in the region
    /// itself (for a county, all of its schools); child regions, counts, charts and documents
    /// are on the first page.
    pub fn region(&self, code: u32, page: usize) -> RegionView {
        let pg = &self.graph.pairing;
        let d = divisions();
        let division = d.get(code);
        let name = division.map(|x| x.name.to_string()).unwrap_or_default();
        let empty = crate::model::site_index::RegionEntry::default();
        let entry = self.graph.index.regions.get(&code).unwrap_or(&empty);
        let rows = entry.rows[page_range(entry.rows.len(), page)]
            .iter()
            .map(|r| {
                let pairing = &pg.pairings[r.pairing];
                RegionRow {
                    party: self.party_link(r.party),
                    role: r.role.label(),
                    stage: pairing.stage.clone(),
                    partners: match r.role {
                        RowRole::Recipient => pairing.supporters.iter().map(|&s| self.party_link(s)).collect(),
                        RowRole::Supporter => vec![self.party_link(pairing.recipient)],
                    },
                    lead: pairing.lead.map(|l| self.party_link(l)),
                    programme: self.programme_link(pairing.programme),
                }
            })
            .collect();
        let mut view = RegionView {
            charts: Vec::new(),
            level: division.map(|x| x.level().label()).unwrap_or_default(),
            is_county: Level::of(code) == Level::County,
            path: self.region_links(Some(code)),
            children: Vec::new(),
            rows,
            own_pairings: Vec::new(),
            within_pairings: Vec::new(),
            schools: entry.schools,
            regions_within: entry.regions_within,
            pairings: entry.pairing_list.len(),
            documents: Vec::new(),
            pager: self.pager(&self.routes.region_paths[&code], entry.rows.len(), page),
            data: self
                .routes
                .region_data_stem(code)
                .map(|stem| {
                    let places: Vec<&str> = divisions().path(code).iter().map(|d| d.name).collect();
                    let holds = format!("{}-结对名单", places.join("-"));
                    let formats = region_data_formats(&self.graph.config, self.graph.pairing.pairings.len(), code);
                    self.data_links(&format!("/{stem}"), formats, &holds)
                })
                .unwrap_or_default(),
            ended: entry.ended,
            ended_parties: if page == 0 {
                entry.ended_parties.iter().map(|&p| self.party_link(p)).collect()
            } else {
                Vec::new()
            },
            name,
        };
        if page > 0 {
            return view;
        }
        view.own_pairings = entry.own_pairings.iter().map(|&i| self.pairing(i)).collect();
        view.within_pairings = entry.within_pairings.iter().map(|&i| self.pairing(i)).collect();
        view.documents = entry.documents.iter().map(|&i| self.summary(i)).collect();
        view.children = d
            .children(code)
            .iter()
            .filter_map(|c| {
                let path = self.routes.region_paths.get(&c.code)?;
                Some(Count {
                    name: c.name.to_string(),
                    url: Some(self.url(path)),
                    count: self
                        .graph
                        .index
                        .regions
                        .get(&c.code)
                        .map_or(0, RegionEntry::participants),
                })
            })
            .collect();
        // Bars of one length say nothing the list of child regions does not (山东省: twelve
        // cities with one pairing each), so that chart is left out.
        let child_counts: Vec<(String, f64)> = if view.children.windows(2).all(|w| w[0].count == w[1].count) {
            Vec::new()
        } else {
            view.children
                .iter()
                .map(|c: &Count| (c.name.clone(), c.count as f64))
                .collect()
        };
        view.charts = [
            bar_chart(
                &format!("r{code}-children"),
                "各下级地区参与结对的学校和单位数",
                "个",
                &child_counts,
            ),
            bar_chart(
                &format!("r{code}-stage"),
                "本地区的结对按学段分（对）",
                "对",
                &as_series(&entry.by_stage),
            ),
            bar_chart(
                &format!("r{code}-lead"),
                "本地区的结对按牵头单位分（对）",
                "对",
                &as_series(&entry.by_lead),
            ),
            bar_chart(
                &format!("r{code}-side"),
                "本地区的结对按哪一方在本地区分（对）",
                "对",
                &as_series(&entry.by_side),
            ),
        ]
        .into_iter()
        .flatten()
        .collect();
        view
    }

    /// A chart of a report's figures that share a unit (the largest such group, people first).
    pub fn metrics_chart(&self, doc: &crate::model::Document, id: &str) -> Option<Chart> {
        let report = doc.report.as_ref()?;
        let mut by_unit: BTreeMap<&str, Vec<(String, f64)>> = BTreeMap::new();
        for m in &report.metrics {
            by_unit
                .entry(m.unit.as_deref().unwrap_or(""))
                .or_default()
                .push((m.name.clone(), m.value));
        }
        let (unit, items) = by_unit.into_iter().max_by_key(|(u, items)| (items.len(), *u == "人"))?;
        let year = report.year.map(|y| format!("{y}年")).unwrap_or_default();
        bar_chart(
            id,
            &format!(
                "{}{year}主要数据（单位：{unit}）",
                report.institution.as_deref().unwrap_or("")
            ),
            unit,
            &items,
        )
    }

    /// Provinces with pairings, each with its prefectures and (while the whole tree stays short
    /// enough to read) their counties, for the region index.
    pub fn region_tree(&self) -> Vec<RegionBranch> {
        let d = divisions();
        let regions = &self.graph.index.regions;
        let entry = |code: u32| Count {
            name: d.get(code).map(|x| x.name.to_string()).unwrap_or_default(),
            url: self.routes.region_paths.get(&code).map(|p| self.url(p)),
            count: regions.get(&code).map_or(0, RegionEntry::participants),
        };
        let counties = regions.keys().filter(|c| Level::of(**c) == Level::County).count();
        let mut tree = Vec::new();
        for &province in regions.keys().filter(|c| Level::of(**c) == Level::Province) {
            let mut prefectures = Vec::new();
            for pref in d.children(province).iter().filter(|c| regions.contains_key(&c.code)) {
                let children: Vec<Count> = if pref.level() == Level::County || counties > INDEX_COUNTIES {
                    Vec::new()
                } else {
                    d.children(pref.code)
                        .iter()
                        .filter(|c| regions.contains_key(&c.code))
                        .map(|c| entry(c.code))
                        .collect()
                };
                prefectures.push((entry(pref.code), children));
            }
            tree.push((entry(province), prefectures));
        }
        tree
    }
}

//! Routes: the URL of every page and shipped file, with a check that no two claim the same URL.

use crate::diagnostics::Diagnostic;
use crate::divisions::divisions;
use crate::load::Section;
use crate::model::SiteGraph;
use crate::model::pairing::names::PartyKind;
use crate::model::site_graph::term_slug;

/// The open-data formats written for every programme and for all pairings.
pub const DATA_FORMATS: [&str; 3] = ["csv", "json", "xlsx"];

/// The 网站地图 page: every section and index of the site, for people.
pub const SITE_MAP_PATH: &str = "/sitemap/";

/// The 数据说明 page, linked from every download.
pub const DATA_GUIDE_PATH: &str = "/open-data/";

/// The open-data files of each province, prefecture and county.
pub const REGION_DATA_FORMATS: [&str; 2] = ["csv", "xlsx"];

/// Table rows on one page of a programme, party or region; longer tables continue on
/// `…/page/2/` and so on (the whole table stays downloadable as open data).
pub const ROWS_PER_PAGE: usize = 200;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What a page shows; the renderer picks the template and context from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKind {
    Home,
    /// Every notice, newest first (`/notices/`), paged.
    NoticeList,
    /// The notices of one year (`/notices/2022/`), paged.
    NoticeYear(i32),
    ReportList,
    Document(usize),
    TaxonomyList(String),
    TaxonomyTerm(usize),
    Directory,
    /// The search page: full text and the school finder, reading `?q=` from the URL.
    Search,
    NotFound,
    ProgrammeList,
    Programme(usize),
    /// A school's or institution's page (regions that are parties use their region page).
    Party(usize),
    RegionIndex,
    /// `/schools/`: the finder, schools by region, institutions and schools not placed.
    SchoolIndex,
    /// A province, prefecture or county that has pairings, by division code.
    Region(u32),
    /// `/open-data/`: 数据说明, what the open-data files hold, column by column.
    DataGuide,
    /// `/sitemap/`: 网站地图, the site's sections and indexes for people (sitemap.xml is for robots).
    SiteMap,
}

/// Where a copied file's bytes come from.
#[derive(Debug, Clone)]
pub enum FileSource {
    Disk(PathBuf),
    Embedded(&'static [u8]),
}

/// One page of the site: its path below the base path (`/notices/a/`) and where it came from.
#[derive(Debug, Clone)]
pub struct Route {
    pub path: String,
    pub kind: PageKind,
    pub source: String,
    /// Which page of a long table this is (0 = the first, at the page's own path).
    pub page: usize,
}

/// The path of page `page` (0-based) of a paginated page whose first page is at `first`.
/// The longest file or folder name (bytes) that common file systems (ext4, APFS, NTFS) accept.
pub const MAX_FILE_NAME_BYTES: usize = 255;

pub fn page_path(first: &str, page: usize) -> String {
    if page == 0 {
        first.to_string()
    } else {
        format!("{first}page/{}/", page + 1)
    }
}

/// How many pages a table of `rows` rows takes.
pub fn page_count(rows: usize) -> usize {
    rows.div_ceil(ROWS_PER_PAGE).max(1)
}

impl Route {
    /// The file written for this route, relative to the output folder.
    pub fn output_file(&self) -> String {
        if self.path.ends_with('/') {
            format!("{}index.html", self.path.trim_start_matches('/'))
        } else {
            self.path.trim_start_matches('/').to_string()
        }
    }
}

/// Every page route and every copied file, keyed by path.
#[derive(Debug, Default)]
pub struct RouteTable {
    pub routes: Vec<Route>,
    /// Files copied as they are (theme and site static files, attachments), path → source.
    pub files: BTreeMap<String, FileSource>,
    /// Page path of each document, by document index.
    pub document_paths: Vec<String>,
    /// Page path of each document, by its source path (`content/notices/a.md`), for `@/` links.
    pub by_source: BTreeMap<String, String>,
    /// Page path of each programme, by index.
    pub programme_paths: Vec<String>,
    /// Page path of each party (for a region party, its region page), by index.
    pub party_paths: Vec<String>,
    /// Page path of each province, prefecture and county that has pairings.
    /// Attachments by their file relative to the site root (`content/notices/a/附件1.csv`) →
    /// their path on the site (`/notices/a/附件1.csv`): where a table's original is published.
    pub attachment_paths: BTreeMap<String, String>,
    pub region_paths: BTreeMap<u32, String>,
    /// Output file (lower case) → who claimed it: every page, copied file and emitter output. A
    /// hash map: 600,000 claims at national size, on one core before anything is rendered.
    claimed: rustc_hash::FxHashMap<String, String>,
    /// Folders written by one emitter alone (`search/`), with the emitter.
    claimed_folders: Vec<(String, String)>,
}

/// The output file a path is written to, in lower case: `/a/` → `a/index.html`, `/x.css` → `x.css`.
fn claim_key(path: &str) -> String {
    let trimmed = path.trim_start_matches('/').to_lowercase();
    if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed
    }
}

impl RouteTable {
    /// Routes every page of `graph`; URL collisions become errors naming both sources.
    pub fn build(graph: &SiteGraph, diagnostics: &mut Vec<Diagnostic>) -> RouteTable {
        let mut table = RouteTable::default();
        table.add("/", PageKind::Home, "site.toml", None, diagnostics);
        table.add("/404.html", PageKind::NotFound, "site.toml", None, diagnostics);
        table.add("/search/", PageKind::Search, "site.toml", None, diagnostics);
        table.add(SITE_MAP_PATH, PageKind::SiteMap, "site.toml", None, diagnostics);
        table.add_paged(
            "/directory/",
            PageKind::Directory,
            "site.toml",
            graph.documents.len(),
            diagnostics,
        );
        let notices = graph.in_section(Section::Notices).count();
        if notices > 0 {
            table.add_paged("/notices/", PageKind::NoticeList, "site.toml", notices, diagnostics);
        }
        for year in graph.notice_years() {
            let count = graph.notices_of_year(year).len();
            table.add_paged(
                &format!("/notices/{year}/"),
                PageKind::NoticeYear(year),
                "site.toml",
                count,
                diagnostics,
            );
        }
        if graph.in_section(Section::Reports).next().is_some() {
            table.add("/reports/", PageKind::ReportList, "site.toml", None, diagnostics);
        }
        for t in &graph.config.taxonomies {
            if graph.terms_of(&t.name).next().is_some() {
                table.add(
                    &format!("/{}/", t.name),
                    PageKind::TaxonomyList(t.name.clone()),
                    "site.toml",
                    None,
                    diagnostics,
                );
            }
        }
        for (i, term) in graph.terms.iter().enumerate() {
            let path = format!("/{}/{}/", term.taxonomy, term.slug);
            let source = graph.documents[term.documents[0]].source.clone();
            table.add_paged(
                &path,
                PageKind::TaxonomyTerm(i),
                &source,
                term.documents.len(),
                diagnostics,
            );
        }
        for (i, doc) in graph.documents.iter().enumerate() {
            let path = match doc.section {
                Section::Notices => format!("/notices/{}/", doc.slug),
                Section::Reports => format!("/reports/{}/", doc.slug),
                Section::Pages => format!("/{}/", doc.slug),
            };
            table.add(&path, PageKind::Document(i), &doc.source, Some(1), diagnostics);
            let folder = doc.source.rsplit_once('/').map_or("", |(f, _)| f);
            for a in &doc.attachments {
                let file_path = format!("{path}{}", a.file);
                table.claim(&file_path, &doc.source, a.line, diagnostics);
                table
                    .attachment_paths
                    .insert(format!("{folder}/{}", a.file), file_path.clone());
                table.files.insert(file_path, FileSource::Disk(doc.dir.join(&a.file)));
            }
            table.by_source.insert(doc.source.clone(), path.clone());
            table.document_paths.push(path);
        }
        table.add_pairing_routes(graph, diagnostics);
        table
    }

    fn add_pairing_routes(&mut self, graph: &SiteGraph, diagnostics: &mut Vec<Diagnostic>) {
        let pg = &graph.pairing;
        if pg.programmes.is_empty() {
            return;
        }
        self.add(
            "/programmes/",
            PageKind::ProgrammeList,
            "content/programmes",
            None,
            diagnostics,
        );
        self.add(
            "/regions/",
            PageKind::RegionIndex,
            "content/programmes",
            None,
            diagnostics,
        );
        self.add(
            "/schools/",
            PageKind::SchoolIndex,
            "content/programmes",
            None,
            diagnostics,
        );
        self.add(
            DATA_GUIDE_PATH,
            PageKind::DataGuide,
            "content/programmes",
            None,
            diagnostics,
        );
        for (i, p) in pg.programmes.iter().enumerate() {
            let path = format!("/programmes/{}/", p.slug);
            self.add_paged(&path, PageKind::Programme(i), &p.source, p.pairings.len(), diagnostics);
            self.by_source.insert(p.source.clone(), path.clone());
            self.programme_paths.push(path);
        }
        let d = divisions();
        for (&code, entry) in &graph.index.regions {
            let names: Vec<String> = d.path(code).iter().map(|x| term_slug(x.name)).collect();
            let path = format!("/regions/{}/", names.join("/"));
            self.add_paged(
                &path,
                PageKind::Region(code),
                "content/programmes",
                entry.rows.len(),
                diagnostics,
            );
            self.region_paths.insert(code, path);
        }
        for (i, party) in pg.parties.iter().enumerate() {
            let path = match party.kind {
                PartyKind::Region => party
                    .code
                    .and_then(|c| self.region_paths.get(&c).cloned())
                    .unwrap_or_else(|| "/regions/".into()),
                PartyKind::School => format!("/schools/{}/", party.slug),
                PartyKind::Institution => format!("/institutions/{}/", party.slug),
            };
            if party.kind != PartyKind::Region {
                let first = party.pairings.first().map(|&p| &pg.pairings[p]);
                let source = first.map(|p| p.file.clone()).unwrap_or_default();
                let line = first.map(|p| p.row);
                let rows = party
                    .pairings
                    .iter()
                    .map(|&p| {
                        let pairing = &pg.pairings[p];
                        let supports = pairing.supporters.contains(&i);
                        usize::from(pairing.recipient == i)
                            + usize::from(supports)
                            + usize::from(pairing.lead == Some(i) && !supports)
                    })
                    .sum();
                self.add_paged_at(&path, PageKind::Party(i), (&source, line), rows, diagnostics);
            }
            self.party_paths.push(path);
        }
    }

    fn add(
        &mut self,
        path: &str,
        kind: PageKind,
        source: &str,
        line: Option<usize>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        if self.claim(path, source, line, diagnostics) {
            self.routes.push(Route {
                path: path.to_string(),
                kind,
                source: source.to_string(),
                page: 0,
            });
        }
    }

    /// A page whose table of `rows` rows continues on further pages (`page/2/` …).
    fn add_paged(&mut self, path: &str, kind: PageKind, source: &str, rows: usize, diagnostics: &mut Vec<Diagnostic>) {
        self.add_paged_at(path, kind, (source, None), rows, diagnostics);
    }

    /// [`Self::add_paged`] for a page made from one line of its source (a table row).
    fn add_paged_at(
        &mut self,
        path: &str,
        kind: PageKind,
        (source, line): (&str, Option<usize>),
        rows: usize,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        for page in 0..page_count(rows) {
            let at = page_path(path, page);
            if self.claim(&at, source, line, diagnostics) {
                self.routes.push(Route {
                    path: at,
                    kind: kind.clone(),
                    source: source.to_string(),
                    page,
                });
            }
        }
    }

    /// Claims the output file of `path` for `source`; a second claim is an error naming both.
    pub fn claim(&mut self, path: &str, source: &str, line: Option<usize>, diagnostics: &mut Vec<Diagnostic>) -> bool {
        // Slugs are held to a shorter limit where they are written; this catches what is made from
        // other text (a school name from a table cell), so that `check` fails where writing would.
        if let Some(segment) = path.split('/').find(|s| s.len() > MAX_FILE_NAME_BYTES) {
            let shown: String = segment.chars().take(20).collect();
            diagnostics.push(
                Diagnostic::error(
                    source,
                    line,
                    format!(
                        "网址中的“{shown}…”太长：{} 字节，文件系统最多接受 {MAX_FILE_NAME_BYTES} 字节的文件名",
                        segment.len()
                    ),
                )
                .with_hint("缩短名称（学校名称、slug 或分类名称）"),
            );
            return false;
        }
        let key = claim_key(path);
        let first = self.claimed.get(&key).cloned().or_else(|| {
            self.claimed_folders
                .iter()
                .find(|(folder, _)| key.starts_with(folder.as_str()))
                .map(|(_, owner)| owner.clone())
        });
        if let Some(first) = first {
            diagnostics.push(
                Diagnostic::error(source, line, format!("网址 {path} 已被 {first} 占用"))
                    .with_hint("改文件名，或在 front matter 中写不同的 slug = \"…\""),
            );
            return false;
        }
        self.claimed.insert(key, source.to_string());
        true
    }

    /// Claims a whole output folder (`search/`) for one emitter.
    pub fn claim_folder(&mut self, folder: &str, owner: &str, diagnostics: &mut Vec<Diagnostic>) {
        let folder = format!("{}/", folder.trim_matches('/').to_lowercase());
        // The first such file in path order, whatever the map's order.
        if let Some((key, first)) = self.claimed.iter().filter(|(k, _)| k.starts_with(&folder)).min() {
            diagnostics.push(Diagnostic::error(
                first.as_str(),
                None,
                format!("输出文件 {key} 位于 {owner} 专用的文件夹 {folder} 中"),
            ));
        }
        self.claimed_folders.push((folder, owner.to_string()));
    }

    /// Adds a static file (theme or site `static/`, already merged so that the site's own file
    /// replaces the theme's); a static file where a page or another output stands is an error.
    pub fn add_static(&mut self, path: String, source: FileSource, label: &str, diagnostics: &mut Vec<Diagnostic>) {
        if self.claim(&path, label, None, diagnostics) {
            self.files.insert(path, source);
        } else if let Some(d) = diagnostics.last_mut() {
            d.hint =
                Some("静态文件不能与页面、feed.xml、sitemap 或 search/ 等生成的文件同名：改名或移到别的文件夹".into());
        }
    }

    /// Whether a page or file answers at `path` (below the base path).
    /// The open-data path of a region without its extension, mirroring its page
    /// (`data/regions/广西壮族自治区/防城港市/东兴市` for `/regions/广西壮族自治区/防城港市/东兴市/`).
    pub fn region_data_stem(&self, code: u32) -> Option<String> {
        let page = self.region_paths.get(&code)?;
        Some(format!("data{}", page.trim_end_matches('/')))
    }

    pub fn exists(&self, path: &str) -> bool {
        self.claimed.contains_key(&claim_key(path))
            || (!path.ends_with('/') && self.claimed.contains_key(&claim_key(&format!("{path}/"))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collisions_are_errors_naming_both_files() {
        let mut t = RouteTable::default();
        let mut d = Vec::new();
        t.add("/notices/a/", PageKind::Home, "content/notices/a.md", Some(1), &mut d);
        t.add("/notices/A/", PageKind::Home, "content/notices/b.md", Some(3), &mut d);
        assert_eq!(t.routes.len(), 1);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].file, "content/notices/b.md");
        assert!(d[0].message.contains("content/notices/a.md"));
    }

    #[test]
    fn a_claimed_folder_names_the_first_file_already_in_it_and_refuses_later_ones() {
        let mut t = RouteTable::default();
        let mut d = Vec::new();
        for (path, source) in [
            ("/search/b/", "content/pages/b.md"),
            ("/search/a/", "content/pages/a.md"),
            ("/searching/", "content/pages/c.md"),
        ] {
            t.add(path, PageKind::Home, source, Some(1), &mut d);
        }
        t.claim_folder("search", "搜索索引", &mut d);
        assert_eq!(d.len(), 1, "one error for the folder: {d:?}");
        assert_eq!(d[0].file, "content/pages/a.md", "the first file in path order");
        assert!(d[0].message.contains("search/a/index.html") && d[0].message.contains("搜索索引"));
        assert!(!t.claim("/search/meta.json", "static/search/meta.json", None, &mut d));
        assert!(d[1].message.contains("搜索索引"), "{}", d[1].message);
    }

    #[test]
    fn exists_accepts_index_and_missing_slash() {
        let mut t = RouteTable::default();
        t.add("/notices/a/", PageKind::Home, "x", None, &mut Vec::new());
        assert!(t.exists("/notices/a/"));
        assert!(t.exists("/notices/a"));
        assert!(t.exists("/notices/a/index.html"));
        assert!(!t.exists("/notices/b/"));
        let r = Route {
            path: "/404.html".into(),
            kind: PageKind::NotFound,
            source: String::new(),
            page: 0,
        };
        assert_eq!(r.output_file(), "404.html");
    }
}

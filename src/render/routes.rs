//! Routes: the URL of every page and shipped file, with a check that no two claim the same URL.

use crate::diagnostics::Diagnostic;

/// The open-data formats written for every programme and for all pairings.
pub const DATA_FORMATS: [&str; 3] = ["csv", "json", "xlsx"];

/// The 网站地图 page: every section and index of the site, for people.
pub const SITE_MAP_PATH: &str = "/sitemap/";

/// The 数据说明 page, linked from every download.
pub const DATA_GUIDE_PATH: &str = "/open-data/";

/// The open-data files of each province, prefecture and county.
pub const REGION_DATA_FORMATS: [&str; 2] = ["csv", "xlsx"];

/// The open-data formats of one region: a province's or prefecture's list as XLSX too only where
/// the site's `open_data.region_xlsx` (or its size) asks for it; a county's always.
pub fn region_data_formats(config: &crate::config::SiteConfig, pairings: usize, code: u32) -> &'static [&'static str] {
    use crate::divisions::Level;
    if Level::of(code) >= Level::County || config.open_data.larger_regions_xlsx(pairings) {
        &REGION_DATA_FORMATS
    } else {
        &REGION_DATA_FORMATS[..1]
    }
}

/// Table rows on one page of a programme, party or region; longer tables continue on
/// `…/page/2/` and so on (the whole table stays downloadable as open data).
pub const ROWS_PER_PAGE: usize = 200;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Where a copied file's bytes come from.
#[derive(Debug, Clone)]
pub enum FileSource {
    Disk(PathBuf),
    Embedded(&'static [u8]),
}

/// One page of the site: its path below the base path (`/notices/a/`), the page family that makes
/// it (an index into `pages::FAMILIES`), which of the family's kinds of page it is and which item
/// it shows (a document, programme or party index, a division code, a year …), and its source.
#[derive(Debug, Clone)]
pub struct Route {
    pub path: String,
    pub family: usize,
    /// The family's kind of page (each family names its kinds; most have one or two).
    pub kind: u8,
    pub item: usize,
    pub source: String,
    /// Which page of a long table this is (0 = the first, at the page's own path).
    pub page: usize,
}

/// The longest file or folder name (bytes) that common file systems (ext4, APFS, NTFS) accept.
pub const MAX_FILE_NAME_BYTES: usize = 255;

/// The path of page `page` (0-based) of a paginated page whose first page is at `first`.
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
    /// Attachments by their file relative to the site root (`content/notices/a/附件1.csv`) →
    /// their path on the site (`/notices/a/附件1.csv`): where a table's original is published.
    pub attachment_paths: BTreeMap<String, String>,
    /// Page path of each province, prefecture and county that has pairings.
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
    /// Adds a page of `family`, of its `kind`, showing its `item`, made from `source` (at `line`); a path already
    /// claimed is an error naming both sources.
    pub fn add(
        &mut self,
        path: &str,
        family: usize,
        (kind, item): (u8, usize),
        (source, line): (&str, Option<usize>),
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        if self.claim(path, source, line, diagnostics) {
            self.routes.push(Route {
                path: path.to_string(),
                family,
                kind,
                item,
                source: source.to_string(),
                page: 0,
            });
        }
    }

    /// [`Self::add`] for a page whose table of `rows` rows continues on further pages (`page/2/` …).
    pub fn add_paged(
        &mut self,
        path: &str,
        family: usize,
        (kind, item): (u8, usize),
        (source, line): (&str, Option<usize>),
        rows: usize,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        self.add_pages(
            path,
            family,
            (kind, item),
            (source, line),
            0..page_count(rows),
            diagnostics,
        );
    }

    /// The pages `page/N/` a table of `rows` rows no longer has but one of `rows_ever` rows had
    /// (a list that shrank when it was revised): routed as `kind`, so that the address still
    /// answers (with a page that leads to the table's first page).
    #[allow(clippy::too_many_arguments)]
    pub fn add_former_pages(
        &mut self,
        path: &str,
        family: usize,
        (kind, item): (u8, usize),
        (source, line): (&str, Option<usize>),
        (rows, rows_ever): (usize, usize),
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let pages = page_count(rows)..page_count(rows_ever);
        self.add_pages(path, family, (kind, item), (source, line), pages, diagnostics);
    }

    /// Routes pages `pages` of the table at `path` (page 0 is `path` itself).
    #[allow(clippy::too_many_arguments)]
    fn add_pages(
        &mut self,
        path: &str,
        family: usize,
        (kind, item): (u8, usize),
        (source, line): (&str, Option<usize>),
        pages: std::ops::Range<usize>,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        for page in pages {
            let at = page_path(path, page);
            if self.claim(&at, source, line, diagnostics) {
                self.routes.push(Route {
                    path: at,
                    family,
                    kind,
                    item,
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

    /// The open-data path of a region without its extension, mirroring its page
    /// (`data/regions/广西壮族自治区/防城港市/东兴市` for `/regions/广西壮族自治区/防城港市/东兴市/`).
    pub fn region_data_stem(&self, code: u32) -> Option<String> {
        let page = self.region_paths.get(&code)?;
        Some(format!("data{}", page.trim_end_matches('/')))
    }

    /// Whether a page or file answers at `path` (below the base path).
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
        t.add("/notices/a/", 0, (0, 0), ("content/notices/a.md", Some(1)), &mut d);
        t.add("/notices/A/", 0, (0, 0), ("content/notices/b.md", Some(3)), &mut d);
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
            t.add(path, 0, (0, 0), (source, Some(1)), &mut d);
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
        t.add("/notices/a/", 0, (0, 0), ("x", None), &mut Vec::new());
        assert!(t.exists("/notices/a/"));
        assert!(t.exists("/notices/a"));
        assert!(t.exists("/notices/a/index.html"));
        assert!(!t.exists("/notices/b/"));
        let r = Route {
            path: "/404.html".into(),
            family: 0,
            kind: 0,
            item: 0,
            source: String::new(),
            page: 0,
        };
        assert_eq!(r.output_file(), "404.html");
    }
}

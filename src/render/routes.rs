//! Routes: the URL of every page and shipped file, with a check that no two claim the same URL.

use crate::diagnostics::Diagnostic;
use crate::divisions::{Level, divisions};
use crate::load::Section;
use crate::model::SiteGraph;
use crate::model::pairing::names::PartyKind;
use crate::model::site_graph::term_slug;

/// The open-data formats written for every programme and for all pairings.
pub const DATA_FORMATS: [&str; 3] = ["csv", "json", "xlsx"];
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What a page shows; the renderer picks the template and context from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKind {
    Home,
    /// The notices of one year; `latest` marks `/notices/`, which shows the newest year.
    NoticeYear {
        year: i32,
        latest: bool,
    },
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
    /// A province, prefecture or county that has pairings, by division code.
    Region(u32),
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
    pub region_paths: BTreeMap<u32, String>,
    claimed: BTreeMap<String, String>,
}

impl RouteTable {
    /// Routes every page of `graph`; URL collisions become errors naming both sources.
    pub fn build(graph: &SiteGraph, diagnostics: &mut Vec<Diagnostic>) -> RouteTable {
        let mut table = RouteTable::default();
        table.add("/", PageKind::Home, "site.toml", None, diagnostics);
        table.add("/404.html", PageKind::NotFound, "site.toml", None, diagnostics);
        table.add("/search/", PageKind::Search, "site.toml", None, diagnostics);
        table.add("/directory/", PageKind::Directory, "site.toml", None, diagnostics);
        let years = graph.notice_years();
        for (i, year) in years.iter().enumerate() {
            if i == 0 {
                table.add(
                    "/notices/",
                    PageKind::NoticeYear {
                        year: *year,
                        latest: true,
                    },
                    "site.toml",
                    None,
                    diagnostics,
                );
            }
            table.add(
                &format!("/notices/{year}/"),
                PageKind::NoticeYear {
                    year: *year,
                    latest: false,
                },
                "site.toml",
                None,
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
            table.add(&path, PageKind::TaxonomyTerm(i), &source, None, diagnostics);
        }
        for (i, doc) in graph.documents.iter().enumerate() {
            let path = match doc.section {
                Section::Notices => format!("/notices/{}/", doc.slug),
                Section::Reports => format!("/reports/{}/", doc.slug),
                Section::Pages => format!("/{}/", doc.slug),
            };
            table.add(&path, PageKind::Document(i), &doc.source, Some(1), diagnostics);
            for a in &doc.attachments {
                let file_path = format!("{path}{}", a.file);
                table.claim(&file_path, &doc.source, a.line, diagnostics);
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
        for ext in DATA_FORMATS {
            self.claim(
                &format!("/data/pairings.{ext}"),
                "content/programmes",
                None,
                diagnostics,
            );
        }
        for (i, p) in pg.programmes.iter().enumerate() {
            let path = format!("/programmes/{}/", p.slug);
            self.add(&path, PageKind::Programme(i), &p.source, None, diagnostics);
            for ext in DATA_FORMATS {
                self.claim(
                    &format!("/data/programmes/{}.{ext}", p.slug),
                    &p.source,
                    None,
                    diagnostics,
                );
            }
            self.by_source.insert(p.source.clone(), path.clone());
            self.programme_paths.push(path);
        }
        let d = divisions();
        let mut regions: std::collections::BTreeSet<u32> = std::collections::BTreeSet::new();
        for party in &pg.parties {
            if let Some(code) = party.code {
                for division in d.path(code) {
                    if division.level() <= Level::County {
                        regions.insert(division.code);
                    }
                }
            }
        }
        for code in regions {
            let names: Vec<String> = d.path(code).iter().map(|x| term_slug(x.name)).collect();
            let path = format!("/regions/{}/", names.join("/"));
            self.add(&path, PageKind::Region(code), "content/programmes", None, diagnostics);
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
                let source = party
                    .pairings
                    .first()
                    .map(|&p| pg.pairings[p].file.clone())
                    .unwrap_or_default();
                self.add(&path, PageKind::Party(i), &source, None, diagnostics);
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
            });
        }
    }

    fn claim(&mut self, path: &str, source: &str, line: Option<usize>, diagnostics: &mut Vec<Diagnostic>) -> bool {
        let key = path.to_lowercase();
        if let Some(first) = self.claimed.get(&key) {
            diagnostics.push(
                Diagnostic::error(source, line, format!("网址 {path} 已被 {first} 占用"))
                    .with_hint("改文件名，或在 front matter 中写不同的 slug = \"…\""),
            );
            return false;
        }
        self.claimed.insert(key, source.to_string());
        true
    }

    /// Adds a static file (theme or site `static/`); the site's own file replaces the theme's.
    pub fn add_static(&mut self, path: String, source: FileSource) {
        self.claimed
            .entry(path.to_lowercase())
            .or_insert_with(|| "static".to_string());
        self.files.insert(path, source);
    }

    /// Whether a page or file answers at `path` (below the base path).
    pub fn exists(&self, path: &str) -> bool {
        if self.claimed.contains_key(&path.to_lowercase()) {
            return true;
        }
        if let Some(dir) = path.strip_suffix("index.html") {
            return self.claimed.contains_key(&dir.to_lowercase());
        }
        !path.ends_with('/') && self.claimed.contains_key(&format!("{path}/").to_lowercase())
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
        };
        assert_eq!(r.output_file(), "404.html");
    }
}

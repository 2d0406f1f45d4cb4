//! The whole pipeline, load → model → render → emit, for `build` and `check`.

use crate::config::{SiteConfig, load_config};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::emit::staging::{OutputContents, check_output_dir};
use crate::emit::{OutputFile, assets, feed, sitemap, write_atomically};
use crate::load::load_content;
use crate::model::SiteGraph;
use crate::render::routes::FileSource;
use crate::render::{RouteTable, render_site};
use std::path::{Path, PathBuf};

/// What to build and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; `<root>/public` when `None`.
    pub output: Option<PathBuf>,
    /// Replaces `base_url` of `site.toml` (as `serve` does).
    pub base_url: Option<String>,
    pub drafts: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// Progress of a build, for the CLI's progress bar.
#[derive(Debug, Clone, Copy)]
pub enum BuildEvent {
    Loaded { files: usize },
    Rendered { done: usize, total: usize },
}

/// What a successful build or check produced.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    pub documents: usize,
    pub pages: usize,
    pub files: usize,
    pub output: Option<PathBuf>,
    /// Warnings and inferences (errors fail the build).
    pub warnings: Vec<Diagnostic>,
    /// Rows read from each pairing table and the pairings they gave.
    pub tables: Vec<crate::model::pairing::TableReport>,
    pub pairings: usize,
}

/// A failed build: every diagnostic, errors and warnings, in a stable order.
#[derive(Debug, Clone)]
pub struct BuildFailure {
    pub diagnostics: Vec<Diagnostic>,
}

impl BuildFailure {
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// Builds the site and swaps the result into the output folder; nothing is written on failure.
pub fn build(options: &BuildOptions, on_event: &(dyn Fn(BuildEvent) + Sync)) -> Result<BuildSummary, BuildFailure> {
    let output = options.output_dir();
    if let Err(message) = check_output_dir(&options.root, &output) {
        return Err(BuildFailure {
            diagnostics: vec![
                Diagnostic::error(output.display().to_string(), None, message)
                    .with_hint("用 --output 指定一个专门的输出目录，例如 public"),
            ],
        });
    }
    let (files, mut summary) = prepare(options, on_event)?;
    if let Err(e) = write_atomically(&output, &files) {
        return Err(BuildFailure {
            diagnostics: vec![
                Diagnostic::error(output.display().to_string(), None, format!("无法写入输出目录: {e}"))
                    .with_hint("检查磁盘空间与写入权限；原有输出未被改动"),
            ],
        });
    }
    summary.output = Some(output);
    Ok(summary)
}

/// Runs every check of a build without writing anything.
pub fn check(options: &BuildOptions, on_event: &(dyn Fn(BuildEvent) + Sync)) -> Result<BuildSummary, BuildFailure> {
    prepare(options, on_event).map(|(_, summary)| summary)
}

/// Loads, models and renders the site into the list of files to write.
fn prepare(
    options: &BuildOptions,
    on_event: &(dyn Fn(BuildEvent) + Sync),
) -> Result<(Vec<OutputFile>, BuildSummary), BuildFailure> {
    let mut found = Vec::new();
    let config = load_config(&options.root, &mut found);
    let files = load_content(&options.root, &mut found);
    on_event(BuildEvent::Loaded { files: files.len() });
    let Some(mut config) = config else {
        return Err(fail(found));
    };
    if let Some(base_url) = &options.base_url {
        config.base_url = base_url.clone();
    }
    check_theme(&options.root, &config, &mut found);
    check_base_url(&options.root, &config, &mut found);
    let programmes = crate::load::programmes::load_programmes(&options.root, &mut found);
    let pairing = crate::model::pairing::PairingGraph::build(&options.root, programmes, &mut found);
    let graph = SiteGraph::build(config, &files, options.drafts, &mut found).with_pairings(pairing, &mut found);
    let mut routes = RouteTable::build(&graph, &mut found);
    assets::register_static_files(&options.root, &graph.config.theme, &mut routes);
    let rendered = render_site(
        &options.root,
        &graph,
        &routes,
        &|done, total| on_event(BuildEvent::Rendered { done, total }),
        &mut found,
    );
    let mut diagnostics = Diagnostics::default();
    diagnostics.extend(found);
    if diagnostics.has_errors() {
        return Err(BuildFailure {
            diagnostics: diagnostics.into_sorted(),
        });
    }
    let pages = rendered.pages.len();
    let mut out: Vec<OutputFile> = rendered
        .pages
        .into_iter()
        .map(|(path, html)| OutputFile {
            path,
            contents: OutputContents::Bytes(html.into_bytes()),
        })
        .collect();
    out.push(OutputFile {
        path: "feed.xml".into(),
        contents: OutputContents::Bytes(feed::atom_feed(&graph, &routes).into_bytes()),
    });
    out.push(OutputFile {
        path: "sitemap.xml".into(),
        contents: OutputContents::Bytes(sitemap::sitemap(&graph, &routes).into_bytes()),
    });
    out.extend(search_files(&graph, &routes));
    match open_data_files(&graph) {
        Ok(files) => out.extend(files),
        Err(d) => return Err(BuildFailure { diagnostics: vec![d] }),
    }
    for (path, source) in &routes.files {
        let contents = match source {
            FileSource::Disk(p) => OutputContents::Copy(p.clone()),
            FileSource::Embedded(b) => OutputContents::Static(b),
        };
        out.push(OutputFile {
            path: path.trim_start_matches('/').to_string(),
            contents,
        });
    }
    let summary = BuildSummary {
        documents: graph.documents.len(),
        pages,
        files: out.len(),
        output: None,
        warnings: diagnostics.into_sorted(),
        tables: graph.pairing.programmes.iter().flat_map(|p| p.tables.clone()).collect(),
        pairings: graph.pairing.pairings.len(),
    };
    Ok((out, summary))
}

fn fail(found: Vec<Diagnostic>) -> BuildFailure {
    let mut d = Diagnostics::default();
    d.extend(found);
    BuildFailure {
        diagnostics: d.into_sorted(),
    }
}

fn check_theme(root: &Path, config: &SiteConfig, diagnostics: &mut Vec<Diagnostic>) {
    if config.theme != "default" && !root.join("themes").join(&config.theme).is_dir() {
        let line = crate::text_position::line_of_key(
            &std::fs::read_to_string(root.join(crate::config::CONFIG_FILE)).unwrap_or_default(),
            "theme",
        );
        diagnostics.push(
            Diagnostic::error(
                crate::config::CONFIG_FILE,
                line,
                format!("找不到主题 themes/{}/", config.theme),
            )
            .with_hint("把主题放进 themes/ 文件夹，或改回 theme = \"default\""),
        );
    }
}

fn check_base_url(root: &Path, config: &SiteConfig, diagnostics: &mut Vec<Diagnostic>) {
    if !config.has_absolute_base() {
        let text = std::fs::read_to_string(root.join(crate::config::CONFIG_FILE)).unwrap_or_default();
        diagnostics.push(
            Diagnostic::warning(crate::config::CONFIG_FILE, crate::text_position::line_of_key(&text, "base_url"), format!("base_url “{}” 不是完整网址，sitemap.xml 与 feed.xml 中的链接将是相对地址", config.base_url))
                .with_hint("部署前把 base_url 设为网站的完整地址，例如 base_url = \"https://jyt.example.gov.cn/jiedui/\"，或构建时加 --base-url"),
        );
    }
}

/// `data/pairings.{csv,json,xlsx}` and `data/programmes/<slug>.{csv,json,xlsx}`.
fn open_data_files(graph: &SiteGraph) -> Result<Vec<OutputFile>, Diagnostic> {
    use crate::emit::open_data::{record, to_csv, to_json, to_xlsx};
    let pg = &graph.pairing;
    if pg.programmes.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let mut add =
        |stem: String, sheet: &str, records: &[crate::emit::open_data::PairingRecord]| -> Result<(), Diagnostic> {
            let xlsx = to_xlsx(records, sheet)
                .map_err(|e| Diagnostic::error(format!("{stem}.xlsx"), None, format!("无法生成 XLSX: {e}")))?;
            out.push(OutputFile {
                path: format!("{stem}.csv"),
                contents: OutputContents::Bytes(to_csv(records)),
            });
            out.push(OutputFile {
                path: format!("{stem}.json"),
                contents: OutputContents::Bytes(to_json(records)),
            });
            out.push(OutputFile {
                path: format!("{stem}.xlsx"),
                contents: OutputContents::Bytes(xlsx),
            });
            Ok(())
        };
    let all: Vec<_> = pg.pairings.iter().map(|p| record(pg, p)).collect();
    add("data/pairings".to_string(), "结对名单", &all)?;
    for programme in &pg.programmes {
        let records: Vec<_> = programme
            .pairings
            .iter()
            .map(|&i| record(pg, &pg.pairings[i]))
            .collect();
        add(
            format!("data/programmes/{}", programme.slug),
            &programme.title,
            &records,
        )?;
    }
    Ok(out)
}

/// The search index and finder under `search/`.
fn search_files(graph: &SiteGraph, routes: &RouteTable) -> Vec<OutputFile> {
    let views = crate::render::views::ViewBuilder::new(graph, routes);
    let docs = crate::search::collect::search_documents(&views);
    let finder = crate::search::collect::finder_entries(&views);
    let (files, _) = crate::search::index::build_index(docs, &finder);
    files
        .into_iter()
        .map(|(path, bytes)| OutputFile {
            path: format!("search/{path}"),
            contents: OutputContents::Bytes(bytes),
        })
        .collect()
}

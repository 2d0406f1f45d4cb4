//! The whole pipeline, load → model → render → emit, for `build` and `check`.

use crate::config::{SiteConfig, load_config};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::emit::search_files::SearchEmitter;
use crate::emit::{EmitContext, Emitter, FeedEmitter, OpenDataEmitter, SitemapEmitter, assets, copy_files};
use crate::model::SiteGraph;
use crate::output::manifest::Manifest;
use crate::output::sink::OutputSink;
use crate::output::staging::{CommitError, Staging, check_output_dir};
use crate::pages::{render_site, route_site};
use crate::render::RouteTable;
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
    /// Notices and reports dated after this day are not published yet (the CLI passes today,
    /// China Standard Time; `None`, as with `--future`, publishes every document).
    pub today: Option<chrono::NaiveDate>,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
            today: None,
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
    /// How long each stage took (load and model, pages, then each emitter), for benchmarks. The
    /// pages and the emitters run at the same time, so their times overlap.
    pub timings: Vec<(&'static str, std::time::Duration)>,
    /// How well the schools were placed, for the build's one-line summary.
    pub placement: crate::model::pairing::PlacementSummary,
    /// How the output was updated in place (`None` when a whole new tree was put in place).
    pub update: Option<OutputUpdate>,
}

/// What a build changed in an output it updated in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutputUpdate {
    /// Files written (new or changed).
    pub written: usize,
    /// Files removed (stale pages, files put there by hand).
    pub removed: usize,
}

/// A failed build: every diagnostic, errors and warnings, in a stable order.
#[derive(Debug, Clone)]
pub struct BuildFailure {
    pub diagnostics: Vec<Diagnostic>,
}

impl BuildFailure {
    /// The failure of everything `found`: every diagnostic, errors and warnings, sorted and
    /// de-duplicated (the one way a build's, a check's or a rebuild's failure is made).
    pub fn from_diagnostics(found: impl IntoIterator<Item = Diagnostic>) -> BuildFailure {
        let mut d = Diagnostics::default();
        d.extend(found);
        BuildFailure {
            diagnostics: d.into_sorted(),
        }
    }

    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// Every emitter, in the order they run: a new kind of output is one more line here.
pub fn emitters() -> Vec<Box<dyn Emitter>> {
    vec![
        Box::new(FeedEmitter),
        Box::new(SitemapEmitter),
        Box::new(OpenDataEmitter),
        Box::new(SearchEmitter),
    ]
}

/// Builds the site and swaps the result into the output folder; nothing is written on failure.
pub fn build(options: &BuildOptions, on_event: &(dyn Fn(BuildEvent) + Sync)) -> Result<BuildSummary, BuildFailure> {
    let output = options.output_dir();
    if let Err(message) = check_output_dir(&options.root, &output) {
        return Err(BuildFailure::from_diagnostics([Diagnostic::error(
            output.display().to_string(),
            None,
            message,
        )
        .with_hint(
            "用默认的 public，或用 --output 指定站点文件夹之外的一个专门的输出目录",
        )]));
    }
    let staging = Staging::begin(&output).map_err(|e| output_failure(&output, &e))?;
    let sink = match output.is_dir() {
        true => OutputSink::updating(&staging.dir, output.clone(), Manifest::read(&staging.manifest)),
        false => OutputSink::reusing(&staging.dir, None, Manifest::default()),
    };
    match run(options, &sink, on_event) {
        Ok(mut summary) => {
            summary.update = commit(staging, &sink).map_err(|e| match e {
                CommitError::Untouched(e) => output_failure(&output, &e),
                CommitError::Partial(e) => partial_output_failure(&output, &e),
            })?;
            summary.output = Some(output);
            Ok(summary)
        }
        Err(failure) => {
            staging.abandon();
            Err(failure)
        }
    }
}

/// Puts what `sink` wrote into the staging folder in place: the output is patched when the sink
/// left unchanged files in it (what changed is returned), swapped for the staged tree otherwise.
fn commit(staging: Staging, sink: &OutputSink) -> Result<Option<OutputUpdate>, CommitError> {
    let digests = sink.take_digests();
    match (sink.is_in_place(), digests) {
        (true, Some(digests)) => staging
            .commit_in_place(digests, sink.take_kept())
            .map(|moved| moved.map(|(written, removed)| OutputUpdate { written, removed })),
        (true, None) => Err(CommitError::Untouched(std::io::Error::other("输出文件清单不完整"))),
        (false, digests) => staging
            .commit_with_manifest(digests)
            .map(|()| None)
            .map_err(CommitError::Untouched),
    }
}

/// Runs every check of a build — pages rendered, links and templates checked — writing nothing.
pub fn check(options: &BuildOptions, on_event: &(dyn Fn(BuildEvent) + Sync)) -> Result<BuildSummary, BuildFailure> {
    run(options, &OutputSink::discard(), on_event)
}

fn partial_output_failure(output: &Path, e: &std::io::Error) -> BuildFailure {
    BuildFailure::from_diagnostics([Diagnostic::error(
        output.display().to_string(),
        None,
        format!("输出目录更新到一半时出错: {e}"),
    )
    .with_hint("检查磁盘空间与写入权限后再构建一次：下次构建会重写整个输出目录")])
}

fn output_failure(output: &Path, e: &std::io::Error) -> BuildFailure {
    BuildFailure::from_diagnostics([Diagnostic::error(
        output.display().to_string(),
        None,
        format!("无法写入输出目录: {e}"),
    )
    .with_hint("检查磁盘空间与写入权限；原有输出未被改动")])
}

/// The loaded, validated site and its routes, ready to render.
pub struct PreparedSite {
    pub graph: SiteGraph,
    pub routes: RouteTable,
}

/// Loads and models the site and claims every output path; all diagnostics go to `found`.
pub fn prepare(
    options: &BuildOptions,
    on_event: &(dyn Fn(BuildEvent) + Sync),
    found: &mut Vec<Diagnostic>,
) -> Option<PreparedSite> {
    prepare_cached(options, &mut BuildCache::once(), on_event, found)
}

/// What `serve` keeps between rebuilds: content files (read again only when they change) and the
/// pairing graph (built again only when a programme or table file changes).
#[derive(Debug, Default)]
pub struct BuildCache {
    /// A cache for a single build: it keeps nothing, and the documents and the pairing graph go
    /// to the site graph instead of being copied (`serve` keeps them for the next rebuild).
    once: bool,
    pub content: crate::load::content::ContentCache,
    /// Signature of the programme and table files, the graph built from them and its diagnostics.
    pairing: Option<(u64, crate::model::pairing::PairingGraph, Vec<Diagnostic>)>,
    /// Documents read from content files, by path, with the file signature and configuration
    /// they were read with, and what reading them reported.
    documents: rustc_hash::FxHashMap<String, DocumentEntry>,
}

/// A document read from its file (none when it could not be), with what reading it reported.
type ReadDocument = (Option<std::sync::Arc<crate::model::Document>>, Vec<Diagnostic>);

/// A cached document: file signature, configuration hash, the document and its diagnostics.
type DocumentEntry = (
    crate::load::content::FileSignature,
    u64,
    Option<std::sync::Arc<crate::model::Document>>,
    Vec<Diagnostic>,
);

impl BuildCache {
    /// A cache for one build that keeps nothing afterwards.
    fn once() -> BuildCache {
        BuildCache {
            once: true,
            ..BuildCache::default()
        }
    }

    /// The signature of the pairing inputs of the last build (for change detection).
    pub fn pairing_signature(&self) -> Option<u64> {
        self.pairing.as_ref().map(|p| p.0)
    }
}

/// [`prepare`], reusing what `cache` holds from the previous build where its files are unchanged.
pub fn prepare_cached(
    options: &BuildOptions,
    cache: &mut BuildCache,
    on_event: &(dyn Fn(BuildEvent) + Sync),
    found: &mut Vec<Diagnostic>,
) -> Option<PreparedSite> {
    let config = load_config(&options.root, found);
    let max_bytes = config
        .as_ref()
        .map_or(crate::config::DEFAULT_MAX_INPUT_MB << 20, |c| c.max_input_bytes());
    let BuildCache {
        once,
        content,
        pairing: cached_pairing,
        documents: cached_documents,
    } = cache;
    let once = *once;
    // The pairing tables and the content files are read side by side: neither needs the other,
    // and at national size reading and placing a table is seconds of mostly one-core work.
    let (pairing, documents) = rayon::join(
        || {
            let mut found = Vec::new();
            let programmes = crate::load::programmes::load_programmes(&options.root, max_bytes, &mut found);
            let signature = pairing_signature(&options.root, &programmes);
            let graph = match cached_pairing {
                Some((s, graph, diagnostics)) if *s == signature => {
                    found.extend(diagnostics.iter().cloned());
                    graph.clone()
                }
                _ => {
                    let graph = crate::model::pairing::PairingGraph::build(&options.root, programmes, &mut found);
                    if !once {
                        *cached_pairing = Some((signature, graph.clone(), found.clone()));
                    }
                    graph
                }
            };
            (graph, found)
        },
        || {
            let mut found = Vec::new();
            // A single build keeps nothing: each file is then held only here, and its body is
            // moved into its document instead of copied.
            let files = if once {
                crate::load::content::load_content_once(&options.root, max_bytes, &mut found)
            } else {
                crate::load::content::load_content_cached(&options.root, content, max_bytes, &mut found)
            };
            on_event(BuildEvent::Loaded { files: files.len() });
            let documents = config
                .as_ref()
                .map(|config| read_documents(files, config, once, cached_documents, &mut found));
            (documents, found)
        },
    );
    let ((pairing, pairing_found), (documents, document_found)) = (pairing, documents);
    found.extend(document_found);
    let mut config = config?;
    if let Some(base_url) = &options.base_url {
        config.base_url = base_url.clone();
    }
    check_theme(&options.root, &config, found);
    check_base_url(&options.root, &config, found);
    found.extend(pairing_found);
    let documents = documents.unwrap_or_default();
    let graph = SiteGraph::from_documents(&options.root, config, documents, (options.drafts, options.today), found)
        .with_pairings(pairing, found);
    let mut routes = route_site(&graph, found);
    for emitter in emitters() {
        emitter.claim(&graph, &mut routes, found);
    }
    assets::register_static_files(&options.root, &graph.config.theme, &mut routes, found);
    Some(PreparedSite { graph, routes })
}

/// The documents of the content files, in file order: those whose file or configuration changed
/// since they were cached (every one, for a single build) are read again, in parallel.
fn read_documents(
    mut files: Vec<(
        crate::load::content::FileSignature,
        std::sync::Arc<crate::load::content::ContentFile>,
    )>,
    config: &SiteConfig,
    once: bool,
    cached: &mut rustc_hash::FxHashMap<String, DocumentEntry>,
    found: &mut Vec<Diagnostic>,
) -> Vec<std::sync::Arc<crate::model::Document>> {
    let config_hash = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        format!("{config:?}").hash(&mut h);
        h.finish()
    };
    let read: Vec<Option<ReadDocument>> = {
        use rayon::prelude::*;
        let documents = &*cached;
        files
            .par_iter_mut()
            .map(|(signature, file)| {
                let entry = documents.get(&file.rel_path);
                if entry.is_some_and(|e| e.0 == *signature && e.1 == config_hash) {
                    return None;
                }
                let body = match std::sync::Arc::get_mut(file) {
                    Some(owned) if once => std::mem::take(&mut owned.split.body),
                    _ => file.split.body.clone(),
                };
                let mut reported = Vec::new();
                let document = crate::model::read_document(file, body, config, &mut reported);
                Some((document.map(std::sync::Arc::new), reported))
            })
            .collect()
    };
    let mut documents = Vec::with_capacity(files.len());
    let mut seen = rustc_hash::FxHashSet::default();
    for ((signature, file), read) in files.iter().zip(read) {
        if let Some((document, reported)) = read {
            if once {
                found.extend(reported);
                documents.extend(document);
                continue;
            }
            cached.insert(file.rel_path.clone(), (*signature, config_hash, document, reported));
        }
        seen.insert(file.rel_path.as_str());
    }
    if !once {
        // `serve` keeps the documents and shares them with the site graph, in file order (copies
        // of them and dropping those copies were 40 ms of a 90 ms rebuild at 10,000 notices).
        for (_, file) in &files {
            if let Some((_, _, document, reported)) = cached.get(&file.rel_path) {
                found.extend(reported.iter().cloned());
                documents.extend(document.clone());
            }
        }
    }
    cached.retain(|path, _| seen.contains(path.as_str()));
    drop_aside(files);
    documents
}

/// Prepares the site, renders every page into `sink` and runs the emitters (when the sink keeps
/// files); fails with every diagnostic when any is an error.
fn run(
    options: &BuildOptions,
    sink: &OutputSink,
    on_event: &(dyn Fn(BuildEvent) + Sync),
) -> Result<BuildSummary, BuildFailure> {
    let mut found = Vec::new();
    let started = std::time::Instant::now();
    let Some(site) = prepare(options, on_event, &mut found) else {
        return Err(BuildFailure::from_diagnostics(found));
    };
    // With errors already found, pages are still rendered (into nothing) so that link and
    // template errors are reported in the same run.
    let discard = OutputSink::discard();
    let sink = if found.iter().any(Diagnostic::is_error) {
        &discard
    } else {
        sink
    };
    let PreparedSite { graph, routes } = site;
    let mut timings = vec![("load+model+routes", started.elapsed())];
    // The emitters (search index, open data, sitemap, feed, static files) run beside the pages:
    // they read only the model and routes, and both sides stream into the sink, so the second
    // core is used where one side works alone (the search index's merge, the shards). When the
    // pages fail (a broken link, a template error), what the emitters wrote is abandoned with the
    // staging folder and only the pages' diagnostics are reported, as before.
    let emit = sink.keeps_files() && !found.iter().any(Diagnostic::is_error);
    let cx = EmitContext {
        graph: &graph,
        routes: &routes,
    };
    let ((pages, page_time), (emitted, emit_times)) = rayon::join(
        || {
            let start = std::time::Instant::now();
            let pages = render_site(
                &options.root,
                &graph,
                &routes,
                sink,
                &|done, total| on_event(BuildEvent::Rendered { done, total }),
                &mut found,
            );
            (pages, start.elapsed())
        },
        || {
            let mut emitted = Vec::new();
            let mut times = Vec::new();
            if emit {
                for emitter in emitters() {
                    let start = std::time::Instant::now();
                    if let Err(d) = emitter.emit(&cx, sink) {
                        emitted.push(d);
                        break;
                    }
                    times.push((emitter.name(), start.elapsed()));
                }
                let start = std::time::Instant::now();
                if let Err(d) = copy_files(&routes, sink) {
                    emitted.push(d);
                }
                times.push(("static files", start.elapsed()));
            }
            (emitted, times)
        },
    );
    timings.push(("pages", page_time));
    timings.extend(emit_times);
    if !found.iter().any(Diagnostic::is_error) {
        found.extend(emitted);
    }
    if found.iter().any(Diagnostic::is_error) {
        return Err(BuildFailure::from_diagnostics(found));
    }
    let mut diagnostics = Diagnostics::default();
    diagnostics.extend(found);
    let summary = BuildSummary {
        documents: graph.documents.len(),
        pages,
        files: sink.stats().files,
        output: None,
        warnings: diagnostics.into_sorted(),
        tables: graph.pairing.programmes.iter().flat_map(|p| p.tables.clone()).collect(),
        pairings: graph.pairing.pairings.len(),
        timings,
        placement: graph.pairing.placement_summary(),
        update: None,
    };
    drop_aside((graph, routes));
    Ok(summary)
}

/// Frees `value` on another thread of the pool, so that the caller goes on at once: freeing the
/// model of 50,000 documents takes 0.1 s, which would otherwise run alone while the output is
/// swapped in and its manifest written.
fn drop_aside<T: Send + 'static>(value: T) {
    rayon::spawn(move || drop(value));
}

/// A hash of the programme files and of every table they read (size and modification time).
fn pairing_signature(root: &Path, programmes: &[crate::load::programmes::ProgrammeSpec]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let dir = root
        .join(crate::load::content::CONTENT_DIR)
        .join(crate::load::programmes::PROGRAMMES_DIR);
    for e in walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        e.path().hash(&mut h);
        crate::load::content::signature(e.path()).hash(&mut h);
    }
    for p in programmes {
        for table in p.all_tables() {
            table.file.hash(&mut h);
            crate::load::content::signature(&root.join(&table.file)).hash(&mut h);
        }
    }
    h.finish()
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

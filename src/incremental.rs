//! Incremental rebuilds for `serve`: the loaded site stays in memory; on a change only changed
//! content files are read again, only the pages that depend on them are rendered again, and only
//! files whose bytes changed are written. A failed rebuild writes nothing.

use crate::build::emitters;
use crate::build::{BuildCache, BuildFailure, BuildOptions, PreparedSite, prepare_cached};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::emit::{EmitContext, copy_files};
use crate::output::manifest::FileDigest;
use crate::output::sink::OutputSink;
use crate::pages::family::RebuildWhen;
use crate::pages::{family_of, render_routes};
use crate::render::Route;
use crate::render::views::ViewBuilder;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// What one rebuild did.
#[derive(Debug, Clone)]
pub struct Rebuilt {
    pub pages: usize,
    /// Pages rendered this time (all of them on the first build).
    pub rendered: usize,
    /// Whether the list pages (home, notice lists, terms, directory …) were rendered: not when
    /// only documents' bodies changed.
    pub lists: bool,
    /// Files written (unchanged files are left alone).
    pub written: usize,
    pub warnings: Vec<Diagnostic>,
}

/// What the previous successful build looked like.
#[derive(Debug, Default)]
struct Previous {
    /// Everything shared by all pages: site view, routes, pairing inputs, configuration.
    shape: u64,
    /// Each document's file signature, by source path.
    documents: HashMap<String, u64>,
    /// A hash of each document's fields other than its body, by source path: when only bodies
    /// changed, no list page (home, notice lists, terms, directory) can have changed.
    heads: HashMap<String, u64>,
    /// Route paths of the pages that show a document (party, region and programme pages), by the
    /// document's source path.
    dependents: HashMap<String, Vec<String>>,
    /// Hash of every file in the output.
    outputs: HashMap<String, FileDigest>,
}

/// A site kept loaded between rebuilds, writing into `output`.
pub struct LiveSite {
    options: BuildOptions,
    output: PathBuf,
    cache: BuildCache,
    previous: Option<Previous>,
    /// Render every page next time (a template, theme or static file changed).
    full_next: bool,
    generation: u64,
    emitted: Arc<Mutex<EmitState>>,
}

fn hash_of<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

impl LiveSite {
    pub fn new(options: BuildOptions, output: PathBuf) -> LiveSite {
        LiveSite {
            options,
            output,
            cache: BuildCache::default(),
            previous: None,
            full_next: true,
            generation: 0,
            emitted: Arc::default(),
        }
    }

    /// Renders every page on the next rebuild (for changes outside `content/`: templates, theme,
    /// static files, `site.toml`); files whose bytes did not change are still not written.
    pub fn invalidate(&mut self) {
        self.full_next = true;
    }

    /// Tells the next rebuild which paths changed, as the file watcher reported them (absolute,
    /// under the root the site was opened with): edits of known content files are then looked at
    /// alone, without walking the content folder (see `ContentCache::expect_changes`).
    pub fn expect_changes(&mut self, paths: Vec<PathBuf>) {
        self.cache.content.expect_changes(paths);
    }

    /// Rebuilds the pages. `pages_ready` is called once the changed pages are written, so a
    /// browser can reload then; the returned [`EmitJob`] brings the feed, sitemap, open data and
    /// search index up to date (run it on another thread, or at once).
    pub fn rebuild(&mut self, pages_ready: &dyn Fn()) -> Result<(Rebuilt, EmitJob), BuildFailure> {
        let mut found = Vec::new();
        let prepared = prepare_cached(&self.options, &mut self.cache, &|_| {}, &mut found);
        let fail = BuildFailure::from_diagnostics;
        let Some(PreparedSite { graph, routes }) = prepared else {
            return Err(fail(found));
        };
        if found.iter().any(Diagnostic::is_error) {
            let all: Vec<&Route> = routes.routes.iter().collect();
            found.extend(render_routes(&self.options.root, &graph, &routes, &all, &|_, _| Ok(())));
            return Err(fail(found));
        }
        let views = ViewBuilder::new(&graph, &routes);
        let shape = hash_of(&(
            serde_json::to_string(&views.site()).unwrap_or_default(),
            routes.routes.iter().map(|r| r.path.as_str()).collect::<Vec<_>>(),
            routes.files.keys().collect::<Vec<_>>(),
            self.cache.pairing_signature(),
            format!("{:?}", graph.config),
        ));
        let documents: HashMap<String, u64> = graph
            .documents
            .par_iter()
            .map(|d| {
                // The signature the file was read at (no second stat of every file).
                (d.source.clone(), hash_of(&self.cache.content.signature_of(&d.source)))
            })
            .collect();
        // A document's head depends on its file and on what the shape covers: with both unchanged,
        // the head of the previous build is taken instead of formatted again (14 µs a document on
        // a slow machine, 145 ms of a rebuild at 10,000 notices).
        let unchanged_shape = self.previous.as_ref().filter(|p| p.shape == shape && !self.full_next);
        let heads: HashMap<String, u64> = graph
            .documents
            .par_iter()
            .map(|d| {
                let kept = unchanged_shape
                    .filter(|p| p.documents.get(&d.source) == documents.get(&d.source))
                    .and_then(|p| p.heads.get(&d.source).copied());
                (d.source.clone(), kept.unwrap_or_else(|| hash_of(&d.head())))
            })
            .collect();
        let dependents = dependents(&views);
        let mut lists = true;
        let selected: Vec<&Route> = match &self.previous {
            Some(previous) if previous.shape == shape && !self.full_next => {
                let changed: HashSet<&str> = documents
                    .iter()
                    .filter(|(source, hash)| previous.documents.get(*source) != Some(hash))
                    .map(|(source, _)| source.as_str())
                    .chain(
                        previous
                            .documents
                            .keys()
                            .filter(|s| !documents.contains_key(*s))
                            .map(String::as_str),
                    )
                    .collect();
                let mut paths: BTreeSet<&str> = BTreeSet::new();
                for source in &changed {
                    for map in [&previous.dependents, &dependents] {
                        paths.extend(map.get(*source).into_iter().flatten().map(String::as_str));
                    }
                }
                // Lists show documents' heads only: unchanged heads (no document added or
                // removed) leave every list page as it was.
                let lists_changed = changed
                    .iter()
                    .any(|s| !heads.contains_key(*s) || previous.heads.get(*s) != heads.get(*s));
                lists = lists_changed;
                routes
                    .routes
                    .iter()
                    .filter(|r| match family_of(r).rebuild_when(&graph, r) {
                        RebuildWhen::Shows(_) => paths.contains(r.path.as_str()),
                        RebuildWhen::ListsChange => lists_changed,
                    })
                    .collect()
            }
            _ => routes.routes.iter().collect(),
        };
        // Render into memory first: a page with an error must not replace a good one.
        let pages = Mutex::new(Vec::new());
        let keep = |path: &str, html: String| {
            if let Ok(mut p) = pages.lock() {
                p.push((path.to_string(), html));
            }
            Ok(())
        };
        found.extend(render_routes(&self.options.root, &graph, &routes, &selected, &keep));
        if found.iter().any(Diagnostic::is_error) {
            return Err(fail(found));
        }
        let full = selected.len() == routes.routes.len();
        if let Err(e) = std::fs::create_dir_all(&self.output) {
            found.push(crate::output::write_error(&self.output.display().to_string(), &e));
            return Err(fail(found));
        }
        let known = self.previous.take().map(|p| p.outputs).unwrap_or_default();
        let sink = OutputSink::incremental(&self.output, known);
        let mut write_failures = Vec::new();
        for (path, html) in pages.into_inner().unwrap_or_default() {
            if let Err(e) = sink.write(&path, html.as_bytes()) {
                write_failures.push(crate::output::write_error(&path, &e));
            }
        }
        if full && let Err(d) = copy_files(&routes, &sink) {
            write_failures.push(d);
        }
        let written = sink.written();
        let (mut outputs, _) = sink.into_known();
        // Pages the site no longer has (emitter files are the emit job's).
        let mut current: HashSet<String> = routes.routes.iter().map(Route::output_file).collect();
        current.extend(routes.files.keys().map(|p| p.trim_start_matches('/').to_string()));
        remove_stale(&self.output, &current, &mut outputs);
        found.extend(write_failures);
        if found.iter().any(Diagnostic::is_error) {
            return Err(fail(found));
        }
        let mut d = Diagnostics::default();
        d.extend(found);
        pages_ready();
        self.full_next = false;
        self.previous = Some(Previous {
            shape,
            documents,
            heads,
            dependents,
            outputs,
        });
        self.generation += 1;
        let rebuilt = Rebuilt {
            pages: routes.routes.len(),
            rendered: selected.len(),
            lists,
            written,
            warnings: d.into_sorted(),
        };
        let job = EmitJob {
            graph,
            routes,
            output: self.output.clone(),
            generation: self.generation,
            state: self.emitted.clone(),
        };
        Ok((rebuilt, job))
    }
}

/// What the emit jobs share: the hash of every file they wrote, and the newest job that ran.
#[derive(Debug, Default)]
struct EmitState {
    known: HashMap<String, FileDigest>,
    done: u64,
}

/// The feed, sitemap, open data and search index of one rebuild, brought up to date after its
/// pages (they take longer, and nobody waits for them to see an edited page). A job that is older
/// than one already run does nothing.
pub struct EmitJob {
    graph: crate::model::SiteGraph,
    routes: crate::render::RouteTable,
    output: PathBuf,
    generation: u64,
    state: Arc<Mutex<EmitState>>,
}

impl EmitJob {
    /// Writes the changed emitter files; returns how many were written.
    pub fn run(self) -> Result<usize, BuildFailure> {
        let Ok(mut state) = self.state.lock() else {
            return Ok(0);
        };
        if state.done >= self.generation {
            return Ok(0);
        }
        let sink = OutputSink::incremental(&self.output, std::mem::take(&mut state.known));
        let cx = EmitContext {
            graph: &self.graph,
            routes: &self.routes,
        };
        let mut failures = Vec::new();
        for emitter in emitters() {
            if let Err(d) = emitter.emit(&cx, &sink) {
                failures.push(d);
            }
        }
        let written = sink.written();
        let (mut known, touched) = sink.into_known();
        remove_stale(&self.output, &touched, &mut known);
        state.known = known;
        state.done = self.generation;
        if failures.is_empty() {
            Ok(written)
        } else {
            Err(BuildFailure::from_diagnostics(failures))
        }
    }
}

/// The pages that show each document (party, region and programme pages: their first page), by
/// the document's source.
fn dependents(views: &ViewBuilder) -> HashMap<String, Vec<String>> {
    let graph = views.graph;
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for route in views.routes.routes.iter().filter(|r| r.page == 0) {
        if let RebuildWhen::Shows(documents) = family_of(route).rebuild_when(graph, route) {
            for &d in documents {
                out.entry(graph.documents[d].source.clone())
                    .or_default()
                    .push(route.path.clone());
            }
        }
    }
    out
}

/// Removes the files of the previous build that this one no longer has (`current`): pages of a
/// deleted notice, search files of an index that shrank.
fn remove_stale(output: &std::path::Path, current: &HashSet<String>, outputs: &mut HashMap<String, FileDigest>) {
    let stale: Vec<String> = outputs.keys().filter(|p| !current.contains(*p)).cloned().collect();
    for path in stale {
        let _ = std::fs::remove_file(output.join(&path));
        outputs.remove(&path);
    }
}

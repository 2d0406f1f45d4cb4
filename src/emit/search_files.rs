//! The search index's emitter: claims `search/` and writes the index and the finder into it.

use crate::diagnostics::Diagnostic;
use crate::emit::{EmitContext, Emitter};
use crate::model::SiteGraph;
use crate::output::sink::OutputSink;
use crate::output::write_error;
use crate::render::routes::RouteTable;
use crate::render::views::ViewBuilder;
use crate::search::{collect, index};

/// The files the search index writes below `search/` (the search page is `search/index.html`).
const SEARCH_FOLDERS: [&str; 5] = ["search/s/", "search/k/", "search/d/", "search/t/", "search/f/"];
const SEARCH_FILES: [&str; 1] = ["/search/meta.json"];

/// The search index and the finder under `search/`.
pub struct SearchEmitter;

impl Emitter for SearchEmitter {
    fn name(&self) -> &'static str {
        "搜索索引（search/）"
    }

    fn claim(&self, _: &SiteGraph, routes: &mut RouteTable, diagnostics: &mut Vec<Diagnostic>) {
        for folder in SEARCH_FOLDERS {
            routes.claim_folder(folder, self.name(), diagnostics);
        }
        for file in SEARCH_FILES {
            routes.claim(file, self.name(), None, diagnostics);
        }
    }

    fn emit(&self, cx: &EmitContext, sink: &OutputSink) -> Result<(), Diagnostic> {
        let views = ViewBuilder::new(cx.graph, cx.routes);
        let docs = collect::search_documents(&views);
        let finder = collect::finder_entries(&views);
        let write = |path: &str, bytes: &[u8]| sink.write(&format!("search/{path}"), bytes);
        index::write_index(docs, &|d| collect::search_text(&views, d), &finder, &write)
            .map(|_| ())
            .map_err(|e| write_error("search/", &e))
    }
}

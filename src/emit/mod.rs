//! Emit stage: every output besides the pages — feed, sitemap, open data, search index — as
//! emitters that claim their output paths in the route table before anything is rendered, then
//! stream their files into the one [`OutputSink`]; and the copy of static files and attachments
//! (registered in the route table by `assets.rs` and the document pages). `build` lists the emitters.

pub mod assets;
pub mod feed;
pub mod open_data;
pub mod search_files;
pub mod sitemap;
pub mod version_data;
pub mod xlsx;

use crate::diagnostics::Diagnostic;
use crate::model::SiteGraph;
use crate::output::sink::OutputSink;
use crate::output::write_error as write_failed;
use crate::render::routes::{DATA_FORMATS, FileSource, RouteTable, region_data_formats};

/// What emitters read.
pub struct EmitContext<'a> {
    pub graph: &'a SiteGraph,
    pub routes: &'a RouteTable,
}

/// One kind of output besides the pages.
pub trait Emitter: Sync {
    /// Who owns the output, as diagnostics name it.
    fn name(&self) -> &'static str;
    /// Claims every output path in the route table (files, or whole folders such as `search/`).
    fn claim(&self, graph: &SiteGraph, routes: &mut RouteTable, diagnostics: &mut Vec<Diagnostic>);
    /// Writes the files into `sink`.
    fn emit(&self, cx: &EmitContext, sink: &OutputSink) -> Result<(), Diagnostic>;
}

/// `feed.xml`.
pub struct FeedEmitter;

impl Emitter for FeedEmitter {
    fn name(&self) -> &'static str {
        "feed.xml"
    }

    fn claim(&self, _: &SiteGraph, routes: &mut RouteTable, diagnostics: &mut Vec<Diagnostic>) {
        routes.claim("/feed.xml", self.name(), None, diagnostics);
    }

    fn emit(&self, cx: &EmitContext, sink: &OutputSink) -> Result<(), Diagnostic> {
        let text = feed::atom_feed(cx.graph, cx.routes);
        sink.write("feed.xml", text.as_bytes())
            .map_err(|e| write_failed("feed.xml", &e))
    }
}

/// `sitemap.xml` and its parts.
pub struct SitemapEmitter;

impl Emitter for SitemapEmitter {
    fn name(&self) -> &'static str {
        "sitemap"
    }

    fn claim(&self, graph: &SiteGraph, routes: &mut RouteTable, diagnostics: &mut Vec<Diagnostic>) {
        routes.claim("/sitemap.xml", "sitemap.xml", None, diagnostics);
        for n in 1..=sitemap::file_count(graph, routes) {
            routes.claim(&format!("/{}", sitemap::file_name(n)), "sitemap.xml", None, diagnostics);
        }
    }

    fn emit(&self, cx: &EmitContext, sink: &OutputSink) -> Result<(), Diagnostic> {
        for (path, text) in sitemap::sitemaps(cx.graph, cx.routes) {
            sink.write(&path, text.as_bytes())
                .map_err(|e| write_failed(&path, &e))?;
        }
        Ok(())
    }
}

/// `data/`: all pairings and each programme's as CSV, JSON and XLSX; each region's as CSV and XLSX.
pub struct OpenDataEmitter;

impl Emitter for OpenDataEmitter {
    fn name(&self) -> &'static str {
        "结对公开数据（data/）"
    }

    fn claim(&self, graph: &SiteGraph, routes: &mut RouteTable, diagnostics: &mut Vec<Diagnostic>) {
        if !graph.pairing.programmes.is_empty() {
            routes.claim_folder("data/", self.name(), diagnostics);
        }
    }

    fn emit(&self, cx: &EmitContext, sink: &OutputSink) -> Result<(), Diagnostic> {
        use crate::model::pairing::record::PairingRecord;
        use open_data::{to_csv, to_json, to_xlsx};
        use rayon::prelude::*;
        let pg = &cx.graph.pairing;
        if pg.programmes.is_empty() {
            return Ok(());
        }
        let publisher = open_data::Publisher::new(cx.graph, cx.routes);
        // Each pairing is in five files (all, its programme, its province, prefecture and
        // county): its record is made once, in parallel, and every file borrows it.
        let records: Vec<PairingRecord> = (0..pg.pairings.len())
            .into_par_iter()
            .map(|i| publisher.record(i))
            .collect();
        let bytes = |stem: &str, sheet: &str, rows: &[&PairingRecord], ext: &str| -> Result<Vec<u8>, Diagnostic> {
            match ext {
                "csv" => Ok(to_csv(rows)),
                "json" => Ok(to_json(rows)),
                _ => to_xlsx(rows, sheet)
                    .map_err(|e| Diagnostic::error(format!("{stem}.xlsx"), None, format!("无法生成 XLSX: {e}"))),
            }
        };
        let put = |path: &str, bytes: &[u8]| sink.write(path, bytes).map_err(|e| write_failed(path, &e));
        // Writes one file set; `copies` are other stems that get the same bytes for the formats
        // whose bytes do not depend on the sheet name (CSV, JSON).
        let write = |stem: &str, sheet: &str, pairings: &[usize], formats: &[&str], copies: &[String]| {
            let rows: Vec<&PairingRecord> = pairings.iter().map(|&i| &records[i]).collect();
            // The formats of one set are made side by side (the whole set's are the largest
            // single pieces of work of the emitters).
            let made: Vec<Result<Vec<u8>, Diagnostic>> =
                formats.par_iter().map(|ext| bytes(stem, sheet, &rows, ext)).collect();
            for (ext, made) in formats.iter().zip(made) {
                let made = made?;
                put(&format!("{stem}.{ext}"), &made)?;
                if *ext != "xlsx" {
                    for copy in copies {
                        put(&format!("{copy}.{ext}"), &made)?;
                    }
                }
            }
            Ok::<(), Diagnostic>(())
        };
        // A programme that holds every pairing (a site of one programme) has the whole set's CSV
        // and JSON: they are written from the same bytes; only its XLSX differs (the sheet is
        // named after the programme).
        let all: Vec<usize> = (0..pg.pairings.len()).collect();
        let stem = |slug: &str| format!("data/programmes/{slug}");
        let holds_all: Vec<bool> = pg.programmes.iter().map(|p| p.pairings == all).collect();
        let whole: Vec<String> = pg
            .programmes
            .iter()
            .zip(&holds_all)
            .filter(|(_, holds)| **holds)
            .map(|(p, _)| stem(&p.slug))
            .collect();
        write("data/pairings", "结对名单", &all, &DATA_FORMATS, &whole)?;
        for (programme, holds) in pg.programmes.iter().zip(holds_all) {
            let formats: &[&str] = if holds { &["xlsx"] } else { &DATA_FORMATS };
            write(
                &stem(&programme.slug),
                &programme.title,
                &programme.pairings,
                formats,
                &[],
            )?;
        }
        drop(all);
        version_data::write_version_data(cx.graph, &publisher, &put)?;
        let regions: Vec<(&u32, &crate::model::site_index::RegionEntry)> = cx.graph.index.regions.iter().collect();
        regions.par_iter().try_for_each(|(code, entry)| {
            let Some(stem) = cx.routes.region_data_stem(**code) else {
                return Ok(());
            };
            let name = crate::divisions::divisions().get(**code).map_or("结对名单", |d| d.name);
            let formats = region_data_formats(&cx.graph.config, pg.pairings.len(), **code);
            write(&stem, name, &entry.pairing_list, formats, &[])
        })
    }
}

/// Copies static files and attachments (registered in the route table) into the sink.
pub fn copy_files(routes: &RouteTable, sink: &OutputSink) -> Result<(), Diagnostic> {
    use rayon::prelude::*;
    let files: Vec<(&String, &FileSource)> = routes.files.iter().collect();
    files.par_iter().try_for_each(|(path, source)| {
        let rel = path.trim_start_matches('/');
        match source {
            FileSource::Disk(p) => sink.copy(rel, p),
            FileSource::Embedded(b) => sink.write(rel, b),
        }
        .map_err(|e| write_failed(rel, &e))
    })
}

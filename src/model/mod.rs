//! Model stage: typed documents (notices, reports, pages) and the site graph that links them.

pub mod document;
pub mod pairing;
pub mod site_graph;
pub mod site_index;

pub use document::{Document, NoticeMeta, ReportMeta, read_document};
pub use site_graph::{SiteGraph, TaxonomyTerm};

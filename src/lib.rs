//! jiedui (结对): a static site generator for school pairing programme portals.
//!
//! The pipeline runs in one direction: [`load`] reads `site.toml` and `content/`, [`model`]
//! builds the validated site graph, [`render`] routes and renders pages in parallel, [`emit`]
//! stages the output and swaps it into `public/`. The library never prints; the CLI does.

pub mod build;
pub mod config;
pub mod date;
pub mod diagnostics;
pub mod divisions;
pub mod emit;
pub mod escape;
pub mod huge_pages;
pub mod import;
pub mod incremental;
pub mod init;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pages;
pub mod personal_data;
pub mod render;
pub mod search;
pub mod slug;
pub mod text_position;

pub use build::{BuildEvent, BuildFailure, BuildOptions, BuildSummary, OutputUpdate, build, check};
pub use diagnostics::{Diagnostic, Severity};

//! Emit stage: feed, sitemap and static files join the pages; all is staged, then swapped into place.

pub mod assets;
pub mod feed;
pub mod open_data;
pub mod sitemap;
pub mod staging;

pub use staging::{OutputFile, write_atomically};

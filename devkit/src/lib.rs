//! What jiedui's tests and benchmarks use and the product does not ship: the search reader (the
//! algorithm of `search.js` in Rust), the finder's reader, synthetic national-size sites, a
//! deterministic generator, Word documents as offices write them (`docx.rs`) and `jiedui serve` as a child process. A dev-dependency of `jiedui`; it depends on the `jiedui` library.

pub mod docx;
pub mod finder;
pub mod lcg;
pub mod query;
pub mod serve_process;
pub mod synthetic;

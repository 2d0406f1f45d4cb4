//! The integration test suite, as one test binary (one link instead of one per file, as mdBook's
//! testsuite does): fixture sites with snapshots, CLI transcripts, bad input, the bundled portal,
//! search, serve and scale (the headless-Chromium tests are `tests/browser/`). `common` builds sites for all of them.

mod common;

mod amendments;
mod bad_input;
mod bundled_pairings;
mod bundled_portal;
mod cli;
mod document_lists;
mod editor_mistakes;
mod facts;
mod fixture_sites;
mod fuzz_readers;
mod hidden_in_workbooks;
mod incremental;
mod layers;
mod national_list;
mod national_scale;
mod open_data_levels;
mod output_contract;
mod page_weight;
mod pairing_fixture;
mod personal_data;
mod placement_context;
mod placement_list;
mod rebuild;
mod scheduled;
mod search_exact;
mod serve;
mod unlisted_files;
mod versions;
mod word_import;

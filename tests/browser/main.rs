//! The browser suite, a test target of its own: headless Chromium (Node with playwright-core)
//! against the built bundled portal and a live `jiedui serve`. `cargo test` runs it when Chromium
//! and the npm dependencies are installed and skips it with a message otherwise; `.ci/run`
//! installs both and requires it (`JIEDUI_REQUIRE_BROWSER=1`).

#[path = "../suite/common.rs"]
mod common;

mod chromium;

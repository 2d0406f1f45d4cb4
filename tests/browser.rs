//! End-to-end tests in real headless Chromium against the built bundled portal (search).
//! Needs Debian's `chromium` and the test's npm dependencies; `.ci/run` installs both.

mod common;

use std::process::Command;

#[test]
fn search_works_in_headless_chromium() {
    let e2e = common::repo_root().join("tests/e2e");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        std::path::Path::new(&chromium).exists(),
        "browser tests need Chromium at {chromium}: run `apt-get install -y chromium` (or `bash .ci/run`, which installs it)"
    );
    assert!(
        e2e.join("node_modules/playwright-core").is_dir(),
        "browser tests need their npm dependencies: run `npm ci --prefix tests/e2e` (or `bash .ci/run`)"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    common::build_into(&common::repo_root(), &out).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    let result = Command::new("node")
        .arg("search.test.mjs")
        .current_dir(&e2e)
        .env("JIEDUI_PUBLIC", &out)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs (install Node.js)");
    let stdout = String::from_utf8_lossy(&result.stdout);
    for line in stdout
        .lines()
        .filter(|l| l.starts_with("ok ") || l.starts_with("not ok") || l.starts_with("# "))
    {
        println!("{line}");
    }
    assert!(
        result.status.success(),
        "browser tests failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&result.stderr)
    );
}

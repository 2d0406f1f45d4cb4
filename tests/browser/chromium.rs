//! End-to-end tests in real headless Chromium against the built bundled portal: search
//! (`tests/e2e/search.test.mjs`) and the theme — accessibility, reading controls, mobile width
//! (`tests/e2e/theme.test.mjs`).
//! Needs Debian's `chromium` and the test's npm dependencies; `.ci/run` installs both. Without
//! them the test says what is missing and passes as skipped, unless `JIEDUI_REQUIRE_BROWSER=1`
//! (set by `.ci/run`), where it fails.

use crate::common;

use std::process::Command;

#[test]
fn search_works_in_headless_chromium() {
    let e2e = common::repo_root().join("tests/e2e");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let missing = if !std::path::Path::new(&chromium).exists() {
        Some(format!(
            "Chromium at {chromium}: run `apt-get install -y chromium` (or `bash .ci/run`, which installs it)"
        ))
    } else if !e2e.join("node_modules/playwright-core").is_dir() {
        Some("their npm dependencies: run `npm ci --prefix tests/e2e` (or `bash .ci/run`)".to_string())
    } else {
        None
    };
    if let Some(missing) = missing {
        let required = std::env::var_os("JIEDUI_REQUIRE_BROWSER").is_some_and(|v| v == "1");
        assert!(!required, "browser tests need {missing}");
        // Written past libtest's capture (which holds `eprintln!` of a passing test), so that
        // `cargo test` shows it.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "\nskipped: the headless-Chromium tests need {missing}\n"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    common::build_into(&common::repo_root(), &out).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    let paging = dir.path().join("paging");
    build_paging_site(&paging);
    // A live preview whose notice the preview test breaks and fixes.
    let preview = common::Served::start(&common::repo_root().join("tests/cmd/sites/ok"));
    let (preview_root, preview_address) = (preview.root.clone(), preview.address.clone());
    let result = Command::new("node")
        .args([
            "--test",
            "--test-concurrency=1",
            "search.test.mjs",
            "theme.test.mjs",
            "journeys.test.mjs",
            "preview.test.mjs",
        ])
        .current_dir(&e2e)
        .env("JIEDUI_PUBLIC", &out)
        .env("JIEDUI_PAGING_PUBLIC", paging.join("public"))
        .env("CHROMIUM", &chromium)
        .env("JIEDUI_PREVIEW", format!("http://{preview_address}/"))
        .env("JIEDUI_PREVIEW_NOTICE", preview_root.join("content/notices/a.md"))
        .output()
        .expect("node runs (install Node.js)");
    drop(preview);
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

/// 900 notices that all say 结对帮扶, of which only the oldest names 京族学校结对帮扶: the phrase's
/// bigrams are common, so its one match lies beyond the first postings page of each.
fn build_paging_site(root: &std::path::Path) {
    std::fs::create_dir_all(root.join("content/notices")).unwrap();
    std::fs::write(
        root.join("site.toml"),
        "title = \"分页测试\"\nbase_url = \"https://edu.example.cn/\"\n",
    )
    .unwrap();
    for i in 0..900 {
        let (year, rest) = (2000 + i / 300, i % 300);
        let body = if i == 0 {
            "东兴市京族学校结对帮扶工作总结。"
        } else {
            "京族学校开展结对帮扶工作。东兴市学校结对。"
        };
        let text = format!(
            "+++\ntitle = \"第{i}号通知\"\ndate = {year}-{:02}-{:02}\n+++\n{body}\n",
            1 + rest / 28 % 12,
            1 + rest % 28
        );
        std::fs::write(root.join(format!("content/notices/n{i}.md")), text).unwrap();
    }
    // A long list (about 60 KB of text): its snippet comes from the piece of the text that
    // holds the hit, not from the whole body.
    let lines: String = (0..1500)
        .map(|i| {
            let school = if i == 1400 {
                "石门坎希望小学"
            } else {
                "第一小学"
            };
            format!("{i}、受援学校：{school}，支援学校：城区实验学校。\n\n")
        })
        .collect();
    std::fs::write(
        root.join("content/notices/long-list.md"),
        format!("+++\ntitle = \"长名单\"\ndate = 1999-01-01\n+++\n{lines}"),
    )
    .unwrap();
    common::build_into(root, &root.join("public")).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
}

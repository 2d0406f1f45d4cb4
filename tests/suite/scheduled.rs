//! Scheduled publishing: a notice or report dated after the build's day is not published — no
//! page, no place in lists, feed, sitemap or search — and the build says when it will appear; a
//! build on or after its day (or with `--future`, `today: None`) publishes it.

use crate::common;
use jiedui::BuildOptions;
use std::path::Path;

fn day(text: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// The CLI's scheduled site plus a notice dated only by its year.
fn site(root: &Path) {
    common::copy_dir(&common::repo_root().join("tests/cmd/sites/scheduled"), root);
    std::fs::write(
        root.join("content/notices/plan.md"),
        "+++\ntitle = \"三年行动计划（2027—2029年）\"\ndate = \"2027\"\n+++\n计划正文。\n",
    )
    .unwrap();
}

fn build(root: &Path, out: &Path, today: Option<&str>) -> jiedui::BuildSummary {
    let options = BuildOptions {
        output: Some(out.to_path_buf()),
        today: today.map(day),
        ..BuildOptions::new(root)
    };
    jiedui::build(&options, &|_| {}).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics))
}

/// Every file of the output that mentions `text`.
fn mentioning(out: &Path, text: &str) -> Vec<String> {
    common::tree(out)
        .into_iter()
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains(text))
        .map(|(path, _)| path)
        .collect()
}

#[test]
fn a_notice_dated_in_the_future_waits_for_its_day() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    site(&root);

    let early = dir.path().join("early");
    let summary = build(&root, &early, Some("2026-12-06"));
    assert!(
        early.join("notices/a/index.html").is_file(),
        "a dated notice is published"
    );
    for (slug, title) in [("renewal", "新一期结对名单"), ("plan", "三年行动计划")] {
        assert!(
            !early.join(format!("notices/{slug}")).exists(),
            "{slug} has no page yet"
        );
        assert_eq!(
            mentioning(&early, title),
            Vec::<String>::new(),
            "{title} is nowhere yet"
        );
    }
    let warnings: Vec<String> = summary.warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings.iter().any(|w| w.contains("content/notices/renewal.md:3")
            && w.contains("2999年9月1日")
            && w.contains("--future")),
        "the date's line, the day it appears and how to preview it: {warnings:#?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("content/notices/plan.md:3") && w.contains("2027年1月1日")),
        "a year alone waits for its first day: {warnings:#?}"
    );

    // In 2027 the plan is out, the renewal still waits.
    let later = dir.path().join("later");
    build(&root, &later, Some("2027-01-01"));
    assert!(later.join("notices/plan/index.html").is_file());
    assert!(!later.join("notices/renewal").exists());
    assert!(!mentioning(&later, "三年行动计划").is_empty());

    // On its day everything is published, exactly as a build that publishes every date.
    let on_the_day = dir.path().join("on-the-day");
    build(&root, &on_the_day, Some("2999-09-01"));
    let everything = dir.path().join("everything");
    let summary = build(&root, &everything, None);
    assert!(summary.warnings.iter().all(|w| !w.message.contains("还没到")));
    for page in ["notices/renewal/index.html", "index.html", "feed.xml", "sitemap-1.xml"] {
        assert!(
            common::read(&on_the_day, page).contains("新一期结对名单") || page == "sitemap-1.xml",
            "{page} shows the renewal"
        );
    }
    assert!(common::read(&on_the_day, "sitemap-1.xml").contains("notices/renewal/"));
    assert_eq!(common::tree(&on_the_day), common::tree(&everything));
}

/// A programme published by a notice that waits says so, at its `notice` line, instead of
/// calling the notice missing.
#[test]
fn a_programme_of_a_waiting_notice_is_told_why() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    site(&root);
    common::write_site(
        &root,
        &[
            (
                "content/programmes/renewal.toml",
                "title = \"新一期结对\"\nprovince = \"甘肃省\"\nnotice = \"@/notices/renewal.md\"\ntables = [\"renewal.yaml\"]\n"
                    .as_bytes(),
            ),
            (
                "content/programmes/renewal.yaml",
                "- 编号: 1\n  受援方: 渭源县第一中学\n  支援方: 兰州市第一中学\n".as_bytes(),
            ),
        ],
    );
    let options = BuildOptions {
        today: Some(day("2026-12-06")),
        ..BuildOptions::new(&root)
    };
    let failure = jiedui::check(&options, &|_| {}).expect_err("the programme cannot come first");
    let error = failure
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .map(ToString::to_string)
        .unwrap();
    assert!(
        error.contains("content/programmes/renewal.toml:3")
            && error.contains("2999-09-01")
            && error.contains("尚未发布"),
        "{error}"
    );
    let options = BuildOptions { today: None, ..options };
    jiedui::check(&options, &|_| {}).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
}

/// A notice that links to one still waiting is told when it can, instead of "不存在".
#[test]
fn a_link_to_a_waiting_notice_says_why_it_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    site(&root);
    std::fs::write(
        root.join("content/notices/a.md"),
        "+++\ntitle = \"关于开展结对帮扶工作的通知\"\ndate = 2024-03-01\n+++\n新名单见[这里](@/notices/renewal.md)。\n",
    )
    .unwrap();
    let options = BuildOptions {
        today: Some(day("2026-12-06")),
        ..BuildOptions::new(&root)
    };
    let failure = jiedui::check(&options, &|_| {}).expect_err("the link cannot be followed yet");
    let error = failure
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .map(ToString::to_string)
        .unwrap();
    assert!(
        error.contains("content/notices/a.md:5") && error.contains("2999-09-01") && error.contains("--future"),
        "{error}"
    );
    jiedui::check(&BuildOptions { today: None, ..options }, &|_| {}).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
}

//! The lists of documents: the directory lists every document of a small site, but notices that
//! fill more than a page of their own list are not copied into it — it links their years instead.

use crate::common;
use std::path::Path;

fn notice(i: usize) -> String {
    let year = 2020 + i % 3;
    format!(
        "+++\ntitle = \"关于第{i}批结对帮扶工作的通知\"\ndate = {year}-0{}-1{}\n\"文号\" = \"示教发〔{year}〕{i}号\"\n+++\n正文。\n",
        1 + i % 9,
        i % 10
    )
}

fn site(root: &Path, notices: usize) {
    let mut files: Vec<(String, Vec<u8>)> = (0..notices)
        .map(|i| (format!("content/notices/n{i:03}.md"), notice(i).into_bytes()))
        .collect();
    files.push((
        "content/reports/2023-report.md".into(),
        "+++\ntitle = \"2023年结对帮扶工作报告\"\ndate = 2023-12-20\n+++\n报告。\n".into(),
    ));
    let files: Vec<(&str, &[u8])> = files.iter().map(|(p, c)| (p.as_str(), c.as_slice())).collect();
    common::write_site(root, &files);
}

fn build(notices: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    site(&root, notices);
    let out = dir.path().join("public");
    common::build_into(&root, &out).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    (dir, out)
}

#[test]
fn a_small_sites_directory_lists_every_document() {
    let (_dir, out) = build(12);
    let html = common::read(&out, "directory/index.html");
    for i in 0..12 {
        assert!(
            html.contains(&format!("href=\"/notices/n{i:03}/\"")),
            "notice {i} listed: {html}"
        );
    }
    assert!(html.contains("href=\"/reports/2023-report/\""), "{html}");
    assert!(
        !html.contains("dir-notices"),
        "no year links when the notices are listed: {html}"
    );
}

#[test]
fn notices_filling_more_than_a_page_are_linked_by_year_not_copied_into_the_directory() {
    let (_dir, out) = build(201);
    let html = common::read(&out, "directory/index.html");
    assert!(!html.contains("href=\"/notices/n"), "no notice copied: {html}");
    let text = common::text_of(&html);
    assert!(
        text.contains("共 201 篇，按发布日期分页列在政策文件，也可按年份浏览："),
        "{text}"
    );
    for (year, count) in [(2022, 67), (2021, 67), (2020, 67)] {
        assert!(
            html.contains(&format!("<a href=\"/notices/{year}/\">{year}年（{count}）</a>")),
            "{year} linked with its count: {html}"
        );
    }
    assert!(
        html.contains("href=\"/reports/2023-report/\""),
        "the report is still listed: {html}"
    );
    assert!(!out.join("directory/page/2").exists(), "one directory page");
    // The notices' own list holds all of them.
    let listed: usize = ["notices/index.html", "notices/page/2/index.html"]
        .iter()
        .map(|p| common::read(&out, p).matches("href=\"/notices/n").count())
        .sum();
    assert_eq!(listed, 201);
}

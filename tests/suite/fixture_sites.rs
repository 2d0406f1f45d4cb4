//! Snapshot checks of the rendered output of the fixture site `tests/fixtures/basic`.

use crate::common;

use common::{build_into, fixture, read, tree};

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let summary = build_into(&fixture("basic"), &out).unwrap();
    assert!(summary.warnings.is_empty(), "{:?}", summary.warnings);
    (dir, out)
}

#[test]
fn output_files_are_exactly_these() {
    let (_dir, out) = built();
    let files: Vec<String> = tree(&out).into_keys().collect();
    insta::assert_snapshot!("basic_file_list", files.join("\n"));
}

#[test]
fn pages_match_snapshots() {
    let (_dir, out) = built();
    for (name, path) in [
        ("basic_home", "index.html"),
        ("basic_notice", "notices/2024-pairing/index.html"),
        ("basic_notice_yaml_month_date", "notices/2023-plan/index.html"),
        ("basic_notices_all", "notices/index.html"),
        ("basic_report", "reports/2023-report/index.html"),
        ("basic_page_override", "about/index.html"),
        ("basic_topic", "topics/结对帮扶/index.html"),
        ("basic_feed", "feed.xml"),
        ("basic_sitemap", "sitemap.xml"),
        ("basic_404", "404.html"),
    ] {
        insta::assert_snapshot!(name, read(&out, path));
    }
}

#[test]
fn drafts_only_with_the_flag() {
    let (_dir, out) = built();
    assert!(!out.join("notices/2024-draft/index.html").exists());
    let dir = tempfile::tempdir().unwrap();
    let options = jiedui::BuildOptions {
        root: fixture("basic"),
        output: Some(dir.path().join("p")),
        base_url: Some("http://127.0.0.1:1111/".into()),
        drafts: true,
        today: None,
    };
    jiedui::build(&options, &|_| {}).unwrap();
    let draft = read(&dir.path().join("p"), "notices/2024-draft/index.html");
    assert!(draft.contains("草稿通知"));
    assert!(
        draft.contains("href=\"/css/site.css\""),
        "base_url override changes the base path"
    );
}

#[test]
fn attachments_are_copied_byte_for_byte_and_shown_inline() {
    let (_dir, out) = built();
    let src = fixture("basic").join("content/notices/2024-pairing/附件1.csv");
    assert_eq!(
        std::fs::read(src).unwrap(),
        std::fs::read(out.join("notices/2024-pairing/附件1.csv")).unwrap()
    );
    let html = read(&out, "notices/2024-pairing/index.html");
    assert!(html.contains("<td>示例市实验小学\n示例市第二小学</td>"));
    assert!(html.contains("（PDF 文档，17 B）"));
}

#[test]
fn the_footer_carries_the_government_site_fields_in_chinese_or_english_keys() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    common::write_site(
        &root,
        &[(
            "content/notices/a.md",
            "+++\ntitle = \"通知\"\ndate = 2024-03-01\n\"公开方式\" = \"主动公开\"\n\"主题词\" = \"教育 结对 通知\"\n+++\n正文。\n".as_bytes(),
        )],
    );
    let config = format!(
        "{}{}",
        common::SITE_TOML,
        "\"主办单位\" = \"某省教育厅\"\n\"承办单位\" = \"某省教育厅办公室\"\ncontact = \"0771-0000000\"\n\"联系我们\" = \"/about/\"\nsite_code = \"4500000001\"\n\"ICP备案号\" = \"桂ICP备12345678号\"\n\"公安备案号\" = \"桂公网安备 45010302000001号\"\n"
    );
    std::fs::write(root.join("site.toml"), config).unwrap();
    let out = dir.path().join("public");
    let summary = common::build_into(&root, &out).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    assert!(summary.warnings.iter().all(|w| w.is_info()), "{:?}", summary.warnings);
    let home = common::read(&out, "index.html");
    for expected in [
        "主办单位：某省教育厅",
        "承办单位：某省教育厅办公室",
        "联系方式：0771-0000000",
        "<a href=\"/about/\">联系我们</a>",
        "网站标识码：4500000001",
        "<a href=\"https://beian.miit.gov.cn/\" rel=\"noopener\">桂ICP备12345678号</a>",
        "<a href=\"https://beian.mps.gov.cn/#/query/webSearch?code=45010302000001\" rel=\"noopener\">桂公网安备 45010302000001号</a>",
        "<a href=\"/sitemap/\">网站地图</a>",
    ] {
        assert!(home.contains(expected), "footer lacks {expected}");
    }
    let notice = common::read(&out, "notices/a/index.html");
    assert!(notice.contains("<dt>公开方式</dt><dd>主动公开</dd><dt>主题词</dt><dd>教育 结对 通知</dd>"));
    assert!(out.join("sitemap/index.html").is_file());
}

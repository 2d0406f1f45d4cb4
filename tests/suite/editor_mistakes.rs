//! Mistakes an editor makes, each reported at its cause: a front-matter error is not also a
//! missing source where a programme cites the notice; a notice cited while it is a draft says so;
//! an attachment listed twice (once with a trailing space) is a duplicate, not a URL clash; a link
//! to a file whose name holds a space works; a table headed 受援校/对口学校 is read, and a
//! programme without `leads` takes them from its table.

use crate::common;

fn check(files: &[(&str, &str)]) -> (Vec<String>, Option<std::path::PathBuf>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let files: Vec<(&str, &[u8])> = files.iter().map(|(p, c)| (*p, c.as_bytes())).collect();
    common::write_site(&root, &files);
    let out = dir.path().join("public");
    let result = common::build_into(&root, &out);
    let (diagnostics, built) = match result {
        Ok(summary) => (summary.warnings, Some(out)),
        Err(failure) => (failure.diagnostics, None),
    };
    let messages = diagnostics
        .iter()
        .filter(|d| !d.is_info())
        .map(|d| format!("{}:{}: {}", d.file, d.line.unwrap_or(0), d.message))
        .collect();
    (messages, built, dir)
}

const TABLE: &str = "序号,受援校,对口学校,牵头单位\n1,那坡县那坡中学,柳州铁路第一中学,百色学院\n";
const PROGRAMME: &str = "title = \"项目\"\nprovince = \"广西\"\nnotice = \"notices/a/index.md\"\n[[tables]]\nfile = \"@/notices/a/附件 1.csv\"\n";

#[test]
fn a_broken_front_matter_is_reported_once() {
    let (messages, _, _dir) = check(&[
        (
            "content/notices/a/index.md",
            "+++\ntitle = \"通知\"\ndate = 2024-13-05\n+++\n正文\n",
        ),
        ("content/notices/a/附件 1.csv", TABLE),
        ("content/programmes/p.toml", PROGRAMME),
    ]);
    assert!(
        messages.iter().any(|m| m.contains("index.md:3: TOML 元数据格式错误")),
        "{messages:#?}"
    );
    assert!(
        !messages.iter().any(|m| m.contains("不存在")),
        "no second error: {messages:#?}"
    );
}

#[test]
fn a_draft_source_says_it_is_a_draft() {
    let (messages, _, _dir) = check(&[
        (
            "content/notices/a/index.md",
            "+++\ntitle = \"通知\"\ndate = 2024-03-05\ndraft = true\n+++\n正文\n",
        ),
        ("content/notices/a/附件 1.csv", TABLE),
        ("content/programmes/p.toml", PROGRAMME),
    ]);
    assert!(
        messages
            .iter()
            .any(|m| m.contains("p.toml:3: 来源文件 content/notices/a/index.md 是草稿（draft = true），不会发布")),
        "{messages:#?}"
    );
}

#[test]
fn an_attachment_listed_twice_is_a_duplicate() {
    let (messages, _, _dir) = check(&[
        (
            "content/notices/a/index.md",
            "+++\ntitle = \"通知\"\ndate = 2024-03-05\nattachments = [\n  { file = \"附件2.csv \", title = \"附件2\" },\n  { file = \"附件2.csv\", title = \"附件2（更正）\" },\n]\n+++\n正文\n",
        ),
        ("content/notices/a/附件2.csv", TABLE),
    ]);
    assert_eq!(
        messages,
        vec!["content/notices/a/index.md:4: 附件 附件2.csv 在 `attachments` 中写了两次（第 1 项写成“附件2.csv ”，首尾有空格，去掉后两项相同）".to_string()]
    );
}

#[test]
fn tables_and_links_as_editors_write_them() {
    let (messages, built, _dir) = check(&[
        (
            "content/notices/a/index.md",
            "+++\ntitle = \"通知\"\ndate = 2024-03-05\nattachments = [{ file = \"附件 1.csv\", title = \"附件1\" }]\n+++\n见[附件1](附件 1.csv)。\n",
        ),
        ("content/notices/a/附件 1.csv", TABLE),
        ("content/programmes/p.toml", PROGRAMME),
    ]);
    assert!(messages.is_empty(), "{messages:#?}");
    let out = built.unwrap();
    let notice = common::read(&out, "notices/a/index.html");
    assert!(
        notice.contains(">附件1</a>。") && !notice.contains("](附件"),
        "the link works"
    );
    let programme = common::read(&out, "programmes/p/index.html");
    assert!(programme.contains(">柳州铁路第一中学</a>"), "对口学校 is the supporter");
    assert!(
        programme.contains("<dt>牵头单位</dt><dd class=\"wide\"><a href=\"/institutions/百色学院/\">百色学院</a>"),
        "leads from the table"
    );
}

//! A Word, WPS or PDF file dropped into `content/` that no notice lists is not silently ignored:
//! `check` warns, naming the file and what to do (the LibreOffice command for old formats).

use crate::common;

#[test]
fn an_office_file_no_notice_lists_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    common::write_site(
        &root,
        &[
            (
                "content/notices/list/index.md",
                "+++\ntitle = \"通知\"\ndate = 2024-03-01\nattachments = [\"附件1.pdf\"]\n+++\n见附件。\n".as_bytes(),
            ),
            ("content/notices/list/附件1.pdf", b"%PDF-1.4"),
            ("content/notices/关于公布结对名单的通知.docx", b"PK"),
            ("content/notices/旧通知.doc", b"\xd0\xcf"),
            ("content/notices/list/附件2.PDF", b"%PDF-1.4"),
        ],
    );
    let summary = jiedui::check(&jiedui::BuildOptions::new(&root), &|_| {}).unwrap();
    let shown: Vec<String> = summary.warnings.iter().map(ToString::to_string).collect();
    let about = |file: &str| shown.iter().find(|d| d.contains(file)).cloned().unwrap_or_default();
    assert!(
        about("关于公布结对名单的通知.docx").contains("不会出现在网站上"),
        "{shown:#?}"
    );
    assert!(
        about("旧通知.doc").contains("soffice --headless --convert-to docx"),
        "{shown:#?}"
    );
    assert!(
        about("附件2.PDF").contains("attachments 中写 \"附件2.PDF\""),
        "{shown:#?}"
    );
    assert!(about("附件1.pdf").is_empty(), "a listed attachment is fine: {shown:#?}");
}

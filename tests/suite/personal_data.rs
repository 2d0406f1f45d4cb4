//! Personal data is never published by accident: a table column with phone numbers, ID numbers
//! or e-mail addresses fails the build unless the programme leaves it out (then no page and no
//! open-data file holds it) or publishes it deliberately; a table published as an attachment
//! cannot leave it out, since its original would still be downloadable; a notice body with a
//! mobile number is warned about.

use crate::common;
use std::path::Path;

const TABLE: &str = "编号,受援学校,支援学校,联系人,备注\n1,渭源县第一中学,兰州市第一中学,王老师 13893212345,送教下乡\n2,渭源县第二中学,兰州市第二中学,李老师 0932-6123456,\n";

/// A programme reading `t.csv` beside it, with `treatment` for its 联系人 column.
fn programme(root: &Path, treatment: &str) {
    let toml = format!(
        "title = \"定西结对\"\nprovince = \"甘肃省\"\n\n[[tables]]\nfile = \"t.csv\"\npersonal_data = {{ \"联系人\" = \"{treatment}\" }}\n"
    );
    common::write_site(
        root,
        &[
            ("content/programmes/p.toml", toml.as_bytes()),
            ("content/programmes/t.csv", TABLE.as_bytes()),
        ],
    );
}

#[test]
fn a_column_left_out_is_on_no_page_and_in_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    programme(&root, "omit");
    let out = dir.path().join("public");
    let summary = common::build_into(&root, &out).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    assert!(
        summary.warnings.iter().any(|d| d
            .message
            .contains("“联系人”列有 2 格含手机号码、固定电话号码（第 2–3 行），按项目设置不公开")),
        "{:#?}",
        summary.warnings
    );
    let leaking: Vec<String> = common::tree(&out)
        .into_iter()
        .filter(|(_, bytes)| {
            let text = String::from_utf8_lossy(bytes);
            text.contains("13893212345") || text.contains("6123456") || text.contains("王老师")
        })
        .map(|(path, _)| path)
        .collect();
    assert!(leaking.is_empty(), "the numbers are in {leaking:?}");
    assert!(
        common::read(&out, "data/pairings.csv").contains("送教下乡"),
        "other columns stay"
    );
    assert!(common::read(&out, "programmes/p/index.html").contains("渭源县第一中学"));
}

#[test]
fn a_column_published_deliberately_is_published() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    programme(&root, "公开");
    let out = dir.path().join("public");
    common::build_into(&root, &out).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    assert!(common::read(&out, "data/pairings.csv").contains("王老师 13893212345"));
}

#[test]
fn an_attached_table_cannot_hide_a_column_its_original_still_holds() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    common::write_site(
        &root,
        &[
            (
                "content/notices/list/index.md",
                "+++\ntitle = \"关于公布结对名单的通知\"\ndate = 2024-03-01\nattachments = [\"名单.csv\"]\n+++\n见附件。\n".as_bytes(),
            ),
            ("content/notices/list/名单.csv", TABLE.as_bytes()),
            (
                "content/programmes/p.toml",
                "title = \"定西结对\"\nprovince = \"甘肃省\"\n\n[[tables]]\nfile = \"@/notices/list/名单.csv\"\npersonal_data = { \"联系人\" = \"omit\" }\n".as_bytes(),
            ),
        ],
    );
    let failure = jiedui::check(&jiedui::BuildOptions::new(&root), &|_| {}).expect_err("the original would leak");
    let error = failure
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .map(ToString::to_string)
        .unwrap();
    assert!(
        error.contains("content/notices/list/名单.csv") && error.contains("附件") && error.contains("“联系人”"),
        "{error}"
    );
}

#[test]
fn a_mobile_number_in_a_notice_is_warned_about_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    common::write_site(
        &root,
        &[(
            "content/notices/a.md",
            "+++\ntitle = \"通知\"\ndate = 2024-03-01\n+++\n各学校：\n\n联系人：王老师，手机 13893212345；办公室电话 0932-6123456。\n".as_bytes(),
        )],
    );
    let out = dir.path().join("public");
    let summary = common::build_into(&root, &out).unwrap();
    let shown: Vec<String> = summary.warnings.iter().map(ToString::to_string).collect();
    assert!(
        shown
            .iter()
            .any(|w| w.contains("content/notices/a.md:7") && w.contains("手机号码") && !w.contains("固定电话")),
        "the mobile is warned about, the office's telephone is not: {shown:#?}"
    );
}

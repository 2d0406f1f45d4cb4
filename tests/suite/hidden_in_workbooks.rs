//! What a department hid in a workbook stays hidden: with no sheet named, the first visible sheet
//! is read (a hidden, stale "旧版" sheet before it is passed over, and `check` says so); hidden
//! and filtered-out rows are left out with a located warning, unless the programme reads them.

use crate::common;
use jiedui::BuildOptions;
use std::path::Path;

/// A workbook as offices keep them: a hidden old sheet first, then the list, one row of which
/// (a pair that ended) is hidden rather than deleted.
fn workbook(path: &Path) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let old = book.add_worksheet().set_name("旧版（勿用）").unwrap();
    for (r, row) in [
        ["编号", "受援学校", "支援学校"],
        ["1", "渭源县旧城小学", "兰州市旧城中学"],
    ]
    .iter()
    .enumerate()
    {
        for (c, text) in row.iter().enumerate() {
            old.write_string(r as u32, c as u16, *text).unwrap();
        }
    }
    old.set_hidden(true);
    let list = book.add_worksheet().set_name("附件1").unwrap();
    let rows = [
        ["编号", "受援学校", "支援学校"],
        ["1", "渭源县第一中学", "兰州市第一中学"],
        ["2", "渭源县第二中学", "兰州市第二中学"],
        ["3", "临洮县第一中学", "兰州市第三中学"],
        ["4", "岷县第一中学", "兰州市第四中学"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            list.write_string(r as u32, c as u16, *text).unwrap();
        }
    }
    list.set_row_hidden(3).unwrap();
    // Excel shows a workbook at a visible sheet: the list is the one opened.
    list.set_active(true);
    book.save(path).unwrap();
}

fn site(root: &Path, table_settings: &str) {
    common::write_site(
        root,
        &[(
            "content/programmes/p.toml",
            format!(
                "title = \"定西结对\"\nprovince = \"甘肃省\"\n\n[[tables]]\nfile = \"名单.xlsx\"\n{table_settings}"
            )
            .as_bytes(),
        )],
    );
    workbook(&root.join("content/programmes/名单.xlsx"));
}

fn check(root: &Path) -> jiedui::BuildSummary {
    jiedui::check(&BuildOptions::new(root), &|_| {}).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics))
}

#[test]
fn the_first_visible_sheet_is_read_and_hidden_rows_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    site(&root, "");
    let summary = check(&root);
    assert_eq!(summary.pairings, 3, "the visible sheet's rows, the hidden row left out");
    let shown: Vec<String> = summary.warnings.iter().map(ToString::to_string).collect();
    assert!(
        shown
            .iter()
            .any(|d| d.contains("跳过隐藏的工作表“旧版（勿用）”，读取第一张可见的工作表“附件1”")),
        "{shown:#?}"
    );
    assert!(
        shown
            .iter()
            .any(|d| d.starts_with("警告: content/programmes/名单.xlsx:4:")
                && d.contains("第 4 行在 Excel 中是隐藏的")
                && d.contains("read_hidden = true")),
        "{shown:#?}"
    );
    let out = dir.path().join("public");
    common::build_into(&root, &out).unwrap();
    let everything: String = common::tree(&out)
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(
        !everything.contains("临洮县第一中学"),
        "the hidden row is published nowhere"
    );
    assert!(
        !everything.contains("渭源县旧城小学"),
        "the hidden sheet is published nowhere"
    );
    assert!(everything.contains("岷县第一中学"));
}

#[test]
fn a_programme_can_read_hidden_rows_and_name_a_hidden_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    site(&root, "read_hidden = true\n");
    assert_eq!(check(&root).pairings, 4, "read_hidden keeps the hidden row");

    let other = dir.path().join("other");
    site(&other, "sheet = \"旧版（勿用）\"\n");
    let summary = check(&other);
    assert_eq!(summary.pairings, 1);
    assert!(
        summary
            .warnings
            .iter()
            .any(|d| d.message.contains("工作表“旧版（勿用）”在工作簿中是隐藏的") && d.hint.is_some()),
        "{:#?}",
        summary.warnings
    );
}

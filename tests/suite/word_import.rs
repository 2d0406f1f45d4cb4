//! `jiedui import`: Word notices as offices write them (a red header and 文号 above the title, a
//! table inside the body, an attachment that is text and one that is a table, a 落款 with a seal
//! line, dates in Chinese numerals) become notice folders whose fields are checked one by one and
//! which then build with no warning a person does not have to decide.

use crate::common;
use jiedui_devkit::docx::{Part, docx};
use std::path::Path;

fn site_with(name: &str, parts: &[Part]) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    common::write_site(&root, &[]);
    let file = dir.path().join(name);
    std::fs::write(&file, docx(parts)).unwrap();
    (dir, root, file)
}

fn read(root: &Path, path: &str) -> String {
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Builds the site and returns its warnings and errors (inferences left out).
fn build(root: &Path) -> Vec<String> {
    let out = root.join("public");
    match common::build_into(root, &out) {
        Ok(summary) => summary
            .warnings
            .iter()
            .filter(|d| !d.is_info())
            .map(|d| d.to_string())
            .collect(),
        Err(failure) => panic!("{:#?}", failure.diagnostics),
    }
}

const LIST: &[&[&str]] = &[
    &["序号", "受援学校", "支援学校", "牵头高校"],
    &["1", "岷县第一中学", "兰州市第一中学", "西北师范大学"],
    &["2", "岷县梅川中学", "兰州市第二中学", "^"],
    &["3", "漳县第一中学", "兰州市第十中学", "兰州大学"],
];

#[test]
fn a_notice_with_its_list_as_an_attachment() {
    let (_dir, root, file) = site_with(
        "2024年结对名单通知.docx",
        &[
            Part::Centered("定西市教育局文件"),
            Part::Centered("定教发〔2024〕12号"),
            Part::Centered("关于公布2024年城乡学校结对帮扶名单的通知"),
            Part::P("各县（区）教育局，市直各学校："),
            Part::P("为推进城乡教育均衡发展，现将2024年城乡学校结对帮扶名单印发给你们，请认真组织实施。"),
            Part::Runs(&[("一、工作目标", true)]),
            Part::P("通过结对帮扶，提升农村学校教育质量。"),
            Part::Runs(&[("（一）", false), ("加强师资交流", false)]),
            Part::Runs(&[
                ("支援学校", false),
                ("每学期", true),
                ("选派骨干教师到受援学校任教。", false),
            ]),
            Part::Numbered("建立结对台账；", 1),
            Part::Numbered("按学期报送工作情况。", 1),
            Part::P("附件：1. 2024年城乡学校结对帮扶名单"),
            Part::P("定西市教育局"),
            Part::P("2024年3月5日"),
            Part::P("（此件公开发布）"),
            Part::P("附件1"),
            Part::Centered("2024年城乡学校结对帮扶名单"),
            Part::Table(LIST),
        ],
    );
    let imported = jiedui::import::import_docx(&root, &file, Some("2024-dingxi")).unwrap();
    assert_eq!(
        imported.written,
        vec![
            "content/notices/2024-dingxi/index.md",
            "content/notices/2024-dingxi/附件1.xlsx",
            "content/programmes/2024-dingxi.toml"
        ]
    );
    assert!(imported.missing.is_empty(), "{:?}", imported.missing);
    let notice = read(&root, "content/notices/2024-dingxi/index.md");
    insta::assert_snapshot!("word_import_notice", notice);
    let programme = read(&root, "content/programmes/2024-dingxi.toml");
    assert!(programme.contains("title = \"2024年城乡学校结对帮扶\""), "{programme}");
    assert!(programme.contains("province = \"甘肃省\""), "{programme}");
    assert!(
        programme.contains("file = \"@/notices/2024-dingxi/附件1.xlsx\""),
        "{programme}"
    );
    assert_eq!(build(&root), Vec::<String>::new());
    let out = root.join("public");
    let page = common::read(&out, "notices/2024-dingxi/index.html");
    assert!(
        page.contains("<h2 id=\"一工作目标\">一、工作目标</h2>") || page.contains(">一、工作目标</h2>"),
        "{page}"
    );
    assert!(page.contains("<strong>每学期</strong>") && page.contains("<li>建立结对台账；</li>"));
    assert!(
        page.contains("<p class=\"signature\">定西市教育局</p>"),
        "the 落款 is the signature"
    );
    assert!(!page.contains("此件公开发布"));
    // The merged lead is carried to the second row, as in the Word table.
    let meichuan = common::read(&out, "schools/岷县梅川中学/index.html");
    assert!(meichuan.contains(">西北师范大学</a>"), "merged lead");
    // Importing twice does not overwrite.
    let again = jiedui::import::import_docx(&root, &file, Some("2024-dingxi")).unwrap_err();
    assert!(again.contains("content/notices/2024-dingxi 已经存在"), "{again}");
}

#[test]
fn a_table_in_the_body_a_seal_line_and_a_date_in_chinese_numerals() {
    let (_dir, root, file) = site_with(
        "调整通知.docx",
        &[
            Part::Centered("关于调整结对帮扶学校的通知"),
            Part::P("各学校："),
            Part::P("经研究，对部分结对学校调整如下："),
            Part::Table(&[
                &["编号", "受援学校", "支援学校"],
                &["1", "渭源县第二中学", "兰州市第十四中学"],
            ]),
            Part::P("特此通知。"),
            Part::P("渭源县教育局"),
            Part::P("（盖章）"),
            Part::P("二〇二四年五月十日"),
        ],
    );
    let imported = jiedui::import::import_docx(&root, &file, None).unwrap();
    assert_eq!(imported.folder, "content/notices/调整通知");
    assert_eq!(imported.missing, vec!["文号"]);
    let found: Vec<String> = imported.found.iter().map(|(k, v)| format!("{k}={v}")).collect();
    assert!(found.contains(&"发文机关=渭源县教育局".to_string()), "{found:?}");
    assert!(found.contains(&"日期（成文日期）=2024-05-10".to_string()), "{found:?}");
    let notice = read(&root, "content/notices/调整通知/index.md");
    assert!(
        notice
            .contains("| 编号 | 受援学校 | 支援学校 |\n| --- | --- | --- |\n| 1 | 渭源县第二中学 | 兰州市第十四中学 |"),
        "{notice}"
    );
    assert!(!notice.contains("盖章"), "{notice}");
    assert!(imported.programme.is_some(), "the body's pairing list gets a programme");
    assert_eq!(build(&root), Vec::<String>::new());
}

#[test]
fn an_attachment_that_is_text_and_one_that_is_a_table() {
    let (_dir, root, file) = site_with(
        "实施方案.docx",
        &[
            Part::Centered("关于印发《定西市教育结对帮扶工作实施方案》的通知"),
            Part::P("定教发(2024)20号"),
            Part::P("各县（区）教育局："),
            Part::P("现将《实施方案》印发给你们，请认真贯彻执行。"),
            Part::P("附件：1. 定西市教育结对帮扶工作实施方案"),
            Part::P("2. 结对学校名单"),
            Part::P("定西市教育局"),
            Part::P("2024年9月1日"),
            Part::P("附件1"),
            Part::Centered("定西市教育结对帮扶工作实施方案"),
            Part::Runs(&[("一、指导思想", true)]),
            Part::P("以新时代教育方针为指导。"),
            Part::P("附件2"),
            Part::Centered("结对学校名单"),
            Part::Table(&[
                &["序号", "受援校", "对口学校", "牵头单位"],
                &["1", "临洮县第二中学", "兰州市第五十一中学", "兰州城市学院"],
            ]),
        ],
    );
    let imported = jiedui::import::import_docx(&root, &file, Some("fangan")).unwrap();
    let found: Vec<String> = imported.found.iter().map(|(k, v)| format!("{k}={v}")).collect();
    assert!(found.contains(&"文号=定教发(2024)20号".to_string()), "{found:?}");
    assert!(
        found.contains(&"附件=附件2 结对学校名单（附件2.xlsx）".to_string()),
        "{found:?}"
    );
    let notice = read(&root, "content/notices/fangan/index.md");
    assert!(
        notice.contains("## 附件1 定西市教育结对帮扶工作实施方案\n\n## 一、指导思想\n\n以新时代教育方针为指导。"),
        "{notice}"
    );
    assert!(
        !notice.contains("附件：1."),
        "the 附件 list is the front matter's: {notice}"
    );
    let programme = read(&root, "content/programmes/fangan.toml");
    assert!(
        programme.contains("title = \"《定西市教育结对帮扶工作实施方案》\"")
            || programme.contains("title = \"定西市教育结对帮扶工作实施方案\""),
        "{programme}"
    );
    assert_eq!(build(&root), Vec::<String>::new());
}

#[test]
fn old_word_files_get_the_command_that_converts_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    common::write_site(&root, &[]);
    let file = dir.path().join("通知.doc");
    std::fs::write(&file, b"\xd0\xcf\x11\xe0").unwrap();
    let error = jiedui::import::import_docx(&root, &file, None).unwrap_err();
    assert!(
        error.contains("soffice --headless --convert-to docx \"通知.doc\""),
        "{error}"
    );
    let not_word = dir.path().join("名单.docx");
    std::fs::write(&not_word, b"plain text").unwrap();
    assert!(
        jiedui::import::import_docx(&root, &not_word, None)
            .unwrap_err()
            .contains("不是有效的 .docx")
    );
}

#[test]
fn a_docx_table_can_be_a_programme_table() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    common::write_site(
        &root,
        &[(
            "content/programmes/p.toml",
            "title = \"项目\"\nprovince = \"甘肃\"\n[[tables]]\nfile = \"名单.docx\"\n".as_bytes(),
        )],
    );
    std::fs::write(
        root.join("content/programmes/名单.docx"),
        docx(&[Part::P("附件"), Part::Table(LIST)]),
    )
    .unwrap();
    let summary = common::build_into(&root, &root.join("public")).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    assert_eq!(summary.pairings, 3);
    let meichuan = common::read(&root.join("public"), "schools/岷县梅川中学/index.html");
    assert!(
        meichuan.contains(">西北师范大学</a>"),
        "merged lead read from the Word table"
    );
}

/// The command line says what it wrote and found, and checks the result.
#[test]
fn the_command_reports_what_it_found() {
    let (_dir, root, file) = site_with(
        "通知.docx",
        &[
            Part::Centered("关于公布结对名单的通知"),
            Part::P("各学校："),
            Part::P("名单见附件。"),
            Part::P("附件：结对名单"),
            Part::P("岷县教育局"),
            Part::P("2024年3月5日"),
            Part::P("附件"),
            Part::Table(LIST),
        ],
    );
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_jiedui"))
        .args(["import"])
        .arg(&file)
        .arg("--root")
        .arg(&root)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for line in [
        "content/notices/通知/index.md",
        "content/notices/通知/附件1.xlsx",
        "content/programmes/通知.toml",
        "  标题：关于公布结对名单的通知",
        "  附件：附件1 结对名单（附件1.xlsx）",
        "  文件中没有找到：文号，请在 content/notices/通知/index.md 中补上",
        "结对表 content/notices/通知/附件1.xlsx：读取 3 行，得到 3 对结对",
        "导入完成",
    ] {
        assert!(stdout.contains(line), "{line}\n{stdout}");
    }
}

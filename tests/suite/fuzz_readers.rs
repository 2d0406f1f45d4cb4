//! Bounded fuzzing (proptest) of every reader of editor input: front matter, the CSV, YAML, XLSX
//! and Word table readers with the table interpreter after them, and `jiedui import`. Inputs are real files mutated
//! byte by byte, or arbitrary bytes; the only property is that nothing panics (proptest reports
//! a panic with the smallest input that causes it). The number of cases per reader is
//! `JIEDUI_FUZZ_CASES` (default 300, so the suite stays fast).

use jiedui::load::front_matter::split_and_parse;
use jiedui::load::tables::read_table;
use jiedui::model::pairing::interpret::{TableSpec, interpret};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn cases() -> u32 {
    std::env::var("JIEDUI_FUZZ_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(300)
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// A seed changed at a few places: bytes replaced, inserted or cut, or the seed cut short.
fn mutated(seed: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let len = seed.len().max(1);
    prop::collection::vec((0..len, any::<u8>(), 0u8..4), 1..12).prop_map(move |edits| {
        let mut bytes = seed.clone();
        for (at, byte, how) in edits {
            let at = at.min(bytes.len());
            match how {
                0 if at < bytes.len() => bytes[at] = byte,
                1 => bytes.insert(at, byte),
                2 if at < bytes.len() => {
                    bytes.remove(at);
                }
                _ => bytes.truncate(at),
            }
        }
        bytes
    })
}

/// Reads `bytes` as a table file named `name` and interprets it, as a build would.
fn read_and_interpret(name: &str, bytes: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    if let Ok(table) = read_table(&path, name, (None, false), None) {
        let _ = interpret(&table, &TableSpec::default(), Some(45));
    }
}

fn seeds(dir: &str, ext: &str) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = walkdir::WalkDir::new(repo(dir))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == ext))
        .map(|e| std::fs::read(e.path()).unwrap())
        .collect();
    out.sort();
    assert!(!out.is_empty(), "seeds in {dir}");
    out
}

/// A Word notice as `jiedui import` meets it: header, title, body, 附件 list, 落款, a table.
fn notice_xml() -> String {
    use jiedui_devkit::docx::{Part, document_xml};
    document_xml(&[
        Part::Centered("定教发〔2024〕12号"),
        Part::Centered("关于公布结对名单的通知"),
        Part::P("各县（区）教育局："),
        Part::Runs(&[("一、工作目标", true)]),
        Part::Numbered("建立台账；", 1),
        Part::P("附件：1. 结对名单"),
        Part::P("定西市教育局"),
        Part::P("二〇二四年三月五日"),
        Part::P("附件1"),
        Part::Table(&[
            &["序号", "受援学校", "支援学校", "牵头高校"],
            &["1", "岷县第一中学", "兰州市第一中学", "西北师范大学"],
            &["2", "岷县梅川中学", "兰州市第二中学", "^"],
        ]),
    ])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn front_matter_never_panics(bytes in prop::sample::select(seeds("content", "md")).prop_flat_map(mutated)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = split_and_parse("content/notices/x.md", &text);
    }

    #[test]
    fn csv_tables_never_panic(bytes in prop::sample::select(seeds("tests/fixtures/pairings", "csv")).prop_flat_map(mutated)) {
        read_and_interpret("t.csv", &bytes);
    }

    #[test]
    fn yaml_tables_never_panic(bytes in prop::sample::select(seeds("tests/fixtures/pairings", "yaml")).prop_flat_map(mutated)) {
        read_and_interpret("t.yaml", &bytes);
    }

    #[test]
    fn xlsx_tables_never_panic(bytes in prop::sample::select(seeds("tests/fixtures", "xlsx")).prop_flat_map(mutated)) {
        read_and_interpret("t.xlsx", &bytes);
    }

    #[test]
    fn word_documents_never_panic(bytes in mutated(notice_xml().into_bytes())) {
        let xml = String::from_utf8_lossy(&bytes);
        let docx = jiedui_devkit::docx::package(&xml);
        read_and_interpret("t.docx", &docx);
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("site.toml"), "title = \"t\"\n").unwrap();
        let file = dir.path().join("n.docx");
        std::fs::write(&file, &docx).unwrap();
        let _ = jiedui::import::import_docx(&root, &file, None);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000), ext in prop::sample::select(vec!["csv", "yaml", "xlsx", "xls", "ods", "docx"])) {
        read_and_interpret(&format!("t.{ext}"), &bytes);
        let _ = split_and_parse("x.md", &String::from_utf8_lossy(&bytes));
    }
}

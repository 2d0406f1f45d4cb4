//! CLI transcript tests: each `tests/cmd/*.toml` runs `jiedui` in a sandbox copy of a site.

#[test]
fn cli_transcripts() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}

/// Builds the `sites/ok` site of the transcripts in a temporary copy with `jiedui build`, and
/// returns the one line the CLI prints, its time replaced by `[..]`.
fn build_line(root: &std::path::Path) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jiedui"))
        .args(["build", "--root"])
        .arg(root)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let line = String::from_utf8(out.stdout).unwrap();
    let (before, _) = line.rsplit_once("用时 ").unwrap();
    format!("{before}用时 [..] 秒")
}

/// A rebuild says what it changed in the output: nothing, or how many files it wrote and removed.
#[test]
fn a_rebuild_says_what_it_changed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    crate::common::copy_dir(std::path::Path::new("tests/cmd/sites/ok"), &root);
    let public = root.join("public");
    let first = build_line(&root);
    assert!(first.contains("共写入 22 个文件到 "), "{first}");
    let again = build_line(&root);
    assert!(
        again.ends_with("/public 中的完全相同，没有改动，用时 [..] 秒"),
        "{again}"
    );
    assert!(
        again.starts_with("构建完成：2 篇文件，9 个页面，共 22 个文件，与 "),
        "{again}"
    );
    std::fs::write(public.join("stray.html"), "stray").unwrap();
    let notices = root.join("content/notices");
    let notice = walk_first_markdown(&notices);
    let text = std::fs::read_to_string(&notice).unwrap();
    std::fs::write(&notice, format!("{text}\n补充一句。\n")).unwrap();
    let edited = build_line(&root);
    assert!(
        edited.contains("/public 中写入 ") && edited.ends_with("个有变化的文件，删除 1 个，其余不变，用时 [..] 秒"),
        "{edited}"
    );
    assert!(!public.join("stray.html").exists());
}

/// The first Markdown file below `dir`, by path.
fn walk_first_markdown(dir: &std::path::Path) -> std::path::PathBuf {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    files.remove(0)
}

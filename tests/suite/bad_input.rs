//! Bad input: every mistake in `tests/bad/` gives located diagnostics, never a panic, and a failed
//! build leaves the previous output as it was.

use crate::common;

use common::{build_into, tree};
use jiedui::{BuildOptions, Diagnostic};
use std::path::{Path, PathBuf};

const SITE_TOML: &str = "title = \"测试\"\nbase_url = \"https://edu.example.cn/\"\n";
const VALID_NOTICE: &str = "+++\ntitle = \"有效通知\"\ndate = 2022-06-09\n+++\n正文\n";

/// A small valid site in a temporary folder, already built once into `public/`.
fn valid_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    std::fs::create_dir_all(root.join("content/notices")).unwrap();
    std::fs::create_dir_all(root.join("content/reports")).unwrap();
    std::fs::write(root.join("site.toml"), SITE_TOML).unwrap();
    std::fs::write(root.join("content/notices/valid.md"), VALID_NOTICE).unwrap();
    build_into(&root, &root.join("public")).unwrap();
    (dir, root)
}

fn corpus() -> Vec<(String, PathBuf)> {
    let base = common::repo_root().join("tests/bad");
    let mut cases = Vec::new();
    for section in ["notices", "reports", "programmes"] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(base.join(section))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for f in files {
            cases.push((format!("{section}/{}", f.file_name().unwrap().to_string_lossy()), f));
        }
    }
    cases
}

/// Puts a corpus case into a site: a file goes to its section, a programme case's folder holds
/// everything that goes into `content/programmes/`. Returns the path diagnostics must name (a
/// programme case may name any of its files).
fn install_case(root: &Path, name: &str, path: &Path) -> String {
    if path.is_dir() {
        common::copy_dir(path, &root.join("content/programmes"));
        "content/programmes/".to_string()
    } else {
        std::fs::copy(path, root.join("content").join(name)).unwrap();
        format!("content/{name}")
    }
}

fn render(diagnostics: &[Diagnostic]) -> String {
    diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
}

#[test]
fn every_bad_file_gets_located_diagnostics_and_public_is_kept() {
    let mut transcript = String::new();
    for (name, path) in corpus() {
        let (_dir, root) = valid_site();
        let rel = install_case(&root, &name, &path);
        // The whole temporary tree, so that a write anywhere outside the output is caught.
        let installed = tree(root.parent().unwrap());
        let result = build_into(&root, &root.join("public"));
        let diagnostics = match (&result, name.contains("/warn-")) {
            (Ok(summary), true) => summary.warnings.clone(),
            (Err(failure), false) => failure.diagnostics.clone(),
            (Ok(_), false) => panic!("{name}: should fail"),
            (Err(f), true) => panic!("{name}: should only warn, got {}", render(&f.diagnostics)),
        };
        assert!(!diagnostics.is_empty(), "{name}");
        for d in &diagnostics {
            assert!(d.file.starts_with(&rel), "{name}: diagnostic names the bad file: {d}");
            assert!(d.line.is_some(), "{name}: diagnostic names a line: {d}");
            assert!(d.hint.is_some(), "{name}: diagnostic says how to fix it: {d}");
        }
        if result.is_err() {
            assert!(
                installed == tree(root.parent().unwrap()),
                "{name}: public/ and everything else must stay as it was"
            );
        }
        transcript.push_str(&format!("## {name}\n{}\n\n", render(&diagnostics)));
    }
    insta::assert_snapshot!("bad_input_diagnostics", transcript);
}

#[test]
fn all_diagnostics_are_collected_before_failing() {
    let (_dir, root) = valid_site();
    let mut expected_errors = 0;
    // The notices and reports together (programme cases share one folder, so they go one by one
    // in the other tests).
    for (name, path) in corpus().into_iter().filter(|(_, p)| p.is_file()) {
        let (_d, single) = valid_site();
        std::fs::copy(&path, single.join("content").join(&name)).unwrap();
        if let Err(f) = jiedui::check(&BuildOptions::new(&single), &|_| {}) {
            expected_errors += f.error_count();
        }
        std::fs::copy(&path, root.join("content").join(&name)).unwrap();
    }
    let failure = jiedui::check(&BuildOptions::new(&root), &|_| {}).unwrap_err();
    assert_eq!(
        failure.error_count(),
        expected_errors,
        "{}",
        render(&failure.diagnostics)
    );
    let files: std::collections::BTreeSet<&str> = failure.diagnostics.iter().map(|d| d.file.as_str()).collect();
    assert!(files.len() >= 15, "errors from every bad file: {files:?}");
}

#[test]
fn non_utf8_and_binary_files_are_reported() {
    let (_dir, root) = valid_site();
    std::fs::write(
        root.join("content/notices/gbk.md"),
        b"+++\ntitle = \"\xb9\xe3\xce\xf7\"\n+++\n",
    )
    .unwrap();
    std::fs::write(root.join("content/notices/binary.md"), [0u8, 159, 146, 150, 255, 0, 1]).unwrap();
    let failure = build_into(&root, &root.join("public")).unwrap_err();
    let text = render(&failure.diagnostics);
    assert!(text.contains("content/notices/gbk.md:2: 文件不是 UTF-8 编码"), "{text}");
    assert!(
        text.contains("content/notices/binary.md:1: 文件不是 UTF-8 编码"),
        "{text}"
    );
}

/// What goes wrong, how to break a valid site that way, and the diagnostic expected.
type SiteCase<'a> = (&'a str, &'a dyn Fn(&Path), &'a str);

#[test]
fn site_level_mistakes_are_located() {
    let cases: [SiteCase; 5] = [
        (
            "broken site.toml",
            &|r| std::fs::write(r.join("site.toml"), "title = \"测试\nbase_url = 1\n").unwrap(),
            "site.toml:1: site.toml 格式错误",
        ),
        (
            "missing site.toml",
            &|r| std::fs::remove_file(r.join("site.toml")).unwrap(),
            "site.toml: 无法读取站点配置",
        ),
        (
            "unknown theme",
            &|r| std::fs::write(r.join("site.toml"), format!("{SITE_TOML}theme = \"gov\"\n")).unwrap(),
            "site.toml:3: 找不到主题 themes/gov/",
        ),
        (
            "template syntax error",
            &|r| {
                std::fs::create_dir_all(r.join("templates")).unwrap();
                std::fs::write(
                    r.join("templates/notice.html"),
                    "{% extends \"base.html\" %}\n{% block main %}\n{% if page.title %}\n{% endblock %}\n",
                )
                .unwrap();
            },
            "templates/notice.html:4: 模板错误",
        ),
        (
            "template undefined value",
            &|r| {
                std::fs::create_dir_all(r.join("templates")).unwrap();
                std::fs::write(r.join("templates/index.html"), "<p>\n{{ site.titel.upper() }}\n</p>\n").unwrap();
            },
            "templates/index.html:2: 模板错误",
        ),
    ];
    for (what, break_it, expected) in cases {
        let (_dir, root) = valid_site();
        let before = tree(&root.join("public"));
        break_it(&root);
        let failure = build_into(&root, &root.join("public")).expect_err(what);
        let text = render(&failure.diagnostics);
        assert!(text.contains(expected), "{what}: {text}");
        assert!(before == tree(&root.join("public")), "{what}: public/ kept");
    }
}

#[test]
fn output_that_holds_the_site_is_refused() {
    let (_dir, root) = valid_site();
    let failure = build_into(&root, &root).unwrap_err();
    assert!(render(&failure.diagnostics).contains("包含站点本身"));
    assert!(root.join("site.toml").is_file());
    let failure = build_into(&root.join("content"), &root).unwrap_err();
    assert!(
        render(&failure.diagnostics).contains("包含站点本身") || render(&failure.diagnostics).contains("site.toml")
    );
    // Inside the site only public/ may be the output: content/, templates/ or a new folder would
    // have their files replaced; a file is no output folder.
    let before = tree(root.parent().unwrap());
    for inside in ["content", "content/notices", "templates", "static", "dist"] {
        let failure = build_into(&root, &root.join(inside)).unwrap_err();
        assert!(
            render(&failure.diagnostics).contains("在站点文件夹里面"),
            "{inside}: {}",
            render(&failure.diagnostics)
        );
    }
    let file = root.parent().unwrap().join("afile");
    std::fs::write(&file, "x").unwrap();
    let failure = build_into(&root, &file).unwrap_err();
    assert!(
        render(&failure.diagnostics).contains("是一个文件"),
        "{}",
        render(&failure.diagnostics)
    );
    std::fs::remove_file(&file).unwrap();
    assert!(
        before == tree(root.parent().unwrap()),
        "nothing beside or inside the site changed"
    );
    build_into(&root, &root.join("public")).unwrap();
}

use jiedui_devkit::lcg::Lcg;

#[test]
fn mutated_real_documents_never_panic() {
    let inserts = [
        "+++",
        "---",
        "\"",
        "[",
        "]",
        "{",
        "=",
        ":",
        "\n",
        "#",
        "@/",
        "](",
        "〔",
        "\u{feff}",
        "\r\n",
        "\t",
        "年",
        "2022-02-30",
        "\\u{0}",
    ];
    let sources: Vec<String> = corpus()
        .into_iter()
        .filter(|(_, p)| p.is_file())
        .map(|(_, p)| std::fs::read_to_string(p).unwrap())
        .chain(
            walkdir::WalkDir::new(common::repo_root().join("content"))
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
                .map(|e| std::fs::read_to_string(e.path()).unwrap().chars().take(1500).collect()),
        )
        .collect();
    let (_dir, root) = valid_site();
    let target = root.join("content/notices/mutant.md");
    let mut rng = Lcg(20261123);
    for round in 0..300 {
        let source = &sources[round % sources.len()];
        let mut chars: Vec<char> = source.chars().collect();
        for _ in 0..1 + rng.next(4) {
            let at = rng.next(chars.len() + 1);
            match rng.next(3) {
                0 => chars.truncate(at),
                1 => {
                    let insert: Vec<char> = inserts[rng.next(inserts.len())].chars().collect();
                    chars.splice(at..at, insert);
                }
                _ => {
                    if at < chars.len() {
                        chars.remove(at);
                    }
                }
            }
        }
        let text: String = chars.into_iter().collect();
        std::fs::write(&target, &text).unwrap();
        let outcome = std::panic::catch_unwind(|| jiedui::check(&BuildOptions::new(&root), &|_| {}));
        assert!(outcome.is_ok(), "panicked on mutation {round}:\n{text}");
    }
}

/// The errors of a run, as text, in order; empty for success.
fn errors_of(result: &Result<jiedui::BuildSummary, jiedui::BuildFailure>) -> Vec<String> {
    match result {
        Ok(_) => Vec::new(),
        Err(f) => f
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string())
            .collect(),
    }
}

/// `check` and `build` agree on `root`: both pass, or both fail with the same errors.
fn assert_check_agrees_with_build(name: &str, root: &Path) {
    let out = tempfile::tempdir().unwrap();
    let checked = jiedui::check(&BuildOptions::new(root), &|_| {});
    let built = build_into(root, &out.path().join("public"));
    assert_eq!(
        checked.is_ok(),
        built.is_ok(),
        "{name}: check {} but build {}: {:?}",
        if checked.is_ok() { "passes" } else { "fails" },
        if built.is_ok() { "passes" } else { "fails" },
        errors_of(&built)
    );
    assert_eq!(errors_of(&checked), errors_of(&built), "{name}: the same errors");
}

/// Every case of the bad-input corpus, the CLI transcripts' broken sites, a table of Excel error
/// values, long slugs and an attachment that is a folder: `check` finds every error `build` finds.
#[test]
fn check_and_build_agree_on_every_bad_case() {
    let mut cases = 0;
    for (name, path) in corpus() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content/notices")).unwrap();
        std::fs::create_dir_all(root.join("content/reports")).unwrap();
        std::fs::write(root.join("site.toml"), SITE_TOML).unwrap();
        std::fs::write(root.join("content/notices/valid.md"), VALID_NOTICE).unwrap();
        install_case(&root, &name, &path);
        assert_check_agrees_with_build(&name, &root);
        cases += 1;
    }
    for site in ["broken", "long-slugs", "ok"] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        common::copy_dir(&common::repo_root().join("tests/cmd/sites").join(site), &root);
        assert_check_agrees_with_build(site, &root);
        cases += 1;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let workbook = std::fs::read(common::repo_root().join("tests/fixtures/tables/excel-errors.xlsx")).unwrap();
    common::write_site(
        &root,
        &[
            (
                "content/notices/a.md",
                "+++\ntitle = \"附件是文件夹\"\ndate = 2024-01-01\nattachments = [\"folder.csv\"]\n+++\n正文\n"
                    .as_bytes(),
            ),
            (
                "content/programmes/errors.toml",
                "title = \"错误值\"\nprovince = \"广西\"\n[[tables]]\nfile = \"名单.xlsx\"\n".as_bytes(),
            ),
            ("content/programmes/名单.xlsx", &workbook),
        ],
    );
    std::fs::create_dir_all(root.join("content/notices/folder.csv")).unwrap();
    assert_check_agrees_with_build("excel errors and a folder as attachment", &root);
    cases += 1;
    assert!(cases >= 20, "{cases} cases");
}

/// Paths that lead out of the site — a table path that is absolute or climbs with `@/../`, a
/// theme name with `../` or an absolute theme, a symlinked attachment, a programme slug with
/// `../` — and FIFOs where files are read: each fails with a located error, nothing outside the
/// site is read or written, and nothing hangs.
#[test]
fn nothing_outside_the_site_is_read_or_written() {
    // The absolute path names a file that exists (in a folder of its own), so only the rule stops it.
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(
        elsewhere.path().join("secret.csv"),
        "编号,受援学校,支援学校\n1,机密小学,机密中学\n",
    )
    .unwrap();
    let programme = |table: &str, slug: &str| {
        format!("title = \"项目\"\nprovince = \"广西\"\nslug = \"{slug}\"\n[[tables]]\nfile = \"{table}\"\n")
    };
    let secret = elsewhere.path().join("secret.csv").display().to_string();
    type Setup = Box<dyn Fn(&Path)>;
    let cases: Vec<(&str, Setup, &str)> = vec![
        (
            "absolute table path",
            Box::new(move |root: &Path| {
                std::fs::create_dir_all(root.join("content/programmes")).unwrap();
                std::fs::write(root.join("content/programmes/p.toml"), programme(&secret, "p")).unwrap();
            }),
            "content/programmes/p.toml:4: 结对表",
        ),
        (
            "table path climbing out with @/../",
            Box::new(|root: &Path| {
                std::fs::create_dir_all(root.join("content/programmes")).unwrap();
                let p = "title = \"项目\"\n[[tables]]\nfile = \"@/../../outside/secret.csv\"\n";
                std::fs::write(root.join("content/programmes/p.toml"), p).unwrap();
            }),
            "在站点文件夹之外",
        ),
        (
            "programme slug with ../",
            Box::new(|root: &Path| {
                std::fs::create_dir_all(root.join("content/programmes")).unwrap();
                std::fs::write(
                    root.join("content/programmes/t.csv"),
                    "编号,受援学校,支援学校\n1,甲小学,乙中学\n",
                )
                .unwrap();
                let p = "title = \"项目\"\nslug = \"../../escaped\"\n[[tables]]\nfile = \"t.csv\"\n";
                std::fs::write(root.join("content/programmes/p.toml"), p).unwrap();
            }),
            "content/programmes/p.toml:2: `../../escaped` 不能用作网址",
        ),
        (
            "theme name with ../",
            Box::new(|root: &Path| {
                let toml = format!("{SITE_TOML}theme = \"../outside/theme\"\n");
                std::fs::write(root.join("site.toml"), toml).unwrap();
            }),
            "site.toml:3: 主题 `../outside/theme` 不是 themes/ 下的一个文件夹名",
        ),
        (
            "absolute theme",
            Box::new(|root: &Path| {
                let theme = root.parent().unwrap().join("outside/theme");
                let toml = format!("{SITE_TOML}theme = \"{}\"\n", theme.display());
                std::fs::write(root.join("site.toml"), toml).unwrap();
            }),
            "不是 themes/ 下的一个文件夹名",
        ),
        (
            "attachment linked out of the site",
            Box::new(|root: &Path| {
                let folder = root.join("content/notices/linked");
                std::fs::create_dir_all(&folder).unwrap();
                std::os::unix::fs::symlink(
                    root.parent().unwrap().join("outside/secret.csv"),
                    folder.join("附件1.csv"),
                )
                .unwrap();
                let md = "+++\ntitle = \"链接附件\"\ndate = 2024-01-01\nattachments = [\"附件1.csv\"]\n+++\n正文\n";
                std::fs::write(folder.join("index.md"), md).unwrap();
            }),
            "content/notices/linked/index.md:4: 附件 `附件1.csv` 是指向站点文件夹之外的链接",
        ),
        (
            "site.toml is a FIFO",
            Box::new(|root: &Path| {
                std::fs::remove_file(root.join("site.toml")).unwrap();
                let status = std::process::Command::new("mkfifo")
                    .arg(root.join("site.toml"))
                    .status()
                    .unwrap();
                assert!(status.success());
            }),
            "site.toml: site.toml 不是普通文件",
        ),
    ];
    for (name, setup, expected) in cases {
        let (dir, root) = valid_site();
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(outside.join("theme/templates")).unwrap();
        std::fs::write(
            outside.join("secret.csv"),
            "编号,受援学校,支援学校\n1,机密小学,机密中学\n",
        )
        .unwrap();
        setup(&root);
        let before_public = tree(&root.join("public"));
        let before_outside = tree(&outside);
        let checked = jiedui::check(&BuildOptions::new(&root), &|_| {});
        let failure = build_into(&root, &root.join("public")).unwrap_err();
        let text = render(&failure.diagnostics);
        assert!(text.contains(expected), "{name}: expected “{expected}” in\n{text}");
        assert!(
            failure
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .all(|d| d.hint.is_some()),
            "{name}"
        );
        assert!(checked.is_err(), "{name}: check fails too");
        assert!(before_public == tree(&root.join("public")), "{name}: public/ kept");
        assert!(before_outside == tree(&outside), "{name}: nothing outside changed");
        let escaped = dir.path().join("escaped");
        assert!(
            !escaped.exists() && !root.join("escaped").exists(),
            "{name}: nothing written out"
        );
        assert!(!text.contains("机密"), "{name}: nothing of the outside file is read");
    }
}

/// A FIFO in content/ is skipped with a warning and one among the programmes is an error (neither
/// hangs the build); a file over `max_input_mb` is an error that says how to raise the limit.
#[test]
fn fifos_and_oversized_files_are_reported_not_read() {
    let mkfifo = |path: &Path| {
        let status = std::process::Command::new("mkfifo").arg(path).status().unwrap();
        assert!(status.success());
    };
    let (_dir, root) = valid_site();
    mkfifo(&root.join("content/notices/pipe.md"));
    let summary = build_into(&root, &root.join("public")).unwrap();
    let warnings = render(&summary.warnings);
    assert!(
        warnings.contains("警告: content/notices/pipe.md: 不是普通文件（是符号链接、管道或设备），已跳过"),
        "{warnings}"
    );

    let (_dir, root) = valid_site();
    std::fs::create_dir_all(root.join("content/programmes")).unwrap();
    mkfifo(&root.join("content/programmes/pipe.toml"));
    let failure = build_into(&root, &root.join("public")).unwrap_err();
    assert!(
        render(&failure.diagnostics).contains("错误: content/programmes/pipe.toml: 不是普通文件"),
        "{}",
        render(&failure.diagnostics)
    );

    let (_dir, root) = valid_site();
    std::fs::write(root.join("site.toml"), format!("{SITE_TOML}max_input_mb = 1\n")).unwrap();
    let big = format!("{VALID_NOTICE}{}", "正文很长。".repeat(150_000));
    std::fs::write(root.join("content/notices/big.md"), big).unwrap();
    let before = tree(&root.join("public"));
    let failure = build_into(&root, &root.join("public")).unwrap_err();
    let text = render(&failure.diagnostics);
    assert!(
        text.contains("错误: content/notices/big.md: 文件有 2.1 MB，超过单个输入文件的上限 1 MB"),
        "{text}"
    );
    assert!(text.contains("max_input_mb = 6"), "the hint names the setting: {text}");
    assert!(before == tree(&root.join("public")));
    std::fs::write(root.join("site.toml"), format!("{SITE_TOML}max_input_mb = 6\n")).unwrap();
    build_into(&root, &root.join("public")).unwrap();
}

/// An attachment that is a named pipe is an error naming it (check and build do not wait for a
/// writer); a folder the build cannot read and a CSV whose quote is never closed get diagnostics
/// that name the file (and line) and say how to fix it.
#[test]
fn pipes_unreadable_folders_and_open_quotes_are_located() {
    let (_dir, root) = valid_site();
    let folder = root.join("content/notices/with-pipe");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("index.md"),
        "+++\ntitle = \"附件是管道的通知\"\ndate = 2024-01-01\nattachments = [\"附件.csv\"]\n+++\n正文\n",
    )
    .unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(folder.join("附件.csv"))
        .status()
        .unwrap();
    assert!(status.success());
    let (sender, receiver) = std::sync::mpsc::channel();
    let pipe_root = root.clone();
    std::thread::spawn(move || {
        let options = BuildOptions {
            root: pipe_root.clone(),
            output: None,
            base_url: None,
            drafts: false,
            today: None,
        };
        let checked = jiedui::check(&options, &|_| {});
        let built = build_into(&pipe_root, &pipe_root.join("public"));
        let _ = sender.send((checked.map(|_| ()).map_err(|f| render(&f.diagnostics)), built.is_err()));
    });
    let (checked, build_failed) = receiver
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("check and build finish although an attachment is a named pipe");
    let text = checked.unwrap_err();
    assert!(
        text.contains("错误: content/notices/with-pipe/index.md:4: 附件 `附件.csv` 不是普通文件"),
        "{text}"
    );
    assert!(build_failed);

    let (_dir, root) = valid_site();
    let locked = root.join("content/notices/locked");
    std::fs::create_dir_all(&locked).unwrap();
    std::fs::write(locked.join("a.md"), VALID_NOTICE).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read_dir(&locked).is_ok(); // root reads any folder
    let result = build_into(&root, &root.join("public"));
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    if !readable {
        let text = render(&result.unwrap_err().diagnostics);
        assert!(text.contains("错误: content/notices/locked: 无法读取文件夹"), "{text}");
        assert!(text.contains("提示: 检查这个文件夹的读取权限"), "{text}");
    }

    let (_dir, root) = valid_site();
    std::fs::create_dir_all(root.join("content/programmes")).unwrap();
    std::fs::write(
        root.join("content/programmes/p.toml"),
        "title = \"项目\"\ntables = [\"名单.csv\"]\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/programmes/名单.csv"),
        "编号,受援学校,支援学校\n1,甲县第一小学,乙市实验小学\n2,\"甲县第二小学,乙市第二小学\n3,甲县第三小学,乙市第三小学\n",
    )
    .unwrap();
    let text = render(&build_into(&root, &root.join("public")).unwrap_err().diagnostics);
    assert!(
        text.contains("结对表 名单.csv：第 3 行起有一个英文双引号 \" 没有成对")
            || text.contains("第 3 行起有一个英文双引号"),
        "{text}"
    );
    assert!(text.contains("提示: 把单元格里的英文双引号改成中文引号"), "{text}");
}

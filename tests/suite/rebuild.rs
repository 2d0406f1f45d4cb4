//! A `build` over a previous output: with the manifest of digests beside it, unchanged files stay
//! where they are and only changed files are moved in (stale and stray files removed); without
//! one, unchanged files are linked into a whole new tree. Either way the result is byte-identical
//! to a clean build, also after the old output was edited by hand or lost its manifest.

use crate::common;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

fn inode(path: &Path) -> u64 {
    std::fs::metadata(path).unwrap().ino()
}

/// Every entry below `dir` (files, folders, links), as relative paths with a letter for the kind.
fn entries(dir: &Path) -> Vec<String> {
    let mut all: Vec<String> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| {
            let e = e.unwrap();
            let kind = match e.file_type() {
                t if t.is_dir() => 'd',
                t if t.is_file() => 'f',
                _ => 'l',
            };
            format!("{kind} {}", jiedui::load::content::relative(dir, e.path()))
        })
        .collect();
    all.sort();
    all
}

/// Asserts that `output` holds exactly what a clean build of `root` writes: the same files and
/// folders (no empty folder left behind), the same bytes.
fn assert_same_as_clean(root: &Path, output: &Path, step: &str) {
    let clean = tempfile::tempdir().unwrap();
    let out = clean.path().join("public");
    common::build_into(root, &out).unwrap();
    assert_eq!(entries(output), entries(&out), "{step}: the same files and folders");
    let (a, b) = (common::tree(output), common::tree(&out));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "{step}: the same files"
    );
    for (path, bytes) in &b {
        assert!(a[path] == *bytes, "{step}: {path} differs from a clean build");
    }
}

#[test]
fn a_rebuild_keeps_unchanged_files_and_equals_a_clean_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    common::copy_dir(&common::fixture("pairings"), &root);
    let output = root.join("public");
    let manifest = root.join(".public.manifest");
    common::build_into(&root, &output).unwrap();
    let text = std::fs::read_to_string(&manifest).expect("a build records its manifest");
    assert!(text.starts_with("jiedui-manifest 1\n") && text.contains(" notices/2024-pairing/index.html\n"));

    // Nothing changed: every file recorded stays as it is, not written again, and the output
    // folder itself is the same folder (updated in place, not swapped).
    let notice = output.join("notices/2024-pairing/index.html");
    let home = output.join("index.html");
    let (notice_inode, home_inode, output_inode) = (inode(&notice), inode(&home), inode(&output));
    let modified = std::fs::metadata(&home).unwrap().modified().unwrap();
    common::build_into(&root, &output).unwrap();
    assert_eq!(inode(&notice), notice_inode, "an unchanged page is kept");
    assert_eq!(inode(&home), home_inode);
    assert_eq!(inode(&output), output_inode, "updated in place");
    assert_eq!(std::fs::metadata(&home).unwrap().modified().unwrap(), modified);
    assert_same_as_clean(&root, &output, "no change");

    // The notice's text changes: its page is written, the others are still linked.
    let source = root.join("content/notices/2024-pairing/index.md");
    let text = std::fs::read_to_string(&source)
        .unwrap()
        .replace("见附件。", "名单见附件。");
    std::fs::write(&source, text).unwrap();
    let about_inode = inode(&output.join("404.html"));
    common::build_into(&root, &output).unwrap();
    assert_ne!(inode(&notice), notice_inode, "the changed page is written");
    assert!(common::read(&output, "notices/2024-pairing/index.html").contains("名单见附件。"));
    assert_eq!(inode(&output.join("404.html")), about_inode);
    assert_same_as_clean(&root, &output, "a changed notice");

    // Someone edits a page of the output by hand (same length) and removes another: the
    // manifest no longer vouches for them, so the build writes them again.
    let edited = std::fs::read_to_string(&home).unwrap().replacen("<html", "<HTML", 1);
    std::fs::write(&home, edited).unwrap();
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(2);
    std::fs::File::options()
        .write(true)
        .open(&home)
        .unwrap()
        .set_modified(later)
        .unwrap();
    std::fs::remove_file(output.join("404.html")).unwrap();
    common::build_into(&root, &output).unwrap();
    assert_same_as_clean(&root, &output, "an output edited by hand");

    // Files and folders put into the output by hand are removed, as a swap would remove them.
    std::fs::write(output.join("stray.html"), "stray").unwrap();
    std::fs::create_dir_all(output.join("notices/stray/deeper")).unwrap();
    std::fs::write(output.join("notices/stray/deeper/index.html"), "stray").unwrap();
    std::os::unix::fs::symlink(&root, output.join("link-to-site")).unwrap();
    common::build_into(&root, &output).unwrap();
    assert!(root.join("site.toml").is_file(), "a link is removed, not followed");
    assert_same_as_clean(&root, &output, "stray files");

    // A file stands where a folder of the site goes: the output cannot be patched, so the kept
    // files are linked into a new tree that is swapped in.
    std::fs::remove_dir_all(output.join("notices/2024-pairing")).unwrap();
    std::fs::write(output.join("notices/2024-pairing"), "a file").unwrap();
    let home_inode = inode(&home);
    common::build_into(&root, &output).unwrap();
    assert_eq!(inode(&home), home_inode, "still linked, not written");
    assert_same_as_clean(&root, &output, "a file where a folder goes");
    // And a folder where a file goes.
    std::fs::remove_file(&home).unwrap();
    std::fs::create_dir_all(home.join("inside")).unwrap();
    common::build_into(&root, &output).unwrap();
    assert_same_as_clean(&root, &output, "a folder where a file goes");

    // A notice added, then removed from the site: its page comes, then goes with its folder.
    let added = root.join("content/notices/2024-meeting");
    std::fs::create_dir_all(&added).unwrap();
    std::fs::write(
        added.join("index.md"),
        "+++\ntitle = \"关于召开结对帮扶工作推进会的通知\"\ndate = 2024-06-01\n+++\n\n会议定于六月召开。\n",
    )
    .unwrap();
    common::build_into(&root, &output).unwrap();
    assert!(common::read(&output, "notices/2024-meeting/index.html").contains("推进会"));
    assert_same_as_clean(&root, &output, "a notice added");
    std::fs::remove_dir_all(&added).unwrap();
    common::build_into(&root, &output).unwrap();
    assert!(!output.join("notices/2024-meeting").exists(), "no empty folder is left");
    assert_same_as_clean(&root, &output, "a notice removed");

    // Without a manifest, files are compared by reading them, and still linked when equal.
    std::fs::remove_file(&manifest).unwrap();
    let notice_inode = inode(&notice);
    common::build_into(&root, &output).unwrap();
    assert_eq!(inode(&notice), notice_inode, "linked after comparing the bytes");
    assert!(manifest.is_file(), "and the manifest is written again");
    assert_same_as_clean(&root, &output, "no manifest");

    // A manifest that does not describe the output (damaged) is not used.
    std::fs::write(&manifest, "jiedui-manifest 1\nnot a line\n").unwrap();
    common::build_into(&root, &output).unwrap();
    assert_same_as_clean(&root, &output, "a damaged manifest");
    assert!(!root.join(".public.old").exists() && !root.join(".public.staging").exists());
}

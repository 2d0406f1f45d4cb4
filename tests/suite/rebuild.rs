//! A `build` over a previous output: unchanged files are linked from it (found through the
//! manifest of digests beside the output, not by reading them), and the result is byte-identical
//! to a clean build, also after the old output was edited by hand or lost its manifest.

use crate::common;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

fn inode(path: &Path) -> u64 {
    std::fs::metadata(path).unwrap().ino()
}

/// Asserts that `output` holds exactly what a clean build of `root` writes.
fn assert_same_as_clean(root: &Path, output: &Path, step: &str) {
    let clean = tempfile::tempdir().unwrap();
    let out = clean.path().join("public");
    common::build_into(root, &out).unwrap();
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
fn a_rebuild_links_unchanged_files_and_equals_a_clean_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    common::copy_dir(&common::fixture("pairings"), &root);
    let output = root.join("public");
    let manifest = root.join(".public.manifest");
    common::build_into(&root, &output).unwrap();
    let text = std::fs::read_to_string(&manifest).expect("a build records its manifest");
    assert!(text.starts_with("jiedui-manifest 1\n") && text.contains(" notices/2024-pairing/index.html\n"));

    // Nothing changed: every file recorded is linked, not written again.
    let notice = output.join("notices/2024-pairing/index.html");
    let home = output.join("index.html");
    let (notice_inode, home_inode) = (inode(&notice), inode(&home));
    common::build_into(&root, &output).unwrap();
    assert_eq!(inode(&notice), notice_inode, "an unchanged page is linked");
    assert_eq!(inode(&home), home_inode);
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

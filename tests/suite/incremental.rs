//! Incremental rebuilds (`serve`) give exactly the files of a clean build, after any sequence of
//! edits: a notice's text and date, a new and a deleted notice, a pairing table, a template.

use crate::common;

use jiedui::BuildOptions;
use jiedui::incremental::LiveSite;
use std::path::Path;

/// Asserts that an incremental rebuild of `root` left `served` equal to a clean build.
fn assert_same_as_clean(site: &mut LiveSite, root: &Path, served: &Path, step: &str) -> (usize, bool) {
    let (rebuilt, job) = site
        .rebuild(&|| {})
        .unwrap_or_else(|f| panic!("{step}: {:?}", f.diagnostics));
    job.run().unwrap();
    let clean = tempfile::tempdir().unwrap();
    let out = clean.path().join("public");
    common::build_into(root, &out).unwrap();
    let a = common::tree(served);
    let b = common::tree(&out);
    let only_served: Vec<_> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_clean: Vec<_> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    assert!(
        only_served.is_empty() && only_clean.is_empty(),
        "{step}: {only_served:?} / {only_clean:?}"
    );
    for (path, bytes) in &b {
        assert!(a[path] == *bytes, "{step}: {path} differs from a clean build");
    }
    (rebuilt.rendered, rebuilt.lists)
}

#[test]
fn incremental_rebuilds_equal_clean_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    common::copy_dir(&common::fixture("pairings"), &root);
    let served = dir.path().join("served");
    let mut site = LiveSite::new(BuildOptions::new(&root), served.clone());
    let (all, _) = assert_same_as_clean(&mut site, &root, &served, "first build");

    let notice = root.join("content/notices/2024-pairing/index.md");
    let text = std::fs::read_to_string(&notice).unwrap();
    std::fs::write(
        &notice,
        text.replacen("\n+++\n", "\n+++\n补充说明：本通知新增一段文字。\n\n", 1),
    )
    .unwrap();
    let (rendered, lists) = assert_same_as_clean(&mut site, &root, &served, "body edited");
    assert!(!lists, "a body edit leaves the list pages alone");
    assert!(rendered < all, "only dependent pages rendered: {rendered} of {all}");

    std::fs::write(
        root.join("content/notices/new.md"),
        "+++\ntitle = \"新增的通知\"\ndate = 2025-01-02\n+++\n东兴市京族学校开展活动。\n",
    )
    .unwrap();
    assert_same_as_clean(&mut site, &root, &served, "notice added");

    let new = root.join("content/notices/new.md");
    std::fs::write(
        &new,
        "+++\ntitle = \"改了日期的通知\"\ndate = 2019-05-06\n+++\n正文。\n",
    )
    .unwrap();
    let (_, lists) = assert_same_as_clean(&mut site, &root, &served, "title and date edited");
    assert!(lists, "a title or date edit renders the lists again");

    std::fs::remove_file(&new).unwrap();
    assert_same_as_clean(&mut site, &root, &served, "notice deleted");

    let table = root.join("content/programmes/mapped.yaml");
    let yaml = std::fs::read_to_string(&table).unwrap();
    std::fs::write(&table, yaml.replacen("- ", "- # edited\n  ", 1)).unwrap();
    assert_same_as_clean(&mut site, &root, &served, "pairing table edited");

    std::fs::create_dir_all(root.join("templates")).unwrap();
    let base = std::fs::read_to_string(common::repo_root().join("themes/default/templates/404.html")).unwrap();
    std::fs::write(
        root.join("templates/404.html"),
        base.replace("</h1>", "（自定义）</h1>"),
    )
    .unwrap();
    site.invalidate();
    assert_same_as_clean(&mut site, &root, &served, "template overridden");
}

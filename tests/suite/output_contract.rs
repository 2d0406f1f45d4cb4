//! Every output path is claimed once: a static file where a page or a generated file stands fails
//! the build with an error naming both, and the previous output is kept.

use crate::common;

#[test]
fn a_static_file_cannot_replace_a_page_or_a_generated_file() {
    for (file, owner) in [
        ("index.html", "site.toml"),
        ("feed.xml", "feed.xml"),
        ("sitemap.xml", "sitemap.xml"),
        ("search/s/0.json", "search/"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        common::copy_dir(&common::fixture("basic"), &root);
        let target = root.join("static").join(file);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, "x").unwrap();
        let failure = common::build_into(&root, &dir.path().join("public")).unwrap_err();
        let d = failure
            .diagnostics
            .iter()
            .find(|d| d.is_error() && d.file == format!("static/{file}"))
            .unwrap_or_else(|| panic!("{file}: {:?}", failure.diagnostics));
        assert!(d.message.contains(owner), "{file}: {}", d.message);
        assert!(!dir.path().join("public").exists(), "nothing written");
    }
}

//! A row's 地区 column as a person reads it: a prefecture there places a school that names only
//! its township (or nothing) within that prefecture, not just its province.

use crate::common;

#[test]
fn a_prefecture_in_the_area_column_places_within_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    common::write_site(
        &root,
        &[
            (
                "content/programmes/t.csv",
                "序号,地区,受援学校,支援学校\n1,百色市,平孟镇中心小学,柳州市第八中学\n2,百色市,实验小学,柳州市景行小学\n".as_bytes(),
            ),
            ("content/programmes/p.toml", "title = \"项目\"\nprovince = \"广西\"\n[[tables]]\nfile = \"t.csv\"\n".as_bytes()),
        ],
    );
    let out = dir.path().join("public");
    common::build_into(&root, &out).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    let pingmeng = common::read(&out, "schools/平孟镇中心小学/index.html");
    assert!(pingmeng.contains(">那坡县</a>"), "the township, within 百色市");
    let shiyan = common::text_of(&common::read(&out, "schools/实验小学-百色市/index.html"));
    assert!(shiyan.contains("所在地区：广西壮族自治区 › 百色市"), "{shiyan}");
}

//! Programmes whose list is revised (调整, 新一期名单): the fixture `versions` publishes a list in
//! 2022, adjusts it in 2023 (a list of changes: a new supporter, a new lead, one pair ended, three
//! added, a declared rename) and replaces it in 2024 (a whole list: two pairs ended, one added
//! that is probably a rename, which `check` proposes). Its 变更 page, the renamed, changed and
//! ended schools' pages, region counts and open data are checked, and every address the first
//! version's build published is requested from a server of the revised site.

use crate::common;
use crate::serve::get;

use common::{Served, build_into, fixture, read, text_of};
use jiedui::incremental::LiveSite;
use std::path::Path;

fn built() -> (tempfile::TempDir, std::path::PathBuf, jiedui::BuildSummary) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let summary = build_into(&fixture("versions"), &out).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    (dir, out, summary)
}

/// The text of a page's `<main>`, one line per line of text.
fn main_text(out: &Path, path: &str) -> String {
    let html = read(out, path);
    let main = &html[html.find("<main").unwrap()..html.find("</main>").unwrap()];
    text_of(main)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The fixture as it stood in 2022: the first notice and its list, nothing else.
fn first_version(root: &Path) {
    common::copy_dir(&fixture("versions"), root);
    for later in ["2023-dingxi-tiaozheng", "2024-dingxi-xinyiqi"] {
        std::fs::remove_dir_all(root.join("content/notices").join(later)).unwrap();
    }
    let programme = root.join("content/programmes/dingxi.toml");
    let text = std::fs::read_to_string(&programme).unwrap();
    let first = text.split("\n[[versions]]").next().unwrap();
    std::fs::write(&programme, first).unwrap();
}

#[test]
fn the_changes_page_says_what_each_version_did() {
    let (_dir, out, _) = built();
    insta::assert_snapshot!(
        "versions_changes_page",
        main_text(&out, "programmes/dingxi/changes/index.html")
    );
    let programme = main_text(&out, "programmes/dingxi/index.html");
    assert!(programme.contains("现行名单 9 对结对"), "{programme}");
    assert!(programme.contains("另有 5 对已结束"), "{programme}");
    assert!(
        programme.contains("第 1 次调整（2023-04-10）：关于调整城乡学校结对帮扶名单的通知（定教发〔2023〕8号）；新增 3 对，调整 2 对，结束 1 对；共 10 对"),
        "{programme}"
    );
    // The programme's current list names the tables it now stands on, not the first list's.
    let html = read(&out, "programmes/dingxi/index.html");
    assert!(
        html.contains("2024-dingxi-xinyiqi/附件1.csv") && !html.contains("2022-dingxi-jiedui/附件1.csv\" download")
    );
}

#[test]
fn schools_keep_their_history() {
    let (_dir, out, _) = built();
    insta::assert_snapshot!(
        "versions_renamed_school",
        main_text(&out, "schools/安定区西川实验学校/index.html")
    );
    insta::assert_snapshot!(
        "versions_ended_school",
        main_text(&out, "schools/陇西县文峰中学/index.html")
    );
    insta::assert_snapshot!(
        "versions_changed_school",
        main_text(&out, "schools/渭源县第二中学/index.html")
    );
    let redirect = read(&out, "schools/安定区西川中学/index.html");
    assert!(
        redirect.contains(r#"<link rel="canonical" href="https://example.gov.cn/schools/安定区西川实验学校/">"#),
        "{redirect}"
    );
    assert!(
        redirect.contains(r#"<meta http-equiv="refresh" content="0; url=/schools/安定区西川实验学校/">"#),
        "{redirect}"
    );
    // The former name is a former name, not another spelling, and no page of its own.
    let renamed = read(&out, "schools/安定区西川实验学校/index.html");
    assert!(!renamed.contains("原写法"), "{renamed}");
    let sitemap = read(&out, "sitemap-1.xml");
    assert!(
        !sitemap.contains("安定区西川中学/"),
        "redirects are not listed in the sitemap"
    );
    // Searching the former name finds the school under its new name.
    let search = out.join("search");
    let found = jiedui_devkit::query::run_query_with(&|f: &str| std::fs::read(search.join(f)).ok(), "西川中学");
    let heads: serde_json::Value = serde_json::from_slice(&std::fs::read(search.join("d/0.json")).unwrap()).unwrap();
    let urls: Vec<&str> = found
        .documents
        .iter()
        .map(|&d| heads[d as usize][0].as_str().unwrap())
        .collect();
    assert!(urls.contains(&"/schools/安定区西川实验学校/"), "{urls:?}");
    // A lead's ended pairs are counted, not listed, and it has no timeline of its own.
    let lead = read(&out, "institutions/兰州大学/index.html");
    assert!(lead.contains("另有 3 对由兰州大学牵头的结对已结束或调整"), "{lead}");
    assert!(!lead.contains("timeline-title"));
    // A supporter whose only pair was changed away keeps its page.
    let third = main_text(&out, "schools/兰州市第三中学/index.html");
    assert!(third.contains("结对均已结束"), "{third}");
}

#[test]
fn regions_count_current_and_ended_pairs() {
    let (_dir, out, _) = built();
    let longxi = main_text(&out, "regions/甘肃省/定西市/陇西县/index.html");
    assert!(
        longxi.contains("本地区参与 0 对结对。另有 1 对结对已结束或调整"),
        "{longxi}"
    );
    assert!(longxi.contains("结对均已结束的：陇西县文峰中学"), "{longxi}");
    let lintao = main_text(&out, "regions/甘肃省/定西市/临洮县/index.html");
    assert!(lintao.contains("参与 2 对结对。另有 1 对结对已结束或调整"), "{lintao}");
    let dingxi = main_text(&out, "regions/甘肃省/定西市/index.html");
    assert!(dingxi.contains("另有 5 对结对已结束或调整"), "{dingxi}");
}

#[test]
fn open_data_keeps_every_version() {
    let (_dir, out, _) = built();
    let lines = |path: &str| -> Vec<String> { read(&out, path).lines().map(str::to_string).collect() };
    let v1 = lines("data/programmes/dingxi-v1.csv");
    let v2 = lines("data/programmes/dingxi-v2.csv");
    let v3 = lines("data/programmes/dingxi.csv");
    assert!(
        !out.join("data/programmes/dingxi-v3.csv").exists(),
        "the newest version is the current file"
    );
    assert_eq!((v1.len(), v2.len(), v3.len()), (9, 11, 10), "header and 8, 10, 9 pairs");
    assert!(v1.iter().any(|l| l.contains(",陇西县文峰中学,")) && !v2.iter().any(|l| l.contains(",陇西县文峰中学,")));
    assert!(
        v2.iter()
            .any(|l| l.contains(",渭源县第二中学,") && l.contains(",兰州市第十四中学,"))
    );
    let current = v3;
    let header = &current[0];
    assert!(header.ends_with(",名单版本,起始日期,终止日期"), "{header}");
    let west = current.iter().find(|l| l.contains(",安定区西川实验学校,")).unwrap();
    assert!(
        west.ends_with(",2024—2026年名单（定教发〔2024〕20号）,2022-03-15,"),
        "a rename is no new pair: {west}"
    );
    let history = lines("data/programmes/dingxi-history.csv");
    assert_eq!(history.len(), 6, "{history:#?}");
    let wenfeng = history.iter().find(|l| l.contains(",陇西县文峰中学,")).unwrap();
    assert!(
        wenfeng.ends_with(",原名单（定教发〔2022〕12号）,2022-03-15,2023-04-10"),
        "{wenfeng}"
    );
    // The first list writes 西北师范大学 once for 编号 1–3: an ended pair's record says its lead
    // was carried, as the current file does for the current pairs.
    let weiyuan = history.iter().find(|l| l.contains(",渭源县第二中学,")).unwrap();
    assert!(weiyuan.contains(",西北师范大学,原表空白，沿用编号 1,"), "{weiyuan}");
    assert!(
        !wenfeng.contains("原表空白"),
        "a row that gives its lead has none: {wenfeng}"
    );
    let changes = read(&out, "data/programmes/dingxi-changes.csv");
    insta::assert_snapshot!("versions_changes_csv", changes);
    assert!(out.join("data/programmes/dingxi-changes.xlsx").is_file());
    assert!(out.join("data/programmes/dingxi-v2.xlsx").is_file());
}

/// "No address that was ever published returns 404 because a list changed": every file the first
/// version's build wrote is requested from `jiedui serve` of the revised site; a page that moved
/// (the renamed school) answers with a redirect page whose target is served.
#[test]
fn no_published_address_disappears() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first");
    first_version(&first);
    let out = dir.path().join("public");
    build_into(&first, &out).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    let addresses: Vec<String> = common::tree(&out)
        .into_keys()
        .map(|path| match path.strip_suffix("index.html") {
            Some(folder) => format!("/{folder}"),
            None => format!("/{path}"),
        })
        .collect();
    assert!(
        addresses.contains(&"/schools/安定区西川中学/".to_string()),
        "{addresses:#?}"
    );
    assert!(addresses.contains(&"/schools/陇西县文峰中学/".to_string()));
    let served = Served::start(&fixture("versions"));
    let mut redirected = Vec::new();
    let mut missing = Vec::new();
    for address in &addresses {
        let (status, body) = get(&served.address, &percent_encode(address));
        if status != 200 {
            missing.push(format!("{address} → {status}"));
            continue;
        }
        if let Some(at) = body.find("http-equiv=\"refresh\" content=\"0; url=") {
            let target = &body[at + 37..];
            let target = &target[..target.find('"').unwrap()];
            let (status, page) = get(&served.address, &percent_encode(target));
            assert_eq!(status, 200, "{address} leads to {target}");
            assert!(page.contains("曾用名"), "{target} names the former name");
            redirected.push(address.clone());
        }
    }
    assert!(missing.is_empty(), "addresses of the first build missing: {missing:#?}");
    assert_eq!(redirected, vec!["/schools/安定区西川中学/".to_string()]);
}

/// Non-ASCII bytes of a path as `%XX` (what a browser sends).
fn percent_encode(path: &str) -> String {
    path.bytes()
        .map(|b| {
            if b.is_ascii_graphic() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[test]
fn editing_a_version_rebuilds_like_a_clean_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    common::copy_dir(&fixture("versions"), &root);
    let served = dir.path().join("served");
    let mut site = LiveSite::new(jiedui::BuildOptions::new(&root), served.clone());
    let same = |site: &mut LiveSite, step: &str| {
        let (_, job) = site
            .rebuild(&|| {})
            .unwrap_or_else(|f| panic!("{step}: {:?}", f.diagnostics));
        job.run().unwrap();
        let clean = tempfile::tempdir().unwrap();
        let out = clean.path().join("public");
        build_into(&root, &out).unwrap();
        assert!(
            common::tree(&served) == common::tree(&out),
            "{step}: differs from a clean build"
        );
    };
    same(&mut site, "first build");
    let changes = root.join("content/notices/2023-dingxi-tiaozheng/附件.csv");
    let mut text = std::fs::read_to_string(&changes).unwrap();
    text.push_str("7,退出,岷县梅川中学,,,\n");
    std::fs::write(&changes, text).unwrap();
    same(&mut site, "a row of the list of changes added");
    assert!(read(&served, "programmes/dingxi/changes/index.html").contains("岷县梅川中学"));
    let programme = root.join("content/programmes/dingxi.toml");
    let text = std::fs::read_to_string(&programme).unwrap();
    std::fs::write(&programme, text.split("\n[[renames]]").next().unwrap()).unwrap();
    same(&mut site, "the rename removed");
    assert!(
        !served.join("schools/安定区西川中学/index.html").exists()
            || !read(&served, "schools/安定区西川中学/index.html").contains("refresh")
    );
}

fn check_messages(files: &[(&str, &str)]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let files: Vec<(&str, &[u8])> = files.iter().map(|(p, c)| (*p, c.as_bytes())).collect();
    common::write_site(&root, &files);
    let options = jiedui::BuildOptions::new(&root);
    let diagnostics = match jiedui::check(&options, &|_| {}) {
        Ok(summary) => summary.warnings,
        Err(failure) => failure.diagnostics,
    };
    diagnostics
        .iter()
        .map(|d| format!("{}:{}: {}", d.file, d.line.unwrap_or(0), d.message))
        .collect()
}

const LIST: &str = "序号,受援学校,支援学校\n1,岷县第一中学,兰州市第一中学\n2,漳县第一中学,兰州市第十中学\n";

fn programme(versions: &str) -> String {
    format!("title = \"项目\"\nprovince = \"甘肃\"\n[[tables]]\nfile = \"list.csv\"\n{versions}")
}

#[test]
fn rows_that_cannot_apply_are_located() {
    let messages = check_messages(&[
        ("content/programmes/list.csv", LIST),
        (
            "content/programmes/changes.csv",
            "序号,变更类型,受援学校,支援学校\n1,调整,渭源县第二中学,兰州市第三中学\n2,退出,临洮县第二中学,\n3,合并,岷县第一中学,兰州市第二中学\n4,退出,漳县第一中学,\n",
        ),
        (
            "content/programmes/p.toml",
            &programme(
                "[[versions]]\ndate = \"2023-04-10\"\nkind = \"changes\"\n[[versions.tables]]\nfile = \"changes.csv\"\n",
            ),
        ),
    ]);
    let joined = messages.join("\n");
    assert!(
        joined.contains("content/programmes/changes.csv:2: 这一行是“调整”，但此前的名单中没有这所受援方，按增补处理"),
        "{joined}"
    );
    assert!(
        joined.contains("content/programmes/changes.csv:3: 这一行是“退出”，但此前的名单中没有“临洮县第二中学”的结对"),
        "{joined}"
    );
    assert!(
        joined.contains("content/programmes/changes.csv:4: 变更类型“合并”不认识；本行未读入"),
        "{joined}"
    );
    assert!(
        joined.contains("content/programmes/p.toml:5: 第 2 版名单“第 1 次调整”：新增 1 对：渭源县第二中学；结束 1 对：漳县第一中学；此后名单共 2 对"),
        "{joined}"
    );
    assert!(
        !joined.contains("牵头单位空白"),
        "a row that ends a pair carries no lead: {joined}"
    );
}

#[test]
fn a_version_must_say_where_it_comes_from() {
    let messages = check_messages(&[
        ("content/programmes/list.csv", LIST),
        (
            "content/programmes/p.toml",
            &programme("[[versions]]\nkind = \"变更\"\n[[versions.tables]]\nfile = \"list.csv\"\n\n[[versions]]\nkind = \"合并\"\ndate = \"2024-01-01\"\n[[versions.tables]]\nfile = \"list.csv\"\n\n[[versions]]\nnotice = \"notices/nowhere.md\"\n[[versions.tables]]\nfile = \"list.csv\"\n"),
        ),
    ])
    .join("\n");
    assert!(
        messages.contains("p.toml:5: 第 2 个版本（[[versions]]）既没有来源文件，也没有日期"),
        "{messages}"
    );
    assert!(
        messages.contains("p.toml:11: 第 3 个版本（[[versions]]）的方式 `合并` 不认识"),
        "{messages}"
    );
    assert!(
        messages.contains("p.toml:16: 来源文件 content/notices/nowhere.md 不存在"),
        "{messages}"
    );
}

#[test]
fn renames_that_contradict_each_other_are_errors() {
    let messages = check_messages(&[
        ("content/programmes/list.csv", LIST),
        (
            "content/programmes/p.toml",
            &programme("[[renames]]\nfrom = \"岷县第一中学\"\nto = \"岷县一中\"\n[[renames]]\nfrom = \"岷县第一中学\"\nto = \"岷县实验中学\"\n[[renames]]\nfrom = \"甲校\"\nto = \"乙校\"\n[[renames]]\nfrom = \"乙校\"\nto = \"甲校\"\n"),
        ),
    ])
    .join("\n");
    assert!(
        messages.contains(
            "p.toml:8: “岷县第一中学”更名为“岷县实验中学”，但 content/programmes/p.toml 第 5 行写它更名为“岷县一中”"
        ),
        "{messages}"
    );
    assert!(
        messages.contains("p.toml:11: 更名“甲校”→“乙校”与其他更名首尾相接成了一个圈"),
        "{messages}"
    );
    assert!(
        messages.contains("p.toml:14: 更名“乙校”→“甲校”与其他更名首尾相接成了一个圈"),
        "{messages}"
    );
}

/// A list that shrinks below a page keeps its former page addresses: `page/2/` of the programme,
/// of a supporter's table and of a county's table lead to their first pages.
#[test]
fn pages_of_a_longer_list_still_answer() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let list = |n: usize| {
        let mut csv = String::from("序号,受援学校,支援学校\n");
        for i in 1..=n {
            csv.push_str(&format!("{i},岷县第{i}小学,兰州市第一中学\n"));
        }
        csv
    };
    let (long, short) = (list(400), list(50));
    common::write_site(
        &root,
        &[
            ("content/programmes/long.csv", long.as_bytes()),
            ("content/programmes/short.csv", short.as_bytes()),
            (
                "content/programmes/p.toml",
                "title = \"项目\"\nprovince = \"甘肃\"\n[[tables]]\nfile = \"long.csv\"\n[[versions]]\ndate = \"2025-01-01\"\n[[versions.tables]]\nfile = \"short.csv\"\n".as_bytes(),
            ),
        ],
    );
    let out = dir.path().join("public");
    build_into(&root, &out).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    for (page, first) in [
        ("programmes/p/page/2/index.html", "/programmes/p/"),
        ("schools/兰州市第一中学/page/2/index.html", "/schools/兰州市第一中学/"),
        (
            "regions/甘肃省/定西市/岷县/page/2/index.html",
            "/regions/甘肃省/定西市/岷县/",
        ),
    ] {
        let html = read(&out, page);
        assert!(html.contains(&format!("content=\"0; url={first}\"")), "{page}: {html}");
        assert!(html.contains("名单调整后"), "{html}");
    }
    assert!(
        !out.join("programmes/p/page/3/index.html").exists(),
        "only pages that were"
    );
    assert!(!read(&out, "sitemap-1.xml").contains("page/2/"));
}

//! Notices that adjust, replace or repeal earlier ones (调整, 替代, 废止): the earlier notice says
//! at its top which notice changed it and when, its 有效性 follows, the later one links back,
//! `serve` renders both again when either changes, and a wrong reference is a located error.

use crate::common;
use jiedui::BuildOptions;
use jiedui::incremental::LiveSite;
use std::path::Path;

const ORIGINAL: &str = "+++\ntitle = \"关于公布2022年结对帮扶名单的通知\"\ndate = 2022-03-01\n\"文号\" = \"示教发〔2022〕3号\"\n\"有效性\" = \"有效\"\n+++\n公布名单。\n";
const ADJUSTMENT: &str = "+++\ntitle = \"关于调整2022年结对帮扶名单的通知\"\ndate = 2023-05-10\n\"文号\" = \"示教发〔2023〕7号\"\n\"调整\" = \"@/notices/2022-list.md\"\n+++\n对名单作如下调整。\n";
const OLD_RULES: &str = "+++\ntitle = \"结对帮扶工作管理办法\"\ndate = 2018-01-05\n+++\n办法正文。\n";
const NEW_RULES: &str = "+++\ntitle = \"结对帮扶工作管理办法（2024年修订）\"\ndate = 2024-02-01\nreplaces = \"@/notices/2018-rules.md\"\nrepeals = [\"@/notices/2019-pilot.md\"]\n+++\n修订后的办法。\n";
const PILOT: &str = "+++\ntitle = \"关于开展结对帮扶试点的通知\"\ndate = 2019-04-01\n+++\n试点。\n";

fn site(root: &Path) {
    common::write_site(
        root,
        &[
            ("content/notices/2022-list.md", ORIGINAL.as_bytes()),
            ("content/notices/2023-adjustment.md", ADJUSTMENT.as_bytes()),
            ("content/notices/2018-rules.md", OLD_RULES.as_bytes()),
            ("content/notices/2024-rules.md", NEW_RULES.as_bytes()),
            ("content/notices/2019-pilot.md", PILOT.as_bytes()),
        ],
    );
}

#[test]
fn an_adjusted_replaced_or_repealed_notice_says_so_and_links_to_the_later_one() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    site(&root);
    let out = dir.path().join("public");
    common::build_into(&root, &out).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));

    let original = common::text_of(&common::read(&out, "notices/2022-list/index.html"));
    assert!(
        original.contains("本文件已于 2023-05-10 被《关于调整2022年结对帮扶名单的通知》（示教发〔2023〕7号）调整，调整的内容以该文件为准。"),
        "{original}"
    );
    let html = common::read(&out, "notices/2022-list/index.html");
    let validity = |html: &str, text: &str| html.contains(&format!("<dt>有效性</dt><dd>{text}</dd>"));
    assert!(validity(&html, "有效（部分内容已调整）"), "{html}");
    assert!(
        html.contains("href=\"/notices/2023-adjustment/\""),
        "the later notice is linked"
    );

    let adjustment = common::text_of(&common::read(&out, "notices/2023-adjustment/index.html"));
    assert!(
        adjustment.contains("本文件调整《关于公布2022年结对帮扶名单的通知》（示教发〔2022〕3号）。"),
        "{adjustment}"
    );

    let old_rules = common::text_of(&common::read(&out, "notices/2018-rules/index.html"));
    assert!(
        old_rules.contains("被《结对帮扶工作管理办法（2024年修订）》替代。"),
        "{old_rules}"
    );
    assert!(validity(
        &common::read(&out, "notices/2018-rules/index.html"),
        "已被替代"
    ));
    let pilot = common::text_of(&common::read(&out, "notices/2019-pilot/index.html"));
    assert!(
        pilot.contains("被《结对帮扶工作管理办法（2024年修订）》废止。"),
        "{pilot}"
    );
    assert!(validity(&common::read(&out, "notices/2019-pilot/index.html"), "已废止"));
    let new_rules = common::text_of(&common::read(&out, "notices/2024-rules/index.html"));
    assert!(
        new_rules.contains("本文件替代《结对帮扶工作管理办法》。")
            && new_rules.contains("本文件废止《关于开展结对帮扶试点的通知》。"),
        "{new_rules}"
    );
    // Lists say what happened to each changed notice.
    let list = common::read(&out, "notices/index.html");
    for (title, status) in [
        ("关于公布2022年结对帮扶名单的通知", "已调整"),
        ("结对帮扶工作管理办法</a>", "已被替代"),
        ("关于开展结对帮扶试点的通知", "已废止"),
    ] {
        let item = list.split("<li>").find(|li| li.contains(title)).unwrap_or_default();
        assert!(
            item.contains(&format!("<span class=\"doc-status\">{status}</span>")),
            "{title}: {item}"
        );
    }
    let item = list
        .split("<li>")
        .find(|li| li.contains("2024年修订"))
        .unwrap_or_default();
    assert!(!item.contains("doc-status"), "{item}");
    // A notice nothing changes shows no such box.
    assert!(!common::read(&out, "notices/2024-rules/index.html").contains("amendment amended"));
}

/// `serve` renders the earlier notice again when the notice that changes it is edited, added or
/// removed, and its output equals a clean build each time.
#[test]
fn serve_follows_amendments() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    site(&root);
    let served = dir.path().join("served");
    let mut live = LiveSite::new(BuildOptions::new(&root), served.clone());
    let same_as_clean = |live: &mut LiveSite, step: &str| {
        let (_, job) = live
            .rebuild(&|| {})
            .unwrap_or_else(|f| panic!("{step}: {:?}", f.diagnostics));
        job.run().unwrap();
        let clean = dir.path().join(format!("clean-{step}"));
        common::build_into(&root, &clean).unwrap();
        assert!(
            common::tree(&served) == common::tree(&clean),
            "{step}: served differs from a clean build"
        );
    };
    same_as_clean(&mut live, "first");
    let adjustment = root.join("content/notices/2023-adjustment.md");
    std::fs::write(
        &adjustment,
        ADJUSTMENT.replace("示教发〔2023〕7号", "示教发〔2023〕8号"),
    )
    .unwrap();
    same_as_clean(&mut live, "edited");
    assert!(common::read(&served, "notices/2022-list/index.html").contains("示教发〔2023〕8号"));
    std::fs::remove_file(&adjustment).unwrap();
    same_as_clean(&mut live, "removed");
    assert!(!common::read(&served, "notices/2022-list/index.html").contains("调整的内容"));
    std::fs::write(&adjustment, ADJUSTMENT).unwrap();
    same_as_clean(&mut live, "added");
    assert!(common::read(&served, "notices/2022-list/index.html").contains("调整的内容"));
}

#[test]
fn a_wrong_reference_is_a_located_error_and_a_reversed_one_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    common::write_site(
        &root,
        &[
            ("content/notices/2022-list.md", ORIGINAL.as_bytes()),
            (
                "content/notices/typo.md",
                "+++\ntitle = \"调整\"\ndate = 2023-05-10\n\"调整\" = \"@/notices/2022-lsit.md\"\n+++\n正文\n"
                    .as_bytes(),
            ),
            (
                "content/notices/report-target.md",
                "+++\ntitle = \"废止报告\"\ndate = 2023-05-10\n\"废止\" = \"@/reports/a.md\"\n+++\n正文\n".as_bytes(),
            ),
            (
                "content/reports/a.md",
                "+++\ntitle = \"工作报告\"\ndate = 2022-12-01\n+++\n正文\n".as_bytes(),
            ),
            (
                "content/notices/reversed.md",
                "+++\ntitle = \"更早的通知\"\ndate = 2021-01-01\n\"替代\" = \"@/notices/2022-list.md\"\n+++\n正文\n"
                    .as_bytes(),
            ),
        ],
    );
    let failure = jiedui::check(&BuildOptions::new(&root), &|_| {}).expect_err("wrong references fail");
    let shown: Vec<String> = failure.diagnostics.iter().map(ToString::to_string).collect();
    let has = |needle: &[&str]| shown.iter().any(|d| needle.iter().all(|n| d.contains(n)));
    assert!(
        has(&[
            "错误: content/notices/typo.md:4",
            "要调整的通知 content/notices/2022-lsit.md 不存在",
            "提示:"
        ]),
        "{shown:#?}"
    );
    assert!(
        has(&["错误: content/notices/report-target.md:4", "不是通知"]),
        "{shown:#?}"
    );
    assert!(
        has(&["警告: content/notices/reversed.md:4", "晚于本通知"]),
        "{shown:#?}"
    );
    assert_eq!(failure.error_count(), 2, "{shown:#?}");
}

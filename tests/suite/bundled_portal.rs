//! The bundled portal (`content/` of this repository) builds completely, faithfully and reproducibly.

use crate::common;

use common::{build_into, read, repo_root, tree};
use std::path::Path;

fn build_portal(out: &Path) {
    let summary = build_into(&repo_root(), out).unwrap_or_else(|f| panic!("{:#?}", f.diagnostics));
    let warnings: Vec<&str> = summary
        .warnings
        .iter()
        .filter(|w| !w.is_info())
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(
        warnings,
        vec!["base_url “/” 不是完整网址，sitemap.xml 与 feed.xml 中的链接将是相对地址"]
    );
    assert_eq!(summary.documents, 6, "3 notices, 2 reports, 1 page");
}

#[test]
fn portal_has_every_page_and_feed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_portal(&out);
    for path in [
        "index.html",
        "404.html",
        "feed.xml",
        "sitemap.xml",
        "notices/index.html",
        "notices/2019/index.html",
        "notices/2020/index.html",
        "notices/2022/index.html",
        "reports/index.html",
        "topics/index.html",
        "topics/结对帮扶/index.html",
        "search/index.html",
        "about/index.html",
        "css/site.css",
    ] {
        assert!(out.join(path).is_file(), "missing {path}");
    }
    let feed = read(&out, "feed.xml");
    assert_eq!(feed.matches("<entry>").count(), 3, "three notices in the feed");
    let index = read(&out, "sitemap.xml");
    assert!(index.contains("<sitemapindex"), "sitemap.xml is a sitemap index");
    assert!(index.contains("<loc>/sitemap-1.xml</loc>"));
    assert!(!out.join("sitemap-2.xml").exists(), "one part holds up to 50,000 URLs");
    let sitemap = read(&out, "sitemap-1.xml");
    assert!(sitemap.contains("<loc>/notices/2019-shandong-jiaoyu-fupin-xiezuo/</loc>"));
    assert!(
        sitemap.contains("<loc>/topics/%E7%BB%93%E5%AF%B9%E5%B8%AE%E6%89%B6/</loc>"),
        "RFC 3986 URLs"
    );
    assert!(!sitemap.contains("404.html"));
}

/// The value that follows the name `label` in a notice's 信息公开 grid.
fn meta(html: &str, label: &str) -> String {
    let head = format!("<dt>{label}</dt><dd");
    let start = html.find(&head).unwrap_or_else(|| panic!("no {label}"));
    let rest = &html[start + head.len()..];
    let rest = &rest[rest.find('>').unwrap() + 1..];
    common::text_of(&rest[..rest.find("</dd>").unwrap()])
}

#[test]
fn notices_carry_the_metadata_of_their_documents() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_portal(&out);
    let sd = read(&out, "notices/2019-shandong-jiaoyu-fupin-xiezuo/index.html");
    assert_eq!(meta(&sd, "文号"), "鲁教厅办发〔2019〕5号");
    assert_eq!(meta(&sd, "发文机关"), "山东省教育厅办公室");
    assert_eq!(meta(&sd, "成文日期"), "2019-01-18");
    assert_eq!(meta(&sd, "发布日期"), "2019-01-22");
    assert_eq!(
        meta(&sd, "来源"),
        "http://edu.shandong.gov.cn/art/2019/1/22/art_11990_7871117.html"
    );
    for phrase in [
        "济南市与临沂市、青岛市与菏泽市、淄博市与滨州市、烟台市与德州市、潍坊市与聊城市、威海市与枣庄市",
        "(三)加强统筹调度。",
        "鲁发〔2018〕37号",
    ] {
        assert!(sd.contains(phrase), "{phrase}");
    }

    let ls = read(&out, "notices/2020-leshan-meigu-yiduiyi/index.html");
    assert_eq!(meta(&ls, "文号"), "乐师院继教〔2020〕13号");
    assert_eq!(meta(&ls, "发文机关"), "乐山师范学院");
    assert_eq!(
        meta(&ls, "发布日期"),
        "2020年（据文号推断，原文未写日期）",
        "the document gives only the year, in its 文号"
    );
    for phrase in [
        "实验中学、实验小学、乐山师范学校附属小学",
        "洪溪初级中学和依果觉乡中心小学",
        "组 长：胡 丹 王 辉",
        "在2021年1月前完成项目第一阶段",
    ] {
        assert!(ls.contains(phrase), "{phrase}");
    }

    let gx = read(&out, "notices/2022-guangxi-bianjing-jiedui/index.html");
    assert_eq!(meta(&gx, "发文机关"), "广西壮族自治区教育厅");
    assert_eq!(meta(&gx, "成文日期"), "2022-03-31");
    assert_eq!(meta(&gx, "发布日期"), "2022-06-09");
    assert_eq!(
        meta(&gx, "文号"),
        "—",
        "the notice names 桂政办发〔2022〕22号 only as its basis"
    );
    assert!(gx.contains("桂政办发〔2022〕22号"));
    assert!(gx.contains("激活边境地区教育发展造血功能"), "page-break joined");
}

#[test]
fn guangxi_pairing_lists_are_attached_and_complete() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_portal(&out);
    let base = repo_root().join("content/notices/2022-guangxi-bianjing-jiedui");
    for (file, rows) in [
        ("附件1-边境地区教育结对帮扶中小学校名单.csv", 160),
        ("附件2-边境地区教育结对帮扶幼儿园名单.csv", 40),
    ] {
        let bytes = std::fs::read(base.join(file)).unwrap();
        assert_eq!(
            bytes,
            std::fs::read(out.join("notices/2022-guangxi-bianjing-jiedui").join(file)).unwrap()
        );
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let numbers: Vec<String> = reader
            .records()
            .map(|r| r.unwrap()[0].to_string())
            .filter(|n| !n.is_empty())
            .collect();
        let expected: Vec<String> = (1..=rows).map(|n| n.to_string()).collect();
        assert_eq!(numbers, expected, "{file}: every 编号 once, in order");
    }
    let gx = read(&out, "notices/2022-guangxi-bianjing-jiedui/index.html");
    assert!(gx.contains("<td>东兴市京族学校</td><td>桂林市七星区卓然小学</td>"));
    assert!(
        gx.contains("<td></td><td></td><td>桂林市宝贤中学</td>"),
        "row 33's second supporter, as in the source"
    );
    assert!(
        gx.contains("<td>柳州市第八中学\n柳州市景行小学</td>"),
        "row 98's two supporters in one cell"
    );
    assert!(
        gx.contains("<td>广西幼儿师范高等专科学校\n实验幼儿园</td>"),
        "the name broken over two lines"
    );
}

#[test]
fn reports_carry_their_figures() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_portal(&out);
    let jy = read(&out, "reports/2023-jieyang-zhiye-jishu-xueyuan/index.html");
    for (name, value) in [
        ("幼儿园教师学历提升在线报名", "81 人"),
        ("幼儿园教师学历提升录取", "33 人"),
        ("师范生到普宁市实习支教", "118 人"),
        ("信息技术应用能力培训教师", "50 人"),
        ("基础教育帮扶支出预算", "21 万元"),
    ] {
        assert!(
            jy.contains(&format!("<th scope=\"row\">{name}</th><td class=\"num\">{value}</td>")),
            "{name}"
        );
    }
    assert!(jy.contains("有81人完成在线报名，考试后录取33人"));
    let qg = read(&out, "reports/2023-guangdong-qinggong/index.html");
    assert!(qg.contains("<th scope=\"row\">培训边远地区职教师资</th><td class=\"num\">313 人</td>"));
    assert!(qg.contains("揭阳") || qg.contains("惠来县"));
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build_portal(&a);
    build_portal(&b);
    let (ta, tb) = (tree(&a), tree(&b));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (path, bytes) in &ta {
        assert!(bytes == &tb[path], "{path} differs between builds");
    }
}

/// `/notices/` lists every notice, newest first, with year links; `/schools/` indexes schools and
/// institutions by region with the finder; the home page's 查找您的学校 is a real input.
#[test]
fn notice_and_school_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_portal(&out);
    let notices = read(&out, "notices/index.html");
    let order: Vec<usize> = [
        "/notices/2022-guangxi-bianjing-jiedui/",
        "/notices/2020-leshan-meigu-yiduiyi/",
        "/notices/2019-shandong-jiaoyu-fupin-xiezuo/",
    ]
    .iter()
    .map(|u| {
        notices
            .find(&format!("href=\"{u}\""))
            .unwrap_or_else(|| panic!("{u} listed"))
    })
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "newest first");
    assert!(notices.contains("<h1>政策文件</h1>") && notices.contains("共 3 篇"));
    for year in ["2022", "2020", "2019"] {
        assert!(
            notices.contains(&format!("href=\"/notices/{year}/\"")),
            "link to {year}"
        );
    }

    let schools = read(&out, "schools/index.html");
    assert!(schools.contains("<input id=\"school-q\" name=\"q\" type=\"search\""));
    assert!(schools.contains("action=\"/search/\""));
    for link in [
        "/regions/广西壮族自治区/",
        "/institutions/广西师范大学/",
        "/institutions/乐山师范学院/",
    ] {
        assert!(schools.contains(&format!("href=\"{link}\"")), "{link}");
    }
    assert!(schools.contains("17 个高校等单位"), "every institution counted");

    let home = read(&out, "index.html");
    assert!(home.contains("<input id=\"home-school-q\" name=\"q\" type=\"search\""));
    assert!(home.contains("href=\"/schools/\""));
}

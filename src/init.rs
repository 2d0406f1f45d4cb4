//! `jiedui init`: a new site that builds at once, using the theme embedded in the binary.

use std::io;
use std::path::Path;

const SITE_TOML: &str = r#"# 站点配置。每一项的说明见 jiedui 项目的 README（“site.toml”一节）。
title = "结对帮扶信息公开"
# 部署前改成网站的完整地址，例如 "https://jyt.example.gov.cn/jiedui/"
base_url = "/"
language = "zh-CN"
theme = "default"
description = "结对帮扶政策文件、结对名单与工作报告"
publisher = "（填写主办单位）"
contact = "（填写联系电话或邮箱）"

[[taxonomies]]
name = "topics"
title = "主题分类"

[sections.notices]
title = "政策文件"

[sections.reports]
title = "工作报告"
"#;

const EXAMPLE_NOTICE: &str = r#"+++
title = "关于开展结对帮扶工作的通知（示例）"
date = 2024-03-01
"文号" = "示教发〔2024〕1号"
"发文机关" = "示例教育局"
"成文日期" = 2024-02-26
"主题分类" = ["结对帮扶"]
attachments = [{ file = "附件1-结对名单.xlsx", title = "附件1 结对名单" }]
+++

各学校：

这是一则示例通知，附有一份 Excel 结对名单。名单的三行取自广西壮族自治区教育厅《关于开展边境地区教育结对帮扶工作的通知》的附件1，牵头高校一列按原表写成合并单元格。把它们换成您的通知和名单，再运行 `jiedui build`；名单写在 `content/programmes/example.toml` 里登记的表中，生成结对项目、学校、地区页面和可下载的数据。

## 一、工作目标

正文支持 Markdown：标题、列表、表格和链接，例如[附件1](附件1-结对名单.xlsx)。

示例教育局

2024年2月26日
"#;

const EXAMPLE_PROGRAMME: &str = r#"# 一个结对项目：名称、期限、省份、牵头单位、发布它的通知，以及它的结对表。
title = "边境地区教育结对帮扶（示例）"
period = "2024—2026年"
province = "广西壮族自治区"
leads = ["百色学院"]
notice = "notices/example-notice/index.md"
description = "示例项目：把这里改成项目的一句话简介。"

[[tables]]
file = "@/notices/example-notice/附件1-结对名单.xlsx"
stage = "中小学"

# 名单调整过，就为每次调整加一段 [[versions]]：公布调整的通知，以及它的附件。
# kind = "changes"：附件只列调整的行（变更类型：增补、调整、退出）；kind = "list"：附件是新的完整名单。
[[versions]]
notice = "notices/example-adjustment/index.md"
kind = "changes"
[[versions.tables]]
file = "@/notices/example-adjustment/附件-调整名单.csv"
stage = "中小学"
"#;

const EXAMPLE_ADJUSTMENT: &str = r#"+++
title = "关于调整结对名单的通知（示例）"
date = 2024-09-02
"文号" = "示教发〔2024〕9号"
"发文机关" = "示例教育局"
"调整" = "@/notices/example-notice/index.md"
attachments = [{ file = "附件-调整名单.csv", title = "附件 结对名单调整表" }]
+++

各学校：

这是一则示例调整通知：对《关于开展结对帮扶工作的通知（示例）》（示教发〔2024〕1号）的名单调整一对、增补一对，见附件。未列入附件的结对不变。网站上，项目页列出各版名单，“名单变更”页列出每次调整的内容，学校页面保留调整前的结对。

示例教育局

2024年9月2日
"#;

/// The example adjustment: one pair changes its supporter, one is added (a list of changes, as
/// departments publish them: only the rows that change, with their 变更类型).
const EXAMPLE_ADJUSTMENT_TABLE: &str = "\u{feff}序号,变更类型,受援学校,支援学校,牵头高校,备注\r\n1,调整,那坡县德隆乡中心小学,柳州市景行小学,百色学院,支援学校调整\r\n2,增补,那坡县城厢镇中心小学,柳州市柳江区实验小学,百色学院,\r\n";

/// The example pairing list: a title row, a header, and three rows whose 牵头高校 is one merged
/// cell, as departments publish them (the rows are from the Guangxi list of the bundled portal).
fn example_table() -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook};
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2024, 3, 1)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let sheet = book.add_worksheet();
    sheet.set_name("附件1")?;
    let bold = Format::new().set_bold();
    sheet.merge_range(0, 0, 0, 3, "附件1 结对名单", &bold)?;
    for (c, h) in ["编号", "受援学校", "支援学校", "牵头高校"].iter().enumerate() {
        sheet.write_string_with_format(1, c as u16, *h, &bold)?;
    }
    let rows = [
        ("那坡县龙合镇中心小学", "柳州市柳石路第二小学"),
        ("那坡县坡荷乡中心小学", "柳州市西江路小学"),
        ("那坡县德隆乡中心小学", "柳州市思贤小学"),
    ];
    for (i, (recipient, supporter)) in rows.iter().enumerate() {
        let row = 2 + i as u32;
        sheet.write_number(row, 0, (i + 1) as f64)?;
        sheet.write_string(row, 1, *recipient)?;
        sheet.write_string(row, 2, *supporter)?;
    }
    sheet.merge_range(
        2,
        3,
        4,
        3,
        "百色学院",
        &Format::new().set_align(FormatAlign::VerticalCenter),
    )?;
    for (c, width) in [6, 28, 28, 12].iter().enumerate() {
        sheet.set_column_width(c as u16, *width)?;
    }
    book.save_to_buffer()
}

const ABOUT_PAGE: &str = r#"+++
title = "关于本站"
date = 2024-03-01
+++

本站公开结对帮扶工作的政策文件、结对名单与工作报告。
"#;

/// Creates a site in `dir`, which must be missing or empty.
pub fn init_site(dir: &Path) -> io::Result<Vec<String>> {
    if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} 不是空目录", dir.display()),
        ));
    }
    let table = example_table().map_err(io::Error::other)?;
    let files: [(&str, &[u8]); 8] = [
        ("site.toml", SITE_TOML.as_bytes()),
        ("content/notices/example-notice/index.md", EXAMPLE_NOTICE.as_bytes()),
        ("content/notices/example-notice/附件1-结对名单.xlsx", &table),
        (
            "content/notices/example-adjustment/index.md",
            EXAMPLE_ADJUSTMENT.as_bytes(),
        ),
        (
            "content/notices/example-adjustment/附件-调整名单.csv",
            EXAMPLE_ADJUSTMENT_TABLE.as_bytes(),
        ),
        ("content/programmes/example.toml", EXAMPLE_PROGRAMME.as_bytes()),
        ("content/pages/about.md", ABOUT_PAGE.as_bytes()),
        // The output, and what a build keeps beside it (staging folders, the manifest of digests).
        (".gitignore", b"/public/\n/.public.*\n"),
    ];
    let mut written = Vec::new();
    for (path, bytes) in files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&target, bytes)?;
        written.push(path.to_string());
    }
    std::fs::create_dir_all(dir.join("static"))?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_site_builds_and_refuses_non_empty_dir() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        init_site(&site).unwrap();
        let summary = crate::build(&crate::BuildOptions::new(&site), &|_| {}).unwrap();
        let warnings: Vec<&str> = summary
            .warnings
            .iter()
            .filter(|w| !w.is_info())
            .map(|w| w.message.as_str())
            .collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("base_url"),
            "only the deploy address is left to fill in"
        );
        let public = site.join("public");
        // Every page type at once: notice (with its table inline), programme, school, region, data.
        for page in [
            "notices/example-notice/index.html",
            "notices/example-notice/附件1-结对名单.xlsx",
            "programmes/example/index.html",
            "schools/那坡县龙合镇中心小学/index.html",
            "institutions/百色学院/index.html",
            "regions/广西壮族自治区/百色市/那坡县/index.html",
            "data/programmes/example.csv",
            "schools/index.html",
            "sitemap/index.html",
        ] {
            assert!(public.join(page).is_file(), "{page}");
        }
        assert_eq!(summary.pairings, 4, "three pairs, one changed, one added");
        // The adjustment: a 变更 page, and the changed school keeps its earlier pair.
        let changes = std::fs::read_to_string(public.join("programmes/example/changes/index.html")).unwrap();
        assert!(changes.contains("那坡县城厢镇中心小学") && changes.contains("柳州市景行小学"));
        let delong = std::fs::read_to_string(public.join("schools/那坡县德隆乡中心小学/index.html")).unwrap();
        assert!(delong.contains("已结束或调整的结对") && delong.contains("柳州市思贤小学"));
        let school = std::fs::read_to_string(public.join("schools/那坡县坡荷乡中心小学/index.html")).unwrap();
        assert!(
            school.contains("柳州市西江路小学") && school.contains("百色学院"),
            "the merged lead is carried down"
        );
        let notice = std::fs::read_to_string(public.join("notices/example-notice/index.html")).unwrap();
        assert!(notice.contains("<p class=\"signature\">示例教育局</p>"));
        assert!(
            !std::fs::read_to_string(site.join("site.toml"))
                .unwrap()
                .contains("crates.io")
        );
        assert!(init_site(&site).is_err());
    }
}

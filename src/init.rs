//! `jiedui init`: a new site that builds at once, using the theme embedded in the binary.

use std::io;
use std::path::Path;

const SITE_TOML: &str = r#"# 站点配置。说明见 https://crates.io/crates/jiedui 或项目 README。
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
+++

各学校：

这是一则示例通知。把它改成真实的通知，或删除后在 `content/notices/` 放入新的 Markdown 文件，再运行 `jiedui build`。

## 一、工作目标

正文支持 Markdown：标题、列表、表格。

| 编号 | 受援学校 | 支援学校 |
|---|---|---|
| 1 | 示例县第一小学 | 示例市实验小学 |
"#;

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
    let files = [
        ("site.toml", SITE_TOML),
        ("content/notices/example-notice.md", EXAMPLE_NOTICE),
        ("content/pages/about.md", ABOUT_PAGE),
        (".gitignore", "/public/\n"),
    ];
    let mut written = Vec::new();
    for (path, text) in files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&target, text)?;
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
        let warnings: Vec<&str> = summary.warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("base_url"),
            "only the deploy address is left to fill in"
        );
        assert!(site.join("public/notices/example-notice/index.html").is_file());
        assert!(init_site(&site).is_err());
    }
}

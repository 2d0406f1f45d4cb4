//! `site.toml`: the site's title, address, language, theme, taxonomies and section settings.

use crate::diagnostics::Diagnostic;
use crate::text_position::{line_of_key, line_of_offset};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

pub const CONFIG_FILE: &str = "site.toml";

/// The whole of `site.toml`, with defaults for everything but `title`.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct SiteConfig {
    pub title: String,
    #[serde(default = "default_base_url")]
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default)]
    pub description: Option<String>,
    /// 主办单位: the publishing department, shown in the footer.
    #[serde(default, alias = "主办单位")]
    pub publisher: Option<String>,
    /// 承办单位: the office that runs the site, shown in the footer.
    #[serde(default, alias = "承办单位")]
    pub organizer: Option<String>,
    /// 联系方式: contact line shown in the footer.
    #[serde(default, alias = "联系方式")]
    pub contact: Option<String>,
    /// 联系我们: a page of the site (`/about/`) or an address, linked in the footer.
    #[serde(default, alias = "联系我们")]
    pub contact_url: Option<String>,
    /// 网站标识码, as government sites show it in the footer.
    #[serde(default, alias = "网站标识码")]
    pub site_code: Option<String>,
    /// ICP备案号 (桂ICP备12345678号), linked to the national ICP registry.
    #[serde(default, alias = "ICP备案号")]
    pub icp: Option<String>,
    /// 公安备案号 (桂公网安备 45010302000001号), linked to the public-security registry.
    #[serde(default, alias = "公安备案号")]
    pub police_record: Option<String>,
    #[serde(default = "default_taxonomies")]
    pub taxonomies: Vec<TaxonomyConfig>,
    #[serde(default)]
    pub sections: BTreeMap<String, SectionConfig>,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    #[serde(default)]
    pub open_data: OpenDataConfig,
    /// The largest Markdown, programme or table file read, in MB (a larger one is an error, so a
    /// stray dump cannot exhaust memory).
    #[serde(default = "default_max_input_mb")]
    pub max_input_mb: u64,
}

impl SiteConfig {
    /// [`Self::max_input_mb`] in bytes.
    pub fn max_input_bytes(&self) -> u64 {
        self.max_input_mb.saturating_mul(1 << 20)
    }
}

/// A classification of notices and reports, such as 主题分类.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct TaxonomyConfig {
    /// URL segment and front-matter key, e.g. `topics`.
    pub name: String,
    /// Reader-facing name, also accepted as a front-matter key, e.g. `主题分类`.
    pub title: String,
}

/// Settings of one content section (`notices`, `reports`, `pages`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct SectionConfig {
    pub title: Option<String>,
    /// How many entries the home page shows from this section.
    pub home_items: Option<usize>,
}

/// Markdown options; raw HTML stays escaped unless the site opts in.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct MarkdownConfig {
    #[serde(default)]
    pub unsafe_html: bool,
}

/// Open-data options (`[open_data]`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct OpenDataConfig {
    /// Which regions' lists are also written as XLSX (every region's is written as CSV):
    /// `"all"` or `"county"`. Unset: every region's when the site has at most
    /// [`REGION_XLSX_ALL_UP_TO`] pairings, only counties' beyond (a national list's province and
    /// prefecture lists repeat the counties' rows; their CSV opens in Excel too).
    pub region_xlsx: Option<RegionXlsx>,
}

/// See [`OpenDataConfig::region_xlsx`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RegionXlsx {
    All,
    County,
}

/// Up to this many pairings every region's list is also an XLSX unless the site says otherwise.
pub const REGION_XLSX_ALL_UP_TO: usize = 20_000;

impl OpenDataConfig {
    /// Whether the XLSX of a province or prefecture is written, for a site of `pairings`.
    pub fn larger_regions_xlsx(&self, pairings: usize) -> bool {
        match self.region_xlsx {
            Some(RegionXlsx::All) => true,
            Some(RegionXlsx::County) => false,
            None => pairings <= REGION_XLSX_ALL_UP_TO,
        }
    }
}

fn default_base_url() -> String {
    "/".to_string()
}
fn default_language() -> String {
    "zh-CN".to_string()
}
/// The default [`SiteConfig::max_input_mb`]: a 200,000-row pairing list is about 20 MB.
pub const DEFAULT_MAX_INPUT_MB: u64 = 64;
fn default_max_input_mb() -> u64 {
    DEFAULT_MAX_INPUT_MB
}
fn default_theme() -> String {
    "default".to_string()
}
fn default_taxonomies() -> Vec<TaxonomyConfig> {
    vec![TaxonomyConfig {
        name: "topics".into(),
        title: "主题分类".into(),
    }]
}

impl SiteConfig {
    /// The title of a section, from `[sections.<name>]` or the built-in Chinese name.
    pub fn section_title(&self, section: &str) -> String {
        if let Some(title) = self.sections.get(section).and_then(|s| s.title.clone()) {
            return title;
        }
        match section {
            "notices" => "政策文件",
            "reports" => "工作报告",
            _ => "页面",
        }
        .to_string()
    }

    pub fn home_items(&self, section: &str) -> usize {
        self.sections.get(section).and_then(|s| s.home_items).unwrap_or(8)
    }

    /// The path part of `base_url`, always starting and ending with `/`.
    pub fn base_path(&self) -> String {
        let after_scheme = match self.base_url.find("://") {
            Some(i) => {
                let rest = &self.base_url[i + 3..];
                rest.find('/').map(|j| &rest[j..]).unwrap_or("/")
            }
            None => self.base_url.as_str(),
        };
        let trimmed = after_scheme.trim_matches('/');
        if trimmed.is_empty() {
            "/".to_string()
        } else {
            format!("/{trimmed}/")
        }
    }

    /// Whether `base_url` is a full address (needed for absolute links in the feed and sitemap).
    pub fn has_absolute_base(&self) -> bool {
        self.base_url.starts_with("http://") || self.base_url.starts_with("https://")
    }

    /// `base_url` with exactly one trailing slash, for absolute URLs in the feed and sitemap.
    pub fn absolute_base(&self) -> String {
        format!("{}/", self.base_url.trim_end_matches('/'))
    }
}

/// Reads and validates `site.toml`; unknown keys become warnings in `diagnostics`.
pub fn load_config(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<SiteConfig> {
    let path = root.join(CONFIG_FILE);
    if path.exists() && !path.is_file() {
        diagnostics.push(
            Diagnostic::error(
                CONFIG_FILE,
                None,
                "site.toml 不是普通文件（是文件夹、管道或设备），不会读取",
            )
            .with_hint("把 site.toml 换成一个普通的文本文件"),
        );
        return None;
    }
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(CONFIG_FILE, None, format!("无法读取站点配置: {e}")).with_hint(
                    "在站点根目录放一个 site.toml，至少写 title = \"站点名称\"；或用 `jiedui init 目录` 新建站点",
                ),
            );
            return None;
        }
    };
    parse_config(&text, diagnostics)
}

/// Parses the text of `site.toml`.
pub fn parse_config(text: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<SiteConfig> {
    let deserializer = match toml::de::Deserializer::parse(text) {
        Ok(d) => d,
        Err(e) => {
            diagnostics.push(toml_error(text, &e));
            return None;
        }
    };
    let mut unknown = Vec::new();
    let result: Result<SiteConfig, _> = serde_ignored::deserialize(deserializer, |path| unknown.push(path.to_string()));
    for key in unknown {
        let last = key.rsplit('.').next().unwrap_or(&key).to_string();
        diagnostics.push(
            Diagnostic::warning(CONFIG_FILE, line_of_key(text, &last), format!("未知的配置项 `{key}`，已忽略"))
                .with_hint("可用的配置项: title, base_url, language, theme, description, publisher, contact, taxonomies, sections, markdown, open_data, max_input_mb"),
        );
    }
    let config = match result {
        Ok(c) => c,
        Err(e) => {
            diagnostics.push(toml_error(text, &e));
            return None;
        }
    };
    let mut ok = true;
    for (i, t) in config.taxonomies.iter().enumerate() {
        if !is_url_segment(&t.name) {
            ok = false;
            diagnostics.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    line_of_key(text, "taxonomies"),
                    format!("第 {} 个分类的 name `{}` 不能用作网址", i + 1, t.name),
                )
                .with_hint("name 只用小写英文字母、数字和连字符，例如 name = \"topics\""),
            );
        }
    }
    let theme = config.theme.as_str();
    let plain_name = !theme.is_empty()
        && theme != "."
        && theme != ".."
        && !theme.contains(['/', '\\', ':'])
        && !Path::new(theme).is_absolute();
    if !plain_name {
        ok = false;
        diagnostics.push(
            Diagnostic::error(
                CONFIG_FILE,
                line_of_key(text, "theme"),
                format!("主题 `{theme}` 不是 themes/ 下的一个文件夹名"),
            )
            .with_hint("主题只写 themes/ 下文件夹的名称，例如 theme = \"default\"；站点之外的文件不会被读取"),
        );
    }
    ok.then_some(config)
}

fn is_url_segment(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn toml_error(text: &str, e: &toml::de::Error) -> Diagnostic {
    let line = e.span().map(|s| line_of_offset(text, s.start));
    Diagnostic::error(CONFIG_FILE, line, format!("site.toml 格式错误: {}", e.message().trim()))
        .with_hint("site.toml 使用 TOML 格式，字符串要加英文双引号，例如 title = \"结对帮扶门户\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_base_path() {
        let mut d = Vec::new();
        let c = parse_config(
            "title = \"门户\"\nbase_url = \"https://edu.example.cn/jiedui\"\n",
            &mut d,
        )
        .unwrap();
        assert!(d.is_empty());
        assert_eq!(c.language, "zh-CN");
        assert_eq!(c.theme, "default");
        assert_eq!(c.base_path(), "/jiedui/");
        assert_eq!(c.absolute_base(), "https://edu.example.cn/jiedui/");
        assert_eq!(c.taxonomies[0].title, "主题分类");

        assert_eq!(c.section_title("notices"), "政策文件");
    }

    #[test]
    fn unknown_keys_warn_with_line() {
        let mut d = Vec::new();
        let c = parse_config(
            "title = \"门户\"\nbase_url = \"https://a.cn/\"\ntitel = \"x\"\n",
            &mut d,
        );
        assert!(c.is_some());
        assert_eq!(d.len(), 1);
        assert!(!d[0].is_error());
        assert_eq!(d[0].line, Some(3));
        assert!(d[0].message.contains("titel"));
    }

    #[test]
    fn syntax_and_missing_title_are_errors_with_lines() {
        let mut d = Vec::new();
        assert!(parse_config("title = \"门户\"\nbase_url = \n", &mut d).is_none());
        assert_eq!(d[0].line, Some(2));
        let mut d = Vec::new();
        assert!(parse_config("language = \"zh-CN\"\n", &mut d).is_none());
        assert!(d[0].message.contains("title"), "{}", d[0].message);
    }
}

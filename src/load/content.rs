//! Walks `content/` and parses every Markdown file, in parallel, in a stable order.

use crate::diagnostics::Diagnostic;
use crate::load::front_matter::{SplitFile, split_and_parse};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

pub const PROGRAMMES_DIR: &str = "programmes";

pub const CONTENT_DIR: &str = "content";

/// The content section a file belongs to, from its first folder under `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Section {
    Notices,
    Reports,
    Pages,
}

impl Section {
    pub fn name(self) -> &'static str {
        match self {
            Section::Notices => "notices",
            Section::Reports => "reports",
            Section::Pages => "pages",
        }
    }
}

/// A parsed Markdown file of `content/`.
#[derive(Debug, Clone)]
pub struct ContentFile {
    /// Path relative to the site root, with `/` separators (`content/notices/a.md`).
    pub rel_path: String,
    /// The folder the file stands in: attachments are resolved against it.
    pub dir: PathBuf,
    pub section: Section,
    /// The file name without `.md`, or the folder name for `index.md`.
    pub stem: String,
    pub split: SplitFile,
}

/// Reads and splits every Markdown file under `content/` (programmes excluded), in sorted order.
pub fn load_content(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<ContentFile> {
    let max = crate::config::DEFAULT_MAX_INPUT_MB << 20;
    load_content_once(root, max, diagnostics)
        .into_iter()
        .map(|(_, f)| std::sync::Arc::unwrap_or_clone(f))
        .collect()
}

/// The Markdown files under `content/` (programmes excluded), sorted.
fn content_paths(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        diagnostics.push(
            Diagnostic::error(CONTENT_DIR, None, "找不到 content 文件夹")
                .with_hint("在站点根目录建 content/notices/ 并放入 Markdown 通知"),
        );
        return Vec::new();
    }
    let mut paths = Vec::new();
    let programmes = content.join(PROGRAMMES_DIR);
    for entry in WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.path() != programmes)
    {
        match entry {
            Ok(e) if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md") => {
                paths.push(e.into_path());
            }
            Ok(e) if !e.file_type().is_file() && !e.file_type().is_dir() => diagnostics.push(
                Diagnostic::warning(
                    relative(root, e.path()),
                    None,
                    "不是普通文件（是符号链接、管道或设备），已跳过",
                )
                .with_hint("把文件本身（而不是链接）放进 content/"),
            ),
            Ok(_) => {}
            Err(e) => {
                let at = e.path().map_or_else(|| CONTENT_DIR.to_string(), |p| relative(root, p));
                let reason = e.io_error().map_or_else(|| e.to_string(), ToString::to_string);
                diagnostics.push(
                    Diagnostic::error(at, None, format!("无法读取文件夹: {reason}")).with_hint(
                        "检查这个文件夹的读取权限（运行 jiedui 的用户要能读取和进入它），或把它移出 content/",
                    ),
                )
            }
        }
    }
    paths
}

/// What a file looked like when it was read: size and modification time.
pub type FileSignature = (u64, Option<std::time::SystemTime>);

/// The signature of the file at `path` (zero when it cannot be read).
pub fn signature(path: &Path) -> FileSignature {
    std::fs::metadata(path)
        .map(|m| (m.len(), m.modified().ok()))
        .unwrap_or((0, None))
}

/// Content files already read, in file order, with the signature they were read at (for `serve`:
/// only files that changed are read again).
#[derive(Debug, Default)]
pub struct ContentCache {
    /// The last load's files in walk order: path, signature, the file or why it could not be read.
    listing: Vec<CachedFile>,
    /// Each file's place in `listing`, by its path relative to the root (`content/notices/a.md`).
    by_rel_path: rustc_hash::FxHashMap<String, usize>,
    /// What the last walk of the content folder reported (`None`: never walked).
    walked: Option<Vec<Diagnostic>>,
    /// The paths that changed since the last load, as a file watcher reported them (`None`:
    /// unknown, so the folder is walked and every file's signature read).
    changed: Option<Vec<PathBuf>>,
}

/// A file of the cache: path, signature, the file or why it could not be read.
type CachedFile = (PathBuf, FileSignature, Result<std::sync::Arc<ContentFile>, Diagnostic>);

impl ContentCache {
    /// The signature a file was last read at, by its path relative to the root.
    pub fn signature_of(&self, rel_path: &str) -> Option<FileSignature> {
        self.by_rel_path.get(rel_path).map(|&i| self.listing[i].1)
    }

    /// Tells the next load which paths changed (absolute, under the same root the load is given):
    /// when each is a content file already known and still there, the folder is not walked
    /// again and only those files are looked at (at 10,000 notices walking, signing and looking
    /// up every file is 30–50 ms of a 120 ms rebuild). Any other path — a new, removed or renamed
    /// file, a folder — makes the next load walk the folder as usual.
    pub fn expect_changes(&mut self, paths: Vec<PathBuf>) {
        self.changed = Some(paths);
    }

    /// The places in `listing` of the reported paths under `content`, when each is a known file
    /// that is still there.
    fn known_edits(&self, root: &Path, content: &Path, changed: &[PathBuf]) -> Option<Vec<usize>> {
        self.walked.as_ref()?;
        let mut places = Vec::new();
        for path in changed.iter().filter(|p| p.starts_with(content)) {
            let place = *self.by_rel_path.get(&relative(root, path))?;
            if !path.is_file() {
                return None;
            }
            places.push(place);
        }
        Some(places)
    }
}

/// [`load_content`] for a build that keeps nothing: every file is read (in parallel) and nothing
/// is cached; the signatures are left empty.
pub fn load_content_once(
    root: &Path,
    max_bytes: u64,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(FileSignature, std::sync::Arc<ContentFile>)> {
    let content = root.join(CONTENT_DIR);
    let paths = content_paths(root, diagnostics);
    // Read by the reading pool: on a disk the reads wait, and more of them in flight finish sooner.
    let loaded: Vec<Result<ContentFile, Diagnostic>> = crate::load::reading_pool::install(|| {
        paths
            .par_iter()
            .map(|p| load_one(root, &content, p, max_bytes))
            .collect()
    });
    let mut files = Vec::with_capacity(loaded.len());
    for file in loaded {
        match file {
            Ok(f) => files.push(((0, None), std::sync::Arc::new(f))),
            Err(d) => diagnostics.push(d),
        }
    }
    files
}

/// [`load_content`], reading again only the files whose size or modification time changed; each
/// file comes with the signature it was read at.
pub fn load_content_cached(
    root: &Path,
    cache: &mut ContentCache,
    max_bytes: u64,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(FileSignature, std::sync::Arc<ContentFile>)> {
    let content = root.join(CONTENT_DIR);
    let changed = cache.changed.take();
    let known_edits = changed.and_then(|changed| cache.known_edits(root, &content, &changed));
    if let (Some(places), Some(walked)) = (known_edits, &cache.walked) {
        diagnostics.extend(walked.iter().cloned());
        for place in places {
            let (path, old, _) = &cache.listing[place];
            let sig = signature(path);
            if sig != *old {
                let loaded = load_one(root, &content, path, max_bytes).map(std::sync::Arc::new);
                cache.listing[place].1 = sig;
                cache.listing[place].2 = loaded;
            }
        }
    } else {
        let mut walked = Vec::new();
        let paths = content_paths(root, &mut walked);
        diagnostics.extend(walked.iter().cloned());
        cache.walked = Some(walked);
        let mut old: rustc_hash::FxHashMap<&[u8], usize> = rustc_hash::FxHashMap::default();
        for (i, (p, _, _)) in cache.listing.iter().enumerate() {
            old.insert(p.as_os_str().as_encoded_bytes(), i);
        }
        let listing: Vec<CachedFile> = crate::load::reading_pool::install(|| {
            paths
                .into_par_iter()
                .map(|p| {
                    let sig = signature(&p);
                    match old.get(p.as_os_str().as_encoded_bytes()).map(|&i| &cache.listing[i]) {
                        Some((_, was, file)) if *was == sig => (p, sig, file.clone()),
                        _ => {
                            let loaded = load_one(root, &content, &p, max_bytes).map(std::sync::Arc::new);
                            (p, sig, loaded)
                        }
                    }
                })
                .collect()
        });
        drop(old);
        cache.by_rel_path = listing
            .iter()
            .enumerate()
            .map(|(i, (p, _, _))| (relative(root, p), i))
            .collect();
        cache.listing = listing;
    }
    let mut files = Vec::with_capacity(cache.listing.len());
    for (_, sig, file) in &cache.listing {
        match file {
            Ok(f) => files.push((*sig, f.clone())),
            Err(d) => diagnostics.push(d.clone()),
        }
    }
    files
}

fn load_one(root: &Path, content: &Path, path: &Path, max_bytes: u64) -> Result<ContentFile, Diagnostic> {
    let rel_path = relative(root, path);
    crate::load::input::check_input(path, &rel_path, max_bytes)?;
    let text = std::fs::read(path).map_err(|e| {
        Diagnostic::error(&rel_path, None, format!("无法读取: {e}"))
            .with_hint("检查文件的读取权限（运行 jiedui 的用户要能读取它），或文件是否正被其他程序独占")
    })?;
    let text = String::from_utf8(text).map_err(|e| {
        let line =
            crate::text_position::line_of_offset(&String::from_utf8_lossy(e.as_bytes()), e.utf8_error().valid_up_to());
        Diagnostic::error(&rel_path, Some(line), "文件不是 UTF-8 编码")
            .with_hint("用记事本或 WPS 另存为“UTF-8”编码后再构建")
    })?;
    let inside = path.strip_prefix(content).unwrap_or(path);
    let first = inside
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .unwrap_or_default();
    let section = match first.as_str() {
        "notices" => Section::Notices,
        "reports" => Section::Reports,
        "pages" => Section::Pages,
        _ if inside.components().count() == 1 => Section::Pages,
        other => {
            return Err(
                Diagnostic::error(&rel_path, None, format!("content/{other}/ 不是已知栏目"))
                    .with_hint("通知放在 content/notices/，工作报告放在 content/reports/，其他页面放在 content/pages/"),
            );
        }
    };
    let split = split_and_parse(&rel_path, &text)?;
    let dir = path.parent().unwrap_or(content).to_path_buf();
    let file_stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let stem = if file_stem == "index" {
        dir.file_name()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or(file_stem)
    } else {
        file_stem
    };
    Ok(ContentFile {
        rel_path,
        dir,
        section,
        stem,
        split,
    })
}

/// `path` relative to `root`, with `/` separators, for diagnostics and provenance.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// `@/notices/a.md` or `notices/a.md` → `content/notices/a.md`.
pub fn content_path(path: &str) -> String {
    format!(
        "{CONTENT_DIR}/{}",
        path.trim_start_matches("@/").trim_start_matches("content/")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Titles of a cached load, in file order.
    fn titles(root: &Path, cache: &mut ContentCache) -> Vec<String> {
        load_content_cached(root, cache, 1 << 20, &mut Vec::new())
            .iter()
            .map(|(_, f)| {
                f.split
                    .front_matter
                    .text
                    .lines()
                    .find(|l| l.starts_with("title"))
                    .unwrap_or("")
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn reported_edits_of_known_files_skip_the_walk_and_anything_else_walks() {
        let dir = tempfile::tempdir().unwrap();
        let notices = dir.path().join("content/notices");
        std::fs::create_dir_all(&notices).unwrap();
        let write = |name: &str, title: &str| {
            std::fs::write(notices.join(name), format!("+++\ntitle = \"{title}\"\n+++\n正文\n")).unwrap();
        };
        write("a.md", "甲");
        write("b.md", "乙");
        let mut cache = ContentCache::default();
        assert_eq!(titles(dir.path(), &mut cache), ["title = \"甲\"", "title = \"乙\""]);
        // A reported edit of a known file is read again.
        write("a.md", "甲改过了");
        cache.expect_changes(vec![notices.join("a.md")]);
        assert_eq!(
            titles(dir.path(), &mut cache),
            ["title = \"甲改过了\"", "title = \"乙\""]
        );
        // A new file is not known: the folder is walked and it is found.
        write("c.md", "丙");
        cache.expect_changes(vec![notices.join("c.md")]);
        assert_eq!(titles(dir.path(), &mut cache).len(), 3);
        // A removed file is no longer a file: walked, and it is gone.
        std::fs::remove_file(notices.join("b.md")).unwrap();
        cache.expect_changes(vec![notices.join("b.md")]);
        assert_eq!(
            titles(dir.path(), &mut cache),
            ["title = \"甲改过了\"", "title = \"丙\""]
        );
        // The fast path trusts the report: a file it does not name is not looked at …
        write("c.md", "丙改过了但未报告的长标题");
        cache.expect_changes(vec![notices.join("a.md")]);
        assert_eq!(titles(dir.path(), &mut cache)[1], "title = \"丙\"");
        // … and without a report every file's signature is read.
        assert_eq!(
            titles(dir.path(), &mut cache)[1],
            "title = \"丙改过了但未报告的长标题\""
        );
    }

    #[test]
    fn loads_sections_bundles_and_reports_bad_files() {
        let dir = tempfile::tempdir().unwrap();
        let c = dir.path().join("content");
        std::fs::create_dir_all(c.join("notices/gx")).unwrap();
        std::fs::create_dir_all(c.join("misc")).unwrap();
        std::fs::write(c.join("notices/gx/index.md"), "+++\ntitle = \"a\"\n+++\n").unwrap();
        std::fs::write(c.join("about.md"), "+++\ntitle = \"b\"\n+++\n").unwrap();
        std::fs::write(c.join("misc/x.md"), "+++\ntitle = \"c\"\n+++\n").unwrap();
        std::fs::write(c.join("notices/gbk.md"), [0x2b, 0x2b, 0x2b, 0x0a, 0xd6, 0xd0]).unwrap();
        let mut d = Vec::new();
        let files = load_content(dir.path(), &mut d);
        let got: Vec<_> = files
            .iter()
            .map(|f| (f.rel_path.as_str(), f.section, f.stem.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("content/about.md", Section::Pages, "about"),
                ("content/notices/gx/index.md", Section::Notices, "gx")
            ]
        );
        assert_eq!(d.len(), 2);
        assert!(d.iter().any(|x| x.message.contains("UTF-8") && x.line == Some(2)));
        assert!(d.iter().any(|x| x.message.contains("misc")));
    }
}

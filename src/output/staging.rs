//! Writes the output into a staging folder and swaps it into place only when all of it was written.

use super::manifest::{FileDigest, write_manifest};
use rayon::prelude::*;
use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

/// Refuses output folders that hold a site or a repository (a typo must not delete them).
/// Inside the site only its own `public/` may be replaced (a `--output content` would replace the
/// site's sources); a file is no output folder.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), String> {
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let canonical_output = resolve(output);
    if canonical_root.starts_with(&canonical_output) {
        return Err(format!("输出目录 {} 包含站点本身，构建会把它替换掉", output.display()));
    }
    if canonical_output.starts_with(&canonical_root) && canonical_output != canonical_root.join("public") {
        return Err(format!(
            "输出目录 {} 在站点文件夹里面；站点里只有 public 可作输出，别的文件夹会被整个替换",
            output.display()
        ));
    }
    if output.exists() && !output.is_dir() {
        return Err(format!("输出路径 {} 是一个文件，不是文件夹", output.display()));
    }
    for marker in ["site.toml", "content", ".git", "Cargo.toml"] {
        if output.join(marker).exists() {
            return Err(format!(
                "输出目录 {} 里有 {marker}，不像是构建输出，不会替换它",
                output.display()
            ));
        }
    }
    Ok(())
}

/// `path` with symbolic links and `..` resolved, also when its last parts do not exist yet.
fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let mut missing = Vec::new();
    let mut existing = absolute.as_path();
    loop {
        if let Ok(c) = existing.canonicalize() {
            let mut out = c;
            for part in missing.iter().rev() {
                out.push(part);
            }
            return out;
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// A staging folder beside the output (`.<name>.staging`): written while the build runs, swapped
/// in by [`Staging::commit`] only when the whole build succeeded, removed by [`Staging::abandon`].
#[derive(Debug)]
pub struct Staging {
    pub dir: PathBuf,
    output: PathBuf,
    old: PathBuf,
    /// The digests of the output's files (`.<name>.manifest`, see [`super::manifest`]).
    pub manifest: PathBuf,
}

impl Staging {
    /// Creates an empty staging folder for `output`.
    pub fn begin(output: &Path) -> io::Result<Staging> {
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = output
            .file_name()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "输出目录没有名称"))?
            .to_string_lossy()
            .to_string();
        std::fs::create_dir_all(&parent)?;
        let dir = parent.join(format!(".{name}.staging"));
        let old = parent.join(format!(".{name}.old"));
        let manifest = parent.join(format!(".{name}.manifest"));
        // A build killed between the two renames of `commit` left the previous output as `.old`
        // and none in place: put it back before anything else.
        if !output.exists() && old.is_dir() {
            std::fs::rename(&old, output)?;
        }
        // A build killed while writing left its staging folder.
        remove_if_exists(&dir)?;
        std::fs::create_dir_all(&dir)?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
            old,
            manifest,
        })
    }

    /// Swaps the staged tree into place; on failure the previous output is restored.
    pub fn commit(self) -> io::Result<()> {
        self.commit_with_manifest(None)
    }

    /// Swaps the staged tree into place and records `digests` (path, digest of every file the
    /// build wrote) as the new output's manifest; on failure the previous output is restored.
    pub fn commit_with_manifest(self, digests: Option<Vec<(String, FileDigest)>>) -> io::Result<()> {
        remove_if_exists(&self.old)?;
        // The manifest describes the output about to be replaced.
        match std::fs::remove_file(&self.manifest) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        let had_previous = self.output.exists();
        if had_previous {
            std::fs::rename(&self.output, &self.old)?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.output) {
            if had_previous {
                let _ = std::fs::rename(&self.old, &self.output);
            }
            let _ = std::fs::remove_dir_all(&self.dir);
            return Err(e);
        }
        // Without a manifest the next build compares files by reading them: nothing is lost.
        if let Some(digests) = digests
            && write_manifest(&self.manifest, digests).is_err()
        {
            let _ = std::fs::remove_file(&self.manifest);
        }
        if had_previous {
            remove_tree(&self.old)?;
        }
        Ok(())
    }

    /// Updates the output in place from a staging folder that holds only the changed files
    /// (written by [`super::sink::OutputSink::updating`]): the changed files are moved in, the
    /// files in `kept` stay where they are, and every other file of the output — stale pages,
    /// files put there by hand — is removed, with the folders left empty. `digests` (path, digest
    /// of every file the build made) become the output's manifest. A build that changed nothing
    /// thus writes and removes nothing but the manifest.
    ///
    /// The manifest is removed first: a build stopped halfway leaves an output the next build
    /// does not trust, so that build compares every file and swaps in a whole new tree. Where
    /// the output cannot be patched (a folder stands where a file goes, or a file where a folder
    /// goes), the kept files are linked into the staging folder and the whole tree is swapped,
    /// as [`Staging::commit_with_manifest`] does. Returns the number of files moved in and
    /// removed, or `None` when the whole tree was swapped.
    pub fn commit_in_place(
        self,
        digests: Vec<(String, FileDigest)>,
        kept: Vec<String>,
    ) -> Result<Option<(usize, usize)>, CommitError> {
        let untouched = CommitError::Untouched;
        let existing = Tree::walk(&self.output).map_err(untouched)?;
        let staged = Tree::walk(&self.dir).map_err(untouched)?;
        let conflict = staged
            .files
            .iter()
            .any(|file| existing.dirs.contains(file) || ancestors(file).any(|folder| existing.files.contains(folder)));
        if conflict {
            link_kept(&self.output, &self.dir, &kept).map_err(untouched)?;
            return self
                .commit_with_manifest(Some(digests))
                .map(|()| None)
                .map_err(untouched);
        }
        match std::fs::remove_file(&self.manifest) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(untouched(e)),
            _ => {}
        }
        let partial = CommitError::Partial;
        let made: HashSet<&str> = digests.iter().map(|(path, _)| path.as_str()).collect();
        let mut folders: Vec<&str> = staged
            .dirs
            .iter()
            .filter(|folder| !existing.dirs.contains(*folder))
            .map(String::as_str)
            .collect();
        folders.sort_unstable();
        for folder in folders {
            std::fs::create_dir_all(self.output.join(folder)).map_err(partial)?;
        }
        staged
            .files
            .par_iter()
            .try_for_each(|file| std::fs::rename(self.dir.join(file), self.output.join(file)))
            .map_err(partial)?;
        let stale: Vec<&String> = existing
            .files
            .iter()
            .filter(|file| !made.contains(file.as_str()))
            .collect();
        stale
            .par_iter()
            .try_for_each(|file| std::fs::remove_file(self.output.join(file)))
            .map_err(partial)?;
        let needed: HashSet<&str> = made.iter().flat_map(|file| ancestors(file)).collect();
        let mut empty: Vec<&String> = existing.dirs.iter().filter(|d| !needed.contains(d.as_str())).collect();
        // Deepest first, so that a folder is empty when it is removed.
        empty.sort_unstable_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        for folder in empty {
            std::fs::remove_dir(self.output.join(folder)).map_err(partial)?;
        }
        let _ = std::fs::remove_dir_all(&self.dir);
        if write_manifest(&self.manifest, digests).is_err() {
            let _ = std::fs::remove_file(&self.manifest);
        }
        Ok(Some((staged.files.len(), stale.len())))
    }

    /// Removes the staged tree; the output is left as it was.
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Why a commit failed, and whether the output was left as it was.
#[derive(Debug)]
pub enum CommitError {
    /// The previous output is as it was.
    Untouched(io::Error),
    /// The output was partly updated; without its manifest, the next build rewrites it whole.
    Partial(io::Error),
}

/// The files (anything but a folder, symbolic links included) and folders below a folder, as
/// `/`-separated paths relative to it.
#[derive(Debug, Default)]
struct Tree {
    files: HashSet<String>,
    dirs: HashSet<String>,
}

impl Tree {
    /// Reads the tree below `root`, folders in parallel; symbolic links are not followed.
    fn walk(root: &Path) -> io::Result<Tree> {
        fn below(root: &Path, prefix: &str) -> io::Result<Tree> {
            let folder = if prefix.is_empty() {
                root.to_path_buf()
            } else {
                root.join(prefix)
            };
            let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(folder)?.collect::<io::Result<_>>()?;
            entries
                .par_iter()
                .map(|entry| {
                    let name = entry.file_name();
                    let name = name.to_string_lossy();
                    let path = if prefix.is_empty() {
                        name.to_string()
                    } else {
                        format!("{prefix}/{name}")
                    };
                    if entry.file_type()?.is_dir() {
                        let mut tree = below(root, &path)?;
                        tree.dirs.insert(path);
                        Ok(tree)
                    } else {
                        let mut tree = Tree::default();
                        tree.files.insert(path);
                        Ok(tree)
                    }
                })
                .try_reduce(Tree::default, |a, b| {
                    let size = |t: &Tree| t.files.len() + t.dirs.len();
                    let (mut large, small) = if size(&a) >= size(&b) { (a, b) } else { (b, a) };
                    large.files.extend(small.files);
                    large.dirs.extend(small.dirs);
                    Ok(large)
                })
        }
        below(root, "")
    }
}

/// The folders `path` is in, innermost first (`a/b/c.html` → `a/b`, `a`).
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    std::iter::successors(path.rfind('/').map(|i| &path[..i]), |folder| {
        folder.rfind('/').map(|i| &folder[..i])
    })
}

/// Links each of `kept` (paths relative to `output`) into `staging`, copying where a link cannot
/// be made.
fn link_kept(output: &Path, staging: &Path, kept: &[String]) -> io::Result<()> {
    let mut folders: Vec<&str> = kept.iter().filter_map(|file| ancestors(file).next()).collect();
    folders.sort_unstable();
    folders.dedup();
    for folder in folders {
        std::fs::create_dir_all(staging.join(folder))?;
    }
    kept.par_iter().try_for_each(|file| {
        let (from, to) = (output.join(file), staging.join(file));
        std::fs::hard_link(&from, &to).or_else(|_| std::fs::copy(&from, &to).map(|_| ()))
    })
}

/// Removes the folder `path` and everything in it, folders in parallel (the previous output of a
/// large site holds hundreds of thousands of files). Symbolic links are removed, not followed.
fn remove_tree(path: &Path) -> io::Result<()> {
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(path)?.collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            remove_tree(&entry.path())
        } else {
            std::fs::remove_file(entry.path())
        }
    })?;
    std::fs::remove_dir(path)
}

fn remove_if_exists(path: &Path) -> io::Result<()> {
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One file of the output, relative to the output folder.
    #[derive(Debug, Clone)]
    pub struct OutputFile {
        pub path: String,
        pub contents: OutputContents,
    }

    #[derive(Debug, Clone)]
    pub enum OutputContents {
        Bytes(Vec<u8>),
        Copy(PathBuf),
    }

    /// Writes `files` under `output`: first into `.<name>.staging` beside it, then swapped in.
    /// On any error the previous `output` is left as it was.
    pub fn write_atomically(output: &Path, files: &[OutputFile]) -> io::Result<()> {
        let staging = Staging::begin(output)?;
        if let Err(e) = write_all(&staging.dir, files) {
            staging.abandon();
            return Err(e);
        }
        staging.commit()
    }

    fn write_all(staging: &Path, files: &[OutputFile]) -> io::Result<()> {
        let mut dirs: Vec<PathBuf> = files
            .iter()
            .filter_map(|f| staging.join(&f.path).parent().map(Path::to_path_buf))
            .collect();
        dirs.sort();
        dirs.dedup();
        for dir in dirs {
            std::fs::create_dir_all(dir)?;
        }
        files.par_iter().try_for_each(|f| {
            let target = staging.join(&f.path);
            match &f.contents {
                OutputContents::Bytes(b) => std::fs::write(&target, b),
                OutputContents::Copy(source) => std::fs::copy(source, &target).map(|_| ()),
            }
        })
    }

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            contents: OutputContents::Bytes(text.as_bytes().to_vec()),
        }
    }

    #[test]
    fn swaps_in_and_removes_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_atomically(&out, &[file("a/index.html", "1"), file("stale.html", "x")]).unwrap();
        write_atomically(&out, &[file("a/index.html", "2")]).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "2");
        assert!(!out.join("stale.html").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn leftovers_of_a_killed_build_are_cleaned_up_and_the_previous_output_restored() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // Killed while writing: a half-written staging folder beside the output.
        std::fs::create_dir_all(dir.path().join(".public.staging/half")).unwrap();
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("index.html"), "previous").unwrap();
        let staging = Staging::begin(&out).unwrap();
        assert_eq!(
            std::fs::read_dir(&staging.dir).unwrap().count(),
            0,
            "stale staging removed"
        );
        staging.abandon();
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "previous");
        // Killed between the two renames: the previous output is `.public.old`, none in place.
        std::fs::rename(&out, dir.path().join(".public.old")).unwrap();
        std::fs::create_dir_all(dir.path().join(".public.staging")).unwrap();
        std::fs::write(dir.path().join(".public.staging/index.html"), "new").unwrap();
        let staging = Staging::begin(&out).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "previous");
        staging.abandon();
        assert!(!dir.path().join(".public.old").exists());
        assert!(!dir.path().join(".public.staging").exists());
    }

    #[test]
    fn failed_write_keeps_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_atomically(&out, &[file("index.html", "old")]).unwrap();
        let bad = OutputFile {
            path: "x.csv".into(),
            contents: OutputContents::Copy(dir.path().join("missing.csv")),
        };
        assert!(write_atomically(&out, &[file("index.html", "new"), bad]).is_err());
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert!(!dir.path().join(".public.staging").exists());
    }

    /// A previous output with a manifest, and a staging folder for the next build.
    fn previous_output(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf, Staging) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let written: Vec<OutputFile> = files.iter().map(|(p, t)| file(p, t)).collect();
        write_atomically(&out, &written).unwrap();
        let staging = Staging::begin(&out).unwrap();
        (dir, out, staging)
    }

    fn digests(files: &[(&str, &str)]) -> Vec<(String, FileDigest)> {
        files
            .iter()
            .map(|(p, t)| (p.to_string(), FileDigest::of(t.as_bytes())))
            .collect()
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut all: Vec<String> = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .map(|e| crate::load::content::relative(dir, e.unwrap().path()))
            .collect();
        all.sort();
        all
    }

    #[test]
    fn in_place_moves_changed_files_in_keeps_the_rest_and_removes_stale_ones() {
        use std::os::unix::fs::MetadataExt;
        let (dir, out, staging) = previous_output(&[
            ("a.html", "old"),
            ("keep/k.html", "kept"),
            ("old/stale.html", "x"),
            ("old/deep/x.html", "x"),
        ]);
        let kept_inode = std::fs::metadata(out.join("keep/k.html")).unwrap().ino();
        std::fs::create_dir_all(staging.dir.join("new")).unwrap();
        std::fs::write(staging.dir.join("a.html"), "new").unwrap();
        std::fs::write(staging.dir.join("new/n.html"), "n").unwrap();
        let manifest = staging.manifest.clone();
        let made = [("a.html", "new"), ("keep/k.html", "kept"), ("new/n.html", "n")];
        let moved = staging
            .commit_in_place(digests(&made), vec!["keep/k.html".to_string()])
            .unwrap();
        assert_eq!(
            moved,
            Some((2, 2)),
            "a.html and new/n.html moved in, two stale files removed"
        );
        assert_eq!(listing(&out), ["a.html", "keep", "keep/k.html", "new", "new/n.html"]);
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "new");
        assert_eq!(std::fs::metadata(out.join("keep/k.html")).unwrap().ino(), kept_inode);
        let text = std::fs::read_to_string(&manifest).unwrap();
        assert_eq!(text.lines().count(), 4, "the header and the three files made: {text}");
        assert!(!dir.path().join(".public.staging").exists());
    }

    #[test]
    fn in_place_falls_back_to_a_swap_where_a_file_stands_for_a_folder() {
        let (_dir, out, staging) = previous_output(&[("x", "a file"), ("keep.html", "kept")]);
        std::fs::create_dir_all(staging.dir.join("x")).unwrap();
        std::fs::write(staging.dir.join("x/index.html"), "page").unwrap();
        let made = [("x/index.html", "page"), ("keep.html", "kept")];
        staging
            .commit_in_place(digests(&made), vec!["keep.html".to_string()])
            .unwrap();
        assert_eq!(listing(&out), ["keep.html", "x", "x/index.html"]);
        assert_eq!(std::fs::read_to_string(out.join("keep.html")).unwrap(), "kept");
    }

    #[test]
    fn folders_of_a_path_innermost_first() {
        assert_eq!(ancestors("a/b/c.html").collect::<Vec<_>>(), ["a/b", "a"]);
        assert_eq!(ancestors("c.html").count(), 0);
    }

    #[test]
    fn refuses_to_replace_a_site_or_repository() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.toml"), "").unwrap();
        assert!(check_output_dir(&dir.path().join("sub"), dir.path()).is_err());
        assert!(check_output_dir(dir.path(), &dir.path().join("public")).is_ok());
    }
}

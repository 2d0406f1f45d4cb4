//! The one output sink every page and emitter writes into: files go straight to the staging folder
//! as they are made (nothing is held until the end), or nowhere for `check`.

use super::manifest::{FileDigest, Manifest};
use std::collections::{HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// Where output goes, with counts of what was written.
#[derive(Debug)]
pub struct OutputSink {
    /// The folder written into (the staging folder, or `serve`'s output); `None` when discarding.
    dir: Option<PathBuf>,
    /// Folders already made below `dir`.
    created: Mutex<HashSet<PathBuf>>,
    files: AtomicUsize,
    bytes: AtomicU64,
    largest: Mutex<(u64, String)>,
    /// Files actually written (not skipped, linked or kept as unchanged).
    written: AtomicUsize,
    mode: Mode,
}

/// How a sink treats the files it is given: what it compares them with, and what it records.
#[derive(Debug)]
enum Mode {
    /// Nothing is written (`check`); files are only counted.
    Discard,
    /// Every file is written.
    Write,
    /// `serve`: a file whose bytes have the digest the last build recorded for it is not written
    /// again. The digests are kept for the next build, with the paths this build wrote or found
    /// unchanged.
    Incremental {
        known: Mutex<HashMap<String, FileDigest>>,
        touched: Mutex<HashSet<String>>,
    },
    /// A whole new tree, to be swapped in: a file unchanged from the `previous` output (by the
    /// manifest's digest, or by its bytes where there is no manifest) is hard-linked from there
    /// instead of written (a link is much cheaper than a new file, and removing the previous
    /// output afterwards frees nothing but names). Every file's digest is recorded for the next
    /// manifest.
    Replace {
        previous: Option<PathBuf>,
        manifest: Manifest,
        digests: Mutex<Vec<(String, FileDigest)>>,
    },
    /// Only the changed files, to be moved into the `previous` output
    /// ([`super::staging::Staging::commit_in_place`]): a file the manifest records with the same
    /// digest is neither written nor linked, only listed in `kept`.
    Patch {
        previous: PathBuf,
        manifest: Manifest,
        digests: Mutex<Vec<(String, FileDigest)>>,
        kept: Mutex<Vec<String>>,
    },
}

/// What a sink received.
#[derive(Debug, Clone, Default)]
pub struct SinkStats {
    pub files: usize,
    pub bytes: u64,
    /// The largest file (bytes, path).
    pub largest: (u64, String),
}

impl OutputSink {
    fn with_mode(dir: Option<&Path>, mode: Mode) -> OutputSink {
        OutputSink {
            created: Mutex::new(dir.iter().map(|d| d.to_path_buf()).collect()),
            dir: dir.map(Path::to_path_buf),
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            largest: Mutex::new((0, String::new())),
            written: AtomicUsize::new(0),
            mode,
        }
    }

    /// A sink that writes every file below `dir` (which must exist).
    pub fn to_dir(dir: &Path) -> OutputSink {
        OutputSink::with_mode(Some(dir), Mode::Write)
    }

    /// A sink that only counts (`check`).
    pub fn discard() -> OutputSink {
        OutputSink::with_mode(None, Mode::Discard)
    }

    /// A sink that writes a whole tree below `dir`, linking files that are unchanged from
    /// `previous` (the output being replaced): those `manifest` records with the same digest, or,
    /// for files it does not record, those whose bytes are the same.
    pub fn reusing(dir: &Path, previous: Option<PathBuf>, manifest: Manifest) -> OutputSink {
        let digests = Mutex::new(Vec::new());
        OutputSink::with_mode(
            Some(dir),
            Mode::Replace {
                previous,
                manifest,
                digests,
            },
        )
    }

    /// A sink that writes only the files that changed from `previous` below `dir`, for
    /// [`super::staging::Staging::commit_in_place`]: a file `manifest` records with the same
    /// digest is left where it is and listed in [`OutputSink::take_kept`]. With an empty manifest
    /// (none, or damaged) this is [`OutputSink::reusing`], for a whole-tree swap.
    pub fn updating(dir: &Path, previous: PathBuf, manifest: Manifest) -> OutputSink {
        if manifest.is_empty() {
            return OutputSink::reusing(dir, Some(previous), manifest);
        }
        let (digests, kept) = (Mutex::new(Vec::new()), Mutex::new(Vec::new()));
        OutputSink::with_mode(
            Some(dir),
            Mode::Patch {
                previous,
                manifest,
                digests,
                kept,
            },
        )
    }

    /// A sink that writes below `dir` in place, skipping files whose bytes are those `known`
    /// records for them (the digests of the previous build); see [`OutputSink::into_known`].
    pub fn incremental(dir: &Path, known: HashMap<String, FileDigest>) -> OutputSink {
        let (known, touched) = (Mutex::new(known), Mutex::new(HashSet::new()));
        OutputSink::with_mode(Some(dir), Mode::Incremental { known, touched })
    }

    /// Whether unchanged files were left in the previous output instead of being linked into
    /// the staging folder (the build must then commit in place).
    pub fn is_in_place(&self) -> bool {
        matches!(self.mode, Mode::Patch { .. })
    }

    /// The files an in-place sink found unchanged and left in the previous output.
    pub fn take_kept(&self) -> Vec<String> {
        match &self.mode {
            Mode::Patch { kept, .. } => kept.lock().map(|mut k| std::mem::take(&mut *k)).unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// The digest of every file written or linked by a [`OutputSink::reusing`] or
    /// [`OutputSink::updating`] sink, for the output's manifest; `None` for other sinks, or when a
    /// write could not record its digest.
    pub fn take_digests(&self) -> Option<Vec<(String, FileDigest)>> {
        match &self.mode {
            Mode::Replace { digests, .. } | Mode::Patch { digests, .. } => {
                digests.lock().ok().map(|mut d| std::mem::take(&mut *d))
            }
            _ => None,
        }
    }

    /// The hashes of every file this sink holds now (for the next incremental build), and the
    /// paths this build wrote or found unchanged.
    pub fn into_known(self) -> (HashMap<String, FileDigest>, HashSet<String>) {
        match self.mode {
            Mode::Incremental { known, touched } => (
                known.into_inner().unwrap_or_default(),
                touched.into_inner().unwrap_or_default(),
            ),
            _ => Default::default(),
        }
    }

    /// Files actually written (not skipped as unchanged).
    pub fn written(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }

    /// Whether written files are kept (false for `check`).
    pub fn keeps_files(&self) -> bool {
        !matches!(self.mode, Mode::Discard)
    }

    /// Writes `bytes` at `path` (relative, `/`-separated).
    pub fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        self.count(path, bytes.len() as u64);
        match &self.mode {
            Mode::Discard => return Ok(()),
            Mode::Write => {}
            Mode::Incremental { known, touched } => {
                let digest = FileDigest::of(bytes);
                let unchanged = known
                    .lock()
                    .map(|mut k| k.insert(path.to_string(), digest) == Some(digest))
                    .unwrap_or(false);
                if let Ok(mut t) = touched.lock() {
                    t.insert(path.to_string());
                }
                if unchanged && self.dir.as_ref().is_some_and(|d| d.join(path).is_file()) {
                    return Ok(());
                }
            }
            Mode::Replace {
                previous,
                manifest,
                digests,
            } => {
                if self.reuse(path, bytes, previous.as_deref(), manifest, digests, None)? {
                    return Ok(());
                }
            }
            Mode::Patch {
                previous,
                manifest,
                digests,
                kept,
            } => {
                if self.reuse(path, bytes, Some(previous), manifest, digests, Some(kept))? {
                    return Ok(());
                }
            }
        }
        match self.target(path)? {
            Some(target) => {
                self.written.fetch_add(1, Ordering::Relaxed);
                std::fs::write(target, bytes)
            }
            None => Ok(()),
        }
    }

    /// Records the digest of `bytes` for `path`, and keeps (`kept` given) or links the file of
    /// the `previous` output when it is unchanged; `true` when nothing is left to write.
    fn reuse(
        &self,
        path: &str,
        bytes: &[u8],
        previous: Option<&Path>,
        manifest: &Manifest,
        digests: &Mutex<Vec<(String, FileDigest)>>,
        kept: Option<&Mutex<Vec<String>>>,
    ) -> io::Result<bool> {
        check_relative(path)?;
        let digest = FileDigest::of(bytes);
        if let Ok(mut d) = digests.lock() {
            d.push((path.to_string(), digest));
        }
        let Some(previous) = previous else {
            return Ok(false);
        };
        let old = previous.join(path);
        let same = if manifest.is_empty() {
            std::fs::symlink_metadata(&old).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
                && std::fs::read(&old).is_ok_and(|b| b == bytes)
        } else {
            manifest.holds(path, digest, &old)
        };
        if !same {
            return Ok(false);
        }
        if let Some(kept) = kept {
            if let Ok(mut kept) = kept.lock() {
                kept.push(path.to_string());
                return Ok(true);
            }
            return Ok(false);
        }
        Ok(matches!(self.target(path)?, Some(target) if std::fs::hard_link(&old, &target).is_ok()))
    }

    /// Copies the file at `source` to `path` (read and written as [`OutputSink::write`] does
    /// when the sink records digests, so that an unchanged copy is kept too).
    pub fn copy(&self, path: &str, source: &Path) -> io::Result<()> {
        if matches!(self.mode, Mode::Replace { .. } | Mode::Patch { .. }) {
            return self.write(path, &std::fs::read(source)?);
        }
        match self.target(path)? {
            Some(target) => {
                let n = std::fs::copy(source, target)?;
                self.count(path, n);
                Ok(())
            }
            None => {
                self.count(path, std::fs::metadata(source).map(|m| m.len()).unwrap_or(0));
                Ok(())
            }
        }
    }

    pub fn stats(&self) -> SinkStats {
        SinkStats {
            files: self.files.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
            largest: self.largest.lock().map(|l| l.clone()).unwrap_or_default(),
        }
    }

    fn count(&self, path: &str, len: u64) {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(len, Ordering::Relaxed);
        if let Ok(mut largest) = self.largest.lock()
            && (len, path) > (largest.0, largest.1.as_str())
        {
            *largest = (len, path.to_string());
        }
    }

    /// The file to write for `path`, with its folder created; `None` when discarding.
    fn target(&self, path: &str) -> io::Result<Option<PathBuf>> {
        let Some(dir) = &self.dir else { return Ok(None) };
        check_relative(path)?;
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            let known = self.created.lock().map(|c| c.contains(parent)).unwrap_or(false);
            if !known {
                std::fs::create_dir_all(parent)?;
                if let Ok(mut c) = self.created.lock() {
                    c.insert(parent.to_path_buf());
                }
            }
        }
        Ok(Some(target))
    }
}

/// Refuses an output path that would leave the output folder (`..`, absolute, empty parts).
fn check_relative(path: &str) -> io::Result<()> {
    if path.split('/').any(|p| p == ".." || p.is_empty()) || path.starts_with('/') {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("输出路径 {path} 不在输出目录内"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_into_folders_and_counts() {
        let dir = tempfile::tempdir().unwrap();
        let sink = OutputSink::to_dir(dir.path());
        sink.write("a/b/index.html", b"hello").unwrap();
        sink.write("x.txt", b"hi").unwrap();
        assert_eq!(std::fs::read(dir.path().join("a/b/index.html")).unwrap(), b"hello");
        let stats = sink.stats();
        assert_eq!((stats.files, stats.bytes), (2, 7));
        assert_eq!(stats.largest, (5, "a/b/index.html".to_string()));
        assert!(
            sink.write("../escape.txt", b"no").is_err(),
            "nothing leaves the output folder"
        );
        assert!(sink.write("/abs.txt", b"no").is_err());
    }

    #[test]
    fn an_incremental_sink_writes_only_changed_files() {
        let dir = tempfile::tempdir().unwrap();
        let first = OutputSink::incremental(dir.path(), HashMap::new());
        first.write("a.html", b"one").unwrap();
        first.write("b.html", b"two").unwrap();
        assert_eq!(first.written(), 2);
        let second = OutputSink::incremental(dir.path(), first.into_known().0);
        second.write("a.html", b"one").unwrap();
        second.write("b.html", b"TWO").unwrap();
        assert_eq!(second.written(), 1, "a.html is unchanged");
        assert_eq!(std::fs::read(dir.path().join("b.html")).unwrap(), b"TWO");
    }

    #[test]
    fn unchanged_files_are_linked_from_the_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old");
        std::fs::create_dir_all(old.join("a")).unwrap();
        std::fs::write(old.join("a/same.html"), b"same").unwrap();
        std::fs::write(old.join("changed.html"), b"before").unwrap();
        let new = dir.path().join("new");
        std::fs::create_dir_all(&new).unwrap();
        let sink = OutputSink::reusing(&new, Some(old.clone()), Manifest::default());
        sink.write("a/same.html", b"same").unwrap();
        sink.write("changed.html", b"after").unwrap();
        assert_eq!(sink.written(), 1, "the unchanged file is linked, not written");
        assert_eq!(std::fs::read(new.join("a/same.html")).unwrap(), b"same");
        assert_eq!(std::fs::read(new.join("changed.html")).unwrap(), b"after");
        assert_eq!(
            std::fs::read(old.join("changed.html")).unwrap(),
            b"before",
            "the old output is untouched"
        );
    }

    #[test]
    fn with_a_manifest_unchanged_files_are_found_by_digest_without_reading_them() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old");
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join("same.html"), b"same").unwrap();
        // The manifest records "same" for a file that holds "SAME": the file itself is not read,
        // so it is linked (which shows the manifest decides), while a file it does not record is
        // written.
        std::fs::write(old.join("recorded.html"), b"SAME").unwrap();
        std::fs::write(old.join("unrecorded.html"), b"same").unwrap();
        let manifest_path = dir.path().join(".old.manifest");
        let digest = FileDigest::of(b"same");
        super::super::manifest::write_manifest(
            &manifest_path,
            vec![("same.html".into(), digest), ("recorded.html".into(), digest)],
        )
        .unwrap();
        let new = dir.path().join("new");
        std::fs::create_dir_all(&new).unwrap();
        let sink = OutputSink::reusing(&new, Some(old.clone()), Manifest::read(&manifest_path));
        for path in ["same.html", "recorded.html", "unrecorded.html"] {
            sink.write(path, b"same").unwrap();
        }
        sink.write("changed.html", b"new").unwrap();
        assert_eq!(sink.written(), 2, "unrecorded.html and changed.html are written");
        assert_eq!(std::fs::read(new.join("unrecorded.html")).unwrap(), b"same");
        assert_eq!(std::fs::read(new.join("recorded.html")).unwrap(), b"SAME");
        let mut digests = sink.take_digests().unwrap();
        digests.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            digests,
            vec![
                ("changed.html".to_string(), FileDigest::of(b"new")),
                ("recorded.html".to_string(), digest),
                ("same.html".to_string(), digest),
                ("unrecorded.html".to_string(), digest),
            ],
            "every file's digest is kept for the next manifest"
        );
    }

    #[test]
    fn updating_with_a_manifest_writes_only_changed_files_and_lists_the_kept_ones() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old");
        std::fs::create_dir_all(old.join("a")).unwrap();
        std::fs::write(old.join("a/same.html"), b"same").unwrap();
        std::fs::write(old.join("changed.html"), b"before").unwrap();
        let manifest_path = dir.path().join(".old.manifest");
        super::super::manifest::write_manifest(
            &manifest_path,
            vec![
                ("a/same.html".into(), FileDigest::of(b"same")),
                ("changed.html".into(), FileDigest::of(b"before")),
            ],
        )
        .unwrap();
        let new = dir.path().join("new");
        std::fs::create_dir_all(&new).unwrap();
        let sink = OutputSink::updating(&new, old.clone(), Manifest::read(&manifest_path));
        assert!(sink.is_in_place());
        sink.write("a/same.html", b"same").unwrap();
        sink.write("changed.html", b"after").unwrap();
        assert_eq!(sink.take_kept(), ["a/same.html"]);
        assert!(
            !new.join("a").exists(),
            "nothing is made for a kept file, not even its folder"
        );
        assert_eq!(std::fs::read(new.join("changed.html")).unwrap(), b"after");
        assert_eq!(sink.take_digests().unwrap().len(), 2);
        // Without a manifest nothing is trusted: unchanged files are compared and linked.
        let other = dir.path().join("other");
        std::fs::create_dir_all(&other).unwrap();
        assert!(!OutputSink::updating(&other, old, Manifest::default()).is_in_place());
    }

    #[test]
    fn discard_counts_only() {
        let sink = OutputSink::discard();
        sink.write("a.html", b"abc").unwrap();
        assert_eq!(sink.stats().files, 1);
        assert!(!sink.keeps_files());
    }
}

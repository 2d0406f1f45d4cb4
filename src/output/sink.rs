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
    /// The staging folder; `None` discards everything (for `check`).
    dir: Option<PathBuf>,
    created: Mutex<HashSet<PathBuf>>,
    files: AtomicUsize,
    bytes: AtomicU64,
    largest: Mutex<(u64, String)>,
    /// For `serve`: the digest of what each file held after the last build; a file whose bytes did not
    /// change is not written again.
    known: Option<Mutex<HashMap<String, FileDigest>>>,
    /// Paths written (or found unchanged) by this build.
    touched: Mutex<HashSet<String>>,
    written: AtomicUsize,
    /// The previous output: a file whose bytes are unchanged is hard-linked from there instead of
    /// written again (creating a link is much cheaper than creating a file on most file systems,
    /// and removing the previous output afterwards then frees nothing but names).
    previous: Option<PathBuf>,
    /// What the previous output held by the manifest beside it: an unchanged file is found by its
    /// digest, without reading the old file.
    manifest: Manifest,
    /// The digest of every file written or linked, for the next build's manifest (`None`: not
    /// recorded).
    digests: Option<Mutex<Vec<(String, FileDigest)>>>,
    /// Whether the output is to be updated in place (see [`super::staging::Staging::commit_in_place`]):
    /// with a manifest to trust, an unchanged file is neither written nor linked, only listed in
    /// `kept`, and the staging folder receives the changed files alone.
    in_place: bool,
    /// Files found unchanged in the previous output and left there (in place only).
    kept: Mutex<Vec<String>>,
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
    /// A sink that writes below `dir` (which must exist).
    pub fn to_dir(dir: &Path) -> OutputSink {
        OutputSink::new(Some(dir.to_path_buf()))
    }

    /// A sink writing below `dir`, or only counting when `None`.
    fn new(dir: Option<PathBuf>) -> OutputSink {
        OutputSink {
            created: Mutex::new(dir.iter().cloned().collect()),
            dir,
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            largest: Mutex::new((0, String::new())),
            known: None,
            touched: Mutex::new(HashSet::new()),
            written: AtomicUsize::new(0),
            previous: None,
            manifest: Manifest::default(),
            digests: None,
            in_place: false,
            kept: Mutex::new(Vec::new()),
        }
    }

    /// A sink that writes below `dir`, linking files that are unchanged from `previous` (the
    /// output being replaced): those `manifest` records with the same digest, or, for files it
    /// does not record, those whose bytes are the same.
    pub fn reusing(dir: &Path, previous: Option<PathBuf>, manifest: Manifest) -> OutputSink {
        let mut sink = OutputSink::to_dir(dir);
        sink.previous = previous;
        sink.manifest = manifest;
        sink.digests = Some(Mutex::new(Vec::new()));
        sink
    }

    /// A sink that writes only the files that changed from `previous` below `dir`, for
    /// [`super::staging::Staging::commit_in_place`]: a file `manifest` records with the same
    /// digest is left where it is and listed in [`OutputSink::take_kept`]. With an empty manifest
    /// (none, or damaged) this is [`OutputSink::reusing`], for a whole-tree swap.
    pub fn updating(dir: &Path, previous: PathBuf, manifest: Manifest) -> OutputSink {
        let in_place = !manifest.is_empty();
        let mut sink = OutputSink::reusing(dir, Some(previous), manifest);
        sink.in_place = in_place;
        sink
    }

    /// Whether unchanged files were left in the previous output instead of being linked into
    /// the staging folder (the build must then commit in place).
    pub fn is_in_place(&self) -> bool {
        self.in_place
    }

    /// The files an in-place sink found unchanged and left in the previous output.
    pub fn take_kept(&self) -> Vec<String> {
        self.kept
            .lock()
            .map(|mut k| std::mem::take(&mut *k))
            .unwrap_or_default()
    }

    /// The digest of every file written or linked by a [`OutputSink::reusing`] sink, for the
    /// output's manifest; `None` when a write could not record its digest.
    pub fn take_digests(&self) -> Option<Vec<(String, FileDigest)>> {
        self.digests.as_ref()?.lock().ok().map(|mut d| std::mem::take(&mut *d))
    }

    /// A sink that writes below `dir` in place, skipping files whose bytes are those `known`
    /// records for them (the digests of the previous build); see [`OutputSink::into_known`].
    pub fn incremental(dir: &Path, known: HashMap<String, FileDigest>) -> OutputSink {
        let mut sink = OutputSink::to_dir(dir);
        sink.known = Some(Mutex::new(known));
        sink
    }

    /// The hashes of every file this sink holds now (for the next incremental build), and the
    /// paths this build wrote or found unchanged.
    pub fn into_known(self) -> (HashMap<String, FileDigest>, HashSet<String>) {
        (
            self.known.and_then(|k| k.into_inner().ok()).unwrap_or_default(),
            self.touched.into_inner().unwrap_or_default(),
        )
    }

    /// Files actually written (not skipped as unchanged).
    pub fn written(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }

    /// A sink that only counts.
    pub fn discard() -> OutputSink {
        OutputSink::new(None)
    }

    /// Whether written files are kept (false for `check`).
    pub fn keeps_files(&self) -> bool {
        self.dir.is_some()
    }

    /// Writes `bytes` at `path` (relative, `/`-separated).
    pub fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        self.count(path, bytes.len() as u64);
        if let Some(known) = &self.known {
            let digest = FileDigest::of(bytes);
            let unchanged = known
                .lock()
                .map(|mut k| k.insert(path.to_string(), digest) == Some(digest))
                .unwrap_or(false);
            if let Ok(mut t) = self.touched.lock() {
                t.insert(path.to_string());
            }
            if unchanged && self.dir.as_ref().is_some_and(|d| d.join(path).is_file()) {
                return Ok(());
            }
        }
        if self.dir.is_none() {
            return Ok(());
        }
        check_relative(path)?;
        let digest = self.digests.as_ref().map(|digests| {
            let digest = FileDigest::of(bytes);
            if let Ok(mut d) = digests.lock() {
                d.push((path.to_string(), digest));
            }
            digest
        });
        if let (Some(previous), Some(digest)) = (&self.previous, digest) {
            let old = previous.join(path);
            let same = if self.manifest.is_empty() {
                std::fs::symlink_metadata(&old).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
                    && std::fs::read(&old).is_ok_and(|b| b == bytes)
            } else {
                self.manifest.holds(path, digest, &old)
            };
            if same && self.in_place {
                if let Ok(mut kept) = self.kept.lock() {
                    kept.push(path.to_string());
                    return Ok(());
                }
            } else if same
                && let Some(target) = self.target(path)?
                && std::fs::hard_link(&old, &target).is_ok()
            {
                return Ok(());
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

    /// Copies the file at `source` to `path` (read and written as [`OutputSink::write`] does
    /// when the sink records digests, so that an unchanged copy is kept too).
    pub fn copy(&self, path: &str, source: &Path) -> io::Result<()> {
        if self.digests.is_some() {
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

//! The output manifest: the length and content hash of every file a build wrote, kept beside the
//! output (`.<name>.manifest`), so the next build can tell an unchanged file without reading it.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// First line of a manifest file; a file without it is not used.
const HEADER: &str = "jiedui-manifest 1";

/// What one output file held: its length and the XXH3-128 hash of its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileDigest {
    pub len: u64,
    pub hash: u128,
}

impl FileDigest {
    pub fn of(bytes: &[u8]) -> FileDigest {
        FileDigest {
            len: bytes.len() as u64,
            hash: xxhash_rust::xxh3::xxh3_128(bytes),
        }
    }
}

/// The digests of a previous output, and when they were written: a file of that output changed
/// after the manifest (by hand, or by another tool) is not trusted to hold what it records.
#[derive(Debug, Default)]
pub struct Manifest {
    files: HashMap<String, FileDigest>,
    written: Option<SystemTime>,
}

impl Manifest {
    /// The manifest at `path`; empty when it is missing or not a manifest.
    pub fn read(path: &Path) -> Manifest {
        let (Ok(text), Ok(meta)) = (std::fs::read_to_string(path), std::fs::metadata(path)) else {
            return Manifest::default();
        };
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return Manifest::default();
        }
        let mut files = HashMap::new();
        for line in lines {
            let mut parts = line.splitn(3, ' ');
            let (Some(hash), Some(len), Some(file)) = (parts.next(), parts.next(), parts.next()) else {
                return Manifest::default();
            };
            let (Ok(hash), Ok(len)) = (u128::from_str_radix(hash, 16), len.parse()) else {
                return Manifest::default();
            };
            files.insert(file.to_string(), FileDigest { len, hash });
        }
        Manifest {
            files,
            written: meta.modified().ok(),
        }
    }

    /// Whether the manifest holds anything.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Whether `old` (the previous output's file at `path`) still holds bytes with `digest`: the
    /// manifest recorded that digest, and the file has its length and was not modified after the
    /// manifest was written.
    pub fn holds(&self, path: &str, digest: FileDigest, old: &Path) -> bool {
        let (Some(recorded), Some(written)) = (self.files.get(path), self.written) else {
            return false;
        };
        *recorded == digest
            && std::fs::symlink_metadata(old)
                .is_ok_and(|m| m.is_file() && m.len() == digest.len && m.modified().is_ok_and(|t| t <= written))
    }
}

/// Writes the digests of `files` (path, digest) to `path`, sorted by path, through a temporary
/// file renamed into place.
pub fn write_manifest(path: &Path, mut files: Vec<(String, FileDigest)>) -> io::Result<()> {
    use rayon::prelude::*;
    // The last step of a build, on its own: sorted in parallel (a stable sort, as before).
    files.par_sort_by(|a, b| a.0.cmp(&b.0));
    let mut text = String::with_capacity(files.len() * 80);
    text.push_str(HEADER);
    text.push('\n');
    // A path with a line break cannot be written on a line; its file is then compared by reading.
    for (file, digest) in files.iter().filter(|(file, _)| !file.contains(['\n', '\r'])) {
        push_hex(&mut text, digest.hash);
        text.push(' ');
        text.push_str(itoa::Buffer::new().format(digest.len));
        text.push(' ');
        text.push_str(file);
        text.push('\n');
    }
    let temporary = PathBuf::from(format!("{}.new", path.display()));
    let mut out = std::fs::File::create(&temporary)?;
    out.write_all(text.as_bytes())?;
    drop(out);
    std::fs::rename(&temporary, path)
}

/// Writes `hash` as 32 lowercase hexadecimal digits (what `{:032x}` writes).
fn push_hex(text: &mut String, hash: u128) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for shift in (0..32).rev() {
        text.push(char::from(HEX[((hash >> (shift * 4)) & 0xf) as usize]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_written_as_32_hex_digits() {
        for hash in [0, 1, 0xabc, u128::MAX, 0x0123_4567_89ab_cdef_fedc_ba98_7654_3210] {
            let mut text = String::new();
            push_hex(&mut text, hash);
            assert_eq!(text, format!("{hash:032x}"));
        }
    }

    #[test]
    fn a_manifest_reads_back_what_was_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".public.manifest");
        let files = vec![
            ("b/index.html".to_string(), FileDigest::of(b"two")),
            ("a b/空格 名称.html".to_string(), FileDigest::of(b"one")),
        ];
        write_manifest(&path, files.clone()).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("jiedui-manifest 1\n"));
        assert!(
            text.find("a b/").unwrap() < text.find("b/index").unwrap(),
            "sorted by path"
        );
        let manifest = Manifest::read(&path);
        assert_eq!(manifest.files.len(), 2);
        assert_eq!(manifest.files["a b/空格 名称.html"], FileDigest::of(b"one"));
    }

    #[test]
    fn a_file_is_trusted_only_with_its_digest_length_and_an_older_time() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("public");
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join("a.html"), b"same").unwrap();
        std::fs::write(old.join("b.html"), b"same").unwrap();
        let path = dir.path().join(".public.manifest");
        let digest = FileDigest::of(b"same");
        write_manifest(&path, vec![("a.html".into(), digest), ("b.html".into(), digest)]).unwrap();
        let manifest = Manifest::read(&path);
        assert!(manifest.holds("a.html", digest, &old.join("a.html")));
        assert!(!manifest.holds("a.html", FileDigest::of(b"other"), &old.join("a.html")));
        assert!(!manifest.holds("c.html", digest, &old.join("c.html")), "not recorded");
        // Edited by hand after the manifest: same length, later time.
        let later = std::fs::metadata(&path).unwrap().modified().unwrap() + std::time::Duration::from_secs(5);
        std::fs::write(old.join("b.html"), b"SAME").unwrap();
        std::fs::File::options()
            .write(true)
            .open(old.join("b.html"))
            .unwrap()
            .set_modified(later)
            .unwrap();
        assert!(!manifest.holds("b.html", digest, &old.join("b.html")));
        std::fs::remove_file(old.join("a.html")).unwrap();
        assert!(!manifest.holds("a.html", digest, &old.join("a.html")), "removed");
    }

    #[test]
    fn a_damaged_or_missing_manifest_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m");
        assert!(Manifest::read(&path).is_empty());
        std::fs::write(&path, "something else\n0 1 a.html\n").unwrap();
        assert!(Manifest::read(&path).is_empty());
        std::fs::write(&path, "jiedui-manifest 1\nzz 1 a.html\n").unwrap();
        assert!(Manifest::read(&path).is_empty());
    }
}

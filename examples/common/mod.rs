//! Helpers shared by the benchmarks.

/// The process's peak resident memory (VmHWM) as Linux reports it.
#[allow(dead_code)]
pub fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}

/// The gzipped size of `bytes` (what a browser downloads from a server that compresses).
#[allow(dead_code)]
pub fn gzip_len(bytes: &[u8]) -> usize {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let _ = e.write_all(bytes);
    e.finish().map(|v| v.len()).unwrap_or(0)
}

/// What the browser downloads for a file a query read, as `QueryResult::files` names it: a whole
/// file gzipped; a range (`k/12.bin#300-450`) as its bytes, since a range is answered uncompressed.
#[allow(dead_code)]
pub fn download_len(read: &dyn Fn(&str) -> Option<Vec<u8>>, name: &str) -> usize {
    let Some(bytes) = jiedui_devkit::query::read_part(read, name) else {
        return 0;
    };
    if name.contains('#') {
        bytes.len()
    } else {
        gzip_len(&bytes)
    }
}

/// Place names for synthetic pages: the eight border counties, then decoys for exact matching
/// (东营市 … 兴安县 must not match 东兴) and two supporting cities.
#[allow(dead_code)]
pub const PLACES: [&str; 12] = [
    "防城港市防城区",
    "东兴市",
    "那坡县",
    "靖西市",
    "大新县",
    "宁明县",
    "龙州县",
    "凭祥市",
    "东营市",
    "兴安县",
    "桂林市",
    "柳州市",
];

/// The same allocator as the `jiedui` binary, so the benchmarks measure what users run.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Copies a folder tree.
#[allow(dead_code)]
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().filter_map(Result::ok) {
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The first Markdown file in `content/notices/` of the site at `root`, by name.
#[allow(dead_code)]
pub fn first_notice(root: &std::path::Path) -> std::path::PathBuf {
    let mut files: Vec<_> = std::fs::read_dir(root.join("content/notices"))
        .expect("the site has content/notices/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    files.first().expect("a notice in content/notices/").clone()
}

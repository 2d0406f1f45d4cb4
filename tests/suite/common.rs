//! Helpers shared by the integration tests: building a site into a temporary folder.

#![allow(dead_code)]

use jiedui::{BuildFailure, BuildOptions, BuildSummary};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

/// Builds `root` into `output`, with no base-URL override.
pub fn build_into(root: &Path, output: &Path) -> Result<BuildSummary, BuildFailure> {
    let options = BuildOptions {
        root: root.to_path_buf(),
        output: Some(output.to_path_buf()),
        base_url: None,
        drafts: false,
        today: None,
    };
    jiedui::build(&options, &|_| {})
}

pub fn read(output: &Path, path: &str) -> String {
    std::fs::read_to_string(output.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every file under `dir` with its bytes, by relative path.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                jiedui::load::content::relative(dir, e.path()),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Copies a folder tree (for tests that change a site).
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().filter_map(Result::ok) {
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The `site.toml` of the small sites tests write.
pub const SITE_TOML: &str = "title = \"测试\"\nbase_url = \"https://edu.example.cn/\"\n";

/// Writes a small site into `root`: `site.toml` and each `(path, contents)` under it, folders
/// made as needed.
pub fn write_site(root: &Path, files: &[(&str, &[u8])]) {
    std::fs::create_dir_all(root).unwrap();
    std::fs::write(root.join("site.toml"), SITE_TOML).unwrap();
    for (path, contents) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
}

/// One body row of a table: its markup, and its cells' markup under their columns' headings.
pub struct TableRow {
    pub html: String,
    pub cells: Vec<(String, String)>,
}

impl TableRow {
    /// The markup of the cell under `heading` (panics when the table has no such column).
    pub fn cell(&self, heading: &str) -> &str {
        self.cells
            .iter()
            .find(|(h, _)| h == heading)
            .map(|(_, c)| c.as_str())
            .unwrap_or_else(|| panic!("no column {heading} in {}", self.html))
    }
}

/// The body rows of every table with a heading row in `html` (cells are labelled by their
/// column's heading, as site.js labels them, not in the markup).
pub fn table_rows(html: &str) -> Vec<TableRow> {
    let mut rows = Vec::new();
    for table in html.split("<table").skip(1) {
        let table = &table[..table.find("</table>").unwrap_or(table.len())];
        let (Some(head), Some(body)) = (table.split("<thead>").nth(1), table.split("<tbody>").nth(1)) else {
            continue;
        };
        let head = &head[..head.find("</thead>").unwrap_or(head.len())];
        let headings: Vec<String> = head
            .split("<th")
            .skip(1)
            .map(|th| text_of(&th[th.find('>').map_or(0, |i| i + 1)..th.find("</th>").unwrap_or(th.len())]))
            .collect();
        for row in body.split("<tr").skip(1) {
            let row = &row[..row.find("</tr>").unwrap_or(row.len())];
            let cells = row
                .split("<td")
                .skip(1)
                .map(|td| td[td.find('>').map_or(0, |i| i + 1)..td.find("</td>").unwrap_or(td.len())].to_string());
            rows.push(TableRow {
                html: row.to_string(),
                cells: headings.iter().cloned().zip(cells).collect(),
            });
        }
    }
    rows
}

/// The text of an HTML fragment, tags left out.
/// The place a school's, body's or region's page gives in its 所在地区 value, as text
/// (`湖北省 › 武汉市`); `page` is the page's folder (`schools/苍溪中学`).
pub fn page_place(output: &Path, page: &str) -> String {
    let html = read(output, &format!("{page}/index.html"));
    let cell = html
        .split("所在地区</dt><dd>")
        .nth(1)
        .unwrap_or_else(|| panic!("{page} has no place cell"));
    text_of(&cell[..cell.find("</dd>").unwrap()])
}

pub fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// `jiedui serve` running on a copy of a site, on a free port of 127.0.0.1; stopped (SIGTERM,
/// which also removes its temporary folder) when dropped.
pub struct Served {
    /// The folder holding the copy (removed after the server stops).
    _dir: tempfile::TempDir,
    /// The copied site, for tests that edit it.
    pub root: PathBuf,
    /// `127.0.0.1:PORT`.
    pub address: String,
    child: std::process::Child,
}

impl Served {
    /// Serves a copy of `site` with the binary this test run built.
    pub fn start(site: &Path) -> Served {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        copy_dir(site, &root);
        let (child, url) = jiedui_devkit::serve_process::spawn(Path::new(env!("CARGO_BIN_EXE_jiedui")), &root);
        assert!(url.starts_with("http://127.0.0.1:"), "{url}");
        let address = url.trim_start_matches("http://").trim_end_matches('/').to_string();
        Served {
            _dir: dir,
            root,
            address,
            child,
        }
    }

    /// Stops the server as Ctrl+C would and returns whether it exited cleanly.
    pub fn stop(mut self) -> bool {
        self.terminate()
    }

    fn terminate(&mut self) -> bool {
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let start = std::time::Instant::now();
        while start.elapsed() < std::time::Duration::from_secs(10) {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.success();
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        false
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            self.terminate();
        }
    }
}

/// Each pairing of an open-data JSON file as `编号<TAB>受援方<TAB>其所在地区<TAB>支援方<TAB>其所在地区`
/// (several supporters joined by 、), the lines placement tests compare with their expected TSV.
pub fn placement_lines(pairings_json: &str) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(pairings_json).unwrap();
    let joined = |v: &serde_json::Value| {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect::<Vec<_>>()
            .join("、")
    };
    json.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            [
                r["number"].to_string(),
                r["recipient"].as_str().unwrap().to_string(),
                r["recipient_region"].as_str().unwrap().to_string(),
                joined(&r["supporters"]),
                joined(&r["supporter_regions"]),
            ]
            .join("\t")
        })
        .collect()
}

/// The lines of a TSV of expected placements, its `#` comment lines left out.
pub fn expected_lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// The lines of `got` that differ from `want`, each shown with the one it should be.
pub fn placed_otherwise(got: &[String], want: &[String]) -> Vec<String> {
    got.iter()
        .zip(want)
        .filter(|(g, w)| g != w)
        .map(|(g, w)| format!("got  {g}\nwant {w}"))
        .collect()
}

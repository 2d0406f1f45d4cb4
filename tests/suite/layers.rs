//! The import graph of `src/`: every `crate::`, `super::` and child-module path in every file
//! (parsed with `syn`, re-exports followed to the file that defines the item), checked for
//! circles between files and for arrows that point up the layers ARCHITECTURE.md draws.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use syn::visit::Visit;

/// The layers, lowest first: a file may import from its own layer's module or a lower one.
/// `main.rs` and `serve.rs` (the binary's modules) are not part of the library and are not read.
const LAYERS: &[&[&str]] = &[
    &[
        "diagnostics",
        "text_position",
        "date",
        "slug",
        "escape",
        "personal_data",
        "huge_pages",
    ],
    &["config", "divisions"],
    &["load"],
    &["model", "markdown"],
    &["output"],
    &["render"],
    &["pages"],
    &["search"],
    &["emit"],
    &["build", "incremental", "init", "import"],
    &["lib"],
];

/// A source file's module path (`render::routes`), from its path below `src/`.
fn module_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_string());
    }
    parts
}

/// The file that defines module `module`, if any.
fn file_of(src: &Path, module: &[String]) -> Option<PathBuf> {
    if module.is_empty() {
        return Some(PathBuf::from("lib.rs"));
    }
    let joined: PathBuf = module.iter().collect();
    [joined.with_extension("rs"), joined.join("mod.rs")]
        .into_iter()
        .find(|candidate| src.join(candidate).is_file())
}

/// Paths (as segments) a file names: `use` trees and every path in its code outside test modules.
#[derive(Default)]
struct Paths {
    found: Vec<Vec<String>>,
    /// `pub use a::b::C` → ("C", ["a","b","C"]) (with `as`, the new name).
    reexports: Vec<(String, Vec<String>)>,
}

fn is_test_item(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.meta
                .require_list()
                .is_ok_and(|l| l.tokens.to_string().contains("test"))
    })
}

fn use_paths(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<(String, Vec<String>)>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            use_paths(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let mut full = prefix.clone();
            if n.ident != "self" {
                full.push(n.ident.to_string());
            }
            out.push((n.ident.to_string(), full));
        }
        syn::UseTree::Rename(r) => {
            let mut full = prefix.clone();
            full.push(r.ident.to_string());
            out.push((r.rename.to_string(), full));
        }
        syn::UseTree::Glob(_) => out.push(("*".into(), prefix.clone())),
        syn::UseTree::Group(g) => {
            for t in &g.items {
                use_paths(t, prefix, out);
            }
        }
    }
}

impl<'ast> Visit<'ast> for Paths {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if !is_test_item(&m.attrs) {
            syn::visit::visit_item_mod(self, m);
        }
    }
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        if !is_test_item(&f.attrs) {
            syn::visit::visit_item_fn(self, f);
        }
    }
    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        if is_test_item(&u.attrs) {
            return;
        }
        let mut out = Vec::new();
        use_paths(&u.tree, &mut Vec::new(), &mut out);
        let public = matches!(u.vis, syn::Visibility::Public(_) | syn::Visibility::Restricted(_));
        for (name, path) in out {
            if public {
                self.reexports.push((name, path.clone()));
            }
            self.found.push(path);
        }
    }
    /// `pub(crate)`, `pub(super)`: not imports.
    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {}
    fn visit_path(&mut self, p: &'ast syn::Path) {
        self.found
            .push(p.segments.iter().map(|s| s.ident.to_string()).collect());
        syn::visit::visit_path(self, p);
    }
}

struct Crate {
    src: PathBuf,
    files: BTreeMap<PathBuf, Paths>,
}

impl Crate {
    fn read(src: &Path) -> Crate {
        let mut files = BTreeMap::new();
        for entry in walk(src) {
            let rel = entry.strip_prefix(src).unwrap().to_path_buf();
            if rel == Path::new("main.rs") || rel.starts_with("serve") || rel == Path::new("serve.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&entry).unwrap();
            let ast = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", rel.display()));
            let mut paths = Paths::default();
            paths.visit_file(&ast);
            files.insert(rel, paths);
        }
        Crate {
            src: src.to_path_buf(),
            files,
        }
    }

    /// The file that defines what `path` (written in module `here`) names, following re-exports.
    fn resolve(&self, here: &[String], path: &[String], depth: usize) -> Option<PathBuf> {
        let absolute: Vec<String> = match path.first().map(String::as_str) {
            Some("crate") => path[1..].to_vec(),
            Some("super") => {
                let mut base = here.to_vec();
                let mut rest = path;
                while rest.first().map(String::as_str) == Some("super") {
                    base.pop();
                    rest = &rest[1..];
                }
                base.extend(rest.iter().cloned());
                base
            }
            Some("self") => here.iter().chain(&path[1..]).cloned().collect(),
            Some(first) => {
                // A child module named without `self::` (`use sink::OutputSink` in emit/mod.rs).
                let mut child = here.to_vec();
                child.push(first.to_string());
                file_of(&self.src, &child)?;
                here.iter().chain(path).cloned().collect()
            }
            None => return None,
        };
        // The longest prefix that is a module with a file.
        let mut n = absolute.len();
        while n > 0 && file_of(&self.src, &absolute[..n]).is_none() {
            n -= 1;
        }
        let file = file_of(&self.src, &absolute[..n])?;
        if depth < 8
            && let Some(next) = absolute.get(n)
            && let Some((_, target)) = self.files.get(&file)?.reexports.iter().find(|(name, _)| name == next)
        {
            let mut target = target.clone();
            target.extend(absolute[n + 1..].iter().cloned());
            return self.resolve(&absolute[..n], &target, depth + 1).or(Some(file));
        }
        Some(file)
    }

    /// File → the files it imports from (not itself).
    fn graph(&self) -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
        let mut graph = BTreeMap::new();
        for (file, paths) in &self.files {
            let here = module_of(file);
            let targets: BTreeSet<PathBuf> = paths
                .found
                .iter()
                .filter_map(|p| self.resolve(&here, p, 0))
                .filter(|t| t != file)
                .collect();
            graph.insert(file.clone(), targets);
        }
        graph
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            out.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// Every circle of the graph, as the files of each strongly connected part (Tarjan).
fn circles(graph: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Vec<Vec<PathBuf>> {
    struct State<'g> {
        graph: &'g BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        index: BTreeMap<&'g PathBuf, usize>,
        low: BTreeMap<&'g PathBuf, usize>,
        stack: Vec<&'g PathBuf>,
        on_stack: BTreeSet<&'g PathBuf>,
        parts: Vec<Vec<PathBuf>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g PathBuf) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.graph.get(v).into_iter().flatten() {
            let Some((w, _)) = s.graph.get_key_value(w) else {
                continue;
            };
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut part = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                part.push(w.clone());
                if w == v {
                    break;
                }
            }
            if part.len() > 1 {
                part.sort();
                s.parts.push(part);
            }
        }
    }
    let mut s = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        parts: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.parts
}

/// The layer of a file: the index in [`LAYERS`] of its top-level module.
fn layer_of(file: &Path) -> Option<usize> {
    let top = file.iter().next()?.to_string_lossy();
    let top = top.trim_end_matches(".rs");
    LAYERS.iter().position(|l| l.contains(&top))
}

fn src_graph() -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    Crate::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src")).graph()
}

/// Writes the graph (`JIEDUI_PRINT_IMPORTS=1 cargo test layers -- --nocapture`).
fn print(graph: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) {
    if std::env::var_os("JIEDUI_PRINT_IMPORTS").is_some() {
        for (file, targets) in graph {
            let list: Vec<String> = targets.iter().map(|t| t.display().to_string()).collect();
            println!("{} -> {}", file.display(), list.join(", "));
        }
    }
}

#[test]
fn no_file_imports_itself_through_others() {
    let graph = src_graph();
    print(&graph);
    assert!(graph.len() > 50, "the walk found the source files: {}", graph.len());
    let found = circles(&graph);
    let shown: Vec<String> = found
        .iter()
        .map(|c| {
            c.iter()
                .map(|f| f.display().to_string())
                .collect::<Vec<_>>()
                .join(" ↔ ")
        })
        .collect();
    assert!(found.is_empty(), "import circles between files:\n{}", shown.join("\n"));
}

#[test]
fn imports_point_down_the_layers() {
    let graph = src_graph();
    let mut wrong = Vec::new();
    for (file, targets) in &graph {
        let Some(from) = layer_of(file) else {
            wrong.push(format!("{} is in no layer (add it to LAYERS)", file.display()));
            continue;
        };
        for t in targets {
            if layer_of(t).is_some_and(|to| to > from) {
                wrong.push(format!(
                    "{} imports {} from a higher layer",
                    file.display(),
                    t.display()
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_checker_finds_a_planted_circle_and_an_upward_arrow() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::create_dir_all(src.join("model")).unwrap();
    std::fs::create_dir_all(src.join("render")).unwrap();
    std::fs::write(src.join("lib.rs"), "pub mod model;\npub mod render;\n").unwrap();
    std::fs::write(src.join("model/mod.rs"), "pub mod a;\npub use a::Thing;\n").unwrap();
    std::fs::write(
        src.join("model/a.rs"),
        "use crate::render::views::View;\npub struct Thing;\n",
    )
    .unwrap();
    std::fs::write(src.join("render/mod.rs"), "pub mod views;\n").unwrap();
    std::fs::write(
        src.join("render/views.rs"),
        "pub struct View;\nfn f() -> crate::model::Thing { crate::model::Thing }\n",
    )
    .unwrap();
    let graph = Crate::read(src).graph();
    let a = PathBuf::from("model/a.rs");
    let views = PathBuf::from("render/views.rs");
    assert!(graph[&views].contains(&a), "the re-export is followed: {graph:?}");
    assert_eq!(circles(&graph), vec![vec![a.clone(), views.clone()]]);
    assert!(
        layer_of(&a) < layer_of(&views),
        "model/a.rs imports from render, a higher layer"
    );
}

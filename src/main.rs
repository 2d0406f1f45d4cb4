//! The `jiedui` command line: build, serve, check, init and import. The only place that prints.

/// mimalloc: the index and page builders make many small allocations; measured faster than the
/// system allocator (see ARCHITECTURE.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(feature = "serve")]
mod serve;

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use jiedui::{BuildEvent, BuildFailure, BuildOptions, BuildSummary, Diagnostic};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::Instant;

/// Pages above which a progress bar is shown.
const PROGRESS_THRESHOLD: usize = 200;

#[derive(Parser)]
#[command(
    name = "jiedui",
    version,
    about = "结对帮扶门户静态网站生成器 — a static site generator for school pairing portals"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 构建网站到输出目录（默认 public/），全部成功后才替换旧输出
    Build {
        /// 站点根目录（含 site.toml）
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// 输出目录（默认 <root>/public）
        #[arg(long)]
        output: Option<PathBuf>,
        /// 覆盖 site.toml 中的 base_url
        #[arg(long)]
        base_url: Option<String>,
        /// 同时构建标为草稿（draft = true）的文件
        #[arg(long)]
        drafts: bool,
        /// 同时发布日期在今天（北京时间）之后、还没到发布日的通知和报告，用于预览，不要上传
        #[arg(long)]
        future: bool,
    },
    /// 本地预览：构建后在 127.0.0.1 提供网页，文件改动后自动重建并刷新浏览器
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// 监听地址（默认只允许本机访问）
        #[arg(long, default_value = "127.0.0.1")]
        interface: String,
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        #[arg(long)]
        drafts: bool,
        /// 同时发布日期在今天（北京时间）之后、还没到发布日的通知和报告，用于预览，不要上传
        #[arg(long)]
        future: bool,
    },
    /// 检查全部内容与模板，列出所有问题，不写任何文件
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        drafts: bool,
        /// 同时发布日期在今天（北京时间）之后、还没到发布日的通知和报告，用于预览，不要上传
        #[arg(long)]
        future: bool,
    },
    /// 新建一个可以立即构建的站点
    Init {
        /// 新站点的目录（不存在或为空）
        dir: PathBuf,
    },
    /// 把 Word 通知（.docx）导入为通知文件夹：元数据、正文、附件表格，结对名单另建项目文件
    Import {
        /// Word 文件（.docx；.doc 和 .wps 请先另存为 .docx）
        file: PathBuf,
        /// 站点根目录（含 site.toml）
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// 通知文件夹的名称（默认用 Word 文件名），也是网址的一段
        #[arg(long)]
        slug: Option<String>,
    },
}

/// The day up to which dated notices and reports are published: today (China Standard Time), or
/// none with `--future`.
fn publish_until(future: bool) -> Option<chrono::NaiveDate> {
    (!future).then(jiedui::date::today_in_china)
}

fn main() -> ExitCode {
    jiedui::huge_pages::avoid();
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            future,
        } => {
            let options = BuildOptions {
                root,
                output,
                base_url,
                drafts,
                today: publish_until(future),
            };
            run_build(&options)
        }
        Command::Check { root, drafts, future } => {
            let options = BuildOptions {
                root,
                output: None,
                base_url: None,
                drafts,
                today: publish_until(future),
            };
            run_check(&options)
        }
        Command::Serve {
            root,
            interface,
            port,
            drafts,
            future,
        } => run_serve(root, interface, port, (drafts, publish_until(future))),
        Command::Init { dir } => run_init(&dir),
        Command::Import { file, root, slug } => run_import(&file, &root, slug.as_deref()),
    }
}

/// Imports a Word notice, says what it found and what to fill in, then checks the site as `check`
/// does, showing what concerns the new files.
fn run_import(file: &Path, root: &Path, slug: Option<&str>) -> ExitCode {
    if !root.join("site.toml").is_file() {
        eprintln!("错误: {} 中没有 site.toml，不是 jiedui 站点", display_path(root));
        eprintln!("  提示: 在站点文件夹中运行，或用 --root 指定站点；新建站点用 jiedui init");
        return ExitCode::FAILURE;
    }
    let imported = match jiedui::import::import_docx(root, file, slug) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("错误: {e}");
            return ExitCode::FAILURE;
        }
    };
    for f in &imported.written {
        println!("新建 {}", display_path(&root.join(f)));
    }
    for (field, value) in &imported.found {
        println!("  {field}：{value}");
    }
    if !imported.missing.is_empty() {
        println!(
            "  文件中没有找到：{}，请在 {}/index.md 中补上",
            imported.missing.join("、"),
            imported.folder
        );
    }
    let options = BuildOptions {
        today: None,
        ..BuildOptions::new(root)
    };
    let concerns = |d: &Diagnostic| {
        d.file.starts_with(&imported.folder) || imported.programme.as_deref().is_some_and(|p| d.file == p)
    };
    match jiedui::check(&options, &|_| {}) {
        Ok(summary) => {
            let mine: Vec<Diagnostic> = summary.warnings.iter().filter(|d| concerns(d)).cloned().collect();
            print_diagnostics(&mine);
            for t in summary.tables.iter().filter(|t| t.file.starts_with(&imported.folder)) {
                println!("结对表 {}：读取 {} 行，得到 {} 对结对", t.file, t.rows_read, t.pairings);
            }
            println!(
                "导入完成：请核对 {}/index.md{}，再运行 jiedui serve 预览",
                imported.folder,
                match &imported.programme {
                    Some(p) => format!(" 和 {p}"),
                    None => String::new(),
                }
            );
            ExitCode::SUCCESS
        }
        Err(failure) => {
            let mine: Vec<Diagnostic> = failure.diagnostics.iter().filter(|d| concerns(d)).cloned().collect();
            print_diagnostics(&mine);
            let others = failure
                .diagnostics
                .iter()
                .filter(|d| d.is_error() && !concerns(d))
                .count();
            if others > 0 {
                eprintln!("（站点中另有 {others} 个与本次导入无关的错误，运行 jiedui check 查看）");
            }
            println!(
                "已导入，但检查未通过：按上面的提示改正 {} 中的文件后再构建",
                imported.folder
            );
            ExitCode::FAILURE
        }
    }
}

fn run_build(options: &BuildOptions) -> ExitCode {
    let start = Instant::now();
    let bar = Progress::default();
    let result = jiedui::build(options, &|e| bar.on_event(e));
    bar.finish();
    match result {
        Ok(summary) => {
            let warnings = without_inferences(&summary.warnings);
            print_diagnostics(&warnings);
            print_tables(&summary);
            if let Some(line) = summary.placement.line() {
                println!("{line}");
            }
            let output = summary.output.as_deref().map(display_path).unwrap_or_default();
            let (documents, pages, files) = (summary.documents, summary.pages, summary.files);
            let outcome = match summary.update {
                None => format!("共写入 {files} 个文件到 {output}"),
                Some(update) if update.written == 0 && update.removed == 0 => {
                    format!("共 {files} 个文件，与 {output} 中的完全相同，没有改动")
                }
                Some(update) => format!(
                    "共 {files} 个文件；{output} 中写入 {} 个有变化的文件，删除 {} 个，其余不变",
                    update.written, update.removed
                ),
            };
            println!(
                "构建完成：{documents} 篇文件，{pages} 个页面，{outcome}，用时 {:.2} 秒",
                start.elapsed().as_secs_f64()
            );
            if std::env::var_os("JIEDUI_TIMINGS").is_some() {
                for (stage, took) in &summary.timings {
                    println!("  {stage}: {:.2} 秒", took.as_secs_f64());
                }
            }
            ExitCode::SUCCESS
        }
        Err(failure) => {
            let output = display_path(&options.output_dir());
            report_failure(&failure, &format!("构建失败，{output} 保持原样"));
            ExitCode::FAILURE
        }
    }
}

fn run_check(options: &BuildOptions) -> ExitCode {
    match jiedui::check(options, &|_| {}) {
        Ok(summary) => {
            print_diagnostics(&summary.warnings);
            print_tables(&summary);
            let infos = summary.warnings.iter().filter(|d| d.is_info()).count();
            let warnings = summary.warnings.len() - infos;
            println!(
                "检查通过：{} 篇文件，{} 个页面，{warnings} 个警告，{infos} 条推断",
                summary.documents, summary.pages
            );
            ExitCode::SUCCESS
        }
        Err(failure) => {
            report_failure(&failure, "检查未通过");
            ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "serve"))]
fn run_serve(_: PathBuf, _: String, _: u16, _: (bool, Option<chrono::NaiveDate>)) -> ExitCode {
    eprintln!("错误: 这个 jiedui 构建时没有包含预览服务器（serve 功能）");
    eprintln!(
        "  提示: 用 cargo install jiedui（默认包含 serve）重新安装，或用 jiedui build 后用任一静态服务器打开 public/"
    );
    ExitCode::FAILURE
}

#[cfg(feature = "serve")]
fn run_serve(
    root: PathBuf,
    interface: String,
    port: u16,
    (drafts, today): (bool, Option<chrono::NaiveDate>),
) -> ExitCode {
    use serve::{ServeEvent, ServeOptions, Wake};
    let output = std::env::temp_dir().join(format!("jiedui-serve-{}", std::process::id()));
    let options = ServeOptions {
        root,
        interface,
        port,
        drafts,
        today,
        output,
    };
    let (sender, wake) = std::sync::mpsc::channel();
    // Ctrl+C (or a terminating signal) stops the server, so that its temporary folder is removed.
    let on_signal = sender.clone();
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = on_signal.send(Wake::Stop);
    }) {
        eprintln!(
            "警告: 无法接管 Ctrl+C（{e}），退出后请手动删除 {}",
            options.output.display()
        );
    }
    let result = serve::serve(&options, (sender, wake), &|event| match event {
        ServeEvent::Listening { url } => {
            println!("正在预览：{url}  （Ctrl+C 退出）");
            let others = lan_addresses(&url);
            if !others.is_empty() {
                println!("同一网络中的手机或电脑可打开：{}", others.join("  "));
            }
        }
        ServeEvent::Rebuilt { rebuilt, elapsed } => {
            let warnings = without_inferences(&rebuilt.warnings);
            print_diagnostics(&warnings);
            println!(
                "已构建：{} 个页面（重新生成 {} 个，写入 {} 个文件），用时 {:.2} 秒",
                rebuilt.pages,
                rebuilt.rendered,
                rebuilt.written,
                elapsed.as_secs_f64()
            );
        }
        ServeEvent::Failed(failure) => report_failure(&failure, "构建失败，继续显示上一次成功的结果"),
        ServeEvent::OutputsFailed(failure) => {
            report_failure(&failure, "搜索索引、公开数据、feed 或 sitemap 未能更新，页面不受影响")
        }
        ServeEvent::Changed { paths } => {
            let names: Vec<String> = paths.iter().take(3).map(|p| display_path(p)).collect();
            println!("文件有改动：{}", names.join("、"));
        }
    });
    let _ = std::fs::remove_dir_all(&options.output);
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "错误: 无法启动预览服务器（{}:{}）: {e}",
                options.interface, options.port
            );
            eprintln!("  提示: 端口可能已被占用，换一个端口，例如 jiedui serve --port 1112");
            ExitCode::FAILURE
        }
    }
}

/// The addresses other machines of the network reach a server on an unspecified interface
/// (`--interface 0.0.0.0` or `::`) by: one per network interface, loopback left out.
#[cfg(feature = "serve")]
fn lan_addresses(url: &str) -> Vec<String> {
    let Some(rest) = url.strip_prefix("http://") else {
        return Vec::new();
    };
    let Some((host, port)) = rest.trim_end_matches('/').rsplit_once(':') else {
        return Vec::new();
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let Ok(ip) = host.parse::<std::net::IpAddr>() else {
        return Vec::new();
    };
    if !ip.is_unspecified() {
        return Vec::new();
    }
    let mut out: Vec<String> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .filter(|i| !i.is_loopback() && (ip.is_ipv6() || i.ip().is_ipv4()))
        .map(|i| match i.ip() {
            std::net::IpAddr::V4(v4) => format!("http://{v4}:{port}/"),
            std::net::IpAddr::V6(v6) => format!("http://[{v6}]:{port}/"),
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

fn run_init(dir: &Path) -> ExitCode {
    match jiedui::init::init_site(dir) {
        Ok(files) => {
            for f in &files {
                println!("新建 {}", display_path(&dir.join(f)));
            }
            println!("站点已建好。下一步：cd {} && jiedui serve", display_path(dir));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("错误: 无法在 {} 新建站点: {e}", display_path(dir));
            eprintln!("  提示: 选一个不存在或为空的目录");
            ExitCode::FAILURE
        }
    }
}

/// Errors and warnings only: inference notes are for `check`.
fn without_inferences(diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
    diagnostics.iter().filter(|d| !d.is_info()).cloned().collect()
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{d}");
    }
}

/// One line per pairing table: rows read and pairings found (the conservation check).
fn print_tables(summary: &BuildSummary) {
    for t in &summary.tables {
        let sheet = t.sheet.as_ref().map(|s| format!("（工作表 {s}）")).unwrap_or_default();
        let encoding = t.encoding.map(|e| format!("，{e} 编码")).unwrap_or_default();
        let ends = if t.ends > 0 {
            format!("，{} 行退出结对", t.ends)
        } else {
            String::new()
        };
        println!(
            "结对表 {}{sheet}：读取 {} 行，得到 {} 对结对{ends}{encoding}",
            t.file, t.rows_read, t.pairings
        );
    }
}

fn report_failure(failure: &BuildFailure, what: &str) {
    let shown = without_inferences(&failure.diagnostics);
    print_diagnostics(&shown);
    let errors = failure.error_count();
    let warnings = shown.len() - errors;
    eprintln!("{what}：{errors} 个错误，{warnings} 个警告");
}

fn display_path(path: &Path) -> String {
    let text = path.display().to_string();
    text.strip_prefix("./").map(str::to_string).unwrap_or(text)
}

/// A progress bar for large builds, drawn on stderr only when it is a terminal.
#[derive(Default)]
struct Progress {
    bar: Mutex<Option<ProgressBar>>,
}

impl Progress {
    fn on_event(&self, event: BuildEvent) {
        let BuildEvent::Rendered { done, total } = event else {
            return;
        };
        if total < PROGRESS_THRESHOLD {
            return;
        }
        let Ok(mut slot) = self.bar.lock() else { return };
        let bar = slot.get_or_insert_with(|| {
            let bar = ProgressBar::new(total as u64);
            if let Ok(style) = ProgressStyle::with_template("渲染页面 {bar:40} {pos}/{len}") {
                bar.set_style(style);
            }
            bar
        });
        bar.set_position(done as u64);
    }

    fn finish(&self) {
        if let Ok(mut slot) = self.bar.lock()
            && let Some(bar) = slot.take()
        {
            bar.finish_and_clear();
        }
    }
}

//! `prepoll check` and `prepoll baseline`: build the checker once, check
//! the files in parallel, and print. Reports arrive as files finish, so
//! `jsonl` streams and a progress line can follow them; every other format
//! prints once, in the order the files were found.

use std::collections::HashMap;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::walk::{collect_files, shown};
use super::{
    CheckArgs, CliError, ColorArg, CommonArgs, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, FailOn,
    FormatArg, msg, today, write_atomically,
};
use crate::baseline::Baseline;
use crate::candidates;
use crate::config::{self, Config};
use crate::engine::{CheckOptions, Checker, FileReport, ReadFile};
use crate::finding::Severity;
use crate::report::{self, OutputFormat, RunReport};

/// Show progress past this many files, when stderr is a terminal.
const PROGRESS_FROM: usize = 300;

fn load_config(common: &CommonArgs, paths: &[PathBuf]) -> Result<Config, CliError> {
    if let Some(path) = &common.config {
        if !path.is_file() {
            return Err(msg(format!("{}: config file not found", path.display())));
        }
        return config::load(path).map_err(msg);
    }
    let cwd = std::env::current_dir().map_err(msg)?;
    // The nearest config to the current folder; failing that, to the first
    // path checked. Standard input counts as the file it is named as
    // (`--stdin-filename`), as an editor names the buffer it pipes in.
    let stdin_name = common.stdin_filename.as_deref().map(Path::new);
    let found = config::discover(&cwd).or_else(|| {
        let first = paths.iter().find_map(|p| {
            if p.as_os_str() == "-" {
                stdin_name
            } else {
                Some(p.as_path())
            }
        });
        first.and_then(|p| {
            let abs = cwd.join(p);
            let dir = if abs.is_dir() {
                abs
            } else {
                abs.parent()?.to_path_buf()
            };
            config::discover(&dir)
        })
    });
    match found {
        Some(path) => config::load(&path).map_err(msg),
        None => Ok(Config::default()),
    }
}

/// Files read ahead for their words by `build_checker`, by path as given,
/// to be checked without reading them again.
type ReadFiles = Vec<(PathBuf, ReadFile)>;

/// Builds the checker from the options shared by `check` and `baseline`.
fn build_checker(
    common: &CommonArgs,
    paths: &[PathBuf],
) -> Result<(Checker, bool, chrono::NaiveDate, ReadFiles), CliError> {
    if let Some(n) = common.threads {
        if n == 0 {
            return Err(msg("--threads must be at least 1"));
        }
        // Process-wide: the command line builds one pool, before any work.
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .map_err(msg)?;
    }
    let config = load_config(common, paths)?;
    let mut extra = Vec::new();
    for path in &common.candidates {
        if !path.is_file() {
            return Err(msg(format!(
                "{}: candidates file does not exist",
                path.display()
            )));
        }
        extra.extend(candidates::load(path, None).map_err(msg)?);
    }
    let has_config = config.path.is_some();
    let today = today()?;
    let mut options = CheckOptions {
        date: common.date,
        election: common.election.clone(),
        assume_period: common.assume_period,
        kind: common.kind.map(|k| k.as_str().to_string()),
        today,
        max_file_size: common.max_file_size,
        extract: crate::extract::ExtractOptions {
            post_columns: crate::extract::posts::PostColumns {
                date: common.date_column.clone(),
                text: common.text_column.clone(),
            },
        },
        vocabulary: None,
    };
    // A few named files (a pre-commit hook's), or a document piped in (an
    // editor's): read them first, so the automaton holds only what may
    // occur in them (see `Vocabulary`). They are then checked as read, not
    // read again; standard input is filed under "-".
    let stdin = paths
        .iter()
        .any(|p| p.as_os_str() == "-")
        .then(|| crate::engine::read_stdin(common.stdin_filename.as_deref(), &options));
    let named: Vec<&Path> = paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .map(PathBuf::as_path)
        .collect();
    let mut read = Vec::new();
    if !paths.is_empty()
        && let Some(ahead) = crate::engine::read_ahead(&named, stdin.as_ref(), &options)
    {
        options.vocabulary = Some(ahead.vocabulary);
        read = ahead.files;
    }
    if let Some(stdin) = stdin {
        read.push((PathBuf::from("-"), stdin));
    }
    let checker = Checker::new(config, extra, options).map_err(msg)?;
    Ok((checker, has_config, today, read))
}

/// Checks every path; `on_report` sees each report as its file finishes.
/// Returns the reports in the order the files were found.
fn check_paths(
    checker: &Checker,
    paths: &[PathBuf],
    read: ReadFiles,
    stdin_filename: Option<&str>,
    mut on_report: impl FnMut(&FileReport) + Send,
) -> Vec<FileReport> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths.to_vec()
    };
    let mut files: Vec<(PathBuf, String, bool)> = Vec::new();
    let mut problems: Vec<FileReport> = Vec::new();
    let mut reports: Vec<FileReport> = Vec::new();
    // A file read ahead (`build_checker`) is checked as it was read;
    // standard input, always read ahead, is under "-".
    let mut read: HashMap<PathBuf, ReadFile> = read.into_iter().collect();
    for path in &paths {
        if path.as_os_str() == "-" {
            // A second "-" reads what is left of standard input: nothing.
            let stdin = read
                .remove(path)
                .unwrap_or_else(|| crate::engine::read_stdin(stdin_filename, &checker.options));
            let r = checker.check_read_file(stdin, stdin_filename.unwrap_or("<stdin>"), true);
            on_report(&r);
            reports.push(r);
        } else {
            collect_files(path, &checker.config, &mut files, &mut problems);
        }
    }
    let total = files.len();
    let jobs: Vec<_> = files
        .into_iter()
        .map(|(path, name, explicit)| {
            let ahead = read.remove(&path);
            (path, name, explicit, ahead)
        })
        .collect();
    // Each report is handed on by the thread that made it, in turn: a
    // thread of its own to receive them was woken for every file, and
    // took turns on the cores with the checking.
    let sink = Mutex::new(Sink {
        on_report,
        progress: Progress::new(total),
        done: (0..total).map(|_| None).collect(),
    });
    jobs.into_par_iter()
        .enumerate()
        .for_each(|(i, (path, name, explicit, ahead))| {
            let report = match ahead {
                Some(file) => checker.check_read_file(file, &name, explicit),
                None => checker.check_found_file(&path, &name, explicit),
            };
            // Should a hand-off panic, rayon raises it again once every
            // thread is done; the others carry on until then.
            let mut sink = sink.lock().unwrap_or_else(PoisonError::into_inner);
            (sink.on_report)(&report);
            sink.progress.tick();
            sink.done[i] = Some(report);
        });
    let Sink {
        mut on_report,
        progress,
        done,
    } = sink.into_inner().unwrap_or_else(PoisonError::into_inner);
    progress.finish();
    reports.extend(done.into_iter().flatten());
    for p in &problems {
        on_report(p);
    }
    reports.extend(problems);
    reports
}

/// Where the checking threads hand on their reports, one at a time.
struct Sink<F> {
    on_report: F,
    progress: Progress,
    /// The reports by the order their files were found.
    done: Vec<Option<FileReport>>,
}

/// A one-line progress count on stderr for long batch audits: only on a
/// terminal, never in pipes or CI, and only past a few hundred files.
struct Progress {
    total: usize,
    done: usize,
    enabled: bool,
    last: Instant,
}

impl Progress {
    fn new(total: usize) -> Self {
        let enabled =
            total > PROGRESS_FROM && io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        Progress {
            total,
            done: 0,
            enabled,
            last: Instant::now(),
        }
    }

    fn tick(&mut self) {
        self.done += 1;
        if self.enabled
            && (self.last.elapsed() > Duration::from_millis(100) || self.done == self.total)
        {
            self.last = Instant::now();
            const WIDTH: usize = 30;
            let filled = WIDTH * self.done / self.total.max(1);
            eprint!(
                "\rprepoll [{}{}] {}/{} files",
                "#".repeat(filled),
                " ".repeat(WIDTH - filled),
                self.done,
                self.total
            );
        }
    }

    fn finish(&self) {
        if self.enabled {
            eprint!("\r\x1b[2K");
        }
    }
}

pub(crate) fn run_check(args: CheckArgs) -> Result<i32, CliError> {
    let (checker, has_config, today, read) = build_checker(&args.common, &args.paths)?;
    let baseline = match &args.baseline {
        Some(path) => Some(Baseline::load(path).map_err(msg)?),
        None => None,
    };
    let format = match args.format {
        FormatArg::Human => OutputFormat::Human,
        FormatArg::Json => OutputFormat::Json,
        FormatArg::Jsonl => OutputFormat::Jsonl,
        FormatArg::Sarif => OutputFormat::Sarif,
        FormatArg::Html => OutputFormat::Html,
    };
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    // Not locked for the run: the checking threads write JSON Lines in turn.
    let mut out = io::BufWriter::new(io::stdout());
    let mut baselined = 0;
    let mut stream_error: Option<io::Error> = None;
    let mut reports = check_paths(
        &checker,
        &args.paths,
        read,
        args.common.stdin_filename.as_deref(),
        |report| {
            // JSON Lines streams: each file's findings as soon as it is checked.
            if format == OutputFormat::Jsonl && stream_error.is_none() {
                // A copy only to take out what the baseline already holds.
                let result = match &baseline {
                    Some(b) => {
                        let mut one = [report.clone()];
                        baselined += b.filter(&mut one);
                        report::json::write_file_lines(&mut out, &one[0])
                    }
                    None => report::json::write_file_lines(&mut out, report),
                }
                .and_then(|_| out.flush());
                if let Err(e) = result {
                    stream_error = Some(e);
                }
            }
        },
    );
    if let Some(e) = stream_error {
        return Err(e.into());
    }
    if let Some(b) = &baseline
        && format != OutputFormat::Jsonl
    {
        baselined = b.filter(&mut reports);
    }
    let next_period = checker
        .next_period_after(today)
        .map(|(e, d)| (e.id.clone(), d));
    let run = RunReport {
        files: &reports,
        elections: checker.elections().collect(),
        next_period,
        today,
        has_config,
        baselined,
        quiet: args.quiet,
        summary: args.summary,
    };
    if format != OutputFormat::Jsonl {
        report::write(&mut out, format, &run, color)?;
    }
    out.flush()?;
    // Errors also go to stderr in machine formats, so they are never silent.
    if format != OutputFormat::Human {
        for r in &reports {
            for e in &r.errors {
                eprintln!("prepoll: error: {}: {e}", r.path);
            }
        }
    }
    let code = exit_code(&reports, args.fail_on);
    // The process ends next: freeing a general election's automaton and
    // name tables piece by piece would take longer than the check of a
    // press release, and the OS takes the memory back at once.
    std::mem::forget(checker);
    std::mem::forget(reports);
    Ok(code)
}

fn exit_code(reports: &[FileReport], fail_on: FailOn) -> i32 {
    if reports.iter().any(|r| !r.errors.is_empty()) {
        return EXIT_ERROR;
    }
    let threshold = match fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    let failing = threshold.is_some_and(|t| {
        reports
            .iter()
            .flat_map(|r| &r.findings)
            .any(|f| f.suppressed.is_none() && f.severity >= t)
    });
    if failing { EXIT_FINDINGS } else { EXIT_CLEAN }
}

/// `prepoll patterns`: the scanner's literals, one per line, as matched
/// (ASCII case folded), for a plain literal search to compare with.
pub(crate) fn run_patterns(common: CommonArgs) -> Result<i32, CliError> {
    let (checker, _, _, _) = build_checker(&common, &[])?;
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for p in checker.patterns() {
        writeln!(out, "{p}")?;
    }
    out.flush()?;
    Ok(EXIT_CLEAN)
}

/// `prepoll lsp`: the Language Server on stdio.
pub(crate) fn run_lsp(common: CommonArgs) -> Result<i32, CliError> {
    let (checker, _, _, _) = build_checker(&common, &[])?;
    crate::lsp::run(&checker).map_err(msg)?;
    Ok(EXIT_CLEAN)
}

/// `prepoll serve`: the local web page.
pub(crate) fn run_serve(
    common: CommonArgs,
    bind: std::net::IpAddr,
    port: u16,
    max_upload: u64,
) -> Result<i32, CliError> {
    let (checker, _, _, _) = build_checker(&common, &[])?;
    let options = crate::serve::ServeOptions {
        bind: std::net::SocketAddr::new(bind, port),
        max_upload,
    };
    if !bind.is_loopback() {
        eprintln!(
            "prepoll serve: warning: listening on {bind}: other machines on the network can reach this page and send drafts to it"
        );
    }
    let running = crate::serve::Running::bind(&options).map_err(msg)?;
    let elections = checker.elections().count();
    // The address on stdout, flushed: scripts and tests read it from there.
    println!("prepoll serve: listening on http://{}/", running.addr);
    eprintln!(
        "prepoll serve: {} from the config; press Ctrl-C to stop",
        match elections {
            0 => "no election".to_string(),
            1 => "1 election".to_string(),
            n => format!("{n} elections"),
        }
    );
    io::stdout().flush()?;
    running.run(std::sync::Arc::new(checker), &options);
    Ok(EXIT_CLEAN)
}

pub(crate) fn run_baseline(
    common: CommonArgs,
    paths: Vec<PathBuf>,
    output: PathBuf,
) -> Result<i32, CliError> {
    let (checker, _, _, read) = build_checker(&common, &paths)?;
    let reports = check_paths(
        &checker,
        &paths,
        read,
        common.stdin_filename.as_deref(),
        |_| {},
    );
    for r in &reports {
        for e in &r.errors {
            eprintln!("prepoll: error: {}: {e}", r.path);
        }
    }
    let baseline = Baseline::from_reports(&reports);
    let mut text = serde_json::to_string_pretty(&baseline).map_err(msg)?;
    text.push('\n');
    write_atomically(&output, text.as_bytes())
        .map_err(|e| msg(format!("{}: cannot write baseline: {e}", output.display())))?;
    eprintln!(
        "prepoll: recorded {} findings in {} files to {}",
        baseline.findings.len(),
        reports.len(),
        shown(&output)
    );
    Ok(if reports.iter().any(|r| !r.errors.is_empty()) {
        EXIT_ERROR
    } else {
        EXIT_CLEAN
    })
}

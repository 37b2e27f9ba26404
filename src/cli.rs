//! The command line (clap), in two stages like ripgrep's: parse and validate
//! the arguments, then build the heavy objects (config, candidate names
//! compiled into the automaton) once, run, print, and decide the exit code
//! in one place: 0 clean, 1 findings at or above `--fail-on`, 2 a usage,
//! config or input error.

use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use crate::calendar::{self, ElectionType, Nation};
use crate::candidates;
use crate::config::{self, Config};
use crate::engine::{CheckOptions, Checker, FileReport};
use crate::extract::Format;
use crate::finding::Severity;
use crate::report::{self, OutputFormat, RunReport};
use crate::rules::RuleId;

/// Exit status: nothing at or above `--fail-on`.
pub const EXIT_CLEAN: i32 = 0;
/// Exit status: findings at or above `--fail-on`.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit status: usage, config or input error.
pub const EXIT_ERROR: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "prepoll",
    version,
    about = "Check council publicity against the UK pre-election (\"purdah\") rules",
    long_about = "Check council publicity against the UK pre-election (\"purdah\") rules.\n\n\
Between the notice of election and polling day a council must not publish material that \
names, quotes or pictures candidates, identifies parties, deals with controversial issues or \
reads as electioneering. prepoll reads drafts and published pages and reports each breach at \
its exact place, with the rule and the clause it breaks."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check files and folders against the rules.
    #[command(after_help = "Examples:\n  \
prepoll check news/                      check every draft under news/\n  \
prepoll check draft.md --date 2027-04-12 judge the draft as if published then\n  \
prepoll check site/ --format json        machine-readable report\n  \
cat draft.md | prepoll check - --stdin-filename draft.md\n\n\
Exit status: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage, config or input error.")]
    Check(CheckArgs),
    /// Print the pre-election period of an election.
    #[command(
        after_help = "Example:\n  prepoll calendar --polling-day 2027-05-06 --election-type local --nation england"
    )]
    Calendar(CalendarArgs),
    /// List every rule: id, default severity, title, citation.
    Rules,
    /// Explain a rule: what it checks, why, what is allowed, how to fix.
    #[command(after_help = "Example:\n  prepoll explain candidate-quoted")]
    Explain {
        /// The rule id (see `prepoll rules`).
        rule: String,
    },
    /// Write a commented starter prepoll.toml in the current folder.
    Init {
        /// Overwrite an existing prepoll.toml.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum FormatArg {
    Human,
    Json,
    Jsonl,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
enum KindArg {
    PressRelease,
    WebPage,
    SocialPost,
    Newsletter,
}

impl KindArg {
    fn as_str(self) -> &'static str {
        match self {
            KindArg::PressRelease => "press-release",
            KindArg::WebPage => "web-page",
            KindArg::SocialPost => "social-post",
            KindArg::Newsletter => "newsletter",
        }
    }
}

#[derive(clap::Args, Debug)]
struct CheckArgs {
    /// Files and folders to check (folders recursively, .gitignore-aware); '-' reads stdin.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Config file (default: the nearest prepoll.toml in the current folder or above).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Judge every document at this publication date (default: its own date, else today).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    date: Option<NaiveDate>,
    /// Only this election from the config.
    #[arg(long, value_name = "ID")]
    election: Option<String>,
    /// A candidate list (CSV) added to the config's.
    #[arg(long, value_name = "FILE")]
    candidates: Vec<PathBuf>,
    /// Apply the rules even when the date is outside every period.
    #[arg(long)]
    assume_period: bool,
    /// Output format (human on a terminal; the same findings in every format).
    #[arg(long, value_enum, default_value = "human")]
    format: FormatArg,
    /// Exit 1 when a finding at or above this level remains.
    #[arg(long, value_enum, default_value = "error")]
    fail_on: FailOn,
    /// Name (and so type) of the text read from '-'.
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<String>,
    /// Override the detected kind of publicity.
    #[arg(long, value_enum)]
    kind: Option<KindArg>,
    /// When to use colour (auto: on a terminal, unless NO_COLOR is set).
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorArg,
    /// Refuse files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = crate::engine::DEFAULT_MAX_FILE_SIZE)]
    max_file_size: u64,
}

#[derive(clap::Args, Debug)]
struct CalendarArgs {
    /// Polling day.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    polling_day: NaiveDate,
    /// local, parish, mayoral, gla, pcc, parliamentary, senedd, scottish-parliament, ni-assembly or referendum.
    #[arg(long, value_name = "TYPE")]
    election_type: String,
    /// england, wales, scotland or northern-ireland.
    #[arg(long, value_name = "NATION")]
    nation: Option<String>,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("\"{s}\" is not a date in the form YYYY-MM-DD"))
}

/// Runs the command line and returns the exit status.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    EXIT_CLEAN
                }
                _ => EXIT_ERROR,
            };
        }
    };
    let result = match cli.command {
        Command::Check(args) => run_check(args),
        Command::Calendar(args) => run_calendar(args),
        Command::Rules => run_rules(),
        Command::Explain { rule } => run_explain(&rule),
        Command::Init { force } => run_init(force),
    };
    match result {
        Ok(code) => code,
        Err(CliError::BrokenPipe) => EXIT_CLEAN,
        Err(CliError::Message(m)) => {
            eprintln!("prepoll: error: {m}");
            EXIT_ERROR
        }
    }
}

enum CliError {
    Message(String),
    BrokenPipe,
}

impl From<io::Error> for CliError {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::BrokenPipe {
            CliError::BrokenPipe
        } else {
            CliError::Message(e.to_string())
        }
    }
}

fn msg(e: impl std::fmt::Display) -> CliError {
    CliError::Message(e.to_string())
}

/// The day of the check. `PREPOLL_TODAY` overrides it so that tests and
/// reproducible audits can fix "today".
fn today() -> Result<NaiveDate, CliError> {
    match std::env::var("PREPOLL_TODAY") {
        Ok(s) => parse_date(&s).map_err(|e| msg(format!("PREPOLL_TODAY: {e}"))),
        Err(_) => Ok(chrono::Local::now().date_naive()),
    }
}

fn load_config(args: &CheckArgs) -> Result<Config, CliError> {
    if let Some(path) = &args.config {
        if !path.is_file() {
            return Err(msg(format!("{}: config file not found", path.display())));
        }
        return config::load(path).map_err(msg);
    }
    let cwd = std::env::current_dir().map_err(msg)?;
    // The nearest config to the current folder; failing that, to the first path checked.
    let found = config::discover(&cwd).or_else(|| {
        args.paths
            .iter()
            .find(|p| p.as_os_str() != "-")
            .and_then(|p| {
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

fn run_check(args: CheckArgs) -> Result<i32, CliError> {
    let config = load_config(&args)?;
    let mut extra = Vec::new();
    for path in &args.candidates {
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
    let options = CheckOptions {
        date: args.date,
        election: args.election.clone(),
        assume_period: args.assume_period,
        kind: args.kind.map(|k| k.as_str().to_string()),
        today,
        max_file_size: args.max_file_size,
    };
    let checker = Checker::new(config, extra, options).map_err(msg)?;

    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let mut reports: Vec<FileReport> = Vec::new();
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    let mut early_errors: Vec<FileReport> = Vec::new();
    let mut stdin_report = None;
    for path in &paths {
        if path.as_os_str() == "-" {
            stdin_report = Some(check_stdin(&checker, args.stdin_filename.as_deref()));
        } else {
            collect_files(path, &checker.config, &mut files, &mut early_errors);
        }
    }
    reports.extend(stdin_report);
    reports.extend(checker.check_files(&files));
    reports.extend(early_errors);

    let next_period = checker
        .next_period_after(today)
        .map(|(e, d)| (e.id.clone(), d));
    let run = RunReport {
        files: &reports,
        elections: checker.elections().collect(),
        next_period,
        today,
        has_config,
    };
    let format = match args.format {
        FormatArg::Human => OutputFormat::Human,
        FormatArg::Json => OutputFormat::Json,
        FormatArg::Jsonl => OutputFormat::Jsonl,
    };
    let color = match args.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    report::write(&mut out, format, &run, color)?;
    out.flush()?;
    // Errors also go to stderr in machine formats, so they are never silent.
    if format != OutputFormat::Human {
        for r in &reports {
            for e in &r.errors {
                eprintln!("prepoll: error: {}: {e}", r.path);
            }
        }
    }
    Ok(exit_code(&reports, args.fail_on))
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

fn check_stdin(checker: &Checker, name: Option<&str>) -> FileReport {
    let shown = name.unwrap_or("<stdin>");
    let format = name
        .and_then(|n| Format::from_path(Path::new(n)))
        .unwrap_or(Format::Text);
    let mut bytes = Vec::new();
    let read = io::stdin()
        .lock()
        .take(checker.options.max_file_size + 1)
        .read_to_end(&mut bytes);
    let text = read
        .map_err(|e| e.to_string())
        .and_then(|_| crate::engine::decode(bytes));
    match text {
        Ok(text) => checker.check_source(shown, &text, format),
        Err(e) => FileReport {
            path: shown.to_string(),
            errors: vec![e],
            ..FileReport::default()
        },
    }
}

/// Shows a path the way the user gave it, without a leading "./".
fn shown(path: &Path) -> String {
    let s = path.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

/// Collects the files under `path`: folders are walked (hidden files and
/// .gitignore'd files skipped, config excludes applied) for the formats
/// prepoll reads; a file named explicitly is always checked.
fn collect_files(
    path: &Path,
    config: &Config,
    files: &mut Vec<(PathBuf, String)>,
    errors: &mut Vec<FileReport>,
) {
    let error = |p: &str, e: String| FileReport {
        path: p.to_string(),
        errors: vec![e],
        ..FileReport::default()
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            let m = if e.kind() == io::ErrorKind::NotFound {
                "no such file or folder".to_string()
            } else {
                e.to_string()
            };
            errors.push(error(&shown(path), m));
            return;
        }
    };
    if !meta.is_dir() {
        files.push((path.to_path_buf(), shown(path)));
        return;
    }
    let excludes = build_excludes(config);
    let mut walker = ignore::WalkBuilder::new(path);
    walker
        .standard_filters(true)
        .require_git(false)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b));
    for entry in walker.build() {
        match entry {
            Ok(entry) => {
                let p = entry.path();
                if !entry.file_type().is_some_and(|t| t.is_file()) {
                    continue;
                }
                if Format::from_path(p).is_none() {
                    continue;
                }
                if let Some((root, gi)) = &excludes
                    && let Ok(abs) = std::fs::canonicalize(p)
                    && abs.starts_with(root)
                    && gi.matched_path_or_any_parents(&abs, false).is_ignore()
                {
                    continue;
                }
                files.push((p.to_path_buf(), shown(p)));
            }
            Err(e) => {
                let p = walk_error_path(&e).unwrap_or_else(|| shown(path));
                errors.push(error(&p, walk_error_message(&e)));
            }
        }
    }
}

fn walk_error_path(e: &ignore::Error) -> Option<String> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(shown(path)),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(shown(child)),
        _ => None,
    }
}

fn walk_error_message(e: &ignore::Error) -> String {
    match e {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => walk_error_message(err),
        ignore::Error::Loop { ancestor, .. } => {
            format!(
                "symbolic link loop back to {}: not followed",
                ancestor.display()
            )
        }
        ignore::Error::Io(io) if io.kind() == io::ErrorKind::PermissionDenied => {
            "permission denied".to_string()
        }
        other => other.to_string(),
    }
}

/// The config's `[files] exclude` globs, rooted at the config's folder.
fn build_excludes(config: &Config) -> Option<(PathBuf, ignore::gitignore::Gitignore)> {
    if config.exclude.is_empty() {
        return None;
    }
    let root = config.path.as_ref()?.parent()?;
    let root = std::fs::canonicalize(if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root
    })
    .ok()?;
    let mut b = ignore::gitignore::GitignoreBuilder::new(&root);
    for pattern in &config.exclude {
        let _ = b.add_line(None, pattern);
    }
    b.build().ok().map(|gi| (root, gi))
}

fn run_calendar(args: CalendarArgs) -> Result<i32, CliError> {
    let kind: ElectionType = args.election_type.parse().map_err(msg)?;
    let nation: Nation = match &args.nation {
        Some(n) => n.parse().map_err(msg)?,
        None => kind.home_nation().unwrap_or(Nation::England),
    };
    let timetable = calendar::timetable(kind, nation);
    let notice = calendar::notice_deadline(args.polling_day, kind, nation);
    let mut out = io::stdout().lock();
    writeln!(out, "Election:            {kind} ({nation})")?;
    writeln!(
        out,
        "Polling day:         {}",
        args.polling_day.format("%A %-d %B %Y")
    )?;
    writeln!(
        out,
        "Notice of election:  {} at the latest",
        notice.format("%A %-d %B %Y")
    )?;
    writeln!(out, "Rule:                {}", timetable.rule)?;
    let days = (args.polling_day - notice).num_days() + 1;
    writeln!(
        out,
        "Pre-election period: {} to the close of poll on {} ({days} days)",
        notice.format("%-d %B %Y"),
        args.polling_day.format("%-d %B %Y")
    )?;
    let skipped: Vec<String> = notice
        .iter_days()
        .take_while(|d| *d < args.polling_day)
        .filter(|d| {
            use chrono::Datelike;
            calendar::is_disregarded(*d, kind, nation)
                && !matches!(d.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun)
        })
        .map(|d| d.format("%a %-d %b").to_string())
        .collect();
    if !skipped.is_empty() {
        writeln!(out, "Weekdays not counted: {}", skipped.join(", "))?;
    }
    writeln!(
        out,
        "A returning officer may publish the notice earlier: put the actual date in prepoll.toml as notice_of_election."
    )?;
    Ok(EXIT_CLEAN)
}

fn run_rules() -> Result<i32, CliError> {
    let mut out = io::stdout().lock();
    for id in RuleId::ALL {
        let info = id.info();
        writeln!(
            out,
            "{:<21} {:<8} {}",
            id.as_str(),
            info.severity,
            info.title
        )?;
        writeln!(out, "{:<21} {:<8} {}", "", "", info.citation)?;
    }
    Ok(EXIT_CLEAN)
}

fn run_explain(rule: &str) -> Result<i32, CliError> {
    let id = RuleId::parse(rule).ok_or_else(|| {
        msg(format!(
            "unknown rule \"{rule}\" (see `prepoll rules` for the list)"
        ))
    })?;
    let info = id.info();
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{} ({}, default severity {})",
        info.title, info.id, info.severity
    )?;
    let section = |out: &mut dyn Write, title: &str, body: &str| -> io::Result<()> {
        writeln!(out, "\n{title}\n{}", body.trim())
    };
    section(&mut out, "What it catches", &info.what_it_catches)?;
    section(&mut out, "Why it matters", &info.why_it_matters)?;
    section(
        &mut out,
        "Clause",
        &format!("{}\n{}", info.citation, info.source),
    )?;
    section(&mut out, "Example (flagged)", &info.example)?;
    section(&mut out, "Allowed", &info.allowed)?;
    section(&mut out, "How to fix", &info.how_to_fix)?;
    section(
        &mut out,
        "Known false positives",
        &info.known_false_positives,
    )?;
    Ok(EXIT_CLEAN)
}

fn run_init(force: bool) -> Result<i32, CliError> {
    let path = Path::new(config::CONFIG_FILE_NAME);
    if path.exists() && !force {
        return Err(msg(format!(
            "{} already exists (use --force to overwrite it)",
            path.display()
        )));
    }
    write_atomically(path, config::STARTER.as_bytes())
        .map_err(|e| msg(format!("{}: cannot write: {e}", path.display())))?;
    println!(
        "Wrote {}: fill in your election and candidate list.",
        path.display()
    );
    Ok(EXIT_CLEAN)
}

/// Writes a file through a temporary file and a rename, so an interrupted
/// run never leaves a half-written file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("prepoll");
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

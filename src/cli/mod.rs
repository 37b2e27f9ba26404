//! The command line (clap), in two stages like ripgrep's: parse and validate
//! the arguments, then build the heavy objects (config, candidate names
//! compiled into the automaton) once, run, print, and decide the exit code
//! in one place: 0 clean, 1 findings at or above `--fail-on`, 2 a usage,
//! config or input error.

mod check;
mod walk;

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use crate::calendar::{self, ElectionType, Nation};
use crate::config;
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
prepoll check site/ --format sarif > prepoll.sarif   for GitHub code scanning\n  \
prepoll check site/ --baseline prepoll-baseline.json   only findings not in the baseline\n  \
cat draft.md | prepoll check - --stdin-filename draft.md\n\n\
Exit status: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage, config or input error.")]
    Check(CheckArgs),
    /// Record today's findings, so that `check --baseline FILE` reports only new ones.
    #[command(after_help = "Examples:\n  \
prepoll baseline --output prepoll-baseline.json site/\n  \
prepoll check site/ --baseline prepoll-baseline.json\n\n\
Findings are recognised by their file, rule and words, not their line, so the baseline\n\
survives edits elsewhere in a file. The file is written atomically.")]
    Baseline {
        /// Where to write the baseline (JSON).
        #[arg(long, short, value_name = "FILE")]
        output: PathBuf,
        /// Files and folders to record.
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Print the pre-election period of an election.
    #[command(
        after_help = "Example:\n  prepoll calendar --polling-day 2027-05-06 --election-type local --nation england"
    )]
    Calendar(CalendarArgs),
    /// List every rule: id, default severity, title, citation.
    #[command(
        after_help = "Example:\n  prepoll rules\n  prepoll explain candidate-quoted   (one rule in full)"
    )]
    Rules,
    /// Explain a rule: what it checks, why, what is allowed, how to fix.
    #[command(after_help = "Example:\n  prepoll explain candidate-quoted")]
    Explain {
        /// The rule id (see `prepoll rules`).
        rule: String,
    },
    /// Print every literal the scanner looks for, one per line: the lexicons,
    /// the config's terms and every candidate's name forms.
    #[command(
        after_help = "Example:\n  prepoll patterns --config prepoll.toml > patterns.txt\n  \
rg -i -F -f patterns.txt site/   (what a plain literal search would find)"
    )]
    Patterns {
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Serve a local web page for checking drafts: paste text or drop a file.
    #[command(after_help = "Examples:\n  \
prepoll serve --config examples/wexbridge/prepoll.toml   then open the address it prints\n  \
prepoll serve --port 0                                   any free port\n\n\
It listens on 127.0.0.1 (this computer only) unless --bind says otherwise. Nothing is\n\
stored and the page loads nothing from elsewhere.")]
    Serve {
        #[command(flatten)]
        common: CommonArgs,
        /// The address to listen on. Anything but 127.0.0.1 or ::1 lets other machines in.
        #[arg(long, value_name = "IP", default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// The port (0: any free port).
        #[arg(long, default_value_t = 7878)]
        port: u16,
        /// The largest draft or file accepted, in bytes.
        #[arg(long, value_name = "BYTES", default_value_t = 20 * 1024 * 1024)]
        max_upload: u64,
    },
    /// Run a Language Server on stdin/stdout: diagnostics in your editor as you type.
    #[command(after_help = "Examples:\n  \
prepoll lsp                       judge each document at its own date, else today\n  \
prepoll lsp --assume-period       apply the rules even outside an election period\n\n\
Markdown, HTML and plain-text documents are checked when opened and when changed.\n\
See the README for VS Code, Neovim and Helix set-up.")]
    Lsp {
        #[command(flatten)]
        common: CommonArgs,
    },
    /// Write a commented starter prepoll.toml in the current folder.
    #[command(after_help = "Example:\n  prepoll init && $EDITOR prepoll.toml")]
    Init {
        /// Overwrite an existing prepoll.toml.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub(crate) enum FormatArg {
    /// Readable text with the words underlined.
    Human,
    /// One JSON document (SPEC.md).
    Json,
    /// One JSON finding per line, streamed as files finish.
    Jsonl,
    /// SARIF 2.1.0, for GitHub code scanning and SARIF viewers.
    Sarif,
    /// One self-contained HTML audit report (summary, chart, every finding, exceptions).
    Html,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub(crate) enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub(crate) enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub(crate) enum KindArg {
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

/// Options shared by `check` and `baseline`: what to check against.
#[derive(clap::Args, Debug)]
pub(crate) struct CommonArgs {
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
    /// Name (and so type) of the text read from '-'; its config is looked for from there.
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<String>,
    /// Override the detected kind of publicity.
    #[arg(long, value_enum)]
    kind: Option<KindArg>,
    /// Refuse files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = crate::engine::DEFAULT_MAX_FILE_SIZE)]
    max_file_size: u64,
    /// Social posts in CSV: the column holding each post's date.
    #[arg(long, value_name = "NAME")]
    date_column: Option<String>,
    /// Social posts in CSV: the column holding each post's text.
    #[arg(long, value_name = "NAME")]
    text_column: Option<String>,
    /// Check this many files at once (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    threads: Option<usize>,
}

#[derive(clap::Args, Debug)]
pub(crate) struct CheckArgs {
    /// Files and folders to check (folders recursively, .gitignore-aware); '-' reads stdin.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    common: CommonArgs,
    /// Output format (the same findings in every format).
    #[arg(long, value_enum, default_value = "human")]
    format: FormatArg,
    /// Exit 1 when a finding at or above this level remains.
    #[arg(long, value_enum, default_value = "error")]
    fail_on: FailOn,
    /// When to use colour (auto: on a terminal, unless NO_COLOR is set).
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorArg,
    /// Report only findings not recorded in this baseline (see `prepoll baseline`).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Human output: print counts by rule and by file after the findings.
    #[arg(long)]
    summary: bool,
    /// Human output: print only findings and errors, no notes or summary line.
    #[arg(long, short)]
    quiet: bool,
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

pub(crate) fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("\"{s}\" is not a date in the form YYYY-MM-DD"))
}

/// Runs the command line and returns the exit status.
pub fn main() -> i32 {
    // The PDF parser may panic on a damaged file; that panic is caught and
    // reported as a clear error, so its message must not reach stderr.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !crate::extract::pdf::IN_PDF.with(|f| f.get()) {
            default_hook(info);
        }
    }));
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
        Command::Check(args) => check::run_check(args),
        Command::Baseline {
            output,
            paths,
            common,
        } => check::run_baseline(common, paths, output),
        Command::Calendar(args) => run_calendar(args),
        Command::Rules => run_rules(),
        Command::Explain { rule } => run_explain(&rule),
        Command::Patterns { common } => check::run_patterns(common),
        Command::Lsp { common } => check::run_lsp(common),
        Command::Serve {
            common,
            bind,
            port,
            max_upload,
        } => check::run_serve(common, bind, port, max_upload),
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

pub(crate) enum CliError {
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

pub(crate) fn msg(e: impl std::fmt::Display) -> CliError {
    CliError::Message(e.to_string())
}

/// The day of the check. `PREPOLL_TODAY` overrides it so that tests and
/// reproducible audits can fix "today".
pub(crate) fn today() -> Result<NaiveDate, CliError> {
    match std::env::var("PREPOLL_TODAY") {
        Ok(s) => parse_date(&s).map_err(|e| msg(format!("PREPOLL_TODAY: {e}"))),
        Err(_) => Ok(chrono::Local::now().date_naive()),
    }
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

//! Printers: every format renders the same model — the file reports of a
//! run and its elections — and none reads a file or runs a rule.

pub mod human;
pub mod json;
pub mod sarif;

use std::io::{self, Write};

use crate::config::Election;
use crate::engine::FileReport;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// Readable text for people.
    Human,
    /// One JSON document (SPEC.md).
    Json,
    /// One JSON finding per line.
    Jsonl,
    /// SARIF 2.1.0.
    Sarif,
}

/// What a run found, as printers see it.
pub struct RunReport<'a> {
    /// The files, in order.
    pub files: &'a [FileReport],
    /// The elections in play.
    pub elections: Vec<&'a Election>,
    /// The next period after today, when no document was in one: (election id, start).
    pub next_period: Option<(String, chrono::NaiveDate)>,
    /// The day of the check.
    pub today: chrono::NaiveDate,
    /// Whether the config had any election at all.
    pub has_config: bool,
    /// Findings left out because a baseline records them.
    pub baselined: usize,
    /// Human output: findings and errors only.
    pub quiet: bool,
    /// Human output: counts by rule and by file.
    pub summary: bool,
}

/// Writes a run's report in the given format.
pub fn write(
    out: &mut dyn Write,
    format: OutputFormat,
    run: &RunReport,
    color: bool,
) -> io::Result<()> {
    match format {
        OutputFormat::Human => human::write(out, run, color),
        OutputFormat::Json => json::write(out, run),
        OutputFormat::Jsonl => json::write_lines(out, run),
        OutputFormat::Sarif => sarif::write(out, run),
    }
}

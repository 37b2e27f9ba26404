//! Printers: every format renders the same model — the file reports of a
//! run and its elections — and none reads a file or runs a rule.

pub mod html;
pub mod human;
pub mod json;
pub mod sarif;

use std::io::{self, Write};

use crate::config::Election;
use crate::engine::FileReport;
use crate::finding::Finding;

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
    /// One self-contained HTML audit report.
    Html,
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

/// The line a finding is on, as characters, with the finding's place in
/// it and the part to show.
pub(crate) struct LineContext {
    /// The whole line.
    pub chars: Vec<char>,
    /// The finding's first character.
    pub start: usize,
    /// After its last character on this line.
    pub end: usize,
    /// The part to show: long lines (minified HTML) are shown as a window
    /// around the words.
    pub from: usize,
    /// End of the part to show.
    pub to: usize,
}

/// The context of a finding, when its line was kept.
pub(crate) fn line_context(file: &FileReport, f: &Finding, width: usize) -> Option<LineContext> {
    let line = file.lines.get(&(f.page.unwrap_or(0), f.span.line))?;
    let chars: Vec<char> = line.chars().collect();
    let start = f.span.column.saturating_sub(1).min(chars.len());
    let end = if f.span.end_line == f.span.line {
        f.span
            .end_column
            .saturating_sub(1)
            .clamp(start + 1, chars.len().max(start + 1))
    } else {
        chars.len().max(start + 1)
    };
    let end = end.min(chars.len()).max(start);
    let (from, to) = window(chars.len(), start, end, width);
    Some(LineContext {
        chars,
        start,
        end,
        from,
        to,
    })
}

/// The part of a line of `len` characters to show so that `start..end` is
/// visible, at most about `width` characters.
pub(crate) fn window(len: usize, start: usize, end: usize, width: usize) -> (usize, usize) {
    if len <= width + 20 {
        return (0, len);
    }
    let margin = width.saturating_sub(end - start) / 2;
    let from = start.saturating_sub(margin.max(10));
    let to = (end + margin.max(10)).min(len);
    (from, to)
}

/// "1 file", "2 files".
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
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
        OutputFormat::Html => html::write(out, run),
    }
}

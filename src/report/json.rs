//! `--format json` and `--format jsonl`.
//!
//! The JSON document (SPEC.md, "JSON output") is:
//! `{"version": 1, "tool": {...}, "elections": [...], "files": [...], "summary": {...}}`.
//! Each file: `path`, `kind`, `date`, `date_source`, `in_period`, `election`,
//! `findings`, `errors`. Each finding: `rule`, `severity`, `message`, `line`,
//! `column`, `end_line`, `end_column` (1-based, columns in Unicode scalar
//! values), `start`, `end` (byte offsets into the file), `text`,
//! `candidate`, `party`, `citation`, `help`, `suppressed`, `fingerprint`.
//! `jsonl` writes one finding object per line with `path` added.
//! Fields are only ever added, never renamed or removed (`version` says so).

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::RunReport;
use crate::baseline::fingerprints;
use crate::engine::FileReport;
use crate::finding::Finding;

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct ElectionOut<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    nation: &'static str,
    notice_of_election: String,
    notice_computed: bool,
    polling_day: String,
}

#[derive(Serialize)]
struct SuppressedOut<'a> {
    reason: &'a str,
    approved_by: Option<&'a str>,
}

/// A finding as JSON.
#[derive(Serialize)]
struct FindingOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    rule: &'static str,
    severity: &'static str,
    message: &'a str,
    /// PDFs: the page; `line` is then the line within it.
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<usize>,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    start: usize,
    end: usize,
    text: &'a str,
    candidate: Option<&'a str>,
    party: Option<&'a str>,
    citation: &'static str,
    help: &'static str,
    suppressed: Option<SuppressedOut<'a>>,
    /// Stable across edits elsewhere in the file (see `baseline`).
    fingerprint: &'a str,
}

impl<'a> FindingOut<'a> {
    fn new(f: &'a Finding, path: Option<&'a str>, fingerprint: &'a str) -> Self {
        let info = f.rule.info();
        FindingOut {
            path,
            rule: f.rule.as_str(),
            severity: f.severity.as_str(),
            message: &f.message,
            page: f.page,
            line: f.span.line,
            column: f.span.column,
            end_line: f.span.end_line,
            end_column: f.span.end_column,
            start: f.span.start,
            end: f.span.end,
            text: &f.text,
            candidate: f.candidate.as_deref(),
            party: f.party.as_deref(),
            citation: &info.citation,
            help: &info.help,
            suppressed: f.suppressed.as_ref().map(|s| SuppressedOut {
                reason: &s.reason,
                approved_by: s.approved_by.as_deref(),
            }),
            fingerprint,
        }
    }
}

/// A social post and how it was judged.
#[derive(Serialize)]
struct PostOut<'a> {
    id: &'a str,
    date: String,
    date_source: &'static str,
    in_period: bool,
}

#[derive(Serialize)]
struct FileOut<'a> {
    path: &'a str,
    kind: &'a str,
    date: Option<String>,
    date_source: Option<&'static str>,
    in_period: bool,
    election: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    skipped: Option<&'a str>,
    /// "paragraph" for Word documents: `line` is the paragraph number.
    #[serde(skip_serializing_if = "Option::is_none")]
    positions: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    posts: Vec<PostOut<'a>>,
    findings: Vec<FindingOut<'a>>,
    errors: &'a [String],
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    findings: usize,
    by_rule: BTreeMap<&'static str, usize>,
    by_severity: BTreeMap<&'static str, usize>,
    errors: usize,
    /// Findings left out because a baseline records them.
    baselined: usize,
}

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    elections: Vec<ElectionOut<'a>>,
    files: Vec<FileOut<'a>>,
    summary: Summary,
}

fn file_out<'a>(r: &'a FileReport, prints: &'a [String]) -> FileOut<'a> {
    FileOut {
        path: &r.path,
        kind: &r.kind,
        date: r.date.map(|d| d.to_string()),
        date_source: r.date_source.map(|s| s.as_str()),
        in_period: r.in_period,
        election: r.election.as_deref(),
        encoding: r.encoding,
        skipped: r.skipped.as_deref(),
        positions: r.positions,
        posts: r
            .posts
            .iter()
            .map(|p| PostOut {
                id: &p.id,
                date: p.date.to_string(),
                date_source: p.date_source.as_str(),
                in_period: p.in_period,
            })
            .collect(),
        findings: r
            .findings
            .iter()
            .zip(prints)
            .map(|(f, fp)| FindingOut::new(f, None, fp))
            .collect(),
        errors: &r.errors,
    }
}

fn summary(run: &RunReport) -> Summary {
    let by_rule = crate::engine::count_by_rule(run.files)
        .into_iter()
        .map(|(r, n)| (r.as_str(), n))
        .collect();
    let by_severity: BTreeMap<&'static str, usize> = crate::engine::count_by_severity(run.files)
        .into_iter()
        .map(|(s, n)| (s.as_str(), n))
        .collect();
    Summary {
        files: run.files.len(),
        findings: by_severity.values().sum(),
        by_rule,
        by_severity,
        errors: run.files.iter().map(|f| f.errors.len()).sum(),
        baselined: run.baselined,
    }
}

/// Writes the whole run as one JSON document.
pub fn write(out: &mut dyn Write, run: &RunReport) -> io::Result<()> {
    let prints: Vec<Vec<String>> = run
        .files
        .iter()
        .map(|f| fingerprints(&f.path, &f.findings))
        .collect();
    let doc = Document {
        version: 1,
        tool: Tool {
            name: "prepoll",
            version: env!("CARGO_PKG_VERSION"),
        },
        elections: run
            .elections
            .iter()
            .map(|e| ElectionOut {
                id: &e.id,
                kind: e.kind.as_str(),
                nation: e.nation.as_str(),
                notice_of_election: e.notice_of_election.to_string(),
                notice_computed: e.notice_computed,
                polling_day: e.polling_day.to_string(),
            })
            .collect(),
        files: run
            .files
            .iter()
            .zip(&prints)
            .map(|(f, p)| file_out(f, p))
            .collect(),
        summary: summary(run),
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::other)?;
    writeln!(out)
}

/// Writes one finding per line, each with its `path`.
pub fn write_lines(out: &mut dyn Write, run: &RunReport) -> io::Result<()> {
    for file in run.files {
        write_file_lines(out, file)?;
    }
    Ok(())
}

/// Writes one file's findings, one per line (`jsonl` streams file by file).
pub fn write_file_lines(out: &mut dyn Write, file: &FileReport) -> io::Result<()> {
    let prints = fingerprints(&file.path, &file.findings);
    for (f, fp) in file.findings.iter().zip(&prints) {
        serde_json::to_writer(&mut *out, &FindingOut::new(f, Some(&file.path), fp))
            .map_err(io::Error::other)?;
        writeln!(out)?;
    }
    Ok(())
}

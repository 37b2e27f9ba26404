//! Human output, for comms officers as much as for programmers: where, what
//! rule, who or what was found, the line with the words underlined, the
//! clause it breaks and how to fix it, then a one-line summary.

use std::io::{self, Write};

use unicode_segmentation::UnicodeSegmentation;

use super::{LineContext, RunReport, line_context, plural};
use crate::finding::{Finding, Severity};

struct Style {
    on: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn severity(&self, sev: Severity) -> String {
        let code = match sev {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
        };
        self.paint(code, sev.as_str())
    }
}

/// Writes the human report.
pub fn write(out: &mut dyn Write, run: &RunReport, color: bool) -> io::Result<()> {
    let style = Style { on: color };
    let mut outside = 0usize;
    for file in run.files {
        for e in &file.errors {
            writeln!(out, "{}: {}: {e}", file.path, style.paint("1;31", "error"))?;
        }
        if file.errors.is_empty() && file.skipped.is_none() && !file.in_period {
            outside += 1;
        }
        for f in &file.findings {
            // Quiet output leaves out what was waived: only what needs action.
            if run.quiet && f.suppressed.is_some() {
                continue;
            }
            write_finding(out, &style, &file.path, f, file)?;
        }
    }
    if run.quiet {
        return Ok(());
    }
    if run.summary {
        write_counts(out, &style, run)?;
    }
    write_summary(out, &style, run, outside)
}

/// `--summary`: counts by rule and by file, for batch audits.
fn write_counts(out: &mut dyn Write, style: &Style, run: &RunReport) -> io::Result<()> {
    let by_rule = crate::engine::count_by_rule(run.files);
    writeln!(out, "{}", style.paint("1", "Findings by rule:"))?;
    if by_rule.is_empty() {
        writeln!(out, "  none")?;
    }
    for (rule, n) in &by_rule {
        writeln!(out, "  {n:>6}  {rule}")?;
    }
    let mut by_file: Vec<(&str, usize)> = run
        .files
        .iter()
        .map(|f| {
            let n = f.findings.iter().filter(|x| x.suppressed.is_none()).count();
            (f.path.as_str(), n)
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    by_file.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    writeln!(out, "{}", style.paint("1", "Findings by file:"))?;
    if by_file.is_empty() {
        writeln!(out, "  none")?;
    }
    for (path, n) in by_file {
        writeln!(out, "  {n:>6}  {path}")?;
    }
    writeln!(out)
}

fn write_finding(
    out: &mut dyn Write,
    style: &Style,
    path: &str,
    f: &Finding,
    file: &crate::engine::FileReport,
) -> io::Result<()> {
    let info = f.rule.info();
    // A waived finding is one line: where, what, and the recorded reason.
    if let Some(s) = &f.suppressed {
        let by = s
            .approved_by
            .as_deref()
            .map(|a| format!(", approved by {a}"))
            .unwrap_or_default();
        return writeln!(
            out,
            "{}:{}:{}: {}[{}]: {} (allowed by exception: {}{by})",
            style.paint("1", path),
            f.span.line,
            f.span.column,
            style.paint("1;32", "allowed"),
            f.rule.as_str(),
            f.message,
            s.reason,
        );
    }
    let page = f.page.map(|p| format!(" (page {p})")).unwrap_or_default();
    writeln!(
        out,
        "{}:{}:{}: {}[{}]: {}{page}",
        style.paint("1", path),
        f.span.line,
        f.span.column,
        style.severity(f.severity),
        f.rule.as_str(),
        f.message,
    )?;
    let gutter = f.span.line.to_string().len();
    let pad = " ".repeat(gutter);
    let bar = style.paint("34", "|");
    if let Some(LineContext {
        chars,
        start,
        end,
        from,
        to,
    }) = line_context(file, f, 100)
    {
        writeln!(out, "{pad} {bar}")?;
        let (open, close) = (
            if from > 0 { "…" } else { "" },
            if to < chars.len() { "…" } else { "" },
        );
        let shown: String = chars[from..to].iter().collect();
        writeln!(
            out,
            "{} {bar} {open}{shown}{close}",
            style.paint("34", &f.span.line.to_string()),
        )?;
        // Carets go under whole characters as people see them (graphemes:
        // "e" and a combining accent are one), and tabs are kept so that
        // they line up.
        let before: String = chars[from..start].iter().collect();
        let lead: String = open
            .chars()
            .map(|_| ' ')
            .chain(
                before
                    .graphemes(true)
                    .map(|g| if g == "\t" { '\t' } else { ' ' }),
            )
            .collect();
        let underlined: String = chars[start..end.min(to).max(start)].iter().collect();
        let carets = "^".repeat(underlined.graphemes(true).count().max(1));
        let caret_code = if f.severity == Severity::Error {
            "1;31"
        } else {
            "1;33"
        };
        writeln!(
            out,
            "{pad} {bar} {lead}{}",
            style.paint(caret_code, &carets)
        )?;
    }
    writeln!(
        out,
        "{pad} {} {}: {}",
        style.paint("34", "="),
        style.paint("1", "rule"),
        info.citation
    )?;
    writeln!(
        out,
        "{pad} {} {}: {}",
        style.paint("34", "="),
        style.paint("1", "fix"),
        info.help
    )?;
    writeln!(out)
}

fn write_summary(
    out: &mut dyn Write,
    style: &Style,
    run: &RunReport,
    outside: usize,
) -> io::Result<()> {
    let by_sev = crate::engine::count_by_severity(run.files);
    let total: usize = by_sev.values().sum();
    let errors: usize = run.files.iter().map(|f| f.errors.len()).sum();
    let files_with = run
        .files
        .iter()
        .filter(|f| f.findings.iter().any(|x| x.suppressed.is_none()))
        .count();
    let checked = run.files.len();
    if !run.has_config {
        writeln!(
            out,
            "note: no prepoll.toml found and no election configured: run `prepoll init` to create one"
        )?;
    }
    let skipped: Vec<&crate::engine::FileReport> =
        run.files.iter().filter(|f| f.skipped.is_some()).collect();
    if !skipped.is_empty() {
        writeln!(
            out,
            "note: {} not checked:",
            plural(skipped.len(), "file was", "files were")
        )?;
        for f in skipped.iter().take(5) {
            writeln!(out, "  {} ({})", f.path, f.skipped.as_deref().unwrap_or(""))?;
        }
        if skipped.len() > 5 {
            writeln!(out, "  ... and {} more", skipped.len() - 5)?;
        }
    }
    if outside > 0 {
        writeln!(
            out,
            "note: {} dated outside every pre-election period, so no rule applies to {}:",
            plural(outside, "file is", "files are"),
            if outside == 1 { "it" } else { "them" },
        )?;
        let listed = run
            .files
            .iter()
            .filter(|f| f.errors.is_empty() && !f.in_period)
            .take(5);
        for f in listed {
            let how = match f.date_source {
                Some(crate::extract::DateSource::Today) => {
                    "no date in the file, so today".to_string()
                }
                Some(src) => format!("date from {}", src.as_str()),
                None => String::new(),
            };
            let date = f.date.map(|d| d.to_string()).unwrap_or_default();
            writeln!(out, "  {} (judged at {date}: {how})", f.path)?;
        }
        if outside > 5 {
            writeln!(out, "  ... and {} more", outside - 5)?;
        }
        if let Some((id, start)) = &run.next_period {
            writeln!(
                out,
                "  The next pre-election period ({id}) starts on {start}."
            )?;
        }
        writeln!(
            out,
            "  Use --date YYYY-MM-DD or --assume-period to check against the rules anyway."
        )?;
    }
    let mut parts = Vec::new();
    for sev in [Severity::Error, Severity::Warning, Severity::Info] {
        if let Some(&n) = by_sev.get(&sev) {
            parts.push(plural(n, sev.as_str(), &format!("{}s", sev.as_str())));
        }
    }
    let suppressed: usize = run
        .files
        .iter()
        .flat_map(|f| &f.findings)
        .filter(|f| f.suppressed.is_some())
        .count();
    let mut line = if total == 0 {
        style.paint(
            "1;32",
            &format!("No findings in {}", plural(checked, "file", "files")),
        )
    } else {
        format!(
            "{} ({}) in {} of {} checked",
            style.paint("1", &plural(total, "finding", "findings")),
            parts.join(", "),
            files_with,
            plural(checked, "file", "files"),
        )
    };
    if suppressed > 0 {
        line.push_str(&format!("; {} allowed by exception", suppressed));
    }
    if run.baselined > 0 {
        line.push_str(&format!("; {} already in the baseline", run.baselined));
    }
    if errors > 0 {
        line.push_str(&format!(
            "; {}",
            style.paint(
                "1;31",
                &plural(errors, "file could not be read", "files could not be read")
            )
        ));
    }
    writeln!(out, "{line}")
}

#[cfg(test)]
mod tests {
    use crate::report::window;

    #[test]
    fn short_lines_are_shown_whole_and_long_ones_around_the_words() {
        assert_eq!(window(50, 10, 20, 100), (0, 50));
        let (from, to) = window(1000, 500, 515, 100);
        assert!(from <= 500 && to >= 515 && to - from <= 120, "{from}..{to}");
        assert_eq!(window(1000, 0, 5, 100).0, 0);
    }
}

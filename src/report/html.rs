//! `--format html`: one self-contained audit report for a batch audit, to
//! read in a browser and file. Everything is inline (styles, an SVG chart);
//! a Content-Security-Policy forbids every fetch, so the report opens the
//! same offline, from an email or a records system.
//!
//! Sections: the verdict; the elections and dates applied; findings by rule
//! (chart and table) and by document; each document's findings with their
//! line, a link to the file and the rule's reason and fix; the exceptions
//! granted with reasons and approvers; files that could not be read; and
//! the rules cited.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::{RunReport, line_context, plural};
use crate::engine::FileReport;
use crate::finding::{Finding, Severity};
use crate::rules::RuleId;

const STYLE: &str = r#"
:root { --error: #b00020; --warning: #9a5b00; --info: #2457a6; --ok: #1b6e2d; --line: #d8d8d8; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1d1d1d; margin: 0; background: #fafafa; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; background: #fff; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 32px 0 8px; border-bottom: 2px solid #222; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 24px 0 8px; word-break: break-all; }
.meta { color: #555; margin: 0 0 16px; }
.verdict { padding: 12px 16px; border-radius: 6px; font-weight: 600; margin: 16px 0; }
.verdict.fail { background: #fde8eb; border-left: 6px solid var(--error); }
.verdict.pass { background: #e6f4ea; border-left: 6px solid var(--ok); }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f0f0f0; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.sev { display: inline-block; padding: 0 6px; border-radius: 4px; color: #fff; font-size: 12px; font-weight: 700; text-transform: uppercase; }
.sev.error { background: var(--error); } .sev.warning { background: var(--warning); } .sev.info { background: var(--info); }
.finding { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; margin: 8px 0; }
.finding.waived { opacity: .75; border-style: dashed; }
.finding .head { font-weight: 600; }
.finding code.rule { font-weight: 400; color: #444; }
pre.context { background: #f6f6f6; padding: 6px 8px; margin: 6px 0; white-space: pre-wrap; word-break: break-word; font: 13px/1.4 ui-monospace, Consolas, monospace; }
pre.context mark { background: #ffe08a; padding: 0 1px; }
.why, .fix { margin: 2px 0; } .why b, .fix b { display: inline-block; min-width: 3.2em; }
a { color: #1a4fa0; }
svg text { font: 12px system-ui, Arial, sans-serif; }
.small { font-size: 13px; color: #555; }
"#;

/// Writes the report.
pub fn write(out: &mut dyn Write, run: &RunReport) -> io::Result<()> {
    let mut h = String::with_capacity(64 * 1024);
    page(&mut h, run);
    out.write_all(h.as_bytes())
}

fn page(h: &mut String, run: &RunReport) {
    let active = |f: &&Finding| f.suppressed.is_none();
    let mut by_rule: BTreeMap<RuleId, usize> = BTreeMap::new();
    // Each rule at the severity it was reported at (the config may change it).
    let mut rule_severity: BTreeMap<RuleId, Severity> = BTreeMap::new();
    let mut by_severity: BTreeMap<Severity, usize> = BTreeMap::new();
    for f in run.files.iter().flat_map(|r| &r.findings).filter(active) {
        *by_rule.entry(f.rule).or_default() += 1;
        let s = rule_severity.entry(f.rule).or_insert(f.severity);
        *s = (*s).max(f.severity);
        *by_severity.entry(f.severity).or_default() += 1;
    }
    let waived: Vec<(&FileReport, &Finding)> = run
        .files
        .iter()
        .flat_map(|r| r.findings.iter().map(move |f| (r, f)))
        .filter(|(_, f)| f.suppressed.is_some())
        .collect();
    let unreadable: Vec<&FileReport> = run.files.iter().filter(|r| !r.errors.is_empty()).collect();
    let checked = run.files.iter().filter(|r| r.skipped.is_none()).count();
    let with_findings = run
        .files
        .iter()
        .filter(|r| r.findings.iter().any(|f| f.suppressed.is_none()))
        .count();
    let errors = by_severity.get(&Severity::Error).copied().unwrap_or(0);
    let warnings = by_severity.get(&Severity::Warning).copied().unwrap_or(0);
    let infos = by_severity.get(&Severity::Info).copied().unwrap_or(0);

    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta name=\"generator\" content=\"prepoll {version}\">\n\
<title>Pre-election publicity audit, {today}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n\
<h1>Pre-election publicity audit</h1>\n\
<p class=\"meta\">Checked on {today} by prepoll {version} against the Code of Recommended Practice on Local Authority Publicity and the Local Government Act 1986 s.2.</p>\n",
        version = env!("CARGO_PKG_VERSION"),
        today = run.today,
    );

    let (class, verdict) = if errors > 0 || !unreadable.is_empty() {
        (
            "fail",
            format!(
                "Not safe to publish as it stands: {} in {} of {} documents{}.",
                plural(errors, "breach", "breaches"),
                with_findings,
                checked,
                if unreadable.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; {} could not be read",
                        plural(unreadable.len(), "file", "files")
                    )
                }
            ),
        )
    } else if warnings > 0 {
        (
            "fail",
            format!(
                "No breaches, but {} to review in {} of {} documents.",
                plural(warnings, "warning", "warnings"),
                with_findings,
                checked
            ),
        )
    } else {
        (
            "pass",
            format!("No breaches or warnings in {checked} documents."),
        )
    };
    let _ = writeln!(
        h,
        "<div class=\"verdict {class}\" id=\"verdict\">{}</div>",
        esc(&verdict)
    );
    let _ = writeln!(
        h,
        "<table class=\"totals\"><tr><th>Documents checked</th><th class=\"n\">Errors</th><th class=\"n\">Warnings</th><th class=\"n\">Info</th><th class=\"n\">Waived by exceptions</th><th class=\"n\">Unreadable</th></tr>\
<tr><td>{checked}</td><td class=\"n\">{errors}</td><td class=\"n\">{warnings}</td><td class=\"n\">{infos}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr></table>",
        waived.len(),
        unreadable.len()
    );

    elections(h, run);

    h.push_str("<h2 id=\"by-rule\">Findings by rule</h2>\n");
    if by_rule.is_empty() {
        h.push_str("<p>No findings.</p>\n");
    } else {
        chart(h, &by_rule, &rule_severity);
        h.push_str("<table><tr><th>Rule</th><th>What it means</th><th>Severity</th><th class=\"n\">Findings</th></tr>\n");
        for (rule, n) in &by_rule {
            let info = rule.info();
            let _ = writeln!(
                h,
                "<tr><td><a href=\"#rule-{id}\"><code>{id}</code></a></td><td>{title}</td><td>{sev}</td><td class=\"n\">{n}</td></tr>",
                id = rule.as_str(),
                title = esc(&info.title),
                sev = rule_severity.get(rule).map_or("", |s| s.as_str()),
            );
        }
        h.push_str("</table>\n");
    }

    h.push_str("<h2 id=\"by-document\">Findings by document</h2>\n<table><tr><th>Document</th><th>Judged at</th><th>Period</th><th class=\"n\">Errors</th><th class=\"n\">Warnings</th><th class=\"n\">Info</th></tr>\n");
    for (i, r) in run.files.iter().enumerate() {
        if r.skipped.is_some() {
            continue;
        }
        let count = |s: Severity| {
            r.findings
                .iter()
                .filter(|f| f.suppressed.is_none() && f.severity == s)
                .count()
        };
        let date = match (&r.date, &r.date_source) {
            (Some(d), Some(src)) => format!("{d} ({})", src.as_str()),
            (Some(d), None) => d.to_string(),
            _ => "—".to_string(),
        };
        let period = match (&r.election, r.in_period) {
            (Some(e), true) => format!("in the period of {e}"),
            (_, true) => "period assumed".to_string(),
            _ => "outside every period".to_string(),
        };
        let _ = writeln!(
            h,
            "<tr><td><a href=\"#doc-{i}\">{}</a>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&r.path),
            if r.errors.is_empty() {
                ""
            } else {
                " <span class=\"sev error\">unreadable</span>"
            },
            esc(&date),
            esc(&period),
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info)
        );
    }
    h.push_str("</table>\n");

    h.push_str("<h2 id=\"findings\">Findings</h2>\n");
    let mut any = false;
    for (i, r) in run.files.iter().enumerate() {
        let shown: Vec<&Finding> = r.findings.iter().filter(active).collect();
        if shown.is_empty() && r.errors.is_empty() {
            continue;
        }
        any = true;
        let _ = writeln!(
            h,
            "<h3 id=\"doc-{i}\"><a href=\"{}\">{}</a></h3>",
            esc(&href(&r.path)),
            esc(&r.path)
        );
        for e in &r.errors {
            let _ = writeln!(
                h,
                "<div class=\"finding\"><span class=\"sev error\">error</span> could not be read: {}</div>",
                esc(e)
            );
        }
        for f in shown {
            finding(h, r, f);
        }
    }
    if !any {
        h.push_str("<p>Nothing to report.</p>\n");
    }

    h.push_str("<h2 id=\"exceptions\">Exceptions granted</h2>\n");
    if waived.is_empty() {
        h.push_str("<p>No finding was waived by an exception.</p>\n");
    } else {
        h.push_str("<p class=\"small\">Findings waived by a <code>prepoll-allow</code> or <code>prepoll-disable</code> comment in the document. The reason and approver are as written there.</p>\n\
<table><tr><th>Document</th><th>Line</th><th>Rule</th><th>Words</th><th>Reason</th><th>Approved by</th></tr>\n");
        for (r, f) in &waived {
            let s = f.suppressed.as_ref().expect("filtered on suppressed");
            let _ = writeln!(
                h,
                "<tr><td><a href=\"{}\">{}</a></td><td class=\"n\">{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&href(&r.path)),
                esc(&r.path),
                f.span.line,
                f.rule.as_str(),
                esc(&f.text),
                esc(&s.reason),
                s.approved_by
                    .as_deref()
                    .map_or_else(|| "<em>not recorded</em>".to_string(), esc)
            );
        }
        h.push_str("</table>\n");
    }

    if !unreadable.is_empty() {
        h.push_str("<h2 id=\"unreadable\">Files that could not be read</h2>\n<table><tr><th>File</th><th>Problem</th></tr>\n");
        for r in &unreadable {
            for e in &r.errors {
                let _ = writeln!(h, "<tr><td>{}</td><td>{}</td></tr>", esc(&r.path), esc(e));
            }
        }
        h.push_str("</table>\n");
    }

    h.push_str("<h2 id=\"rules\">The rules cited</h2>\n");
    let cited: Vec<RuleId> = by_rule
        .keys()
        .copied()
        .chain(waived.iter().map(|(_, f)| f.rule))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if cited.is_empty() {
        h.push_str("<p>None.</p>\n");
    }
    for rule in cited {
        let info = rule.info();
        let _ = writeln!(
            h,
            "<div class=\"finding\" id=\"rule-{id}\"><div class=\"head\">{title} <code class=\"rule\">{id}</code></div>\
<p class=\"why\">{what}</p><p class=\"why\"><b>Rule</b> {citation} (<a href=\"{source}\">source</a>)</p><p class=\"fix\"><b>Fix</b> {fix}</p></div>",
            id = rule.as_str(),
            title = esc(&info.title),
            what = esc(info.what_it_catches.trim()),
            citation = esc(&info.citation),
            source = esc(&info.source),
            fix = esc(info.how_to_fix.trim()),
        );
    }
    h.push_str("</main>\n</body>\n</html>\n");
}

fn elections(h: &mut String, run: &RunReport) {
    h.push_str("<h2 id=\"elections\">Elections and dates applied</h2>\n");
    if run.elections.is_empty() {
        h.push_str("<p>No election is configured: documents were judged only if a period was assumed.</p>\n");
        return;
    }
    h.push_str("<table><tr><th>Election</th><th>Type</th><th>Nation</th><th>Period starts (notice of election)</th><th>Polling day</th></tr>\n");
    for e in &run.elections {
        let _ = writeln!(
            h,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}{}</td><td>{}</td></tr>",
            esc(&e.id),
            e.kind.as_str(),
            e.nation.as_str(),
            e.notice_of_election,
            if e.notice_computed {
                " <span class=\"small\">(computed from polling day)</span>"
            } else {
                ""
            },
            e.polling_day
        );
    }
    h.push_str("</table>\n<p class=\"small\">Each document is judged at the date given with <code>--date</code>, else at its own publication date where it gives one (front matter, page metadata, document properties), else at the day of the check.</p>\n");
}

/// A horizontal bar chart of findings by rule, as inline SVG.
fn chart(h: &mut String, by_rule: &BTreeMap<RuleId, usize>, severity: &BTreeMap<RuleId, Severity>) {
    let max = by_rule.values().copied().max().unwrap_or(1).max(1);
    let (label_w, bar_w, row_h) = (220.0, 600.0, 26.0);
    let height = row_h * by_rule.len() as f64 + 10.0;
    let _ = writeln!(
        h,
        "<svg id=\"chart\" role=\"img\" aria-label=\"Findings by rule\" width=\"100%\" viewBox=\"0 0 {w} {height}\" xmlns=\"http://www.w3.org/2000/svg\">",
        w = label_w + bar_w + 60.0
    );
    for (i, (rule, n)) in by_rule.iter().enumerate() {
        let y = 5.0 + row_h * i as f64;
        let w = bar_w * *n as f64 / max as f64;
        let colour = match severity.get(rule).copied().unwrap_or(Severity::Error) {
            Severity::Error => "#b00020",
            Severity::Warning => "#9a5b00",
            Severity::Info => "#2457a6",
        };
        let _ = writeln!(
            h,
            "<text x=\"{tx}\" y=\"{ty}\" text-anchor=\"end\">{id}</text>\
<rect class=\"bar\" data-rule=\"{id}\" x=\"{label_w}\" y=\"{y}\" width=\"{w:.1}\" height=\"{bh}\" fill=\"{colour}\"><title>{id}: {n}</title></rect>\
<text x=\"{nx:.1}\" y=\"{ty}\">{n}</text>",
            tx = label_w - 8.0,
            ty = y + row_h * 0.62,
            id = rule.as_str(),
            bh = row_h - 8.0,
            nx = label_w + w + 6.0,
        );
    }
    h.push_str("</svg>\n");
}

fn finding(h: &mut String, r: &FileReport, f: &Finding) {
    let info = f.rule.info();
    let place = match f.page {
        Some(p) => format!("page {p}, line {}", f.span.line),
        None if r.positions == Some("paragraph") => format!("paragraph {}", f.span.line),
        None => format!("line {}, column {}", f.span.line, f.span.column),
    };
    let _ = write!(
        h,
        "<div class=\"finding\" data-rule=\"{id}\"><div class=\"head\"><span class=\"sev {sev}\">{sev}</span> {msg} <code class=\"rule\">{id}</code></div>\
<div class=\"small\"><a href=\"{link}\">{path}</a>, {place}</div>",
        id = f.rule.as_str(),
        sev = f.severity.as_str(),
        msg = esc(&f.message),
        // The line as a fragment: code browsers (GitHub, GitLab) jump to
        // it, and a browser opening the file itself ignores it.
        link = esc(&format!("{}#L{}", href(&r.path), f.span.line)),
        path = esc(&r.path),
    );
    if let Some(c) = line_context(r, f, 160) {
        let part = |a: usize, b: usize| esc(&c.chars[a..b.max(a)].iter().collect::<String>());
        let _ = write!(
            h,
            "<pre class=\"context\">{}{}<mark>{}</mark>{}{}</pre>",
            if c.from > 0 { "…" } else { "" },
            part(c.from, c.start),
            part(c.start, c.end.min(c.to)),
            part(c.end.min(c.to), c.to),
            if c.to < c.chars.len() { "…" } else { "" },
        );
    }
    let _ = writeln!(
        h,
        "<p class=\"why\"><b>Rule</b> {}</p><p class=\"fix\"><b>Fix</b> {}</p></div>",
        esc(&info.citation),
        esc(&info.help)
    );
}

/// A link to the file as it was given (relative to where prepoll ran).
fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            '%' => out.push_str("%25"),
            '\\' => out.push('/'),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for HTML content and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc("<script>\"x\" & 'y'</script>"),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
        );
        assert_eq!(href("news/a b#1.md"), "news/a%20b%231.md");
    }
}

//! Baselines, for audits of material already published: `prepoll baseline`
//! records today's findings; `check --baseline FILE` then reports only new
//! ones. A finding is recognised by a fingerprint of its path, rule and
//! words (and which occurrence of those words it is), not its line, so a
//! baseline survives edits elsewhere in the file.
//!
//! The file is JSON:
//! `{"version": 1, "tool": "prepoll 0.1.0", "findings": [{"path", "rule",
//! "fingerprint", "line", "text"}]}`; `line` and `text` are there for people
//! reading it and are not used for matching.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::engine::FileReport;
use crate::finding::Finding;

/// FNV-1a, 64 bits: small, stable across Rust versions and platforms (the
/// standard hasher is not), which a file kept between runs needs.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The words of a finding as compared: spacing and case folded.
fn normalised(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Fingerprints of a file's findings, in order.
pub fn fingerprints(path: &str, findings: &[Finding]) -> Vec<String> {
    let mut seen: HashMap<(&str, String), usize> = HashMap::new();
    findings
        .iter()
        .map(|f| {
            let words = normalised(&f.text);
            let n = seen.entry((f.rule.as_str(), words.clone())).or_insert(0);
            let occurrence = n.to_string();
            *n += 1;
            format!(
                "{:016x}",
                fnv1a(&[f.rule.as_str(), path, &words, &occurrence])
            )
        })
        .collect()
}

/// One recorded finding.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Entry {
    /// The file, as shown.
    pub path: String,
    /// The rule id.
    pub rule: String,
    /// The fingerprint.
    pub fingerprint: String,
    /// Where it was (for readers only).
    pub line: usize,
    /// The words (for readers only).
    pub text: String,
}

/// A baseline file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Baseline {
    /// Format version.
    pub version: u32,
    /// The tool that wrote it.
    pub tool: String,
    /// The findings recorded.
    pub findings: Vec<Entry>,
}

impl Baseline {
    /// A baseline of the unwaived findings of a run.
    pub fn from_reports(reports: &[FileReport]) -> Baseline {
        let mut findings = Vec::new();
        for r in reports {
            let prints = fingerprints(&r.path, &r.findings);
            for (f, fp) in r.findings.iter().zip(prints) {
                if f.suppressed.is_none() {
                    findings.push(Entry {
                        path: r.path.clone(),
                        rule: f.rule.as_str().to_string(),
                        fingerprint: fp,
                        line: f.span.line,
                        text: f.text.clone(),
                    });
                }
            }
        }
        Baseline {
            version: 1,
            tool: format!("prepoll {}", env!("CARGO_PKG_VERSION")),
            findings,
        }
    }

    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read baseline: {e}", path.display()))?;
        let b: Baseline = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{}:{}: not a prepoll baseline: {e}",
                path.display(),
                e.line()
            )
        })?;
        if b.version != 1 {
            return Err(format!(
                "{}: baseline version {} is not supported (expected 1)",
                path.display(),
                b.version
            ));
        }
        Ok(b)
    }

    /// Removes the findings this baseline records from the reports; returns
    /// how many were removed.
    pub fn filter(&self, reports: &mut [FileReport]) -> usize {
        let known: HashSet<(&str, &str)> = self
            .findings
            .iter()
            .map(|e| (e.path.as_str(), e.fingerprint.as_str()))
            .collect();
        let mut removed = 0;
        for r in reports.iter_mut() {
            let prints = fingerprints(&r.path, &r.findings);
            let mut keep = prints
                .iter()
                .map(|fp| !known.contains(&(r.path.as_str(), fp.as_str())));
            let before = r.findings.len();
            r.findings.retain(|_| keep.next().unwrap_or(true));
            removed += before - r.findings.len();
        }
        removed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Severity, Span};
    use crate::rules::RuleId;

    fn finding(text: &str, line: usize) -> Finding {
        Finding {
            rule: RuleId::CandidateNamed,
            severity: Severity::Error,
            message: String::new(),
            span: Span {
                line,
                ..Span::default()
            },
            text: text.to_string(),
            candidate: None,
            party: None,
            suppressed: None,
            page: None,
        }
    }

    #[test]
    fn fingerprints_ignore_lines_and_spacing_but_count_repeats() {
        let a = fingerprints(
            "a.md",
            &[finding("Cllr Jane Smith", 3), finding("Cllr Jane Smith", 9)],
        );
        let b = fingerprints(
            "a.md",
            &[
                finding("Cllr Jane\n  Smith", 40),
                finding("Cllr Jane Smith", 41),
            ],
        );
        assert_eq!(a, b);
        assert_ne!(a[0], a[1]);
        assert_ne!(
            a,
            fingerprints("b.md", &[finding("Cllr Jane Smith", 3), finding("x", 1)])
        );
    }

    #[test]
    fn filter_removes_known_findings() {
        let mut reports = vec![FileReport {
            path: "a.md".into(),
            findings: vec![finding("Cllr Jane Smith", 3)],
            ..FileReport::default()
        }];
        let baseline = Baseline::from_reports(&reports);
        reports[0].findings.push(finding("Tom Marsh", 5));
        assert_eq!(baseline.filter(&mut reports), 1);
        assert_eq!(reports[0].findings.len(), 1);
        assert_eq!(reports[0].findings[0].text, "Tom Marsh");
    }
}

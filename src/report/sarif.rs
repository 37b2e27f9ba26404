//! `--format sarif`: SARIF 2.1.0, for GitHub code scanning and other SARIF
//! viewers. One run; the driver lists every rule with its metadata (id,
//! name, short and full description, help, default level, source link);
//! each result carries its rule, level, message, place (line and column in
//! Unicode code points, byte offset and length), a stable fingerprint, and
//! any inline exception as an in-source suppression with its reason.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::RunReport;
use crate::baseline::fingerprints;
use crate::finding::Severity;
use crate::rules::RuleId;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// "candidate-named" → "CandidateNamed", SARIF's convention for rule names.
fn pascal(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

fn rules() -> Vec<Value> {
    RuleId::ALL
        .iter()
        .map(|id| {
            let info = id.info();
            json!({
                "id": id.as_str(),
                "name": pascal(id.as_str()),
                "shortDescription": {"text": info.title},
                "fullDescription": {"text": info.what_it_catches.trim()},
                "help": {
                    "text": format!("{}\n\n{}\n\nHow to fix:\n{}", info.citation, info.help, info.how_to_fix.trim()),
                    "markdown": format!(
                        "**{}**\n\n{}\n\n*Why:* {}\n\n*How to fix:*\n\n{}",
                        info.title,
                        info.what_it_catches.trim(),
                        info.citation,
                        info.how_to_fix.trim()
                    ),
                },
                "helpUri": info.source,
                "defaultConfiguration": {"level": level(info.default_severity())},
                "properties": {"citation": info.citation, "tags": ["pre-election", "publicity"]},
            })
        })
        .collect()
}

/// URIs in SARIF use forward slashes and no leading "./".
fn uri(path: &str) -> String {
    path.replace('\\', "/")
}

/// Writes the run as a SARIF 2.1.0 log.
pub fn write(out: &mut dyn Write, run: &RunReport) -> io::Result<()> {
    let index = |rule: RuleId| RuleId::ALL.iter().position(|r| *r == rule).unwrap_or(0);
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for file in run.files {
        for e in &file.errors {
            notifications.push(json!({
                "level": "error",
                "message": {"text": format!("{}: {e}", file.path)},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(&file.path)}}}],
            }));
        }
        let prints = fingerprints(&file.path, &file.findings);
        for (f, fp) in file.findings.iter().zip(prints) {
            let mut result = json!({
                "ruleId": f.rule.as_str(),
                "ruleIndex": index(f.rule),
                "level": level(f.severity),
                "message": {"text": f.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(&file.path)},
                        "region": {
                            "startLine": f.span.line,
                            "startColumn": f.span.column,
                            "endLine": f.span.end_line,
                            "endColumn": f.span.end_column,
                            "byteOffset": f.span.start,
                            "byteLength": f.span.end - f.span.start,
                            "snippet": {"text": f.text},
                        },
                    },
                }],
                "partialFingerprints": {"prepoll/v1": fp},
            });
            if let Some(s) = &f.suppressed {
                let mut justification = s.reason.clone();
                if let Some(by) = &s.approved_by {
                    justification.push_str(&format!(" (approved by {by})"));
                }
                result["suppressions"] = json!([{
                    "kind": "inSource",
                    "status": "accepted",
                    "justification": justification,
                }]);
            }
            results.push(result);
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "prepoll",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://www.gov.uk/government/publications/recommended-code-of-practice-for-local-authority-publicity",
                "rules": rules(),
            }},
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::other)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::pascal;

    #[test]
    fn rule_names() {
        assert_eq!(pascal("candidate-named"), "CandidateNamed");
        assert_eq!(pascal("unjustified-exception"), "UnjustifiedException");
    }
}

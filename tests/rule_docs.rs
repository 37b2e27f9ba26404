//! Every rule's documentation runs as a test (clippy's doctest guarantee, in
//! prose): its Example must be flagged by the rule, its Allowed text must be
//! silent under every rule. The test world (candidates, not-standing list)
//! is the labelled corpus's, which `rules/README.md` describes.

use std::path::Path;

use chrono::NaiveDate;
use prepoll::engine::{CheckOptions, Checker};
use prepoll::extract::Format;
use prepoll::rules::RuleId;

fn checker() -> Checker {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus/prepoll.toml");
    let config = prepoll::config::load(&root).unwrap();
    let mut options = CheckOptions::new(NaiveDate::from_ymd_opt(2027, 4, 12).unwrap());
    options.assume_period = true;
    Checker::new(config, Vec::new(), options).unwrap()
}

#[test]
fn examples_are_flagged_by_their_rule() {
    let checker = checker();
    for id in RuleId::ALL {
        let info = id.info();
        let report = checker.check_source("example.txt", &info.example, Format::Text);
        assert!(
            report.findings.iter().any(|f| f.rule == id),
            "{id}: the documented example is not flagged: {:?}\nfindings: {:?}",
            info.example,
            report.findings
        );
    }
}

#[test]
fn allowed_texts_are_silent() {
    let checker = checker();
    for id in RuleId::ALL {
        let info = id.info();
        let report = checker.check_source("allowed.txt", &info.allowed, Format::Text);
        assert!(
            report.findings.is_empty(),
            "{id}: the documented allowed text is flagged: {:?}",
            report.findings
        );
    }
}

#[test]
fn every_rule_has_a_documentation_file_and_id() {
    // The registry is built from rules/*.toml: every file on disk must be registered.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            name.strip_suffix(".toml").map(str::to_string)
        })
        .collect();
    on_disk.sort();
    let mut registered: Vec<String> = RuleId::ALL.iter().map(|r| r.as_str().to_string()).collect();
    registered.sort();
    assert_eq!(on_disk, registered);
}

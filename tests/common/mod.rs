//! Shared by the rule tests: a draft checked against the Wexbridge corpus
//! config (`fixtures/corpus/`), on a day inside its election period.

use std::path::Path;

use chrono::NaiveDate;
use prepoll::engine::{CheckOptions, Checker};
use prepoll::extract::Format;

/// The findings of `text`, read as `format` under the name `path`: rule,
/// line and column of each.
pub fn findings(path: &str, text: &str, format: Format) -> Vec<(String, usize, usize)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus/prepoll.toml");
    let config = prepoll::config::load(&root).unwrap();
    let mut options = CheckOptions::new(NaiveDate::from_ymd_opt(2027, 4, 12).unwrap());
    options.assume_period = true;
    let checker = Checker::new(config, Vec::new(), options).unwrap();
    checker
        .check_source(path, text, format)
        .findings
        .iter()
        .map(|f| (f.rule.as_str().to_string(), f.span.line, f.span.column))
        .collect()
}

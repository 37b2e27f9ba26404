//! Fuzzes the whole check path (extract, scan, rules, exceptions, spans)
//! against the Wexbridge test world, in every text format.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use prepoll::engine::{CheckOptions, Checker};
use prepoll::extract::Format;

fn checker() -> &'static Checker {
    static CHECKER: OnceLock<Checker> = OnceLock::new();
    CHECKER.get_or_init(|| {
        let config = prepoll::config::load(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../fixtures/corpus/prepoll.toml"
        )))
        .expect("the test world's config loads");
        let mut options = CheckOptions::new(chrono::NaiveDate::from_ymd_opt(2027, 4, 12).unwrap());
        options.assume_period = true;
        Checker::new(config, Vec::new(), options).expect("checker")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    for format in [Format::Text, Format::Markdown, Format::Html, Format::Json, Format::Csv] {
        let report = checker().check_source("fuzz", source, format);
        for f in &report.findings {
            assert!(f.span.start <= f.span.end && f.span.end <= source.len());
            assert!(source.is_char_boundary(f.span.start) && source.is_char_boundary(f.span.end));
        }
    }
});

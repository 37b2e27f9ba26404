//! Fuzzes the social-post extractors (JSON and CSV): malformed input must
//! give an error, never a panic, and posts must map inside the source.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prepoll::extract::{extract, Format};

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    for format in [Format::Json, Format::Csv] {
        if let Ok(extracted) = extract(source, format, &Default::default()) {
            for item in &extracted.items {
                let range = extracted.text.source_range(item.range.clone());
                assert!(range.end <= source.len());
            }
        }
    }
});

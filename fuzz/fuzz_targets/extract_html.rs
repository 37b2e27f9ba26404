//! Fuzzes the html extractor: any bytes that decode as text must extract
//! without panicking, and every segment must map inside the source.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prepoll::extract::{extract, Format};

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let extracted = extract(source, Format::Html, &Default::default()).expect("text formats always extract");
    for segment in &extracted.text.segments {
        let range = extracted.text.source_range(segment.range.clone());
        assert!(range.end <= source.len());
        assert!(source.is_char_boundary(range.start) && source.is_char_boundary(range.end));
    }
});

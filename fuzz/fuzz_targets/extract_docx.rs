//! Fuzzes the Word reader: any bytes give a document or an error, never a
//! panic or unbounded memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = prepoll::extract::docx::extract(data);
});

//! PDF, for batch audits of published newsletters and reports: text by
//! page with pdf-extract (over lopdf), the creation date from the document
//! information. A finding's position is its page and the line within that
//! page. A PDF with no extractable text (a scan) is reported as such, not
//! passed as clean.
//!
//! Visual lines are joined into paragraphs, so that a name wrapped over two
//! lines is still found; a line ending a sentence, or a short line without
//! punctuation (a heading), ends its paragraph.

use std::cell::Cell;

use super::{DateSource, Extracted, Metadata, Scope, TextBuilder};

thread_local! {
    /// Set while a PDF is parsed, so the panic hook stays quiet for the
    /// parser's panics (caught and reported as a clear error).
    pub static IN_PDF: Cell<bool> = const { Cell::new(false) };
}

/// Lines shorter than this without closing punctuation read as headings.
const HEADING_LINE: usize = 45;

/// The text of each page, and the creation date, or why the file cannot
/// be read. The parser is not trusted not to panic on damaged files.
fn pages(bytes: &[u8]) -> Result<(Vec<String>, Option<chrono::NaiveDate>), String> {
    IN_PDF.with(|f| f.set(true));
    let result = std::panic::catch_unwind(|| {
        let pages = pdf_extract::extract_text_from_mem_by_pages(bytes);
        let date = lopdf::Document::load_mem(bytes)
            .ok()
            .and_then(|doc| creation_date(&doc));
        (pages, date)
    });
    IN_PDF.with(|f| f.set(false));
    match result {
        Ok((Ok(pages), date)) => Ok((pages, date)),
        Ok((Err(e), _)) => Err(format!("not a readable PDF: {e}")),
        Err(_) => Err("not a readable PDF: the file is damaged or uses features the PDF reader does not support".to_string()),
    }
}

/// `/CreationDate (D:20270415100000Z)` in the document information.
fn creation_date(doc: &lopdf::Document) -> Option<chrono::NaiveDate> {
    let info = doc.trailer.get(b"Info").ok()?;
    let info = match info {
        lopdf::Object::Reference(id) => doc.get_object(*id).ok()?,
        other => other,
    };
    let dict = info.as_dict().ok()?;
    let raw = dict
        .get(b"CreationDate")
        .or_else(|_| dict.get(b"ModDate"))
        .ok()?
        .as_str()
        .ok()?;
    let s = String::from_utf8_lossy(raw);
    let digits = s.trim_start_matches("D:");
    chrono::NaiveDate::parse_from_str(digits.get(..8)?, "%Y%m%d").ok()
}

/// Extracts a PDF. Returns the text positions refer to (pages one after the
/// other, one visual line a line), the first line of each page, and the
/// extracted document; `Ok(None)` when it has no text at all.
pub fn extract(bytes: &[u8]) -> Result<Option<(String, Vec<usize>, Extracted)>, String> {
    let (pages, date) = pages(bytes)?;
    let mut lines = String::new();
    let mut page_starts = Vec::new();
    let mut b = TextBuilder::new();
    let mut line_no = 1;
    for page in &pages {
        page_starts.push(line_no);
        b.begin(Scope::Body);
        for line in page
            .lines()
            .map(str::trim_end)
            .filter(|l| !l.trim().is_empty())
        {
            let at = lines.len();
            lines.push_str(line);
            lines.push('\n');
            line_no += 1;
            b.push_source(line, at);
            b.push_replaced(" ", at + line.len()..at + line.len() + 1);
            let ends = line.trim_end().ends_with(['.', '!', '?', ':', ';'])
                || line.trim().chars().count() < HEADING_LINE
                    && !line.trim_end().ends_with([',', '-']);
            if ends {
                b.begin(Scope::Body);
            }
        }
    }
    if lines.trim().is_empty() {
        return Ok(None);
    }
    let meta = Metadata {
        date: date.map(|d| (d, DateSource::PdfInfo)),
        kind: None,
    };
    Ok(Some((
        lines,
        page_starts,
        Extracted {
            text: b.finish(),
            meta,
            ..Extracted::default()
        },
    )))
}

/// The page (1-based) and line within it of a line of the extracted text.
pub fn page_of(page_starts: &[usize], line: usize) -> (usize, usize) {
    let page = page_starts.partition_point(|&s| s <= line).max(1);
    (page, line - page_starts[page - 1] + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_lines() {
        assert_eq!(page_of(&[1, 6, 9], 1), (1, 1));
        assert_eq!(page_of(&[1, 6, 9], 7), (2, 2));
        assert_eq!(page_of(&[1, 6, 9], 12), (3, 4));
    }

    #[test]
    fn damaged_pdf_is_an_error_not_a_panic() {
        let err = extract(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj trailer").unwrap_err();
        assert!(err.contains("not a readable PDF"), "{err}");
    }
}

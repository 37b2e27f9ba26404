//! Extraction: a file's bytes become text the rules can read, with a map back
//! to the original positions, plus the metadata that decides how the document
//! is judged (its publication date and kind).
//!
//! Each input format is one extractor producing the same [`Extracted`] value,
//! so a new format (Word, social posts, PDF) is only a new extractor.

pub mod docx;
pub mod html;
pub mod markdown;
pub mod pdf;
pub mod plain;
pub mod posts;
pub mod textmap;

use std::ops::Range;
use std::path::Path;

use chrono::NaiveDate;

pub use textmap::{ExtractedText, Scope, Segment, TextBuilder};

/// The formats prepoll reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text.
    Text,
    /// CommonMark Markdown with optional front matter.
    Markdown,
    /// HTML.
    Html,
    /// Social posts as JSON.
    Json,
    /// Social posts as CSV (a scheduling tool's bulk upload).
    Csv,
    /// A Word document.
    Docx,
    /// A PDF.
    Pdf,
}

impl Format {
    /// The format for a file name, by extension; `None` for files prepoll
    /// does not read when walking a folder.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" | "mdown" | "mkd" => Some(Format::Markdown),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            "docx" => Some(Format::Docx),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }
}

/// Where a document's publication date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    /// Markdown front matter (`date` or `publish_date`).
    FrontMatter,
    /// An HTML `<meta>` tag such as `article:published_time`.
    HtmlMeta,
    /// An HTML `<time datetime>` element.
    HtmlTime,
    /// The `--date` option.
    CommandLine,
    /// A social post's own date.
    Post,
    /// A Word document's core properties (last modified, else created).
    DocxCore,
    /// A PDF's document information (creation date).
    PdfInfo,
    /// No date anywhere: the day of the check.
    Today,
}

impl DateSource {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            DateSource::FrontMatter => "front-matter",
            DateSource::HtmlMeta => "html-meta",
            DateSource::HtmlTime => "html-time",
            DateSource::CommandLine => "command-line",
            DateSource::Post => "post",
            DateSource::DocxCore => "docx-properties",
            DateSource::PdfInfo => "pdf-info",
            DateSource::Today => "today",
        }
    }
}

/// What the document says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    /// The publication date, if the document gives one.
    pub date: Option<(NaiveDate, DateSource)>,
    /// The kind of publicity (`press-release`, `newsletter`, ...), if given.
    pub kind: Option<String>,
}

/// A comment in the source (HTML or Markdown), kept for inline directives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// The comment's text, without the `<!--` and `-->`.
    pub text: String,
    /// Its byte range in the source file.
    pub range: Range<usize>,
}

/// A part of a document judged on its own: a social post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Its stretch of the extracted text.
    pub range: Range<usize>,
    /// Its own publication date, if it gives one.
    pub date: Option<NaiveDate>,
    /// Its id (or row), for messages.
    pub id: String,
}

/// Options that change how documents are read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExtractOptions {
    /// Which CSV columns hold social posts' dates and text.
    pub post_columns: posts::PostColumns,
}

/// The result of extracting one document.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    /// The text the rules read, with its source map.
    pub text: ExtractedText,
    /// Date and kind from the document's own metadata.
    pub meta: Metadata,
    /// Comments, in source order.
    pub comments: Vec<Comment>,
    /// Parts judged at their own dates (social posts); empty for documents
    /// judged as a whole.
    pub items: Vec<Item>,
}

/// Extracts a document of the given format. Text formats always succeed;
/// structured ones (posts) say why they cannot be read.
pub fn extract(
    source: &str,
    format: Format,
    options: &ExtractOptions,
) -> Result<Extracted, String> {
    match format {
        Format::Text => Ok(plain::extract(source)),
        Format::Markdown => Ok(markdown::extract(source)),
        Format::Html => Ok(html::extract(source)),
        Format::Json => posts::extract_json(source),
        Format::Csv => posts::extract_csv(source, &options.post_columns),
        // Binary formats are read from bytes (see `Checker::check_found_file`).
        Format::Docx | Format::Pdf => {
            Err("a Word or PDF file is read from its bytes, not as text".to_string())
        }
    }
}

/// Parses the leading `YYYY-MM-DD` of a date or date-time string, as found
/// in front matter and HTML metadata (`2027-04-12T09:00:00+01:00`).
pub fn parse_leading_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim().trim_matches(|c| c == '"' || c == '\'');
    let head = s.get(..10)?;
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension() {
        assert_eq!(
            Format::from_path(Path::new("a/b.MD")),
            Some(Format::Markdown)
        );
        assert_eq!(Format::from_path(Path::new("x.htm")), Some(Format::Html));
        assert_eq!(Format::from_path(Path::new("x.txt")), Some(Format::Text));
        assert_eq!(Format::from_path(Path::new("x.rs")), None);
    }

    #[test]
    fn leading_dates() {
        assert_eq!(
            parse_leading_date("2027-04-12T09:00:00+01:00"),
            NaiveDate::from_ymd_opt(2027, 4, 12)
        );
        assert_eq!(
            parse_leading_date("\"2027-04-12\""),
            NaiveDate::from_ymd_opt(2027, 4, 12)
        );
        assert_eq!(parse_leading_date("12 April 2027"), None);
    }
}

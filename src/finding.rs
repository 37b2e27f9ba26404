//! The shared types at the bottom of the pipeline: what a finding is, and
//! where in the original file it points.

use std::fmt;

use crate::rules::RuleId;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth a look.
    Info,
    /// Likely a problem.
    Warning,
    /// A breach of the rules.
    Error,
}

impl Severity {
    /// Parses `error`, `warning` or `info`.
    pub fn parse(s: &str) -> Option<Severity> {
        match s.trim().to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }

    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A place in the original file: byte offsets and 1-based line and column
/// (columns count Unicode scalar values). `end_*` is exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset after the last byte.
    pub end: usize,
    /// Line of `start`.
    pub line: usize,
    /// Column of `start`.
    pub column: usize,
    /// Line of `end`.
    pub end_line: usize,
    /// Column of `end`.
    pub end_column: usize,
}

/// Why a finding was waived, from an inline exception.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// The reason given.
    pub reason: String,
    /// Who approved it, if recorded.
    pub approved_by: Option<String>,
}

/// One breach found in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule broken.
    pub rule: RuleId,
    /// Its severity after config overrides.
    pub severity: Severity,
    /// A plain-language message naming who or what.
    pub message: String,
    /// Where, in the original file.
    pub span: Span,
    /// The words found, as written in the file.
    pub text: String,
    /// The candidate concerned, if any.
    pub candidate: Option<String>,
    /// The party concerned, if any.
    pub party: Option<String>,
    /// Set when an inline exception waives this finding.
    pub suppressed: Option<Suppression>,
    /// The page, for PDFs (`span.line` is then the line within the page).
    pub page: Option<usize>,
}

/// How often (in bytes) a long line has a column checkpoint.
const CHECKPOINT_EVERY: usize = 4096;

/// Checkpoints every few KB: (byte offset, characters since its line start).
fn checkpoints(source: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(source.len() / CHECKPOINT_EVERY + 1);
    let mut chars = 0;
    let mut next = CHECKPOINT_EVERY;
    for (i, c) in source.char_indices() {
        if i >= next {
            out.push((i, chars));
            next = i + CHECKPOINT_EVERY;
        }
        if c == '\n' {
            chars = 0;
        } else {
            chars += 1;
        }
    }
    out
}

/// Maps byte offsets of a file to lines and columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    /// A byte-order mark is not a column editors count.
    bom: bool,
    /// Column checkpoints on long lines, made on first need.
    checkpoints: std::cell::OnceCell<Vec<(usize, usize)>>,
}

impl LineIndex {
    /// Indexes a file's text.
    pub fn new(source: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', source.as_bytes()).map(|i| i + 1));
        LineIndex {
            line_starts,
            bom: source.starts_with('\u{FEFF}'),
            checkpoints: std::cell::OnceCell::new(),
        }
    }

    /// 1-based line and column of a byte offset.
    pub fn line_col(&self, source: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(source.len());
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let mut start = self.line_starts[line - 1];
        let mut counted = 0;
        // On a very long line, count on from the nearest checkpoint, so that
        // a million findings on one 100 MB line cost linear time, not square.
        if offset - start > CHECKPOINT_EVERY {
            let points = self.checkpoints.get_or_init(|| checkpoints(source));
            let i = points.partition_point(|&(o, _)| o <= offset);
            if i > 0 {
                let (o, chars_from_line_start) = points[i - 1];
                if o >= start {
                    start = o;
                    counted = chars_from_line_start;
                }
            }
        }
        // Offsets always sit on character boundaries; count characters before.
        let prefix = source.get(start..offset).unwrap_or("");
        let mut col = counted + prefix.chars().count() + 1;
        if line == 1 && self.bom && offset > 0 {
            col -= 1;
        }
        (line, col)
    }

    /// The text of a 1-based line, without its line end.
    pub fn line_text<'s>(&self, source: &'s str, line: usize) -> &'s str {
        let start = self
            .line_starts
            .get(line - 1)
            .copied()
            .unwrap_or(source.len());
        let end = self.line_starts.get(line).copied().unwrap_or(source.len());
        source[start..end]
            .trim_end_matches(['\n', '\r'])
            .trim_start_matches('\u{FEFF}')
    }

    /// A full span for a byte range.
    pub fn span(&self, source: &str, range: std::ops::Range<usize>) -> Span {
        let (line, column) = self.line_col(source, range.start);
        let (end_line, end_column) = self.line_col(source, range.end);
        Span {
            start: range.start,
            end: range.end,
            line,
            column,
            end_line,
            end_column,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let src = "Café – Cllr Smith\r\nline two";
        let idx = LineIndex::new(src);
        let at = src.find("Cllr").unwrap();
        assert_eq!(idx.line_col(src, at), (1, 8));
        let two = src.find("two").unwrap();
        assert_eq!(idx.line_col(src, two), (2, 6));
        assert_eq!(idx.line_text(src, 1), "Café – Cllr Smith");
    }

    #[test]
    fn long_lines_use_checkpoints_and_agree_with_counting() {
        let src = "é".repeat(10_000) + "\n" + &"ab".repeat(9_000) + "Cllr";
        let idx = LineIndex::new(&src);
        let at = src.find("Cllr").unwrap();
        assert_eq!(idx.line_col(&src, at), (2, 18_001));
        assert_eq!(idx.line_col(&src, 2 * 5_000), (1, 5_001));
        assert_eq!(idx.line_col(&src, 20_001 + 4_097), (2, 4_098));
    }

    #[test]
    fn bom_is_not_a_column() {
        let src = "\u{FEFF}Jane";
        let idx = LineIndex::new(src);
        assert_eq!(idx.line_col(src, 3), (1, 1));
    }

    #[test]
    fn severity_order() {
        assert!(Severity::Error > Severity::Warning);
        assert_eq!(Severity::parse("Warning"), Some(Severity::Warning));
        assert_eq!(Severity::parse("fatal"), None);
    }
}

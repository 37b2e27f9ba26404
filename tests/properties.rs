//! Property tests over generated documents: whatever the text (multi-byte
//! characters, emoji, combining marks, CRLF, entities, broken markup, names
//! from the Wexbridge test world), checking never panics, every finding
//! points at a real place in the file with consistent line and column, line
//! ends do not change what is found, and extraction keeps every word.
//!
//! The test world is the labelled corpus's (`fixtures/corpus/prepoll.toml`),
//! judged with `assume_period` so that every rule applies.

use std::path::Path;
use std::sync::OnceLock;

use chrono::NaiveDate;
use prepoll::engine::{CheckOptions, Checker, FileReport};
use prepoll::extract::{self, Format};
use proptest::prelude::*;

fn checker() -> &'static Checker {
    static CHECKER: OnceLock<Checker> = OnceLock::new();
    CHECKER.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus/prepoll.toml");
        let config = prepoll::config::load(&root).unwrap();
        let mut options = CheckOptions::new(NaiveDate::from_ymd_opt(2027, 4, 12).unwrap());
        options.assume_period = true;
        Checker::new(config, Vec::new(), options).unwrap()
    })
}

const FORMATS: [Format; 3] = [Format::Text, Format::Markdown, Format::Html];

fn path_for(format: Format) -> &'static str {
    match format {
        Format::Markdown => "news/draft.md",
        Format::Html => "news/draft.html",
        _ => "news/draft.txt",
    }
}

// ---------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------

/// Names, party words and phrases of the Wexbridge test world.
const WORLD: &[&str] = &[
    "Cllr Jane Smith",
    "Jane Smith",
    "Councillor Jane Smith",
    "Labour-run",
    "Labour",
    "Tories",
    "Green Lane",
    "Green Party",
    "\"We are delighted,\" said Cllr Jane Smith",
    "\u{201C}We are delighted,\u{201D} said Cllr Jane Smith.",
    "Pictured: Tom Marsh",
    "Tom Marsh",
    "Thomas Marsh",
    "Sarah O'Connor",
    "Sarah O\u{2019}Connor",
    "Sarah O&rsquo;Connor",
    "Cllr Peter Brown",
    "Priya Patel",
    "Mo Khan",
    "Leader of the Council",
    "vote for",
    "Vote for",
    "record investment",
    "Riverside incinerator",
    "low traffic neighbourhood",
    "the council",
    "Wexbridge",
    "Jane\u{A0}Smith",
    "Jane&nbsp;Smith",
];

/// Characters that stress byte/char bookkeeping.
const ODD: &[&str] = &[
    "é",
    "e\u{301}",
    "\u{301}",
    "\u{308}",
    "ß",
    "€",
    "中文",
    "Ж",
    "😀",
    "👍🏽",
    "👩\u{200D}👩\u{200D}👧",
    "🇬🇧",
    "\u{A0}",
    "\u{202F}",
    "\u{2009}",
    "\u{200B}",
    "\u{FEFF}",
    "\u{AD}",
    "\u{2018}",
    "\u{2019}",
    "\u{201C}",
    "\u{201D}",
    "\u{2013}",
    "\u{2014}",
    "\u{2011}",
    "\u{2028}",
    "\u{85}",
    "\t",
    "\0",
    "\u{FFFD}",
    "'",
    "\"",
    "\\",
    "`",
];

/// HTML entities, valid and not.
const ENTITIES: &[&str] = &[
    "&amp;",
    "&rsquo;",
    "&lsquo;",
    "&ldquo;",
    "&rdquo;",
    "&nbsp;",
    "&#8217;",
    "&#x2019;",
    "&#x1F600;",
    "&#0;",
    "&#xD800;",
    "&amp",
    "&notit;",
    "&bogus;",
    "&",
    "&#",
    "&#x;",
    "&lt;",
    "&gt;",
    "&quot;",
    "&eacute;",
    "&NotNestedLessLess;",
];

/// Markup of all three formats, whole and broken.
const MARKUP: &[&str] = &[
    "<p>",
    "</p>",
    "<b>",
    "</b>",
    "<i>",
    "</i>",
    "<li>",
    "</li>",
    "<ul>",
    "</ul>",
    "<div>",
    "</div>",
    "<h1>",
    "</h1>",
    "<br>",
    "<br/>",
    "<blockquote>",
    "</blockquote>",
    "<figure><figcaption>",
    "</figcaption></figure>",
    "<title>",
    "</title>",
    "<script>",
    "</script>",
    "<style>",
    "</style>",
    "<!--",
    "-->",
    "<!-- a comment -->",
    "<!-- prepoll-allow candidate-named: reason given -->",
    "<!-- prepoll-allow -->",
    "prepoll-allow candidate-named: reason",
    "prepoll-allow",
    "<img alt=\"Cllr Jane Smith\" src=\"/img/jane-smith.jpg\">",
    "<img src=\"tom-marsh.png\" title=\"Tom&nbsp;Marsh\">",
    "<meta name=\"description\" content=\"Cllr Jane Smith &amp; Labour\">",
    "<meta property=\"article:published_time\" content=\"2027-04-12\">",
    "<time datetime=\"2027-04-20\">",
    "<a href=\"x\">",
    "</a>",
    "<",
    ">",
    "</",
    "<p",
    "=\"",
    "<![CDATA[",
    "]]>",
    "<!doctype html>",
    "# ",
    "## ",
    "**",
    "*",
    "_",
    "`",
    "```\n",
    "~~~\n",
    "> ",
    "- ",
    "1. ",
    "    ",
    "---\n",
    "+++\n",
    "===\n",
    "---\ntitle: Cllr Jane Smith\ndate: 2027-04-12\n---\n",
    "![Tom Marsh](img/tom-marsh.jpg \"Tom Marsh at work\")",
    "![",
    "](",
    "[link](http://example.org/jane-smith)",
    "[^1]",
    "[^1]: ",
    "| a | b |\n|---|---|\n| Jane | Smith |\n",
    "  \n",
    "\\\n",
];

const SEPARATORS: &[&str] = &[" ", " ", "  ", "\n", "\n\n", "\r\n", "\r\n\r\n", "\t", "\r"];

fn pick(items: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::sample::select(items).prop_map(str::to_string)
}

/// One piece of a generated document.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => pick(WORLD),
        3 => pick(SEPARATORS),
        2 => pick(ODD),
        2 => pick(ENTITIES),
        3 => pick(MARKUP),
        // Random printable text of any script.
        2 => "\\PC{1,8}",
        // Any character at all, controls and lone CRs included.
        1 => any::<char>().prop_map(String::from),
        2 => "[A-Za-z]{1,8}",
    ]
}

/// A document: a run of fragments, sometimes after a byte-order mark.
fn document() -> impl Strategy<Value = String> {
    (any::<bool>(), prop::collection::vec(fragment(), 0..48)).prop_map(|(bom, parts)| {
        let mut s = String::new();
        if bom {
            s.push('\u{FEFF}');
        }
        for p in parts {
            s.push_str(&p);
        }
        s
    })
}

fn format() -> impl Strategy<Value = Format> {
    prop::sample::select(FORMATS.to_vec())
}

/// A word of letters and digits, ASCII or not.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z0-9]{1,10}",
        1 => "[a-zA-Z0-9éüßøæñçåłΩЖж中文]{1,8}",
    ]
}

/// Paragraphs (one or more lines of one or more words).
fn paragraphs() -> impl Strategy<Value = Vec<Vec<Vec<String>>>> {
    prop::collection::vec(
        prop::collection::vec(prop::collection::vec(word(), 1..8), 1..4),
        1..6,
    )
}

// ---------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------

/// Line and column of a byte offset, computed without prepoll's `LineIndex`:
/// lines count '\n' before the offset; columns count characters since the
/// last '\n', a byte-order mark at the very start not counting.
fn expected_line_col(source: &str, offset: usize) -> (usize, usize) {
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let mut col = before[line_start..].chars().count() + 1;
    if line_start == 0 && before.starts_with('\u{FEFF}') {
        col -= 1;
    }
    (line, col)
}

fn assert_spans_valid(source: &str, report: &FileReport) -> Result<(), TestCaseError> {
    for f in &report.findings {
        let s = f.span;
        prop_assert!(
            s.start <= s.end && s.end <= source.len(),
            "span {s:?} of {f:?} out of bounds (len {})",
            source.len()
        );
        prop_assert!(
            source.is_char_boundary(s.start) && source.is_char_boundary(s.end),
            "span {s:?} of {f:?} not on char boundaries"
        );
        prop_assert_eq!(
            (s.line, s.column),
            expected_line_col(source, s.start),
            "start of {:?}",
            f
        );
        prop_assert_eq!(
            (s.end_line, s.end_column),
            expected_line_col(source, s.end),
            "end of {:?}",
            f
        );
        prop_assert_eq!(&f.text, &source[s.start..s.end], "text of {:?}", f);
    }
    Ok(())
}

/// What a finding says, independent of byte offsets.
fn shape(report: &FileReport) -> Vec<(String, usize, usize, usize, usize, String)> {
    report
        .findings
        .iter()
        .map(|f| {
            (
                f.rule.as_str().to_string(),
                f.span.line,
                f.span.column,
                f.span.end_line,
                f.span.end_column,
                f.message.clone(),
            )
        })
        .collect()
}

fn assert_source_ranges_valid(source: &str, format: Format) -> Result<(), TestCaseError> {
    let e = extract::extract(source, format, &Default::default()).unwrap();
    let t = &e.text;
    let valid = |r: &std::ops::Range<usize>| {
        r.start <= r.end
            && r.end <= source.len()
            && source.is_char_boundary(r.start)
            && source.is_char_boundary(r.end)
    };
    for seg in &t.segments {
        prop_assert!(seg.range.start <= seg.range.end && seg.range.end <= t.text.len());
        let r = t.source_range(seg.range.clone());
        prop_assert!(
            valid(&r),
            "segment {:?} ({:?}) maps to {:?} (source len {})",
            seg,
            &t.text[seg.range.clone()],
            r,
            source.len()
        );
        // Every word of the segment maps inside the source too.
        let body = &t.text[seg.range.clone()];
        let mut at = 0;
        for w in body.split(' ') {
            let start = seg.range.start + at;
            let r = t.source_range(start..start + w.len());
            prop_assert!(valid(&r), "word {:?} maps to {:?}", w, r);
            at += w.len() + 1;
        }
    }
    Ok(())
}

/// Checks `doc` (its CRs dropped) with LF and with CRLF line ends.
fn assert_crlf_same(doc: &str, format: Format) -> Result<(), TestCaseError> {
    let lf = doc.replace('\r', "");
    let crlf = lf.replace('\n', "\r\n");
    let a = checker().check_source(path_for(format), &lf, format);
    let b = checker().check_source(path_for(format), &crlf, format);
    assert_spans_valid(&crlf, &b)?;
    prop_assert_eq!(shape(&a), shape(&b), "LF {:?}\nCRLF {:?}", lf, crlf);
    Ok(())
}

/// Character references HTML decodes.
const VALID_REFERENCES: &[&str] = &[
    "&amp;",
    "&rsquo;",
    "&lsquo;",
    "&ldquo;",
    "&rdquo;",
    "&nbsp;",
    "&#8217;",
    "&#x2019;",
    "&#x1F600;",
    "&lt;",
    "&gt;",
    "&quot;",
    "&eacute;",
];

/// Writes every `&` that does not start a valid character reference as
/// `&amp;`.
fn escape_bare_ampersands(doc: &str) -> String {
    let mut out = String::with_capacity(doc.len());
    for (i, c) in doc.char_indices() {
        if c == '&' && !VALID_REFERENCES.iter().any(|r| doc[i..].starts_with(r)) {
            out.push_str("&amp;");
        } else {
            out.push(c);
        }
    }
    out
}

fn words_of(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

/// 64 cases a property, or `PROPTEST_CASES` for a longer hunt.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64);
    ProptestConfig {
        // No regression files written into the tree.
        failure_persistence: None,
        ..ProptestConfig::with_cases(cases)
    }
}

proptest! {
    #![proptest_config(config())]

    /// Checking never panics, and every finding's span lies inside the file,
    /// on character boundaries, with line and column matching its offsets.
    #[test]
    fn findings_point_into_the_source(source in document(), format in format()) {
        let report = checker().check_source(path_for(format), &source, format);
        prop_assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_spans_valid(&source, &report)?;
    }

    /// Documents dense in names and party words, so that most cases have
    /// findings to check.
    #[test]
    fn dense_findings_point_into_the_source(
        parts in prop::collection::vec(
            prop_oneof![3 => pick(WORLD), 2 => pick(SEPARATORS), 1 => pick(ODD), 1 => pick(ENTITIES)],
            1..24,
        ),
        format in format(),
    ) {
        let source = parts.concat();
        let report = checker().check_source(path_for(format), &source, format);
        assert_spans_valid(&source, &report)?;
    }

    /// The same text with LF and with CRLF line ends gives the same findings.
    #[test]
    fn crlf_and_lf_give_the_same_findings(
        doc in document(),
        format in prop::sample::select(vec![Format::Text, Format::Markdown]),
    ) {
        assert_crlf_same(&doc, format)?;
    }

    /// The same for HTML, leaving out bare `&`s before letters (see
    /// `html_bare_ampersand_before_name_with_crlf`, a known bug).
    #[test]
    fn crlf_and_lf_give_the_same_findings_html(doc in document()) {
        assert_crlf_same(&escape_bare_ampersands(&doc), Format::Html)?;
    }

    /// Every segment (and every word in it) maps back to a range of the
    /// source on character boundaries.
    #[test]
    fn source_ranges_lie_in_the_source(source in document(), format in format()) {
        assert_source_ranges_valid(&source, format)?;
    }

    /// Plain text keeps every word, in order.
    #[test]
    fn plain_text_keeps_every_word(paras in paragraphs(), crlf in any::<bool>()) {
        let nl = if crlf { "\r\n" } else { "\n" };
        let source = paras
            .iter()
            .map(|lines| lines.iter().map(|l| l.join(" ")).collect::<Vec<_>>().join(nl))
            .collect::<Vec<_>>()
            .join(&format!("{nl}{nl}"));
        let want: Vec<&str> = words_of(&source);
        let e = extract::extract(&source, Format::Text, &Default::default()).unwrap();
        prop_assert_eq!(words_of(&e.text.text), want);
    }

    /// Markdown paragraphs of plain words keep every word, in order.
    #[test]
    fn markdown_keeps_every_word(paras in paragraphs(), crlf in any::<bool>()) {
        let nl = if crlf { "\r\n" } else { "\n" };
        let source = paras
            .iter()
            .map(|lines| lines.iter().map(|l| l.join(" ")).collect::<Vec<_>>().join(nl))
            .collect::<Vec<_>>()
            .join(&format!("{nl}{nl}"));
        let want: Vec<&str> = words_of(&source);
        let e = extract::extract(&source, Format::Markdown, &Default::default()).unwrap();
        prop_assert_eq!(words_of(&e.text.text), want);
    }

    /// HTML of words wrapped in <p>, <b> and <li> keeps every word, in order.
    #[test]
    fn html_keeps_every_word(
        blocks in prop::collection::vec(
            (0..3usize, prop::collection::vec((word(), any::<bool>()), 1..8)),
            1..6,
        ),
    ) {
        let mut source = String::new();
        let mut want = Vec::new();
        for (kind, words) in &blocks {
            let (open, close) = match kind {
                0 => ("<p>", "</p>"),
                1 => ("<ul><li>", "</li></ul>"),
                _ => ("<li>", "</li>"),
            };
            source.push_str(open);
            let rendered: Vec<String> = words
                .iter()
                .map(|(w, bold)| {
                    want.push(w.clone());
                    if *bold { format!("<b>{w}</b>") } else { w.clone() }
                })
                .collect();
            source.push_str(&rendered.join(" "));
            source.push_str(close);
            source.push('\n');
        }
        let e = extract::extract(&source, Format::Html, &Default::default()).unwrap();
        prop_assert_eq!(words_of(&e.text.text), want, "source {:?}", source);
    }
}

/// 100,000 nested `<div>`s and an unclosed comment: no stack overflow, no
/// panic, and the spans still check out.
#[test]
fn deep_nesting_and_unclosed_comment() {
    let source = "<div>".repeat(100_000) + "Cllr Jane Smith <!-- never closed Tom Marsh";
    let report = checker().check_source("deep.html", &source, Format::Html);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    for f in &report.findings {
        assert!(f.span.start <= f.span.end && f.span.end <= source.len());
        assert_eq!(
            (f.span.line, f.span.column),
            expected_line_col(&source, f.span.start)
        );
    }
}

/// Regression (found by `crlf_and_lf_give_the_same_findings_html`): in
/// HTML, a bare `&` directly before a name (not a character reference, so
/// the tokenizer leaves it as text) was mapped as if it were an entity
/// whenever the same text token also needed decoding (a CRLF, or any
/// entity): the finding started at the `&`, one column early.
#[test]
fn html_bare_ampersand_before_name_with_crlf() {
    let lf = "Hi &Jane Smith\n";
    let crlf = "Hi &Jane Smith\r\n";
    let a = checker().check_source("a.html", lf, Format::Html);
    let b = checker().check_source("a.html", crlf, Format::Html);
    assert_eq!(a.findings.len(), 1, "{:?}", a.findings);
    // "Jane Smith" is at column 5 in both.
    assert_eq!((a.findings[0].span.line, a.findings[0].span.column), (1, 5));
    assert_eq!(a.findings[0].text, "Jane Smith");
    assert_eq!(shape(&a), shape(&b));
    assert_eq!(b.findings[0].text, "Jane Smith");
}

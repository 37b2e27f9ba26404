//! Markdown, read with pulldown-cmark (a CommonMark parser that reports the
//! source range of every event, which is what lets findings point into the
//! file as written).
//!
//! Read: prose, headings, link text, image alt text, title and file name,
//! HTML blocks (through the HTML extractor), and the front matter's `title`.
//! Skipped: code blocks and inline code. Front matter gives `date` /
//! `publish_date` and `kind`.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{Comment, DateSource, Extracted, Metadata, Scope, TextBuilder, html};

/// Extracts a Markdown document.
pub fn extract(source: &str) -> Extracted {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS);
    options.insert(Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS);

    let mut b = TextBuilder::for_source(source.len());
    let mut meta = Metadata::default();
    let mut comments = Vec::new();

    let mut in_code = false;
    let mut in_metadata = false;
    let mut quote_depth = 0usize;
    let mut heading = false;
    let mut image_depth = 0usize;
    // An HTML block arrives as several events; it is extracted whole at its end.
    let mut html_block: Option<Range<usize>> = None;

    let scope = |heading: bool, quote_depth: usize| {
        if heading {
            Scope::Heading
        } else if quote_depth > 0 {
            Scope::BlockQuote
        } else {
            Scope::Body
        }
    };

    // pulldown-cmark builds a tree of the whole document first, about one
    // and a half times the size of the source; a very large file is parsed
    // a few megabytes at a time instead (see `chunks`).
    let events = chunks(source).into_iter().flat_map(|c| {
        let base = c.start;
        Parser::new_ext(&source[c], options)
            .into_offset_iter()
            .map(move |(e, r)| (e, r.start + base..r.end + base))
    });
    for (event, range) in events {
        match event {
            Event::Start(tag) => match tag {
                Tag::CodeBlock(_) => {
                    b.end();
                    in_code = true;
                }
                Tag::MetadataBlock(_) => in_metadata = true,
                Tag::HtmlBlock => {
                    b.end();
                    html_block = Some(range.clone());
                }
                Tag::BlockQuote(_) => {
                    quote_depth += 1;
                    b.begin(scope(heading, quote_depth));
                }
                Tag::Heading { .. } => {
                    heading = true;
                    b.begin(Scope::Heading);
                }
                Tag::Paragraph
                | Tag::Item
                | Tag::TableCell
                | Tag::FootnoteDefinition(_)
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition
                    if image_depth == 0 =>
                {
                    b.begin(scope(heading, quote_depth));
                }
                Tag::Image { .. } => {
                    // Alt text arrives as Text events; title and file name at the end.
                    image_depth += 1;
                    b.begin(Scope::ImageAlt);
                }
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::CodeBlock => in_code = false,
                TagEnd::MetadataBlock(_) => in_metadata = false,
                TagEnd::HtmlBlock => {
                    if let Some(r) = html_block.take() {
                        let r = r.start..range.end.max(r.end);
                        html::extract_fragment(source, r, &mut b, &mut meta, &mut comments);
                    }
                }
                TagEnd::BlockQuote(_) => {
                    quote_depth = quote_depth.saturating_sub(1);
                    b.end();
                }
                TagEnd::Heading(_) => {
                    heading = false;
                    b.end();
                }
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition
                    if image_depth == 0 =>
                {
                    b.end();
                }
                TagEnd::Image => {
                    image_depth = image_depth.saturating_sub(1);
                    b.end();
                    push_image_parts(source, range.clone(), &mut b);
                    b.begin(scope(heading, quote_depth));
                }
                _ => {}
            },
            Event::Text(text) => {
                if in_metadata {
                    read_front_matter(source, range, &mut meta, &mut b);
                } else if !in_code {
                    b.push_aligned(&text, &source[range.clone()], range.start);
                }
            }
            // Inline code is not prose, but it still separates words.
            Event::Code(_) if !in_code => b.push_replaced(" ", range),
            Event::SoftBreak | Event::HardBreak => b.push_replaced(" ", range),
            Event::Html(_) => {
                if let Some(r) = &mut html_block {
                    r.end = r.end.max(range.end);
                }
            }
            Event::InlineHtml(raw) if raw.starts_with("<!--") => {
                comments.push(Comment {
                    text: comment_body(&raw).to_string(),
                    range,
                });
            }
            _ => {}
        }
    }
    Extracted {
        text: b.finish(),
        meta,
        comments,
        items: Vec::new(),
    }
}

/// After an image's alt text: its title (as alt text) and its file name.
/// Both are located in the raw `![alt](url "title")` by searching backwards
/// from the end, past the alt text.
/// Documents up to this size are parsed whole.
const PARSE_WHOLE: usize = 8 << 20;
/// The size a large document is parsed in.
const CHUNK: usize = 4 << 20;

/// Where to cut a very large document so that each piece parses as it
/// would in place: at a blank line followed by a paragraph that starts
/// with a letter or digit (not a list, fence, table, quote, heading or
/// metadata line), outside fenced code. A link whose reference definition
/// falls in another piece reads as its text in brackets, which the rules
/// read the same way.
fn chunks(source: &str) -> Vec<Range<usize>> {
    if source.len() <= PARSE_WHOLE {
        return std::iter::once(0..source.len()).collect();
    }
    let bytes = source.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_fence = false;
    let mut line_start = 0;
    while line_start < bytes.len() {
        let line_end =
            memchr::memchr(b'\n', &bytes[line_start..]).map_or(bytes.len(), |i| line_start + i + 1);
        let line = &source[line_start..line_end];
        let trimmed = line.trim_start_matches(' ');
        if line.len() - trimmed.len() <= 3
            && (trimmed.starts_with("```") || trimmed.starts_with("~~~"))
        {
            in_fence = !in_fence;
        }
        let blank_before = line_start >= 2 && &bytes[line_start - 2..line_start] == b"\n\n";
        if !in_fence
            && blank_before
            && line_start - start >= CHUNK
            && line.starts_with(|c: char| c.is_alphanumeric())
        {
            out.push(start..line_start);
            start = line_start;
        }
        line_start = line_end;
    }
    out.push(start..source.len());
    out
}

fn push_image_parts(source: &str, range: Range<usize>, b: &mut TextBuilder) {
    let raw = &source[range.clone()];
    // The destination part starts at the last "](" (alt text may contain brackets).
    let Some(dest_pos) = raw.rfind("](") else {
        return;
    };
    let dest = &raw[dest_pos + 2..raw.len().saturating_sub(1)];
    let dest_start = range.start + dest_pos + 2;
    let dest = dest.trim_start();
    let lead = raw[dest_pos + 2..].len() - raw[dest_pos + 2..].trim_start().len();
    let dest_start = dest_start + lead;
    // URL: up to whitespace (or the whole thing in <...>).
    let url_len = if dest.starts_with('<') {
        dest.find('>').map(|i| i + 1).unwrap_or(dest.len())
    } else {
        dest.find(char::is_whitespace).unwrap_or(dest.len())
    };
    let url = &dest[..url_len];
    let rest = &dest[url_len..];
    // Title: quoted with " ' or ( ).
    let rest_trim = rest.trim_start();
    let title_off = dest_start + url_len + (rest.len() - rest_trim.len());
    if let Some(open) = rest_trim.chars().next()
        && matches!(open, '"' | '\'' | '(')
    {
        let close = if open == '(' { ')' } else { open };
        if let Some(end) = rest_trim[1..].rfind(close) {
            let title = &rest_trim[1..1 + end];
            if !title.trim().is_empty() {
                b.begin(Scope::ImageAlt);
                b.push_source(title, title_off + 1);
                b.end();
            }
        }
    }
    push_file_name(
        url.trim_matches(['<', '>']),
        dest_start + usize::from(url.starts_with('<')),
        b,
    );
}

/// Pushes the file name of an image URL (`/img/jane-smith-opening.jpg` gives
/// `jane smith opening`), as an [`Scope::ImageFile`] segment mapped to the
/// name's place in the source.
pub(crate) fn push_file_name(url: &str, url_start: usize, b: &mut TextBuilder) {
    let path_end = url.find(['?', '#']).unwrap_or(url.len());
    let path = &url[..path_end];
    let name_start = path.rfind('/').map(|i| i + 1).unwrap_or(0);
    let name = &path[name_start..];
    let stem_len = name.rfind('.').filter(|&i| i > 0).unwrap_or(name.len());
    let stem = &name[..stem_len];
    if stem.is_empty() {
        return;
    }
    b.begin(Scope::ImageFile);
    // Separators in file names read as spaces, so "jane-smith" reads "jane smith".
    let src = url_start + name_start;
    for (i, c) in stem.char_indices() {
        let r = src + i..src + i + c.len_utf8();
        if matches!(c, '-' | '_' | '.' | '+') || c == '%' {
            b.push_replaced(" ", r);
        } else {
            let mut tmp = [0u8; 4];
            b.push_aligned(c.encode_utf8(&mut tmp), &stem[i..i + c.len_utf8()], r.start);
        }
    }
    b.end();
}

/// Reads `date`, `publish_date`, `kind` and `title` from YAML or TOML front
/// matter. The title is also read as text (it is published).
fn read_front_matter(source: &str, range: Range<usize>, meta: &mut Metadata, b: &mut TextBuilder) {
    let raw = &source[range.clone()];
    let mut offset = range.start;
    for line in raw.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        // Only top-level keys.
        if content.starts_with([' ', '\t']) {
            continue;
        }
        let Some(sep) = content.find([':', '=']) else {
            continue;
        };
        let key = content[..sep].trim().to_ascii_lowercase();
        let value_raw = &content[sep + 1..];
        let value = value_raw.trim();
        let value_start = line_start + sep + 1 + (value_raw.len() - value_raw.trim_start().len());
        let unquoted = value.trim_matches(|c| c == '"' || c == '\'');
        match key.as_str() {
            "date" | "publish_date" | "published" | "publishdate" | "pubdate" => {
                if let Some(d) = super::parse_leading_date(unquoted) {
                    // publish_date wins over date when both are given.
                    if meta.date.is_none() || key != "date" {
                        meta.date = Some((d, DateSource::FrontMatter));
                    }
                }
            }
            "kind" if !unquoted.is_empty() => {
                meta.kind = Some(unquoted.to_ascii_lowercase());
            }
            "title" | "description" | "summary" | "subtitle" if !unquoted.is_empty() => {
                let quote = usize::from(value.starts_with(['"', '\'']));
                b.begin(Scope::Title);
                b.push_source(unquoted, value_start + quote);
                b.end();
            }
            _ => {}
        }
    }
}

/// The text of an HTML comment without its delimiters.
pub(crate) fn comment_body(raw: &str) -> &str {
    let s = raw.trim();
    let s = s.strip_prefix("<!--").unwrap_or(s);
    s.strip_suffix("-->").unwrap_or(s).trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_very_large_document_is_read_in_pieces_exactly_as_whole() {
        let para = "Cllr Jane Smith opened the **new** library on Green Lane.\n\n";
        let code = "```\nlet x = 1;\n\nSaid in code, not prose.\n```\n\n";
        let mut source = String::from("---\ndate: 2027-04-20\n---\n\n");
        while source.len() < PARSE_WHOLE + 3 * CHUNK {
            source.push_str(para);
            source.push_str(code);
        }
        let pieces = chunks(&source);
        assert!(pieces.len() >= 3, "{}", pieces.len());
        assert_eq!(pieces.first().unwrap().start, 0);
        assert_eq!(pieces.last().unwrap().end, source.len());
        for w in pieces.windows(2) {
            assert_eq!(w[0].end, w[1].start);
            assert!(source[w[1].clone()].starts_with("Cllr"));
        }
        let e = extract(&source);
        // Every paragraph's prose is read, no code is.
        let n = source.matches(para).count();
        assert_eq!(e.text.text.matches("Cllr Jane Smith opened").count(), n);
        assert!(!e.text.text.contains("Said in code"));
        assert!(
            e.meta.date.is_some(),
            "front matter read from the first piece"
        );
    }

    fn text(src: &str) -> String {
        extract(src).text.text
    }

    #[test]
    fn prose_without_code() {
        let src = "# Heading\n\nSome *prose* with `Jane Smith` code.\n\n```\nJane Smith\n```\n";
        assert_eq!(text(src), "Heading\n\nSome prose with code.\n\n");
    }

    #[test]
    fn front_matter_date_kind_title() {
        let src = "---\ntitle: \"Bins with Jane Smith\"\ndate: 2027-04-12\nkind: newsletter\n---\n\nBody.\n";
        let e = extract(src);
        assert_eq!(
            e.meta.date,
            Some((
                chrono::NaiveDate::from_ymd_opt(2027, 4, 12).unwrap(),
                DateSource::FrontMatter
            ))
        );
        assert_eq!(e.meta.kind.as_deref(), Some("newsletter"));
        assert!(e.text.text.starts_with("Bins with Jane Smith\n\nBody."));
        let at = e.text.text.find("Jane").unwrap();
        let r = e.text.source_range(at..at + 10);
        assert_eq!(&src[r], "Jane Smith");
    }

    #[test]
    fn image_alt_title_and_file_name() {
        let src = "Text ![Cllr Jane Smith at the depot](img/jane-smith-depot.jpg \"Jane at work\") more.\n";
        let e = extract(src);
        let scopes: Vec<_> = e
            .text
            .segments
            .iter()
            .map(|s| (s.scope, &e.text.text[s.range.clone()]))
            .collect();
        assert_eq!(
            scopes,
            vec![
                (Scope::Body, "Text"),
                (Scope::ImageAlt, "Cllr Jane Smith at the depot"),
                (Scope::ImageAlt, "Jane at work"),
                (Scope::ImageFile, "jane smith depot"),
                (Scope::Body, "more."),
            ]
        );
        let seg = &e.text.segments[3];
        let r = e.text.source_range(seg.range.clone());
        assert_eq!(&src[r], "jane-smith-depot");
    }

    #[test]
    fn soft_breaks_join_names_and_map_back() {
        let src = "Cllr Jane\r\nSmith spoke &amp; left.\r\n";
        let e = extract(src);
        assert_eq!(e.text.text, "Cllr Jane Smith spoke & left.\n\n");
        let r = e.text.source_range(5..15);
        assert_eq!(&src[r], "Jane\r\nSmith");
        let amp = e.text.text.find('&').unwrap();
        assert_eq!(&src[e.text.source_range(amp..amp + 1)], "&amp;");
    }

    #[test]
    fn html_blocks_and_comments() {
        let src = "<!-- prepoll-allow x: y -->\n\n<div><p>Hello <b>Jane</b></p><script>x()</script></div>\n\nAfter.\n";
        let e = extract(src);
        assert_eq!(e.text.text, "Hello Jane\n\nAfter.\n\n");
        assert_eq!(e.comments.len(), 1);
        assert_eq!(e.comments[0].text, "prepoll-allow x: y");
    }
}

//! The extracted text of a document and its map back to the source file.
//!
//! Every extractor builds one [`ExtractedText`] through a [`TextBuilder`]: the
//! text the rules read (normalised: straight quotes, single spaces, markup and
//! entities resolved) plus a list of pieces saying which bytes of the original
//! file each stretch of text came from. A finding found at a text range is
//! mapped back through those pieces, so positions always point into the file
//! as written — through entities, CRLF line ends, markup and line breaks.

use std::ops::Range;

/// One stretch of extracted text and the source bytes it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    text_start: usize,
    text_end: usize,
    src_start: usize,
    src_end: usize,
    /// The text bytes equal the source bytes, so offsets inside map one to one.
    verbatim: bool,
}

/// Where a segment of text came from in the document's structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// Ordinary prose.
    Body,
    /// A heading.
    Heading,
    /// The document title (HTML `<title>`, front matter `title`).
    Title,
    /// Metadata shown by search engines and social sites (meta description, `og:` tags).
    Meta,
    /// An image's alt text or title.
    ImageAlt,
    /// An image's file name.
    ImageFile,
    /// A caption (`figcaption`).
    Caption,
    /// A block quotation.
    BlockQuote,
}

/// A block of extracted text: a paragraph, heading, alt text, and so on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Byte range in [`ExtractedText::text`].
    pub range: Range<usize>,
    /// What kind of content this is.
    pub scope: Scope,
}

/// Extracted, normalised text with a map back to the source file.
#[derive(Debug, Clone, Default)]
pub struct ExtractedText {
    /// The text rules read. Segments are separated by `"\n\n"`, so no match
    /// crosses from one block into the next.
    pub text: String,
    /// The blocks of the text, in order.
    pub segments: Vec<Segment>,
    pieces: Vec<Piece>,
}

impl ExtractedText {
    /// Maps a range of [`Self::text`] to a byte range of the source file.
    pub fn source_range(&self, range: Range<usize>) -> Range<usize> {
        let start = self.source_offset(range.start, false);
        let end = if range.end > range.start {
            self.source_offset(range.end, true)
        } else {
            start
        };
        start..end.max(start)
    }

    /// Maps a text offset to a source offset. With `is_end`, an offset that
    /// falls at the end of a replaced piece maps to the end of its source.
    fn source_offset(&self, offset: usize, is_end: bool) -> usize {
        if self.pieces.is_empty() {
            return 0;
        }
        // For an end offset we want the piece containing offset - 1.
        let probe = if is_end {
            offset.saturating_sub(1)
        } else {
            offset
        };
        let idx = match self.pieces.binary_search_by(|p| {
            if probe < p.text_start {
                std::cmp::Ordering::Greater
            } else if probe >= p.text_end {
                std::cmp::Ordering::Less
            } else {
                std::cmp::Ordering::Equal
            }
        }) {
            Ok(i) => i,
            // Between pieces (a synthetic separator): use the nearest piece before.
            Err(0) => return self.pieces[0].src_start,
            Err(i) => return self.pieces[i - 1].src_end,
        };
        let p = self.pieces[idx];
        if p.verbatim {
            p.src_start + (offset - p.text_start)
        } else if is_end {
            p.src_end
        } else {
            p.src_start
        }
    }

    /// The segment containing a text offset.
    pub fn segment_at(&self, offset: usize) -> Option<&Segment> {
        let idx = self.segments.partition_point(|s| s.range.end <= offset);
        self.segments
            .get(idx)
            .filter(|s| s.range.start <= offset && offset <= s.range.end)
    }
}

/// Builds an [`ExtractedText`] segment by segment.
#[derive(Debug, Default)]
pub struct TextBuilder {
    out: ExtractedText,
    segment_start: Option<(usize, Scope)>,
    /// The last thing pushed was whitespace (or nothing), so further whitespace is dropped.
    at_space: bool,
}

impl TextBuilder {
    /// A builder with no text.
    pub fn new() -> Self {
        Self {
            at_space: true,
            ..Self::default()
        }
    }

    /// A builder for the text of a source of `len` bytes. The text is
    /// rarely longer than its source, so reserving that once spares a large
    /// file the copies (and the doubled memory) of a growing buffer.
    pub fn for_source(len: usize) -> Self {
        let mut b = Self::new();
        b.out.text.reserve(len + 2);
        b
    }

    /// Starts a new segment of the given scope, closing any open one.
    pub fn begin(&mut self, scope: Scope) {
        self.end();
        self.segment_start = Some((self.out.text.len(), scope));
        self.at_space = true;
    }

    /// The length of the text so far.
    pub fn len(&self) -> usize {
        self.out.text.len()
    }

    /// True if no text has been pushed.
    pub fn is_empty(&self) -> bool {
        self.out.text.is_empty()
    }

    /// The scope of the open segment, if any.
    pub fn scope(&self) -> Option<Scope> {
        self.segment_start.map(|(_, s)| s)
    }

    /// Closes the open segment, if any, and separates it from the next one.
    pub fn end(&mut self) {
        if let Some((start, scope)) = self.segment_start.take() {
            // Trailing whitespace is not part of the segment.
            let mut end = self.out.text.len();
            while end > start && self.out.text.as_bytes()[end - 1] == b' ' {
                end -= 1;
            }
            self.truncate(end);
            if end > start {
                self.out.segments.push(Segment {
                    range: start..end,
                    scope,
                });
                self.out.text.push_str("\n\n");
            }
        }
        self.at_space = true;
    }

    /// Drops text (trailing spaces) after `len`, and the pieces pointing at it.
    fn truncate(&mut self, len: usize) {
        self.out.text.truncate(len);
        while self.out.pieces.last().is_some_and(|p| p.text_start >= len) {
            self.out.pieces.pop();
        }
        if let Some(p) = self.out.pieces.last_mut()
            && p.text_end > len
        {
            if p.verbatim {
                p.src_end -= p.text_end - len;
            }
            p.text_end = len;
        }
    }

    /// Appends source text that appears verbatim in the file at `src_start`,
    /// normalising quotes and whitespace on the way.
    pub fn push_source(&mut self, s: &str, src_start: usize) {
        if self.segment_start.is_none() {
            self.begin(Scope::Body);
        }
        self.push_verbatim(s, src_start);
    }

    /// Appends `decoded`, the decoded form of `raw` (which sits at `raw_start`
    /// in the file): entities and CRLF are aligned so that each decoded
    /// character maps back to the raw characters that produced it.
    pub fn push_aligned(&mut self, decoded: &str, raw: &str, raw_start: usize) {
        if decoded == raw {
            self.push_source(raw, raw_start);
            return;
        }
        if self.segment_start.is_none() {
            self.begin(Scope::Body);
        }
        let raw_bytes = raw.as_bytes();
        let mut j = 0; // position in raw
        let mut i = 0; // position in decoded
        while i < decoded.len() {
            // Most of a paragraph with one "&amp;" is unchanged: the stretch
            // that is the same in both, up to anything the decoder may have
            // changed, is pushed at once.
            let rest = raw_bytes.get(j..).unwrap_or_default();
            let mut same = decoded.as_bytes()[i..]
                .iter()
                .zip(rest)
                .take_while(|&(d, r)| d == r && !matches!(r, b'&' | b'\\' | b'\r'))
                .count();
            while !decoded.is_char_boundary(i + same) {
                same -= 1;
            }
            if same > 0 {
                self.push_verbatim(&raw[j..j + same], raw_start + j);
                i += same;
                j += same;
                continue;
            }
            let Some(c) = decoded[i..].chars().next() else {
                break;
            };
            let clen = c.len_utf8();
            i += clen;
            // Skip raw characters the decoder dropped: CR before LF.
            if raw_bytes.get(j) == Some(&b'\r') && c == '\n' {
                j += 1;
            }
            let raw_here = &raw[j.min(raw.len())..];
            // A character reference, unless the decoder kept a bare "&" as
            // it is ("&Jane" decodes to "&Jane", "&amp;" to "&").
            let entity = raw_here.starts_with('&')
                && entity_len(raw_here) > 1
                && (c != '&' || encodes_ampersand(raw_here));
            let (src_range, verbatim) = if raw_here.starts_with(c) && !entity {
                let r = raw_start + j..raw_start + j + clen;
                j += clen;
                (r, true)
            } else if entity {
                let len = entity_len(raw_here);
                let r = raw_start + j..raw_start + j + len;
                j += len;
                // The first character of the entity's decoding.
                let mut tmp = [0u8; 4];
                self.push_char(c, c.encode_utf8(&mut tmp), r.clone(), false);
                // An entity may decode to two characters: give the second the same range.
                if let Some(next) = decoded[i..].chars().next()
                    && !raw[j.min(raw.len())..].starts_with(next)
                    && next != '\n'
                {
                    self.push_char(next, next.encode_utf8(&mut tmp), r, false);
                    i += next.len_utf8();
                }
                continue;
            } else if raw_here.starts_with('\\') && raw_here[1..].starts_with(c) {
                // A Markdown backslash escape.
                let r = raw_start + j..raw_start + j + 1 + clen;
                j += 1 + clen;
                (r, false)
            } else {
                // Unknown transformation: point at the current raw position.
                let p = raw_start + j.min(raw.len());
                (p..p, false)
            };
            let mut tmp = [0u8; 4];
            self.push_char(c, c.encode_utf8(&mut tmp), src_range, verbatim);
        }
    }

    /// Appends text that is exactly the source, pushing runs of ordinary
    /// ASCII (the bulk of any document) at once and the rest character by
    /// character through normalisation.
    fn push_verbatim(&mut self, raw: &str, raw_start: usize) {
        let bytes = raw.as_bytes();
        // Printable ASCII needs no normalisation, except the backtick.
        let plain = |b: u8| b.is_ascii_graphic() && b != b'`';
        let mut i = 0;
        while i < bytes.len() {
            if plain(bytes[i]) {
                let start = i;
                i += plain_run(&bytes[start..]);
                self.at_space = false;
                self.push_piece(&raw[start..i], raw_start + start..raw_start + i, true);
            } else {
                let c = raw[i..].chars().next().unwrap_or(' ');
                let len = c.len_utf8();
                let mut tmp = [0u8; 4];
                self.push_char(
                    c,
                    c.encode_utf8(&mut tmp),
                    raw_start + i..raw_start + i + len,
                    true,
                );
                i += len;
            }
        }
    }

    /// Appends text that stands for a stretch of source as a whole, such as a
    /// line break that becomes a space.
    pub fn push_replaced(&mut self, s: &str, src: Range<usize>) {
        if self.segment_start.is_none() {
            self.begin(Scope::Body);
        }
        for c in s.chars() {
            let mut tmp = [0u8; 4];
            self.push_char(c, c.encode_utf8(&mut tmp), src.clone(), false);
        }
    }

    /// Appends one character after normalisation.
    fn push_char(&mut self, c: char, original: &str, src: Range<usize>, verbatim: bool) {
        let normalised = normalise_char(c);
        if normalised == ' ' {
            if self.at_space {
                // Fold into the previous space: widen its source range so that a
                // name wrapped over "\r\n  " still maps to its whole span.
                if let Some(p) = self.out.pieces.last_mut()
                    && p.text_end == self.out.text.len()
                    && !p.verbatim
                    && self.out.text.ends_with(' ')
                {
                    p.src_end = p.src_end.max(src.end);
                }
                return;
            }
            self.at_space = true;
            let keep_verbatim = verbatim && c == ' ';
            self.push_piece(" ", src, keep_verbatim);
            return;
        }
        self.at_space = false;
        if normalised == c {
            self.push_piece(original, src, verbatim);
        } else {
            let mut tmp = [0u8; 4];
            let s: &str = normalised.encode_utf8(&mut tmp);
            self.push_piece(s, src, false);
        }
    }

    fn push_piece(&mut self, s: &str, src: Range<usize>, verbatim: bool) {
        let text_start = self.out.text.len();
        self.out.text.push_str(s);
        let text_end = self.out.text.len();
        if let Some(last) = self.out.pieces.last_mut()
            && verbatim
            && last.verbatim
            && last.text_end == text_start
            && last.src_end == src.start
        {
            last.text_end = text_end;
            last.src_end = src.end;
            return;
        }
        self.out.pieces.push(Piece {
            text_start,
            text_end,
            src_start: src.start,
            src_end: src.end,
            verbatim,
        });
    }

    /// Closes the last segment and returns the text.
    pub fn finish(mut self) -> ExtractedText {
        self.end();
        self.out
    }
}

/// The length of the run of plain bytes (printable ASCII but the
/// backtick) and single spaces between them that `bytes` starts with (with
/// a plain byte): to the first byte that is neither, or the first double
/// space, less a space it ends on.
fn plain_run(bytes: &[u8]) -> usize {
    let ordinary = ordinary_prefix(bytes);
    let mut end = memchr::memmem::find(&bytes[..ordinary], b"  ").unwrap_or(ordinary);
    if bytes[end - 1] == b' ' {
        end -= 1;
    }
    end
}

/// The length of the leading run of printable ASCII and spaces, without
/// backticks: the bytes normalisation leaves alone. Sixteen bytes are tested
/// at a time, without branches, so the test compiles to vector instructions.
fn ordinary_prefix(bytes: &[u8]) -> usize {
    let ordinary = |b: u8| b.wrapping_sub(b' ') < 0x5F && b != b'`';
    let mut i = 0;
    for chunk in bytes.chunks_exact(16) {
        if !chunk.iter().fold(true, |all, &b| all & ordinary(b)) {
            break;
        }
        i += 16;
    }
    i + bytes[i..]
        .iter()
        .position(|&b| !ordinary(b))
        .unwrap_or(bytes.len() - i)
}

/// Folds the characters that vary between editors onto one form, so that the
/// scanner's patterns need only one spelling.
pub fn normalise_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '`' | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => '"',
        '\u{2010}' | '\u{2011}' => '-',
        '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{2009}' | '\u{200A}' | '\u{2002}'
        | '\u{2003}' | '\u{3000}' => ' ',
        c if c.is_whitespace() => ' ',
        // Zero-width characters would split words invisibly.
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => ' ',
        c => c,
    }
}

/// Normalises a whole string the way extracted text is normalised (used for
/// lexicon terms and candidate names).
pub fn normalise_str(s: &str) -> String {
    // Most terms and names are plain ASCII words with single spaces: as is.
    let bytes = s.as_bytes();
    let plain = bytes
        .iter()
        .all(|&b| b.is_ascii_graphic() && b != b'`' || b == b' ')
        && !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ");
    if plain {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut at_space = true;
    for c in s.chars() {
        let n = normalise_char(c);
        if n == ' ' {
            if !at_space {
                out.push(' ');
            }
            at_space = true;
        } else {
            out.push(n);
            at_space = false;
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Does `s` start with a reference to "&" itself ("&amp;", "&#38;", "&#x26;")?
fn encodes_ampersand(s: &str) -> bool {
    let head = s.get(..6).unwrap_or(s).to_ascii_lowercase();
    head.starts_with("&amp") || head.starts_with("&#38") || head.starts_with("&#x26")
}

/// Length in bytes of the character reference at the start of `s` (which
/// starts with `&`): up to and including `;`, or the alphanumeric run.
fn entity_len(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut i = 1;
    if bytes.get(1) == Some(&b'#') {
        i = 2;
        if matches!(bytes.get(2), Some(b'x' | b'X')) {
            i = 3;
        }
    }
    while i < bytes.len() && i < 40 && bytes[i].is_ascii_alphanumeric() {
        i += 1;
    }
    if bytes.get(i) == Some(&b';') {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {

    /// The run `push_verbatim` takes at `start`, found byte by byte.
    fn plain_run_end(bytes: &[u8], start: usize) -> usize {
        let plain = |b: u8| b.is_ascii_graphic() && b != b'`';
        let mut i = start + 1;
        while i < bytes.len()
            && (plain(bytes[i]) || bytes[i] == b' ' && i + 1 < bytes.len() && plain(bytes[i + 1]))
        {
            i += 1;
        }
        i
    }

    #[test]
    fn plain_runs_found_sixteen_bytes_at_a_time_end_where_byte_by_byte_does() {
        let texts = [
            "Cllr Jane Smith said the plan was good.",
            "ab  c",
            "ab \n",
            "a   b",
            "a long enough run of words to span several sixteen-byte chunks, then`a backtick",
            "tail space ",
            "x\ty",
            "caf\u{e9} au lait and more words after the accent",
            "~~~~~~~~~~~~~~~~~~~~ \u{7f}",
            // Two spaces at every offset from a start, so inside a chunk of
            // sixteen and across two.
            "a run of words long enough for chunks,  then two spaces and more words to the end",
            "abcdefghijklmno  pqrstuvwxyz abcdefghijklmnop  qrstuvwxyz a b c d e f g h i j k l",
        ];
        for text in texts {
            let bytes = text.as_bytes();
            for start in 0..bytes.len() {
                if !(bytes[start].is_ascii_graphic() && bytes[start] != b'`') {
                    continue;
                }
                assert_eq!(
                    start + plain_run(&bytes[start..]),
                    plain_run_end(bytes, start),
                    "{text:?} from {start}"
                );
            }
        }
    }

    use super::*;

    #[test]
    fn verbatim_text_maps_one_to_one() {
        let mut b = TextBuilder::new();
        b.push_source("Hello Jane Smith", 10);
        let t = b.finish();
        assert_eq!(t.text, "Hello Jane Smith\n\n");
        assert_eq!(t.source_range(6..16), 16..26);
    }

    #[test]
    fn entities_and_crlf_map_back() {
        let raw = "Sarah O&rsquo;Connor\r\nand";
        let mut b = TextBuilder::new();
        b.push_aligned("Sarah O\u{2019}Connor\nand", raw, 100);
        let t = b.finish();
        assert_eq!(&t.text[..20], "Sarah O'Connor and\n\n");
        // "O'Connor" starts at "O" and ends after "Connor" in the raw text.
        let r = t.source_range(6..14);
        assert_eq!(&raw[r.start - 100..r.end - 100], "O&rsquo;Connor");
        let r = t.source_range(15..18);
        assert_eq!(&raw[r.start - 100..r.end - 100], "and");
    }

    #[test]
    fn whitespace_runs_fold_and_wrap() {
        let raw = "Jane\r\n   Smith";
        let mut b = TextBuilder::new();
        b.push_source(raw, 0);
        let t = b.finish();
        assert_eq!(t.text, "Jane Smith\n\n");
        assert_eq!(t.source_range(0..10), 0..raw.len());
    }

    #[test]
    fn segments_are_separated() {
        let mut b = TextBuilder::new();
        b.begin(Scope::Heading);
        b.push_source("Title", 0);
        b.begin(Scope::Body);
        b.push_source("  ", 6);
        b.begin(Scope::Body);
        b.push_source("Body text", 10);
        let t = b.finish();
        assert_eq!(t.text, "Title\n\nBody text\n\n");
        assert_eq!(t.segments.len(), 2);
        assert_eq!(t.segments[1].range, 7..16);
        assert_eq!(t.source_range(7..11), 10..14);
        assert_eq!(t.segment_at(8).unwrap().scope, Scope::Body);
    }

    #[test]
    fn normalises_quotes_and_spaces() {
        assert_eq!(
            normalise_str("  O\u{2019}Connor\u{00A0}Hall "),
            "O'Connor Hall"
        );
    }
}

//! HTML, read with html5gum: a WHATWG-conformant tokenizer that recovers
//! from broken markup the way browsers do, decodes entities, and reports the
//! source span of every token (which is what lets findings point into the
//! file as written). It streams, so deeply nested markup costs no stack.
//!
//! Read: visible text, `<title>`, headings, figcaptions, block quotes, `img`
//! alt / title / file name, `meta` description and `og:` / `twitter:` text.
//! Skipped: script, style, template and comments (comments are kept for
//! inline directives). The date comes from `article:published_time` (and
//! similar meta tags) or the first `<time datetime>`.

use std::ops::Range;

use html5gum::emitters::callback::{Callback, CallbackEmitter, CallbackEvent};
use html5gum::{Emitter, ForwardingEmitter, Span, Tokenizer};

use super::markdown::{comment_body, push_file_name};
use super::{Comment, DateSource, Extracted, Metadata, Scope, TextBuilder};

/// Extracts an HTML document.
pub fn extract(source: &str) -> Extracted {
    let mut b = TextBuilder::for_source(source.len());
    let mut meta = Metadata::default();
    let mut comments = Vec::new();
    extract_fragment(source, 0..source.len(), &mut b, &mut meta, &mut comments);
    Extracted {
        text: b.finish(),
        meta,
        comments,
        items: Vec::new(),
    }
}

/// Elements whose start and end separate blocks of text.
fn is_block(name: &[u8]) -> bool {
    matches!(
        name,
        b"p" | b"div"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"li"
            | b"ul"
            | b"ol"
            | b"dl"
            | b"dt"
            | b"dd"
            | b"td"
            | b"th"
            | b"tr"
            | b"table"
            | b"thead"
            | b"tbody"
            | b"tfoot"
            | b"caption"
            | b"section"
            | b"article"
            | b"aside"
            | b"header"
            | b"footer"
            | b"nav"
            | b"main"
            | b"blockquote"
            | b"figure"
            | b"figcaption"
            | b"title"
            | b"pre"
            | b"address"
            | b"details"
            | b"summary"
            | b"form"
            | b"fieldset"
            | b"legend"
            | b"hr"
            | b"body"
            | b"head"
            | b"html"
            | b"option"
            | b"button"
            | b"label"
            | b"iframe"
    )
}

/// Elements whose content is not visible text.
fn is_hidden(name: &[u8]) -> bool {
    matches!(
        name,
        b"script" | b"style" | b"template" | b"noembed" | b"noframes" | b"xmp" | b"textarea"
    )
}

/// Open elements that give text its scope.
#[derive(Default)]
struct ScopeDepths {
    title: usize,
    heading: usize,
    caption: usize,
    quote: usize,
}

impl ScopeDepths {
    fn scope(&self) -> Scope {
        if self.title > 0 {
            Scope::Title
        } else if self.caption > 0 {
            Scope::Caption
        } else if self.heading > 0 {
            Scope::Heading
        } else if self.quote > 0 {
            Scope::BlockQuote
        } else {
            Scope::Body
        }
    }

    fn counter(&mut self, name: &[u8]) -> Option<&mut usize> {
        match name {
            b"title" => Some(&mut self.title),
            b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => Some(&mut self.heading),
            b"figcaption" => Some(&mut self.caption),
            b"blockquote" | b"q" => Some(&mut self.quote),
            _ => None,
        }
    }
}

/// Extracts the HTML in `source[range]` into `b`, adding to `meta` and
/// `comments`. Used for whole documents and for HTML blocks in Markdown.
pub fn extract_fragment(
    source: &str,
    range: Range<usize>,
    b: &mut TextBuilder,
    meta: &mut Metadata,
    comments: &mut Vec<Comment>,
) {
    let base = range.start;
    let html = &source[range];
    let mut time_date = None;
    let reader = Reader {
        html,
        base,
        b: &mut *b,
        meta: &mut *meta,
        comments,
        time_date: &mut time_date,
        depths: ScopeDepths::default(),
        hidden: None,
        tag: OpenTag::default(),
    };
    let mut emitter = CallbackEmitter::new(reader);
    // Script, style and other raw-text elements must switch the tokenizer's
    // state, or their content would be read as markup.
    emitter.naively_switch_states(true);
    // The reader does all the work as the events come; nothing is yielded.
    Tokenizer::new_with_emitter(html, WithoutCharacterErrors(emitter)).for_each(drop);
    b.end();
    if meta.date.is_none()
        && let Some(d) = time_date
    {
        meta.date = Some((d, DateSource::HtmlTime));
    }
}

/// The emitter, without the check of every character for control
/// characters and noncharacters: its errors are never read, and it was a
/// tenth of the time of checking a website.
struct WithoutCharacterErrors<E>(E);

impl<E: Emitter> ForwardingEmitter for WithoutCharacterErrors<E> {
    type Token = E::Token;

    fn inner(&mut self) -> &mut impl Emitter<Token = Self::Token> {
        &mut self.0
    }

    fn should_emit_errors(&mut self) -> bool {
        false
    }
}

/// The attributes the reader reads; the tokenizer's others are dropped
/// as they come, never copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Alt,
    Title,
    Src,
    Property,
    Name,
    Itemprop,
    Content,
    Datetime,
}

impl Key {
    /// How many keys there are: `Key as usize` indexes [`OpenTag::attrs`].
    const COUNT: usize = Key::Datetime as usize + 1;

    /// The key of an attribute name (which the tokenizer lower-cases).
    fn of(name: &[u8]) -> Option<Key> {
        Some(match name {
            b"alt" => Key::Alt,
            b"title" => Key::Title,
            b"src" => Key::Src,
            b"property" => Key::Property,
            b"name" => Key::Name,
            b"itemprop" => Key::Itemprop,
            b"content" => Key::Content,
            b"datetime" => Key::Datetime,
            _ => return None,
        })
    }
}

/// An attribute's decoded value, and the span of `name="value"` in the HTML.
#[derive(Debug, Default)]
struct Attr {
    value: Vec<u8>,
    span: Range<usize>,
    /// Seen in this tag: the first of a repeated attribute wins, as in browsers.
    seen: bool,
}

/// The start tag being read: its name, where it starts, and the
/// attributes the reader reads (by [`Key`]).
#[derive(Debug, Default)]
struct OpenTag {
    name: Vec<u8>,
    start: usize,
    attrs: [Attr; Key::COUNT],
    /// The attribute whose value comes next, if it is one to keep.
    current: Option<usize>,
}

impl OpenTag {
    fn attr(&self, key: Key) -> Option<&Attr> {
        let attr = &self.attrs[key as usize];
        attr.seen.then_some(attr)
    }
}

/// Reads the tokenizer's events into the text: html5gum's callback
/// interface lends each name, value and string for the length of the
/// event, where its token interface copies every tag's name and each of its
/// attributes into a map, most of them never read (a third of the time of
/// reading a page).
struct Reader<'r> {
    html: &'r str,
    base: usize,
    b: &'r mut TextBuilder,
    meta: &'r mut Metadata,
    comments: &'r mut Vec<Comment>,
    time_date: &'r mut Option<chrono::NaiveDate>,
    depths: ScopeDepths,
    /// Inside a script, style or other hidden element: its name.
    hidden: Option<Vec<u8>>,
    tag: OpenTag,
}

impl Callback<std::convert::Infallible, usize> for Reader<'_> {
    fn handle_event(
        &mut self,
        event: CallbackEvent<'_>,
        span: Span<usize>,
    ) -> Option<std::convert::Infallible> {
        match event {
            CallbackEvent::OpenStartTag { name } => {
                let tag = &mut self.tag;
                tag.name.clear();
                tag.name.extend_from_slice(name);
                tag.start = span.start;
                tag.current = None;
                for attr in &mut tag.attrs {
                    attr.seen = false;
                }
            }
            CallbackEvent::AttributeName { name } => {
                let tag = &mut self.tag;
                tag.current = Key::of(name)
                    .map(|k| k as usize)
                    .filter(|&i| !tag.attrs[i].seen);
                if let Some(i) = tag.current {
                    let attr = &mut tag.attrs[i];
                    attr.seen = true;
                    attr.value.clear();
                    attr.span = span.start..span.end;
                }
            }
            CallbackEvent::AttributeValue { value } => {
                if let Some(i) = self.tag.current {
                    let attr = &mut self.tag.attrs[i];
                    attr.value.extend_from_slice(value);
                    // As in html5gum's own tokens, the span runs one byte
                    // past the value (over a closing quote);
                    // `attr_value_raw` finds the value within it.
                    attr.span.end = span.end + 1;
                }
            }
            CallbackEvent::CloseStartTag { self_closing } => {
                let end = span.end;
                self.start_tag(self_closing, end);
            }
            CallbackEvent::EndTag { name } => self.end_tag(name),
            CallbackEvent::String { value } => {
                if self.hidden.is_some() {
                    return None;
                }
                let raw = &self.html[span.start..span.end];
                if self.b.scope().is_none() {
                    self.b.begin(self.depths.scope());
                }
                // Text without character references is its source, already
                // known to be UTF-8.
                if value == raw.as_bytes() {
                    self.b.push_source(raw, self.base + span.start);
                } else {
                    self.b
                        .push_aligned(&lossy(value), raw, self.base + span.start);
                }
            }
            CallbackEvent::Comment { .. } => {
                let raw = &self.html[span.start..span.end];
                self.comments.push(Comment {
                    text: comment_body(raw).to_string(),
                    range: self.base + span.start..self.base + span.end,
                });
            }
            CallbackEvent::Doctype { .. } | CallbackEvent::Error(_) => {}
        }
        None
    }
}

impl Reader<'_> {
    fn start_tag(&mut self, self_closing: bool, end: usize) {
        let tag = std::mem::take(&mut self.tag);
        self.read_start_tag(&tag, self_closing, end);
        self.tag = tag;
    }

    fn read_start_tag(&mut self, tag: &OpenTag, self_closing: bool, end: usize) {
        if self.hidden.is_some() {
            return;
        }
        let name = lower(&tag.name);
        if is_hidden(&name) {
            if !self_closing {
                self.hidden = Some(name.into_owned());
            }
            return;
        }
        let b = &mut *self.b;
        if is_block(&name) {
            b.end();
        }
        if !self_closing && let Some(c) = self.depths.counter(&name) {
            *c += 1;
        }
        let (html, base) = (self.html, self.base);
        match &*name {
            b"img" | b"area" | b"input" => read_image(html, base, tag, b),
            b"br" | b"wbr" => b.push_replaced(" ", base + tag.start..base + end),
            b"meta" => read_meta(html, base, tag, b, self.meta),
            b"time" => {
                if self.time_date.is_none()
                    && let Some(v) = tag.attr(Key::Datetime)
                {
                    *self.time_date = super::parse_leading_date(&lossy(&v.value));
                }
            }
            _ => {}
        }
        if is_block(&name) && !self_closing {
            b.begin(self.depths.scope());
        }
    }

    fn end_tag(&mut self, name: &[u8]) {
        let name = lower(name);
        if let Some(h) = &self.hidden {
            if h[..] == name[..] {
                self.hidden = None;
            }
            return;
        }
        if let Some(c) = self.depths.counter(&name) {
            *c = c.saturating_sub(1);
        }
        if is_block(&name) {
            self.b.end();
        }
    }
}

/// A tag name in lower case: borrowed, as the tokenizer lower-cases tag
/// names already (an allocation per tag was a good part of a page's cost).
/// Bytes, not a string: the names it is compared with are ASCII, so no
/// UTF-8 check is needed.
fn lower(name: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if name.iter().any(u8::is_ascii_uppercase) {
        name.to_ascii_lowercase().into()
    } else {
        name.into()
    }
}

/// The text of a token: borrowed when it is UTF-8, as it is unless the
/// tokenizer cut a character (`from_utf8` checks ASCII a word at a time,
/// where `from_utf8_lossy` goes byte by byte).
fn lossy(s: &[u8]) -> std::borrow::Cow<'_, str> {
    match std::str::from_utf8(s) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(s),
    }
}

/// The raw value of an attribute (`name="value"` spanned as a whole) and its
/// offset in `html`.
fn attr_value_raw<'h>(html: &'h str, v: &Attr) -> (&'h str, usize) {
    let raw = html.get(v.span.start..v.span.end).unwrap_or("");
    let Some(eq) = raw.find('=') else {
        return ("", v.span.end);
    };
    let after = &raw[eq + 1..];
    let trimmed = after.trim_start();
    let mut start = eq + 1 + (after.len() - trimmed.len());
    let mut end = raw.len();
    if let Some(q) = trimmed.chars().next()
        && (q == '"' || q == '\'')
    {
        start += 1;
        end = raw[start..].find(q).map(|i| start + i).unwrap_or(raw.len());
    }
    (&raw[start..end], v.span.start + start)
}

/// Pushes an attribute's decoded value as a segment of its own.
fn push_attr(html: &str, base: usize, v: &Attr, scope: Scope, b: &mut TextBuilder) {
    let value = lossy(&v.value);
    if value.trim().is_empty() {
        return;
    }
    let (raw, at) = attr_value_raw(html, v);
    let resume = b.scope();
    b.begin(scope);
    b.push_aligned(&value, raw, base + at);
    b.end();
    if let Some(s) = resume {
        b.begin(s);
    }
}

fn read_image(html: &str, base: usize, tag: &OpenTag, b: &mut TextBuilder) {
    let resume = b.scope();
    for key in [Key::Alt, Key::Title] {
        if let Some(v) = tag.attr(key) {
            push_attr(html, base, v, Scope::ImageAlt, b);
        }
    }
    if let Some(v) = tag.attr(Key::Src) {
        let (raw, at) = attr_value_raw(html, v);
        push_file_name(raw, base + at, b);
    }
    if let Some(s) = resume {
        b.begin(s);
    }
}

fn read_meta(html: &str, base: usize, tag: &OpenTag, b: &mut TextBuilder, meta: &mut Metadata) {
    let key = tag
        .attr(Key::Property)
        .or_else(|| tag.attr(Key::Name))
        .or_else(|| tag.attr(Key::Itemprop))
        .map(|v| lossy(&v.value).to_ascii_lowercase());
    let Some(key) = key else { return };
    let Some(content) = tag.attr(Key::Content) else {
        return;
    };
    match key.as_str() {
        "description"
        | "og:title"
        | "og:description"
        | "og:image:alt"
        | "twitter:title"
        | "twitter:description"
        | "twitter:image:alt"
        | "dc.title"
        | "dc.description" => {
            push_attr(html, base, content, Scope::Meta, b);
        }
        "article:published_time"
        | "og:published_time"
        | "datepublished"
        | "date"
        | "dc.date"
        | "dc.date.issued"
        | "dcterms.date"
        | "dcterms.issued"
        | "publish-date"
        | "publish_date"
        | "pubdate"
        | "publication_date" => {
            if meta.date.is_none()
                && let Some(d) = super::parse_leading_date(&lossy(&content.value))
            {
                meta.date = Some((d, DateSource::HtmlMeta));
            }
        }
        "prepoll:kind" | "prepoll-kind" => {
            meta.kind = Some(lossy(&content.value).trim().to_ascii_lowercase());
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(src: &str) -> Vec<(Scope, String)> {
        let e = extract(src);
        e.text
            .segments
            .iter()
            .map(|s| (s.scope, e.text.text[s.range.clone()].to_string()))
            .collect()
    }

    #[test]
    fn visible_text_meta_and_images() {
        let src = r#"<!doctype html><html><head><title>Bins &amp; parks</title>
<meta name="description" content="News from Cllr Jane&nbsp;Smith">
<meta property="article:published_time" content="2027-04-12T09:00:00Z">
<style>p { color: red }</style><script>var x = "<p>Tom Marsh</p>";</script></head>
<body><h1>News</h1><p>Hello <b>there</b>,<br>friends</p>
<figure><img src="/img/jane-smith.jpg" alt="Jane Smith"><figcaption>At the depot</figcaption></figure>
<!-- a comment --></body></html>"#;
        let e = extract(src);
        assert_eq!(
            e.meta.date,
            Some((
                chrono::NaiveDate::from_ymd_opt(2027, 4, 12).unwrap(),
                DateSource::HtmlMeta
            ))
        );
        assert_eq!(e.comments.len(), 1);
        assert_eq!(
            segments(src),
            vec![
                (Scope::Title, "Bins & parks".to_string()),
                (Scope::Meta, "News from Cllr Jane Smith".to_string()),
                (Scope::Heading, "News".to_string()),
                (Scope::Body, "Hello there, friends".to_string()),
                (Scope::ImageAlt, "Jane Smith".to_string()),
                (Scope::ImageFile, "jane smith".to_string()),
                (Scope::Caption, "At the depot".to_string()),
            ]
        );
        // The meta description maps back through the entity.
        let at = e.text.text.find("Jane Smith").unwrap();
        let r = e.text.source_range(at..at + 10);
        assert_eq!(&src[r], "Jane&nbsp;Smith");
    }

    #[test]
    fn attributes_are_read_as_browsers_read_them() {
        // Names in any case, the first of a repeated attribute, values
        // with and without quotes, and none at all; attributes of an end
        // tag are dropped.
        let src = r#"<p class=x>One<br/>two</p class="y"><img ALT='First' alt="Second" title data-x="z" src=/a/jo-bloggs.png>
<meta content="Meet Jo Bloggs" NAME="description"><time datetime="2027-03-30">today</time>"#;
        assert_eq!(
            segments(src),
            vec![
                (Scope::Body, "One two".to_string()),
                (Scope::ImageAlt, "First".to_string()),
                (Scope::ImageFile, "jo bloggs".to_string()),
                (Scope::Meta, "Meet Jo Bloggs".to_string()),
                (Scope::Body, "today".to_string()),
            ]
        );
        let e = extract(src);
        let at = e.text.text.find("First").unwrap();
        assert_eq!(&src[e.text.source_range(at..at + 5)], "First");
        let at = e.text.text.find("Meet").unwrap();
        assert_eq!(&src[e.text.source_range(at..at + 14)], "Meet Jo Bloggs");
        assert_eq!(
            e.meta.date,
            Some((
                chrono::NaiveDate::from_ymd_opt(2027, 3, 30).unwrap(),
                DateSource::HtmlTime
            ))
        );
    }

    #[test]
    fn time_element_gives_date() {
        let e = extract("<p>Posted <time datetime=\"2027-04-01\">1 April</time></p>");
        assert_eq!(
            e.meta.date,
            Some((
                chrono::NaiveDate::from_ymd_opt(2027, 4, 1).unwrap(),
                DateSource::HtmlTime
            ))
        );
    }

    #[test]
    fn broken_html_does_not_lose_text() {
        let e = extract("<p>Unclosed <b>bold <i>text<p>Next <!-- open comment");
        assert!(e.text.text.contains("Unclosed bold text"));
        assert!(e.text.text.contains("Next"));
    }

    #[test]
    fn deep_nesting_is_fine() {
        let src = "<div>".repeat(100_000) + "deep" + &"</div>".repeat(100_000);
        let e = extract(&src);
        assert_eq!(e.text.text, "deep\n\n");
    }
}

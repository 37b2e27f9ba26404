//! Social media posts, each judged at its own date.
//!
//! Two forms: JSON (SPEC.md: an array, or `{"posts": [...]}`, of `{"id",
//! "text", "date", "media": [{"alt", "url"}]}`; read with jsonc-parser,
//! which gives every value's source range), and the CSV bulk-upload form of
//! scheduling tools (a date column and a message column, found by common
//! header names or named with `--date-column` / `--text-column`).
//!
//! In posts, hashtags count: `#VoteGreen` is read as "Vote Green" (the `#`
//! becomes a space and camel case is split), so the same rules find it;
//! positions still point at the hashtag in the file.

use std::ops::Range;

use chrono::NaiveDate;
use jsonc_parser::ast::{ObjectPropName, Value};

use super::markdown::push_file_name;
use super::{Extracted, Item, Scope, TextBuilder};

/// Column names chosen on the command line for CSV posts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostColumns {
    /// The date column (`--date-column`).
    pub date: Option<String>,
    /// The message column (`--text-column`).
    pub text: Option<String>,
}

const TEXT_KEYS: &[&str] = &[
    "text", "message", "content", "body", "post", "caption", "tweet", "status", "copy",
];
const DATE_KEYS: &[&str] = &[
    "date",
    "publish_date",
    "published",
    "published_at",
    "scheduled",
    "scheduled_at",
    "scheduled_date",
    "scheduled_time",
    "send_at",
    "post_date",
    "date_time",
    "datetime",
    "time",
    "publish date",
    "scheduled date",
    "date and time",
];
const ID_KEYS: &[&str] = &["id", "post_id", "post id", "ref", "reference"];
const ALT_KEYS: &[&str] = &[
    "alt",
    "alt_text",
    "alt text",
    "image_alt",
    "media_alt",
    "description",
];
const URL_KEYS: &[&str] = &[
    "url",
    "image",
    "image_url",
    "media",
    "media_url",
    "link",
    "src",
];

/// Parses a post date: ISO (`2027-04-12`, `2027-04-12T09:00`) or the UK
/// day-first form scheduling tools export (`12/04/2027 09:00`).
pub fn parse_post_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Some(d) = super::parse_leading_date(s) {
        return Some(d);
    }
    let head = s.split([' ', 'T', ',']).next().unwrap_or(s);
    for f in ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y"] {
        if let Ok(d) = NaiveDate::parse_from_str(head, f) {
            return Some(d);
        }
    }
    None
}

/// A decoded character and the source bytes it came from.
type Mapped = (char, Range<usize>);

/// Pushes post text: hashtags read as words, camel case split.
fn push_post_text(b: &mut TextBuilder, chars: &[Mapped]) {
    let mut i = 0;
    while i < chars.len() {
        let (c, r) = &chars[i];
        let word_next = chars.get(i + 1).is_some_and(|(n, _)| n.is_alphanumeric());
        if *c == '#' && word_next {
            // "#VoteGreen": the mark separates, camel case splits.
            b.push_replaced(" ", r.clone());
            i += 1;
            let mut prev: Option<char> = None;
            while i < chars.len() && (chars[i].0.is_alphanumeric() || chars[i].0 == '_') {
                let (c, r) = &chars[i];
                let boundary = prev.is_some_and(|p| {
                    p.is_lowercase() && c.is_uppercase()
                        || p.is_alphabetic() && c.is_ascii_digit()
                        || p.is_ascii_digit() && c.is_alphabetic()
                });
                if boundary || *c == '_' {
                    b.push_replaced(" ", r.start..r.start);
                }
                if *c != '_' {
                    push_char(b, *c, r.clone());
                }
                prev = Some(*c);
                i += 1;
            }
            continue;
        }
        push_char(b, *c, r.clone());
        i += 1;
    }
}

fn push_char(b: &mut TextBuilder, c: char, r: Range<usize>) {
    let mut tmp = [0u8; 4];
    let s: &str = c.encode_utf8(&mut tmp);
    if r.len() == s.len() {
        b.push_source(s, r.start);
    } else {
        b.push_replaced(s, r);
    }
}

/// Decodes a JSON string literal (with its quotes) at `start`, mapping
/// every character to the bytes that wrote it (`\u2019` is six bytes).
fn json_chars(raw: &str, start: usize) -> Vec<Mapped> {
    let quote = raw.chars().next().unwrap_or('"');
    let body_start = start + quote.len_utf8();
    let body = raw
        .get(quote.len_utf8()..raw.len().saturating_sub(quote.len_utf8()))
        .unwrap_or("");
    let mut out = Vec::with_capacity(body.len());
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < body.len() {
        if bytes[i] == b'\\' && i + 1 < body.len() {
            let esc = bytes[i + 1];
            let (c, len) = match esc {
                b'n' => ('\n', 2),
                b't' => ('\t', 2),
                b'r' => ('\r', 2),
                b'b' | b'f' => (' ', 2),
                b'u' => {
                    let hex = body
                        .get(i + 2..i + 6)
                        .and_then(|h| u32::from_str_radix(h, 16).ok());
                    match hex {
                        // A surrogate pair: two escapes, one character.
                        Some(hi @ 0xD800..=0xDBFF) => {
                            let lo = body
                                .get(i + 6..i + 12)
                                .filter(|s| s.starts_with("\\u"))
                                .and_then(|s| u32::from_str_radix(&s[2..], 16).ok());
                            match lo {
                                Some(lo @ 0xDC00..=0xDFFF) => {
                                    let c = char::from_u32(
                                        0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00),
                                    );
                                    (c.unwrap_or('\u{FFFD}'), 12)
                                }
                                _ => ('\u{FFFD}', 6),
                            }
                        }
                        Some(v) => (char::from_u32(v).unwrap_or('\u{FFFD}'), 6),
                        None => ('\\', 1),
                    }
                }
                other => (other as char, 2),
            };
            let len = len.min(body.len() - i);
            out.push((c, body_start + i..body_start + i + len));
            i += len;
        } else {
            let c = body[i..].chars().next().unwrap_or(' ');
            out.push((c, body_start + i..body_start + i + c.len_utf8()));
            i += c.len_utf8();
        }
    }
    out
}

fn prop<'v, 'a>(obj: &'v jsonc_parser::ast::Object<'a>, keys: &[&str]) -> Option<&'v Value<'a>> {
    obj.properties.iter().find_map(|p| {
        let name = match &p.name {
            ObjectPropName::String(s) => s.value.to_lowercase(),
            ObjectPropName::Word(w) => w.value.to_lowercase(),
        };
        keys.contains(&name.as_str()).then_some(&p.value)
    })
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::StringLit(s) => Some(s.value.to_string()),
        Value::NumberLit(n) => Some(n.value.to_string()),
        _ => None,
    }
}

/// Extracts JSON posts.
pub fn extract_json(source: &str) -> Result<Extracted, String> {
    let parsed = jsonc_parser::parse_to_ast(source, &Default::default(), &Default::default())
        .map_err(|e| format!("not valid JSON: {e}"))?;
    let Some(root) = parsed.value else {
        return Err("empty JSON file: no posts".to_string());
    };
    let posts = match &root {
        Value::Array(a) => &a.elements,
        Value::Object(o) => match prop(o, &["posts", "items", "data"]) {
            Some(Value::Array(a)) => &a.elements,
            _ => return Err("JSON file has no \"posts\" array: expected an array of posts or {\"posts\": [...]}".to_string()),
        },
        _ => return Err("JSON file is not an array of posts or {\"posts\": [...]}".to_string()),
    };
    let mut b = TextBuilder::new();
    let mut items = Vec::new();
    for (n, post) in posts.iter().enumerate() {
        let Value::Object(obj) = post else {
            return Err(format!("post {} is not an object", n + 1));
        };
        let start = b.len();
        if let Some(Value::StringLit(s)) = prop(obj, TEXT_KEYS) {
            let raw = &source[s.range.start..s.range.end];
            b.begin(Scope::Body);
            push_post_text(&mut b, &json_chars(raw, s.range.start));
            b.end();
        }
        if let Some(Value::Array(media)) = prop(obj, &["media", "images", "attachments"]) {
            for m in &media.elements {
                let Value::Object(m) = m else { continue };
                if let Some(Value::StringLit(s)) = prop(m, ALT_KEYS) {
                    let raw = &source[s.range.start..s.range.end];
                    b.begin(Scope::ImageAlt);
                    push_post_text(&mut b, &json_chars(raw, s.range.start));
                    b.end();
                }
                if let Some(Value::StringLit(s)) = prop(m, URL_KEYS)
                    && !s.value.contains('\\')
                {
                    push_file_name(&s.value, s.range.start + 1, &mut b);
                }
            }
        }
        let date = prop(obj, DATE_KEYS)
            .and_then(scalar)
            .and_then(|d| parse_post_date(&d));
        let id = prop(obj, ID_KEYS)
            .and_then(scalar)
            .unwrap_or_else(|| (n + 1).to_string());
        items.push(Item {
            range: start..b.len(),
            date,
            id,
        });
    }
    Ok(Extracted {
        text: b.finish(),
        items,
        ..Extracted::default()
    })
}

/// Splits one raw CSV record into its fields' raw byte ranges (relative to
/// `raw`), following RFC 4180 quoting.
fn raw_fields(raw: &str) -> Vec<Range<usize>> {
    let bytes = raw.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut start = 0;
    let mut quoted = false;
    while i < bytes.len() {
        match bytes[i] {
            b'"' if quoted && bytes.get(i + 1) == Some(&b'"') => i += 1,
            b'"' => quoted = !quoted,
            b',' if !quoted => {
                out.push(start..i);
                start = i + 1;
            }
            b'\n' | b'\r' if !quoted => break,
            _ => {}
        }
        i += 1;
    }
    out.push(start..i);
    out
}

/// Maps a raw CSV field (quoted or not) to its characters.
fn csv_chars(raw: &str, start: usize) -> Vec<Mapped> {
    let trimmed_start = raw.len() - raw.trim_start().len();
    let field = raw.trim();
    let base = start + trimmed_start;
    let mut out = Vec::new();
    if let Some(inner) = field.strip_prefix('"').and_then(|f| f.strip_suffix('"')) {
        let mut i = 0;
        let b = inner.as_bytes();
        while i < inner.len() {
            if b[i] == b'"' && b.get(i + 1) == Some(&b'"') {
                out.push(('"', base + 1 + i..base + 1 + i + 2));
                i += 2;
            } else {
                let c = inner[i..].chars().next().unwrap_or(' ');
                out.push((c, base + 1 + i..base + 1 + i + c.len_utf8()));
                i += c.len_utf8();
            }
        }
    } else {
        for (i, c) in field.char_indices() {
            out.push((c, base + i..base + i + c.len_utf8()));
        }
    }
    out
}

/// Extracts CSV posts (a scheduling tool's bulk upload).
pub fn extract_csv(source: &str, columns: &PostColumns) -> Result<Extracted, String> {
    let body = source.strip_prefix('\u{FEFF}').unwrap_or(source);
    let base = source.len() - body.len();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(body.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| format!("cannot read the CSV header: {e}"))?
        .clone();
    let find =
        |chosen: &Option<String>, keys: &[&str], what: &str| -> Result<Option<usize>, String> {
            let names: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
            match chosen {
                Some(c) => names
                    .iter()
                    .position(|n| *n == c.to_lowercase())
                    .map(Some)
                    .ok_or_else(|| {
                        format!(
                            "no column \"{c}\" for the post {what} (columns: {})",
                            header.iter().collect::<Vec<_>>().join(", ")
                        )
                    }),
                None => Ok(names.iter().position(|n| keys.contains(&n.as_str()))),
            }
        };
    let text_col = find(&columns.text, TEXT_KEYS, "text")?.ok_or_else(|| {
        format!(
            "no message column in the CSV header (expected one of: {}; or name it with --text-column)",
            TEXT_KEYS.join(", ")
        )
    })?;
    let date_col = find(&columns.date, DATE_KEYS, "date")?;
    let id_col = find(&None, ID_KEYS, "id")?;
    let alt_col = find(&None, ALT_KEYS, "alt text")?;
    let url_col = find(&None, URL_KEYS, "media")?;
    let mut b = TextBuilder::new();
    let mut items = Vec::new();
    let mut positions = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map(|p| p.line()).unwrap_or(0);
            format!("line {line}: cannot read the CSV row: {e}")
        })?;
        let pos = record.position().map(|p| p.byte() as usize).unwrap_or(0);
        positions.push((n, pos, record));
    }
    for (n, pos, record) in positions {
        let raw_start = base + pos;
        let raw = &source[raw_start..];
        let fields = raw_fields(raw);
        let start = b.len();
        let push_field = |col: Option<usize>, scope: Scope, b: &mut TextBuilder| {
            if let Some(r) = col.and_then(|c| fields.get(c)) {
                let chars = csv_chars(&raw[r.clone()], raw_start + r.start);
                if !chars.is_empty() {
                    b.begin(scope);
                    push_post_text(b, &chars);
                    b.end();
                }
            }
        };
        push_field(Some(text_col), Scope::Body, &mut b);
        push_field(alt_col, Scope::ImageAlt, &mut b);
        if let (Some(c), Some(r)) = (url_col, url_col.and_then(|c| fields.get(c))) {
            let value = record.get(c).unwrap_or("").trim();
            let raw_field = &raw[r.clone()];
            if !value.is_empty() && raw_field.trim() == value {
                let lead = raw_field.len() - raw_field.trim_start().len();
                push_file_name(value, raw_start + r.start + lead, &mut b);
            }
        }
        let date = date_col
            .and_then(|c| record.get(c))
            .and_then(parse_post_date);
        let id = id_col
            .and_then(|c| record.get(c))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| format!("row {}", n + 2));
        items.push(Item {
            range: start..b.len(),
            date,
            id,
        });
    }
    Ok(Extracted {
        text: b.finish(),
        items,
        ..Extracted::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_posts_with_escapes_and_hashtags() {
        let src = r#"{"posts": [
  {"id": "p1", "date": "2027-04-12", "text": "Vote \u2018now\u2019 #VoteGreen", "media": [{"alt": "Jane Smith", "url": "https://x/img/jane-smith.jpg"}]},
  {"id": 2, "date": "12/03/2027", "text": "Bins"}
]}"#;
        let e = extract_json(src).unwrap();
        assert_eq!(e.items.len(), 2);
        assert_eq!(e.items[0].id, "p1");
        assert_eq!(e.items[1].date, NaiveDate::from_ymd_opt(2027, 3, 12));
        let t = &e.text.text;
        assert!(
            t.starts_with("Vote 'now' Vote Green\n\nJane Smith\n\njane smith"),
            "{t:?}"
        );
        let at = t.find("Green").unwrap();
        assert_eq!(&src[e.text.source_range(at..at + 5)], "Green");
        let at = t.find("'now'").unwrap();
        assert_eq!(&src[e.text.source_range(at..at + 5)], r"\u2018now\u2019");
    }

    #[test]
    fn csv_posts_find_columns_and_positions() {
        let src = "Date,Message,Link\n12/04/2027 09:00,\"Cllr Jane Smith says \"\"hello\"\"\",https://x/a.jpg\n2027-01-05,Bins,\n";
        let e = extract_csv(src, &PostColumns::default()).unwrap();
        assert_eq!(e.items.len(), 2);
        assert_eq!(e.items[0].date, NaiveDate::from_ymd_opt(2027, 4, 12));
        assert_eq!(e.items[0].id, "row 2");
        let t = &e.text.text;
        let at = t.find("Jane").unwrap();
        assert_eq!(&src[e.text.source_range(at..at + 10)], "Jane Smith");
        assert!(t.contains("\"hello\""));
        let err = extract_csv("when,what\n1,2\n", &PostColumns::default()).unwrap_err();
        assert!(err.contains("--text-column"));
        let named = PostColumns {
            date: Some("when".into()),
            text: Some("what".into()),
        };
        assert_eq!(
            extract_csv("when,what\n2027-04-01,hi\n", &named)
                .unwrap()
                .items
                .len(),
            1
        );
    }

    #[test]
    fn malformed_json_is_an_error() {
        assert!(
            extract_json("[{\"text\": ")
                .unwrap_err()
                .contains("not valid JSON")
        );
        assert!(extract_json("42").is_err());
    }
}

//! Word documents (`.docx`), read with zip + quick-xml: body paragraphs,
//! tables, text boxes, headers, footers, footnotes and endnotes, image
//! descriptions (alt text and title) and captions; the core properties give
//! the date. Deleted text (tracked changes) and field codes are not read.
//!
//! A Word file has no lines: a finding's line is the paragraph number (body
//! first, then headers, footers, footnotes and endnotes) and its column the
//! character within the paragraph; an image's description is reported on
//! its paragraph's line, after the paragraph's text. Byte offsets refer to
//! that paragraph text, one paragraph a line, which is also what the human
//! output shows.
//!
//! Zip bombs and huge entries are refused before they are inflated: limits
//! on the number of entries, each entry's size, the total, and the
//! compression ratio.

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use quick_xml::reader::Reader;

use super::{DateSource, Extracted, Metadata, Scope, TextBuilder};

/// At most this many entries in the archive.
const MAX_ENTRIES: usize = 10_000;
/// At most this many bytes in one inflated part.
const MAX_PART: u64 = 64 * 1024 * 1024;
/// At most this many inflated bytes read in all.
const MAX_TOTAL: u64 = 256 * 1024 * 1024;
/// A part inflating more than this many times its compressed size is a bomb.
const MAX_RATIO: u64 = 200;

/// One paragraph: its text, its kind, and image descriptions in it.
struct Paragraph {
    text: String,
    scope: Scope,
    images: Vec<String>,
}

/// Reads one part of the archive, within the limits.
fn read_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    total: &mut u64,
) -> Result<Option<String>, String> {
    let mut file = match archive.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("cannot read {name} in the Word file: {e}")),
    };
    let size = file.size();
    let packed = file.compressed_size().max(1);
    if size > MAX_PART || size / packed > MAX_RATIO && size > 1024 * 1024 {
        return Err(format!(
            "{name} in the Word file would inflate to {size} bytes: refused (a zip bomb or a damaged file)"
        ));
    }
    let mut bytes = Vec::with_capacity(size.min(MAX_PART) as usize);
    // The header's size can lie: read no more than the limit whatever it says.
    (&mut file)
        .take(MAX_PART + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot inflate {name} in the Word file: {e}"))?;
    if bytes.len() as u64 > MAX_PART {
        return Err(format!(
            "{name} in the Word file is larger than {MAX_PART} bytes: refused"
        ));
    }
    *total += bytes.len() as u64;
    if *total > MAX_TOTAL {
        return Err(format!(
            "the Word file inflates to more than {MAX_TOTAL} bytes: refused"
        ));
    }
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| format!("{name} in the Word file is not UTF-8 XML"))
}

/// The scope a paragraph style gives.
fn style_scope(style: &str) -> Scope {
    let s = style.to_ascii_lowercase();
    if s == "title" || s == "subtitle" {
        Scope::Title
    } else if s.starts_with("heading") {
        Scope::Heading
    } else if s == "caption" {
        Scope::Caption
    } else if s.contains("quote") {
        Scope::BlockQuote
    } else {
        Scope::Body
    }
}

fn attr(e: &quick_xml::events::BytesStart, local: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key = a.key.local_name();
        (key.as_ref() == local).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.to_string())
        })
    })
}

/// The paragraphs of one XML part, in order (text boxes' paragraphs come
/// before the paragraph holding them).
fn paragraphs(xml: &str, part: &str) -> Result<Vec<Paragraph>, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut stack: Vec<Paragraph> = Vec::new();
    // Inside <w:t>, and inside deleted text or field codes (not read).
    let mut in_text = false;
    let mut skip_depth = 0usize;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("{part} in the Word file is not well-formed XML: {e}"))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.local_name().as_ref() {
                    "p" => {
                        let p = Paragraph {
                            text: String::new(),
                            scope: Scope::Body,
                            images: Vec::new(),
                        };
                        // An empty paragraph (<w:p/>) is still a paragraph.
                        if empty {
                            out.push(p);
                        } else {
                            stack.push(p);
                        }
                    }
                    "pStyle" => {
                        if let (Some(p), Some(v)) = (stack.last_mut(), attr(e, "val")) {
                            p.scope = style_scope(&v);
                        }
                    }
                    "t" if !empty => in_text = true,
                    "delText" | "instrText" if !empty => skip_depth += 1,
                    "tab" | "br" | "cr" => {
                        if let Some(p) = stack.last_mut() {
                            p.text.push(' ');
                        }
                    }
                    "docPr" => {
                        if let Some(p) = stack.last_mut() {
                            for key in ["descr", "title"] {
                                if let Some(v) = attr(e, key).filter(|v| !v.trim().is_empty()) {
                                    p.images.push(v);
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                if in_text
                    && skip_depth == 0
                    && let Some(p) = stack.last_mut()
                {
                    p.text
                        .push_str(&t.xml_content(quick_xml::XmlVersion::Implicit1_0));
                }
            }
            Event::GeneralRef(r) => {
                if in_text
                    && skip_depth == 0
                    && let Some(p) = stack.last_mut()
                {
                    let name: &str = &r;
                    let c = match name {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        n => n
                            .strip_prefix("#x")
                            .and_then(|h| u32::from_str_radix(h, 16).ok())
                            .or_else(|| n.strip_prefix('#').and_then(|d| d.parse().ok()))
                            .and_then(char::from_u32),
                    };
                    if let Some(c) = c {
                        p.text.push(c);
                    }
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "p" => {
                    if let Some(p) = stack.pop() {
                        out.push(p);
                    }
                }
                "t" => in_text = false,
                "delText" | "instrText" => skip_depth = skip_depth.saturating_sub(1),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// The date in the core properties: when it was last modified, else created.
fn core_date(xml: &str) -> Option<chrono::NaiveDate> {
    let find = |tag: &str| {
        let open = xml.find(&format!("<dcterms:{tag}"))?;
        let start = open + xml[open..].find('>')? + 1;
        let end = start + xml[start..].find('<')?;
        super::parse_leading_date(&xml[start..end])
    };
    find("modified").or_else(|| find("created"))
}

/// Extracts a Word document. Returns the paragraph text (one paragraph a
/// line, which findings' positions refer to) and the extracted document.
pub fn extract(bytes: &[u8]) -> Result<(String, Extracted), String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a readable Word file (.docx is a zip archive): {e}"))?;
    if archive.len() > MAX_ENTRIES {
        return Err(format!(
            "the Word file has {} entries, over the limit of {MAX_ENTRIES}: refused",
            archive.len()
        ));
    }
    let names: Vec<String> = archive
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    let mut total = 0u64;
    let body = read_part(&mut archive, "word/document.xml", &mut total)?
        .ok_or("not a Word document: it has no word/document.xml")?;
    let mut parts = vec![("word/document.xml".to_string(), body)];
    let mut extra: Vec<&String> = names
        .iter()
        .filter(|n| {
            let n = n.as_str();
            n.starts_with("word/header") || n.starts_with("word/footer")
        })
        .collect();
    extra.sort();
    for name in extra {
        if let Some(xml) = read_part(&mut archive, name, &mut total)? {
            parts.push((name.clone(), xml));
        }
    }
    for name in ["word/footnotes.xml", "word/endnotes.xml"] {
        if let Some(xml) = read_part(&mut archive, name, &mut total)? {
            parts.push((name.to_string(), xml));
        }
    }
    let mut meta = Metadata::default();
    if let Some(core) = read_part(&mut archive, "docProps/core.xml", &mut total)? {
        meta.date = core_date(&core).map(|d| (d, DateSource::DocxCore));
    }

    // One line per paragraph; images' descriptions after their paragraph's text.
    let mut lines = String::new();
    let mut b = TextBuilder::new();
    for (name, xml) in &parts {
        for p in paragraphs(xml, name)? {
            let line_start = lines.len();
            let text = p.text.replace(['\n', '\r'], " ");
            lines.push_str(&text);
            if !text.trim().is_empty() {
                b.begin(p.scope);
                b.push_source(&text, line_start);
                b.end();
            }
            for alt in &p.images {
                lines.push_str(" | ");
                let at = lines.len();
                let alt = alt.replace(['\n', '\r'], " ");
                lines.push_str(&alt);
                b.begin(Scope::ImageAlt);
                b.push_source(&alt, at);
                b.end();
            }
            lines.push('\n');
        }
    }
    Ok((
        lines,
        Extracted {
            text: b.finish(),
            meta,
            ..Extracted::default()
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A minimal Word file made in code, with every part prepoll reads.
    pub(crate) fn make_docx(document: &str, extra: &[(&str, &str)]) -> Vec<u8> {
        let mut buf = Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default();
            z.start_file("word/document.xml", opts).unwrap();
            z.write_all(document.as_bytes()).unwrap();
            for (name, text) in extra {
                z.start_file(*name, opts).unwrap();
                z.write_all(text.as_bytes()).unwrap();
            }
            z.finish().unwrap();
        }
        buf.into_inner()
    }

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing""#;

    #[test]
    fn paragraphs_tables_images_headers() {
        let doc = format!(
            r#"<w:document {W}><w:body>
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>New depot</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Cllr Jane </w:t></w:r><w:r><w:t>Smith &amp; friends</w:t></w:r><w:r><w:delText>deleted</w:delText></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Cell text</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="Picture 1" descr="Tom Marsh at the depot"/></wp:inline></w:drawing></w:r></w:p>
</w:body></w:document>"#
        );
        let header =
            format!(r#"<w:hdr {W}><w:p><w:r><w:t>Wexbridge News</w:t></w:r></w:p></w:hdr>"#);
        let core = r#"<cp:coreProperties xmlns:cp="x" xmlns:dcterms="y"><dcterms:created>2027-01-01T00:00:00Z</dcterms:created><dcterms:modified>2027-04-12T10:00:00Z</dcterms:modified></cp:coreProperties>"#;
        let bytes = make_docx(
            &doc,
            &[("word/header1.xml", &header), ("docProps/core.xml", core)],
        );
        let (lines, e) = extract(&bytes).unwrap();
        assert_eq!(
            lines,
            "New depot\nCllr Jane Smith & friends\nCell text\n | Tom Marsh at the depot\nWexbridge News\n"
        );
        assert_eq!(
            e.meta.date.unwrap().0,
            chrono::NaiveDate::from_ymd_opt(2027, 4, 12).unwrap()
        );
        let scopes: Vec<Scope> = e.text.segments.iter().map(|s| s.scope).collect();
        assert_eq!(
            scopes,
            vec![
                Scope::Heading,
                Scope::Body,
                Scope::Body,
                Scope::ImageAlt,
                Scope::Body
            ]
        );
    }

    #[test]
    fn broken_files_are_refused_clearly() {
        assert!(
            extract(b"not a zip")
                .unwrap_err()
                .contains("not a readable Word file")
        );
        let truncated = &make_docx(&format!("<w:document {W}/>"), &[])[..30];
        assert!(
            extract(truncated)
                .unwrap_err()
                .contains("not a readable Word file")
        );
        let mut buf = Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            z.start_file("other.txt", zip::write::SimpleFileOptions::default())
                .unwrap();
            z.finish().unwrap();
        }
        assert!(
            extract(&buf.into_inner())
                .unwrap_err()
                .contains("no word/document.xml")
        );
        let bad = make_docx("<w:document><w:p></w:q></w:document>", &[]);
        assert!(extract(&bad).unwrap_err().contains("not well-formed"));
    }

    #[test]
    fn zip_bombs_are_refused() {
        // 2 MB of spaces compresses a thousandfold: over the ratio limit.
        let mut buf = Cursor::new(Vec::new());
        {
            let mut z = zip::ZipWriter::new(&mut buf);
            z.start_file(
                "word/document.xml",
                zip::write::SimpleFileOptions::default(),
            )
            .unwrap();
            let zeros = vec![b' '; 1024 * 1024];
            for _ in 0..2 {
                z.write_all(&zeros).unwrap();
            }
            z.finish().unwrap();
        }
        let err = extract(&buf.into_inner()).unwrap_err();
        assert!(err.contains("refused"), "{err}");
    }
}

//! Plain text: paragraphs are separated by blank lines; every character is
//! read.

use super::{Comment, Extracted, Scope, TextBuilder};

/// Extracts a plain-text document.
pub fn extract(source: &str) -> Extracted {
    let mut b = TextBuilder::for_source(source.len());
    let body = source.strip_prefix('\u{FEFF}').unwrap_or(source);
    let base = source.len() - body.len();
    let mut offset = base;
    let mut in_paragraph = false;
    let mut comments = Vec::new();
    for line in body.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim_start().starts_with("prepoll-") {
            // An inline exception on a line of its own: a directive, not text.
            if in_paragraph {
                b.end();
                in_paragraph = false;
            }
            let lead = content.len() - content.trim_start().len();
            comments.push(Comment {
                text: content.trim().to_string(),
                range: offset + lead..offset + content.trim_end().len(),
            });
        } else if content.trim().is_empty() {
            if in_paragraph {
                b.end();
                in_paragraph = false;
            }
        } else {
            if !in_paragraph {
                b.begin(Scope::Body);
                in_paragraph = true;
            }
            // The line end is pushed too: it becomes the space that joins a
            // name wrapped over two lines.
            b.push_source(line, offset);
        }
        offset += line.len();
    }
    Extracted {
        text: b.finish(),
        comments,
        ..Extracted::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_wrapping() {
        let src = "First line\r\nJane\r\nSmith here.\r\n\r\nSecond para.\r\n";
        let e = extract(src);
        assert_eq!(
            e.text.text,
            "First line Jane Smith here.\n\nSecond para.\n\n"
        );
        assert_eq!(e.text.segments.len(), 2);
        let at = e.text.text.find("Jane Smith").unwrap();
        let r = e.text.source_range(at..at + 10);
        assert_eq!(&src[r], "Jane\r\nSmith");
    }
}

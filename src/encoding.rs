//! Text encodings of the files councils publish: UTF-8 (with or without a
//! byte-order mark), UTF-16 with a byte-order mark, and Windows-1252, which
//! older council files often are. Decoding uses encoding_rs (the WHATWG
//! decoders browsers use). Lines and columns are counted on the decoded
//! text; byte offsets in reports are mapped back to the file as written.

/// How a file's bytes were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8 (a byte-order mark, if any, is kept in the text).
    #[default]
    Utf8,
    /// UTF-16, little-endian, with a byte-order mark.
    Utf16Le,
    /// UTF-16, big-endian, with a byte-order mark.
    Utf16Be,
    /// Windows-1252 (one byte per character).
    Windows1252,
}

impl Encoding {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1252 => "windows-1252",
        }
    }

    /// The byte offset in the file of a byte offset in the decoded text.
    pub fn file_offset(self, text: &str, offset: usize) -> usize {
        let before = text.get(..offset.min(text.len())).unwrap_or(text);
        match self {
            Encoding::Utf8 => offset,
            Encoding::Windows1252 => before.chars().count(),
            // The byte-order mark (2 bytes) then 2 bytes per UTF-16 code unit.
            Encoding::Utf16Le | Encoding::Utf16Be => 2 + 2 * before.encode_utf16().count(),
        }
    }
}

/// Bytes that Windows-1252 leaves undefined: a file with them is not
/// Windows-1252 text.
const CP1252_UNDEFINED: [u8; 5] = [0x81, 0x8D, 0x8F, 0x90, 0x9D];

/// Decodes a file's bytes, or says why it is not text.
pub fn decode(bytes: Vec<u8>) -> Result<(String, Encoding), String> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(rest, encoding_rs::UTF_16LE, Encoding::Utf16Le);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(rest, encoding_rs::UTF_16BE, Encoding::Utf16Be);
    }
    if memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
        return Err("binary file (contains NUL bytes): not checked".to_string());
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, Encoding::Utf8)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            // Not UTF-8: Windows-1252 if every byte is defined there and
            // it reads as text (few control characters).
            let controls = bytes
                .iter()
                .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
                .count();
            if !bytes.iter().any(|b| CP1252_UNDEFINED.contains(b)) && controls * 100 <= bytes.len()
            {
                let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
                Ok((text.into_owned(), Encoding::Windows1252))
            } else {
                Err(format!(
                    "not valid UTF-8 text (invalid byte at offset {at}) nor Windows-1252: not checked"
                ))
            }
        }
    }
}

fn utf16(
    rest: &[u8],
    enc: &'static encoding_rs::Encoding,
    ours: Encoding,
) -> Result<(String, Encoding), String> {
    if !rest.len().is_multiple_of(2) {
        return Err("UTF-16 file with an odd number of bytes: not checked".to_string());
    }
    let (text, malformed) = enc.decode_without_bom_handling(rest);
    if malformed {
        return Err("UTF-16 file with invalid characters: not checked".to_string());
    }
    Ok((text.into_owned(), ours))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_and_bom() {
        let (t, e) = decode("\u{FEFF}Café".as_bytes().to_vec()).unwrap();
        assert_eq!((t.as_str(), e), ("\u{FEFF}Café", Encoding::Utf8));
    }

    #[test]
    fn windows_1252() {
        let (t, e) = decode(b"Caf\xe9 \x93quoted\x94 \x80 5".to_vec()).unwrap();
        assert_eq!(e, Encoding::Windows1252);
        assert_eq!(t, "Café \u{201C}quoted\u{201D} € 5");
        // "quoted" starts at byte 6 of the file.
        let at = t.find("quoted").unwrap();
        assert_eq!(e.file_offset(&t, at), 6);
    }

    #[test]
    fn utf16_both_ways() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("Hi Jane".encode_utf16().flat_map(|u| u.to_le_bytes()));
        let (t, e) = decode(le).unwrap();
        assert_eq!((t.as_str(), e), ("Hi Jane", Encoding::Utf16Le));
        assert_eq!(e.file_offset(&t, 3), 8);
        let mut be = vec![0xFE, 0xFF];
        be.extend("Hi".encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(be).unwrap().0, "Hi");
    }

    #[test]
    fn binary_and_garbage_are_refused() {
        assert!(
            decode(b"GIF89a\x00\x01".to_vec())
                .unwrap_err()
                .contains("binary")
        );
        assert!(
            decode(b"\x81\x8d\x90 not text".to_vec())
                .unwrap_err()
                .contains("not valid UTF-8")
        );
    }
}

//! Small helpers for looking at the words around a hit. Segments are
//! separated by a newline, so no helper ever looks across one.

use std::ops::Range;

/// Is this character part of a word (letters, digits, apostrophes and
/// hyphens inside names)?
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '-' || c == '.'
}

/// The word directly before `pos`, across at most one space: its start and text.
pub fn prev_word(text: &str, pos: usize) -> Option<(usize, &str)> {
    let before = &text[..pos];
    let before = before.strip_suffix(' ').unwrap_or(before);
    let start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_char(c))
        .last()
        .map(|(i, _)| i)?;
    let word = before[start..].trim_matches(|c| c == '\'' || c == '-' || c == '.');
    if word.is_empty() {
        return None;
    }
    Some((start, word))
}

/// The word directly after `pos`, across at most one space: its start and text
/// (without trailing punctuation or a possessive).
pub fn next_word(text: &str, pos: usize) -> Option<(usize, &str)> {
    let after = &text[pos..];
    let (skip, after) = match after.strip_prefix(' ') {
        Some(a) => (1, a),
        None => (0, after),
    };
    let len: usize = after
        .chars()
        .take_while(|&c| is_word_char(c))
        .map(char::len_utf8)
        .sum();
    let word = after[..len].trim_end_matches(['.', '-', '\'']);
    let word = word.strip_suffix("'s").unwrap_or(word);
    if word.is_empty() {
        return None;
    }
    Some((pos + skip, word))
}

/// Does the word start with a capital letter?
pub fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Is the whole word in capitals (a headline)?
pub fn is_all_caps(word: &str) -> bool {
    word.chars().any(char::is_alphabetic) && !word.chars().any(char::is_lowercase)
}

/// Does a sentence (or a block) start at `pos`? Looks back over spaces,
/// opening quotes and brackets.
pub fn is_sentence_start(text: &str, pos: usize) -> bool {
    for c in text[..pos].chars().rev() {
        match c {
            ' ' | '"' | '\'' | '(' | '[' | '*' | '_' => continue,
            '.' | '!' | '?' | ':' | ';' | '\n' | '|' | '•' | '–' | '—' => return true,
            _ => return false,
        }
    }
    true
}

/// Abbreviations whose full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "cllr", "cllrs", "dr", "mr", "mrs", "ms", "st", "no", "nos", "prof", "rev", "revd", "cyng",
    "e.g", "i.e", "etc", "approx", "tel", "ext", "vs", "cf", "ald", "rt", "hon",
];

/// The largest char boundary at or below `i`.
pub fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The text just before `pos`, at most `n` bytes (on a char boundary).
pub fn tail(text: &str, pos: usize, n: usize) -> &str {
    &text[floor_char_boundary(text, pos.saturating_sub(n))..pos]
}

/// The text just after `pos`, at most `n` bytes (on a char boundary).
pub fn head(text: &str, pos: usize, n: usize) -> &str {
    &text[pos..floor_char_boundary(text, (pos + n).min(text.len()))]
}

/// Does a sentence end at the full stop (or ! ?) at `pos`?
fn ends_sentence(text: &str, pos: usize) -> bool {
    let c = text[pos..].chars().next();
    if !matches!(c, Some('.' | '!' | '?')) {
        return false;
    }
    let after = text[pos + 1..].chars().next();
    if !after.is_none_or(|a| a.is_whitespace() || a == '"' || a == '\'' || a == ')') {
        return false;
    }
    if c == Some('.') {
        let word_start = text[..pos]
            .char_indices()
            .rev()
            .take_while(|&(_, ch)| ch.is_alphanumeric() || ch == '.')
            .last()
            .map_or(pos, |(i, _)| i);
        let word = &text[word_start..pos];
        // "J. Smith", "É. Smith", "Cllr. Smith": an initial or an
        // abbreviation (all ASCII, so compared without a lower-cased copy).
        let mut chars = word.chars();
        let initial = matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic());
        if initial || ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)) {
            return false;
        }
    }
    true
}

/// The sentence around `pos`, within its segment: from after the previous
/// sentence end to the next (inclusive of its full stop).
pub fn sentence_at(text: &str, pos: usize) -> std::ops::Range<usize> {
    let pos = pos.min(text.len());
    let floor = floor_char_boundary(text, pos.saturating_sub(SENTENCE_REACH));
    let ceiling = floor_char_boundary(text, (pos + SENTENCE_REACH).min(text.len()));
    let bytes = text.as_bytes();
    // The marks are ASCII, so the bytes are searched: no UTF-8 byte of
    // another character equals one. A sentence never runs across a newline,
    // so only the marks between `pos` and the nearest newline count.
    let line_start = memchr::memrchr(b'\n', &bytes[floor..pos]).map_or(floor, |i| floor + i + 1);
    let mut start = line_start;
    let mut end_of_search = pos;
    while let Some(i) = memchr::memrchr3(b'.', b'!', b'?', &bytes[line_start..end_of_search]) {
        let at = line_start + i;
        if ends_sentence(text, at) {
            start = at + 1;
            break;
        }
        end_of_search = at;
    }
    let line_end = memchr::memchr(b'\n', &bytes[pos..ceiling]).map_or(ceiling, |i| pos + i);
    let mut end = line_end;
    let mut from = pos;
    while let Some(i) = memchr::memchr3(b'.', b'!', b'?', &bytes[from..line_end]) {
        let at = from + i;
        if ends_sentence(text, at) {
            end = at + 1;
            break;
        }
        from = at + 1;
    }
    while start < end && text[start..].starts_with(' ') {
        start += 1;
    }
    start..end
}

/// The ranges of `sorted` (sorted by start) that start in `from..to`.
/// Detectors look only near a mention through this, so that each lookup
/// costs a binary search and the check stays linear in the document.
pub fn starting_in(sorted: &[Range<usize>], from: usize, to: usize) -> &[Range<usize>] {
    let a = sorted.partition_point(|r| r.start < from);
    let b = sorted.partition_point(|r| r.start < to).max(a);
    &sorted[a..b]
}

/// How far (in bytes) `sentence_at` looks each way: a sentence longer than
/// this (a 100 MB line without a full stop) is cut, keeping the scan linear.
const SENTENCE_REACH: usize = 2000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbours() {
        let t = "the Town Hall, Marsh Lane's end";
        let hall = t.find("Hall").unwrap();
        assert_eq!(prev_word(t, hall), Some((4, "Town")));
        assert_eq!(next_word(t, hall + 4), None);
        let marsh = t.find("Marsh").unwrap();
        assert_eq!(next_word(t, marsh + 5), Some((marsh + 6, "Lane")));
        assert_eq!(prev_word(t, 0), None);
    }

    #[test]
    fn sentences() {
        let t = "First one. Cllr. J. Smith said so! Then \"this\". Last\n\nNext";
        let at = t.find("Smith").unwrap();
        assert_eq!(&t[sentence_at(t, at)], "Cllr. J. Smith said so!");
        let at = t.find("this").unwrap();
        assert_eq!(&t[sentence_at(t, at)], "Then \"this\".");
        let at = t.find("Last").unwrap();
        assert_eq!(&t[sentence_at(t, at)], "Last");
    }

    #[test]
    fn sentences_stop_at_lines_and_pass_abbreviations_in_any_case_or_script() {
        // A full stop on the line before is not this sentence's start.
        let t = "Ends here.\nno stop on this line\nNext.";
        let at = t.find("stop").unwrap();
        assert_eq!(&t[sentence_at(t, at)], "no stop on this line");
        // "CLLR." and the Welsh "Cyng." abbreviate; "Siân." ends a sentence.
        let t = "Daeth CLLR. Siân Price a’r Cyng. Rhys Hill. Wedyn “te”! Diwedd";
        let at = t.find("Price").unwrap();
        assert_eq!(
            &t[sentence_at(t, at)],
            "Daeth CLLR. Siân Price a’r Cyng. Rhys Hill."
        );
        let at = t.find("te").unwrap();
        assert_eq!(&t[sentence_at(t, at)], "Wedyn “te”!");
        // A non-ASCII initial does not end a sentence either.
        let t = "Gwelodd É. Siân. Yna aeth";
        let at = t.find("Siân").unwrap();
        assert_eq!(&t[sentence_at(t, at)], "Gwelodd É. Siân.");
        let t = "Gwelodd Siân. Yna aeth";
        let at = t.find("Yna").unwrap();
        assert_eq!(&t[sentence_at(t, at)], "Yna aeth");
    }

    #[test]
    fn sentence_starts() {
        let t = "Labour costs. \"Labour said\" and Labour";
        assert!(is_sentence_start(t, 0));
        assert!(is_sentence_start(t, t.find("Labour said").unwrap()));
        assert!(!is_sentence_start(t, t.rfind("Labour").unwrap()));
    }
}

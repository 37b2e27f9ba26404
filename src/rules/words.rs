//! Small helpers for looking at the words around a hit. Segments are
//! separated by a newline, so no helper ever looks across one.

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

/// The byte offset just after the character at `pos`.
pub fn next_char(text: &str, pos: usize) -> usize {
    pos + text[pos..].chars().next().map_or(1, char::len_utf8)
}

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
    fn sentence_starts() {
        let t = "Labour costs. \"Labour said\" and Labour";
        assert!(is_sentence_start(t, 0));
        assert!(is_sentence_start(t, t.find("Labour said").unwrap()));
        assert!(!is_sentence_start(t, t.rfind("Labour").unwrap()));
    }
}

//! The words of the documents a run checks, when they are few and read
//! before the automaton is built: a pre-commit hook's press release, or an
//! editor's one file.
//!
//! Why it is exact: the automaton matches a pattern only at word boundaries
//! (`scan::at_word_boundary`) and only in the text as written, ASCII case
//! aside. So each word of a pattern (a run of letters and digits) is, in the
//! text it matches, a whole run of letters and digits too. A pattern with a
//! word the documents lack can never match, and leaving it out of the
//! automaton changes no finding. Checking a press release against a
//! general election's 5,000 candidates then compiles the few dozen names
//! whose words it holds instead of 25,000 name forms: that is most of the
//! start-up time of a one-file check (README, Performance).
//!
//! Words are compared in lower case (`char::to_lowercase`, with final
//! sigma taken as sigma), which can only let more patterns through, never
//! fewer: two runs equal apart from ASCII case are equal in lower case.

use std::borrow::Cow;
use std::collections::HashSet;

use crate::candidates::Candidate;
use crate::extract::textmap::normalise_str;
use crate::people::fold_accents;
use crate::scan::FastHash;

/// The distinct words, in lower case, of the texts added.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    words: HashSet<String, FastHash>,
}

impl Vocabulary {
    /// Adds every word of a text (extracted, as the automaton reads it).
    pub fn add_text(&mut self, text: &str) {
        for word in words_of(text) {
            let word = lower(word);
            if !self.words.contains(word.as_ref()) {
                self.words.insert(word.into_owned());
            }
        }
    }

    fn has(&self, word: &str) -> bool {
        // Most words are short and ASCII: lowered on the stack, as this
        // runs for every word of every listed name.
        let mut buf = [0u8; 32];
        if word.len() <= buf.len() && word.is_ascii() {
            let buf = &mut buf[..word.len()];
            buf.copy_from_slice(word.as_bytes());
            buf.make_ascii_lowercase();
            return std::str::from_utf8(buf).is_ok_and(|w| self.words.contains(w));
        }
        self.words.contains(lower(word).as_ref())
    }

    /// Could the automaton match `pattern` (as it holds it) in these texts?
    /// Only if every word of it occurs.
    pub fn may_match(&self, pattern: &str) -> bool {
        words_of(pattern).all(|w| self.has(w))
    }

    /// Could any form of this candidate's names be matched in these texts?
    ///
    /// Every name form the scanner looks for (`Person::name_variants`) is
    /// made of the words of the listed name, an alias or a handle, taken as
    /// written, without apostrophes ("OConnor") or without accents, and
    /// added in upper and lower case when not ASCII. So if no such word
    /// occurs, no form can match, and the listed-name look-up
    /// (`People::is_listed`, asked with names found in the text) cannot
    /// succeed either. Looser than a form-by-form test ("Jane" lets every
    /// Jane through) but cheap: it runs for every listed candidate.
    pub fn may_name(&self, candidate: &Candidate) -> bool {
        std::iter::once(&candidate.name)
            .chain(&candidate.aliases)
            .chain(&candidate.handles)
            .any(|name| self.may_hold_word_of(name))
    }

    fn may_hold_word_of(&self, name: &str) -> bool {
        // Most names are ASCII without apostrophes: one form, as written
        // (normalising changes spaces only, never a word).
        if name
            .bytes()
            .all(|b| b.is_ascii() && b != b'\'' && b != b'`')
        {
            return name
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| !w.is_empty() && self.has(w));
        }
        let name = normalise_str(name);
        let bare = name.contains('\'').then(|| name.replace('\'', ""));
        let mut forms: Vec<Cow<str>> = vec![Cow::Borrowed(&name)];
        if let Some(bare) = &bare {
            forms.push(Cow::Borrowed(bare));
        }
        if !name.is_ascii() {
            let folded: Vec<Cow<str>> = forms.iter().map(|f| Cow::Owned(fold_accents(f))).collect();
            let upper: Vec<Cow<str>> = forms
                .iter()
                .chain(&folded)
                .map(|f| Cow::Owned(f.to_uppercase()))
                .collect();
            forms.extend(folded);
            forms.extend(upper);
        }
        forms.iter().any(|form| words_of(form).any(|w| self.has(w)))
    }
}

/// The runs of letters and digits of a text: what `at_word_boundary`
/// takes for words.
fn words_of(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// A word in lower case; final sigma as sigma, since whether Σ lowers to ς
/// depends on what follows it, which differs between a word and its text.
fn lower(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        if word.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(word.to_ascii_lowercase())
        } else {
            Cow::Borrowed(word)
        }
    } else {
        Cow::Owned(word.to_lowercase().replace('ς', "σ"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary(text: &str) -> Vocabulary {
        let mut v = Vocabulary::default();
        v.add_text(text);
        v
    }

    fn candidate(name: &str) -> Candidate {
        Candidate {
            name: name.to_string(),
            ..Candidate::default()
        }
    }

    #[test]
    fn patterns_need_every_word() {
        let v = vocabulary("The Labour Party's plans for Green Lane (2027).");
        assert!(v.may_match("labour party"));
        assert!(v.may_match("LABOUR"));
        assert!(v.may_match("Green"));
        assert!(v.may_match("2027"));
        assert!(!v.may_match("green belt"));
        assert!(!v.may_match("Lab"));
        // A pattern without letters or digits cannot be ruled out.
        assert!(v.may_match("#"));
    }

    #[test]
    fn names_through_any_word_and_form() {
        let v = vocabulary("Photo: sarah-oconnor.jpg. SIOBHAN spoke, as did ΟΔΥΣΣΕΑΣ.");
        assert!(v.may_name(&candidate("Sarah O'Connor")));
        assert!(v.may_name(&candidate("Sarah O’Connor")));
        assert!(v.may_name(&candidate("Siobhán Kelly")));
        assert!(v.may_name(&candidate("Οδυσσεας")));
        assert!(v.may_name(&candidate("ΟΔΥΣΣΕΑΣ")));
        assert!(!v.may_name(&candidate("Jane Smith")));
        let aliased = Candidate {
            name: "Jane Smith".to_string(),
            aliases: vec!["the Leader of the Council".to_string()],
            ..Candidate::default()
        };
        assert!(vocabulary("Ask the council.").may_name(&aliased));
        let handled = Candidate {
            name: "Jane Smith".to_string(),
            handles: vec!["@jsmith_ward".to_string()],
            ..Candidate::default()
        };
        assert!(vocabulary("Follow @jsmith_ward").may_name(&handled));
        assert!(!vocabulary("Follow @jsmithward").may_name(&handled));
    }

    #[test]
    fn lower_case_survives_upper_case_forms() {
        // "STRASSE" is how "Straße" is written in capitals: the upper-case
        // form is a pattern too, so the name must get through.
        assert!(vocabulary("HERR STRASSE").may_name(&candidate("Anna Straße")));
        assert!(vocabulary("Herr Straße").may_match("STRAßE"));
    }
}

//! The people a document may name: every listed candidate (with the
//! election they stand in) and the councillors known not to stand, with the
//! name variants the scanner looks for.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::candidates::Candidate;
use crate::extract::textmap::normalise_str;
use crate::lexicon::Lexicon;
use crate::scan::{FastHash, NameForm};

/// Words that belong to a surname when they come before it ("van der Berg").
const SURNAME_PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "del", "della", "du", "da", "di", "le", "la", "st", "st.",
    "bin", "al", "el", "ap", "ab", "ter", "ten",
];

/// A listed candidate, ready for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    /// The candidate as listed.
    pub candidate: Candidate,
    /// Index of the election they stand in; `None` for lists given with
    /// `--candidates`, which apply to every election.
    pub election: Option<usize>,
    /// First names, as written.
    pub first_names: Vec<String>,
    /// Surname, as written.
    pub surname: String,
    /// Every form of the name the scanner looks for, made once: the
    /// automaton and the listed-name look-up both read it.
    variants: Vec<(String, NameForm)>,
}

impl Person {
    /// Splits a listed name into first names and surname.
    fn new(candidate: Candidate, election: Option<usize>, titles: &TitleWords) -> Person {
        let (first_names, surname) = titles.split_name(&candidate.name);
        let mut person = Person {
            candidate,
            election,
            first_names,
            surname,
            variants: Vec::new(),
        };
        person.variants = person.make_variants();
        person
    }

    /// Every form of the name the scanner should find, with how it names them.
    pub fn name_variants(&self) -> &[(String, NameForm)] {
        &self.variants
    }

    fn make_variants(&self) -> Vec<(String, NameForm)> {
        let mut out = vec![(normalise_str(&self.candidate.name), NameForm::Full)];
        if !self.surname.is_empty() {
            if let Some(first) = self.first_names.first() {
                if self.first_names.len() > 1 {
                    out.push((joined(&[first, " ", &self.surname]), NameForm::Full));
                }
                out.push((
                    joined(&[&self.full_stripped_first(), " ", &self.surname]),
                    NameForm::Full,
                ));
                if let Some(initial) = first.chars().next().filter(|c| c.is_alphabetic()) {
                    let mut buf = [0u8; 4];
                    let initial: &str = initial.encode_utf8(&mut buf);
                    out.push((joined(&[initial, " ", &self.surname]), NameForm::Initial));
                    out.push((joined(&[initial, ". ", &self.surname]), NameForm::Initial));
                }
            }
            if self.surname.chars().count() >= 2 {
                out.push((self.surname.clone(), NameForm::Surname));
            }
        }
        if let Some(first) = self.first_names.first()
            && !self.surname.is_empty()
        {
            // Statements of persons nominated list "SMITH, Jane".
            out.push((joined(&[&self.surname, ", ", first]), NameForm::Full));
        }
        for alias in &self.candidate.aliases {
            out.push((normalise_str(alias), NameForm::Alias));
        }
        // Social media handles ("@janesmith") name the person in posts.
        for handle in &self.candidate.handles {
            out.push((
                format!("@{}", handle.trim_start_matches('@')),
                NameForm::Alias,
            ));
        }
        // File names and web addresses drop apostrophes ("sarah-oconnor.jpg").
        let bare: Vec<(String, NameForm)> = out
            .iter()
            .filter(|(v, f)| v.contains('\'') && *f != NameForm::Surname)
            .map(|(v, f)| (v.replace('\'', ""), *f))
            .collect();
        out.extend(bare);
        // Accents are often dropped ("Siobhan" for "Siobhán").
        let folded: Vec<(String, NameForm)> = out
            .iter()
            .filter(|(v, _)| !v.is_ascii())
            .map(|(v, f)| (fold_accents(v), *f))
            .filter(|(v, _)| v.is_ascii())
            .collect();
        out.extend(folded);
        out.sort();
        out.dedup_by(|a, b| a.0.eq_ignore_ascii_case(&b.0));
        out
    }

    /// The first names joined (titles already stripped).
    fn full_stripped_first(&self) -> String {
        self.first_names.join(" ")
    }

    /// The name as listed.
    pub fn name(&self) -> &str {
        &self.candidate.name
    }
}

/// The pieces joined into one string: `format!` costs more than the
/// copying, and 5,000 candidates have 25,000 name forms to build at start-up.
fn joined(pieces: &[&str]) -> String {
    let mut out = String::with_capacity(pieces.iter().map(|p| p.len()).sum());
    pieces.iter().for_each(|p| out.push_str(p));
    out
}

/// The lexicon's titles as sets, built once to split thousands of names.
struct TitleWords<'a> {
    /// Titles before a name, ASCII lower case, without a final dot.
    before: HashSet<String, FastHash>,
    /// Member suffixes after a name, as written.
    after: HashSet<&'a str, FastHash>,
}

impl<'a> TitleWords<'a> {
    fn new(lexicon: &'a Lexicon) -> Self {
        let titles = &lexicon.titles;
        TitleWords {
            before: titles
                .councillor
                .iter()
                .chain(&titles.personal)
                .map(|t| t.trim_end_matches('.').to_ascii_lowercase())
                .collect(),
            after: titles.member_suffixes.iter().map(String::as_str).collect(),
        }
    }

    fn is_title(&self, token: &str) -> bool {
        self.before
            .contains(&token.trim_end_matches('.').to_ascii_lowercase())
    }

    /// Splits "Cllr Jane Mary van der Berg" into (["Jane", "Mary"], "van der Berg").
    fn split_name(&self, name: &str) -> (Vec<String>, String) {
        let normalised = normalise_str(name);
        let mut tokens: Vec<&str> = normalised.split(' ').filter(|t| !t.is_empty()).collect();
        // Leading titles are not names.
        while tokens.len() > 1 && self.is_title(tokens[0]) {
            tokens.remove(0);
        }
        // Trailing member suffixes and honours are not names either.
        while tokens.len() > 1 && self.after.contains(tokens[tokens.len() - 1]) {
            tokens.pop();
        }
        if tokens.is_empty() {
            return (Vec::new(), String::new());
        }
        let mut surname_start = tokens.len() - 1;
        while surname_start > 1
            && SURNAME_PARTICLES.contains(&tokens[surname_start - 1].to_lowercase().as_str())
        {
            surname_start -= 1;
        }
        let first = tokens[..surname_start]
            .iter()
            .map(|s| s.to_string())
            .collect();
        (first, tokens[surname_start..].join(" "))
    }
}

/// A councillor known not to stand, from `[candidates] not_standing`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotStanding {
    /// The name without titles, lowercase.
    pub full: String,
    /// The surname, lowercase.
    pub surname: String,
}

/// All people of a check.
#[derive(Debug, Clone, Default)]
pub struct People {
    /// Listed candidates.
    pub persons: Vec<Person>,
    /// Councillors known not to stand.
    pub not_standing: Vec<NotStanding>,
    /// Every listed name variant and surname, lowercase, for quick
    /// look-ups; made on first use, as most checks never ask.
    listed: OnceLock<HashSet<String, FastHash>>,
}

impl People {
    /// Prepares candidates (each with its election) and the not-standing list.
    pub fn new(
        candidates: Vec<(Candidate, Option<usize>)>,
        not_standing: &[String],
        lexicon: &Lexicon,
    ) -> People {
        let titles = TitleWords::new(lexicon);
        let persons = candidates
            .into_iter()
            .map(|(c, e)| Person::new(c, e, &titles))
            .collect();
        let not_standing = not_standing
            .iter()
            .map(|n| {
                let (first, surname) = titles.split_name(n);
                let mut full = first.join(" ");
                if !full.is_empty() {
                    full.push(' ');
                }
                full.push_str(&surname);
                NotStanding {
                    full: full.to_lowercase(),
                    surname: surname.to_lowercase(),
                }
            })
            .collect();
        People {
            persons,
            not_standing,
            listed: OnceLock::new(),
        }
    }

    /// Is a name (as found after "Cllr", titles removed) someone known not to stand?
    pub fn is_not_standing(&self, name: &str) -> bool {
        let name = name.to_lowercase();
        self.not_standing.iter().any(|n| {
            n.full == name
                || n.surname == name
                || name.ends_with(&format!(" {}", n.surname)) && initial_match(&name, &n.full)
        })
    }

    /// Is a name (titles removed) one of the listed candidates, of any election?
    pub fn is_listed(&self, name: &str) -> bool {
        let listed = self.listed.get_or_init(|| {
            self.persons
                .iter()
                .flat_map(|p| {
                    p.name_variants()
                        .iter()
                        .map(|(v, _)| v.to_lowercase())
                        .chain(std::iter::once(p.surname.to_lowercase()))
                })
                .collect()
        });
        listed.contains(&normalise_str(name).to_lowercase())
    }
}

/// Removes accents from Latin letters ("Siobhán" → "Siobhan"); other
/// characters are kept.
pub fn fold_accents(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
            'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' => 'A',
            'è' | 'é' | 'ê' | 'ë' | 'ē' => 'e',
            'È' | 'É' | 'Ê' | 'Ë' | 'Ē' => 'E',
            'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
            'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' => 'I',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
            'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' => 'O',
            'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
            'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' => 'U',
            'ý' | 'ÿ' | 'ŷ' => 'y',
            'Ý' | 'Ŷ' => 'Y',
            'ŵ' => 'w',
            'Ŵ' => 'W',
            'ç' => 'c',
            'Ç' => 'C',
            'ñ' => 'n',
            'Ñ' => 'N',
            c => c,
        })
        .collect()
}

/// "p. brown" / "p brown" match "peter brown".
fn initial_match(short: &str, full: &str) -> bool {
    let (Some(a), Some(b)) = (short.chars().next(), full.chars().next()) else {
        return false;
    };
    a == b
        && short
            .split(' ')
            .next()
            .is_some_and(|f| f.trim_end_matches('.').len() <= 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_names() {
        let l = Lexicon::builtin();
        assert_eq!(
            TitleWords::new(&l).split_name("Cllr Jane Mary van der Berg"),
            (
                vec!["Jane".to_string(), "Mary".to_string()],
                "van der Berg".to_string()
            )
        );
        assert_eq!(
            TitleWords::new(&l).split_name("Sarah O’Connor"),
            (vec!["Sarah".to_string()], "O'Connor".to_string())
        );
        assert_eq!(TitleWords::new(&l).split_name("Jo Bloggs MP").1, "Bloggs");
    }

    #[test]
    fn variants() {
        let l = Lexicon::builtin();
        let p = Person::new(
            Candidate {
                name: "Jane Mary Smith".into(),
                aliases: vec!["Leader of the Council".into()],
                ..Candidate::default()
            },
            None,
            &TitleWords::new(&l),
        );
        let v: Vec<String> = p.name_variants().iter().map(|(s, _)| s.clone()).collect();
        for want in [
            "Jane Mary Smith",
            "Jane Smith",
            "J Smith",
            "J. Smith",
            "Smith",
            "Leader of the Council",
        ] {
            assert!(v.iter().any(|x| x == want), "{want} missing from {v:?}");
        }
    }

    #[test]
    fn not_standing_matches() {
        let l = Lexicon::builtin();
        let people = People::new(Vec::new(), &["Cllr Peter Brown".into()], &l);
        assert!(people.is_not_standing("Peter Brown"));
        assert!(people.is_not_standing("Brown"));
        assert!(people.is_not_standing("P. Brown"));
        assert!(!people.is_not_standing("Alan Wright"));
    }
}

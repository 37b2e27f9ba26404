//! `candidate-named`: a listed candidate identified by full name, alias or
//! role, title and surname, initial and surname, or — once the document has
//! named them — the surname alone. A surname inside a place or building name
//! ("Marsh Lane", "Town Hall") or after another first name ("Lucy Hall") is
//! someone or something else.

use std::collections::HashMap;

use super::words::{is_all_caps, is_capitalised, is_sentence_start, next_word, prev_word};
use super::{Context, Detection, PersonMention, RuleId};
use crate::scan::{Meaning, NameForm};

/// Capitalised words that often start a sentence before a surname without
/// being a first name ("Yesterday Smith said").
const SENTENCE_WORDS: &[&str] = &[
    "a",
    "an",
    "and",
    "as",
    "also",
    "both",
    "but",
    "by",
    "for",
    "from",
    "here",
    "however",
    "if",
    "in",
    "meanwhile",
    "of",
    "on",
    "so",
    "then",
    "there",
    "this",
    "that",
    "to",
    "today",
    "tomorrow",
    "when",
    "while",
    "with",
    "yesterday",
    "later",
    "earlier",
    "thanks",
    "said",
    "says",
    "according",
    "contact",
    "ask",
    "asked",
    "dear",
    "ward",
    "councillor",
    "councillors",
];

/// Words that follow a verb or preposition, never a person named alone:
/// "Read the notice", "Field more questions" are not Morgan Read or Daniel Field.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "our", "your", "their", "its", "my", "all",
    "any", "some", "every", "each", "more", "about", "out", "up",
];

/// Finds candidate mentions. Also used by other rules to know who a
/// document has named.
pub fn check(ctx: &mut Context) {
    let text = ctx.text();
    // Persons named so far, most recent last.
    let mut named: Vec<u32> = Vec::new();
    let mut found: Vec<(Detection, PersonMention)> = Vec::new();
    // Who a surname last referred to: a candidate, or someone else (None).
    let mut referent: HashMap<String, Option<u32>> = HashMap::new();
    for i in 0..ctx.hits.len() {
        let hit = ctx.hits[i];
        let mut best: Option<(u32, NameForm)> = None;
        for m in ctx.meanings(i) {
            if let Meaning::Name { person, form } = *m
                && ctx.is_active(person)
            {
                let better = match best {
                    None => true,
                    // Prefer the stronger form, then the most recently named person.
                    Some((p, f)) => {
                        form < f || form == f && recency(&named, person) > recency(&named, p)
                    }
                };
                if better {
                    best = Some((person, form));
                }
            }
        }
        let Some((person, form)) = best else { continue };
        let words = &text[hit.start..hit.end];
        let title_start = ctx.titles_before(i);
        let accepted = match form {
            NameForm::Full => true,
            NameForm::Alias => {
                // A one-word alias ("Janey") must look like a name; a handle
                // ("@janesmith") always names its owner.
                words.contains(' ') || is_capitalised(words) || words.starts_with('@')
            }
            NameForm::Initial => {
                is_capitalised(words) && words.rsplit(' ').next().is_some_and(is_capitalised)
            }
            NameForm::Surname => {
                let key = words.to_lowercase();
                // "Huw Morgan, Head of Highways": another person with the
                // surname; "Mr Morgan" after it means him, not the candidate.
                if title_start.is_none() && in_place_name(ctx, hit.start, hit.end) {
                    continue;
                }
                if title_start.is_none() && after_other_first_name(ctx, hit.start) {
                    referent.insert(key, None);
                    continue;
                }
                let meant = referent.get(&key).copied();
                // "Young people ..." at a sentence start: the word, not Ms Young.
                let word_not_name = is_sentence_start(text, hit.start)
                    && ctx.lexicon.word_surnames.contains(&key)
                    && !followed_as_a_name(ctx, i);
                // "the Green group" is the party even after Chloe Green was named.
                let party_use = ctx.hit_is(i, |m| matches!(m, Meaning::Party { .. }))
                    && super::party_identified::has_cue(ctx, hit.start, hit.end);
                // "ap Rhys": the last word carries the capital.
                let capitalised = words.rsplit(' ').next().is_some_and(is_capitalised);
                capitalised
                    && if title_start.is_some() {
                        meant != Some(None)
                    } else {
                        meant == Some(Some(person))
                            && !party_use
                            && !word_not_name
                            && !next_word(text, hit.end)
                                .is_some_and(|(_, w)| DETERMINERS.contains(&w))
                    }
            }
        };
        if !accepted {
            continue;
        }
        let p = &ctx.people.persons[person as usize];
        let start = title_start.unwrap_or(hit.start);
        let message = match form {
            NameForm::Alias if !words.eq_ignore_ascii_case(p.name()) => format!(
                "Candidate {} is identified as \"{}\"",
                p.candidate.describe(),
                words
            ),
            _ => format!("Candidate {} is named", p.candidate.describe()),
        };
        // "Cllr Tom Patel, Cabinet Member for Housing": a role in apposition
        // to the name is the same mention, not a second one.
        if let Some((last, mention)) = found.last_mut()
            && mention.candidate == Some(person)
            && matches!(&text[mention.range.end..start], ", " | " (" | " - " | " – ")
        {
            last.range.end = hit.end;
            mention.range.end = hit.end;
        } else {
            found.push((
                Detection {
                    candidate: Some(p.name().to_string()),
                    party: p.candidate.party.clone(),
                    ..Detection::new(RuleId::CandidateNamed, start..hit.end, message)
                },
                PersonMention {
                    range: start..hit.end,
                    name: p.name().to_string(),
                    candidate: Some(person),
                    not_standing: false,
                    sitting_mp: false,
                },
            ));
        }
        referent.insert(p.surname.to_lowercase(), Some(person));
        named.retain(|&x| x != person);
        named.push(person);
    }
    for (detection, mention) in found {
        ctx.report(detection);
        ctx.persons.push(mention);
    }
}

/// Words that follow a surname used alone as the subject of a sentence.
const NAME_FOLLOWERS: &[&str] = &[
    "and",
    "who",
    "whose",
    "has",
    "had",
    "have",
    "is",
    "was",
    "will",
    "would",
    "can",
    "could",
    "also",
    "added",
    "said",
    "says",
    "told",
    "explained",
    "agreed",
    "asked",
    "spoke",
    "met",
    "visited",
    "opened",
    "wrote",
    "thanked",
    "welcomed",
    "noted",
    "confirmed",
    "did",
    "does",
    "may",
    "might",
    "should",
    "went",
    "goes",
    "joined",
    "became",
    "remains",
    "continued",
];

/// At a sentence start a surname that is also a word ("Young people",
/// "Read the notice") is a name only when what follows reads as what a
/// person does: punctuation, a verb of speech or action.
fn followed_as_a_name(ctx: &Context, i: usize) -> bool {
    let text = ctx.text();
    let end = ctx.hits[i].end;
    let rest = &text[end..];
    if rest.is_empty() || rest.starts_with(['.', ',', ';', ':', '\n', ')', '\'', '"', '!', '?']) {
        return true;
    }
    if i + 1 < ctx.hits.len()
        && ctx.hits[i + 1].start == end + 1
        && ctx.hit_is(i + 1, |m| {
            matches!(
                m,
                Meaning::AttributionVerb | Meaning::ViewVerb | Meaning::Event
            )
        })
    {
        return true;
    }
    next_word(text, end).is_some_and(|(_, w)| {
        let w = w.to_lowercase();
        // A verb: "Green replaces ...", "Young added ...".
        NAME_FOLLOWERS.contains(&w.as_str())
            || w.len() > 3 && w.ends_with('s') && !w.ends_with("ss")
            || w.ends_with("ed")
    })
}

fn recency(named: &[u32], person: u32) -> Option<usize> {
    named.iter().position(|&p| p == person)
}

/// Is the word at `start..end` part of a place or building name: followed
/// by a place word ("Marsh Lane") or preceded by one ("Town Hall")?
pub fn in_place_name(ctx: &Context, start: usize, end: usize) -> bool {
    let text = ctx.text();
    let places = &ctx.lexicon.places;
    let headline = is_all_caps(&text[start..end]);
    if let Some((_, next)) = next_word(text, end)
        && (is_capitalised(next) || headline)
        && places.suffixes.contains(&next.to_lowercase())
        && !text[end..].starts_with("'s")
    {
        return true;
    }
    if let Some((_, prev)) = prev_word(text, start)
        && (is_capitalised(prev) || headline)
        && places.prefixes.contains(&prev.to_lowercase())
    {
        return true;
    }
    false
}

/// Is the surname at `start` preceded by a capitalised word that is not a
/// title and not the start of a sentence: another person ("Lucy Hall")?
fn after_other_first_name(ctx: &Context, start: usize) -> bool {
    let text = ctx.text();
    let Some((prev_start, prev)) = prev_word(text, start) else {
        return false;
    };
    // Punctuation in between ("Chloe Green. Marsh said") ends the other name.
    if !text[..start]
        .strip_suffix(' ')
        .and_then(|b| b.chars().next_back())
        .is_some_and(char::is_alphanumeric)
    {
        return false;
    }
    if !is_capitalised(prev) || is_all_caps(prev) && prev.chars().count() > 1 {
        return false;
    }
    let lower = prev.to_lowercase();
    if SENTENCE_WORDS.contains(&lower.as_str()) {
        return false;
    }
    // "Yesterday Hall said": a capitalised word at a sentence start is weak evidence.
    if is_sentence_start(text, prev_start) && lower.len() > 2 && lower.ends_with("day") {
        return false;
    }
    true
}

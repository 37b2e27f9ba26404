//! `candidate-quoted`: quoted words attributed to a candidate.
//!
//! Quotations are found in the text (straight or curly double quotes, after
//! normalisation; British single quotes when they clearly open and close a
//! quotation; block quotes; a quote running over several paragraphs, each
//! opening with a quote mark). A quotation is attributed when a person
//! mention and an attribution verb sit right after it ("…," said Cllr
//! Smith), or right before it (Cllr Smith said: "…"), or when it follows a
//! heading that is the speaker's name. Officers are not person mentions, so
//! their quotes are never flagged; councillors known not to stand are not
//! candidates.

use std::ops::Range;

use super::words::{is_capitalised, sentence_at, starting_in};
use super::{Context, Detection, PersonMention, RuleId};
use crate::extract::Scope;
use crate::scan::Meaning;

/// A quotation in the extracted text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quotation {
    /// From the opening mark (or block start) to after the closing mark.
    pub range: Range<usize>,
}

/// The marks a signature under a quotation starts with ("— Cllr Smith").
const SIGNATURE_DASHES: [char; 4] = ['—', '–', '-', '~'];

/// Can a quotation open after this character?
fn opens_after(prev: Option<char>) -> bool {
    prev.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '—' | '–' | '-' | ':' | '/'))
}

/// Finds quotations: double quotes, clear single-quote quotations, and
/// block quotes.
pub fn find_quotations(ctx: &Context) -> Vec<Quotation> {
    let text = ctx.text();
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut single_open: Option<usize> = None;
    // Only quote marks and paragraph breaks matter: jump between them.
    let bytes = text.as_bytes();
    let prev_char = |i: usize| text[..i].chars().next_back();
    let mut from = 0;
    while let Some(found) = memchr::memchr3(b'"', b'\'', b'\n', &bytes[from..]) {
        let i = from + found;
        from = i + 1;
        let prev = prev_char(i);
        match bytes[i] {
            b'"' => {
                if let Some(start) = open {
                    out.push(Quotation {
                        range: start..i + 1,
                    });
                    open = None;
                } else if opens_after(prev) {
                    open = Some(i);
                }
            }
            b'\'' if open.is_none() => {
                let next = text[i + 1..].chars().next();
                if single_open.is_none()
                    && opens_after(prev)
                    && next.is_some_and(char::is_uppercase)
                {
                    single_open = Some(i);
                } else if let Some(start) = single_open
                    && prev.is_some_and(|p| matches!(p, ',' | '.' | '!' | '?'))
                    && next.is_none_or(|n| !n.is_alphanumeric())
                {
                    out.push(Quotation {
                        range: start..i + 1,
                    });
                    single_open = None;
                } else if single_open.is_none()
                    && opens_after(prev)
                    && next.is_some_and(char::is_lowercase)
                    && let Some(end) = partial_single_quote(text, i)
                {
                    out.push(Quotation { range: i..end });
                    from = end;
                }
            }
            // A segment ends. An open quotation continues only if the next
            // paragraph opens with a quote mark (British style).
            b'\n' if text[i..].starts_with("\n\n") => {
                if let Some(start) = open {
                    if text[i + 2..].starts_with('"') {
                        // Skip the second break and the continuation mark.
                        from = i + 3;
                        continue;
                    }
                    out.push(Quotation { range: start..i });
                    open = None;
                }
                single_open = None;
            }
            _ => {}
        }
    }
    if let Some(start) = open {
        out.push(Quotation {
            range: start..text.len(),
        });
    }
    // Block quotes without quote marks are quotations as a whole. One
    // signed inside itself ("> — Cllr Smith") ends before its signature,
    // which is then read as it is under a block quote (`speaker_after`).
    let segments = &ctx.extracted.segments;
    let signature = |k: usize| {
        segments.get(k).is_some_and(|s| {
            s.scope == Scope::BlockQuote
                && text[s.range.clone()]
                    .trim_start()
                    .starts_with(SIGNATURE_DASHES)
        })
    };
    let mut k = 0;
    while k < segments.len() {
        if segments[k].scope == Scope::BlockQuote && !signature(k) {
            let start = segments[k].range.start;
            let mut end = segments[k].range.end;
            while k + 1 < segments.len()
                && segments[k + 1].scope == Scope::BlockQuote
                && !signature(k + 1)
            {
                k += 1;
                end = segments[k].range.end;
            }
            if !out
                .iter()
                .any(|q| q.range.start >= start && q.range.end <= end)
            {
                out.push(Quotation { range: start..end });
            }
        }
        k += 1;
    }
    out.sort_by_key(|q| q.range.start);
    out
}

/// Words an apostrophe opens without opening a quotation ("'til", "rock
/// 'n' roll").
const ELIDED_WORDS: &[&str] = &["til", "em", "cause", "n", "tis", "twas", "bout", "round"];

/// A partial quotation in single quotes, opening in lower case at `open`
/// ("the service was 'long overdue'."): a dozen words at most, closed on
/// the same line by a quote mark after a letter or a stop and before a
/// space or punctuation. The offset after the closing mark.
fn partial_single_quote(text: &str, open: usize) -> Option<usize> {
    let rest = &text[open + 1..];
    let first = rest.split(|c: char| !c.is_alphabetic()).next()?;
    if ELIDED_WORDS.contains(&first) {
        return None;
    }
    for (j, c) in rest.char_indices() {
        if j > 120 || matches!(c, '\n' | '"') {
            return None;
        }
        if c != '\'' {
            continue;
        }
        let before = rest[..j].chars().next_back();
        let after = rest[j + 1..].chars().next();
        if before.is_some_and(|b| b.is_alphabetic() || matches!(b, ',' | '.' | '!' | '?'))
            && after.is_none_or(|a| !a.is_alphanumeric())
        {
            return (rest[..j].split_whitespace().count() <= 12).then_some(open + 1 + j + 1);
        }
    }
    None
}

/// The person mentions (sorted by start) that start in `from..to`.
fn persons_in(persons: &[PersonMention], from: usize, to: usize) -> &[PersonMention] {
    let a = persons.partition_point(|p| p.range.start < from);
    let b = persons.partition_point(|p| p.range.start < to).max(a);
    &persons[a..b]
}

/// Words between two places (a rough count for "close by").
fn words_between(text: &str, a: usize, b: usize) -> usize {
    if b <= a {
        return 0;
    }
    text[a..b]
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Finds quotations attributed to candidates.
pub fn check(ctx: &mut Context) {
    // Quotations matter only with someone to attribute them to: a person
    // here, or a party group for attributed-views.
    if !ctx.names_anyone() {
        return;
    }
    let text = ctx.text();
    let quotes = find_quotations(ctx);
    // One pass over the hits for verbs and phrases of attribution.
    let (mut verbs, mut phrases) = (Vec::new(), Vec::new());
    for (i, hit) in ctx.hits.iter().enumerate() {
        for m in ctx.meanings(i) {
            match m {
                Meaning::AttributionVerb => verbs.push(hit.start..hit.end),
                Meaning::AttributionPhrase => phrases.push(hit.start..hit.end),
                _ => {}
            }
        }
    }
    let persons = ctx.persons.clone();
    ctx.quotations = quotes.iter().map(|q| q.range.clone()).collect();
    message_headings(ctx, &persons);
    for q in quotes {
        let Some((speaker, span)) = speaker_after(text, &q, &persons, &verbs)
            .or_else(|| speaker_before(ctx, &q, &persons, &verbs, &phrases))
            .or_else(|| speaker_heading(ctx, &q, &persons))
        else {
            continue;
        };
        let Some(c) = speaker.as_candidate(ctx.people) else {
            continue;
        };
        let mut d = Detection::new(
            RuleId::CandidateQuoted,
            span,
            format!("Quote attributed to candidate {}", c.description),
        )
        .about(&c);
        d.claims = vec![speaker.range.clone()];
        ctx.report(d);
    }
}

/// "…," said Cllr Smith / "…," Cllr Smith said / "…" – Cllr Jane Smith.
fn speaker_after(
    text: &str,
    q: &Quotation,
    persons: &[PersonMention],
    verbs: &[Range<usize>],
) -> Option<(PersonMention, Range<usize>)> {
    let from = q.range.end;
    // The attribution is in the rest of the sentence (or the next line for
    // a block quote signed "— Name").
    let mut window_end = sentence_at(text, from.min(text.len().saturating_sub(1)))
        .end
        .max(from);
    if text[from..].starts_with("\n\n") {
        let next = from + 2;
        let signed = text[next..].trim_start_matches([' ']);
        if signed.starts_with(SIGNATURE_DASHES) {
            window_end = sentence_at(text, next).end;
        } else {
            return None;
        }
    }
    window_end = window_end.min(from + 200);
    let person = persons_in(persons, from, window_end).first()?;
    // Nothing but a few words between the quote and the speaker.
    if words_between(text, from, person.range.start) > 3 {
        return None;
    }
    let dash_signed = text[from..person.range.start]
        .trim()
        .trim_start_matches(',')
        .trim()
        .starts_with(SIGNATURE_DASHES);
    let verb_before = starting_in(verbs, from, person.range.start)
        .iter()
        .any(|v| v.end <= person.range.start);
    let verb_after = starting_in(verbs, person.range.end, window_end)
        .iter()
        .any(|v| {
            words_between(text, person.range.end, v.start) == 0
                || text[person.range.end..v.start]
                    .trim_start()
                    .starts_with(',')
        });
    if dash_signed {
        // A block quote signed "— Cllr Smith": the finding is at the signature.
        Some((person.clone(), person.range.clone()))
    } else if verb_before || verb_after {
        Some((person.clone(), q.range.start..person.range.end))
    } else {
        None
    }
}

/// Cllr Smith said: "…" / According to Cllr Smith, "…" / Cllr Smith,
/// Leader of the Council, said "…".
fn speaker_before(
    ctx: &Context,
    q: &Quotation,
    persons: &[PersonMention],
    verbs: &[Range<usize>],
    phrases: &[Range<usize>],
) -> Option<(PersonMention, Range<usize>)> {
    let text = ctx.text();
    let open = q.range.start;
    // The lead: this sentence up to the quote; for a quote opening a
    // paragraph, the previous paragraph when it ends with a colon.
    let mut lead = sentence_at(text, open).start..open;
    if text[lead.clone()].trim().is_empty() {
        let before = text[..open].trim_end();
        if before.ends_with(':') {
            let end = before.len();
            lead = sentence_at(text, end.saturating_sub(1)).start..end;
        } else {
            return None;
        }
    }
    let lead_text = text[lead.clone()].trim_end();
    let lead_end = lead.start + lead_text.len();
    let ends_well = lead_text.ends_with([':', ','])
        || lead_text.ends_with(" that")
        || starting_in(verbs, lead.start, lead_end)
            .iter()
            .any(|v| v.end == lead_end);
    // Reported speech with a partial quote: "Green said the compound would
    // be "kept as small as possible"" needs the speaker and verb together.
    let reported = persons_in(persons, lead.start, lead_end).iter().any(|p| {
        p.range.end <= lead_end && !starting_in(verbs, p.range.end + 1, p.range.end + 2).is_empty()
    });
    if !ends_well && !reported {
        return None;
    }
    // The speaker: the last person mentioned in the lead.
    let person = persons_in(persons, lead.start, lead_end)
        .iter()
        .rfind(|p| p.range.end <= lead_end)?;
    let verb_after = starting_in(verbs, person.range.end, lead_end)
        .iter()
        .any(|v| {
            v.end <= lead_end
                && (words_between(text, person.range.end, v.start) <= 1
                    || text[person.range.end..v.start]
                        .trim_start()
                        .starts_with(','))
        });
    let phrase_before = starting_in(phrases, lead.start, person.range.start)
        .iter()
        .any(|ph| {
            ph.end <= person.range.start && words_between(text, ph.end, person.range.start) == 0
        });
    let verb_before = starting_in(verbs, lead.start, person.range.start)
        .iter()
        .any(|v| {
            v.end <= person.range.start
                && words_between(text, v.end, person.range.start) <= 1
                && text[person.range.end..lead_end]
                    .trim()
                    .trim_end_matches([':', ','])
                    .is_empty()
        });
    if verb_after || phrase_before || verb_before {
        Some((person.clone(), person.range.start..q.range.end))
    } else {
        None
    }
}

/// A quotation right under a heading that is the speaker's name.
fn speaker_heading(
    ctx: &Context,
    q: &Quotation,
    persons: &[PersonMention],
) -> Option<(PersonMention, Range<usize>)> {
    let text = ctx.text();
    let segments = &ctx.extracted.segments;
    let idx = segments.partition_point(|s| s.range.end < q.range.start);
    segments.get(idx)?;
    // The quotation must open its paragraph.
    if segments[idx].range.start != q.range.start {
        return None;
    }
    let heading = segments.get(idx.checked_sub(1)?)?;
    if heading.scope != Scope::Heading {
        return None;
    }
    let person = persons_in(persons, heading.range.start, heading.range.end)
        .iter()
        .find(|p| p.range.end <= heading.range.end)?;
    // The heading is the name, perhaps with a role after it.
    let before = &text[heading.range.start..person.range.start];
    if !before.trim().is_empty() && !before.split_whitespace().all(is_capitalised) {
        return None;
    }
    Some((person.clone(), person.range.start..q.range.end))
}

/// Words in a heading that introduce a piece written by the person named:
/// "A message from the Leader of the Council", "Cllr Smith writes".
const BYLINE_WORDS: &[&str] = &[
    "message from",
    "a word from",
    "letter from",
    "column by",
    "writes",
    "blog",
    "foreword",
    "welcome from",
    "introduction from",
    "update from",
    "neges gan",
];

/// A heading introducing a candidate's own words: the piece under it is
/// theirs, quote marks or not.
fn message_headings(ctx: &mut Context, persons: &[PersonMention]) {
    let text = ctx.text();
    let headings: Vec<Range<usize>> = ctx
        .extracted
        .segments
        .iter()
        // Headings, and in plain text short lines that read as headings.
        .filter(|s| {
            matches!(s.scope, Scope::Heading | Scope::Title)
                || s.range.len() < 100 && !text[s.range.clone()].ends_with(['.', ',', ';'])
        })
        .map(|s| s.range.clone())
        .collect();
    for h in headings {
        // The person first: a look-up, where the byline words need a copy.
        let Some(speaker) = persons_in(persons, h.start, h.end)
            .iter()
            .find(|p| p.range.end <= h.end)
        else {
            continue;
        };
        let lower = text[h.clone()].to_lowercase();
        if !BYLINE_WORDS.iter().any(|w| lower.contains(w)) {
            continue;
        }
        let Some(c) = speaker.as_candidate(ctx.people) else {
            continue;
        };
        let mut d = Detection::new(
            RuleId::CandidateQuoted,
            speaker.range.clone(),
            format!(
                "A message written in the name of candidate {}",
                c.description
            ),
        )
        .about(&c);
        d.claims = vec![speaker.range.clone()];
        ctx.report(d);
    }
}

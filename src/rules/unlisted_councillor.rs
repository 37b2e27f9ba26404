//! `unlisted-councillor`: a councillor or politician named who is not on the
//! candidate list and not known to be standing down. The LGA advises against
//! naming politicians at all in the period, and an unlisted councillor may
//! simply be a candidate the list does not have yet.

use super::words::{is_capitalised, next_word, prev_word};
use super::{Context, Detection, PersonMention, RuleId};
use crate::scan::Meaning;

/// Capitalised words that follow "Councillor" without being a name
/// ("Councillor Surgeries", "Councillor Code of Conduct").
const NOT_NAMES: &[&str] = &[
    "allowance",
    "allowances",
    "attendance",
    "briefing",
    "briefings",
    "budget",
    "call",
    "calls",
    "casework",
    "code",
    "conduct",
    "contact",
    "contacts",
    "declarations",
    "details",
    "development",
    "enquiries",
    "enquiry",
    "election",
    "elections",
    "expenses",
    "fund",
    "funding",
    "grant",
    "grants",
    "group",
    "groups",
    "guide",
    "guidance",
    "hub",
    "induction",
    "information",
    "interests",
    "meeting",
    "meetings",
    "newsletter",
    "panel",
    "portal",
    "profile",
    "profiles",
    "question",
    "questions",
    "register",
    "remuneration",
    "report",
    "reports",
    "role",
    "roles",
    "scheme",
    "services",
    "support",
    "surgeries",
    "surgery",
    "training",
    "update",
    "updates",
    "vacancies",
    "vacancy",
    "ward",
    "wards",
    "and",
    "for",
    "the",
    "of",
    "in",
    "on",
    "at",
    "to",
];

/// Words that may sit inside a name in lower case ("Ann de Souza").
const PARTICLES: &[&str] = &[
    "de", "van", "von", "der", "da", "di", "du", "le", "la", "bin", "al",
];

/// How a politician was named, for the message.
enum Named {
    /// "Cllr Alan Wright", "Alan Wright, councillor for ..."
    Councillor,
    /// "Jo Bloggs MP": the suffix.
    Member(String),
    /// "the MP for Wexbridge": the seat, not the name.
    Seat,
}

/// Finds named councillors and politicians who are not listed candidates,
/// records each as a person mention (those known not to stand too: their
/// views and events still matter to other rules), and reports those not
/// known to be standing down.
pub fn check(ctx: &mut Context) {
    let text = ctx.text();
    let mut found: Vec<(String, std::ops::Range<usize>, Named)> = Vec::new();
    for i in 0..ctx.hits.len() {
        let hit = ctx.hits[i];
        let title = &text[hit.start..hit.end];
        let is_councillor_title = ctx.hit_is(i, |m| matches!(m, Meaning::CouncillorTitle));
        let plural = title.ends_with("lors") || title.ends_with("llrs") || title.ends_with("wyr");
        if is_councillor_title && title.chars().next().is_some_and(char::is_lowercase) {
            // "Alan Wright, councillor for Castle ward": the name comes first.
            if !plural
                && let Some(before) = text[..hit.start].strip_suffix(", ")
                && let Some((name, start)) = name_before(text, before.len())
            {
                found.push((name, start..hit.end, Named::Councillor));
            }
        } else if is_councillor_title && plural {
            // "Councillors Ann Lee (Chair), Bob Hunt and Cy Fox": each name.
            for (name, range) in name_list_after(text, hit.end) {
                found.push((name, range, Named::Councillor));
            }
        } else if is_councillor_title {
            // A listed person right after the title is candidate-named's business.
            if i + 1 < ctx.hits.len()
                && ctx.hits[i + 1].start == hit.end + 1
                && ctx.hit_is(i + 1, |m| matches!(m, Meaning::Name { .. }))
            {
                continue;
            }
            // Or another title ("Cllr Dr Alan Wright"): read the name after it.
            let mut name_from = hit.end;
            let mut j = i + 1;
            while j < ctx.hits.len()
                && ctx.hits[j].start == name_from + 1
                && ctx.hit_is(j, |m| matches!(m, Meaning::PersonalTitle))
            {
                name_from = ctx.hits[j].end;
                j += 1;
            }
            if let Some((name, end)) = name_after(text, name_from) {
                found.push((name, hit.start..end, Named::Councillor));
            }
        } else if ctx.hit_is(i, |m| matches!(m, Meaning::MemberSuffix))
            && ctx
                .lexicon
                .titles
                .member_suffixes
                .iter()
                .any(|s| s == title)
        {
            if let Some((name, start)) = name_before(text, hit.start) {
                found.push((name, start..hit.end, Named::Member(title.to_string())));
            } else if ctx.facts.parliamentary
                && title == "MP"
                && let Some((name, end)) = name_after(text, hit.end)
            {
                // "the local MP Sam Lowe".
                found.push((name, hit.start..end, Named::Member(title.to_string())));
            } else if ctx.facts.parliamentary
                && title == "MP"
                && super::words::tail(text, hit.start, 4).eq_ignore_ascii_case("the ")
                && text[hit.end..].starts_with(" for ")
                && let Some((place, end)) = seat_after(text, hit.end + 4)
            {
                // "the MP for Wexbridge and Marlow" identifies the sitting MP.
                let start = hit.start - 4;
                // "Helen Cartwright MP, the MP for Marlow North": one person.
                match found.last_mut() {
                    Some((_, range, Named::Member(_))) if range.end + 2 == start => {
                        range.end = end;
                    }
                    _ => found.push((format!("the MP for {place}"), start..end, Named::Seat)),
                }
            }
        }
    }
    for (name, range, named) in found {
        if ctx.people.is_listed(&name) {
            continue;
        }
        let not_standing = ctx.people.is_not_standing(&name);
        ctx.persons.push(PersonMention {
            range: range.clone(),
            name: name.clone(),
            candidate: None,
            not_standing,
            sitting_mp: ctx.facts.parliamentary && matches!(&named, Named::Member(s) if s == "MP")
                || matches!(named, Named::Seat),
        });
        if not_standing {
            continue;
        }
        let detection = match named {
            // In a general election every sitting MP is a prospective candidate.
            Named::Member(suffix) if suffix == "MP" && ctx.facts.parliamentary => Detection::new(
                RuleId::CandidateNamed,
                range,
                format!(
                    "{name} MP is named: in a general election every sitting MP is a prospective candidate"
                ),
            ),
            Named::Member(suffix) => Detection::new(
                RuleId::UnlistedCouncillor,
                range,
                format!("{name} {suffix} is named but is not on the candidate list"),
            ),
            Named::Seat => Detection::new(
                RuleId::CandidateNamed,
                range,
                format!(
                    "The sitting MP is identified (\"{name}\"): in a general election the sitting MP is a prospective candidate"
                ),
            ),
            Named::Councillor => Detection::new(
                RuleId::UnlistedCouncillor,
                range,
                format!("Councillor {name} is named but is not on the candidate list"),
            ),
        };
        ctx.report(detection);
    }
    ctx.persons.sort_by_key(|p| p.range.start);
}

fn is_name_token(word: &str) -> bool {
    is_capitalised(word) && !NOT_NAMES.contains(&word.to_lowercase().as_str())
}

/// Reads a personal name after `pos` ("Alan Wright", "J. Wright", "Ann de
/// Souza"): the name and the offset after it.
fn name_after(text: &str, pos: usize) -> Option<(String, usize)> {
    let mut tokens: Vec<&str> = Vec::new();
    let mut end = pos;
    let mut cursor = pos;
    while tokens.len() < 4 {
        if !text[cursor..].starts_with(' ') {
            break;
        }
        let Some((start, word)) = next_word(text, cursor) else {
            break;
        };
        let particle = PARTICLES.contains(&word);
        if !(is_name_token(word) || particle && !tokens.is_empty()) {
            break;
        }
        tokens.push(word);
        cursor = start + word.len();
        // Keep an initial's full stop inside the name ("J. Wright").
        if word.chars().count() == 1 && text[cursor..].starts_with('.') {
            cursor += 1;
        }
        if !particle {
            end = cursor;
        }
    }
    while tokens.last().is_some_and(|t| PARTICLES.contains(t)) {
        tokens.pop();
    }
    if tokens.is_empty() {
        return None;
    }
    Some((tokens.join(" "), end))
}

/// Reads a list of names after a plural title: "Ann Lee (Chair), Bob Hunt
/// and Cy Fox". Each name with its range.
fn name_list_after(text: &str, pos: usize) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut cursor = pos;
    while out.len() < 30 {
        let start = cursor + 1;
        let Some((name, end)) = name_after(text, cursor) else {
            break;
        };
        out.push((name, start..end));
        cursor = end;
        // An aside in brackets: "(Chair)".
        if let Some(rest) = text[cursor..].strip_prefix(" (")
            && let Some(close) = rest.find(')')
            && close < 40
        {
            cursor += 2 + close + 1;
        }
        let rest = &text[cursor..];
        let sep = [", and ", " and ", ", ", " & "]
            .iter()
            .find(|s| rest.starts_with(*s))
            .map(|s| s.len());
        match sep {
            // Leave the cursor on the space before the next name.
            Some(len) => cursor += len - 1,
            None => break,
        }
    }
    out
}

/// Reads a constituency name after `pos` ("Wexbridge and Marlow",
/// "Stratford-on-Avon", "Richmond upon Thames").
fn seat_after(text: &str, pos: usize) -> Option<(String, usize)> {
    const JOINS: &[&str] = &["and", "&", "upon", "on", "the", "of", "under", "in"];
    let mut words: Vec<&str> = Vec::new();
    let mut end = pos;
    let mut cursor = pos;
    while words.len() < 8 && text[cursor..].starts_with(' ') {
        let Some((start, word)) = next_word(text, cursor) else {
            break;
        };
        let join = JOINS.contains(&word);
        if !(is_capitalised(word) || join && !words.is_empty()) {
            break;
        }
        words.push(word);
        cursor = start + word.len();
        if !join {
            end = cursor;
        }
    }
    while words.last().is_some_and(|w| JOINS.contains(w)) {
        words.pop();
    }
    (!words.is_empty()).then(|| (words.join(" "), end))
}

/// Reads a personal name before `pos` ("Jo Bloggs" in "Jo Bloggs MP"): the
/// name and its start.
fn name_before(text: &str, pos: usize) -> Option<(String, usize)> {
    let mut tokens: Vec<&str> = Vec::new();
    let mut start = pos;
    while tokens.len() < 3 {
        // Words are separated by one space; the last may end right at `pos`.
        let ends_word = text[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        if !(text[..start].ends_with(' ') || tokens.is_empty() && ends_word) {
            break;
        }
        let Some((s, word)) = prev_word(text, start) else {
            break;
        };
        if !is_name_token(word) || word.to_lowercase() == "the" {
            break;
        }
        tokens.insert(0, word);
        start = s;
    }
    if tokens.is_empty() {
        return None;
    }
    Some((tokens.join(" "), start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names() {
        let t = "Cllr Alan Wright, and Councillor J. Wright said; Cllr Ann de Souza. Councillor surgeries";
        assert_eq!(name_after(t, 4), Some(("Alan Wright".into(), 16)));
        let c = t.find("Councillor J").unwrap() + 10;
        assert_eq!(name_after(t, c).unwrap().0, "J Wright");
        let c = t.find("Cllr Ann").unwrap() + 4;
        assert_eq!(name_after(t, c).unwrap().0, "Ann de Souza");
        let c = t.rfind("Councillor").unwrap() + 10;
        assert_eq!(name_after(t, c), None);
        let t = "said Jo Bloggs MP today";
        assert_eq!(
            name_before(t, t.find("MP").unwrap()),
            Some(("Jo Bloggs".into(), 5))
        );
    }
}

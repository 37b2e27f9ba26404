//! `candidate-event`: a proactive event involving a candidate or a member
//! who may stand (a councillor not known to be standing down): openings,
//! launches, visits, photo calls. The event word must be in the same
//! sentence, close to the person's name.

use super::words::{sentence_at, starting_in};
use super::{Context, Detection, RuleId};
use crate::scan::Meaning;

/// How far (in bytes) an event word may be from the name.
const NEAR: usize = 80;

/// Finds events with candidates.
pub fn check(ctx: &mut Context) {
    if ctx.persons.is_empty() {
        return;
    }
    let text = ctx.text();
    let events: Vec<(usize, usize)> = (0..ctx.hits.len())
        .filter(|&i| ctx.hit_is(i, |m| matches!(m, Meaning::Event)))
        .map(|i| (ctx.hits[i].start, ctx.hits[i].end))
        .collect();
    // Event words inside a quotation are the speaker's words, not an event
    // the person outside it attends.
    let quoted = |pos: usize| {
        starting_in(&ctx.quotations, pos.saturating_sub(100_000), pos + 1)
            .iter()
            .rev()
            .take(4)
            .any(|q| q.contains(&pos))
    };
    let events: Vec<std::ops::Range<usize>> = events
        .into_iter()
        .filter(|&(s, _)| !quoted(s))
        .map(|(s, e)| s..e)
        .collect();
    let persons = ctx.persons.clone();
    for person in persons {
        if person.not_standing {
            continue;
        }
        let sentence = sentence_at(text, person.range.start);
        let window = starting_in(
            &events,
            person.range.start.saturating_sub(NEAR + 100),
            person.range.end + NEAR + 1,
        );
        let near = window.iter().any(|r| {
            let (s, e) = (r.start, r.end);
            sentence.start <= s
                && e <= sentence.end
                && (s >= person.range.end && s - person.range.end <= NEAR
                    || e <= person.range.start && person.range.start - e <= NEAR)
        });
        if !(near || scheduled_with(text, &sentence, person.range.start)) {
            continue;
        }
        let mut d = match person.as_candidate(ctx.people) {
            Some(c) => Detection::new(
                RuleId::CandidateEvent,
                person.range.clone(),
                format!("Event involving candidate {}", c.description),
            )
            .about(&c),
            // Councillors not on the list are unlisted-councillor's business;
            // their events are still reported under that rule.
            None => continue,
        };
        d.claims = vec![person.range.clone()];
        ctx.report(d);
    }
}

/// "Tuesday 27 April, 6pm, with Cllr Tom Patel": an appointment with the
/// person, dated or timed, is an event even without an event word.
fn scheduled_with(text: &str, sentence: &std::ops::Range<usize>, person: usize) -> bool {
    if !text[sentence.start..person].trim_end().ends_with(" with") {
        return false;
    }
    let s = text[sentence.clone()].to_lowercase();
    const DAYS: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let timed = s.match_indices(['a', 'p']).any(|(i, _)| {
        s[i..].starts_with("am") || s[i..].starts_with("pm")
    } && s[..i].chars().next_back().is_some_and(|c| c.is_ascii_digit()));
    timed || DAYS.iter().any(|d| s.contains(d))
}

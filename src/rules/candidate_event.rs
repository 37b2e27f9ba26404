//! `candidate-event`: a proactive event involving a candidate or a member
//! who may stand (a councillor not known to be standing down): openings,
//! launches, visits, photo calls. The event word must be in the same
//! sentence, close to the person's name.

use super::words::sentence_at;
use super::{Context, Detection, RuleId};
use crate::scan::Meaning;

/// How far (in bytes) an event word may be from the name.
const NEAR: usize = 80;

/// Finds events with candidates.
pub fn check(ctx: &mut Context) {
    let text = ctx.text();
    let events: Vec<(usize, usize)> = (0..ctx.hits.len())
        .filter(|&i| ctx.hit_is(i, |m| matches!(m, Meaning::Event)))
        .map(|i| (ctx.hits[i].start, ctx.hits[i].end))
        .collect();
    let persons = ctx.persons.clone();
    for person in persons {
        if person.not_standing {
            continue;
        }
        let sentence = sentence_at(text, person.range.start);
        let near = events.iter().any(|&(s, e)| {
            sentence.start <= s
                && e <= sentence.end
                && (s >= person.range.end && s - person.range.end <= NEAR
                    || e <= person.range.start && person.range.start - e <= NEAR)
        });
        if !near {
            continue;
        }
        let mut d = match person.candidate {
            Some(idx) => {
                let p = &ctx.people.persons[idx as usize];
                let mut d = Detection::new(
                    RuleId::CandidateEvent,
                    person.range.clone(),
                    format!("Event involving candidate {}", p.candidate.describe()),
                );
                d.candidate = Some(p.name().to_string());
                d.party = p.candidate.party.clone();
                d
            }
            None => Detection::new(
                RuleId::CandidateEvent,
                person.range.clone(),
                format!(
                    "Event involving {}, a councillor who may be standing (not on the candidate list)",
                    person.name
                ),
            ),
        };
        d.claims = vec![person.range.clone()];
        ctx.report(d);
    }
}

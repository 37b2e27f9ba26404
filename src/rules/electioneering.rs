//! `electioneering`: campaigning language. Electoral-services phrases
//! ("register to vote", "you can vote for up to three candidates") are
//! longer patterns in the same scan and win, so they are never flagged.
//! "vote for" and "elect" count only when what follows is someone to vote
//! for, not "your favourite design".

use super::words::{is_capitalised, next_word};
use super::{Context, Detection, RuleId};
use crate::scan::Meaning;

/// What may follow "vote for" / "elect" in a campaign.
const VOTE_OBJECTS: &[&str] = &[
    "us",
    "me",
    "him",
    "her",
    "them",
    "change",
    "our",
    "the team",
    "real",
    "a better",
    "a brighter",
    "a fairer",
    "your local",
    "your councillor",
    "your candidate",
    "the party",
    "the candidate who",
];

/// Finds campaigning language.
pub fn check(ctx: &mut Context) {
    let text = ctx.text();
    for i in 0..ctx.hits.len() {
        if !ctx.hit_is(i, |m| matches!(m, Meaning::Campaign))
            || ctx.hit_is(i, |m| matches!(m, Meaning::ElectoralService))
        {
            continue;
        }
        let hit = ctx.hits[i];
        let words = &text[hit.start..hit.end];
        let lower = words.to_lowercase();
        if lower == "vote for" || lower == "elect" {
            let rest = text[hit.end..].trim_start().to_lowercase();
            let object = next_word(text, hit.end).map(|(_, w)| w).unwrap_or("");
            let campaigning = is_capitalised(object)
                || VOTE_OBJECTS.iter().any(|o| {
                    rest.starts_with(o)
                        && rest[o.len()..]
                            .chars()
                            .next()
                            .is_none_or(|c| !c.is_alphanumeric())
                });
            if !campaigning {
                continue;
            }
        }
        ctx.report(Detection::new(
            RuleId::Electioneering,
            hit.start..hit.end,
            format!("Campaigning language: \"{words}\""),
        ));
    }
}

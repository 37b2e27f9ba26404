//! `electioneering`: campaigning language. Electoral-services phrases
//! ("register to vote", "you can vote for up to three candidates") are
//! longer patterns in the same scan and win, so they are never flagged.
//! "vote for" and "elect" count only when what follows is someone to vote
//! for, not "your favourite design".

use super::words::{is_capitalised, next_word};
use super::{Context, Detection, RuleId};
use crate::scan::Meaning;

/// What may follow "elect" in a campaign ("elect your local team").
const ELECT_OBJECTS: &[&str] = &[
    "us",
    "me",
    "him",
    "her",
    "them",
    "our",
    "the team",
    "your local",
    "your councillor",
    "your candidate",
    "a team",
    "a party",
];

/// What follows "vote for" in a council's own polls and competitions.
const NEUTRAL_VOTES: &[&str] = &[
    "your favourite",
    "your favourites",
    "the best",
    "the winner",
    "the winning",
    "a name",
    "the name",
    "your top",
    "one of",
    "the design",
    "the designs",
    "a design",
    "the shortlisted",
    "the entries",
    "an entry",
    "the photo",
    "the photos",
    "your preferred",
    "your choice",
    "which",
    "their favourite",
    "the people's choice",
    "a winner",
];

fn starts_with_phrase(rest: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|o| {
        rest.starts_with(o)
            && rest[o.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
    })
}

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
        let rest = super::words::head(text, hit.end, 80)
            .trim_start()
            .to_lowercase();
        // "vote for your favourite design" is a council poll, not a campaign.
        if lower.starts_with("vote for") && starts_with_phrase(&rest, NEUTRAL_VOTES) {
            continue;
        }
        // "elect" is campaigning only before someone to elect ("residents
        // who elect to pay by direct debit" are choosing).
        if lower == "elect" {
            let object = next_word(text, hit.end).map(|(_, w)| w).unwrap_or("");
            if !(is_capitalised(object) || starts_with_phrase(&rest, ELECT_OBJECTS)) {
                continue;
            }
        }
        let mut d = Detection::new(
            RuleId::Electioneering,
            hit.start..hit.end,
            format!("Campaigning language: \"{words}\""),
        );
        // "Vote Green": the party is a mention of its own (`party_identified`),
        // as a name after "re-elect" is; the phrase claims only "Vote".
        if party_voted_for(words).is_some() {
            d.claims.push(hit.start..hit.start + "vote".len());
        }
        ctx.report(d);
    }
}

/// The party in a campaign phrase "vote X" when it is written as a name
/// ("Vote Green", "vote Lib Dem"), not as an ordinary word ("vote green").
pub(super) fn party_voted_for(phrase: &str) -> Option<&str> {
    let (vote, party) = phrase.split_at_checked("vote ".len())?;
    (vote.eq_ignore_ascii_case("vote ") && is_capitalised(party)).then_some(party)
}

//! `council-newsletter`: the document is a council newspaper, newsletter or
//! magazine, published during a local election. Known from its kind (front
//! matter `kind`, `--kind newsletter`) or its masthead (a title or first
//! heading naming a newsletter or magazine). One finding, at the start of
//! the file.

use super::{Context, Detection, RuleId};
use crate::extract::Scope;

/// Words that make a masthead.
const MASTHEAD_WORDS: &[&str] = &[
    "newsletter",
    "e-newsletter",
    "magazine",
    "newspaper",
    "residents' magazine",
    "council news",
    "cylchlythyr",
    "cylchgrawn",
];

/// Words that make a mention of a newsletter an invitation, not a masthead.
const SIGN_UP_WORDS: &[&str] = &[
    "sign up",
    "sign-up",
    "subscribe",
    "register for",
    "get our",
    "receive our",
    "join our",
];

/// Flags a council newsletter in a local election.
pub fn check(ctx: &mut Context) {
    if !ctx.facts.local_election {
        return;
    }
    let text = ctx.text();
    let by_kind = ctx.facts.kind == "newsletter";
    // The masthead: the document's title, first heading or first line
    // names the publication as a newsletter ("Wexbridge Matters - the
    // council's newsletter for residents"), not an invitation to one.
    // On a web page the masthead may come after the site's navigation: the
    // two segments right before the first heading count too ("Wexbridge
    // Matters", "The council magazine for every home", then the issue's
    // first headline).
    let segments = &ctx.extracted.segments;
    let first_heading = segments
        .iter()
        .take(80)
        .position(|s| s.scope == Scope::Heading)
        .unwrap_or(0);
    let before_heading = segments
        .get(first_heading.saturating_sub(2).max(3)..first_heading)
        .unwrap_or_default();
    let masthead = segments.iter().take(3).chain(before_heading).find(|s| {
        let lower = text[s.range.clone()].to_lowercase();
        s.range.len() < 160
            && MASTHEAD_WORDS.iter().any(|w| lower.contains(w))
            && !SIGN_UP_WORDS.iter().any(|w| lower.contains(w))
    });
    if !by_kind && masthead.is_none() {
        return;
    }
    let range = masthead.map(|s| s.range.clone()).unwrap_or(0..0);
    let mut d = Detection::new(
        RuleId::CouncilNewsletter,
        range,
        "This is a council newsletter or magazine: do not publish it during a local election period".to_string(),
    );
    // A finding about the whole document points at its first line.
    d.source = Some(0..0);
    ctx.report(d);
}

//! `controversial-issue`: a politically controversial topic, from the
//! built-in lexicon or the council's own list. A warning: whether a topic
//! is controversial here and now is the comms team's judgement.

use super::{Context, Detection, RuleId};
use crate::scan::Meaning;

/// Finds controversial topics.
pub fn check(ctx: &mut Context) {
    let text = ctx.text();
    for i in 0..ctx.hits.len() {
        let Some(topic) = ctx.meanings(i).iter().find_map(|m| match m {
            Meaning::Topic(t) => Some(*t),
            _ => None,
        }) else {
            continue;
        };
        let hit = ctx.hits[i];
        let matched = &text[hit.start..hit.end];
        // Abbreviations ("LTN", "CPO") only in capitals.
        let pattern = ctx.matcher.pattern(hit.pattern);
        let stem = pattern.trim_end_matches('s');
        if stem.len() <= 5
            && stem
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && matched.trim_end_matches('s') != stem
        {
            continue;
        }
        let start = hit.start;
        let name = &ctx.lexicon.topics[topic as usize].name;
        let words = &text[start..hit.end];
        let message = if words.eq_ignore_ascii_case(name) {
            format!("Politically controversial topic: {name}")
        } else {
            format!("Politically controversial topic: {name} (\"{words}\")")
        };
        ctx.report(Detection::new(
            RuleId::ControversialIssue,
            start..hit.end,
            message,
        ));
    }
}

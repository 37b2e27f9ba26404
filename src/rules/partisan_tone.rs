//! `partisan-tone`: self-congratulation and emotive claims ("record
//! investment", "flagship", "thanks to our hard-working councillors").

use super::{Context, Detection, RuleId};
use crate::scan::Meaning;

/// Finds partisan tone.
pub fn check(ctx: &mut Context) {
    let text = ctx.text();
    for i in 0..ctx.hits.len() {
        if !ctx.hit_is(i, |m| matches!(m, Meaning::Partisan)) {
            continue;
        }
        let hit = ctx.hits[i];
        let words = &text[hit.start..hit.end];
        ctx.report(Detection::new(
            RuleId::PartisanTone,
            hit.start..hit.end,
            format!("Not objective: \"{words}\" reads as self-congratulation"),
        ));
    }
}

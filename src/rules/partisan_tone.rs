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
        if words.eq_ignore_ascii_case("flagship") && names_a_shop(text, hit.end) {
            continue;
        }
        ctx.report(Detection::new(
            RuleId::PartisanTone,
            hit.start..hit.end,
            format!("Not objective: \"{words}\" reads as self-congratulation"),
        ));
    }
}

/// What a business calls its main outlet: "a flagship store" is a fact
/// about a shop, not a boast about a service.
const SHOP_WORDS: &[&str] = &[
    "store",
    "stores",
    "shop",
    "shops",
    "branch",
    "branches",
    "restaurant",
    "hotel",
    "outlet",
    "showroom",
    "boutique",
    "supermarket",
];

/// Is the word after `end` one that names a shop?
fn names_a_shop(text: &str, end: usize) -> bool {
    super::words::next_word(text, end)
        .is_some_and(|(_, w)| SHOP_WORDS.iter().any(|s| s.eq_ignore_ascii_case(w)))
}

//! `candidate-pictured`: an image of a candidate. A candidate named in an
//! image's alt text, title, caption or file name, or in a sentence that
//! introduces a photograph ("Pictured: ...", "(pictured)", "Photo: ...").

use super::words::{sentence_at, starting_in};
use super::{Context, Detection, RuleId};
use crate::extract::Scope;
use crate::scan::Meaning;

/// Finds pictured candidates.
pub fn check(ctx: &mut Context) {
    if ctx.persons.is_empty() {
        return;
    }
    let text = ctx.text();
    let cues: Vec<std::ops::Range<usize>> = (0..ctx.hits.len())
        .filter(|&i| ctx.hit_is(i, |m| matches!(m, Meaning::PictureCue)))
        .map(|i| ctx.hits[i].start..ctx.hits[i].end)
        .collect();
    let persons = ctx.persons.clone();
    for person in persons {
        let Some(c) = person.as_candidate(ctx.people) else {
            continue;
        };
        let scope = ctx
            .extracted
            .segment_at(person.range.start)
            .map(|s| s.scope);
        let in_image = matches!(
            scope,
            Some(Scope::ImageAlt | Scope::ImageFile | Scope::Caption)
        );
        let sentence = sentence_at(text, person.range.start);
        let cued = !starting_in(&cues, sentence.start, sentence.end).is_empty();
        if !(in_image || cued) {
            continue;
        }
        let where_ = match scope {
            Some(Scope::ImageFile) => "an image file name",
            Some(Scope::ImageAlt) => "an image's description",
            Some(Scope::Caption) => "a caption",
            _ => "a photo caption",
        };
        let mut d = Detection::new(
            RuleId::CandidatePictured,
            person.range.clone(),
            format!("Candidate {} is pictured ({where_})", c.description),
        )
        .about(&c);
        d.claims = vec![person.range.clone()];
        ctx.report(d);
    }
}

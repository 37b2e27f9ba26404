//! `attributed-views`: a view, proposal, policy, motion or decision tied to
//! a named councillor (standing or not) or a party group: "Cllr Baker's
//! proposal", "proposed by Councillor Hall", "the Green group's motion",
//! "a Labour group amendment", "Cllr Hall called for".

use std::ops::Range;

use super::words::starting_in;
use super::{Context, Detection, RuleId};
use crate::scan::Meaning;

/// Words allowed between a party word and its view ("Labour group amendment").
const GROUP_WORDS: &[&str] = &[
    "group",
    "groups",
    "councillors",
    "councillor",
    "members",
    "member",
    "party",
    "administration",
    "cabinet",
    "leader",
];

/// Finds views tied to councillors or groups.
pub fn check(ctx: &mut Context) {
    // Views are tied to people and party groups found by the rules before.
    if !ctx.names_anyone() {
        return;
    }
    let text = ctx.text();
    // One pass over the hits for the three kinds of view word.
    let (mut nouns, mut by, mut verbs) = (Vec::new(), Vec::new(), Vec::new());
    for (i, hit) in ctx.hits.iter().enumerate() {
        for m in ctx.meanings(i) {
            let list = match m {
                Meaning::ViewNoun => &mut nouns,
                Meaning::ViewBy => &mut by,
                Meaning::ViewVerb => &mut verbs,
                _ => continue,
            };
            // A pattern's meanings are distinct, so a hit is listed once
            // in each.
            list.push(hit.start..hit.end);
        }
    }

    // Who: people, and parties or groups already identified.
    let mut subjects: Vec<(Range<usize>, String, Option<u32>)> = ctx
        .persons
        .iter()
        .map(|p| (p.range.clone(), p.name.clone(), p.candidate))
        .collect();
    subjects.extend(
        ctx.detections()
            .iter()
            .filter(|d| d.rule == RuleId::PartyIdentified)
            .map(|d| {
                let who = match &d.party {
                    Some(p) => format!("a party group ({p})"),
                    None => format!("a party group (\"{}\")", &text[d.range.clone()]),
                };
                (d.range.clone(), who, None)
            }),
    );
    let mut ranges: Vec<Range<usize>> = subjects.iter().map(|s| s.0.clone()).collect();
    ranges.sort_by_key(|r| r.start);
    // A verb of speech followed by a quotation introduces a quote, which is
    // the quote rule's business; without one it reports a view.
    let quotations = ctx.quotations.clone();
    let verbs: Vec<Range<usize>> = verbs
        .into_iter()
        .filter(|v| {
            !starting_in(&quotations, v.end, v.end + 4)
                .iter()
                .any(|q| text[v.end..q.start].trim().len() <= 1)
        })
        .collect();
    for (range, who, candidate) in subjects {
        if !tied_to_view(text, &range, &ranges, &nouns, &by, &verbs) {
            continue;
        }
        let mut d = Detection::new(
            RuleId::AttributedViews,
            range.clone(),
            format!("A view or proposal is attributed to {who}"),
        );
        if let Some(idx) = candidate {
            let p = &ctx.people.persons[idx as usize];
            d.candidate = Some(p.name().to_string());
            d.party = p.candidate.party.clone();
        }
        d.claims = vec![range];
        ctx.report(d);
    }
}

/// Skips group words after a party word: the offset after them.
fn after_group_words(text: &str, mut pos: usize) -> usize {
    loop {
        let rest = &text[pos..];
        let Some(word) = rest
            .strip_prefix(' ')
            .and_then(|r| r.split([' ', ',', '.', '\n']).next())
        else {
            return pos;
        };
        let base = word
            .strip_suffix("'s")
            .or_else(|| word.strip_suffix('\''))
            .unwrap_or(word);
        if GROUP_WORDS.contains(&base.to_lowercase().as_str()) {
            pos += 1 + base.len();
        } else {
            return pos;
        }
    }
}

fn tied_to_view(
    text: &str,
    who: &Range<usize>,
    subjects: &[Range<usize>],
    nouns: &[Range<usize>],
    by: &[Range<usize>],
    verbs: &[Range<usize>],
) -> bool {
    let end = after_group_words(text, who.end);
    let rest = &text[end..];
    // Possessive, then a view noun within three words: "Cllr Baker's plan".
    let possessive = if rest.starts_with("'s ") {
        Some(end + 3)
    } else if rest.starts_with("' ") {
        Some(end + 2)
    } else {
        None
    };
    if let Some(from) = possessive
        && starting_in(nouns, from, from + 60)
            .iter()
            .chain(starting_in(verbs, from, from + 60))
            .any(|n| text[from..n.start].split_whitespace().count() <= 2)
    {
        return true;
    }
    // A party word used as an adjective: "a Labour group amendment".
    if !starting_in(nouns, end + 1, end + 2).is_empty() {
        return true;
    }
    // "proposed by Cllr Hall", "a motion from the Green group", "backed by
    // Councillor Green and Councillor Marsh" (others named in between).
    if starting_in(by, who.start.saturating_sub(260), who.start)
        .iter()
        .any(|b| {
            b.end <= who.start && who.start - b.end < 200 && {
                let mut gap = text[b.end..who.start].to_string();
                for s in starting_in(subjects, b.end, who.start)
                    .iter()
                    .filter(|s| s.end <= who.start)
                {
                    gap.replace_range(s.start - b.end..s.end - b.end, &" ".repeat(s.len()));
                }
                gap.split([' ', ','])
                    .filter(|w| !w.is_empty())
                    .all(|w| matches!(w.to_lowercase().as_str(), "the" | "and" | "&"))
            }
        })
    {
        return true;
    }
    // "Cllr Hall called for", "the Green group has proposed".
    starting_in(verbs, end, end + 200).iter().any(|v| {
        v.start >= end
            && {
                let gap = text[end..v.start].trim();
                gap.is_empty()
                    // "has called for", "has also asked for", "have
                    // repeatedly called for".
                    || gap.split(' ').count() <= 3
                        && gap.split(' ').all(|w| {
                            VERB_GAP_WORDS.iter().any(|g| g.eq_ignore_ascii_case(w))
                        })
                    // An apposition: "Cllr Smith, who chairs the committee, welcomed".
                    || gap.starts_with(',')
                        && gap.ends_with(',')
                        && gap.split_whitespace().count() <= 12
                        && !gap.contains(['.', '"', '\n'])
            }
            && !welcomes_without_view(text, v)
    })
}

/// Words that may stand between someone and the verb that ties a view to
/// them: auxiliaries and adverbs of time or manner ("the Green group has
/// also asked for", "Cllr Hall has repeatedly called for").
const VERB_GAP_WORDS: &[&str] = &[
    "has",
    "have",
    "had",
    "will",
    "would",
    "also",
    "already",
    "again",
    "now",
    "today",
    "previously",
    "repeatedly",
    "consistently",
    "formally",
    "publicly",
    "strongly",
    "recently",
    "long",
];

/// What one welcomes when taking a view: "welcomed the decision".
const WELCOMED_VIEWS: &[&str] = &[
    "decision",
    "decisions",
    "plan",
    "plans",
    "proposal",
    "proposals",
    "news",
    "scheme",
    "funding",
    "investment",
    "move",
    "report",
    "announcement",
    "changes",
    "approval",
    "policy",
    "vote",
    "result",
    "review",
    "consultation",
    "budget",
    "motion",
];

/// "welcomed" ties a view only to a decision, plan or the like: one
/// welcomes guests, a performance or a restart without taking a view.
fn welcomes_without_view(text: &str, verb: &Range<usize>) -> bool {
    let word = text[verb.clone()].to_lowercase();
    if !word.starts_with("welcome") {
        return false;
    }
    let rest = super::words::head(text, verb.end, 80).to_lowercase();
    let object: Vec<&str> = rest
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .take(4)
        .collect();
    !object
        .iter()
        .skip_while(|w| {
            matches!(
                **w,
                "the" | "a" | "an" | "this" | "these" | "today's" | "new" | "council's"
            )
        })
        .take(2)
        .any(|w| WELCOMED_VIEWS.contains(w))
}

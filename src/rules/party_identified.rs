//! `party-identified`: a political party or party group identified.
//!
//! Unambiguous names ("Lib Dems", "Reform UK") always count. Words that are
//! also ordinary English count only with evidence: "Labour" when capitalised
//! mid-sentence; "Green", "Reform", "Independent" only with a party cue next
//! to them ("Green councillors", "the Reform group", "Labour-run", a bracketed
//! tag after a name). Ordinary phrases ("labour market", "green spaces") are
//! longer patterns in the same scan and win over the party word.

use super::words::{is_capitalised, is_sentence_start, next_word, prev_word};
use super::{Context, Detection, RuleId};
use crate::scan::{Meaning, PartyClass};

/// Finds party mentions.
pub fn check(ctx: &mut Context) {
    let text = ctx.text();
    for i in 0..ctx.hits.len() {
        let hit = ctx.hits[i];
        let words = &text[hit.start..hit.end];
        if ctx.hit_is(i, |m| matches!(m, Meaning::PartyGroup)) {
            ctx.report(Detection::new(
                RuleId::PartyIdentified,
                hit.start..hit.end,
                format!("Party group identified (\"{words}\")"),
            ));
            continue;
        }
        let mut found = None;
        for m in ctx.meanings(i) {
            if let Meaning::Party { party, class } = *m
                && is_party_use(ctx, i, class)
            {
                found = Some(party);
                break;
            }
        }
        let Some(party) = found else { continue };
        let party = &ctx.lexicon.parties[party as usize];
        let end = hit.end + suffix_len(ctx, hit.end);
        let shown = &text[hit.start..end];
        let message = if shown.eq_ignore_ascii_case(&party.name) {
            format!("Party identified: {}", party.name)
        } else {
            format!("Party identified: {} (\"{shown}\")", party.name)
        };
        let mut d = Detection::new(RuleId::PartyIdentified, hit.start..end, message);
        d.party = Some(party.name.clone());
        ctx.report(d);
    }
    // "Vote Green" is one campaign phrase in the scan; the party in it is a
    // mention of its own (the electioneering finding claims only "Vote").
    for i in 0..ctx.hits.len() {
        let hit = ctx.hits[i];
        let words = &text[hit.start..hit.end];
        let Some(voted) = super::electioneering::party_voted_for(words) else {
            continue;
        };
        // A hashtag ("#VoteGreen", read as "Vote Green") is one word, one
        // mention: the space split from it stands for no source.
        let space = hit.end - voted.len() - 1;
        if !ctx.hit_is(i, |m| matches!(m, Meaning::Campaign))
            || ctx.extracted.source_range(space..space + 1).is_empty()
        {
            continue;
        }
        let Some(party) = ctx.lexicon.parties.iter().find(|p| {
            [&p.names, &p.capitalised, &p.cued, &p.acronyms, &p.welsh]
                .into_iter()
                .flatten()
                .any(|n| n.eq_ignore_ascii_case(voted))
        }) else {
            continue;
        };
        let mut d = Detection::new(
            RuleId::PartyIdentified,
            hit.end - voted.len()..hit.end,
            format!("Party identified: {} (\"{voted}\")", party.name),
        );
        d.party = Some(party.name.clone());
        ctx.report(d);
    }
}

/// Does the party word of hit `i`, of the given class, name the party here?
fn is_party_use(ctx: &Context, i: usize, class: PartyClass) -> bool {
    let text = ctx.text();
    let (start, end) = (ctx.hits[i].start, ctx.hits[i].end);
    let words = &text[start..end];
    match class {
        PartyClass::Name => true,
        PartyClass::Welsh => is_capitalised(words),
        PartyClass::Acronym => ctx.matcher_pattern_exact(start, end),
        PartyClass::Tag => in_brackets(text, start, end) || text[end..].starts_with(" = "),
        PartyClass::Capitalised => {
            is_capitalised(words)
                && !in_place_name(ctx, start, end)
                && (in_brackets(text, start, end)
                    || has_cue(ctx, start, end)
                    || if is_sentence_start(text, start) {
                        // "Labour 6, Tories 3" in a table, "Conservatives" alone in
                        // a cell: at a sentence start only a following lowercase
                        // word leaves the reading open ("Labour costs ...").
                        !followed_by_lowercase(text, end)
                    } else {
                        !followed_by_proper_noun(text, end)
                    })
        }
        PartyClass::Cued => {
            is_capitalised(words)
                && !in_place_name(ctx, start, end)
                && (in_brackets(text, start, end)
                    || has_cue(ctx, start, end)
                    || capitalised_plural(text, start, end)
                    || is_label(ctx, i)
                    || joined_to_named_party(ctx, i))
        }
    }
}

impl Context<'_> {
    /// Is the hit at `start..end` written exactly as one of its acronym patterns (case included)?
    fn matcher_pattern_exact(&self, start: usize, end: usize) -> bool {
        let words = &self.text()[start..end];
        self.lexicon
            .parties
            .iter()
            .any(|p| p.acronyms.iter().any(|a| a == words))
    }
}

/// "a Labour and Green coalition", "Green or Labour councillors": a word
/// that names a party only with a cue, joined straight to a party named
/// without one, is read as a party too.
fn joined_to_named_party(ctx: &Context, i: usize) -> bool {
    let text = ctx.text();
    let hit = ctx.hits[i];
    let joined = |gap: &str| matches!(gap, " and " | " or " | " & " | "/");
    let named = |j: usize| {
        ctx.meanings(j).iter().any(|m| {
            matches!(*m, Meaning::Party { class, .. }
                if !matches!(class, PartyClass::Cued | PartyClass::Tag)
                    && is_party_use(ctx, j, class))
        })
    };
    let before = i > 0 && {
        let other = ctx.hits[i - 1];
        other.end <= hit.start && joined(&text[other.end..hit.start]) && named(i - 1)
    };
    let after = ctx.hits.get(i + 1).is_some_and(|other| {
        other.start >= hit.end && joined(&text[hit.end..other.start]) && named(i + 1)
    });
    before || after
}

/// "(Lab)", "(Green)", "(Lab/Co-op)", "(Con, Abbey)".
fn in_brackets(text: &str, start: usize, end: usize) -> bool {
    text[..start].ends_with('(')
        && text[end..].starts_with([')', '/', ',', ' '])
        && text[end..]
            .split(')')
            .next()
            .is_some_and(|inside| inside.len() < 30)
        && text[end..].contains(')')
}

/// "the Greens", "Greens 1": a capitalised plural mid-sentence names the
/// party's members (a sentence-initial one needs "the" before it).
fn capitalised_plural(text: &str, start: usize, end: usize) -> bool {
    let words = &text[start..end];
    words.ends_with('s')
        && !words.ends_with("'s")
        && (!is_sentence_start(text, start)
            || prev_word(text, start).is_some_and(|(_, w)| w.eq_ignore_ascii_case("the")))
}

/// Is the word used as a party label: alone in a table cell or list item
/// ("Independent"), with a seat count ("Green 2"), or straight after a
/// listed person's name ("Morgan Read – Independent", "READ, Morgan
/// Independent")?
fn is_label(ctx: &Context, i: usize) -> bool {
    let text = ctx.text();
    let (start, end) = (ctx.hits[i].start, ctx.hits[i].end);
    let rest = &text[end..];
    let ends_here = rest.is_empty()
        || rest.starts_with(['\n', ';', ')', ',', '|'])
        || rest.starts_with(". ")
        || rest == ".";
    if let Some(seg) = ctx.extracted.segment_at(start) {
        let cell = text[seg.range.clone()].trim_matches(|c: char| c.is_whitespace() || c == '|');
        let after = cell
            .strip_prefix(&text[start..end])
            .map(|a| a.trim_start_matches(':').trim());
        if seg.range.start == start
            && after.is_some_and(|a| a.is_empty() || a.bytes().all(|b| b.is_ascii_digit()))
        {
            return true;
        }
    }
    // A seat count: "Green 2", "Independent 1".
    let count = rest
        .strip_prefix(": ")
        .or_else(|| rest.strip_prefix(' '))
        .map(|r| r.bytes().take_while(u8::is_ascii_digit).count())
        .unwrap_or(0);
    if count > 0 && count <= 3 {
        let lead = if rest.starts_with(": ") { 2 } else { 1 };
        let after = &rest[lead + count..];
        if after.is_empty() || after.starts_with([' ', '\n', ',', ';', '|', ')']) {
            return true;
        }
    }
    if i > 0 && ends_here && ctx.hit_is(i - 1, |m| matches!(m, Meaning::Name { .. })) {
        let gap = &text[ctx.hits[i - 1].end..start];
        return matches!(gap, " " | " - " | " – " | " — " | ", " | ": ");
    }
    false
}

/// Is the next word a lowercase word (so the reading stays open)?
fn followed_by_lowercase(text: &str, end: usize) -> bool {
    text[end..].starts_with(' ')
        && next_word(text, end)
            .is_some_and(|(_, w)| w.chars().next().is_some_and(char::is_lowercase))
}

/// A party cue next to the word: a cue word after it ("Green councillors"),
/// an attached suffix ("Labour-run"), a cue before it ("voted Green"), or a
/// possessive ("Labour's").
pub fn has_cue(ctx: &Context, start: usize, end: usize) -> bool {
    let text = ctx.text();
    let cues = &ctx.lexicon.cues;
    if suffix_len(ctx, end) > 0 {
        return true;
    }
    let after = &text[end..];
    if after.starts_with("'s ") || after.starts_with("' ") {
        return true;
    }
    if let Some((_, next)) = next_word(text, end)
        && cues.after.contains(&next.to_lowercase())
    {
        return true;
    }
    let before = super::words::tail(text, start, 40)
        .trim_end_matches(' ')
        .to_lowercase();
    cues.before.iter().any(|b| {
        before.ends_with(b.as_str())
            && before[..before.len() - b.len()]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// The length of an attached suffix ("-run") after `end`, or 0.
fn suffix_len(ctx: &Context, end: usize) -> usize {
    let after = &ctx.text()[end..];
    ctx.lexicon
        .cues
        .suffixes
        .iter()
        .find(|s| {
            after.len() >= s.len()
                && after.is_char_boundary(s.len())
                && after[..s.len()].eq_ignore_ascii_case(s)
                && after[s.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
        })
        .map_or(0, |s| s.len())
}

/// "Labour Market Review": a party word followed by a capitalised word that
/// is not a cue is more likely part of a proper noun.
fn followed_by_proper_noun(text: &str, end: usize) -> bool {
    text[end..].starts_with(' ')
        && next_word(text, end)
            .is_some_and(|(_, w)| is_capitalised(w) && !w.chars().all(|c| c.is_uppercase()))
}

fn in_place_name(ctx: &Context, start: usize, end: usize) -> bool {
    super::candidate_named::in_place_name(ctx, start, end)
}

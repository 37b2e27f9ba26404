//! The rule registry and the detectors.
//!
//! Each rule is declared once: its id here, its documentation and citation in
//! `rules/<id>.toml` (embedded), its detector in `src/rules/<id>.rs`. Tests
//! keep the three in step.

pub mod attributed_views;
pub mod candidate_event;
pub mod candidate_named;
pub mod candidate_pictured;
pub mod candidate_quoted;
pub mod controversial_issue;
pub mod council_newsletter;
pub mod electioneering;
pub mod partisan_tone;
pub mod party_identified;
pub mod unlisted_councillor;
pub mod words;

use std::fmt;
use std::ops::Range;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::extract::ExtractedText;
use crate::finding::Severity;
use crate::lexicon::Lexicon;
use crate::people::People;
use crate::scan::{Hit, Matcher, Meaning};

/// What a detector reports: a rule broken at a range of the extracted text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detection {
    /// The rule.
    pub rule: RuleId,
    /// Range in the extracted text.
    pub range: Range<usize>,
    /// Plain-language message.
    pub message: String,
    /// The candidate concerned.
    pub candidate: Option<String>,
    /// The party concerned.
    pub party: Option<String>,
    /// The mentions this finding is about (a quote claims its speaker's
    /// name). Where claims overlap, only the most specific rule is kept, so
    /// one mention gives one finding. Empty: the finding's own range.
    pub claims: Vec<Range<usize>>,
    /// A place in the source file that overrides the mapped range (a
    /// finding about the whole document points at its start).
    pub source: Option<Range<usize>>,
}

impl Detection {
    /// A detection with no candidate, party or claims.
    pub fn new(rule: RuleId, range: Range<usize>, message: String) -> Self {
        Detection {
            rule,
            range,
            message,
            candidate: None,
            party: None,
            claims: Vec::new(),
            source: None,
        }
    }

    /// The ranges this detection claims.
    pub fn claimed(&self) -> &[Range<usize>] {
        if self.claims.is_empty() {
            std::slice::from_ref(&self.range)
        } else {
            &self.claims
        }
    }
}

/// A person named in the document: a listed candidate, or a councillor or
/// politician who is not (including those known not to stand).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonMention {
    /// Where, in the extracted text (title included).
    pub range: Range<usize>,
    /// The name as listed (candidates) or as written.
    pub name: String,
    /// Index of the candidate in [`People::persons`], if listed.
    pub candidate: Option<u32>,
    /// A councillor known not to stand.
    pub not_standing: bool,
    /// A sitting MP named during a general election: a prospective candidate.
    pub sitting_mp: bool,
}

/// A prospective candidate, as rules describe them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateRef {
    /// "Jane Smith (Labour Party, Abbey ward)".
    pub description: String,
    /// The name.
    pub name: String,
    /// The party, if known.
    pub party: Option<String>,
}

impl PersonMention {
    /// The prospective candidate this mention names, if it names one: a
    /// listed candidate, or a sitting MP in a general election.
    pub fn as_candidate(&self, people: &People) -> Option<CandidateRef> {
        if let Some(idx) = self.candidate {
            let p = &people.persons[idx as usize];
            return Some(CandidateRef {
                description: p.candidate.describe(),
                name: p.name().to_string(),
                party: p.candidate.party.clone(),
            });
        }
        self.sitting_mp.then(|| CandidateRef {
            description: if self.name.starts_with("the MP for") {
                format!("{} (the sitting MP)", self.name)
            } else {
                format!("{} MP (a sitting MP)", self.name)
            },
            name: self.name.clone(),
            party: None,
        })
    }
}

impl Detection {
    /// Records the candidate a detection is about.
    pub fn about(mut self, c: &CandidateRef) -> Self {
        self.candidate = Some(c.name.clone());
        self.party = c.party.clone();
        self
    }
}

/// What the engine knows about a document that rules need.
#[derive(Debug, Clone, Default)]
pub struct DocumentFacts {
    /// The kind of publicity (`newsletter`, `press-release`, ...).
    pub kind: String,
    /// A local election (local, parish, mayoral) is in its period: the
    /// council-newspaper ban applies.
    pub local_election: bool,
    /// A parliamentary election is in its period: sitting MPs are
    /// prospective candidates.
    pub parliamentary: bool,
}

/// Everything a detector may read about one document, and where it reports.
pub struct Context<'a> {
    /// The extracted text.
    pub extracted: &'a ExtractedText,
    /// The hits of the one scan, in order.
    pub hits: &'a [Hit],
    /// The automaton, for what each hit means.
    pub matcher: &'a Matcher,
    /// The word lists.
    pub lexicon: &'a Lexicon,
    /// The people who may be named.
    pub people: &'a People,
    /// The elections whose period covers this document, by index in the
    /// config (see [`Context::is_active`]).
    pub active_elections: &'a [usize],
    /// Facts about the document.
    pub facts: &'a DocumentFacts,
    /// People named, in text order, filled by the naming rules.
    pub persons: Vec<PersonMention>,
    /// Quotations, filled by the quote rule.
    pub quotations: Vec<Range<usize>>,
    detections: Vec<Detection>,
}

impl<'a> Context<'a> {
    /// A context for one document.
    pub fn new(
        extracted: &'a ExtractedText,
        hits: &'a [Hit],
        matcher: &'a Matcher,
        lexicon: &'a Lexicon,
        people: &'a People,
        active_elections: &'a [usize],
        facts: &'a DocumentFacts,
    ) -> Self {
        Context {
            extracted,
            hits,
            matcher,
            lexicon,
            people,
            active_elections,
            facts,
            persons: Vec::new(),
            quotations: Vec::new(),
            detections: Vec::new(),
        }
    }

    /// Does the person stand in an election whose period covers this
    /// document? (A person listed without an election stands in any.)
    pub fn is_active(&self, person: u32) -> bool {
        self.people.persons.get(person as usize).is_some_and(|p| {
            p.election
                .is_none_or(|e| self.active_elections.contains(&e))
        })
    }

    /// The extracted text.
    pub fn text(&self) -> &'a str {
        &self.extracted.text
    }

    /// What hit `i` means.
    pub fn meanings(&self, i: usize) -> &'a [Meaning] {
        self.matcher.meanings(self.hits[i].pattern)
    }

    /// The matched words of hit `i`.
    pub fn hit_text(&self, i: usize) -> &'a str {
        let h = self.hits[i];
        &self.extracted.text[h.start..h.end]
    }

    /// Has the document a person or a party group in it, found by the
    /// naming rules (which run first)? Without one, nothing can be
    /// attributed to anyone, and the rules about that need not look.
    pub fn names_anyone(&self) -> bool {
        !self.persons.is_empty()
            || self
                .detections
                .iter()
                .any(|d| d.rule == RuleId::PartyIdentified)
    }

    /// Does hit `i` carry a meaning that satisfies `f`?
    pub fn hit_is(&self, i: usize, f: impl Fn(&Meaning) -> bool) -> bool {
        self.meanings(i).iter().any(f)
    }

    /// The start of a run of titles directly before hit `i` ("Cllr Dr"),
    /// if there is one.
    pub fn titles_before(&self, i: usize) -> Option<usize> {
        let mut start = None;
        let mut j = i;
        while j > 0 {
            let prev = self.hits[j - 1];
            let gap = &self.text()[prev.end..self.hits[j].start];
            // A title, capitalised: "Cllr", "Mrs", "Councillors Sarah
            // O'Connor and ..."; not "ward councillors Tom Marsh and ...".
            let title = self.hit_text(j - 1);
            let is_title = self.hit_is(j - 1, |m| {
                matches!(m, Meaning::CouncillorTitle | Meaning::PersonalTitle)
            }) && title.split(' ').all(words::is_capitalised);
            if is_title && (gap == " " || gap.is_empty() && self.hit_text(j - 1).ends_with('.')) {
                start = Some(prev.start);
                j -= 1;
            } else {
                break;
            }
        }
        start
    }

    /// Reports a detection.
    pub fn report(&mut self, detection: Detection) {
        self.detections.push(detection);
    }

    /// The detections so far.
    pub fn detections(&self) -> &[Detection] {
        &self.detections
    }

    /// Ends the context, returning its detections.
    pub fn into_detections(self) -> Vec<Detection> {
        self.detections
    }
}

/// Runs every detector over a document. The naming rules run first: the
/// others read the people and parties they found.
pub fn run_all(ctx: &mut Context) {
    candidate_named::check(ctx);
    unlisted_councillor::check(ctx);
    party_identified::check(ctx);
    candidate_quoted::check(ctx);
    candidate_pictured::check(ctx);
    candidate_event::check(ctx);
    attributed_views::check(ctx);
    electioneering::check(ctx);
    controversial_issue::check(ctx);
    council_newsletter::check(ctx);
    partisan_tone::check(ctx);
}

/// Every rule's stable id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleId {
    /// `candidate-named`
    CandidateNamed,
    /// `candidate-quoted`
    CandidateQuoted,
    /// `candidate-pictured`
    CandidatePictured,
    /// `party-identified`
    PartyIdentified,
    /// `attributed-views`
    AttributedViews,
    /// `candidate-event`
    CandidateEvent,
    /// `electioneering`
    Electioneering,
    /// `controversial-issue`
    ControversialIssue,
    /// `council-newsletter`
    CouncilNewsletter,
    /// `partisan-tone`
    PartisanTone,
    /// `unlisted-councillor`
    UnlistedCouncillor,
    /// `unjustified-exception`: an inline exception without a reason.
    UnjustifiedException,
}

impl RuleId {
    /// All rules, in the order `prepoll rules` lists them.
    pub const ALL: [RuleId; 12] = [
        RuleId::CandidateNamed,
        RuleId::CandidateQuoted,
        RuleId::CandidatePictured,
        RuleId::PartyIdentified,
        RuleId::AttributedViews,
        RuleId::CandidateEvent,
        RuleId::Electioneering,
        RuleId::ControversialIssue,
        RuleId::CouncilNewsletter,
        RuleId::PartisanTone,
        RuleId::UnlistedCouncillor,
        RuleId::UnjustifiedException,
    ];

    /// The stable kebab-case id.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleId::CandidateNamed => "candidate-named",
            RuleId::CandidateQuoted => "candidate-quoted",
            RuleId::CandidatePictured => "candidate-pictured",
            RuleId::PartyIdentified => "party-identified",
            RuleId::AttributedViews => "attributed-views",
            RuleId::CandidateEvent => "candidate-event",
            RuleId::Electioneering => "electioneering",
            RuleId::ControversialIssue => "controversial-issue",
            RuleId::CouncilNewsletter => "council-newsletter",
            RuleId::PartisanTone => "partisan-tone",
            RuleId::UnlistedCouncillor => "unlisted-councillor",
            RuleId::UnjustifiedException => "unjustified-exception",
        }
    }

    /// Parses an id (or a former id, see [`RENAMED`]).
    pub fn parse(s: &str) -> Option<RuleId> {
        let s = s.trim();
        let s = RENAMED
            .iter()
            .find(|(old, _)| *old == s)
            .map(|(_, new)| *new)
            .unwrap_or(s);
        RuleId::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Which rule wins when two report the same words: the specific over
    /// the general (SPEC: one mention, one finding). Lower wins.
    pub fn precedence(self) -> u8 {
        match self {
            RuleId::CandidateQuoted => 0,
            RuleId::CandidatePictured => 1,
            // An explicit view ("proposed by Cllr Smith") is a stronger
            // reading than an event word nearby ("Saturday opening").
            RuleId::AttributedViews => 2,
            RuleId::CandidateEvent => 3,
            RuleId::Electioneering => 4,
            RuleId::CandidateNamed => 5,
            RuleId::PartyIdentified => 6,
            RuleId::UnlistedCouncillor => 7,
            RuleId::ControversialIssue => 8,
            RuleId::PartisanTone => 9,
            RuleId::CouncilNewsletter => 10,
            RuleId::UnjustifiedException => 11,
        }
    }

    /// The rule's documentation and metadata.
    pub fn info(self) -> &'static RuleInfo {
        let all = registry();
        &all[RuleId::ALL.iter().position(|r| *r == self).unwrap_or(0)]
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Former rule ids still accepted in configs and directives, with their new
/// names: ids are a promise (SPEC), so a rename never breaks a config.
pub const RENAMED: &[(&str, &str)] = &[];

/// A rule's documentation, from `rules/<id>.toml`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RuleInfo {
    /// Stable id.
    pub id: String,
    /// Default severity name.
    pub severity: String,
    /// Short title.
    pub title: String,
    /// The clause broken, in one sentence.
    pub citation: String,
    /// Link to the primary source.
    pub source: String,
    /// The prepoll version that added it.
    pub version_added: String,
    /// One-line fix, shown under each finding.
    pub help: String,
    /// Documentation: what it catches.
    pub what_it_catches: String,
    /// Documentation: why it matters.
    pub why_it_matters: String,
    /// Text that must be flagged.
    pub example: String,
    /// Text that must not be flagged by any rule.
    pub allowed: String,
    /// Documentation: how to fix.
    pub how_to_fix: String,
    /// Documentation: when it may fire wrongly.
    pub known_false_positives: String,
}

impl RuleInfo {
    /// The default severity.
    pub fn default_severity(&self) -> Severity {
        Severity::parse(&self.severity).unwrap_or(Severity::Error)
    }
}

macro_rules! rule_file {
    ($id:literal) => {
        include_str!(concat!("../../rules/", $id, ".toml"))
    };
}

/// The embedded rule files, in [`RuleId::ALL`] order.
const RULE_FILES: [&str; 12] = [
    rule_file!("candidate-named"),
    rule_file!("candidate-quoted"),
    rule_file!("candidate-pictured"),
    rule_file!("party-identified"),
    rule_file!("attributed-views"),
    rule_file!("candidate-event"),
    rule_file!("electioneering"),
    rule_file!("controversial-issue"),
    rule_file!("council-newsletter"),
    rule_file!("partisan-tone"),
    rule_file!("unlisted-councillor"),
    rule_file!("unjustified-exception"),
];

/// Every rule's documentation, parsed once.
pub fn registry() -> &'static [RuleInfo] {
    static REGISTRY: OnceLock<Vec<RuleInfo>> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        RULE_FILES
            .iter()
            .zip(RuleId::ALL)
            .map(|(text, id)| {
                // Embedded and tested: a parse failure is a build defect.
                toml::from_str(text)
                    .unwrap_or_else(|e| panic!("embedded rules/{id}.toml is invalid: {e}"))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_matches_ids() {
        for (info, id) in registry().iter().zip(RuleId::ALL) {
            assert_eq!(info.id, id.as_str());
            assert_eq!(RuleId::parse(id.as_str()), Some(id));
            assert!(Severity::parse(&info.severity).is_some(), "{id}");
        }
    }

    #[test]
    fn ids_are_kebab_case_and_name_the_pattern() {
        let banned = ["no-", "avoid-", "use-", "prefer-"];
        for id in RuleId::ALL {
            let s = id.as_str();
            assert!(s.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{s}");
            assert!(!banned.iter().any(|b| s.starts_with(b)), "{s}");
        }
    }

    #[test]
    fn every_doc_section_is_present() {
        for info in registry() {
            for (name, text) in [
                ("title", &info.title),
                ("citation", &info.citation),
                ("help", &info.help),
                ("what_it_catches", &info.what_it_catches),
                ("why_it_matters", &info.why_it_matters),
                ("example", &info.example),
                ("allowed", &info.allowed),
                ("how_to_fix", &info.how_to_fix),
                ("known_false_positives", &info.known_false_positives),
            ] {
                assert!(!text.trim().is_empty(), "{}: {name} is empty", info.id);
            }
            assert!(
                !info.title.ends_with('.'),
                "{}: title ends with a period",
                info.id
            );
            assert!(info.source.starts_with("http"), "{}", info.id);
        }
    }

    #[test]
    fn precedence_is_a_total_order() {
        let mut p: Vec<u8> = RuleId::ALL.iter().map(|r| r.precedence()).collect();
        p.sort_unstable();
        p.dedup();
        assert_eq!(p.len(), RuleId::ALL.len());
    }
}

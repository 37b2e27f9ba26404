//! The word lists in `lexicons/`, embedded in the binary so prepoll runs
//! with no files beside it. Lists are data (a council can add to them in its
//! config); the judgement of what a match means stays in the rules.

use std::collections::HashSet;

use serde::Deserialize;

use crate::extract::textmap::normalise_str;

/// One political party and the ways it is written.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// Canonical name, used in messages.
    pub name: String,
    /// Electoral Commission register id, where known.
    #[serde(default)]
    pub ec_id: Option<String>,
    /// Unambiguous names and nicknames: flagged wherever they occur.
    #[serde(default)]
    pub names: Vec<String>,
    /// The party when capitalised mid-sentence ("Labour").
    #[serde(default)]
    pub capitalised: Vec<String>,
    /// Ordinary words that are the party only with a party cue ("Green").
    #[serde(default)]
    pub cued: Vec<String>,
    /// Acronyms matched in capitals only ("SNP").
    #[serde(default)]
    pub acronyms: Vec<String>,
    /// Short forms used only as a bracketed tag after a name ("(Lab)").
    #[serde(default)]
    pub tags: Vec<String>,
    /// Welsh-language forms, flagged when capitalised.
    #[serde(default)]
    pub welsh: Vec<String>,
}

#[derive(Deserialize)]
struct PartiesFile {
    #[allow(dead_code)]
    description: String,
    #[allow(dead_code)]
    source: String,
    party: Vec<Party>,
}

#[derive(Deserialize)]
struct TermsFile {
    #[allow(dead_code)]
    description: String,
    #[allow(dead_code)]
    source: String,
    terms: Vec<String>,
}

#[derive(Deserialize)]
struct PhrasesFile {
    #[allow(dead_code)]
    description: String,
    #[allow(dead_code)]
    source: String,
    phrases: Vec<String>,
}

#[derive(Deserialize)]
struct CuesFile {
    #[allow(dead_code)]
    description: String,
    #[allow(dead_code)]
    source: String,
    after: Vec<String>,
    suffixes: Vec<String>,
    before: Vec<String>,
}

#[derive(Deserialize)]
struct PlaceFile {
    #[allow(dead_code)]
    description: String,
    #[allow(dead_code)]
    source: String,
    suffixes: Vec<String>,
    prefixes: Vec<String>,
}

#[derive(Deserialize)]
struct TitlesFile {
    #[allow(dead_code)]
    description: String,
    #[allow(dead_code)]
    source: String,
    councillor: Vec<String>,
    personal: Vec<String>,
    member_suffixes: Vec<String>,
    #[serde(default)]
    welsh_councillor: Vec<String>,
}

/// Words that turn an ordinary word into a party mention.
#[derive(Debug, Clone, Default)]
pub struct PartyCues {
    /// A word directly after ("Green councillors"), lowercase.
    pub after: HashSet<String>,
    /// Attached suffixes ("-led"), lowercase.
    pub suffixes: Vec<String>,
    /// Words directly before ("voted Green"), lowercase; may be two words.
    pub before: Vec<String>,
}

/// Words that make a neighbouring capitalised word part of a place name.
#[derive(Debug, Clone, Default)]
pub struct PlaceWords {
    /// After the word ("Marsh Lane"), lowercase.
    pub suffixes: HashSet<String>,
    /// Before the word ("Town Hall"), lowercase.
    pub prefixes: HashSet<String>,
}

/// Titles around personal names.
#[derive(Debug, Clone, Default)]
pub struct Titles {
    /// Councillor titles ("Cllr", "Councillor"), Welsh included.
    pub councillor: Vec<String>,
    /// Other personal titles ("Mrs", "Dr").
    pub personal: Vec<String>,
    /// Member suffixes after a name ("MP"), matched in capitals.
    pub member_suffixes: Vec<String>,
}

#[derive(Deserialize)]
struct EventsFile {
    #[allow(dead_code)]
    description: String,
    #[allow(dead_code)]
    source: String,
    terms: Vec<String>,
    ordinary: Vec<String>,
}

#[derive(Deserialize)]
struct AttributionFile {
    #[allow(dead_code)]
    description: String,
    #[allow(dead_code)]
    source: String,
    verbs: Vec<String>,
    phrases: Vec<String>,
    welsh: Vec<String>,
}

#[derive(Deserialize)]
struct ViewFile {
    #[allow(dead_code)]
    description: String,
    #[allow(dead_code)]
    source: String,
    nouns: Vec<String>,
    by: Vec<String>,
    verbs: Vec<String>,
}

#[derive(Deserialize)]
struct ElectioneeringFile {
    #[allow(dead_code)]
    description: String,
    #[allow(dead_code)]
    source: String,
    campaign: Vec<String>,
    electoral_services: Vec<String>,
}

/// A controversial topic and the terms that name it.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// The topic, for messages.
    pub name: String,
    /// Terms naming it.
    pub terms: Vec<String>,
}

#[derive(Deserialize)]
struct ControversialFile {
    #[allow(dead_code)]
    description: String,
    #[allow(dead_code)]
    source: String,
    topic: Vec<Topic>,
}

/// Words of attribution around quotations.
#[derive(Debug, Clone, Default)]
pub struct Attribution {
    /// Verbs ("said"), Welsh forms included.
    pub verbs: Vec<String>,
    /// Phrases before a speaker ("according to").
    pub phrases: Vec<String>,
}

/// Words that tie views to people.
#[derive(Debug, Clone, Default)]
pub struct ViewWords {
    /// Nouns after a possessive ("proposal").
    pub nouns: Vec<String>,
    /// Phrases before a person ("proposed by").
    pub by: Vec<String>,
    /// Verbs after a person ("called for").
    pub verbs: Vec<String>,
}

/// All built-in word lists.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// The parties.
    pub parties: Vec<Party>,
    /// Phrases naming a party group without a party ("opposition group").
    pub party_groups: Vec<String>,
    /// Party cues.
    pub cues: PartyCues,
    /// Ordinary phrases that only look like a party or an event ("labour
    /// market", "opening hours").
    pub not_parties: Vec<String>,
    /// Place-name words.
    pub places: PlaceWords,
    /// Titles.
    pub titles: Titles,
    /// Attribution verbs and phrases.
    pub attribution: Attribution,
    /// Event words.
    pub events: Vec<String>,
    /// View words.
    pub views: ViewWords,
    /// Campaign phrases.
    pub campaign: Vec<String>,
    /// Electoral-services phrases (never electioneering).
    pub electoral_services: Vec<String>,
    /// Controversial topics, built in and local.
    pub topics: Vec<Topic>,
    /// Partisan-tone phrases.
    pub partisan: Vec<String>,
    /// Picture cues ("Pictured:").
    pub picture_cues: Vec<String>,
    /// Surnames that are also ordinary words, lowercase ("young").
    pub word_surnames: HashSet<String>,
}

macro_rules! lexicon_file {
    ($name:literal) => {
        ($name, include_str!(concat!("../lexicons/", $name)))
    };
}

/// The embedded lexicon files, by name.
pub const FILES: &[(&str, &str)] = &[
    lexicon_file!("parties.toml"),
    lexicon_file!("party-groups.toml"),
    lexicon_file!("party-cues.toml"),
    lexicon_file!("not-parties.toml"),
    lexicon_file!("place-words.toml"),
    lexicon_file!("titles.toml"),
    lexicon_file!("attribution.toml"),
    lexicon_file!("event-words.toml"),
    lexicon_file!("view-words.toml"),
    lexicon_file!("electioneering.toml"),
    lexicon_file!("controversial.toml"),
    lexicon_file!("partisan-tone.toml"),
    lexicon_file!("picture-cues.toml"),
    lexicon_file!("word-surnames.toml"),
];

fn file(name: &str) -> &'static str {
    FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .unwrap_or("")
}

fn parse<T: serde::de::DeserializeOwned>(name: &str) -> T {
    // The files are embedded and checked by tests: a parse failure is a build defect.
    toml::from_str(file(name))
        .unwrap_or_else(|e| panic!("embedded lexicons/{name} is invalid: {e}"))
}

fn lower_set(words: Vec<String>) -> HashSet<String> {
    words
        .into_iter()
        .map(|w| normalise_str(&w).to_lowercase())
        .collect()
}

/// A mention starts at the party word, not at "the": "The Labour Party" is
/// listed as "Labour Party", so a finding's column is the party's.
fn without_article(term: &str) -> String {
    let t = term.trim();
    match t.get(..4) {
        Some(head) if head.eq_ignore_ascii_case("the ") && t.len() > 4 => t[4..].to_string(),
        _ => t.to_string(),
    }
}

fn strip_articles(terms: &mut Vec<String>) {
    for t in terms.iter_mut() {
        *t = without_article(t);
    }
    terms.sort();
    terms.dedup();
}

impl Lexicon {
    /// The built-in lexicon.
    pub fn builtin() -> Lexicon {
        let mut parties: PartiesFile = parse("parties.toml");
        for p in &mut parties.party {
            strip_articles(&mut p.names);
            strip_articles(&mut p.welsh);
        }
        let mut groups: TermsFile = parse("party-groups.toml");
        strip_articles(&mut groups.terms);
        let cues: CuesFile = parse("party-cues.toml");
        let not_parties: PhrasesFile = parse("not-parties.toml");
        let places: PlaceFile = parse("place-words.toml");
        let titles: TitlesFile = parse("titles.toml");
        let mut councillor = titles.councillor;
        councillor.extend(titles.welsh_councillor);
        let attribution: AttributionFile = parse("attribution.toml");
        let events: EventsFile = parse("event-words.toml");
        let views: ViewFile = parse("view-words.toml");
        let electioneering: ElectioneeringFile = parse("electioneering.toml");
        let controversial: ControversialFile = parse("controversial.toml");
        let partisan: TermsFile = parse("partisan-tone.toml");
        let pictures: TermsFile = parse("picture-cues.toml");
        let word_surnames: TermsFile = parse("word-surnames.toml");
        Lexicon {
            parties: parties.party,
            party_groups: groups.terms,
            cues: PartyCues {
                after: lower_set(cues.after),
                suffixes: cues.suffixes.iter().map(|s| s.to_lowercase()).collect(),
                before: cues
                    .before
                    .iter()
                    .map(|s| normalise_str(s).to_lowercase())
                    .collect(),
            },
            // Ordinary phrases that contain an event word ("opening hours")
            // are kept with the others: they only ever stop a match.
            not_parties: not_parties
                .phrases
                .into_iter()
                .chain(events.ordinary)
                .collect(),
            places: PlaceWords {
                suffixes: lower_set(places.suffixes),
                prefixes: lower_set(places.prefixes),
            },
            titles: Titles {
                councillor,
                personal: titles.personal,
                member_suffixes: titles.member_suffixes,
            },
            attribution: Attribution {
                verbs: attribution
                    .verbs
                    .into_iter()
                    .chain(attribution.welsh)
                    .collect(),
                phrases: attribution.phrases,
            },
            events: events.terms,
            views: ViewWords {
                nouns: views.nouns,
                by: views.by,
                verbs: views.verbs,
            },
            campaign: electioneering.campaign,
            electoral_services: electioneering.electoral_services,
            topics: controversial.topic,
            partisan: partisan.terms,
            picture_cues: pictures.terms,
            word_surnames: lower_set(word_surnames.terms),
        }
    }
}

impl Lexicon {
    /// Adds a council's own controversial topics (`[lexicon] controversial`).
    pub fn add_local_topics(&mut self, terms: &[String]) {
        for t in terms {
            let t = normalise_str(t);
            if !t.is_empty() {
                self.topics.push(Topic {
                    name: t.clone(),
                    terms: vec![t],
                });
            }
        }
    }

    /// Adds the parties of a candidate list that the built-in list does not
    /// know, as unambiguous names (a registered party name is not ordinary
    /// English). "Independent" is a description, not a party, and is left out.
    pub fn add_local_parties<'a>(&mut self, names: impl Iterator<Item = &'a str>) {
        // A candidate list names the same few parties thousands of times.
        let mut seen = std::collections::HashSet::new();
        for name in names {
            if !seen.insert(name) {
                continue;
            }
            let name = without_article(&normalise_str(name));
            let lower = name.to_lowercase();
            if lower.is_empty() || lower.starts_with("independent") || lower.starts_with("speaker")
            {
                continue;
            }
            let known = self.parties.iter().any(|p| {
                p.name.eq_ignore_ascii_case(&name)
                    || p.names
                        .iter()
                        .chain(&p.capitalised)
                        .chain(&p.cued)
                        .chain(&p.welsh)
                        .any(|n| n.eq_ignore_ascii_case(&name))
            });
            if !known {
                self.parties.push(Party {
                    name: name.clone(),
                    ec_id: None,
                    names: vec![name],
                    capitalised: Vec::new(),
                    cued: Vec::new(),
                    acronyms: Vec::new(),
                    tags: Vec::new(),
                    welsh: Vec::new(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicon_loads() {
        let l = Lexicon::builtin();
        assert!(l.parties.len() >= 15);
        assert!(
            l.parties
                .iter()
                .any(|p| p.capitalised.iter().any(|c| c == "Labour"))
        );
        assert!(
            l.not_parties
                .iter()
                .any(|p| p.eq_ignore_ascii_case("labour market"))
        );
        assert!(l.places.suffixes.contains("lane"));
        assert!(l.places.prefixes.contains("town"));
        assert!(l.titles.councillor.iter().any(|t| t == "Cllr"));
        assert!(l.cues.after.contains("councillors"));
    }

    #[test]
    fn no_ordinary_word_is_an_unconditional_party_name() {
        // These must only ever count with context (DOMAIN.md §5 traps).
        let traps = [
            "green",
            "labour",
            "reform",
            "alliance",
            "liberal",
            "independent",
            "conservative",
            "co-op",
            "workers",
            "heritage",
            "plaid",
            "alba",
        ];
        for p in &Lexicon::builtin().parties {
            for n in p.names.iter().chain(&p.welsh) {
                assert!(
                    !traps.contains(&n.to_lowercase().as_str()),
                    "{n} of {} must not be an unconditional name",
                    p.name
                );
            }
        }
    }
}

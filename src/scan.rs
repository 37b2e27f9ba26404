//! The one scan: every lexicon term and every candidate-name variant is
//! looked for in one pass over each document's extracted text. Detectors
//! then read the hits in order and look only at the text around them.
//!
//! The pass steps from word start to word start. A pattern of one token
//! ("Councillor", "Smith") matches where it is the text's whole token, so a
//! hash table answers for it; the patterns that go on past their first
//! token ("labour market", "O'Brien") are compiled into a single
//! Aho-Corasick automaton, started only where a cheap filter says one may
//! begin.
//!
//! A candidate's name forms that end or start with the surname ("Jane
//! Smith", "J. Smith", "Smith, Jane") are not searched for: the scan looks for the
//! surname, and a surname hit grows over the words around it into the
//! longest listed form. With a general election's 5,000 candidates this
//! keeps the tables and the automaton small, and building them was most of
//! a single check's time.
//!
//! Matching is ASCII-case-insensitive and leftmost-longest, so the longer
//! phrase wins where phrases overlap: "labour market" (an ordinary phrase)
//! swallows "labour", "Jane Green" (a candidate) swallows "Green". Hits
//! must sit at word boundaries; a match that fails the boundary test is
//! dropped and the search resumes one character later, so a longer false
//! match never hides a shorter true one.

use std::collections::HashMap;

use aho_corasick::{
    AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Anchored, Input, MatchKind, StartKind,
};

use crate::extract::textmap::normalise_str;

/// The pattern tables are keyed by our own lexicon and the council's
/// candidate list, not by input from the documents checked: a fast hash
/// (foldhash) is safe here and is a good part of the start-up time.
pub(crate) type FastHash = foldhash::fast::RandomState;
use crate::lexicon::Lexicon;
use crate::people::People;
use crate::vocabulary::Vocabulary;

/// How a candidate-name pattern identifies the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NameForm {
    /// The full name as listed, or with middle names left out.
    Full,
    /// An alias or role from the list.
    Alias,
    /// Initial and surname ("J. Smith").
    Initial,
    /// The surname alone: counts only after a title or once named.
    Surname,
}

/// How a party pattern identifies the party.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartyClass {
    /// Unambiguous: always the party.
    Name,
    /// The party when capitalised mid-sentence.
    Capitalised,
    /// The party only with a cue.
    Cued,
    /// An acronym, in capitals only.
    Acronym,
    /// A short tag, in brackets only.
    Tag,
    /// A Welsh form, when capitalised.
    Welsh,
}

/// What a pattern means. One pattern can mean several things ("Green" is a
/// surname, a party word and a place word).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Meaning {
    /// A name of a person in [`People`].
    Name {
        /// Index into [`People::persons`].
        person: u32,
        /// How it names them.
        form: NameForm,
    },
    /// A party word.
    Party {
        /// Index into [`Lexicon::parties`].
        party: u16,
        /// How it names the party.
        class: PartyClass,
    },
    /// A party-group phrase ("opposition group").
    PartyGroup,
    /// An ordinary phrase that contains a party word ("labour market").
    Ordinary,
    /// A councillor title ("Cllr").
    CouncillorTitle,
    /// Another personal title ("Mrs").
    PersonalTitle,
    /// A member suffix ("MP").
    MemberSuffix,
    /// An attribution verb ("said", "meddai").
    AttributionVerb,
    /// An attribution phrase before a speaker ("according to").
    AttributionPhrase,
    /// An event word ("opened", "launch").
    Event,
    /// A view noun ("proposal").
    ViewNoun,
    /// A phrase before the person a view is tied to ("proposed by").
    ViewBy,
    /// A verb after the person a view is tied to ("called for").
    ViewVerb,
    /// Campaigning language ("re-elect").
    Campaign,
    /// Electoral-services language ("register to vote"): never campaigning.
    ElectoralService,
    /// A controversial topic, by index into [`Lexicon::topics`].
    Topic(u16),
    /// Partisan tone ("record investment").
    Partisan,
    /// A picture cue ("Pictured:").
    PictureCue,
}

/// One match in a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Byte offset in the extracted text.
    pub start: usize,
    /// Byte offset after the match.
    pub end: usize,
    /// Pattern index; see [`Matcher::meanings`].
    pub pattern: u32,
}

/// The compiled automaton and tables, and what each pattern means.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// The patterns that go on past their first token (phrases, and names
    /// such as "O'Brien"), folded.
    automaton: AhoCorasick,
    /// Where a pattern may start: see [`Starts`].
    starts: Box<Starts>,
    /// The one-token patterns over eight bytes ("councillor", most
    /// surnames), folded, to their pattern indexes. A one-token pattern
    /// matches where it is the text's whole token, so a table answers for
    /// it: the automaton holds only the phrases, a fraction of the size.
    single_tokens: HashMap<Box<[u8]>, u32, FastHash>,
    /// The one-token patterns of eight bytes or fewer, by their bytes as a
    /// number (zero past the end, which no token has): no string to hash
    /// or compare.
    short_tokens: HashMap<u64, u32, FastHash>,
    /// Automaton pattern id → pattern index.
    phrase_ids: Vec<u32>,
    meanings: Vec<Vec<Meaning>>,
    patterns: Vec<String>,
    /// Name forms found by growing a hit rather than by the automaton, by
    /// their ASCII-lower-cased text ("jane smith", "smith, jane").
    grown: HashMap<String, u32, FastHash>,
    /// Per pattern: a grown form ends with it ("smith" of "jane smith").
    grows_back: Vec<bool>,
    /// Per pattern: a grown form starts with it ("smith" of "smith, jane").
    grows_forward: Vec<bool>,
    /// The longest pattern searched for, in bytes.
    longest_pattern: usize,
    /// The most words a grown form adds before or after its pattern.
    max_back_words: usize,
    max_forward_words: usize,
}

/// Collects patterns, merging duplicates (the automaton folds ASCII case).
#[derive(Default)]
struct PatternSet {
    index: HashMap<String, usize, FastHash>,
    patterns: Vec<String>,
    meanings: Vec<Vec<Meaning>>,
}

impl PatternSet {
    fn add(&mut self, term: &str, meaning: Meaning) {
        self.add_normalised(normalise_str(term), meaning);
    }

    /// Adds a term already normalised (a person's name forms are made so).
    fn add_normalised(&mut self, term: String, meaning: Meaning) {
        if term.is_empty() {
            return;
        }
        // ASCII case is folded by the automaton; other letters are not, so
        // a term with them is added in lower and upper case too ("FÉIN").
        if term.is_ascii() {
            self.add_one(term, meaning);
        } else {
            let (lower, upper) = (term.to_lowercase(), term.to_uppercase());
            self.add_one(term, meaning);
            self.add_one(lower, meaning);
            self.add_one(upper, meaning);
        }
    }

    fn add_one(&mut self, v: String, meaning: Meaning) {
        let key = v.to_ascii_lowercase();
        let id = *self.index.entry(key).or_insert_with(|| {
            self.patterns.push(v);
            self.meanings.push(Vec::new());
            self.patterns.len() - 1
        });
        if !self.meanings[id].contains(&meaning) {
            self.meanings[id].push(meaning);
        }
    }
}

/// Extra terms from a council's config.
#[derive(Debug, Clone, Default)]
pub struct LocalTerms {
    /// Ordinary phrases never read as a party.
    pub ordinary: Vec<String>,
}

impl Matcher {
    /// Compiles the lexicon, local terms and every person's names into one
    /// automaton; with a vocabulary, only the patterns that may occur in
    /// its documents.
    pub fn build(
        lexicon: &Lexicon,
        local: &LocalTerms,
        people: &People,
        vocabulary: Option<&Vocabulary>,
    ) -> Matcher {
        let mut set = PatternSet::default();
        for (i, party) in lexicon.parties.iter().enumerate() {
            let party_idx = i as u16;
            let mut add = |terms: &[String], class| {
                for t in terms {
                    set.add(
                        t,
                        Meaning::Party {
                            party: party_idx,
                            class,
                        },
                    );
                }
            };
            add(&party.names, PartyClass::Name);
            add(&party.capitalised, PartyClass::Capitalised);
            add(&party.cued, PartyClass::Cued);
            add(&party.acronyms, PartyClass::Acronym);
            add(&party.tags, PartyClass::Tag);
            add(&party.welsh, PartyClass::Welsh);
        }
        for g in &lexicon.party_groups {
            set.add(g, Meaning::PartyGroup);
        }
        for o in lexicon.not_parties.iter().chain(&local.ordinary) {
            set.add(o, Meaning::Ordinary);
        }
        for t in &lexicon.titles.councillor {
            set.add(t, Meaning::CouncillorTitle);
        }
        for t in &lexicon.titles.personal {
            set.add(t, Meaning::PersonalTitle);
        }
        for t in &lexicon.titles.member_suffixes {
            set.add(t, Meaning::MemberSuffix);
        }
        for v in &lexicon.attribution.verbs {
            set.add(v, Meaning::AttributionVerb);
        }
        for v in &lexicon.attribution.phrases {
            set.add(v, Meaning::AttributionPhrase);
        }
        let lists: [(&[String], Meaning); 7] = [
            (&lexicon.events, Meaning::Event),
            (&lexicon.views.nouns, Meaning::ViewNoun),
            (&lexicon.views.by, Meaning::ViewBy),
            (&lexicon.views.verbs, Meaning::ViewVerb),
            (&lexicon.campaign, Meaning::Campaign),
            (&lexicon.electoral_services, Meaning::ElectoralService),
            (&lexicon.partisan, Meaning::Partisan),
        ];
        for (terms, meaning) in lists {
            for t in terms {
                set.add(t, meaning);
            }
        }
        for t in &lexicon.picture_cues {
            // "Pictured:" is matched as "Pictured"; the colon is checked in the rule.
            set.add(t.trim_end_matches(':'), Meaning::PictureCue);
        }
        for (i, topic) in lexicon.topics.iter().enumerate() {
            for term in &topic.terms {
                for variant in topic_variants(term) {
                    set.add(&variant, Meaning::Topic(i as u16));
                }
            }
        }
        for (i, person) in people.persons.iter().enumerate() {
            for (variant, form) in person.name_variants() {
                let form = *form;
                set.add_normalised(
                    variant.clone(),
                    Meaning::Name {
                        person: i as u32,
                        form,
                    },
                );
            }
        }
        let keys: Vec<String> = set
            .patterns
            .iter()
            .map(|p| p.to_ascii_lowercase())
            .collect();
        // Building the scanner is most of the start-up cost with a general
        // election's candidate list, and a candidate's name forms ("Jane
        // Smith", "J. Smith", "Smith, Jane") mostly end or start with their
        // surname. So the scan looks for the surname, and a surname hit is
        // grown over the words around it; every other pattern is looked for
        // as written.
        let mut grown = HashMap::default();
        let mut grows_back = vec![false; keys.len()];
        let mut grows_forward = vec![false; keys.len()];
        let (mut max_back_words, mut max_forward_words) = (0, 0);
        let mut scanned = vec![true; keys.len()];
        for (id, key) in keys.iter().enumerate() {
            let names_only = set.meanings[id]
                .iter()
                .all(|m| matches!(m, Meaning::Name { form, .. } if *form != NameForm::Surname));
            if !names_only {
                continue;
            }
            let surname_hit = |k: &str| {
                set.index.get(k).is_some_and(|&t| {
                    set.meanings[t]
                        .iter()
                        .any(|m| matches!(m, Meaning::Name { .. }))
                })
            };
            // "smith, jane": the surname, then the first names.
            if let Some((head, rest)) = key.split_once(", ")
                && surname_hit(head)
                && !rest.is_empty()
            {
                grows_forward[set.index[head]] = true;
                max_forward_words = max_forward_words.max(rest.split(' ').count());
                grown.insert(key.clone(), id as u32);
                scanned[id] = false;
                continue;
            }
            // "jane mary smith": the longest tail that is a surname.
            if let Some((at, _)) = key
                .match_indices(' ')
                .find(|&(at, _)| surname_hit(&key[at + 1..]))
            {
                grows_back[set.index[&key[at + 1..]]] = true;
                max_back_words = max_back_words.max(key[..at].split(' ').count());
                grown.insert(key.clone(), id as u32);
                scanned[id] = false;
            }
        }
        if let Some(vocabulary) = vocabulary {
            for (id, pattern) in set.patterns.iter().enumerate() {
                scanned[id] = scanned[id] && vocabulary.may_match(pattern);
            }
        }
        // The scan reads text folded by `fold_for_automaton`, and holds its
        // patterns folded the same way.
        let mut starts = Box::new(Starts::default());
        let mut single_tokens = HashMap::default();
        let mut short_tokens = HashMap::default();
        let mut phrases = Vec::new();
        let mut phrase_ids = Vec::new();
        let mut longest_pattern = 0;
        for id in (0..keys.len() as u32).filter(|&id| scanned[id as usize]) {
            let key = keys[id as usize].as_bytes();
            longest_pattern = longest_pattern.max(key.len());
            let mut pattern = Vec::with_capacity(key.len());
            fold_for_automaton(key, false, &mut pattern);
            starts.add(&pattern);
            if !Starts::is_one_token(&pattern) {
                phrases.push(pattern);
                phrase_ids.push(id);
            } else if pattern.len() <= 8 {
                short_tokens.insert(load_eight(&pattern), id);
            } else {
                single_tokens.insert(pattern.into_boxed_slice(), id);
            }
        }
        // Started only where a pattern may start (see `scan`), the automaton
        // needs no unanchored search.
        let automaton = AhoCorasickBuilder::new()
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .build(&phrases)
            // Patterns are bounded in number and size by config validation;
            // the builder fails only past internal limits we never reach.
            .unwrap_or_else(|e| panic!("cannot build the scanner: {e}"));
        Matcher {
            automaton,
            starts,
            single_tokens,
            short_tokens,
            phrase_ids,
            longest_pattern,
            meanings: set.meanings,
            patterns: set.patterns,
            grown,
            grows_back,
            grows_forward,
            max_back_words,
            max_forward_words,
        }
    }

    /// What a pattern means.
    pub fn meanings(&self, pattern: u32) -> &[Meaning] {
        &self.meanings[pattern as usize]
    }

    /// The pattern's text.
    pub fn pattern(&self, pattern: u32) -> &str {
        &self.patterns[pattern as usize]
    }

    /// The number of distinct patterns.
    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    /// True if there are no patterns.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Scans a text once, returning every hit at word boundaries, in order.
    pub fn scan(&self, text: &str) -> Vec<Hit> {
        // The automaton reads folded text (`fold_for_automaton`). It is folded
        // a window at a time into one reused buffer, not copied whole: a 500 MB file
        // needs no second 500 MB. A match is taken from a window only if it
        // starts early enough that its longest possible form fits inside.
        let bytes = text.as_bytes();
        let longest = self.longest_pattern.max(1);
        let window = (1 << 20).max(4 * longest);
        let mut buf: Vec<u8> = Vec::with_capacity(window.min(text.len()));
        let (mut buf_start, mut buf_end) = (0, 0);
        let mut hits = Vec::new();
        let mut pos = 0;
        while pos < text.len() {
            if buf.is_empty() || pos < buf_start || buf_end < text.len() && pos + longest >= buf_end
            {
                buf_start = pos;
                buf_end = (pos + window).min(text.len());
                buf.clear();
                let after_word = buf_start > 0 && bytes[buf_start - 1].is_ascii_alphanumeric();
                fold_for_automaton(&bytes[buf_start..buf_end], after_word, &mut buf);
            }
            let safe = if buf_end == text.len() {
                buf_end
            } else {
                buf_end - longest
            };
            // The automaton is started, anchored, only where the first bytes
            // of the folded text may begin some pattern (`Starts`): with the
            // fold, that is at some word starts, and the bit-set test is far
            // cheaper than the automaton's step. The first start with a match at word
            // boundaries wins, longest match first, as an unanchored
            // leftmost-longest search would find it.
            let mut at = pos - buf_start;
            let end = safe - buf_start;
            let found = loop {
                // Most bytes (letters inside words, spaces) start no
                // pattern: a tight loop passes over them.
                match self.starts.next_first(&buf[at.min(end)..end]) {
                    Some(skip) => at += skip,
                    None => break None,
                }
                // `next_first` has found a byte some pattern starts with.
                let found = match self.starts.may_start(&buf[at..]) {
                    Start::No => None,
                    Start::Token(len) => self.token_at(&buf, at, len),
                    // A phrase is longer than its first token, so where one
                    // matches it is the longest match, as leftmost-longest
                    // takes it; else the token may be a pattern itself.
                    Start::Phrase(token) => {
                        let input = Input::new(&buf[..])
                            .span(at..buf.len())
                            .anchored(Anchored::Yes);
                        self.automaton
                            .find(input)
                            .map(|m| (m.start(), m.end(), self.phrase_ids[m.pattern()]))
                            .or_else(|| token.and_then(|len| self.token_at(&buf, at, len)))
                    }
                };
                if let Some((start, end, _)) = found
                    && at_word_boundary(text, buf_start + start, buf_start + end)
                {
                    break found;
                }
                at += 1;
            };
            let Some((start, end, id)) = found else {
                if buf_end == text.len() {
                    break;
                }
                // Nothing starts in this window: go on from where it stops being sure.
                pos = safe;
                continue;
            };
            let (start, end) = (buf_start + start, buf_start + end);
            let mut hit = Hit {
                start,
                end,
                pattern: id,
            };
            if let Some(back) = self.grow_back(text, hit, &hits) {
                // The words it grew over may have been hits ("Grace"):
                // the longer name wins, as leftmost-longest would.
                while hits.last().is_some_and(|h| h.start >= back.start) {
                    hits.pop();
                }
                hit = back;
            } else if let Some(forward) = self.grow_forward(text, hit) {
                hit = forward;
            }
            hits.push(hit);
            pos = hit.end;
        }
        hits
    }

    /// The one-token pattern that is the whole token at `at` of the folded
    /// text, `len` bytes long (nine standing for more than eight), if any:
    /// (start, end, pattern index).
    #[inline]
    fn token_at(&self, folded: &[u8], at: usize, len: usize) -> Option<(usize, usize, u32)> {
        if len <= 8 {
            let token = keep_bytes(load_eight(&folded[at..]), len);
            return self.short_tokens.get(&token).map(|&id| (at, at + len, id));
        }
        let len = folded[at..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(folded.len() - at);
        self.single_tokens
            .get(&folded[at..at + len])
            .map(|&id| (at, at + len, id))
    }

    /// The pattern index of a grown form, if `text` is one (ASCII case folded).
    fn grown_form(&self, text: &str) -> Option<u32> {
        // Most names are short: lower-cased on the stack, not in a new
        // string for every surname hit.
        let mut buf = [0u8; 64];
        match buf.get_mut(..text.len()) {
            Some(lower) => {
                lower.copy_from_slice(text.as_bytes());
                lower.make_ascii_lowercase();
                // ASCII lower-casing keeps the text UTF-8.
                let lower = std::str::from_utf8(lower).ok()?;
                self.grown.get(lower).copied()
            }
            None => self.grown.get(&text.to_ascii_lowercase()).copied(),
        }
    }
}

impl Matcher {
    /// Grows a surname hit back over the words before it into a listed
    /// name form ("Jane Smith", "J. Smith"), longest first.
    fn grow_back(&self, text: &str, hit: Hit, hits: &[Hit]) -> Option<Hit> {
        if !self.grows_back[hit.pattern as usize] {
            return None;
        }
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(self.max_back_words);
        let mut at = hit.start;
        for _ in 0..self.max_back_words {
            // One space, then a word.
            if at == 0 || bytes[at - 1] != b' ' {
                break;
            }
            let end = at - 1;
            let mut start = end;
            while start > 0 && bytes[start - 1] != b' ' && bytes[start - 1] != b'\n' {
                start -= 1;
            }
            // Leading punctuation ("(Jane") is not part of the name.
            while start < end && !text[start..].starts_with(|c: char| c.is_alphanumeric()) {
                start += text[start..].chars().next().map_or(1, char::len_utf8);
            }
            if start >= end {
                break;
            }
            starts.push(start);
            at = start;
        }
        starts.into_iter().rev().find_map(|start| {
            // Never into an earlier hit that the grown form would cut in two.
            if hits
                .iter()
                .rev()
                .find(|h| h.start < start)
                .is_some_and(|h| h.end > start)
            {
                return None;
            }
            let id = self.grown_form(&text[start..hit.end])?;
            at_word_boundary(text, start, hit.end).then_some(Hit {
                start,
                end: hit.end,
                pattern: id,
            })
        })
    }

    /// Grows a surname hit forward into "Smith, Jane", longest first.
    fn grow_forward(&self, text: &str, hit: Hit) -> Option<Hit> {
        if !self.grows_forward[hit.pattern as usize] || !text[hit.end..].starts_with(", ") {
            return None;
        }
        let bytes = text.as_bytes();
        let mut ends = Vec::with_capacity(self.max_forward_words);
        let mut at = hit.end + 1;
        for _ in 0..self.max_forward_words {
            if at >= bytes.len() || bytes[at] != b' ' {
                break;
            }
            let start = at + 1;
            let mut end = start;
            while end < bytes.len() && !matches!(bytes[end], b' ' | b'\n') {
                end += 1;
            }
            // Trailing punctuation ("Jane.") is not part of the name.
            while end > start && !text[..end].ends_with(|c: char| c.is_alphanumeric()) {
                end -= text[..end].chars().next_back().map_or(1, char::len_utf8);
            }
            if end <= start {
                break;
            }
            ends.push(end);
            at = end;
        }
        ends.into_iter().rev().find_map(|end| {
            let id = self.grown_form(&text[hit.start..end])?;
            at_word_boundary(text, hit.start, end).then_some(Hit {
                start: hit.start,
                end,
                pattern: id,
            })
        })
    }
}

/// The forms a topic term is matched in: as written, plural, and with its
/// words joined by hyphens or by spaces ("low-traffic neighbourhoods").
pub fn topic_variants(term: &str) -> Vec<String> {
    let term = normalise_str(term);
    let mut bases = vec![term.clone()];
    if term.contains(' ') {
        bases.push(term.replace(' ', "-"));
    }
    if term.contains('-') {
        bases.push(term.replace('-', " "));
    }
    let mut out = Vec::new();
    for b in bases {
        // Abbreviations ("LTN") are matched as written, plural too ("LTNs").
        let plural = if b.ends_with('s')
            || b.ends_with('x')
            || b.ends_with("ch")
            || b.ends_with("sh")
        {
            format!("{b}es")
        } else if b.ends_with('y') && !b.ends_with("ay") && !b.ends_with("ey") && !b.ends_with("oy")
        {
            format!("{}ies", &b[..b.len() - 1])
        } else {
            format!("{b}s")
        };
        out.push(b);
        out.push(plural);
    }
    out.sort();
    out.dedup();
    out
}

/// Where a pattern may start: a cheap test that keeps the automaton away
/// from most word starts.
///
/// A match must end at a word boundary, so a pattern's first token (its
/// leading run of ASCII letters and digits, or else its first byte) is the
/// text's first token there, whole: "Williams" never starts at "Will", nor
/// "Lee" at "Leeds". So patterns are known by a hash of their first token.
/// The commonest words still begin some phrase ("the" of "the green
/// party"), so a pattern that goes on past its first token is also known by
/// a hash of its first bytes, as many as it has up to sixteen (rounded down
/// to one of `PHRASE_LENGTHS`); the token's entry says which lengths to
/// try. Hash sets give false "maybe"s, never a false "no".
#[derive(Clone)]
struct Starts {
    /// Some pattern starts with this byte.
    first: [bool; 256],
    /// By the hash of a first token: bit 0, some pattern is that token
    /// alone; bit `n + 1`, some pattern goes on past it and is known by its
    /// first `PHRASE_LENGTHS[n]` bytes.
    tokens: Box<[u8]>,
    /// The patterns that go on past their first token, by a hash of their
    /// first `k` bytes.
    phrases: Box<[u64]>,
}

/// The prefix lengths a phrase is known by: the longest its length allows.
/// Sixteen bytes tell "the council tax rise" from "the council offices",
/// which eight ("the coun") do not.
const PHRASE_LENGTHS: [usize; 6] = [2, 4, 6, 8, 12, 16];

/// Bits of the hashes: 256 K token slots (256 KB) and 512 K bits (64 KB) of
/// phrase prefixes keep false "maybe"s of 25,000 patterns near 5%.
const TOKEN_BITS: u32 = 18;
const PHRASE_BITS: u32 = 19;

impl Default for Starts {
    fn default() -> Self {
        Starts {
            first: [false; 256],
            tokens: vec![0; 1 << TOKEN_BITS].into_boxed_slice(),
            phrases: vec![0; 1 << (PHRASE_BITS - 6)].into_boxed_slice(),
        }
    }
}

impl std::fmt::Debug for Starts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Starts").finish_non_exhaustive()
    }
}

/// The first eight bytes of `bytes`, little-endian, zero past its end.
#[inline]
fn load_eight(bytes: &[u8]) -> u64 {
    match bytes.first_chunk::<8>() {
        Some(eight) => u64::from_le_bytes(*eight),
        None => {
            let mut eight = [0u8; 8];
            eight[..bytes.len()].copy_from_slice(bytes);
            u64::from_le_bytes(eight)
        }
    }
}

/// The first `len` bytes of eight, the rest zeroed.
#[inline]
fn keep_bytes(eight: u64, len: usize) -> u64 {
    if len >= 8 {
        eight
    } else {
        eight & ((1 << (8 * len)) - 1)
    }
}

/// The high bit of each byte of `x` that is an ASCII letter or digit,
/// eight bytes at once: branch-free, as token ends are unpredictable.
#[inline]
fn alphanumeric_bytes(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let ascii = !x & HIGH;
    let low = x & !HIGH;
    // The high bit of `low + (0x80 - lo)` is set when a byte is at least
    // `lo`, and of `low + (0x7F - hi)` when it is above `hi`; no carry
    // crosses bytes, as each sum stays under 0x100.
    let within = |lo: u64, hi: u64| (low + ONES * (0x80 - lo)) & !(low + ONES * (0x7F - hi));
    let digits = within(u64::from(b'0'), u64::from(b'9'));
    let upper = within(u64::from(b'A'), u64::from(b'Z'));
    let lower = within(u64::from(b'a'), u64::from(b'z'));
    ascii & (digits | upper | lower) & HIGH
}

impl Starts {
    /// The length of the first token of `folded` (non-empty), whose first
    /// eight bytes are `eight`; counted up to nine, as only whether a token
    /// is longer than eight bytes matters.
    #[inline]
    fn token_len(folded: &[u8], eight: u64) -> usize {
        let ends = !alphanumeric_bytes(eight) & 0x8080_8080_8080_8080;
        match ends.trailing_zeros() / 8 {
            0 => 1,
            8 if folded.get(8).is_some_and(u8::is_ascii_alphanumeric) => 9,
            len => len as usize,
        }
    }

    /// The hash slot of a first token, `len` bytes long (nine standing for
    /// more than eight), of text starting with `eight`.
    #[inline]
    fn token(eight: u64, len: usize) -> usize {
        // At most eight bytes are hashed; a longer token is marked as such.
        let long = if len > 8 { 0x5555_5555_5555_5555 } else { 0 };
        let x = (keep_bytes(eight, len) ^ long).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (x >> (64 - TOKEN_BITS)) as usize
    }

    /// The bit in `phrases` of the first `k` bytes (one of `PHRASE_LENGTHS`)
    /// of text starting with the sixteen bytes `eight`, `next_eight`.
    #[inline]
    fn phrase(eight: u64, next_eight: u64, k: usize) -> usize {
        let low = keep_bytes(eight, k) ^ k as u64;
        let high = if k > 8 {
            keep_bytes(next_eight, k - 8)
        } else {
            0
        };
        let x = (low.wrapping_mul(0xD6E8_FEB8_6659_FD93).rotate_left(29) ^ high)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (x >> (64 - PHRASE_BITS)) as usize
    }

    fn add(&mut self, pattern: &[u8]) {
        let Some(&first) = pattern.first() else {
            return;
        };
        self.first[usize::from(first)] = true;
        let eight = load_eight(pattern);
        let slot = Self::token(eight, Self::token_len(pattern, eight));
        if Self::is_one_token(pattern) {
            self.tokens[slot] |= 1;
        } else {
            // The longest of the prefix lengths the pattern has (a phrase
            // has at least two bytes: its first token and what follows).
            let (n, &k) = PHRASE_LENGTHS
                .iter()
                .enumerate()
                .rev()
                .find(|&(_, &k)| k <= pattern.len())
                .unwrap_or((0, &PHRASE_LENGTHS[0]));
            self.tokens[slot] |= 2 << n;
            let next_eight = load_eight(pattern.get(8..).unwrap_or_default());
            let i = Self::phrase(eight, next_eight, k);
            self.phrases[i >> 6] |= 1 << (i & 63);
        }
    }

    /// Is the pattern its first token alone?
    fn is_one_token(pattern: &[u8]) -> bool {
        match pattern.first() {
            Some(first) if first.is_ascii_alphanumeric() => {
                pattern.iter().all(u8::is_ascii_alphanumeric)
            }
            Some(_) => pattern.len() == 1,
            None => false,
        }
    }

    /// The offset of the first byte in `folded` that some pattern starts with.
    #[inline]
    fn next_first(&self, folded: &[u8]) -> Option<usize> {
        folded.iter().position(|&b| self.first[usize::from(b)])
    }

    /// May a pattern start at the start of `folded` (non-empty)? Its first
    /// byte is taken to be one some pattern starts with (`next_first`).
    #[inline]
    fn may_start(&self, folded: &[u8]) -> Start {
        let eight = load_eight(folded);
        let len = Self::token_len(folded, eight);
        let flags = self.tokens[Self::token(eight, len)];
        let token = (flags & 1 != 0).then_some(len);
        // Each prefix length some phrase with this first token is known by.
        let mut lengths = flags >> 1;
        if lengths != 0 {
            let next_eight = load_eight(folded.get(8..).unwrap_or_default());
            while lengths != 0 {
                let k = PHRASE_LENGTHS[lengths.trailing_zeros() as usize];
                lengths &= lengths - 1;
                if k > folded.len() {
                    break;
                }
                let i = Self::phrase(eight, next_eight, k);
                if self.phrases[i >> 6] & (1 << (i & 63)) != 0 {
                    return Start::Phrase(token);
                }
            }
        }
        match token {
            Some(len) => Start::Token(len),
            None => Start::No,
        }
    }
}

/// What [`Starts::may_start`] tells of a place in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    /// No pattern starts here.
    No,
    /// No phrase starts here, but one-token patterns start with this token
    /// (its length, nine standing for more than eight): it is a match if it
    /// is one.
    Token(usize),
    /// A phrase may start here: ask the automaton. With the token's length,
    /// if one-token patterns start with it too.
    Phrase(Option<usize>),
}

/// Folds text (or a pattern) for the automaton, keeping every offset: ASCII
/// letters are lower-cased, except the first letter of each ASCII word,
/// which is upper-cased. `after_word` says whether the byte before `bytes`
/// is an ASCII letter or digit.
///
/// Folding case once per document halves the automaton's transitions. The
/// capital marks where words start: a pattern that starts with a letter
/// starts with a capital once folded, so it can only match at the start of
/// a word, and inside words the automaton stays in its start state. Without
/// it, most matches were a short surname ("Lee", "Hall") inside another
/// word, and the automaton walked deep into its tables at every letter. Bytes of
/// other scripts are left alone and count as word starts; `at_word_boundary`
/// still decides every match.
fn fold_for_automaton(bytes: &[u8], after_word: bool, out: &mut Vec<u8>) {
    let Some(&first) = bytes.first() else {
        return;
    };
    let start = out.len();
    out.resize(start + bytes.len(), 0);
    let out = &mut out[start..];
    out[0] = fold_byte(after_word, first);
    // Each byte depends only on itself and the byte before, so this
    // compiles to vector instructions.
    for ((folded, &b), &before) in out[1..].iter_mut().zip(&bytes[1..]).zip(bytes) {
        *folded = fold_byte(before.is_ascii_alphanumeric(), b);
    }
}

#[inline(always)]
fn fold_byte(after_word: bool, b: u8) -> u8 {
    let letter = (b | 0x20).wrapping_sub(b'a') < 26;
    let lower_case_bit = if after_word { 0x20 } else { 0 };
    if letter {
        (b & !0x20) | lower_case_bit
    } else {
        b
    }
}

/// Is `text[start..end]` a whole word or phrase?
pub fn at_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let first = text[start..].chars().next();
    let last = text[..end].chars().next_back();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    // A boundary is only needed where the pattern itself starts or ends with a letter.
    (!word(first) || !word(before)) && (!word(last) || !word(after))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::candidates::Candidate;

    fn matcher(names: &[&str]) -> (Matcher, People) {
        let people = People::new(
            names
                .iter()
                .map(|n| Candidate {
                    name: n.to_string(),
                    ..Candidate::default()
                })
                .map(|c| (c, None))
                .collect(),
            &[],
            &Lexicon::builtin(),
        );
        (
            Matcher::build(&Lexicon::builtin(), &LocalTerms::default(), &people, None),
            people,
        )
    }

    fn words(m: &Matcher, text: &str) -> Vec<String> {
        m.scan(text)
            .iter()
            .map(|h| text[h.start..h.end].to_string())
            .collect()
    }

    #[test]
    fn fold_marks_word_starts_with_capitals() {
        let mut out = Vec::new();
        fold_for_automaton(
            b"The LABOUR-party, o'Brien 20mph \xe2\x80\x9cSmith",
            false,
            &mut out,
        );
        assert_eq!(out, b"The Labour-Party, O'Brien 20mph \xe2\x80\x9cSmith");
        out.clear();
        fold_for_automaton(b"mith Lee", true, &mut out);
        assert_eq!(out, b"mith Lee", "continues a word begun before the window");
    }

    #[test]
    fn names_only_at_word_starts_whatever_precedes_them() {
        let (m, _) = matcher(&["Ann Lee"]);
        // Inside words ("fleet", "Leeds") never; after quotes, brackets,
        // a curly quote or at the very start and end, always.
        assert_eq!(
            words(
                &m,
                "Lee fleet Leeds (Lee) \u{201c}Lee\u{201d} l\u{e9}Lee LEE lee"
            ),
            ["Lee", "Lee", "Lee", "LEE", "lee"]
        );
        // A short pattern at the very end of the text.
        assert_eq!(words(&m, "said Lee"), ["said", "Lee"]);
    }

    #[test]
    fn alphanumeric_bytes_agree_with_the_standard_test() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut eight = [b' '; 8];
                eight[at] = b;
                let high = alphanumeric_bytes(u64::from_le_bytes(eight)) >> (8 * at + 7) & 1;
                assert_eq!(high == 1, b.is_ascii_alphanumeric(), "byte {b:#x} at {at}");
            }
        }
        let x = u64::from_le_bytes(*b"Ab9 z\xC3\xA9_");
        assert_eq!(Starts::token_len(b"Ab9 z", x), 3);
        assert_eq!(
            Starts::token_len(b"Featherstonehaugh", load_eight(b"Featherstonehaugh")),
            9
        );
        assert_eq!(Starts::token_len(b"Smithson", load_eight(b"Smithson")), 8);
        assert_eq!(Starts::token_len(b"@jane", load_eight(b"@jane")), 1);
    }

    #[test]
    fn start_filter_never_refuses_a_pattern_start() {
        let mut starts = Starts::default();
        let patterns: [&[u8]; 12] = [
            b"The Council Tax Rise",
            b"X",
            b"Ng",
            b"Lee",
            b"Mr",
            b"Mr X",
            b"Smith",
            b"Willis",
            b"Edwards",
            b"#Votelabour",
            b"The Green Party",
            b"Featherstonehaugh",
        ];
        for p in patterns {
            starts.add(p);
        }
        for p in patterns {
            // The pattern alone, and followed by more text.
            assert!(starts.first[usize::from(p[0])]);
            assert!(
                starts.may_start(p) != Start::No,
                "{}",
                String::from_utf8_lossy(p)
            );
            let followed = [p, b" Said"].concat();
            assert!(
                starts.may_start(&followed) != Start::No,
                "{}",
                String::from_utf8_lossy(&followed)
            );
        }
        // A pattern ends at a word's end: "Lee" never starts "Leeds".
        assert_eq!(starts.may_start(b"Leeds"), Start::No);
        assert_eq!(starts.may_start(b"Will Be"), Start::No);
        assert_eq!(starts.may_start(b"Williams"), Start::No);
        // "The" begins a long phrase: known by its first eight bytes.
        assert_eq!(starts.may_start(b"The District"), Start::No);
        // A phrase of sixteen bytes or more is known by its first sixteen.
        assert_eq!(starts.may_start(b"The Council Offices"), Start::No);
        assert_ne!(starts.may_start(b"#Votelabour"), Start::No);
        // Only one-token patterns start with "Smith" and "Lee": the token
        // alone answers, and says how long it is.
        assert_eq!(starts.may_start(b"Smith Said"), Start::Token(5));
        assert_eq!(starts.may_start(b"Lee"), Start::Token(3));
        assert_eq!(starts.may_start(b"Featherstonehaugh"), Start::Token(9));
        // "The" begins phrases only: the automaton decides.
        assert_eq!(starts.may_start(b"The Green Party"), Start::Phrase(None));
        // "Mr" is a pattern and begins one: the automaton decides where the
        // phrase may follow, the token alone where it cannot.
        assert_eq!(starts.may_start(b"Mr X"), Start::Phrase(Some(2)));
        assert_eq!(starts.may_start(b"Mr Jones"), Start::Token(2));
    }

    #[test]
    fn one_token_names_of_any_length_are_found_whole() {
        // "Ng" is found by its bytes as a number, "Featherstonehaugh" (over
        // eight bytes) by its string; neither inside a longer word.
        let (m, _) = matcher(&["Amy Ng", "Jo Featherstonehaugh"]);
        assert_eq!(
            words(
                &m,
                "NG met Featherstonehaugh, not Ngs or Featherstonehaughs, and ng."
            ),
            vec!["NG", "Featherstonehaugh", "ng"]
        );
    }

    #[test]
    fn longest_phrase_wins_and_boundaries_hold() {
        let (m, _) = matcher(&["Jane Smith"]);
        assert_eq!(
            words(
                &m,
                "Cllr Jane Smith spoke on the labour market in Smithfield."
            ),
            vec!["Cllr", "Jane Smith", "labour market"]
        );
    }

    #[test]
    fn failed_boundary_does_not_hide_a_later_match() {
        let (m, _) = matcher(&["Jane Smith"]);
        assert_eq!(words(&m, "xJane Smith"), vec!["Smith"]);
    }

    #[test]
    fn names_grow_from_the_surname() {
        // "Grace" is also a surname: the longer name still wins.
        let (m, _) = matcher(&["Jane Mary Smith", "Tom Grace", "Grace Green"]);
        assert_eq!(
            words(
                &m,
                "(Jane Smith), J. Smith, Jane Mary Smith, SMITH, Jane and Grace Green. \
                 Smith, Janet; Mr Smith; Tom Grace."
            ),
            vec![
                "Jane Smith",
                "J. Smith",
                "Jane Mary Smith",
                "SMITH, Jane",
                "Grace Green",
                "Smith",
                "Mr",
                "Smith",
                "Tom Grace"
            ]
        );
        let grown = m.scan("Jane Smith");
        assert!(matches!(
            m.meanings(grown[0].pattern),
            [Meaning::Name {
                form: NameForm::Full,
                ..
            }]
        ));
    }

    #[test]
    fn matches_across_the_folding_windows_are_found_once() {
        // The text is folded a megabyte at a time: names that straddle a
        // window's end must be found exactly as in one pass.
        let (m, _) = matcher(&["Jane Smith"]);
        for shift in 0..24 {
            let mut text = "x ".repeat(((1 << 20) - 12 + shift) / 2);
            text.push_str("Cllr JANE SMITH and Smith, Jane. ");
            text.push_str(&"y ".repeat(1000));
            text.push_str("Jane Smith");
            assert_eq!(
                words(&m, &text),
                vec!["Cllr", "JANE SMITH", "Smith, Jane", "Jane Smith"],
                "shift {shift}"
            );
        }
    }

    #[test]
    fn non_ascii_case_variants() {
        let (m, _) = matcher(&["Zoë Brontë"]);
        assert_eq!(
            words(&m, "ZOË BRONTË and zoë brontë"),
            vec!["ZOË BRONTË", "zoë brontë"]
        );
    }
}

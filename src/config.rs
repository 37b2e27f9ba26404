//! `prepoll.toml`: the elections a council is holding, where its candidate
//! lists are, and its local additions to the rules and word lists.
//!
//! Parsed with serde + toml (spans give every error a line number), then
//! validated into a [`Config`] whose elections carry their computed periods.
//! Unknown keys are errors, not silently ignored: a misspelt `polling_day`
//! must not turn the checker off.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use crate::calendar::{self, ElectionType, Nation};
use crate::candidates::{self, Candidate};
use crate::finding::Severity;
use crate::rules::RuleId;

/// Most terms a council may add to a word list (the automaton stays small).
pub const MAX_LOCAL_TERMS: usize = 10_000;
/// Longest term a council may add, in bytes.
pub const MAX_TERM_LEN: usize = 200;

/// The file name prepoll looks for.
pub const CONFIG_FILE_NAME: &str = "prepoll.toml";

/// A problem with the configuration or a file it names, located as precisely
/// as possible.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file at fault.
    pub path: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// What is wrong, in plain words.
    pub message: String,
}

impl ConfigError {
    /// An error at a line of a file.
    pub fn at(path: &Path, line: Option<usize>, message: impl Into<String>) -> Self {
        ConfigError {
            path: path.to_path_buf(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path.display(), line, self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    election: Vec<RawElection>,
    #[serde(default)]
    candidates: RawCandidates,
    #[serde(default)]
    lexicon: RawLexicon,
    #[serde(default)]
    rules: RawRules,
    #[serde(default)]
    files: RawFiles,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawElection {
    id: Spanned<String>,
    #[serde(rename = "type")]
    kind: Spanned<String>,
    polling_day: Spanned<toml::Value>,
    notice_of_election: Option<Spanned<toml::Value>>,
    nation: Option<Spanned<String>>,
    candidates: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCandidates {
    #[serde(default)]
    not_standing: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLexicon {
    #[serde(default)]
    controversial: Vec<String>,
    /// Local phrases that contain a party word but are ordinary use
    /// (a street, a venue): never flagged as a party.
    #[serde(default)]
    ordinary: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawRules {
    #[serde(default)]
    disable: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<String, Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawFiles {
    #[serde(default)]
    exclude: Vec<String>,
}

/// One election and its pre-election period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Election {
    /// Democracy Club style id, or free text.
    pub id: String,
    /// The kind of election.
    pub kind: ElectionType,
    /// The nation whose bank holidays count.
    pub nation: Nation,
    /// Polling day: the period ends at the close of poll.
    pub polling_day: NaiveDate,
    /// The notice of election: the period starts here.
    pub notice_of_election: NaiveDate,
    /// True when the notice date was computed rather than given.
    pub notice_computed: bool,
    /// The candidates standing.
    pub candidates: Vec<Candidate>,
}

impl Election {
    /// Is the date inside the pre-election period (notice to polling day, inclusive)?
    pub fn in_period(&self, date: NaiveDate) -> bool {
        self.notice_of_election <= date && date <= self.polling_day
    }
}

/// The validated configuration.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Where it was read from, if anywhere.
    pub path: Option<PathBuf>,
    /// The elections, in the order given.
    pub elections: Vec<Election>,
    /// Councillors known not to stand (names as written).
    pub not_standing: Vec<String>,
    /// Local controversial topics.
    pub controversial: Vec<String>,
    /// Local ordinary phrases never read as a party.
    pub ordinary: Vec<String>,
    /// Rules turned off.
    pub disabled: Vec<RuleId>,
    /// Severity overrides.
    pub severity: BTreeMap<RuleId, Severity>,
    /// Glob patterns of files to skip when walking folders.
    pub exclude: Vec<String>,
    /// The config file and the candidate lists it names: never checked as
    /// publicity when a folder is walked.
    pub own_files: Vec<PathBuf>,
}

/// Finds the nearest `prepoll.toml` in `start` or a folder above it.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let mut dir = Some(start);
    while let Some(d) = dir {
        let candidate = d.join(CONFIG_FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

/// Converts a byte offset in `text` to a 1-based line number.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Reads and validates a config file, loading the candidate lists it names.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| ConfigError::at(path, None, format!("cannot read config: {e}")))?;
    parse(&text, path)
}

/// Parses config text; `path` locates errors and relative candidate files.
pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start));
        ConfigError::at(path, line, e.message().trim().to_string())
    })?;
    let err = |span: std::ops::Range<usize>, msg: String| {
        ConfigError::at(path, Some(line_of(text, span.start)), msg)
    };
    let base = path.parent().unwrap_or(Path::new("."));

    let mut elections = Vec::new();
    let mut own_files: Vec<PathBuf> = std::fs::canonicalize(path).into_iter().collect();
    for e in raw.election {
        let kind: ElectionType = e
            .kind
            .get_ref()
            .parse()
            .map_err(|x: calendar::UnknownValue| err(e.kind.span(), x.to_string()))?;
        let nation = match &e.nation {
            Some(n) => n
                .get_ref()
                .parse()
                .map_err(|x: calendar::UnknownValue| err(n.span(), x.to_string()))?,
            None => kind.home_nation().unwrap_or(Nation::England),
        };
        let polling_day = toml_date(&e.polling_day).ok_or_else(|| {
            err(
                e.polling_day.span(),
                "polling_day must be a date such as 2027-05-06".into(),
            )
        })?;
        let (notice, computed) = match &e.notice_of_election {
            Some(v) => (
                toml_date(v).ok_or_else(|| {
                    err(
                        v.span(),
                        "notice_of_election must be a date such as 2027-03-29".into(),
                    )
                })?,
                false,
            ),
            None => (calendar::notice_deadline(polling_day, kind, nation), true),
        };
        if notice > polling_day {
            let span = e
                .notice_of_election
                .as_ref()
                .map(|v| v.span())
                .unwrap_or(e.id.span());
            return Err(err(
                span,
                format!(
                    "notice_of_election {notice} is after polling_day {polling_day} in election \"{}\"",
                    e.id.get_ref()
                ),
            ));
        }
        let candidates = match &e.candidates {
            Some(file) => {
                let file_path = base.join(file.get_ref());
                if !file_path.is_file() {
                    return Err(err(
                        file.span(),
                        format!("candidates file {} does not exist", file_path.display()),
                    ));
                }
                own_files.extend(std::fs::canonicalize(&file_path));
                candidates::load(&file_path, Some(e.id.get_ref()))?
            }
            None => Vec::new(),
        };
        elections.push(Election {
            id: e.id.into_inner(),
            kind,
            nation,
            polling_day,
            notice_of_election: notice,
            notice_computed: computed,
            candidates,
        });
    }

    let mut disabled = Vec::new();
    for id in raw.rules.disable {
        let rule = RuleId::parse(id.get_ref()).ok_or_else(|| {
            err(
                id.span(),
                format!(
                    "unknown rule id \"{}\" in [rules] disable (see `prepoll rules`)",
                    id.get_ref()
                ),
            )
        })?;
        disabled.push(rule);
    }
    let mut severity = BTreeMap::new();
    for (key, value) in raw.rules.severity {
        let rule = RuleId::parse(&key).ok_or_else(|| {
            err(
                value.span(),
                format!("unknown rule id \"{key}\" in [rules] severity (see `prepoll rules`)"),
            )
        })?;
        let level = Severity::parse(value.get_ref()).ok_or_else(|| {
            err(
                value.span(),
                format!(
                    "unknown severity \"{}\": expected error, warning or info",
                    value.get_ref()
                ),
            )
        })?;
        severity.insert(rule, level);
    }
    for (list, terms) in [
        ("controversial", &raw.lexicon.controversial),
        ("ordinary", &raw.lexicon.ordinary),
        ("not_standing", &raw.candidates.not_standing),
    ] {
        if terms.len() > MAX_LOCAL_TERMS {
            return Err(ConfigError::at(
                path,
                None,
                format!(
                    "{list} has {} entries, over the limit of {MAX_LOCAL_TERMS}",
                    terms.len()
                ),
            ));
        }
        if let Some(t) = terms
            .iter()
            .find(|t| t.len() > MAX_TERM_LEN || t.trim().is_empty())
        {
            let what = if t.trim().is_empty() {
                "an empty entry".to_string()
            } else {
                format!(
                    "an entry of {} bytes, over the limit of {MAX_TERM_LEN}",
                    t.len()
                )
            };
            return Err(ConfigError::at(path, None, format!("{list} has {what}")));
        }
    }
    Ok(Config {
        path: Some(path.to_path_buf()),
        elections,
        not_standing: raw.candidates.not_standing,
        controversial: raw.lexicon.controversial,
        ordinary: raw.lexicon.ordinary,
        disabled,
        severity,
        exclude: raw.files.exclude,
        own_files,
    })
}

/// A TOML date (`2027-05-06`) or a string holding one.
fn toml_date(v: &Spanned<toml::Value>) -> Option<NaiveDate> {
    match v.get_ref() {
        toml::Value::Datetime(dt) => {
            // A date-time counts by its date part.
            let d = dt.date?;
            NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
        }
        toml::Value::String(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok(),
        _ => None,
    }
}

/// A commented starter config, written by `prepoll init`.
pub const STARTER: &str = r#"# prepoll.toml: the elections this council is holding and how to check publicity.
# Docs: `prepoll rules`, `prepoll explain RULE`.

[[election]]
id = "local.example.2027-05-06"     # Democracy Club election id style; free text is fine
type = "local"                      # local | parish | mayoral | gla | pcc | parliamentary | senedd |
                                    # scottish-parliament | ni-assembly | referendum
polling_day = 2027-05-06
# notice_of_election = 2027-03-29   # optional: computed from polling_day and nation if absent
nation = "england"                  # england | wales | scotland | northern-ireland
candidates = "candidates.csv"       # Democracy Club export, or name,party,ward,aliases

[candidates]
not_standing = []                   # councillors known not to stand, e.g. ["Cllr Ann Other"]

[lexicon]
controversial = []                  # local controversial topics, added to the built-in list
ordinary = []                       # local phrases that only look like a party, e.g. ["Green Street"]

[rules]
disable = []                        # rule ids to turn off
severity = {}                       # e.g. { partisan-tone = "info" }

[files]
exclude = []                        # e.g. ["archive/**"]
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(s: &str) -> Result<Config, ConfigError> {
        parse(s, Path::new("prepoll.toml"))
    }

    #[test]
    fn computes_notice_when_absent() {
        let c = parse_str(
            "[[election]]\nid = \"local.x.2024-05-02\"\ntype = \"local\"\npolling_day = 2024-05-02\n",
        )
        .unwrap();
        let e = &c.elections[0];
        assert_eq!(
            e.notice_of_election,
            NaiveDate::from_ymd_opt(2024, 3, 26).unwrap()
        );
        assert!(e.notice_computed);
        assert!(e.in_period(NaiveDate::from_ymd_opt(2024, 4, 1).unwrap()));
        assert!(!e.in_period(NaiveDate::from_ymd_opt(2024, 5, 3).unwrap()));
    }

    #[test]
    fn unknown_key_names_line() {
        let e = parse_str(
            "[[election]]\nid = \"x\"\ntype = \"local\"\npolling_day = 2024-05-02\npoling = 1\n",
        )
        .unwrap_err();
        assert_eq!(e.line, Some(5));
        assert!(e.message.contains("poling"), "{}", e.message);
    }

    #[test]
    fn bad_type_and_date() {
        let e =
            parse_str("[[election]]\nid = \"x\"\ntype = \"locall\"\npolling_day = 2024-05-02\n")
                .unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("local"));
        let e = parse_str("[[election]]\nid = \"x\"\ntype = \"local\"\npolling_day = 2024-02-30\n")
            .unwrap_err();
        assert_eq!(e.line, Some(4));
        let e = parse_str(
            "[[election]]\nid = \"x\"\ntype = \"local\"\npolling_day = 2024-05-02\nnotice_of_election = 2024-06-01\n",
        )
        .unwrap_err();
        assert!(e.message.contains("after polling_day"), "{}", e.message);
    }

    #[test]
    fn missing_candidates_file() {
        let e = parse(
            "[[election]]\nid = \"x\"\ntype = \"local\"\npolling_day = 2024-05-02\ncandidates = \"nope.csv\"\n",
            Path::new("/nonexistent/prepoll.toml"),
        )
        .unwrap_err();
        assert_eq!(e.line, Some(5));
        assert!(e.message.contains("does not exist"));
    }

    #[test]
    fn rules_section_validated() {
        let c = parse_str(
            "[rules]\ndisable = [\"party-identified\"]\nseverity = { partisan-tone = \"info\" }\n",
        )
        .unwrap();
        assert_eq!(c.disabled, vec![RuleId::PartyIdentified]);
        assert_eq!(c.severity.get(&RuleId::PartisanTone), Some(&Severity::Info));
        let e = parse_str("[rules]\ndisable = [\"no-such-rule\"]\n").unwrap_err();
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn starter_config_parses() {
        // Its candidates file does not exist beside it, so check the TOML shape only.
        let raw: Result<RawConfig, _> = toml::from_str(STARTER);
        assert!(raw.is_ok());
    }
}

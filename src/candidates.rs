//! Candidate lists, read with the csv crate in either of two forms:
//! Democracy Club's candidates export (`person_name`, `party_name`,
//! `post_label`, `election_id`, ... and the legacy `name`/`election` header),
//! or a plain `name,party,ward,aliases` list with `;`-separated aliases.

use std::path::Path;

use crate::config::ConfigError;

/// One person standing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Candidate {
    /// The name as listed ("Jane Smith").
    pub name: String,
    /// The party or description, if any.
    pub party: Option<String>,
    /// The ward or division (Democracy Club's `post_label`).
    pub ward: Option<String>,
    /// Other names and roles that identify the person.
    pub aliases: Vec<String>,
    /// Social media handles, without the `@`.
    pub handles: Vec<String>,
}

impl Candidate {
    /// "Jane Smith (Labour Party, Abbey ward)".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(p) = &self.party {
            parts.push(p.clone());
        }
        if let Some(w) = &self.ward {
            let lower = w.to_ascii_lowercase();
            if lower.contains("ward") || lower.contains("division") || lower.contains("member of") {
                parts.push(w.clone());
            } else {
                parts.push(format!("{w} ward"));
            }
        }
        if parts.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, parts.join(", "))
        }
    }
}

/// Most candidates read from one list (a UK general election has about 4,500).
pub const MAX_CANDIDATES: usize = 100_000;

/// Which column holds what, found from the header row.
struct Columns {
    name: usize,
    party: Option<usize>,
    ward: Option<usize>,
    aliases: Option<usize>,
    election: Option<usize>,
    ballot: Option<usize>,
    sopn_first: Option<usize>,
    sopn_last: Option<usize>,
    handles: Option<usize>,
}

impl Columns {
    fn from_header(header: &csv::StringRecord) -> Option<Columns> {
        let find = |names: &[&str]| {
            header.iter().position(|h| {
                let h = h.trim().trim_start_matches('\u{FEFF}').to_ascii_lowercase();
                names.contains(&h.as_str())
            })
        };
        Some(Columns {
            name: find(&[
                "person_name",
                "name",
                "candidate",
                "candidate_name",
                "full_name",
            ])?,
            party: find(&["party_name", "party", "party_description_text"]),
            ward: find(&["post_label", "ward", "division", "post", "constituency"]),
            aliases: find(&["aliases", "alias", "also_known_as", "roles"]),
            election: find(&["election_id", "election"]),
            ballot: find(&["ballot_paper_id"]),
            sopn_first: find(&["sopn_first_names"]),
            sopn_last: find(&["sopn_last_name"]),
            handles: find(&["twitter_username", "handles", "handle", "twitter"]),
        })
    }
}

/// Loads a candidate list. With `election_id`, rows of a Democracy Club
/// export that belong to other elections are left out (when any row matches).
pub fn load(path: &Path, election_id: Option<&str>) -> Result<Vec<Candidate>, ConfigError> {
    let bytes = std::fs::read(path)
        .map_err(|e| ConfigError::at(path, None, format!("cannot read candidate list: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        ConfigError::at(path, None, format!("candidate list is not UTF-8 text: {e}"))
    })?;
    parse(&text, path, election_id)
}

/// Parses candidate-list text.
pub fn parse(
    text: &str,
    path: &Path,
    election_id: Option<&str>,
) -> Result<Vec<Candidate>, ConfigError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| ConfigError::at(path, Some(1), format!("cannot read CSV header: {e}")))?
        .clone();
    let cols = Columns::from_header(&header).ok_or_else(|| {
        ConfigError::at(
            path,
            Some(1),
            "candidate list has no name column (expected `name` or Democracy Club's `person_name`)",
        )
    })?;
    // (does the row belong to `election_id`?, the candidate)
    let mut rows: Vec<(bool, Candidate)> = Vec::new();
    // One record, reused: a general election's list is thousands of rows,
    // read at every start. Byte records, as the text is already known to
    // be UTF-8 and only a few fields are kept.
    let mut record = csv::ByteRecord::new();
    loop {
        let more = reader.read_byte_record(&mut record).map_err(|e| {
            let line = e.position().map(|p| p.line() as usize);
            let msg = match e.kind() {
                csv::ErrorKind::UnequalLengths {
                    expected_len, len, ..
                } => {
                    format!("row has {len} fields but the header has {expected_len}")
                }
                _ => e.to_string(),
            };
            ConfigError::at(path, line, msg)
        })?;
        if !more {
            break;
        }
        let line = record.position().map(|p| p.line() as usize);
        // Fields are trimmed as they are read. The text is a `str` and
        // fields split at ASCII bytes, so each field is UTF-8 too.
        let field = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .and_then(|b| std::str::from_utf8(b).ok())
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let Some(name) = field(Some(cols.name)) else {
            return Err(ConfigError::at(path, line, "row has an empty name"));
        };
        if name.len() > crate::config::MAX_TERM_LEN {
            return Err(ConfigError::at(
                path,
                line,
                format!(
                    "name is {} bytes long, over the limit of {}",
                    name.len(),
                    crate::config::MAX_TERM_LEN
                ),
            ));
        }
        if rows.len() >= MAX_CANDIDATES {
            return Err(ConfigError::at(
                path,
                line,
                format!("more than {MAX_CANDIDATES} candidates: refused"),
            ));
        }
        let mut aliases: Vec<String> = field(cols.aliases)
            .map(|a| {
                a.split(';')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        // The name on the ballot paper may differ from the commonly used one.
        if let (Some(first), Some(last)) = (field(cols.sopn_first), field(cols.sopn_last)) {
            let sopn = format!("{} {}", title_case(first), title_case(last));
            if !sopn.eq_ignore_ascii_case(name) {
                aliases.push(sopn);
            }
        }
        let handles = field(cols.handles)
            .map(|h| {
                h.split(';')
                    .map(|s| s.trim().trim_start_matches('@').to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let ballot = field(cols.ballot);
        let election = field(cols.election).or(ballot);
        let matching = election_id.is_some_and(|id| {
            election
                .into_iter()
                .chain(ballot)
                .any(|x| election_matches(id, x))
        });
        rows.push((
            matching,
            Candidate {
                name: name.to_string(),
                party: field(cols.party).map(str::to_string),
                ward: field(cols.ward).map(str::to_string),
                aliases,
                handles,
            },
        ));
    }
    // Rows of other elections are left out when any row is of this one.
    let any_matching = rows.iter().any(|(m, _)| *m);
    Ok(rows
        .into_iter()
        .filter(|(m, _)| *m || !any_matching)
        .map(|(_, c)| c)
        .collect())
}

/// Does a row's election or ballot id belong to the configured election?
/// `local.wexbridge.2027-05-06` covers the ballot `local.wexbridge.abbey.2027-05-06`.
fn election_matches(config_id: &str, row_id: &str) -> bool {
    if config_id.eq_ignore_ascii_case(row_id) {
        return true;
    }
    match config_id.rsplit_once('.') {
        Some((prefix, date)) if date.len() == 10 => {
            row_id.starts_with(&format!("{prefix}.")) && row_id.ends_with(date)
        }
        _ => false,
    }
}

/// SOPN names are often in capitals ("SMITH"): "Smith".
fn title_case(s: &str) -> String {
    if s.chars().any(|c| c.is_lowercase()) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut start = true;
    for c in s.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphanumeric();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str, id: Option<&str>) -> Result<Vec<Candidate>, ConfigError> {
        parse(text, Path::new("c.csv"), id)
    }

    #[test]
    fn plain_form() {
        let c = p(
            "name,party,ward,aliases\nJane Smith,Labour Party,Abbey,Leader of the Council; Janey\nTom Marsh,,,\n",
            None,
        )
        .unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].aliases, vec!["Leader of the Council", "Janey"]);
        assert_eq!(c[0].describe(), "Jane Smith (Labour Party, Abbey ward)");
        assert_eq!(c[1].party, None);
    }

    #[test]
    fn democracy_club_form_filters_election() {
        let csv = "person_id,person_name,election_id,ballot_paper_id,election_date,election_current,party_name,party_id,post_label,cancelled_poll,seats_contested,sopn_first_names,sopn_last_name,twitter_username\n\
1,Jane Smith,local.wexbridge.2027-05-06,local.wexbridge.abbey.2027-05-06,2027-05-06,t,Labour Party,PP53,Abbey,f,2,Jane Mary,SMITH,janesmith\n\
2,Other Person,local.elsewhere.2027-05-06,local.elsewhere.x.2027-05-06,2027-05-06,t,Green Party,PP63,X,f,1,,,\n";
        let c = p(csv, Some("local.wexbridge.2027-05-06")).unwrap();
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].name, "Jane Smith");
        assert_eq!(c[0].ward.as_deref(), Some("Abbey"));
        assert_eq!(c[0].aliases, vec!["Jane Mary Smith"]);
        assert_eq!(c[0].handles, vec!["janesmith"]);
        // No row matches: keep them all rather than silently checking nothing.
        assert_eq!(p(csv, Some("parl.2029-05-03")).unwrap().len(), 2);
    }

    #[test]
    fn errors_name_the_line() {
        let e = p("party,ward\nLabour,Abbey\n", None).unwrap_err();
        assert_eq!(e.line, Some(1));
        assert!(e.message.contains("no name column"));
        let e = p("name,party\nJane Smith,Labour\nTom,Con,extra\n", None).unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.to_string().starts_with("c.csv:3: "), "{e}");
    }
}

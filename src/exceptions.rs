//! Inline exceptions: a comms team can waive a finding, but only with a
//! reason, which stays in every report so a monitoring officer can audit it.
//!
//! ```text
//! <!-- prepoll-allow candidate-quoted: emergency statement approved-by Chief Executive until 2027-05-06 -->
//! <!-- prepoll-disable party-identified: list of candidates required by law -->
//! ...
//! <!-- prepoll-enable party-identified -->
//! ```
//!
//! `prepoll-allow` covers the next paragraph (block); `prepoll-disable` …
//! `prepoll-enable` a region. The same words on a line of their own work in
//! plain text. Several rules may be listed, separated by commas; `all`
//! covers every rule. `approved-by NAME` and `until YYYY-MM-DD` are
//! optional; an exception past its date no longer applies. A directive
//! without a reason, or naming an unknown rule, is itself a finding.

use std::ops::Range;

use chrono::NaiveDate;

use crate::extract::Comment;
use crate::finding::Suppression;
use crate::rules::RuleId;

/// What a directive does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Waive findings in the next block.
    Allow,
    /// Waive findings until the matching enable.
    Disable,
    /// End a disabled region.
    Enable,
}

/// Which rules a directive covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rules {
    /// Every rule.
    All,
    /// These rules.
    Some(Vec<RuleId>),
}

impl Rules {
    fn covers(&self, rule: RuleId) -> bool {
        match self {
            Rules::All => true,
            Rules::Some(r) => r.contains(&rule),
        }
    }
}

/// A parsed directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Allow, disable or enable.
    pub action: Action,
    /// The rules covered.
    pub rules: Rules,
    /// Why (required for allow and disable).
    pub reason: Option<String>,
    /// Who approved it.
    pub approved_by: Option<String>,
    /// The last day it applies.
    pub until: Option<NaiveDate>,
    /// Where the directive is, in the source.
    pub range: Range<usize>,
}

/// A directive that cannot be used, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where, in the source.
    pub range: Range<usize>,
    /// What is wrong.
    pub message: String,
}

/// Parses the text of a comment or line; `None` if it is no directive.
pub fn parse(text: &str, range: Range<usize>) -> Option<Result<Directive, Problem>> {
    let text = text.trim();
    let (action, rest) = if let Some(r) = text.strip_prefix("prepoll-allow") {
        (Action::Allow, r)
    } else if let Some(r) = text.strip_prefix("prepoll-disable") {
        (Action::Disable, r)
    } else if let Some(r) = text.strip_prefix("prepoll-enable") {
        (Action::Enable, r)
    } else {
        return None;
    };
    let problem = |message: String| {
        Some(Err(Problem {
            range: range.clone(),
            message,
        }))
    };
    if !rest.is_empty() && !rest.starts_with([' ', ':', '\t']) {
        return problem(format!(
            "unknown directive \"{}\"",
            text.split_whitespace().next().unwrap_or(text)
        ));
    }
    let (ids, reason_part) = match rest.split_once(':') {
        Some((ids, reason)) => (ids, Some(reason)),
        None => (rest, None),
    };
    let mut rules = Vec::new();
    let mut all = false;
    for id in ids
        .split([',', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        if id == "all" || id == "*" {
            all = true;
        } else if let Some(r) = RuleId::parse(id) {
            rules.push(r);
        } else {
            return problem(format!(
                "unknown rule \"{id}\" in {} (see `prepoll rules`)",
                text.split_whitespace().next().unwrap_or("")
            ));
        }
    }
    if !all && rules.is_empty() {
        return problem("the directive names no rule: write the rule id, e.g. prepoll-allow candidate-quoted: reason".to_string());
    }
    let rules = if all { Rules::All } else { Rules::Some(rules) };
    // The reason, with optional "approved-by NAME" and "until DATE".
    let mut reason = reason_part.unwrap_or("").trim().to_string();
    let mut until = None;
    if let Some(pos) = find_word(&reason, "until") {
        let date_text = reason[pos + 5..].split_whitespace().next().unwrap_or("");
        match NaiveDate::parse_from_str(date_text, "%Y-%m-%d") {
            Ok(d) => {
                until = Some(d);
                let end =
                    pos + 5 + reason[pos + 5..].find(date_text).unwrap_or(0) + date_text.len();
                reason.replace_range(pos..end, "");
            }
            Err(_) => {
                return problem(format!(
                    "\"until {date_text}\" is not a date in the form YYYY-MM-DD"
                ));
            }
        }
    }
    let mut approved_by = None;
    if let Some(pos) = find_word(&reason, "approved-by") {
        let name = reason[pos + "approved-by".len()..]
            .trim()
            .trim_matches(|c| c == ',' || c == ';')
            .trim();
        if !name.is_empty() {
            approved_by = Some(name.to_string());
        }
        reason.truncate(pos);
    }
    let reason = reason
        .trim()
        .trim_end_matches([',', ';', '-', '—'])
        .trim()
        .to_string();
    if action != Action::Enable && reason.is_empty() {
        return problem(
            "an exception needs a reason: write it after a colon, e.g. prepoll-allow candidate-quoted: emergency statement approved by the Chief Executive"
                .to_string(),
        );
    }
    Some(Ok(Directive {
        action,
        rules,
        reason: (!reason.is_empty()).then_some(reason),
        approved_by,
        until,
        range,
    }))
}

/// The byte offset of `word` as a whole word in `s`.
fn find_word(s: &str, word: &str) -> Option<usize> {
    s.match_indices(word).map(|(i, _)| i).find(|&i| {
        let before = s[..i].chars().next_back();
        let after = s[i + word.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    })
}

/// A waiver in force over a stretch of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiver {
    /// The stretch of source covered.
    pub range: Range<usize>,
    /// The rules covered.
    pub rules: Rules,
    /// The suppression recorded on findings.
    pub suppression: Suppression,
}

/// Turns a document's comments into waivers and problems. `blocks` are the
/// source ranges of the document's blocks, in order; `date` is the day the
/// document is judged at (exceptions past their `until` no longer apply).
pub fn waivers(
    comments: &[Comment],
    blocks: &[Range<usize>],
    source_len: usize,
    date: NaiveDate,
) -> (Vec<Waiver>, Vec<Problem>) {
    let mut waivers = Vec::new();
    let mut problems = Vec::new();
    let mut open: Vec<Directive> = Vec::new();
    for c in comments {
        let d = match parse(&c.text, c.range.clone()) {
            None => continue,
            Some(Err(p)) => {
                problems.push(p);
                continue;
            }
            Some(Ok(d)) => d,
        };
        let expired = d.until.is_some_and(|u| date > u);
        let suppression = |d: &Directive| Suppression {
            reason: d.reason.clone().unwrap_or_default(),
            approved_by: d.approved_by.clone(),
        };
        match d.action {
            Action::Allow => {
                if expired {
                    continue;
                }
                // The next block after the directive.
                if let Some(block) = blocks.iter().find(|b| b.start >= d.range.end) {
                    waivers.push(Waiver {
                        range: block.clone(),
                        rules: d.rules.clone(),
                        suppression: suppression(&d),
                    });
                }
            }
            Action::Disable => open.push(d),
            Action::Enable => {
                // Close the regions this enable names.
                let mut keep = Vec::new();
                for o in open.drain(..) {
                    let closes = match (&d.rules, &o.rules) {
                        (Rules::All, _) => true,
                        (Rules::Some(e), Rules::Some(r)) => r.iter().all(|x| e.contains(x)),
                        (Rules::Some(_), Rules::All) => false,
                    };
                    if closes {
                        if o.until.is_none_or(|u| date <= u) {
                            waivers.push(Waiver {
                                range: o.range.end..d.range.start,
                                rules: o.rules.clone(),
                                suppression: suppression(&o),
                            });
                        }
                    } else {
                        keep.push(o);
                    }
                }
                open = keep;
            }
        }
    }
    // Regions never enabled run to the end of the file.
    for o in open {
        if o.until.is_none_or(|u| date <= u) {
            waivers.push(Waiver {
                range: o.range.end..source_len,
                rules: o.rules.clone(),
                suppression: Suppression {
                    reason: o.reason.clone().unwrap_or_default(),
                    approved_by: o.approved_by.clone(),
                },
            });
        }
    }
    (waivers, problems)
}

/// The waiver covering a finding of `rule` starting at `start`, if any.
pub fn waiver_for(waivers: &[Waiver], rule: RuleId, start: usize) -> Option<&Waiver> {
    waivers
        .iter()
        .find(|w| w.range.contains(&start) && w.rules.covers(rule))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<Result<Directive, Problem>> {
        parse(s, 0..s.len())
    }

    #[test]
    fn parses_reason_approver_and_date() {
        let d = p("prepoll-allow candidate-quoted, party-identified: emergency statement approved-by Chief Executive until 2027-05-06")
            .unwrap()
            .unwrap();
        assert_eq!(d.action, Action::Allow);
        assert_eq!(
            d.rules,
            Rules::Some(vec![RuleId::CandidateQuoted, RuleId::PartyIdentified])
        );
        assert_eq!(d.reason.as_deref(), Some("emergency statement"));
        assert_eq!(d.approved_by.as_deref(), Some("Chief Executive"));
        assert_eq!(d.until, NaiveDate::from_ymd_opt(2027, 5, 6));
    }

    #[test]
    fn problems() {
        assert!(p("just a comment").is_none());
        assert!(p("prepoll-allow candidate-quoted").unwrap().is_err());
        assert!(p("prepoll-allow candidate-quoted:   ").unwrap().is_err());
        assert!(p("prepoll-allow no-such-rule: x").unwrap().is_err());
        assert!(
            p("prepoll-allow candidate-quoted: x until soon")
                .unwrap()
                .is_err()
        );
        assert!(p("prepoll-enable candidate-quoted").unwrap().is_ok());
        assert!(p("prepoll-allowance x: y").unwrap().is_err());
    }

    #[test]
    fn regions_and_expiry() {
        let c = |t: &str, at: usize| Comment {
            text: t.into(),
            range: at..at + 10,
        };
        let comments = vec![
            c("prepoll-allow all: reason", 0),
            c(
                "prepoll-disable party-identified: list required by law",
                100,
            ),
            c("prepoll-enable party-identified", 200),
            c(
                "prepoll-allow candidate-named: old approval until 2027-01-01",
                300,
            ),
        ];
        let blocks = vec![20..40, 50..60, 120..150, 320..340];
        let date = NaiveDate::from_ymd_opt(2027, 4, 12).unwrap();
        let (w, problems) = waivers(&comments, &blocks, 1000, date);
        assert!(problems.is_empty());
        assert_eq!(w.len(), 2, "{w:?}");
        assert_eq!(w[0].range, 20..40);
        assert_eq!(w[1].range, 110..200);
        assert!(waiver_for(&w, RuleId::PartyIdentified, 130).is_some());
        assert!(waiver_for(&w, RuleId::CandidateNamed, 130).is_none());
        assert!(waiver_for(&w, RuleId::CandidateNamed, 325).is_none());
    }
}

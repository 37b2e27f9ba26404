//! Words that name a party only in context ("Green", "Independent"): a
//! party named outright beside them is such a context ("a Labour and Green
//! coalition"); an ordinary phrase or a place name still wins.

use std::path::Path;

use chrono::NaiveDate;
use prepoll::engine::{CheckOptions, Checker};
use prepoll::extract::Format;

fn parties(text: &str) -> Vec<(usize, usize)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus/prepoll.toml");
    let config = prepoll::config::load(&root).unwrap();
    let mut options = CheckOptions::new(NaiveDate::from_ymd_opt(2027, 4, 12).unwrap());
    options.assume_period = true;
    let checker = Checker::new(config, Vec::new(), options).unwrap();
    checker
        .check_source("news/draft.txt", text, Format::Text)
        .findings
        .iter()
        .filter(|f| f.rule.as_str() == "party-identified")
        .map(|f| (f.span.line, f.span.column))
        .collect()
}

#[test]
fn a_cued_party_word_joined_to_a_named_party_is_a_party() {
    assert_eq!(
        parties("The district has been run by a Labour and Green coalition since 2023.\n"),
        vec![(1, 32), (1, 43)]
    );
    assert_eq!(
        parties("Green and Labour members agreed.\n"),
        vec![(1, 1), (1, 11)]
    );
}

#[test]
fn an_ordinary_phrase_or_a_place_beside_a_party_is_not_one() {
    // "Labour" is a party here, capitalised mid-sentence; the road and the
    // review are not.
    assert_eq!(
        parties("Residents of the Labour and Green Lane estates met.\n"),
        vec![(1, 18)]
    );
    assert_eq!(
        parties("A green and pleasant land.\nThe independent review and Labour market data.\n"),
        Vec::new()
    );
}

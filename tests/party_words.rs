//! Words that name a party only in context ("Green", "Independent"): a
//! party named outright beside them is such a context ("a Labour and Green
//! coalition"); an ordinary phrase or a place name still wins.

mod common;

use prepoll::extract::Format;

/// Line and column of each party-identified finding.
fn parties(text: &str) -> Vec<(usize, usize)> {
    common::findings("news/draft.txt", text, Format::Text)
        .into_iter()
        .filter(|f| f.0 == "party-identified")
        .map(|f| (f.1, f.2))
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

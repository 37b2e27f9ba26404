//! Campaigning language and partisan tone in words a keyword list must
//! carry ("delivered on her pledge", "a huge win"), and the ordinary use
//! beside them ("a flagship store" is a shop, not a boast).

mod common;

use prepoll::extract::Format;

fn findings(text: &str) -> Vec<(String, usize, usize)> {
    common::findings("news/draft.txt", text, Format::Text)
}

#[test]
fn campaign_promises_and_boasts_are_found() {
    assert_eq!(
        findings("She delivered on her pledge to fix the roads.\n"),
        vec![("electioneering".to_string(), 1, 5)]
    );
    assert_eq!(
        findings("A huge win for Northgate! Four years of delivery.\n"),
        vec![
            ("partisan-tone".to_string(), 1, 3),
            ("partisan-tone".to_string(), 1, 27)
        ]
    );
}

#[test]
fn a_flagship_store_is_a_shop() {
    assert_eq!(
        findings("A sportswear retailer will open its flagship store in the old post office.\n"),
        Vec::new()
    );
    assert_eq!(
        findings("The flagship scheme has been extended.\n"),
        vec![("partisan-tone".to_string(), 1, 5)]
    );
}

/// "Vote Green" is campaigning at "Vote" and a party mention at "Green",
/// as "re-elect Jane Smith" is campaigning and a candidate named; an
/// ordinary "vote green" names no party.
#[test]
fn the_party_in_vote_x_is_a_mention_of_its_own() {
    assert_eq!(
        findings("RT: \"Vote Green on 6 May!\" Or vote green, for the planet.\n"),
        vec![
            ("electioneering".to_string(), 1, 6),
            ("party-identified".to_string(), 1, 11),
            ("electioneering".to_string(), 1, 31)
        ]
    );
}

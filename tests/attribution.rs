//! The rules that tie words to someone (quotes, views, events, pictures)
//! read the people and party groups the naming rules found, and skip a
//! document in which there are none. The first test pins that shortcut: a
//! party group alone is still someone to tie a view to (it fails if the
//! shortcut counts people only). The second is the hard negative beside
//! it: a spokesperson's quote and a decision reported impartially, in a
//! document that names nobody, are not reported.

mod common;

use prepoll::extract::Format;

fn findings(text: &str) -> Vec<(String, usize, usize)> {
    common::findings("news/draft.md", text, Format::Markdown)
}

#[test]
fn a_party_group_alone_is_someone_to_tie_a_view_to() {
    let got = findings("The Labour group's motion on parking charges was debated.\n");
    assert!(
        got.contains(&("attributed-views".to_string(), 1, 5)),
        "{got:?}"
    );
}

#[test]
fn quotes_and_views_in_a_document_naming_nobody_are_not_reported() {
    let text = "\"We are delighted with the new library,\" said a spokesperson.\n\n\
The proposal to extend opening hours was agreed.\n";
    assert_eq!(findings(text), Vec::new());
}

/// A quote block signed inside itself ("> — Cllr Smith", as Markdown
/// and HTML put it) is a quotation under the candidate's name, at the
/// signature; an officer's signed block quote is not.
#[test]
fn a_block_quote_signed_inside_itself_is_a_quotation() {
    let signed = "Plots open in May.\n\n> Growing your own food is good for everyone.\n>\n\
> — Cllr Priya Patel, councillor for Castle\n";
    assert!(
        findings(signed).contains(&("candidate-quoted".to_string(), 5, 5)),
        "{:?}",
        findings(signed)
    );
    let officer = "Plots open in May.\n\n> Growing your own food is good for everyone.\n>\n\
> — Karen Doyle, Head of Parks\n";
    assert_eq!(findings(officer), Vec::new());
}

/// An auxiliary or an adverb may stand between a group or a councillor
/// and the verb that ties a view to them; a verb further off does not.
#[test]
fn a_view_verb_after_an_auxiliary_and_an_adverb_is_tied() {
    for (text, column) in [
        (
            "The Green group has also asked for a review of the charges.\n",
            5,
        ),
        (
            "Cllr Thomas Marsh has repeatedly called for more parking.\n",
            1,
        ),
    ] {
        assert!(
            findings(text).contains(&("attributed-views".to_string(), 1, column)),
            "{text}: {:?}",
            findings(text)
        );
    }
    let far = "Cllr Thomas Marsh chaired the meeting at which residents called for more parking.\n";
    assert!(
        !findings(far).iter().any(|f| f.0 == "attributed-views"),
        "{:?}",
        findings(far)
    );
}

/// A partial quote in single quotes that opens in lower case is a
/// quotation; apostrophes ("'til", "rock 'n' roll", "residents'") are not.
#[test]
fn a_partial_quote_in_single_quotes_is_a_quotation() {
    let text = "Cllr Priya Patel told residents that the Sunday service was 'long overdue'.\n";
    assert_eq!(
        findings(text),
        vec![("candidate-quoted".to_string(), 1, 1)],
        "{text}"
    );
    let apostrophes = "Cllr Priya Patel opened the residents' 'til late market. \
Tickets for rock 'n' roll night are £5.\n";
    assert!(
        findings(apostrophes).contains(&("candidate-event".to_string(), 1, 1)),
        "{:?}",
        findings(apostrophes)
    );
}

//! Welsh-language and bilingual publicity: party names, titles and
//! attribution verbs in Welsh (`fixtures/blind` is a Welsh council).

use std::path::Path;

use chrono::NaiveDate;
use prepoll::engine::{CheckOptions, Checker};
use prepoll::extract::Format;

fn findings(text: &str) -> Vec<(String, usize, usize)> {
    let config = prepoll::config::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/blind/prepoll.toml"),
    )
    .unwrap();
    let mut options = CheckOptions::new(NaiveDate::from_ymd_opt(2027, 4, 21).unwrap());
    options.date = Some(options.today);
    let checker = Checker::new(config, Vec::new(), options).unwrap();
    checker
        .check_source("datganiad.txt", text, Format::Text)
        .findings
        .iter()
        .map(|f| (f.rule.as_str().to_string(), f.span.line, f.span.column))
        .collect()
}

#[test]
fn welsh_quote_title_and_parties() {
    let text = "Bydd y llyfrgell yn ailagor ddydd Llun.\n\n\
\"Rydym yn falch iawn,\" meddai'r Cynghorydd Rhian Hill.\n\n\
Mae Llafur a Phlaid Cymru wedi trafod y cynllun.\n\n\
Gellir cysylltu â'r Cyng. Siân Price drwy'r cyngor.\n";
    let got = findings(text);
    assert_eq!(
        got,
        vec![
            ("candidate-quoted".to_string(), 3, 1),
            ("party-identified".to_string(), 5, 5),
            ("party-identified".to_string(), 5, 14),
            ("candidate-named".to_string(), 7, 21),
        ],
        "{got:?}"
    );
}

#[test]
fn bilingual_notices_stay_clean() {
    let text = "Cofrestru i bleidleisio / Register to vote\n\n\
Rhaid cofrestru erbyn 19 Ebrill. You must register by 19 April.\n\n\
Gorsafoedd pleidleisio ar agor 7am tan 10pm / Polling stations open 7am to 10pm.\n\n\
Mae'r blanced plaid ar gael yn y llyfrgell.\n";
    assert_eq!(findings(text), Vec::new());
}

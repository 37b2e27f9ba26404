//! Golden tests over the labelled corpus in `fixtures/corpus/`: every draft
//! has a `.expected` sidecar listing `LINE:COLUMN RULE` for each finding a
//! careful monitoring officer expects (an empty sidecar is a hard negative).
//! The test checks every file exactly, and prints precision and recall by
//! rule (`cargo test --test corpus -- --nocapture`), the figures in README.md.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use prepoll::engine::{CheckOptions, Checker};

type Key = (usize, usize, String);

fn expected(path: &Path) -> BTreeSet<Key> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (pos, rule) = l
                .split_once(' ')
                .unwrap_or_else(|| panic!("bad line {l:?} in {}", path.display()));
            let (line, col) = pos.split_once(':').unwrap();
            (
                line.parse().unwrap(),
                col.parse().unwrap(),
                rule.trim().to_string(),
            )
        })
        .collect()
}

fn drafts(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            drafts(&p, out);
        } else if p.extension().is_some_and(|e| e != "expected")
            && p.with_file_name(format!(
                "{}.expected",
                p.file_name().unwrap().to_string_lossy()
            ))
            .exists()
        {
            out.push(p);
        }
    }
}

/// The labelled corpora under `fixtures/`, each with the date its drafts
/// are checked at: the development corpora, tuned against...
const DEVELOPMENT: &[(&str, (i32, u32, u32))] = &[
    ("corpus", (2027, 4, 12)),
    ("parliamentary", (2029, 4, 20)),
    ("parish", (2027, 2, 1)),
    ("mayoral", (2027, 4, 12)),
];

/// ...and the held-out ones, written independently and never tuned against.
const HELD_OUT: &[(&str, (i32, u32, u32))] = &[
    ("holdout", (2027, 4, 12)),
    ("blind", (2027, 4, 12)),
    ("blind-all", (2027, 4, 19)),
    ("blind-3", (2027, 4, 19)),
];

fn day((y, m, d): (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Runs one labelled corpus and returns (per-rule tp/fp/fn, mismatches).
fn evaluate(root: &Path, date: NaiveDate) -> (BTreeMap<String, [usize; 3]>, Vec<String>) {
    let config = prepoll::config::load(&root.join("prepoll.toml")).unwrap();
    // Drafts are judged at a date inside their election's period (plain
    // text has no date of its own).
    let mut options = CheckOptions::new(date);
    options.date = Some(date);
    let checker = Checker::new(config, Vec::new(), options).unwrap();
    let mut files = Vec::new();
    for sub in std::fs::read_dir(root).unwrap().flatten() {
        if sub.path().is_dir() {
            drafts(&sub.path(), &mut files);
        }
    }
    files.sort();
    assert!(files.len() >= 5, "corpus at {} is missing", root.display());
    let mut stats: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    let mut mismatches = Vec::new();
    for file in files {
        let shown = file.strip_prefix(root).unwrap().display().to_string();
        let report = checker.check_file(&file, &shown);
        assert!(report.errors.is_empty(), "{shown}: {:?}", report.errors);
        let got: BTreeSet<Key> = report
            .findings
            .iter()
            .map(|f| (f.span.line, f.span.column, f.rule.as_str().to_string()))
            .collect();
        let want = expected(&file.with_file_name(format!(
            "{}.expected",
            file.file_name().unwrap().to_string_lossy()
        )));
        for k in got.intersection(&want) {
            stats.entry(k.2.clone()).or_default()[0] += 1;
        }
        for k in got.difference(&want) {
            stats.entry(k.2.clone()).or_default()[1] += 1;
            let f = report
                .findings
                .iter()
                .find(|f| (f.span.line, f.span.column) == (k.0, k.1))
                .unwrap();
            mismatches.push(format!(
                "{shown}:{}:{} unexpected {} ({:?})",
                k.0, k.1, k.2, f.text
            ));
        }
        for k in want.difference(&got) {
            stats.entry(k.2.clone()).or_default()[2] += 1;
            mismatches.push(format!("{shown}:{}:{} missed {}", k.0, k.1, k.2));
        }
    }
    (stats, mismatches)
}

fn print_table(name: &str, stats: &BTreeMap<String, [usize; 3]>) {
    println!(
        "\n{name}\n| rule | expected | found | correct | precision | recall |\n|---|---:|---:|---:|---:|---:|"
    );
    let mut total = [0usize; 3];
    for (rule, [tp, fp, fnn]) in stats {
        let p = *tp as f64 / (*tp + *fp).max(1) as f64;
        let r = *tp as f64 / (*tp + *fnn).max(1) as f64;
        println!(
            "| `{rule}` | {} | {} | {tp} | {:.3} | {:.3} |",
            tp + fnn,
            tp + fp,
            p,
            r
        );
        total[0] += tp;
        total[1] += fp;
        total[2] += fnn;
    }
    let [tp, fp, fnn] = total;
    println!(
        "| all | {} | {} | {tp} | {:.3} | {:.3} |",
        tp + fnn,
        tp + fp,
        tp as f64 / (tp + fp).max(1) as f64,
        tp as f64 / (tp + fnn).max(1) as f64
    );
}

/// The development corpora: Wexbridge (local), a general election, a
/// parish by-election and a combined-authority mayoral election. The
/// issue's target is precision >= 0.95 and recall >= 0.92 for every rule;
/// the floors below are the levels reached (README.md), so a change that
/// loses accuracy fails here.
#[test]
fn development_corpora_meet_their_floors() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut stats: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    let mut mismatches = Vec::new();
    for &(name, date) in DEVELOPMENT {
        let (s, m) = evaluate(&base.join(name), day(date));
        for (rule, v) in s {
            let e = stats.entry(rule).or_default();
            for k in 0..3 {
                e[k] += v[k];
            }
        }
        mismatches.extend(m.into_iter().map(|m| format!("{name}/{m}")));
    }
    print_table("fixtures/{corpus,parliamentary,parish,mayoral}", &stats);
    for m in &mismatches {
        println!("  {m}");
    }
    for (rule, [tp, fp, fnn]) in &stats {
        let precision = *tp as f64 / (tp + fp).max(1) as f64;
        let recall = *tp as f64 / (tp + fnn).max(1) as f64;
        assert!(
            precision >= PRECISION_FLOOR && recall >= RECALL_FLOOR,
            "{rule}: precision {precision:.3}, recall {recall:.3} below the floor"
        );
    }
}

/// The lowest per-rule precision and recall the development corpora reach.
const PRECISION_FLOOR: f64 = 0.95;
const RECALL_FLOOR: f64 = 0.95;

/// Evaluates a held-out corpus, prints its table and mismatches, and
/// checks its overall precision and recall against floors: held-out
/// corpora are reported as they are (README.md), never fitted label by
/// label, and the floors only catch a regression.
fn held_out(name: &str, precision_floor: f64, recall_floor: f64) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name);
    let &(_, date) = HELD_OUT
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("{name} is not in HELD_OUT"));
    let (stats, mismatches) = evaluate(&root, day(date));
    print_table(&format!("fixtures/{name}"), &stats);
    for m in &mismatches {
        println!("  {m}");
    }
    let [tp, fp, fnn] = stats
        .values()
        .fold([0; 3], |a, s| [a[0] + s[0], a[1] + s[1], a[2] + s[2]]);
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fnn).max(1) as f64;
    assert!(
        precision >= precision_floor && recall >= recall_floor,
        "{name}: precision {precision:.3}, recall {recall:.3}"
    );
}

/// Ashcombe (`fixtures/holdout/`), written independently of the code.
#[test]
fn holdout_corpus_stays_above_recorded_level() {
    held_out("holdout", 0.97, 0.95);
}

/// Glanmor (`fixtures/blind/`), a Welsh council with bilingual pages,
/// written without sight of the code or the other corpora.
#[test]
fn blind_corpus_stays_above_recorded_level() {
    held_out("blind", 0.97, 0.95);
}

/// Harrowfield (`fixtures/blind-all/`), every rule, written without sight
/// of the code or the other corpora.
#[test]
fn blind_all_rules_corpus_stays_above_recorded_level() {
    held_out("blind-all", 0.97, 0.95);
}

/// Kestrelmoor (`fixtures/blind-3/`), every rule, written without sight
/// of the code or the other corpora; its first run is in README.md.
#[test]
fn blind_3_corpus_stays_above_recorded_level() {
    held_out("blind-3", 0.93, 0.90);
}

/// A checker built for a few known files holds only the patterns whose
/// words occur in them (`Vocabulary`). That must change no finding: every
/// draft of every labelled corpus, checked by a checker narrowed to its own
/// words, gets exactly what the full checker reports, names and all.
#[test]
fn narrowing_the_automaton_to_a_files_words_changes_no_finding() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut compared = 0;
    let mut narrowed_away = 0;
    for &(name, date) in DEVELOPMENT.iter().chain(HELD_OUT) {
        let root = base.join(name);
        let date = day(date);
        let config = prepoll::config::load(&root.join("prepoll.toml")).unwrap();
        let mut options = CheckOptions::new(date);
        options.date = Some(date);
        let full = Checker::new(config.clone(), Vec::new(), options.clone()).unwrap();
        let mut files = Vec::new();
        drafts(&root, &mut files);
        for file in files {
            // As `prepoll check FILE` does: read ahead, narrowed to the
            // file's words, and the file checked as it was read.
            let mut ahead = prepoll::engine::read_ahead(&[file.as_path()], None, &options)
                .unwrap_or_else(|| panic!("{}: not read ahead", file.display()));
            let (_, read) = ahead.files.pop().unwrap();
            let mut narrow_options = options.clone();
            narrow_options.vocabulary = Some(ahead.vocabulary);
            let narrow = Checker::new(config.clone(), Vec::new(), narrow_options).unwrap();
            narrowed_away += full.patterns().count() - narrow.patterns().count();
            let shown = file.display().to_string();
            let (a, b) = (
                full.check_file(&file, &shown),
                narrow.check_read_file(read, &shown, true),
            );
            assert_eq!(
                format!("{:?}", a.findings),
                format!("{:?}", b.findings),
                "{shown}: narrowing changed the findings"
            );
            assert_eq!(a.errors, b.errors, "{shown}");
            compared += 1;
        }
    }
    assert!(compared > 200, "only {compared} drafts compared");
    // The narrowing must actually narrow, or this test proves nothing.
    assert!(narrowed_away > 0);
}

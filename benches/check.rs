//! Criterion benchmarks: `cargo bench`. The figures in README.md come from
//! these. Inputs are generated deterministically, so runs compare.
//!
//! - `press_release_5000`: one ~600-word press release checked against a
//!   general-election-sized candidate list (5,000 candidates with aliases);
//! - `build_5000`: compiling that list and the lexicons into the automaton;
//! - `extract_large_html`: extracting a ~1 MB HTML page;
//! - `corpus_in_memory`: the full check of the labelled corpus, in memory.

use std::hint::black_box;
use std::path::Path;

use chrono::NaiveDate;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use prepoll::candidates::Candidate;
use prepoll::config::Config;
use prepoll::engine::{CheckOptions, Checker};
use prepoll::extract::{self, Format};

const FIRST: &[&str] = &[
    "Jane", "Thomas", "Priya", "David", "Sarah", "Mohammed", "Chloe", "Aisha", "Gareth", "Fiona",
    "Oliver", "Amelia", "Kwame", "Siobhan", "Rhys", "Eilidh", "Tariq", "Hannah", "Callum", "Zara",
    "Liam", "Grace", "Arjun", "Megan", "Owen", "Leah", "Yusuf", "Niamh", "Ewan", "Ruth", "Connor",
    "Isla", "Dylan", "Anya", "Kieran", "Lucy", "Imran", "Erin", "Finn", "Maya",
];
const LAST: &[&str] = &[
    "Smith",
    "Jones",
    "Williams",
    "Taylor",
    "Brown",
    "Davies",
    "Evans",
    "Wilson",
    "Thomas",
    "Johnson",
    "Roberts",
    "Robinson",
    "Thompson",
    "Wright",
    "Walker",
    "White",
    "Edwards",
    "Hughes",
    "Green",
    "Hall",
    "Lewis",
    "Harris",
    "Clarke",
    "Patel",
    "Jackson",
    "Wood",
    "Turner",
    "Martin",
    "Cooper",
    "Hill",
    "Ward",
    "Morris",
    "Moore",
    "Clark",
    "Lee",
    "King",
    "Baker",
    "Harrison",
    "Morgan",
    "Allen",
    "James",
    "Scott",
    "Phillips",
    "Watson",
    "Davis",
    "Parker",
    "Price",
    "Bennett",
    "Young",
    "Griffiths",
    "Mitchell",
    "Kelly",
    "Cook",
    "Carter",
    "Richardson",
    "Bailey",
    "Collins",
    "Bell",
    "Shaw",
    "Murphy",
    "Miller",
    "Cox",
    "Richards",
    "Khan",
    "Marshall",
    "Anderson",
    "Simpson",
    "Ellis",
    "Adams",
    "Singh",
    "Begum",
    "Wilkinson",
    "Foster",
    "Chapman",
    "Powell",
    "Webb",
    "Rogers",
    "Gray",
    "Mason",
    "Ali",
    "Hunt",
    "Hussain",
    "Campbell",
    "Matthews",
    "Owen",
    "Palmer",
    "Holmes",
    "Mills",
    "Barnes",
    "Knight",
    "Lloyd",
    "Butler",
    "Russell",
    "Barker",
    "Fisher",
    "Stevens",
    "Jenkins",
    "Murray",
    "Dixon",
    "Harvey",
    "Okafor",
    "Mensah",
    "Nowak",
    "Kowalski",
    "O'Brien",
    "MacLeod",
    "Fraser",
    "Reid",
    "Stewart",
    "Graham",
    "Kerr",
    "Ferguson",
    "Hamilton",
    "Gordon",
    "Paterson",
    "Rees",
    "Price-Jones",
    "Vaughan",
    "Pritchard",
    "Howells",
];
const PARTIES: &[&str] = &[
    "Labour Party",
    "Conservative and Unionist Party",
    "Liberal Democrats",
    "Green Party",
    "Reform UK",
    "Independent",
    "Scottish National Party (SNP)",
    "Plaid Cymru - The Party of Wales",
];

/// 5,000 distinct candidates with nicknames and constituencies.
fn candidates(n: usize) -> Vec<Candidate> {
    (0..n)
        .map(|i| {
            let first = FIRST[i % FIRST.len()];
            let last = LAST[(i / FIRST.len()) % LAST.len()];
            // Past 40 x 120 combinations a middle initial keeps names distinct.
            let middle = i / (FIRST.len() * LAST.len());
            let name = if middle == 0 {
                format!("{first} {last}")
            } else {
                format!("{first} {} {last}", (b'A' + middle as u8) as char)
            };
            Candidate {
                name,
                party: Some(PARTIES[i % PARTIES.len()].to_string()),
                ward: Some(format!("Constituency {}", i % 650)),
                aliases: if i % 5 == 0 {
                    vec![format!("{} {last}", &first[..first.len().min(3)])]
                } else {
                    Vec::new()
                },
                handles: Vec::new(),
            }
        })
        .collect()
}

fn checker(n: usize) -> Checker {
    let mut options = CheckOptions::new(NaiveDate::from_ymd_opt(2027, 4, 12).unwrap());
    options.assume_period = true;
    Checker::new(Config::default(), candidates(n), options).unwrap()
}

/// A realistic ~600-word press release with a few breaches.
fn press_release() -> String {
    let para = "The council has confirmed that garden waste collections will restart on Monday 19 April \
across the district. Residents on Marsh Lane, Green Lane and around the Town Hall will be collected on \
Tuesdays, as before, and crews will start at 7am. The labour market report for the district shows more \
vacancies in the care sector, and a conservative estimate puts the shortfall at 300 posts. ";
    let breach = "Cllr Jane Smith welcomed the restart, and the Labour-run council has written to every \
household. The Lib Dems asked for a review. ";
    let mut s = String::from("# Garden waste collections restart\n\n");
    for i in 0..8 {
        s.push_str(para);
        if i % 3 == 0 {
            s.push_str(breach);
        }
        s.push_str("\n\n");
    }
    s
}

fn large_html() -> String {
    let mut s = String::from(
        "<!doctype html><html><head><title>Archive</title><meta name=\"description\" content=\"News archive\"></head><body>",
    );
    let item = "<article><h2>Bins &amp; recycling</h2><p>Collections on <b>Green Lane</b> move to Tuesdays. \
<a href=\"/x\">Read more</a> about the changes from the waste team.</p><img src=\"/img/depot-crew.jpg\" alt=\"The depot crew\">\
<script>var x = '<p>ignored</p>';</script></article>\n";
    while s.len() < 1_000_000 {
        s.push_str(item);
    }
    s.push_str("</body></html>");
    s
}

fn benches(c: &mut Criterion) {
    let checker5000 = checker(5000);
    let release = press_release();
    let mut g = c.benchmark_group("check");
    g.throughput(Throughput::Bytes(release.len() as u64));
    g.bench_function("press_release_5000", |b| {
        b.iter(|| checker5000.check_source("release.md", black_box(&release), Format::Markdown))
    });
    g.finish();

    c.bench_function("build_5000", |b| b.iter(|| checker(black_box(5000))));

    // As `prepoll check release.md` builds it: for the words of the one
    // file it will check (src/vocabulary.rs).
    let extracted =
        prepoll::extract::extract(&release, Format::Markdown, &Default::default()).unwrap();
    let mut vocabulary = prepoll::vocabulary::Vocabulary::default();
    vocabulary.add_text(&extracted.text.text);
    let people = candidates(5000);
    c.bench_function("build_5000_for_one_release", |b| {
        b.iter(|| {
            let mut options = CheckOptions::new(NaiveDate::from_ymd_opt(2027, 4, 12).unwrap());
            options.assume_period = true;
            options.vocabulary = Some(vocabulary.clone());
            Checker::new(Config::default(), people.clone(), options).unwrap()
        })
    });

    let html = large_html();
    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::Bytes(html.len() as u64));
    g.bench_function("extract_large_html", |b| {
        b.iter(|| extract::extract(black_box(&html), Format::Html, &Default::default()))
    });
    g.finish();

    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/corpus");
    let corpus_checker = {
        let config = prepoll::config::load(&root.join("prepoll.toml")).unwrap();
        let mut options = CheckOptions::new(NaiveDate::from_ymd_opt(2027, 4, 12).unwrap());
        options.date = Some(options.today);
        Checker::new(config, Vec::new(), options).unwrap()
    };
    let mut docs = Vec::new();
    for dir in [
        "candidate-named",
        "party-identified",
        "unlisted-councillor",
        "negatives",
    ] {
        for e in std::fs::read_dir(root.join(dir)).unwrap().flatten() {
            let p = e.path();
            if let Some(format) = Format::from_path(&p) {
                docs.push((
                    p.display().to_string(),
                    std::fs::read_to_string(&p).unwrap(),
                    format,
                ));
            }
        }
    }
    let bytes: usize = docs.iter().map(|d| d.1.len()).sum();
    let mut g = c.benchmark_group("corpus");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("corpus_in_memory", |b| {
        b.iter(|| {
            docs.iter()
                .map(|(p, t, f)| corpus_checker.check_source(p, t, *f).findings.len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(check, benches);
criterion_main!(check);

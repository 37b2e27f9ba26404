//! Integration tests: run the real binary as users do.

use std::path::PathBuf;

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

fn prepoll() -> Command {
    let mut cmd = Command::cargo_bin("prepoll").unwrap();
    cmd.env_remove("NO_COLOR")
        .env("PREPOLL_TODAY", "2026-11-23");
    cmd
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const CONFIG: &str = r#"[[election]]
id = "local.testshire.2027-05-06"
type = "local"
polling_day = 2027-05-06
nation = "england"
candidates = "candidates.csv"

[candidates]
not_standing = ["Cllr Peter Brown"]
"#;

const CANDIDATES: &str = "name,party,ward,aliases\nJane Smith,Labour Party,Abbey,Leader of the Council\nTom Marsh,Conservative and Unionist Party,Riverside,\n";

/// A folder with a config, a candidate list and the given files.
fn project(files: &[(&str, &[u8])]) -> TempDir {
    let dir = TempDir::new().unwrap();
    std::fs::write(dir.path().join("prepoll.toml"), CONFIG).unwrap();
    std::fs::write(dir.path().join("candidates.csv"), CANDIDATES).unwrap();
    for (name, content) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }
    dir
}

const DRAFT: &str = "---\ndate: 2027-04-12\n---\n\nBins will be collected on Tuesdays.\nCllr Jane Smith and the Labour group were sent the new timetable.\n";

#[test]
fn demo_example_prints_findings_and_exits_1() {
    let assert = prepoll()
        .current_dir(repo())
        .args(["check", "examples/wexbridge", "--color", "never"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "examples/wexbridge/news/garden-waste.md:16:1: error[candidate-quoted]: Quote attributed to candidate Jane Smith (Labour Party, Abbey ward)",
        ))
        .stdout(predicate::str::contains("= fix:"))
        .stdout(predicate::str::contains("findings ("));
    // The demo shows every rule.
    let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    for rule in prepoll::rules::RuleId::ALL {
        assert!(
            out.contains(&format!("[{rule}]")),
            "the demo shows no {rule} finding:\n{out}"
        );
    }
}

#[test]
fn human_output_names_rule_place_and_fix() {
    let dir = project(&[("news/bins.md", DRAFT.as_bytes())]);
    prepoll()
        .current_dir(dir.path())
        .args(["check", "news", "--color", "never"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "news/bins.md:6:1: error[candidate-named]",
        ))
        .stdout(predicate::str::contains(
            "news/bins.md:6:25: error[party-identified]: Party identified: Labour Party",
        ))
        .stdout(predicate::str::contains(
            "6 | Cllr Jane Smith and the Labour group",
        ))
        .stdout(predicate::str::contains(
            "2 findings (2 errors) in 1 of 1 file checked",
        ))
        .stdout(predicate::str::contains("\x1b[").not());
}

#[test]
fn json_output_follows_the_spec() {
    let dir = project(&[("news/bins.md", DRAFT.as_bytes())]);
    let out = prepoll()
        .current_dir(dir.path())
        .args(["check", "news/bins.md", "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["tool"]["name"], "prepoll");
    assert_eq!(v["elections"][0]["id"], "local.testshire.2027-05-06");
    assert_eq!(v["elections"][0]["type"], "local");
    assert_eq!(v["elections"][0]["notice_of_election"], "2027-03-31");
    assert_eq!(v["elections"][0]["polling_day"], "2027-05-06");
    let file = &v["files"][0];
    assert_eq!(file["path"], "news/bins.md");
    assert_eq!(file["kind"], "press-release");
    assert_eq!(file["date"], "2027-04-12");
    assert_eq!(file["in_period"], true);
    assert_eq!(file["election"], "local.testshire.2027-05-06");
    let f = &file["findings"][0];
    assert_eq!(f["rule"], "candidate-named");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["line"], 6);
    assert_eq!(f["column"], 1);
    assert_eq!(f["end_line"], 6);
    assert_eq!(f["end_column"], 16);
    assert_eq!(f["text"], "Cllr Jane Smith");
    assert_eq!(f["candidate"], "Jane Smith");
    let start = f["start"].as_u64().unwrap() as usize;
    let end = f["end"].as_u64().unwrap() as usize;
    assert_eq!(&DRAFT[start..end], "Cllr Jane Smith");
    assert!(f["citation"].as_str().unwrap().contains("para 34"));
    assert!(!f["help"].as_str().unwrap().is_empty());
    assert!(f["suppressed"].is_null());
    assert_eq!(v["summary"]["files"], 1);
    assert_eq!(v["summary"]["findings"], 2);
    assert_eq!(v["summary"]["by_rule"]["candidate-named"], 1);
    assert_eq!(v["summary"]["by_severity"]["error"], 2);
}

#[test]
fn jsonl_writes_one_finding_per_line_with_path() {
    let dir = project(&[("news/bins.md", DRAFT.as_bytes())]);
    let out = prepoll()
        .current_dir(dir.path())
        .args(["check", "news/bins.md", "--format", "jsonl"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let lines: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(lines.iter().all(|l| l["path"] == "news/bins.md"));
    assert_eq!(lines[1]["rule"], "party-identified");
}

#[test]
fn outside_the_period_nothing_is_reported_and_the_next_period_is_named() {
    let draft = DRAFT.replace("2027-04-12", "2027-01-10");
    let dir = project(&[("bins.md", draft.as_bytes())]);
    prepoll()
        .current_dir(dir.path())
        .args(["check", "bins.md", "--color", "never"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "dated outside every pre-election period",
        ))
        .stdout(predicate::str::contains(
            "bins.md (judged at 2027-01-10: date from front-matter)",
        ))
        .stdout(predicate::str::contains(
            "(local.testshire.2027-05-06) starts on 2027-03-31",
        ))
        .stdout(predicate::str::contains("No findings in 1 file"));
    // --assume-period applies the rules anyway; --date judges at another date.
    prepoll()
        .current_dir(dir.path())
        .args(["check", "bins.md", "--assume-period"])
        .assert()
        .code(1);
    prepoll()
        .current_dir(dir.path())
        .args(["check", "bins.md", "--date", "2027-05-06"])
        .assert()
        .code(1);
    prepoll()
        .current_dir(dir.path())
        .args(["check", "bins.md", "--date", "2027-05-07"])
        .assert()
        .code(0);
}

#[test]
fn fail_on_levels() {
    let draft = "Cllr Alan Wright asked about the bins.\n";
    let dir = project(&[("note.txt", draft.as_bytes())]);
    let run = |fail_on: &str| {
        prepoll()
            .current_dir(dir.path())
            .args([
                "check",
                "note.txt",
                "--date",
                "2027-04-12",
                "--fail-on",
                fail_on,
            ])
            .assert()
    };
    // unlisted-councillor is a warning.
    run("error").code(0);
    run("warning").code(1);
    run("info").code(1);
    run("never").code(0);
}

#[test]
fn config_severity_and_disable_apply() {
    let dir = project(&[("note.txt", b"Cllr Jane Smith and the Tories.\n")]);
    let config = format!(
        "{CONFIG}\n[rules]\ndisable = [\"party-identified\"]\nseverity = {{ candidate-named = \"warning\" }}\n"
    );
    std::fs::write(dir.path().join("prepoll.toml"), config).unwrap();
    prepoll()
        .current_dir(dir.path())
        .args([
            "check",
            "note.txt",
            "--date",
            "2027-04-12",
            "--color",
            "never",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("warning[candidate-named]"))
        .stdout(predicate::str::contains("party-identified").not());
}

#[test]
fn stdin_with_a_file_name() {
    let dir = project(&[]);
    prepoll()
        .current_dir(dir.path())
        .args([
            "check",
            "-",
            "--stdin-filename",
            "draft.md",
            "--format",
            "jsonl",
        ])
        .write_stdin(DRAFT)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\"path\":\"draft.md\""))
        .stdout(predicate::str::contains("\"line\":6"));
}

/// The findings of the one file in a `--format json` report.
fn findings_of(stdout: &[u8], path: &str) -> serde_json::Value {
    let report: serde_json::Value = serde_json::from_slice(stdout).unwrap();
    let file = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("{path} not in the report"));
    file["findings"].clone()
}

/// A document piped in is read before the automaton is built, which then
/// holds only what may occur in it, as for a named file. Neither may
/// change a finding: the same document found in a folder (the full
/// automaton) gets the same ones. Word documents can be piped in too.
#[test]
fn stdin_is_checked_as_a_named_file_and_a_folder_are() {
    for (folder, file) in [
        (
            "examples/wexbridge/news",
            "examples/wexbridge/news/garden-waste.md",
        ),
        ("fixtures/docx", "fixtures/docx/play-area.docx"),
    ] {
        let run = |args: &[&str]| {
            let mut cmd = prepoll();
            cmd.current_dir(repo())
                .args(["check", "--format", "json"])
                .args(["--config", "examples/wexbridge/prepoll.toml"])
                .args(args);
            if args.contains(&"-") {
                cmd.write_stdin(std::fs::read(repo().join(file)).unwrap());
            }
            cmd.assert().code(1).get_output().stdout.clone()
        };
        let folder = findings_of(&run(&[folder]), file);
        let named = findings_of(&run(&[file]), file);
        let piped = findings_of(&run(&["-", "--stdin-filename", file]), file);
        assert!(
            folder.as_array().is_some_and(|f| f.len() >= 2),
            "{file}: {folder}"
        );
        assert_eq!(named, folder, "{file}: named");
        assert_eq!(piped, folder, "{file}: piped");
    }
}

/// An editor pipes in its buffer and names it: the config is found from
/// that name, as it would be for the file.
#[test]
fn stdin_finds_the_config_of_the_file_it_is_named_as() {
    let file = "examples/wexbridge/news/garden-waste.md";
    prepoll()
        .current_dir(repo())
        .args(["check", "-", "--stdin-filename", file, "--color", "never"])
        .write_stdin(std::fs::read(repo().join(file)).unwrap())
        .assert()
        .code(1)
        .stdout(predicate::str::contains(format!(
            "{file}:16:1: error[candidate-quoted]: Quote attributed to candidate Jane Smith"
        )));
}

#[test]
fn stdin_and_a_named_file_are_both_checked() {
    let dir = project(&[("named.md", DRAFT.as_bytes())]);
    let out = prepoll()
        .current_dir(dir.path())
        .args(["check", "named.md", "-", "--stdin-filename", "piped.md"])
        .args(["--format", "json"])
        .write_stdin(DRAFT.replace("Jane Smith", "Tom Marsh"))
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = |path| findings_of(&out, path).to_string();
    assert!(
        text("named.md").contains("Jane Smith"),
        "{}",
        text("named.md")
    );
    assert!(
        text("piped.md").contains("Tom Marsh"),
        "{}",
        text("piped.md")
    );
}

#[test]
fn config_errors_name_file_and_line() {
    let head = "[[election]]\nid = \"x\"\ntype = \"local\"\n";
    let cases = [
        (
            "polling_day = 2027-05-06\npolling_dya = 2027-05-06\n",
            "prepoll.toml:5: ",
            "polling_dya",
        ),
        ("polling_day = 2027-13-06\n", "prepoll.toml:4: ", "date"),
        (
            "polling_day = 2027-05-06\ncandidates = \"missing.csv\"\n",
            "prepoll.toml:5: ",
            "does not exist",
        ),
        (
            "polling_day = 2027-05-06\nnation = \"mercia\"\n",
            "prepoll.toml:5: ",
            "expected one of",
        ),
        (
            "polling_day = 2027-05-06\nnotice_of_election = 2027-06-01\n",
            "prepoll.toml:5: ",
            "after polling_day",
        ),
        (
            "polling_day = 2027-05-06\n[rules]\ndisable = [\"no-such-rule\"]\n",
            "prepoll.toml:6: ",
            "unknown rule id",
        ),
        ("polling_day = [2027\n", "prepoll.toml:4: ", ""),
    ];
    for (tail, place, problem) in cases {
        let dir = project(&[("a.txt", b"text")]);
        std::fs::write(dir.path().join("prepoll.toml"), format!("{head}{tail}")).unwrap();
        prepoll()
            .current_dir(dir.path())
            .args(["check", "a.txt"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(place))
            .stderr(predicate::str::contains(problem))
            .stderr(predicate::str::contains("panicked").not());
    }
}

#[test]
fn csv_without_name_column_is_an_error() {
    let dir = project(&[("a.txt", b"text")]);
    std::fs::write(
        dir.path().join("candidates.csv"),
        "party,ward\nLabour,Abbey\n",
    )
    .unwrap();
    prepoll()
        .current_dir(dir.path())
        .args(["check", "a.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "candidates.csv:1: candidate list has no name column",
        ));
}

#[test]
fn bad_inputs_are_reported_and_the_rest_still_checked() {
    let dir = project(&[
        ("a-binary.txt", b"GIF89a\x00\x01\x02 Cllr Jane Smith"),
        ("b-garbage.txt", b"\x81\x8d\x90 Cllr Jane Smith"),
        ("c-good.txt", b"Cllr Jane Smith has a new email address.\n"),
        ("d-empty.md", b""),
    ]);
    let assert = prepoll()
        .current_dir(dir.path())
        .args([
            "check",
            ".",
            "missing.md",
            "--date",
            "2027-04-12",
            "--color",
            "never",
        ])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("a-binary.txt: error: binary file"))
        .stdout(predicate::str::contains(
            "b-garbage.txt: error: not valid UTF-8",
        ))
        .stdout(predicate::str::contains(
            "missing.md: error: no such file or folder",
        ))
        .stdout(predicate::str::contains(
            "c-good.txt:1:1: error[candidate-named]",
        ))
        .stdout(predicate::str::contains("3 files could not be read"));
    assert.stderr(predicate::str::contains("panicked").not());
}

#[test]
fn a_folder_given_as_file_name_and_unknown_election() {
    let dir = project(&[("a.txt", b"text")]);
    prepoll()
        .current_dir(dir.path())
        .args(["check", "a.txt", "--election", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no election \"nope\""));
}

#[test]
fn files_are_never_modified() {
    let dir = project(&[("news/bins.md", DRAFT.as_bytes())]);
    let path = dir.path().join("news/bins.md");
    let before = std::fs::read(&path).unwrap();
    let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
    prepoll()
        .current_dir(dir.path())
        .args(["check", "."])
        .assert()
        .code(1);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), mtime);
}

#[test]
fn excludes_and_gitignore_are_respected() {
    let dir = project(&[
        ("archive/old.md", DRAFT.as_bytes()),
        ("ignored/old.md", DRAFT.as_bytes()),
        ("news/new.md", b"Nothing to see.\n"),
        (".gitignore", b"ignored/\n"),
    ]);
    std::fs::write(
        dir.path().join("prepoll.toml"),
        format!("{CONFIG}\n[files]\nexclude = [\"archive/**\"]\n"),
    )
    .unwrap();
    prepoll()
        .current_dir(dir.path())
        .args(["check", ".", "--color", "never"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("No findings in 1 file"));
}

#[test]
fn calendar_prints_the_statutory_dates() {
    let cases = [
        ("2024-05-02", "local", "england", "Tuesday 26 March 2024"),
        ("2023-05-04", "local", "england", "Monday 27 March 2023"),
        (
            "2024-07-04",
            "parliamentary",
            "england",
            "Tuesday 4 June 2024",
        ),
        ("2022-05-05", "local", "scotland", "Wednesday 23 March 2022"),
        ("2025-01-23", "local", "england", "Friday 13 December 2024"),
    ];
    for (poll, ty, nation, want) in cases {
        prepoll()
            .args([
                "calendar",
                "--polling-day",
                poll,
                "--election-type",
                ty,
                "--nation",
                nation,
            ])
            .assert()
            .success()
            .stdout(predicate::str::contains(format!(
                "Notice of election:  {want}"
            )));
    }
    prepoll()
        .args([
            "calendar",
            "--polling-day",
            "2024-05-02",
            "--election-type",
            "locall",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("expected one of"));
}

#[test]
fn rules_and_explain() {
    prepoll()
        .arg("rules")
        .assert()
        .success()
        .stdout(predicate::str::contains("candidate-named"))
        .stdout(predicate::str::contains("unlisted-councillor"))
        .stdout(predicate::str::contains("warning"));
    prepoll()
        .args(["explain", "party-identified"])
        .assert()
        .success()
        .stdout(predicate::str::contains("What it catches"))
        .stdout(predicate::str::contains("How to fix"))
        .stdout(predicate::str::contains("Local Government Act 1986"));
    prepoll()
        .args(["explain", "no-such-rule"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule"));
}

#[test]
fn init_writes_a_starter_config_once() {
    let dir = TempDir::new().unwrap();
    prepoll()
        .current_dir(dir.path())
        .arg("init")
        .assert()
        .success();
    let text = std::fs::read_to_string(dir.path().join("prepoll.toml")).unwrap();
    assert!(text.contains("[[election]]"));
    prepoll()
        .current_dir(dir.path())
        .arg("init")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    // The starter config is valid once its candidate list exists.
    std::fs::write(dir.path().join("candidates.csv"), "name\n").unwrap();
    prepoll()
        .current_dir(dir.path())
        .args(["check", "prepoll.toml"])
        .assert()
        .success();
}

#[test]
fn usage_errors_exit_2() {
    prepoll()
        .args(["check", "--format", "xml"])
        .assert()
        .code(2);
    prepoll()
        .args(["check", "--date", "tomorrow"])
        .assert()
        .code(2);
    prepoll().arg("--help").assert().success();
}

#[test]
fn config_found_beside_the_checked_path() {
    // No prepoll.toml in the current folder: the one beside the path is used.
    let dir = project(&[("site/bins.md", DRAFT.as_bytes())]);
    let outer = TempDir::new().unwrap();
    let site = dir.path();
    prepoll()
        .current_dir(outer.path())
        .args(["check", site.to_str().unwrap(), "--format", "json"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("local.testshire.2027-05-06"));
}

#[test]
fn inline_exceptions_need_reasons_and_stay_in_reports() {
    let draft = "---\ndate: 2027-04-12\n---\n\n<!-- prepoll-allow candidate-named: statutory notice approved-by Monitoring Officer -->\n\nCllr Jane Smith is standing in Abbey ward.\n\nCllr Jane Smith again.\n\n<!-- prepoll-allow party-identified -->\n\nThe Tories.\n";
    let dir = project(&[("notice.md", draft.as_bytes())]);
    let out = prepoll()
        .current_dir(dir.path())
        .args(["check", "notice.md", "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let findings = v["files"][0]["findings"].as_array().unwrap();
    let summary: Vec<(String, u64, bool)> = findings
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["suppressed"].is_null(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("candidate-named".to_string(), 7, false),
            ("candidate-named".to_string(), 9, true),
            ("unjustified-exception".to_string(), 11, true),
            ("party-identified".to_string(), 13, true),
        ]
    );
    assert_eq!(findings[0]["suppressed"]["reason"], "statutory notice");
    assert_eq!(
        findings[0]["suppressed"]["approved_by"],
        "Monitoring Officer"
    );
    // Waived findings do not count towards the exit status.
    let plain =
        "prepoll-allow all: emergency statement\nCllr Jane Smith said the road is closed.\n";
    let dir = project(&[("statement.txt", plain.as_bytes())]);
    prepoll()
        .current_dir(dir.path())
        .args(["check", "statement.txt", "--date", "2027-04-12", "--color", "never"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "statement.txt:2:1: allowed[attributed-views]: A view or proposal is attributed to Jane Smith (allowed by exception: emergency statement)",
        ));
}

#[test]
fn sitting_mps_are_prospective_candidates_in_a_general_election() {
    let dir = TempDir::new().unwrap();
    std::fs::write(
        dir.path().join("prepoll.toml"),
        "[[election]]\nid = \"parl.2029-05-03\"\ntype = \"parliamentary\"\npolling_day = 2029-05-03\n",
    )
    .unwrap();
    let draft = "The new bridge was discussed with Jo Bloggs MP.\n\nThe MP for Wexbridge and Marlow will open the bridge.\n\nCllr Ann Lee chairs the committee.\n";
    std::fs::write(dir.path().join("bridge.txt"), draft).unwrap();
    prepoll()
        .current_dir(dir.path())
        .args(["check", "bridge.txt", "--date", "2029-04-20", "--color", "never"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("bridge.txt:1:35: error[candidate-named]: Jo Bloggs MP is named"))
        .stdout(predicate::str::contains("bridge.txt:3:1: error[candidate-event]: Event involving candidate the MP for Wexbridge and Marlow (the sitting MP)"))
        .stdout(predicate::str::contains("bridge.txt:5:1: warning[unlisted-councillor]"));
}

#[test]
fn windows_1252_and_utf16_files_are_read_with_positions_into_the_file() {
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        "Caf\u{e9} news: Cllr Jane Smith.\n"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    let dir = project(&[
        ("old.txt", b"Caf\xe9 news: Cllr Jane Smith.\n"),
        ("wide.txt", &utf16),
    ]);
    let out = prepoll()
        .current_dir(dir.path())
        .args([
            "check",
            "old.txt",
            "wide.txt",
            "--date",
            "2027-04-12",
            "--format",
            "json",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let old = &v["files"][0];
    assert_eq!(old["encoding"], "windows-1252");
    let f = &old["findings"][0];
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(1), Some(12))
    );
    // One byte per character in the file: "Cllr" starts at byte 11.
    assert_eq!(
        (f["start"].as_u64(), f["end"].as_u64()),
        (Some(11), Some(26))
    );
    let wide = &v["files"][1];
    assert_eq!(wide["encoding"], "utf-16le");
    let f = &wide["findings"][0];
    assert_eq!(f["column"], 12);
    // A 2-byte mark, then 2 bytes a character.
    assert_eq!(
        (f["start"].as_u64(), f["end"].as_u64()),
        (Some(24), Some(54))
    );
}

#[test]
fn social_posts_are_judged_at_their_own_dates() {
    let posts = r#"{"posts": [
  {"id": "before", "date": "2027-03-01", "text": "Cllr Jane Smith opened the new library."},
  {"id": "during", "date": "2027-04-20", "text": "Join @janesmith at the market. #VoteLabour",
   "media": [{"alt": "Tom Marsh at the depot", "url": "https://cdn.example/tom-marsh.jpg"}]},
  {"id": "clean", "date": "2027-04-21", "text": "Bins are collected on Tuesday."}
]}"#;
    let csv = "Date,Message\n01/03/2027,Cllr Jane Smith said hello\n20/04/2027,\"Thank you, Cllr Jane Smith\"\n";
    let dir = project(&[
        ("posts.json", posts.as_bytes()),
        ("schedule.csv", csv.as_bytes()),
    ]);
    std::fs::write(
        dir.path().join("candidates.csv"),
        "name,party,ward,aliases,handles\nJane Smith,Labour Party,Abbey,,@janesmith\nTom Marsh,Conservative and Unionist Party,Riverside,,\n",
    )
    .unwrap();
    let out = prepoll()
        .current_dir(dir.path())
        .args(["check", "posts.json", "schedule.csv", "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let json = &v["files"][0];
    let posts: Vec<(&str, bool)> = json["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["in_period"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        posts,
        vec![("before", false), ("during", true), ("clean", true)]
    );
    let found: Vec<(String, u64, u64, String)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("candidate-named".into(), 3, 56, "@janesmith".into()),
            ("electioneering".into(), 3, 83, "VoteLabour".into()),
            ("candidate-pictured".into(), 4, 23, "Tom Marsh".into()),
            ("candidate-pictured".into(), 4, 76, "tom-marsh".into()),
        ],
        "{found:?}"
    );
    assert!(
        json["findings"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("Post during: ")
    );
    let csv = &v["files"][1];
    assert_eq!(csv["findings"].as_array().unwrap().len(), 1);
    assert_eq!(csv["findings"][0]["line"], 3);
    assert_eq!(csv["findings"][0]["column"], 24);
    assert!(
        csv["findings"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("Post row 3: ")
    );
}

#[test]
fn word_documents_report_paragraph_and_column() {
    // fixtures/docx/play-area.docx was written with python-docx on Word's own
    // template: a heading, paragraphs, a table, a header and footer, and a
    // picture with alt text, dated 2027-04-12 in its core properties.
    let out = prepoll()
        .current_dir(repo())
        .args([
            "check",
            "fixtures/docx/play-area.docx",
            "--config",
            "fixtures/corpus/prepoll.toml",
            "--format",
            "json",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let file = &v["files"][0];
    assert_eq!(file["positions"], "paragraph");
    assert_eq!(file["date"], "2027-04-12");
    assert_eq!(file["date_source"], "docx-properties");
    let found: Vec<(String, u64, u64)> = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("candidate-event".into(), 3, 33),
            ("candidate-quoted".into(), 4, 1),
            ("candidate-named".into(), 8, 1),
            ("party-identified".into(), 8, 12),
            ("candidate-pictured".into(), 9, 4),
        ]
    );
    // A damaged Word file is an error; the others are still checked.
    let dir = project(&[
        ("bad.docx", b"PK\x03\x04 truncated"),
        ("ok.txt", b"Bins.\n"),
    ]);
    prepoll()
        .current_dir(dir.path())
        .args(["check", ".", "--date", "2027-04-12", "--color", "never"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "bad.docx: error: not a readable Word file",
        ))
        .stdout(predicate::str::contains("1 file could not be read"));
}

#[test]
fn pdfs_report_page_and_line_and_say_when_there_is_no_text() {
    // fixtures/pdf/newsletter.pdf: two pages made with fpdf2, created
    // 2027-04-15; scanned.pdf: a page with a shape and no text.
    let out = prepoll()
        .current_dir(repo())
        .args([
            "check",
            "fixtures/pdf",
            "--config",
            "fixtures/corpus/prepoll.toml",
            "--format",
            "json",
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let pdf = &v["files"][0];
    assert_eq!(pdf["date"], "2027-04-15");
    assert_eq!(pdf["date_source"], "pdf-info");
    assert_eq!(pdf["positions"], "page-line");
    let found: Vec<(String, u64, u64, u64)> = pdf["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["page"].as_u64().unwrap(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("council-newsletter".into(), 1, 1, 1),
            ("candidate-event".into(), 1, 4, 35),
            ("party-identified".into(), 2, 3, 5),
            ("attributed-views".into(), 2, 3, 20),
        ]
    );
    let scanned = &v["files"][1];
    assert!(
        scanned["skipped"]
            .as_str()
            .unwrap()
            .contains("no extractable text")
    );
    assert!(scanned["errors"].as_array().unwrap().is_empty());
    // A damaged PDF is a clear error, never a panic.
    let dir = project(&[("broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF")]);
    prepoll()
        .current_dir(dir.path())
        .args(["check", "broken.pdf", "--date", "2027-04-12"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "broken.pdf: error: not a readable PDF",
        ))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn patterns_lists_lexicon_terms_and_every_name_form() {
    let dir = project(&[]);
    let out = prepoll()
        .current_dir(dir.path())
        .arg("patterns")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    for want in [
        "Jane Smith",
        "J. Smith",
        "Smith, Jane",
        "Leader of the Council",
        "Labour Party",
        "Cllr",
    ] {
        assert!(lines.contains(&want), "{want} missing");
    }
}

#[test]
fn threads_option_gives_the_same_findings() {
    let dir = project(&[
        ("a.md", b"Cllr Jane Smith opened the library.\n"),
        ("b.md", b"Tom Marsh said the plan was good.\n"),
    ]);
    let run = |threads: &str| {
        prepoll()
            .current_dir(dir.path())
            .args([
                "check",
                ".",
                "--format",
                "json",
                "--date",
                "2027-04-20",
                "-j",
                threads,
            ])
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone()
    };
    assert_eq!(run("1"), run("2"));
    prepoll()
        .current_dir(dir.path())
        .args(["check", ".", "-j", "0"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--threads must be at least 1"));
}

/// `prepoll check --format json ARGS` in `dir`, which must find something.
fn check_json(dir: &TempDir, args: &[&str]) -> serde_json::Value {
    let out = prepoll()
        .current_dir(dir.path())
        .args(["check", "--format", "json"])
        .args(args)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&out).unwrap()
}

#[test]
fn the_configs_own_candidate_list_is_not_checked_but_a_namesake_is() {
    // The walk skips the config's files by comparing resolved paths, and
    // resolves only files that share a name with one of them.
    let dir = project(&[(
        "data/candidates.csv",
        b"date,text\n2027-04-20,Vote for Jane Smith of the Labour Party\n",
    )]);
    let json = check_json(&dir, &[".", "--date", "2027-04-20"]);
    let paths: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["data/candidates.csv"]);
}

#[test]
fn a_named_file_read_ahead_gets_the_same_findings_as_when_walked() {
    // Named files are read once, before the build, for their words, and
    // checked as read; files found by walking a folder are read when
    // checked. Both must give the same findings, offsets in the file's own
    // encoding included.
    let utf16: Vec<u8> = std::iter::once(0xFEFF_u16)
        .chain(DRAFT.encode_utf16())
        .flat_map(u16::to_le_bytes)
        .collect();
    let dir = project(&[("news/bins.md", DRAFT.as_bytes()), ("news/wide.md", &utf16)]);
    let findings = |args: &[&str]| -> Vec<serde_json::Value> {
        check_json(&dir, args)["files"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|f| f["findings"].as_array().unwrap().clone())
            .collect()
    };
    let named = findings(&["news/bins.md", "news/wide.md"]);
    let walked = findings(&["news"]);
    assert!(named.len() >= 4, "{named:?}");
    assert_eq!(named, walked);
}

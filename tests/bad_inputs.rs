//! The bad-input suite: each bad input gives a clear one-line error naming
//! the file and the problem, never a panic; the other files in the run are
//! still checked; and the run exits 2.

use assert_cmd::Command;
use predicates::prelude::*;
use tempfile::TempDir;

fn prepoll() -> Command {
    let mut cmd = Command::cargo_bin("prepoll").unwrap();
    cmd.env("PREPOLL_TODAY", "2026-11-23")
        .env_remove("NO_COLOR");
    cmd
}

const CONFIG: &str = "[[election]]\nid = \"local.testshire.2027-05-06\"\ntype = \"local\"\npolling_day = 2027-05-06\ncandidates = \"candidates.csv\"\n";

fn project() -> TempDir {
    let dir = TempDir::new().unwrap();
    std::fs::write(dir.path().join("prepoll.toml"), CONFIG).unwrap();
    std::fs::write(
        dir.path().join("candidates.csv"),
        "name,party\nJane Smith,Labour Party\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("good.md"),
        "---\ndate: 2027-04-12\n---\n\nCllr Jane Smith has a new email address.\n",
    )
    .unwrap();
    dir
}

/// Runs `check` on the project folder plus extra arguments and asserts the
/// bad input is reported, the good file still checked, exit 2, no panic.
fn assert_reported(dir: &TempDir, args: &[&str], message: &str) {
    let mut all = vec!["check", "good.md", "--color", "never"];
    all.extend_from_slice(args);
    prepoll()
        .current_dir(dir.path())
        .args(&all)
        .assert()
        .code(2)
        .stdout(predicate::str::contains(message))
        .stdout(predicate::str::contains(
            "good.md:5:1: error[candidate-named]",
        ))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn binary_empty_and_broken_files() {
    let dir = project();
    std::fs::write(
        dir.path().join("logo.txt"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00",
    )
    .unwrap();
    assert_reported(&dir, &["logo.txt"], "logo.txt: error: binary file");
    // Empty files and broken markup are not errors: they are read as far as they go.
    std::fs::write(dir.path().join("empty.md"), b"").unwrap();
    std::fs::write(
        dir.path().join("broken.html"),
        b"<p>Cllr Jane Smith <b>unclosed <!-- comment",
    )
    .unwrap();
    prepoll()
        .current_dir(dir.path())
        .args([
            "check",
            "empty.md",
            "broken.html",
            "--date",
            "2027-04-12",
            "--color",
            "never",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "broken.html:1:4: error[candidate-named]",
        ));
}

#[test]
fn deep_nesting_is_read() {
    let dir = project();
    let html = "<div>".repeat(100_000) + "Cllr Jane Smith" + &"</div>".repeat(100_000);
    std::fs::write(dir.path().join("deep.html"), html).unwrap();
    prepoll()
        .current_dir(dir.path())
        .args([
            "check",
            "deep.html",
            "--date",
            "2027-04-12",
            "--format",
            "jsonl",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\"column\":500001"))
        .stderr(predicate::str::contains("panicked").not());
}

#[test]
fn missing_paths_folders_as_files_and_symlink_loops() {
    let dir = project();
    assert_reported(
        &dir,
        &["nowhere.md"],
        "nowhere.md: error: no such file or folder",
    );
    std::fs::create_dir(dir.path().join("loop")).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("..", dir.path().join("loop/up")).unwrap();
        let mut cmd = prepoll();
        cmd.current_dir(dir.path())
            .args(["check", ".", "--color", "never"])
            .timeout(std::time::Duration::from_secs(60))
            .assert()
            .stderr(predicate::str::contains("panicked").not());
    }
    // A folder where a file is expected.
    prepoll()
        .current_dir(dir.path())
        .args(["check", "good.md", "--config", "loop"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("loop: config file not found"));
    prepoll()
        .current_dir(dir.path())
        .args(["check", "good.md", "--candidates", "loop"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "loop: candidates file does not exist",
        ));
}

#[test]
fn unreadable_file() {
    let dir = project();
    let secret = dir.path().join("secret.md");
    std::fs::write(&secret, "Cllr Jane Smith").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
        // Root reads any file: the case cannot arise, so there is nothing to check.
        if std::fs::read(&secret).is_ok() {
            eprintln!("skipped: running as root, a file without read permission is still readable");
            return;
        }
        assert_reported(&dir, &["secret.md"], "secret.md: error: permission denied");
    }
}

#[test]
fn malformed_config_csv_and_limits() {
    let dir = project();
    std::fs::write(
        dir.path().join("candidates.csv"),
        "name,party\nJane Smith,Labour\n\"Unclosed,quote\n",
    )
    .unwrap();
    prepoll()
        .current_dir(dir.path())
        .args(["check", "good.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("candidates.csv:"));
    std::fs::write(dir.path().join("candidates.csv"), "name\nJane Smith\n").unwrap();
    let many: Vec<String> = (0..10_001).map(|i| format!("\"topic {i}\"")).collect();
    std::fs::write(
        dir.path().join("prepoll.toml"),
        format!(
            "{CONFIG}\n[lexicon]\ncontroversial = [{}]\n",
            many.join(", ")
        ),
    )
    .unwrap();
    prepoll()
        .current_dir(dir.path())
        .args(["check", "good.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "controversial has 10001 entries, over the limit of 10000",
        ));
    std::fs::write(
        dir.path().join("prepoll.toml"),
        format!(
            "{CONFIG}\n[lexicon]\nordinary = [\"{}\"]\n",
            "x".repeat(300)
        ),
    )
    .unwrap();
    prepoll()
        .current_dir(dir.path())
        .args(["check", "good.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "ordinary has an entry of 300 bytes",
        ));
}

#[test]
fn a_zip_bomb_docx_is_refused() {
    use std::io::Write;
    let dir = project();
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        z.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        let spaces = vec![b' '; 1 << 20];
        for _ in 0..70 {
            z.write_all(&spaces).unwrap();
        }
        z.finish().unwrap();
    }
    std::fs::write(dir.path().join("bomb.docx"), buf.into_inner()).unwrap();
    assert_reported(
        &dir,
        &["bomb.docx"],
        "bomb.docx: error: word/document.xml in the Word file would inflate",
    );
}

#[test]
fn files_and_standard_input_over_the_size_limit_are_refused() {
    let dir = project();
    let big = "Cllr Jane Smith opened the new library. ".repeat(50);
    std::fs::write(dir.path().join("big.md"), &big).unwrap();
    assert_reported(
        &dir,
        &["big.md", "--max-file-size", "1000"],
        "big.md: error: file is 2000 bytes, over the 1000 byte limit: not checked",
    );
    // Standard input alike: refused whole, never cut at the limit and
    // checked in part.
    prepoll()
        .current_dir(dir.path())
        .args(["check", "good.md", "-", "--max-file-size", "1000"])
        .args(["--color", "never"])
        .write_stdin(big)
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            "<stdin>: error: standard input is over the 1000 byte limit: not checked",
        ))
        .stdout(predicate::str::contains(
            "good.md:5:1: error[candidate-named]",
        ))
        .stdout(predicate::str::contains("<stdin>:1:").not())
        .stderr(predicate::str::contains("panicked").not());
}

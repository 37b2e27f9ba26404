//! The pre-commit hook, tested with the real `pre-commit` tool (from PyPI;
//! `.ci/run` installs it) on a throw-away git repository that uses this
//! repository's `.pre-commit-hooks.yaml` at its current commit: a staged
//! breach blocks the commit with readable output, a clean file passes, and
//! a breach outside the election period passes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(dir: &Path, cmd: &str, args: &[&str]) -> Output {
    Command::new(cmd)
        .args(args)
        .current_dir(dir)
        // pre-commit builds the hook with `cargo install`: share the build.
        .env(
            "CARGO_TARGET_DIR",
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/pre-commit"),
        )
        .env("PREPOLL_TODAY", "2026-11-23")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd}: {e}"))
}

fn git(dir: &Path, args: &[&str]) -> Output {
    let out = run(dir, "git", args);
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn pre_commit_blocks_breaches_inside_the_period_only() {
    let have_pre_commit = Command::new("pre-commit").arg("--version").output().is_ok();
    if !have_pre_commit {
        // CI installs pre-commit; a developer machine may not have it.
        assert!(
            std::env::var_os("CI").is_none(),
            "pre-commit is not installed in CI"
        );
        eprintln!("skipped: pre-commit is not installed (pip install pre-commit)");
        return;
    }
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let head = String::from_utf8(git(&repo, &["rev-parse", "HEAD"]).stdout).unwrap();
    let head = head.trim();
    // The hook definition must be committed at HEAD for pre-commit to use it.
    let committed = run(
        &repo,
        "git",
        &["cat-file", "-e", &format!("{head}:.pre-commit-hooks.yaml")],
    );
    assert!(
        committed.status.success(),
        ".pre-commit-hooks.yaml is not committed"
    );

    let dir = tempfile::TempDir::new().unwrap();
    let site = dir.path();
    git(site, &["init", "-q", "-b", "main"]);
    git(site, &["config", "user.email", "web@council.example"]);
    git(site, &["config", "user.name", "Web Team"]);
    std::fs::write(
        site.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {head}\n    hooks:\n      - id: prepoll\n",
            repo.display()
        ),
    )
    .unwrap();
    std::fs::write(
        site.join("prepoll.toml"),
        "[[election]]\nid = \"local.testshire.2027-05-06\"\ntype = \"local\"\npolling_day = 2027-05-06\ncandidates = \"candidates.csv\"\n",
    )
    .unwrap();
    std::fs::write(
        site.join("candidates.csv"),
        "name,party\nJane Smith,Labour Party\n",
    )
    .unwrap();
    git(site, &["add", "."]);
    let hooks_home = site.join(".pre-commit-home");
    let pc = |args: &[&str]| {
        let mut c = Command::new("pre-commit");
        c.args(args)
            .current_dir(site)
            .env("PRE_COMMIT_HOME", &hooks_home)
            .env("CARGO_TARGET_DIR", repo.join("target/pre-commit"))
            .env("PREPOLL_TODAY", "2026-11-23");
        c.output().unwrap()
    };
    let install = pc(&["install"]);
    assert!(
        install.status.success(),
        "{}",
        String::from_utf8_lossy(&install.stderr)
    );
    // Build the hook once (pre-commit runs `cargo install` from the commit).
    let setup = pc(&["install-hooks"]);
    assert!(
        setup.status.success(),
        "{}{}",
        String::from_utf8_lossy(&setup.stdout),
        String::from_utf8_lossy(&setup.stderr)
    );
    let commit = |name: &str, text: &str| -> Output {
        std::fs::write(site.join(name), text).unwrap();
        git(site, &["add", name]);
        let mut c = Command::new("git");
        c.args(["commit", "-q", "-m", name])
            .current_dir(site)
            .env("PRE_COMMIT_HOME", &hooks_home)
            .env("PREPOLL_TODAY", "2026-11-23");
        c.output().unwrap()
    };

    // A clean page passes (and the config files commit with it).
    let clean = commit(
        "bins.md",
        "---\ndate: 2027-04-12\n---\n\nBins are collected on Tuesdays.\n",
    );
    assert!(
        clean.status.success(),
        "{}",
        String::from_utf8_lossy(&clean.stdout)
    );

    // A breach inside the period blocks the commit, saying where and why.
    let breach = commit(
        "news.md",
        "---\ndate: 2027-04-12\n---\n\nCllr Jane Smith opened the new depot.\n",
    );
    let output = format!(
        "{}{}",
        String::from_utf8_lossy(&breach.stdout),
        String::from_utf8_lossy(&breach.stderr)
    );
    assert!(
        !breach.status.success(),
        "the breach was committed:\n{output}"
    );
    assert!(
        output.contains("news.md:5:1: error[candidate-event]"),
        "{output}"
    );
    assert!(output.contains("fix:"), "{output}");
    git(site, &["reset", "-q", "news.md"]);

    // The same words dated outside every period pass.
    let outside = commit(
        "old-news.md",
        "---\ndate: 2026-09-01\n---\n\nCllr Jane Smith opened the new depot.\n",
    );
    assert!(
        outside.status.success(),
        "{}{}",
        String::from_utf8_lossy(&outside.stdout),
        String::from_utf8_lossy(&outside.stderr)
    );
}

//! End-to-end tests of `prepoll serve`: the real binary on a free port,
//! spoken to over HTTP as the page (or a hostile page, or a slow client)
//! would. Each test starts its own server in an empty temporary folder and
//! kills it when done.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;

const ELECTION: &str = "local.wexbridge.2027-05-06";
/// A day inside the Wexbridge pre-election period (2027-03-31 to 2027-05-06).
const IN_PERIOD: &str = "2027-04-20";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A running `prepoll serve`, killed on drop.
struct Server {
    child: Child,
    port: u16,
    /// Everything the server wrote to stderr so far (read by a thread, so
    /// the pipe never fills).
    stderr: Arc<Mutex<String>>,
    /// The server's working folder; nothing should appear in it.
    dir: TempDir,
    /// The server's TMPDIR; nothing should appear in it either.
    tmp: TempDir,
    /// Kept open so the server never writes to a closed pipe.
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts the server on the Wexbridge config with any extra arguments,
    /// and reads the address it prints on stdout.
    fn start(extra: &[&str]) -> Server {
        let dir = TempDir::new().unwrap();
        let tmp = TempDir::new().unwrap();
        let config = repo().join("examples/wexbridge/prepoll.toml");
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("prepoll"))
            .arg("serve")
            .arg("--config")
            .arg(&config)
            .args(["--port", "0"])
            .args(extra)
            .current_dir(dir.path())
            .env("PREPOLL_TODAY", "2026-11-23")
            .env("TMPDIR", tmp.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("prepoll starts");
        let stderr = Arc::new(Mutex::new(String::new()));
        {
            let stderr = Arc::clone(&stderr);
            let pipe = child.stderr.take().unwrap();
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    let mut s = stderr.lock().unwrap();
                    s.push_str(&line);
                    s.push('\n');
                }
            });
        }
        let mut line = String::new();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        stdout.read_line(&mut line).unwrap();
        let server = |port| Server {
            child,
            port,
            stderr,
            dir,
            tmp,
            _stdout: stdout,
        };
        let Some(rest) = line
            .trim_end()
            .strip_prefix("prepoll serve: listening on http://")
        else {
            let mut s = server(0);
            let _ = s.child.wait();
            std::thread::sleep(Duration::from_millis(100));
            panic!(
                "no address on stdout: {line:?}; stderr: {}",
                s.stderr.lock().unwrap()
            );
        };
        let port = rest
            .trim_end_matches('/')
            .rsplit_once(':')
            .and_then(|(_, p)| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {line:?}"));
        server(port)
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn get(&self, path: &str) -> ureq::http::Response<ureq::Body> {
        agent().get(self.url(path)).call().unwrap()
    }

    /// POSTs a draft or file to /api/check; the status and the JSON answer.
    fn check(&self, query: &str, body: &[u8]) -> (u16, Value) {
        let mut res = agent()
            .post(self.url(&format!("/api/check?{query}")))
            .send(body)
            .unwrap();
        let status = res.status().as_u16();
        (status, res.body_mut().read_json().unwrap())
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }
}

/// An HTTP client that returns 4xx and 5xx answers instead of failing, and
/// never goes through a proxy from the environment.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .into()
}

/// Sends raw bytes and reads the whole answer (the request should say
/// `Connection: close`).
fn raw(port: u16, request: &[u8]) -> (u16, String, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(request).unwrap();
    read_answer(&mut s)
}

/// Reads an HTTP answer to the end of the connection: the status, the
/// header block (lower-cased) and the body (de-chunked if need be).
fn read_answer(s: &mut TcpStream) -> (u16, String, String) {
    let mut answer = Vec::new();
    s.read_to_end(&mut answer).unwrap();
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {answer:?}"));
    let head = head.to_ascii_lowercase();
    let body = if head.contains("transfer-encoding: chunked") {
        let mut out = String::new();
        let mut rest = body;
        loop {
            let (size, after) = rest.split_once("\r\n").expect("chunk size line");
            let size = usize::from_str_radix(size.trim(), 16).expect("hex chunk size");
            if size == 0 {
                break;
            }
            out.push_str(&after[..size]);
            rest = &after[size + 2..];
        }
        out
    } else {
        body.to_string()
    };
    (status, head, body)
}

/// The part of `text` between two UTF-16 offsets, as the page's script
/// slices it.
fn utf16_slice(text: &str, start: u64, end: u64) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[start as usize..end as usize]).unwrap()
}

fn findings(answer: &Value) -> &Vec<Value> {
    answer["findings"].as_array().expect("findings is an array")
}

fn rules(answer: &Value) -> Vec<&str> {
    findings(answer)
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect()
}

/// Every file under a folder, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        }
        out.push(path);
    }
    out
}

/// A draft quoting a Wexbridge candidate, with a two-byte character and a
/// four-byte emoji (a UTF-16 surrogate pair) before the quote, so byte,
/// char and UTF-16 offsets all differ.
const QUOTED: &str = "Café opening 🎉 on the Market Square.\n\
Cllr Jane Smith said: \"The new café will bring life back to the square.\"\n\
Opening hours are 8am to 4pm.\n";

const CLEAN: &str = "The library on Abbey Road will open from 9am to 5pm on Saturdays from 1 May.\n\
Books can be returned at any branch.\n";

/// The page reads the election list, the server's "today" and the upload
/// limit from here.
#[test]
fn config_lists_the_wexbridge_election() {
    let server = Server::start(&[]);
    let mut res = server.get("/api/config");
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let config: Value = res.body_mut().read_json().unwrap();
    assert_eq!(config["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(config["today"], "2026-11-23", "PREPOLL_TODAY is today");
    assert_eq!(config["max_upload"], 20 * 1024 * 1024);
    let elections = config["elections"].as_array().unwrap();
    assert_eq!(elections.len(), 1, "{config}");
    assert_eq!(elections[0]["id"], ELECTION);
    assert_eq!(elections[0]["type"], "local");
    assert_eq!(elections[0]["polling_day"], "2027-05-06");
    // 25 working days before polling day, computed: the period's start.
    assert_eq!(elections[0]["notice_of_election"], "2027-03-31");
    let accepted: Vec<&str> = config["accepted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for ext in ["docx", "md", "html", "txt"] {
        assert!(accepted.contains(&ext), "{ext} not in {accepted:?}");
    }
    assert!(!accepted.contains(&"pdf"), "PDFs are not taken by the page");
}

/// The core of the page: a pasted draft quoting a candidate is unsafe, and
/// each finding's start and end are UTF-16 offsets into the returned text,
/// as JavaScript's `slice` counts them.
#[test]
fn quoted_candidate_is_unsafe_with_utf16_offsets() {
    let server = Server::start(&[]);
    let (status, answer) = server.check(
        &format!("name=My%20draft.txt&date={IN_PERIOD}&election={ELECTION}"),
        QUOTED.as_bytes(),
    );
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        answer["name"], "My draft.txt",
        "the name is percent-decoded"
    );
    assert_eq!(answer["status"], "unsafe", "{answer}");
    assert!(
        answer["verdict"]
            .as_str()
            .unwrap()
            .starts_with("Not safe to publish"),
        "{answer}"
    );
    assert_eq!(answer["date"], IN_PERIOD);
    assert_eq!(answer["in_period"], true);
    assert_eq!(answer["election"], ELECTION);
    assert_eq!(answer["text"], QUOTED, "a text draft comes back as sent");
    assert_eq!(answer["errors"], serde_json::json!([]));
    assert!(answer["counts"]["error"].as_u64().unwrap() >= 1, "{answer}");

    let quoted = findings(&answer)
        .iter()
        .find(|f| f["rule"] == "candidate-quoted")
        .unwrap_or_else(|| panic!("no candidate-quoted finding: {answer}"));
    assert_eq!(quoted["severity"], "error");
    assert!(quoted["message"].as_str().unwrap().contains("Jane Smith"));
    assert_eq!(quoted["line"], 2);
    assert_eq!(quoted["column"], 1);
    assert_eq!(quoted["where"], "line 2, column 1");
    let (start, end) = (
        quoted["start"].as_u64().unwrap(),
        quoted["end"].as_u64().unwrap(),
    );
    // The quote starts the second line. Before it, bytes, chars and UTF-16
    // code units all differ in number: only the last is right.
    let first_line = QUOTED.split_inclusive('\n').next().unwrap();
    let units = first_line.encode_utf16().count();
    assert!(units != first_line.len() && units != first_line.chars().count());
    assert_eq!(start as usize, units, "start counts UTF-16 code units");
    let words = utf16_slice(QUOTED, start, end);
    assert_eq!(words, quoted["text"].as_str().unwrap());
    assert!(words.starts_with("Cllr Jane Smith said:"), "{words:?}");
    assert!(
        words.contains("The new café will bring life back to the square."),
        "{words:?}"
    );
    // What the page needs to explain the finding is there.
    for key in ["title", "message", "why", "citation", "fix"] {
        assert!(
            !quoted[key].as_str().unwrap_or("").trim().is_empty(),
            "{key} is empty: {quoted}"
        );
    }
    assert!(quoted["source"].as_str().unwrap().starts_with("http"));
    // Every finding's offsets slice out its words, not only the first.
    for f in findings(&answer) {
        let s = utf16_slice(
            QUOTED,
            f["start"].as_u64().unwrap(),
            f["end"].as_u64().unwrap(),
        );
        assert_eq!(s, f["text"].as_str().unwrap(), "{f}");
    }
}

/// A draft with nothing the rules forbid is safe, in the period.
#[test]
fn clean_draft_is_safe() {
    let server = Server::start(&[]);
    let (status, answer) = server.check(
        &format!("name=draft.txt&date={IN_PERIOD}"),
        CLEAN.as_bytes(),
    );
    assert_eq!(status, 200);
    assert_eq!(answer["status"], "safe", "{answer}");
    assert!(
        answer["verdict"]
            .as_str()
            .unwrap()
            .starts_with("Safe to publish")
    );
    assert_eq!(answer["in_period"], true);
    assert_eq!(answer["election"], ELECTION, "the only election is chosen");
    assert!(findings(&answer).is_empty(), "{answer}");
    assert_eq!(
        answer["counts"],
        serde_json::json!({"error": 0, "warning": 0, "info": 0, "waived": 0})
    );
}

/// Outside every period the rules do not apply: "outside", not "safe",
/// and no findings even for a draft that would breach them. Without a date
/// the server's today (PREPOLL_TODAY) is used.
#[test]
fn date_outside_the_period_is_outside() {
    let server = Server::start(&[]);
    let (status, answer) = server.check("name=draft.md&date=2027-06-01", QUOTED.as_bytes());
    assert_eq!(status, 200);
    assert_eq!(answer["status"], "outside", "{answer}");
    assert_eq!(answer["in_period"], false);
    assert_eq!(answer["date"], "2027-06-01");
    assert!(findings(&answer).is_empty(), "{answer}");
    assert!(answer["verdict"].as_str().unwrap().contains("2027-06-01"));

    let (_, answer) = server.check("name=draft.md", QUOTED.as_bytes());
    assert_eq!(answer["status"], "outside", "{answer}");
    assert_eq!(answer["date"], "2026-11-23");
    // An empty date (the page's cleared date field) is the same as none.
    let (_, answer) = server.check("name=draft.md&date=&election=", QUOTED.as_bytes());
    assert_eq!(answer["date"], "2026-11-23", "{answer}");
}

/// A Word file uploaded as bytes: its paragraphs come back as the text,
/// one per line, and findings are placed by paragraph.
#[test]
fn word_upload_gives_findings_by_paragraph() {
    let server = Server::start(&[]);
    let docx = std::fs::read(repo().join("fixtures/docx/play-area.docx")).unwrap();
    let (status, answer) = server.check(&format!("name=play-area.docx&date={IN_PERIOD}"), &docx);
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["status"], "unsafe", "{answer}");
    assert_eq!(answer["errors"], serde_json::json!([]));
    let text = answer["text"].as_str().unwrap();
    assert!(
        text.starts_with("New play area for Riverside\n"),
        "{text:?}"
    );
    let rules = rules(&answer);
    for rule in ["candidate-quoted", "candidate-event", "candidate-pictured"] {
        assert!(rules.contains(&rule), "{rule} not in {rules:?}");
    }
    for f in findings(&answer) {
        let line = f["line"].as_u64().unwrap();
        assert_eq!(f["where"], format!("paragraph {line}"), "{f}");
        let words = utf16_slice(
            text,
            f["start"].as_u64().unwrap(),
            f["end"].as_u64().unwrap(),
        );
        assert_eq!(words, f["text"].as_str().unwrap(), "{f}");
        // The paragraph number is the line of the text the page shows.
        let shown = text.lines().nth(line as usize - 1).unwrap();
        assert!(shown.contains(&words), "{words:?} not in paragraph {line}");
    }
    let quoted = findings(&answer)
        .iter()
        .find(|f| f["rule"] == "candidate-quoted")
        .unwrap();
    assert_eq!(quoted["where"], "paragraph 4");
    assert!(quoted["text"].as_str().unwrap().contains("Cllr Jane Smith"));

    // Without a date the document's own date (its core properties) counts.
    let (_, answer) = server.check("name=play-area.docx", &docx);
    assert_eq!(answer["date"], "2027-04-12", "{answer}");
    assert_eq!(answer["date_source"], "docx-properties");
    assert_eq!(answer["status"], "unsafe");
}

/// A damaged Word file is reported in errors[], as an answer, not a crash;
/// the server goes on answering.
#[test]
fn broken_word_file_is_a_clear_error() {
    let server = Server::start(&[]);
    // Not random at run time, so a failure can be replayed: bytes from a
    // small linear congruential generator, with a zip signature in front.
    let mut x: u32 = 12345;
    let mut junk = b"PK\x03\x04".to_vec();
    junk.extend((0..4000).map(|_| {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        (x >> 16) as u8
    }));
    let (status, answer) = server.check("name=x.docx", &junk);
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["status"], "unsafe");
    assert_eq!(answer["verdict"], "x.docx could not be checked.");
    let errors = answer["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{answer}");
    assert!(
        errors[0]
            .as_str()
            .unwrap()
            .contains("not a readable Word file"),
        "{answer}"
    );
    assert!(findings(&answer).is_empty());
    assert_eq!(answer["text"], "");
    // Still alive and well.
    let (status, answer) = server.check(
        &format!("name=draft.txt&date={IN_PERIOD}"),
        CLEAN.as_bytes(),
    );
    assert_eq!((status, &answer["status"]), (200, &Value::from("safe")));
    assert!(!server.stderr().contains("panicked"), "{}", server.stderr());
}

/// Only the file types the page offers are checked.
#[test]
fn unsupported_file_types_are_415() {
    let server = Server::start(&[]);
    for name in ["x.exe", "report.pdf", "noextension", "x.docx.exe"] {
        let (status, answer) = server.check(&format!("name={name}"), b"MZ\x90\x00");
        assert_eq!(status, 415, "{name}: {answer}");
        let error = answer["errors"][0].as_str().unwrap();
        assert!(error.starts_with(&format!("{name}: only Word")), "{error}");
    }
    // The extension is matched without regard to case.
    let (status, _) = server.check("name=DRAFT.TXT", CLEAN.as_bytes());
    assert_eq!(status, 200);
}

/// --max-upload is a hard limit, whether the client declares the length
/// (Content-Length) or streams it (chunked).
#[test]
fn uploads_over_the_limit_are_413() {
    let server = Server::start(&["--max-upload", "1000"]);
    let config: Value = server.get("/api/config").body_mut().read_json().unwrap();
    assert_eq!(config["max_upload"], 1000);

    let at_limit = "a".repeat(1000);
    let (status, answer) = server.check("name=draft.txt", at_limit.as_bytes());
    assert_eq!(status, 200, "exactly the limit is accepted: {answer}");

    let over = "Bins are collected on Tuesdays. ".repeat(100);
    let (status, answer) = server.check("name=draft.txt", over.as_bytes());
    assert_eq!(status, 413, "{answer}");
    assert!(
        answer["errors"][0]
            .as_str()
            .unwrap()
            .contains("larger than the 1000 byte limit"),
        "{answer}"
    );

    // Chunked: no length up front, so the server counts as it reads.
    let mut request = b"POST /api/check?name=draft.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\
Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        .to_vec();
    for _ in 0..3 {
        request.extend_from_slice(format!("{:x}\r\n", 600).as_bytes());
        request.extend_from_slice(&[b'a'; 600]);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"0\r\n\r\n");
    let (status, _, body) = raw(server.port, &request);
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("byte limit"), "{body}");
}

/// Bad query parameters are the client's fault, with a message saying which.
#[test]
fn bad_date_or_unknown_election_is_400() {
    let server = Server::start(&[]);
    let (status, answer) = server.check("name=draft.txt&date=2027-13-45", CLEAN.as_bytes());
    assert_eq!(status, 400, "{answer}");
    assert_eq!(
        answer["errors"][0],
        "\"2027-13-45\" is not a date (YYYY-MM-DD)"
    );
    let (status, answer) = server.check("name=draft.txt&date=20%2F04%2F2027", CLEAN.as_bytes());
    assert_eq!(status, 400, "{answer}");
    let (status, answer) = server.check("name=draft.txt&election=local.nowhere", CLEAN.as_bytes());
    assert_eq!(status, 400, "{answer}");
    assert!(
        answer["errors"][0]
            .as_str()
            .unwrap()
            .contains("no election \"local.nowhere\""),
        "{answer}"
    );
}

/// DNS rebinding: a page on evil.example that points its name at 127.0.0.1
/// reaches the server with its own Host header, and must be refused. The
/// names of this machine are let in.
#[test]
fn foreign_host_header_is_403() {
    let server = Server::start(&[]);
    let port = server.port;
    let get = |host: &str, path: &str| {
        raw(
            port,
            format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
        )
    };
    for host in [
        "evil.example".to_string(),
        format!("evil.example:{port}"),
        format!("127.0.0.1.evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
    ] {
        for path in ["/", "/api/config"] {
            let (status, head, body) = get(&host, path);
            assert_eq!(status, 403, "Host: {host} {path}: {head}");
            assert!(body.contains("only pages served from this computer"));
            assert!(!body.contains(ELECTION), "nothing leaks on a 403");
        }
    }
    let post = format!(
        "POST /api/check?name=d.txt HTTP/1.1\r\nHost: evil.example\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{QUOTED}",
        QUOTED.len()
    );
    let (status, _, body) = raw(port, post.as_bytes());
    assert_eq!(status, 403, "{body}");
    assert!(!body.contains("Jane Smith"), "the draft was not checked");
    // No Host header at all (HTTP/1.0) is refused too.
    let (status, _, _) = raw(port, b"GET /api/config HTTP/1.0\r\n\r\n");
    assert_eq!(status, 403);

    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        format!("[::1]:{port}"),
        "localhost".to_string(),
    ] {
        let (status, head, _) = get(&host, "/api/config");
        assert_eq!(status, 200, "Host: {host}: {head}");
    }
}

/// Anything else is 404, and a known path with the wrong method 405.
#[test]
fn unknown_paths_are_404_and_wrong_methods_405() {
    let server = Server::start(&[]);
    for path in [
        "/nope",
        "/app.js.map",
        "/api/",
        "/../Cargo.toml",
        "/index.html",
    ] {
        assert_eq!(server.get(path).status(), 404, "{path}");
    }
    assert_eq!(server.get("/api/check").status(), 405);
    let res = agent()
        .post(server.url("/api/config"))
        .send(&b"x"[..])
        .unwrap();
    assert_eq!(res.status(), 405);
    let res = agent().delete(server.url("/")).call().unwrap();
    assert_eq!(res.status(), 405);
}

/// Every answer, the page, its script and style, the API and the errors,
/// carries the strict Content-Security-Policy; and the page refers to no
/// other origin.
#[test]
fn every_response_has_a_strict_csp() {
    let server = Server::start(&[]);
    let mut answers = vec![
        ("/", server.get("/")),
        ("/app.js", server.get("/app.js")),
        ("/app.css", server.get("/app.css")),
        ("/api/config", server.get("/api/config")),
        ("/nope", server.get("/nope")),
    ];
    answers.push((
        "/api/check",
        agent()
            .post(server.url(&format!("/api/check?name=d.txt&date={IN_PERIOD}")))
            .send(QUOTED)
            .unwrap(),
    ));
    answers.push((
        "/api/check (415)",
        agent()
            .post(server.url("/api/check?name=d.exe"))
            .send("x")
            .unwrap(),
    ));
    for (path, res) in &mut answers {
        let csp = res
            .headers()
            .get("content-security-policy")
            .unwrap_or_else(|| panic!("{path}: no CSP"))
            .to_str()
            .unwrap()
            .to_string();
        for directive in [
            "default-src 'none'",
            "script-src 'self'",
            "connect-src 'self'",
            "frame-ancestors 'none'",
        ] {
            assert!(csp.contains(directive), "{path}: {directive} not in {csp}");
        }
        assert!(!csp.contains("unsafe"), "{path}: {csp}");
        assert!(!csp.contains("http"), "{path}: no other origin in {csp}");
        assert_eq!(res.headers()["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(res.headers()["cache-control"], "no-store", "{path}");
    }
    let content_type = |i: usize| {
        answers[i].1.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_string()
    };
    assert!(content_type(0).starts_with("text/html"));
    assert!(content_type(1).starts_with("text/javascript"));
    assert!(content_type(2).starts_with("text/css"));

    let page = answers[0].1.body_mut().read_to_string().unwrap();
    let script = answers[1].1.body_mut().read_to_string().unwrap();
    assert!(page.contains("<script src=\"/app.js\""), "{page}");
    assert!(page.contains("href=\"/app.css\""));
    for id in [
        "draft", "kind", "election", "date", "check", "file", "summary", "document", "detail",
        "list",
    ] {
        assert!(page.contains(&format!("id=\"{id}\"")), "#{id} missing");
    }
    // Inline script or style would be blocked by the CSP: there is none.
    assert!(!page.contains("<script>") && !page.contains("style="));
    for (what, text) in [("page", &page), ("app.js", &script)] {
        assert!(
            !text.contains("http://") && !text.contains("https://"),
            "{what} names another origin"
        );
        assert!(!text.contains("//cdn"), "{what}");
    }
}

/// Each request has its own thread: a client that stalls halfway through
/// an upload holds only its own, and the others keep answering. 20 checks made at once all complete quickly;
/// then the stalled upload is finished and answered too.
#[test]
fn a_stalled_upload_does_not_block_other_checks() {
    let server = Server::start(&[]);
    let port = server.port;
    let body = "Bins are collected on Tuesdays. ".repeat(3125); // 100000 bytes
    assert_eq!(body.len(), 100_000);
    let mut slow = TcpStream::connect(("127.0.0.1", port)).unwrap();
    slow.write_all(
        format!(
            "POST /api/check?name=slow.txt&date={IN_PERIOD} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
Content-Length: 100000\r\nConnection: close\r\n\r\n"
        )
        .as_bytes(),
    )
    .unwrap();
    slow.write_all(&body.as_bytes()[..20_000]).unwrap();
    slow.flush().unwrap();
    // Give the server time to hand the stalled request to a worker, and
    // check it is indeed waiting (no answer yet).
    slow.set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    let mut byte = [0u8; 1];
    let pending = slow.read(&mut byte);
    assert!(
        matches!(&pending, Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut)),
        "the stalled upload was answered early: {pending:?}"
    );

    let started = Instant::now();
    let barrier = Arc::new(Barrier::new(20));
    let threads: Vec<_> = (0..20)
        .map(|i| {
            let barrier = Arc::clone(&barrier);
            let url = format!("http://127.0.0.1:{port}/api/check?name=d{i}.txt&date={IN_PERIOD}");
            std::thread::spawn(move || {
                barrier.wait();
                let mut res = agent()
                    .post(&url)
                    .send(QUOTED)
                    .expect("a check completes while another upload stalls");
                let answer: Value = res.body_mut().read_json().unwrap();
                (res.status().as_u16(), answer)
            })
        })
        .collect();
    for t in threads {
        let (status, answer) = t.join().unwrap();
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["status"], "unsafe", "{answer}");
    }
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_secs(8),
        "20 checks took {elapsed:?} beside a stalled upload"
    );

    // The stalled upload resumes and is answered in full.
    slow.write_all(&body.as_bytes()[20_000..]).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let (status, _, answer) = read_answer(&mut slow);
    assert_eq!(status, 200, "{answer}");
    let json: Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(json["name"], "slow.txt");
    assert_eq!(json["text"].as_str().unwrap().len(), 100_000);
    assert_eq!(json["status"], "safe");
}

/// Drafts live in memory only: after checks of text and Word files the
/// server's working folder and its TMPDIR are as empty as at the start.
#[test]
fn nothing_is_written_to_disk() {
    let server = Server::start(&[]);
    assert!(files_under(server.dir.path()).is_empty());
    let docx = std::fs::read(repo().join("fixtures/docx/play-area.docx")).unwrap();
    for (name, body) in [
        ("play-area.docx", docx.as_slice()),
        ("draft.md", QUOTED.as_bytes()),
        (
            "page.html",
            b"<p>Cllr Jane Smith said: \"Hello.\"</p>".as_slice(),
        ),
        ("x.docx", b"PK\x03\x04 broken".as_slice()),
    ] {
        let (status, _) = server.check(&format!("name={name}&date={IN_PERIOD}"), body);
        assert_eq!(status, 200, "{name}");
    }
    let over = vec![b'a'; 21 * 1024 * 1024];
    let (status, _) = server.check("name=big.txt", &over);
    assert_eq!(status, 413);
    for dir in [server.dir.path(), server.tmp.path()] {
        let written = files_under(dir);
        assert!(written.is_empty(), "written to disk: {written:?}");
    }
}

/// Listening beyond this machine is allowed but said loudly.
#[test]
fn binding_to_every_interface_warns() {
    let server = Server::start(&["--bind", "0.0.0.0"]);
    let deadline = Instant::now() + Duration::from_secs(10);
    while !server.stderr().contains("press Ctrl-C") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let stderr = server.stderr();
    assert!(
        stderr.contains("prepoll serve: warning: listening on 0.0.0.0: other machines on the network can reach this page"),
        "{stderr}"
    );
    // It answers (here, through the loopback interface).
    assert_eq!(server.get("/api/config").status(), 200);

    // The default, 127.0.0.1, says nothing of the kind.
    let local = Server::start(&[]);
    let deadline = Instant::now() + Duration::from_secs(10);
    while !local.stderr().contains("press Ctrl-C") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(local.stderr().contains("1 election from the config"));
    assert!(!local.stderr().contains("warning"), "{}", local.stderr());
}

/// A request that declares an enormous body and is refused (413) must not
/// take the server down. (tiny_http 0.12, used at first, drained an unread
/// body into a buffer sized by the client's Content-Length, and the
/// allocation failure aborted the process: tiny-http/tiny-http#290.)
#[test]
fn a_huge_declared_length_does_not_kill_the_server() {
    let mut server = Server::start(&[]);
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    s.write_all(
        b"POST /api/check?name=x.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000000000000\r\n\r\nabc",
    )
    .unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut head = [0u8; 12];
    s.read_exact(&mut head).unwrap();
    assert_eq!(&head, b"HTTP/1.1 413");
    drop(s);
    // The abort, if it comes, comes as the refused request is dropped just
    // after its answer: half a second is plenty to see it.
    std::thread::sleep(Duration::from_millis(500));
    if let Some(status) = server.child.try_wait().unwrap() {
        std::thread::sleep(Duration::from_millis(100)); // the last of stderr
        panic!("the server died ({status}): {}", server.stderr());
    }
    assert_eq!(server.get("/api/config").status(), 200);
}

/// Many stalled uploads at once (more than a fixed pool of workers would
/// have) still leave the server answering: a thread per request, each
/// with a read deadline.
#[test]
fn many_stalled_uploads_do_not_block_other_checks() {
    let server = Server::start(&[]);
    let stalled: Vec<TcpStream> = (0..16)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
            s.write_all(
                b"POST /api/check?name=x.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\nabc",
            )
            .unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let res = ureq::Agent::config_builder()
        .proxy(None)
        .timeout_global(Some(Duration::from_secs(5)))
        .build()
        .new_agent()
        .get(server.url("/api/config"))
        .call();
    assert!(
        res.is_ok(),
        "blocked by {} stalled uploads: {res:?}",
        stalled.len()
    );
}

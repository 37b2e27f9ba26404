//! `prepoll lsp` end to end: the real binary driven with JSON-RPC over
//! stdio, as an editor drives it.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tempfile::TempDir;

const CONFIG: &str = r#"[[election]]
id = "local.testshire.2027-05-06"
type = "local"
polling_day = 2027-05-06
candidates = "candidates.csv"
"#;

const CANDIDATES: &str = "name,party,ward\nJane Smith,Labour Party,Abbey\nTom Marsh,Conservative and Unionist Party,Riverside\n";

/// A language server child with a reader thread turning frames into values.
struct Server {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    _dir: TempDir,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let dir = TempDir::new().unwrap();
        std::fs::write(dir.path().join("prepoll.toml"), CONFIG).unwrap();
        std::fs::write(dir.path().join("candidates.csv"), CANDIDATES).unwrap();
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("prepoll"))
            .arg("lsp")
            .args(args)
            .current_dir(dir.path())
            .env("PREPOLL_TODAY", "2026-11-23")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let value: Value = serde_json::from_slice(&body).expect("a JSON body");
                if tx.send(value).is_err() {
                    return;
                }
            }
        });
        Server {
            child,
            stdin,
            messages,
            _dir: dir,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn request(&mut self, id: u64, method: &str, params: Value) -> Value {
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(|m| m["id"] == id)
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The next message matching `want`, failing after a few seconds.
    fn wait_for(&mut self, want: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(m) if want(&m) => return m,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => panic!("no such message from the server"),
                Err(RecvTimeoutError::Disconnected) => panic!("the server stopped"),
            }
        }
    }

    /// Every message that arrives within `wait`.
    fn drain(&mut self, wait: Duration) -> Vec<Value> {
        let mut out = Vec::new();
        while let Ok(m) = self.messages.recv_timeout(wait) {
            out.push(m);
        }
        out
    }

    fn diagnostics_for(&mut self, uri: &str) -> Vec<Value> {
        let m = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn initialize(&mut self) -> Value {
        let answer = self.request(
            1,
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": {}}),
        );
        self.notify("initialized", json!({}));
        answer
    }

    fn shut_down(mut self) {
        let answer = self.request(999, "shutdown", Value::Null);
        assert!(answer.get("error").is_none(), "{answer}");
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "exit status {status}");
                return;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn open(server: &mut Server, uri: &str, language: &str, text: &str) {
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
    );
}

fn change(server: &mut Server, uri: &str, version: i32, text: &str) {
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
    );
}

/// The diagnostic with this rule code.
fn with_code<'a>(diags: &'a [Value], code: &str) -> &'a Value {
    diags
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {diags:#?}"))
}

const QUOTE: &str = "# Library news\n\nThe library reopens on Monday.\n\nCllr Jane Smith said: \"This is great news.\"\n";

#[test]
fn diagnostics_on_open_and_change_with_rule_code_severity_and_help() {
    let mut server = Server::start(&["--date", "2027-04-20"]);
    let init = server.initialize();
    let caps = &init["result"]["capabilities"];
    assert_eq!(caps["textDocumentSync"], 1, "full sync: {caps}");
    assert_eq!(caps["codeActionProvider"], true);
    assert_eq!(init["result"]["serverInfo"]["name"], "prepoll");

    let uri = "file:///drafts/library.md";
    open(&mut server, uri, "markdown", QUOTE);
    let diags = server.diagnostics_for(uri);
    let quoted = with_code(&diags, "candidate-quoted");
    assert_eq!(quoted["severity"], 1, "error");
    assert_eq!(quoted["source"], "prepoll");
    // Line 5 of the file, 0-based 4, from its first character.
    assert_eq!(quoted["range"]["start"], json!({"line": 4, "character": 0}));
    let message = quoted["message"].as_str().unwrap();
    assert!(message.contains("Jane Smith"), "{message}");
    assert!(
        message.contains("Fix: "),
        "help text in the message: {message}"
    );
    assert!(
        quoted["data"]["help"]
            .as_str()
            .is_some_and(|h| !h.is_empty())
    );

    // An edit that removes the quote clears the diagnostics.
    change(
        &mut server,
        uri,
        2,
        "# Library news\n\nThe library reopens on Monday.\n",
    );
    assert_eq!(server.diagnostics_for(uri), Vec::<Value>::new());

    // UTF-16 columns: an emoji before the name counts two units.
    change(&mut server, uri, 3, "😀 Cllr Jane Smith said: \"Good.\"\n");
    let diags = server.diagnostics_for(uri);
    let named = with_code(&diags, "candidate-quoted");
    assert_eq!(named["range"]["start"], json!({"line": 0, "character": 3}));
    server.shut_down();
}

#[test]
fn only_the_changed_document_is_rechecked() {
    let mut server = Server::start(&["--date", "2027-04-20"]);
    server.initialize();
    let a = "file:///drafts/a.md";
    let b = "file:///drafts/b.html";
    open(&mut server, a, "markdown", QUOTE);
    server.diagnostics_for(a);
    open(
        &mut server,
        b,
        "html",
        "<p>The Labour group welcomed the decision.</p>",
    );
    let html = server.diagnostics_for(b);
    assert!(
        html.iter().any(|d| d["code"] == "attributed-views"),
        "{html:#?}"
    );
    change(&mut server, a, 2, "Bins are collected on Tuesdays.\n");
    let published: Vec<Value> = server
        .drain(Duration::from_millis(1500))
        .into_iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .collect();
    assert_eq!(published.len(), 1, "{published:#?}");
    assert_eq!(published[0]["params"]["uri"], a);
    // A document prepoll does not read gets no diagnostics.
    open(
        &mut server,
        "file:///drafts/style.css",
        "css",
        "p { color: red }",
    );
    let other: Vec<Value> = server
        .drain(Duration::from_millis(800))
        .into_iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .collect();
    assert!(other.is_empty(), "{other:#?}");
    server.shut_down();
}

#[test]
fn code_action_inserts_an_exception_that_asks_for_a_reason() {
    let mut server = Server::start(&["--date", "2027-04-20"]);
    server.initialize();
    let uri = "file:///drafts/library.md";
    open(&mut server, uri, "markdown", QUOTE);
    let diags = server.diagnostics_for(uri);
    let quoted = with_code(&diags, "candidate-quoted").clone();
    let answer = server.request(
        2,
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": quoted["range"],
            "context": {"diagnostics": [quoted]},
        }),
    );
    let actions = answer["result"].as_array().expect("a list of actions");
    let action = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("prepoll-allow"))
        .unwrap_or_else(|| panic!("{actions:#?}"));
    assert_eq!(action["kind"], "quickfix");
    let edit = &action["edit"]["changes"][uri][0];
    // Above the paragraph with the quote (line 5, 0-based 4).
    assert_eq!(edit["range"]["start"], json!({"line": 4, "character": 0}));
    let inserted = edit["newText"].as_str().unwrap();
    assert_eq!(inserted, "<!-- prepoll-allow candidate-quoted: -->\n");

    // Applied with no reason, the exception is itself reported...
    let mut lines: Vec<&str> = QUOTE.lines().collect();
    lines.insert(4, inserted.trim_end());
    let applied = lines.join("\n") + "\n";
    change(&mut server, uri, 2, &applied);
    let diags = server.diagnostics_for(uri);
    assert!(
        diags.iter().any(|d| d["code"] == "unjustified-exception"),
        "{diags:#?}"
    );
    // ...and with a reason, the quote is allowed.
    let reasoned = applied.replace(
        "candidate-quoted: -->",
        "candidate-quoted: emergency flood statement approved-by Chief Executive -->",
    );
    change(&mut server, uri, 3, &reasoned);
    let diags = server.diagnostics_for(uri);
    assert!(
        !diags
            .iter()
            .any(|d| d["code"] == "candidate-quoted" || d["code"] == "unjustified-exception"),
        "{diags:#?}"
    );
    server.shut_down();
}

#[test]
fn outside_the_period_nothing_is_reported_and_unknown_requests_get_an_error() {
    // No --date: each document is judged today (2026-11-23), outside the period.
    let mut server = Server::start(&[]);
    server.initialize();
    let uri = "file:///drafts/library.txt";
    open(&mut server, uri, "plaintext", QUOTE);
    assert_eq!(server.diagnostics_for(uri), Vec::<Value>::new());
    let answer = server.request(5, "textDocument/hover", json!({}));
    assert_eq!(answer["error"]["code"], -32601, "{answer}");
    server.shut_down();
}

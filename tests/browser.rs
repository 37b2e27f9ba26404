//! The page of `prepoll serve` and the `--format html` report in a real
//! browser: headless Chromium driven through chromedriver (W3C WebDriver)
//! by the small client below. These catch what the HTTP tests cannot: the
//! script draws the marks at the right words, a click explains the
//! finding, the CSP lets the page work and nothing is fetched from
//! elsewhere.
//!
//! Without chromium and chromedriver the tests print a notice and pass,
//! unless PREPOLL_BROWSER_TESTS=required (as in CI), when they fail.
//! Screenshots go to target/screenshots/, and also to
//! $PREPOLL_SCREENSHOTS_DIR when set (scripts/screenshots.sh refreshes
//! docs/screenshots/ that way).

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tempfile::TempDir;

const ELECTION: &str = "local.wexbridge.2027-05-06";
/// A day inside the Wexbridge pre-election period.
const IN_PERIOD: &str = "2027-04-20";
/// The W3C name of an element reference in WebDriver answers.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A draft that quotes a Wexbridge candidate and names a party.
const DRAFT: &str = "Café reopening on the Market Square\n\n\
The café in the old corn exchange reopens on Saturday.\n\
Cllr Jane Smith said: \"The new café will bring life back to the square.\"\n\
Posters from the Labour Party were taken down from the hall.\n";

const CLEAN: &str =
    "# Library hours\n\nThe library on Abbey Road opens from 9am to 5pm on Saturdays from 1 May.\n";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn http() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// The first of `names` found on PATH.
fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// Polls `f` every 50 ms until it gives a value, for at most `timeout`.
fn wait_for<T>(what: &str, timeout: Duration, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Headless Chromium under chromedriver, with one WebDriver session. On
/// drop the session is closed (which ends Chromium) and chromedriver is
/// killed.
struct Browser {
    driver: Child,
    /// `http://127.0.0.1:PORT/session/ID`
    session: String,
    agent: ureq::Agent,
    _profile: TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.agent.delete(&self.session).call();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Browser {
    /// Starts a browser, or says why not: `None` means skip the test.
    fn start() -> Option<Browser> {
        let required = std::env::var("PREPOLL_BROWSER_TESTS").as_deref() == Ok("required");
        let chromium = on_path(&["chromium", "chromium-browser"]);
        let chromedriver = on_path(&["chromedriver"]);
        let (Some(chromium), Some(chromedriver)) = (chromium, chromedriver) else {
            let message = "chromium and chromedriver are needed for the browser tests \
                (Debian: apt-get install chromium chromium-driver)";
            assert!(!required, "PREPOLL_BROWSER_TESTS=required: {message}");
            eprintln!("skipped: {message}");
            return None;
        };
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{}: {e}", chromedriver.display()));
        let profile = TempDir::new().unwrap();
        let agent = http();
        let mut browser = Browser {
            driver,
            session: String::new(),
            agent,
            _profile: profile,
        };
        let base = format!("http://127.0.0.1:{port}");
        wait_for("chromedriver to be ready", Duration::from_secs(20), || {
            let mut res = browser.agent.get(format!("{base}/status")).call().ok()?;
            let status: Value = res.body_mut().read_json().ok()?;
            (status["value"]["ready"] == true).then_some(())
        });
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1280,1000",
                    format!("--user-data-dir={}", browser._profile.path().display()),
                ],
            },
        }}});
        let mut res = browser
            .agent
            .post(format!("{base}/session"))
            .send_json(&capabilities)
            .unwrap();
        let answer: Value = res.body_mut().read_json().unwrap();
        let id = answer["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {answer}"));
        browser.session = format!("{base}/session/{id}");
        Some(browser)
    }

    /// One WebDriver command: its `value`, or a panic with the driver's
    /// error.
    fn command(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.session);
        let res = match (method, body) {
            ("GET", _) => self.agent.get(&url).call(),
            ("DELETE", _) => self.agent.delete(&url).call(),
            (_, body) => self.agent.post(&url).send_json(body.unwrap_or(json!({}))),
        };
        let mut res = res.unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = res.status();
        let answer: Value = res
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_json()
            .unwrap();
        assert!(
            status.is_success(),
            "{method} {path}: {status}: {}",
            answer["value"]["message"]
        );
        answer["value"].clone()
    }

    fn go(&self, url: &str) {
        self.command("POST", "/url", Some(json!({ "url": url })));
    }

    fn find_all(&self, css: &str) -> Vec<String> {
        let found = self.command(
            "POST",
            "/elements",
            Some(json!({ "using": "css selector", "value": css })),
        );
        found
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e[ELEMENT].as_str().unwrap().to_string())
            .collect()
    }

    fn find(&self, css: &str) -> String {
        let found = self.command(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": css })),
        );
        found[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("{css}: not an element: {found}"))
            .to_string()
    }

    fn click(&self, css: &str) {
        let id = self.find(css);
        self.command("POST", &format!("/element/{id}/click"), None);
    }

    fn clear(&self, css: &str) {
        let id = self.find(css);
        self.command("POST", &format!("/element/{id}/clear"), None);
    }

    /// Types into an element, as keys (for a file input: a path).
    fn type_into(&self, css: &str, text: &str) {
        let id = self.find(css);
        self.command(
            "POST",
            &format!("/element/{id}/value"),
            Some(json!({ "text": text })),
        );
    }

    /// The element's text as rendered (CSS text-transform applies).
    fn text(&self, css: &str) -> String {
        let id = self.find(css);
        self.command("GET", &format!("/element/{id}/text"), None)
            .as_str()
            .unwrap()
            .to_string()
    }

    fn run(&self, script: &str, args: Value) -> Value {
        self.command(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// The page as a PNG, written to target/screenshots/NAME and to
    /// $PREPOLL_SCREENSHOTS_DIR/NAME when that is set.
    fn screenshot(&self, name: &str) {
        let png = base64_decode(self.command("GET", "/screenshot", None).as_str().unwrap());
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
        let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
        assert!(width >= 1000, "the window is wide: {width}");
        let mut dirs = vec![repo().join("target/screenshots")];
        if let Some(dir) = std::env::var_os("PREPOLL_SCREENSHOTS_DIR") {
            dirs.push(repo().join(dir));
        }
        for dir in dirs {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(name), &png).unwrap();
        }
    }
}

/// Standard base64 (with padding) to bytes: enough for screenshots.
fn base64_decode(s: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => (c - b'A') as u32,
            b'a'..=b'z' => (c - b'a' + 26) as u32,
            b'0'..=b'9' => (c - b'0' + 52) as u32,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {c:?}"),
        }
    };
    let digits: Vec<u8> = s
        .bytes()
        .filter(|&c| c != b'=' && c != b'\n' && c != b'\r')
        .collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &c)| n | value(c) << (18 - 6 * i));
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

/// A running `prepoll serve` on the Wexbridge config, killed on drop.
struct Server {
    child: Child,
    origin: String,
    _stdout: BufReader<ChildStdout>,
    _dir: TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start() -> Server {
        let dir = TempDir::new().unwrap();
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("prepoll"))
            .arg("serve")
            .arg("--config")
            .arg(repo().join("examples/wexbridge/prepoll.toml"))
            .args(["--port", "0"])
            .current_dir(dir.path())
            .env("PREPOLL_TODAY", "2026-11-23")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let origin = line
            .trim_end()
            .strip_prefix("prepoll serve: listening on ")
            .unwrap_or_else(|| panic!("no address on stdout: {line:?}"))
            .trim_end_matches('/')
            .to_string();
        Server {
            child,
            origin,
            _stdout: stdout,
            _dir: dir,
        }
    }
}

/// The marks drawn in #document: (rule, words, severity class).
fn marks_drawn(b: &Browser) -> Vec<(String, String, String)> {
    let found = b.run(
        "return [...document.querySelectorAll('#document mark')]
           .map(m => [m.dataset.rule, m.textContent, m.className]);",
        json!([]),
    );
    found
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let s = |i: usize| m[i].as_str().unwrap().to_string();
            (s(0), s(1), s(2))
        })
        .collect()
}

/// The whole flow of the page: the election list from the config, a
/// pasted draft highlighted and explained, a Word file dropped in, a clean
/// draft passed; and not one request to another origin.
#[test]
fn serve_page_highlights_and_explains_findings() {
    let Some(b) = Browser::start() else { return };
    let server = Server::start();
    let origin = server.origin.clone();
    b.go(&format!("{origin}/"));

    // The election list and today's date come from /api/config.
    let options = wait_for("the election list", Duration::from_secs(10), || {
        let options = b.run(
            "return [...document.querySelectorAll('#election option')].map(o => o.value);",
            json!([]),
        );
        (options.as_array().unwrap().len() > 1).then_some(options)
    });
    assert_eq!(options, json!(["", ELECTION]));
    let chosen = b.run(
        "return document.getElementById('election').value;",
        json!([]),
    );
    assert_eq!(chosen, ELECTION, "the only election is chosen");
    // Empty by default: a document is judged at its own date, else today.
    let date = b.run("return document.getElementById('date').value;", json!([]));
    assert_eq!(date, "");
    let hint = b.run("return document.getElementById('date').title;", json!([]));
    assert!(hint.as_str().unwrap().contains("2026-11-23"), "{hint}");
    assert_eq!(b.text("#version"), env!("CARGO_PKG_VERSION"));
    // Anything the CSP blocks from here on is recorded.
    b.run(
        "window.violations = [];
         document.addEventListener('securitypolicyviolation',
           e => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));",
        json!([]),
    );

    // A date inside the period, set as a person would (input events fire).
    let date = b.run(
        "const d = document.getElementById('date');
         d.value = arguments[0];
         d.dispatchEvent(new Event('input', { bubbles: true }));
         d.dispatchEvent(new Event('change', { bubbles: true }));
         return d.value;",
        json!([IN_PERIOD]),
    );
    assert_eq!(date, IN_PERIOD);
    b.type_into("#draft", DRAFT);
    let typed = b.run("return document.getElementById('draft').value;", json!([]));
    assert_eq!(typed, DRAFT, "the draft is typed as given");
    b.click("#check");

    wait_for("marks in #document", Duration::from_secs(10), || {
        (!b.find_all("#document mark").is_empty()).then_some(())
    });
    let marks = marks_drawn(&b);
    let rules: BTreeSet<&str> = marks.iter().map(|(r, _, _)| r.as_str()).collect();
    assert!(rules.contains("candidate-quoted"), "{marks:?}");
    assert!(rules.contains("party-identified"), "{marks:?}");
    let words = |rule: &str| {
        marks
            .iter()
            .find(|(r, _, _)| r == rule)
            .map(|(_, w, class)| (w.clone(), class.clone()))
            .unwrap()
    };
    // The marks cover the exact words, even after the "é"s before them.
    let (quote, class) = words("candidate-quoted");
    assert_eq!(
        quote,
        "Cllr Jane Smith said: \"The new café will bring life back to the square.\""
    );
    assert_eq!(class, "error");
    assert_eq!(
        words("party-identified"),
        ("Labour Party".into(), "error".into())
    );
    // The text around the marks is the draft, whole.
    let shown = b.run(
        "return document.getElementById('document').textContent;",
        json!([]),
    );
    assert_eq!(shown, DRAFT);

    let summary_class = b.run(
        "return document.getElementById('summary').className;",
        json!([]),
    );
    assert_eq!(summary_class, "unsafe");
    assert!(
        b.text("#summary").contains("Not safe"),
        "{}",
        b.text("#summary")
    );
    assert_eq!(
        b.find_all("#list li").len(),
        marks.len(),
        "every finding is listed"
    );

    // Clicking a mark explains it. The fix shown is that rule's, as the
    // server gives it.
    let mut res = http()
        .post(format!(
            "{origin}/api/check?name=draft.txt&date={IN_PERIOD}"
        ))
        .send(DRAFT)
        .unwrap();
    let answer: Value = res.body_mut().read_json().unwrap();
    let fix = answer["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "candidate-quoted")
        .unwrap()["fix"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        !b.text("#detail").contains(&fix),
        "no detail before a click"
    );
    b.click("#document mark[data-rule='candidate-quoted']");
    let detail = b.text("#detail");
    assert!(detail.to_lowercase().contains("how to fix it"), "{detail}");
    assert!(detail.contains(&fix), "{fix:?} not in {detail}");
    let headings = b.run(
        "return [...document.querySelectorAll('#detail h3')].map(h => h.textContent);",
        json!([]),
    );
    assert_eq!(
        headings,
        json!([
            "What was found",
            "Why it matters",
            "The rule",
            "How to fix it"
        ])
    );
    let selected = b.run(
        "return [...document.querySelectorAll('mark.selected')].map(m => m.dataset.rule);",
        json!([]),
    );
    assert_eq!(selected, json!(["candidate-quoted"]));
    assert_eq!(
        b.run(
            "return document.getElementById('detail').dataset.rule;",
            json!([])
        ),
        "candidate-quoted"
    );
    // The whole page in the picture: a taller window, from the top.
    b.command(
        "POST",
        "/window/rect",
        Some(json!({ "width": 1280, "height": 2000 })),
    );
    b.run("window.scrollTo(0, 0);", json!([]));
    b.screenshot("serve.png");
    // Another mark replaces the explanation.
    b.click("#document mark[data-rule='party-identified']");
    assert!(b.text("#detail").contains("Party identified"));
    assert!(!b.text("#detail").contains(&fix));

    // A Word file chosen through the file input.
    let docx = repo().join("fixtures/docx/play-area.docx");
    b.type_into("#file", docx.to_str().unwrap());
    wait_for("the Word file's text", Duration::from_secs(10), || {
        let shown = b.run(
            "return document.getElementById('document').textContent;",
            json!([]),
        );
        shown
            .as_str()
            .unwrap()
            .starts_with("New play area for Riverside")
            .then_some(())
    });
    let marks = marks_drawn(&b);
    let rules: BTreeSet<&str> = marks.iter().map(|(r, _, _)| r.as_str()).collect();
    for rule in ["candidate-quoted", "candidate-event", "candidate-pictured"] {
        assert!(rules.contains(rule), "{rule} not in {marks:?}");
    }
    assert!(
        marks.iter().any(|(_, w, _)| w == "Cllr Priya Patel"),
        "{marks:?}"
    );
    let list = b.text("#list");
    assert!(list.contains("paragraph 4: "), "{list}");

    // A clean draft, pasted as Markdown.
    b.click("#kind option[value='draft.md']");
    b.clear("#draft");
    b.type_into("#draft", CLEAN);
    b.click("#check");
    wait_for("a safe verdict", Duration::from_secs(10), || {
        let class = b.run(
            "return document.getElementById('summary').className;",
            json!([]),
        );
        (class == "safe").then_some(())
    });
    assert!(b.text("#summary").starts_with("Safe to publish"));
    assert!(b.find_all("#document mark").is_empty());
    assert!(b.text("#detail").contains("Nothing to highlight"));

    // Every request the page made went to the server it came from.
    let requests = b.run(
        "return [location.href, ...performance.getEntriesByType('resource').map(e => e.name)];",
        json!([]),
    );
    let requests: Vec<&str> = requests
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    for r in &requests {
        assert!(
            r.starts_with(&format!("{origin}/")),
            "request to another origin: {r}"
        );
    }
    for path in [
        "/app.js",
        "/app.css",
        "/api/config",
        "/api/check?name=draft.md&",
    ] {
        assert!(
            requests
                .iter()
                .any(|r| r.starts_with(&format!("{origin}{path}"))),
            "{path} not in {requests:?}"
        );
    }
    let violations = b.run("return window.violations;", json!([]));
    assert_eq!(violations, json!([]), "the CSP blocked something");
}

/// The audit report opened from disk: the verdict, one chart bar per rule
/// reported, the exceptions with their reasons, and nothing that could
/// load or run (no script, stylesheet link or image).
#[test]
fn html_report_renders_offline() {
    let Some(b) = Browser::start() else { return };
    let run = |format: &str| {
        let out = Command::new(assert_cmd::cargo::cargo_bin("prepoll"))
            .args(["check", "examples/wexbridge", "--format", format])
            .current_dir(repo())
            .env("PREPOLL_TODAY", "2026-11-23")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "findings: exit 1");
        out.stdout
    };
    let dir = TempDir::new().unwrap();
    let report = dir.path().join("report.html");
    std::fs::write(&report, run("html")).unwrap();
    // The JSON report says what the HTML one must show.
    let json: Value = serde_json::from_slice(&run("json")).unwrap();
    let all: Vec<&Value> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap())
        .collect();
    let active: Vec<&&Value> = all.iter().filter(|f| f["suppressed"].is_null()).collect();
    let rules: BTreeSet<&str> = active.iter().map(|f| f["rule"].as_str().unwrap()).collect();
    let reasons: BTreeSet<&str> = all
        .iter()
        .filter_map(|f| f["suppressed"]["reason"].as_str())
        .collect();
    assert!(rules.len() > 5 && !reasons.is_empty());

    b.go(&format!("file://{}", report.display()));
    assert!(
        b.text("#verdict").contains("Not safe"),
        "{}",
        b.text("#verdict")
    );

    let bars = b.run(
        "return [...document.querySelectorAll('svg#chart rect.bar')].map(r => r.dataset.rule);",
        json!([]),
    );
    let bars: Vec<&str> = bars
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert_eq!(bars.len(), rules.len(), "one bar per rule: {bars:?}");
    assert_eq!(bars.iter().copied().collect::<BTreeSet<_>>(), rules);
    // The chart is drawn: each bar has a width.
    let widths = b.run(
        "return [...document.querySelectorAll('svg#chart rect.bar')]
           .map(r => r.getBoundingClientRect().width);",
        json!([]),
    );
    for w in widths.as_array().unwrap() {
        assert!(w.as_f64().unwrap() > 1.0, "{widths}");
    }

    let findings = b.run(
        "return [...document.querySelectorAll('.finding[data-rule]')]
           .map(f => [f.dataset.rule, f.querySelectorAll('mark').length]);",
        json!([]),
    );
    let findings = findings.as_array().unwrap();
    assert_eq!(findings.len(), active.len(), "one block per finding");
    assert!(
        findings.iter().all(|f| f[1] == 1),
        "each shows its words: {findings:?}"
    );

    // The exceptions table: its reasons are those written in the files,
    // unescaped for reading.
    let table = b.run(
        "const h = document.getElementById('exceptions');
         let t = h.nextElementSibling;
         while (t && t.tagName !== 'TABLE') t = t.nextElementSibling;
         return [...t.querySelectorAll('tr')].slice(1)
           .map(r => [...r.cells].map(c => c.textContent));",
        json!([]),
    );
    let rows = table.as_array().unwrap();
    assert_eq!(rows.len(), all.len() - active.len(), "{table}");
    for row in rows {
        assert!(reasons.contains(row[4].as_str().unwrap()), "{row}");
        assert_eq!(row[5], "Monitoring Officer");
    }

    let counts = b.run(
        "return ['script', 'link', 'img', 'iframe', 'object', 'embed']
           .map(t => document.getElementsByTagName(t).length);",
        json!([]),
    );
    assert_eq!(counts, json!([0, 0, 0, 0, 0, 0]), "script, link, img, ...");
    let csp = b.run(
        "const m = document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]');
         return m && m.content;",
        json!([]),
    );
    assert!(
        csp.as_str().unwrap().starts_with("default-src 'none'"),
        "{csp}"
    );
    let resources = b.run(
        "return performance.getEntriesByType('resource').length;",
        json!([]),
    );
    assert_eq!(resources, 0, "the report fetched nothing");
    b.screenshot("report.png");
}

/// The test's own base64 decoder against known values.
#[test]
fn base64_decoder_decodes() {
    assert_eq!(base64_decode("aGVsbG8="), b"hello");
    assert_eq!(base64_decode("aGVsbG8h"), b"hello!");
    assert_eq!(base64_decode("aGk="), b"hi");
    assert_eq!(base64_decode("+/8="), [0xfb, 0xff]);
    assert_eq!(base64_decode(""), b"");
}

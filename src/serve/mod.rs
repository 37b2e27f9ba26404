//! `prepoll serve`: a local web page for checking a draft, for people who
//! do not live in a terminal. The page (HTML, CSS and script embedded in
//! the binary) sends the pasted text or dropped file to this server, which
//! checks it with the same [`Checker`] as `prepoll check` and answers with
//! the text and each finding's place in it.
//!
//! Nothing is stored: a draft lives in memory for the length of its
//! request. Nothing leaves the machine: the server listens on 127.0.0.1
//! unless told otherwise, the page loads nothing from elsewhere and a
//! strict Content-Security-Policy forbids it to. Requests are served by a
//! pool of threads, so a slow upload never blocks another check.
//!
//! The HTTP is in [`http`]: a thread per request, read deadlines, bodies
//! read only up to the upload limit.

pub mod http;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::Arc;

use chrono::NaiveDate;
use http::{BodyError, Incoming, Reply};
use serde_json::{Value, json};

use crate::engine::{CheckedUpload, Checker, Judging};
use crate::finding::Severity;
use crate::report::plural;

const INDEX_HTML: &str = include_str!("index.html");
const APP_JS: &str = include_str!("app.js");
const APP_CSS: &str = include_str!("app.css");

/// Nothing but this server: no inline script or style, no other origin.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
img-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

/// The file types the page accepts.
const ACCEPTED: &[&str] = &["txt", "md", "markdown", "html", "htm", "docx"];

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Where to listen.
    pub bind: SocketAddr,
    /// The largest upload accepted, in bytes.
    pub max_upload: u64,
}

/// A bound server.
pub struct Running {
    listener: TcpListener,
    /// The address it listens on (the port is chosen by the OS for port 0).
    pub addr: SocketAddr,
}

impl Running {
    /// Starts listening. Requests are answered once [`Running::run`] is called.
    pub fn bind(options: &ServeOptions) -> Result<Running, String> {
        let listener = http::bind(options.bind)
            .map_err(|e| format!("cannot listen on {}: {e}", options.bind))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        Ok(Running { listener, addr })
    }

    /// Answers requests until the process ends.
    pub fn run(self, checker: Arc<Checker>, options: &ServeOptions) {
        let loopback = self.addr.ip().is_loopback();
        let port = self.addr.port();
        let max_upload = options.max_upload;
        http::serve(self.listener, max_upload, move |request| {
            answer(&checker, request, max_upload, loopback, port)
        });
    }
}

fn respond(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
    Reply {
        status,
        headers: vec![
            ("Content-Type", content_type.to_string()),
            ("Content-Security-Policy", CSP.to_string()),
            ("X-Content-Type-Options", "nosniff".to_string()),
            ("Referrer-Policy", "no-referrer".to_string()),
            ("X-Frame-Options", "DENY".to_string()),
            ("Cache-Control", "no-store".to_string()),
        ],
        body,
    }
}

fn respond_json(status: u16, value: &Value) -> Reply {
    respond(
        status,
        "application/json; charset=utf-8",
        value.to_string().into_bytes(),
    )
}

fn error_json(status: u16, message: &str) -> Reply {
    respond_json(
        status,
        &json!({ "status": "unsafe", "verdict": "The draft could not be checked.", "errors": [message] }),
    )
}

/// Is the Host header this machine? A page elsewhere that points its own
/// host name at 127.0.0.1 (DNS rebinding) must not reach the server.
fn host_is_local(host: Option<&str>, port: u16) -> bool {
    let Some(host) = host.map(str::to_ascii_lowercase) else {
        return false;
    };
    let name = host
        .strip_suffix(&format!(":{port}"))
        .unwrap_or(&host)
        .trim_start_matches('[')
        .trim_end_matches(']');
    name == "localhost" || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn answer(
    checker: &Checker,
    request: Incoming,
    max_upload: u64,
    loopback: bool,
    port: u16,
) -> Reply {
    if loopback && !host_is_local(request.host.as_deref(), port) {
        return error_json(
            403,
            "this server answers only pages served from this computer",
        );
    }
    let query = request.query.as_str();
    match (request.method.as_str(), request.path.as_str()) {
        ("GET", "/") => respond(
            200,
            "text/html; charset=utf-8",
            INDEX_HTML.as_bytes().to_vec(),
        ),
        ("GET", "/app.js") => respond(
            200,
            "text/javascript; charset=utf-8",
            APP_JS.as_bytes().to_vec(),
        ),
        ("GET", "/app.css") => respond(200, "text/css; charset=utf-8", APP_CSS.as_bytes().to_vec()),
        ("GET", "/api/config") => {
            let elections: Vec<Value> = checker
                .elections()
                .map(|e| {
                    json!({
                        "id": e.id,
                        "type": e.kind.as_str(),
                        "polling_day": e.polling_day.to_string(),
                        "notice_of_election": e.notice_of_election.to_string(),
                    })
                })
                .collect();
            respond_json(
                200,
                &json!({
                    "version": env!("CARGO_PKG_VERSION"),
                    "today": checker.options.today.to_string(),
                    "elections": elections,
                    "max_upload": max_upload,
                    "accepted": ACCEPTED,
                }),
            )
        }
        ("POST", "/api/check") => {
            let params = Params::parse(query);
            let name = params.get("name").unwrap_or("draft.txt").to_string();
            let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
            if !ext.as_deref().is_some_and(|e| ACCEPTED.contains(&e)) {
                return error_json(
                    415,
                    &format!(
                        "{name}: only Word (.docx), Markdown (.md), HTML (.html) and text (.txt) files can be checked here"
                    ),
                );
            }
            let date = match params.get("date").filter(|d| !d.is_empty()) {
                None => None,
                Some(d) => match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
                    Ok(d) => Some(d),
                    Err(_) => {
                        return error_json(400, &format!("\"{d}\" is not a date (YYYY-MM-DD)"));
                    }
                },
            };
            let election = params
                .get("election")
                .filter(|e| !e.is_empty())
                .map(str::to_string);
            if let Some(id) = &election
                && !checker.elections().any(|e| &e.id == id)
            {
                return error_json(400, &format!("no election \"{id}\" in the config"));
            }
            let body = match request.body {
                Ok(body) => body,
                Err(BodyError::TooLarge) => {
                    return error_json(
                        413,
                        &format!("{name} is larger than the {max_upload} byte limit"),
                    );
                }
                Err(BodyError::LengthRequired) => {
                    return error_json(411, "send the draft with a Content-Length");
                }
                Err(BodyError::Broken(e)) => {
                    return error_json(400, &format!("the upload of {name} broke off: {e}"));
                }
            };
            let judging = Judging { date, election };
            let checked = checker.check_upload(&name, body, &judging);
            respond_json(200, &answer_json(&name, &checked))
        }
        (_, "/" | "/app.js" | "/app.css" | "/api/config" | "/api/check") => {
            error_json(405, "method not allowed")
        }
        _ => error_json(404, "not found"),
    }
}

/// The query string's parameters, percent-decoded.
struct Params(Vec<(String, String)>);

impl Params {
    fn parse(query: &str) -> Params {
        Params(
            query
                .split('&')
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let (k, v) = p.split_once('=').unwrap_or((p, ""));
                    (percent_decode(k), percent_decode(v))
                })
                .collect(),
        )
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'+' {
            out.push(b' ');
        } else if b == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|&x| hex(x)),
                bytes.get(i + 2).and_then(|&x| hex(x)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 2;
        } else {
            out.push(b);
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The answer to a check: the verdict, the text and each finding's place
/// in it as UTF-16 offsets (how the page's script counts).
fn answer_json(name: &str, checked: &CheckedUpload) -> Value {
    let r = &checked.report;
    let active: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.suppressed.is_none())
        .collect();
    let count = |s: Severity| active.iter().filter(|f| f.severity == s).count();
    let (errors, warnings, infos) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    let waived = r.findings.len() - active.len();
    let date = r.date.map(|d| d.to_string());
    let (status, verdict) = if !r.errors.is_empty() {
        ("unsafe", format!("{name} could not be checked."))
    } else if !r.in_period {
        (
            "outside",
            format!(
                "{} is outside every pre-election period in the config, so these rules do not apply then. Pick a date inside the period to check the draft against them.",
                date.as_deref().unwrap_or("The date")
            ),
        )
    } else if errors > 0 {
        (
            "unsafe",
            format!(
                "Not safe to publish in the pre-election period: {} to remove{}.",
                plural(errors, "breach", "breaches"),
                if warnings > 0 {
                    format!(" and {} to review", plural(warnings, "warning", "warnings"))
                } else {
                    String::new()
                }
            ),
        )
    } else if warnings > 0 {
        (
            "review",
            format!(
                "No breaches found, but {} to review before publishing.",
                plural(warnings, "warning", "warnings")
            ),
        )
    } else {
        (
            "safe",
            format!(
                "Safe to publish: nothing found that the pre-election rules forbid{}.",
                if infos > 0 {
                    format!(" ({} worth a look)", plural(infos, "note", "notes"))
                } else {
                    String::new()
                }
            ),
        )
    };
    let mut offsets: Vec<usize> = active
        .iter()
        .flat_map(|f| [f.span.start, f.span.end])
        .collect();
    let utf16 = Utf16Offsets::new(&checked.text, &mut offsets);
    let findings: Vec<Value> = active
        .iter()
        .map(|f| {
            let info = f.rule.info();
            let place = if r.positions == Some("paragraph") {
                format!("paragraph {}", f.span.line)
            } else {
                format!("line {}, column {}", f.span.line, f.span.column)
            };
            json!({
                "rule": f.rule.as_str(),
                "severity": f.severity.as_str(),
                "title": info.title,
                "message": f.message,
                "why": info.why_it_matters.trim(),
                "citation": info.citation,
                "source": info.source,
                "fix": info.help,
                "text": f.text,
                "where": place,
                "line": f.span.line,
                "column": f.span.column,
                "start": utf16.get(f.span.start),
                "end": utf16.get(f.span.end),
            })
        })
        .collect();
    json!({
        "name": name,
        "status": status,
        "verdict": verdict,
        "date": date,
        "date_source": r.date_source.map(|s| s.as_str()),
        "in_period": r.in_period,
        "election": r.election,
        "counts": { "error": errors, "warning": warnings, "info": infos, "waived": waived },
        "text": checked.text,
        "findings": findings,
        "errors": r.errors,
    })
}

/// Byte offsets to UTF-16 offsets, for a set of offsets, in one pass.
struct Utf16Offsets(Vec<(usize, usize)>);

impl Utf16Offsets {
    fn new(text: &str, offsets: &mut [usize]) -> Utf16Offsets {
        offsets.sort_unstable();
        let mut out = Vec::with_capacity(offsets.len());
        let mut units = 0;
        let mut chars = text.char_indices().peekable();
        for &o in offsets.iter() {
            while let Some(&(i, c)) = chars.peek() {
                if i >= o {
                    break;
                }
                units += c.len_utf16();
                chars.next();
            }
            out.push((o, units));
        }
        Utf16Offsets(out)
    }

    fn get(&self, offset: usize) -> usize {
        let i = self.0.partition_point(|&(o, _)| o < offset);
        self.0.get(i).map_or(0, |&(_, u)| u)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_count_surrogate_pairs() {
        let text = "a😀b é c";
        let mut offsets = vec![0, 1, 5, 6, 7, 9, text.len()];
        let u = Utf16Offsets::new(text, &mut offsets);
        assert_eq!(u.get(0), 0);
        assert_eq!(u.get(1), 1);
        assert_eq!(u.get(5), 3); // after the emoji: two code units
        assert_eq!(u.get(text.len()), "a😀b é c".encode_utf16().count());
    }

    #[test]
    fn query_parameters_are_decoded() {
        let p = Params::parse("name=My%20draft.docx&date=2027-04-20&election=&x=a+b&bad=%zz");
        assert_eq!(p.get("name"), Some("My draft.docx"));
        assert_eq!(p.get("election"), Some(""));
        assert_eq!(p.get("x"), Some("a b"));
        assert_eq!(p.get("bad"), Some("%zz"));
        assert_eq!(p.get("missing"), None);
    }
}

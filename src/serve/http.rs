//! The little HTTP/1.1 that `prepoll serve` needs, on std's TcpListener:
//! one request per connection, a thread per connection (up to a cap),
//! read deadlines, and bodies read only up to the upload limit.
//!
//! Why not a crate: tiny_http 0.12 (the usual small synchronous server)
//! empties an unread request body into a buffer of the size the client
//! declares, so one request claiming a petabyte aborts the process, and
//! its fixed pool of workers lets a handful of stalled uploads block
//! everyone. The async servers bring a runtime for what is one person's
//! clicks. What the page uses is small: GET, and POST with a length or
//! chunked, answered and closed.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// The most requests answered at once; past it a client gets 503 at once.
const MAX_CONNECTIONS: usize = 64;
/// The request line and headers together.
const MAX_HEAD: usize = 16 * 1024;
/// At most this much of a refused upload is read and dropped, so that its
/// client sees the answer rather than a reset connection.
const MAX_DRAIN: usize = 64 << 20;
/// A client silent this long is dropped: a stalled upload frees its thread.
const READ_TIMEOUT: Duration = Duration::from_secs(30);

/// Why a request's body was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyError {
    /// Longer than the limit (declared, or counted while reading).
    TooLarge,
    /// A POST with neither a length nor chunked encoding.
    LengthRequired,
    /// The client went away or sent a broken body.
    Broken(String),
}

/// A request as the handler sees it.
#[derive(Debug)]
pub struct Incoming {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query string, still percent-encoded.
    pub query: String,
    /// The Host header, if sent.
    pub host: Option<String>,
    /// The body, read up to the limit.
    pub body: Result<Vec<u8>, BodyError>,
}

/// An answer.
#[derive(Debug)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// Headers besides Content-Length and Connection.
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: Vec<u8>,
}

/// Accepts connections until the process ends, each answered on its own
/// thread by `handler`.
pub fn serve<F>(listener: TcpListener, max_body: u64, handler: F)
where
    F: Fn(Incoming) -> Reply + Send + Sync + 'static,
{
    let handler = Arc::new(handler);
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        if active.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
            let _ = write_reply(&mut stream, &busy());
            continue;
        }
        active.fetch_add(1, Ordering::SeqCst);
        let handler = Arc::clone(&handler);
        let done = Arc::clone(&active);
        let spawned = std::thread::Builder::new()
            .name("prepoll-serve".to_string())
            .spawn(move || {
                // An error means the client went away: nothing to tell it.
                let _ = answer(stream, max_body, handler.as_ref());
                done.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            // The thread was not made: the stream was dropped with it.
            active.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

fn busy() -> Reply {
    Reply {
        status: 503,
        headers: vec![("Content-Type", "text/plain; charset=utf-8".to_string())],
        body: b"busy: too many requests at once, try again".to_vec(),
    }
}

fn answer<F>(stream: TcpStream, max_body: u64, handler: &F) -> io::Result<()>
where
    F: Fn(Incoming) -> Reply,
{
    stream.set_read_timeout(Some(READ_TIMEOUT))?;
    stream.set_write_timeout(Some(READ_TIMEOUT))?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::with_capacity(8 * 1024, stream);
    let head = match read_head(&mut reader) {
        Ok(head) => head,
        Err(status) => {
            return write_reply(
                &mut writer,
                &Reply {
                    status,
                    headers: vec![("Content-Type", "text/plain; charset=utf-8".to_string())],
                    body: b"bad request".to_vec(),
                },
            );
        }
    };
    let body = if head.method == "GET" || head.method == "HEAD" {
        Ok(Vec::new())
    } else {
        read_body(&mut reader, &head, max_body)
    };
    let (path, query) = match head.target.split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (head.target.clone(), String::new()),
    };
    let reply = handler(Incoming {
        method: head.method,
        path,
        query,
        host: head.host,
        body,
    });
    write_reply(&mut writer, &reply)?;
    // Closing with unread request bytes (a refused upload) would reset the
    // connection and could destroy the answer before the client reads it:
    // stop sending, then read and drop what is still coming, briefly.
    let _ = writer.shutdown(std::net::Shutdown::Write);
    let _ = reader
        .get_ref()
        .set_read_timeout(Some(Duration::from_secs(1)));
    let mut sink = [0u8; 8192];
    let mut drained = 0;
    let until = std::time::Instant::now() + Duration::from_secs(5);
    while drained < MAX_DRAIN && std::time::Instant::now() < until {
        match reader.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
    Ok(())
}

struct Head {
    method: String,
    target: String,
    host: Option<String>,
    content_length: Option<u64>,
    chunked: bool,
}

/// Reads the request line and headers; an error is the status to answer.
fn read_head(reader: &mut impl BufRead) -> Result<Head, u16> {
    let mut total = 0;
    let mut line = String::new();
    let mut next_line = |line: &mut String| -> Result<(), u16> {
        line.clear();
        let n = reader
            .by_ref()
            .take((MAX_HEAD - total + 1) as u64)
            .read_line(line)
            .map_err(|_| 400u16)?;
        total += n;
        if n == 0 || total > MAX_HEAD {
            return Err(if n == 0 { 400 } else { 431 });
        }
        Ok(())
    };
    next_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(400);
    };
    if !version.starts_with("HTTP/1.") {
        return Err(505);
    }
    let mut head = Head {
        method: method.to_string(),
        target: target.to_string(),
        host: None,
        content_length: None,
        chunked: false,
    };
    loop {
        next_line(&mut line)?;
        let l = line.trim_end_matches(['\r', '\n']);
        if l.is_empty() {
            return Ok(head);
        }
        let Some((name, value)) = l.split_once(':') else {
            return Err(400);
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "host" => head.host = Some(value.to_string()),
            "content-length" => head.content_length = Some(value.parse().map_err(|_| 400u16)?),
            "transfer-encoding" => head.chunked = value.to_ascii_lowercase().contains("chunked"),
            _ => {}
        }
    }
}

fn read_body(reader: &mut impl BufRead, head: &Head, max: u64) -> Result<Vec<u8>, BodyError> {
    let broken = |e: io::Error| BodyError::Broken(e.to_string());
    if head.chunked {
        let mut body = Vec::new();
        let mut line = String::new();
        loop {
            line.clear();
            reader
                .by_ref()
                .take(100)
                .read_line(&mut line)
                .map_err(broken)?;
            let size = line.trim().split(';').next().unwrap_or("");
            let size = u64::from_str_radix(size, 16)
                .map_err(|_| BodyError::Broken("malformed chunk size".to_string()))?;
            if size == 0 {
                return Ok(body);
            }
            if body.len() as u64 + size > max {
                return Err(BodyError::TooLarge);
            }
            let start = body.len();
            body.resize(start + size as usize, 0);
            reader.read_exact(&mut body[start..]).map_err(broken)?;
            // The CRLF after the chunk.
            let mut crlf = [0u8; 2];
            reader.read_exact(&mut crlf).map_err(broken)?;
        }
    }
    let Some(length) = head.content_length else {
        return Err(BodyError::LengthRequired);
    };
    if length > max {
        return Err(BodyError::TooLarge);
    }
    let mut body = vec![0; length as usize];
    reader.read_exact(&mut body).map_err(broken)?;
    Ok(body)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        411 => "Length Required",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

fn write_reply(out: &mut impl Write, reply: &Reply) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
    for (name, value) in &reply.headers {
        head.push_str(name);
        head.push_str(": ");
        head.push_str(value);
        head.push_str("\r\n");
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        reply.body.len()
    ));
    out.write_all(head.as_bytes())?;
    out.write_all(&reply.body)?;
    out.flush()
}

/// Binds the listener.
pub fn bind(addr: SocketAddr) -> io::Result<TcpListener> {
    TcpListener::bind(addr)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(text: &str) -> Result<Head, u16> {
        read_head(&mut BufReader::new(text.as_bytes()))
    }

    #[test]
    fn heads_are_parsed_and_bounded() {
        let h = head("POST /api/check?name=a.txt HTTP/1.1\r\nHost: 127.0.0.1:9\r\nContent-Length: 12\r\n\r\n")
            .ok()
            .unwrap();
        assert_eq!(h.method, "POST");
        assert_eq!(h.target, "/api/check?name=a.txt");
        assert_eq!(h.host.as_deref(), Some("127.0.0.1:9"));
        assert_eq!(h.content_length, Some(12));
        assert_eq!(head("nonsense\r\n\r\n").err(), Some(400));
        assert_eq!(head("GET / SPDY/3\r\n\r\n").err(), Some(505));
        let huge = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEAD));
        assert_eq!(head(&huge).err(), Some(431));
    }

    #[test]
    fn bodies_stop_at_the_limit() {
        let h = |cl: Option<u64>, chunked| Head {
            method: "POST".into(),
            target: "/".into(),
            host: None,
            content_length: cl,
            chunked,
        };
        let mut r = BufReader::new(&b"hello"[..]);
        assert_eq!(read_body(&mut r, &h(Some(5), false), 5).unwrap(), b"hello");
        let mut r = BufReader::new(&b""[..]);
        assert_eq!(
            read_body(&mut r, &h(Some(1 << 60), false), 5),
            Err(BodyError::TooLarge)
        );
        let mut r = BufReader::new(&b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"[..]);
        assert_eq!(read_body(&mut r, &h(None, true), 5).unwrap(), b"abcde");
        let mut r = BufReader::new(&b"3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n"[..]);
        assert_eq!(
            read_body(&mut r, &h(None, true), 5),
            Err(BodyError::TooLarge)
        );
        let mut r = BufReader::new(&b""[..]);
        assert_eq!(
            read_body(&mut r, &h(None, false), 5),
            Err(BodyError::LengthRequired)
        );
    }
}

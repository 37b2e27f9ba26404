//! `prepoll lsp`: a Language Server over stdio, so that web editors see
//! findings as they type. It checks Markdown, HTML and plain-text
//! documents with the same [`Checker`] as `prepoll check`, when they are
//! opened and each time they change (only the document that changed), and
//! publishes one diagnostic per finding: the rule id as the code, the
//! message, the severity, the clause and the fix. A code action inserts a
//! `prepoll-allow` exception above the paragraph, with the reason left for
//! the writer to give (until they do, the exception is itself reported).
//!
//! lsp-server (rust-analyzer's synchronous JSON-RPC layer) and lsp-types
//! carry the protocol; nothing here runs a rule of its own.

use std::collections::HashMap;

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, Notification as _,
    PublishDiagnostics,
};
use lsp_types::request::{CodeActionRequest, Request as _};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, Diagnostic, DiagnosticSeverity, DidChangeTextDocumentParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, NumberOrString, Position,
    PublishDiagnosticsParams, Range, ServerCapabilities, ServerInfo, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextEdit, Uri, WorkspaceEdit,
};

use crate::engine::Checker;
use crate::extract::Format;
use crate::finding::Severity;
use crate::rules::RuleId;

/// The source name on every diagnostic.
const SOURCE: &str = "prepoll";

/// An open document.
struct Document {
    uri: Uri,
    text: String,
    format: Format,
    version: Option<i32>,
}

/// Runs the server on stdin and stdout until the client says exit.
pub fn run(checker: &Checker) -> Result<(), String> {
    let (connection, io_threads) = Connection::stdio();
    serve(&connection, checker)?;
    drop(connection);
    io_threads.join().map_err(|e| e.to_string())
}

/// Answers one client on a connection.
pub fn serve(connection: &Connection, checker: &Checker) -> Result<(), String> {
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    };
    let init = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": ServerInfo {
            name: "prepoll".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        },
    });
    let (id, _params) = connection
        .initialize_start()
        .map_err(|e| format!("the editor did not start the session: {e}"))?;
    connection
        .initialize_finish(id, init)
        .map_err(|e| format!("the editor did not finish starting the session: {e}"))?;

    let mut documents: HashMap<String, Document> = HashMap::new();
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection
                    .handle_shutdown(&request)
                    .map_err(|e| e.to_string())?
                {
                    return Ok(());
                }
                let response = answer(&request, &documents);
                send(connection, Message::Response(response))?;
            }
            Message::Notification(n) => {
                if let Some(uri) = update(&mut documents, n)? {
                    publish(connection, checker, &documents, &uri)?;
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

fn send(connection: &Connection, message: Message) -> Result<(), String> {
    connection
        .sender
        .send(message)
        .map_err(|e| format!("the editor closed the connection: {e}"))
}

/// Applies a document notification; returns the document to re-check.
fn update(
    documents: &mut HashMap<String, Document>,
    n: Notification,
) -> Result<Option<String>, String> {
    let bad = |e: serde_json::Error| format!("malformed {}: {e}", n.method);
    match n.method.as_str() {
        DidOpenTextDocument::METHOD => {
            let p: DidOpenTextDocumentParams =
                serde_json::from_value(n.params.clone()).map_err(bad)?;
            let Some(format) = format_of(&p.text_document.uri, &p.text_document.language_id) else {
                return Ok(None);
            };
            let key = p.text_document.uri.as_str().to_string();
            documents.insert(
                key.clone(),
                Document {
                    uri: p.text_document.uri,
                    text: p.text_document.text,
                    format,
                    version: Some(p.text_document.version),
                },
            );
            Ok(Some(key))
        }
        DidChangeTextDocument::METHOD => {
            let p: DidChangeTextDocumentParams =
                serde_json::from_value(n.params.clone()).map_err(bad)?;
            let key = p.text_document.uri.as_str().to_string();
            let Some(doc) = documents.get_mut(&key) else {
                return Ok(None);
            };
            // Full sync: the last change holds the whole text.
            if let Some(change) = p.content_changes.into_iter().last() {
                doc.text = change.text;
            }
            doc.version = Some(p.text_document.version);
            Ok(Some(key))
        }
        DidCloseTextDocument::METHOD => {
            let p: DidCloseTextDocumentParams =
                serde_json::from_value(n.params.clone()).map_err(bad)?;
            documents.remove(p.text_document.uri.as_str());
            Ok(None)
        }
        _ => Ok(None),
    }
}

/// The format of a document, from its language or its file name; `None`
/// for documents prepoll does not read.
fn format_of(uri: &Uri, language: &str) -> Option<Format> {
    match language {
        "markdown" => return Some(Format::Markdown),
        "html" => return Some(Format::Html),
        "plaintext" | "text" => return Some(Format::Text),
        _ => {}
    }
    let path = uri.as_str().split(['?', '#']).next().unwrap_or("");
    match Format::from_path(std::path::Path::new(path)) {
        Some(f @ (Format::Markdown | Format::Html | Format::Text)) => Some(f),
        _ => None,
    }
}

fn file_name(format: Format) -> &'static str {
    match format {
        Format::Markdown => "document.md",
        Format::Html => "document.html",
        _ => "document.txt",
    }
}

/// Checks one document and publishes its diagnostics.
fn publish(
    connection: &Connection,
    checker: &Checker,
    documents: &HashMap<String, Document>,
    key: &str,
) -> Result<(), String> {
    let Some(doc) = documents.get(key) else {
        return Ok(());
    };
    let params = PublishDiagnosticsParams {
        uri: doc.uri.clone(),
        diagnostics: diagnostics(checker, doc),
        version: doc.version,
    };
    send(
        connection,
        Message::Notification(Notification::new(
            PublishDiagnostics::METHOD.to_string(),
            params,
        )),
    )
}

fn diagnostics(checker: &Checker, doc: &Document) -> Vec<Diagnostic> {
    let name = doc
        .uri
        .as_str()
        .rsplit('/')
        .next()
        .filter(|n| !n.is_empty())
        .unwrap_or(file_name(doc.format));
    let report = checker.check_source(name, &doc.text, doc.format);
    let lines = Lines::new(&doc.text);
    let mut out: Vec<Diagnostic> = report
        .findings
        .iter()
        .filter(|f| f.suppressed.is_none())
        .map(|f| {
            let info = f.rule.info();
            Diagnostic {
                range: Range::new(
                    lines.position(&doc.text, f.span.start),
                    lines.position(&doc.text, f.span.end),
                ),
                severity: Some(match f.severity {
                    Severity::Error => DiagnosticSeverity::ERROR,
                    Severity::Warning => DiagnosticSeverity::WARNING,
                    Severity::Info => DiagnosticSeverity::INFORMATION,
                }),
                code: Some(NumberOrString::String(f.rule.as_str().to_string())),
                source: Some(SOURCE.to_string()),
                message: format!("{}\nRule: {}\nFix: {}", f.message, info.citation, info.help),
                data: Some(serde_json::json!({ "help": info.help, "title": info.title })),
                ..Diagnostic::default()
            }
        })
        .collect();
    // A file prepoll could not read is one diagnostic at the top.
    for e in &report.errors {
        out.push(Diagnostic {
            range: Range::default(),
            severity: Some(DiagnosticSeverity::ERROR),
            source: Some(SOURCE.to_string()),
            message: format!("prepoll could not check this document: {e}"),
            ..Diagnostic::default()
        });
    }
    out
}

/// Answers a request: code actions; anything else is not supported.
fn answer(request: &Request, documents: &HashMap<String, Document>) -> Response {
    if request.method != CodeActionRequest::METHOD {
        return Response::new_err(
            request.id.clone(),
            lsp_server::ErrorCode::MethodNotFound as i32,
            format!("prepoll does not answer {}", request.method),
        );
    }
    match serde_json::from_value::<CodeActionParams>(request.params.clone()) {
        Ok(params) => {
            let actions = code_actions(&params, documents);
            Response::new_ok(request.id.clone(), actions)
        }
        Err(e) => invalid(request.id.clone(), e),
    }
}

fn invalid(id: RequestId, e: serde_json::Error) -> Response {
    Response::new_err(
        id,
        lsp_server::ErrorCode::InvalidParams as i32,
        format!("malformed request: {e}"),
    )
}

/// For each prepoll diagnostic in range: insert a `prepoll-allow` line
/// before its paragraph, the reason left empty for the writer to fill in.
// lsp-types keys a WorkspaceEdit's changes by Uri, whose parsed form
// caches lazily; the map is built and sent, never looked up.
#[allow(clippy::mutable_key_type)]
fn code_actions(
    params: &CodeActionParams,
    documents: &HashMap<String, Document>,
) -> Vec<CodeActionOrCommand> {
    let Some(doc) = documents.get(params.text_document.uri.as_str()) else {
        return Vec::new();
    };
    let lines = Lines::new(&doc.text);
    let mut out = Vec::new();
    for d in &params.context.diagnostics {
        if d.source.as_deref() != Some(SOURCE) {
            continue;
        }
        let Some(NumberOrString::String(code)) = &d.code else {
            continue;
        };
        let Some(rule) = RuleId::parse(code) else {
            continue;
        };
        if rule == RuleId::UnjustifiedException {
            continue;
        }
        let line = paragraph_start(&doc.text, &lines, d.range.start.line as usize);
        let directive = match doc.format {
            Format::Markdown | Format::Html => {
                format!("<!-- prepoll-allow {rule}: -->\n")
            }
            _ => format!("prepoll-allow {rule}:\n"),
        };
        let at = Position::new(line as u32, 0);
        let edit = TextEdit::new(Range::new(at, at), directive);
        let mut changes = HashMap::new();
        changes.insert(params.text_document.uri.clone(), vec![edit]);
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!(
                "Allow {rule} in this paragraph (prepoll-allow): give the reason after the colon"
            ),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![d.clone()]),
            edit: Some(WorkspaceEdit {
                changes: Some(changes),
                ..WorkspaceEdit::default()
            }),
            ..CodeAction::default()
        }));
    }
    out
}

/// The first line of the paragraph holding `line` (0-based): lines run
/// back to the last blank line.
fn paragraph_start(text: &str, lines: &Lines, line: usize) -> usize {
    let mut l = line.min(lines.starts.len().saturating_sub(1));
    while l > 0 && !lines.text(text, l - 1).trim().is_empty() {
        l -= 1;
    }
    l
}

/// Line starts of a document, for LSP positions (0-based lines, UTF-16
/// characters, as the protocol counts by default).
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Lines { starts }
    }

    fn text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let start = self.starts[line];
        let end = self.starts.get(line + 1).map_or(text.len(), |&e| e - 1);
        &text[start..end.max(start)]
    }

    fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let character: usize = text
            .get(start..offset)
            .unwrap_or("")
            .chars()
            .map(char::len_utf16)
            .sum();
        Position::new(line as u32, character as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units_on_0_based_lines() {
        let text = "first\nsé 😀 x\n";
        let lines = Lines::new(text);
        assert_eq!(lines.position(text, 0), Position::new(0, 0));
        let x = text.find('x').unwrap();
        assert_eq!(lines.position(text, x), Position::new(1, 6));
        assert_eq!(paragraph_start(text, &lines, 1), 0);
        let text = "a\n\nb\nc\n";
        assert_eq!(paragraph_start(text, &Lines::new(text), 3), 2);
    }
}

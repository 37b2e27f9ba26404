//! The engine: walk the paths, read each file, extract, scan once, run the
//! detectors, resolve overlaps, and map findings back to the file. It never
//! formats output (the printers do) and never writes to the files it reads.
//!
//! A [`Checker`] is built once (config, lexicon, candidate names compiled
//! into one automaton) and is immutable afterwards, so rayon workers share
//! it by reference (the command line runs them with rayon).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::calendar::ElectionType;
use crate::candidates::Candidate;
use crate::config::{Config, Election};
use crate::encoding::{self, Encoding};
use crate::exceptions;
use crate::extract::{self, DateSource, Format};
use crate::finding::{Finding, LineIndex, Severity};
use crate::lexicon::Lexicon;
use crate::people::People;
use crate::rules::{self, Context, Detection, DocumentFacts, RuleId};
use crate::scan::{Hit, LocalTerms, Matcher};
use crate::vocabulary::Vocabulary;

/// Files larger than this are refused rather than read whole.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 256 * 1024 * 1024;

/// How a run judges documents.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// `--date`: judge every document at this date.
    pub date: Option<NaiveDate>,
    /// `--election`: only this election.
    pub election: Option<String>,
    /// `--assume-period`: apply the rules whatever the date.
    pub assume_period: bool,
    /// `--kind`: override the detected kind.
    pub kind: Option<String>,
    /// The day of the check (documents without a date are judged at it).
    pub today: NaiveDate,
    /// Largest file read.
    pub max_file_size: u64,
    /// How documents are read.
    pub extract: extract::ExtractOptions,
    /// The words of every document this checker will see, when they were
    /// read first: patterns that cannot occur in them are left out of the
    /// automaton. `None` for a checker that may see any text.
    pub vocabulary: Option<Vocabulary>,
}

impl CheckOptions {
    /// Options judging documents at their own dates, today being `today`.
    pub fn new(today: NaiveDate) -> Self {
        CheckOptions {
            date: None,
            election: None,
            assume_period: false,
            kind: None,
            today,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            extract: extract::ExtractOptions::default(),
            vocabulary: None,
        }
    }
}

/// The result of checking one file.
#[derive(Debug, Clone, Default)]
pub struct FileReport {
    /// The path as given or found.
    pub path: String,
    /// The kind of publicity.
    pub kind: String,
    /// The date the document was judged at.
    pub date: Option<NaiveDate>,
    /// Where that date came from.
    pub date_source: Option<DateSource>,
    /// Whether the date falls in a pre-election period (or one was assumed).
    pub in_period: bool,
    /// The election whose period applies.
    pub election: Option<String>,
    /// The findings, in file order.
    pub findings: Vec<Finding>,
    /// Problems reading the file.
    pub errors: Vec<String>,
    /// The text of the lines findings point at, for printers, by page (0
    /// when the file has no pages) and line.
    pub lines: BTreeMap<(usize, usize), String>,
    /// The file's encoding, when not UTF-8.
    pub encoding: Option<&'static str>,
    /// Social posts, each judged at its own date.
    pub posts: Vec<PostReport>,
    /// Why the file was left out, when it was (a data file found in a folder).
    pub skipped: Option<String>,
    /// What `line` counts when not lines of the file: `paragraph` (Word).
    pub positions: Option<&'static str>,
}

/// How one social post was judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostReport {
    /// The post's id (or row).
    pub id: String,
    /// The date it was judged at.
    pub date: NaiveDate,
    /// Where that date came from.
    pub date_source: DateSource,
    /// Whether a pre-election period applied.
    pub in_period: bool,
}

/// A configured, immutable checker.
#[derive(Debug)]
pub struct Checker {
    /// The configuration.
    pub config: Config,
    /// The word lists.
    pub lexicon: Lexicon,
    /// Everyone who may be named.
    pub people: People,
    matcher: Matcher,
    /// How documents are judged.
    pub options: CheckOptions,
    /// Indices of the elections in play (all, or the one `--election` chose).
    selected: Vec<usize>,
}

/// A problem that stops the run before any file is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupError(pub String);

impl std::fmt::Display for SetupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SetupError {}

/// Choices for one check that differ from the checker's options.
#[derive(Debug, Clone, Default)]
pub struct Judging {
    /// Judge the document at this date.
    pub date: Option<NaiveDate>,
    /// Only this election (its id in the config).
    pub election: Option<String>,
}

/// A document checked from memory, with the text its positions refer to.
#[derive(Debug, Clone)]
pub struct CheckedUpload {
    /// The report (positions are byte offsets into `text`).
    pub report: FileReport,
    /// The text to show: the document as given, or for Word documents the
    /// paragraphs read from it, one per line.
    pub text: String,
}

impl Checker {
    /// Checks a document given as bytes with its file name (an upload or a
    /// pasted draft): text, Markdown, HTML or Word, by the name's extension.
    pub fn check_upload(&self, name: &str, bytes: Vec<u8>, judging: &Judging) -> CheckedUpload {
        let format = Format::from_path(Path::new(name)).unwrap_or(Format::Text);
        let failed = |e: String, format: Format| CheckedUpload {
            report: FileReport {
                path: name.to_string(),
                kind: default_kind(name, format).to_string(),
                errors: vec![e],
                ..FileReport::default()
            },
            text: String::new(),
        };
        if bytes.len() as u64 > self.options.max_file_size {
            return failed(
                format!(
                    "the document is {} bytes, over the {} byte limit",
                    bytes.len(),
                    self.options.max_file_size
                ),
                format,
            );
        }
        match format {
            Format::Docx => match extract::docx::extract(&bytes) {
                Ok((paragraphs, extracted)) => {
                    let mut report =
                        self.check_extracted_as(name, &paragraphs, format, &extracted, judging);
                    report.positions = Some("paragraph");
                    CheckedUpload {
                        report,
                        text: paragraphs,
                    }
                }
                Err(e) => failed(e, format),
            },
            Format::Pdf => failed(
                "PDF is checked by `prepoll check`, not here: paste its text or upload the Word original".to_string(),
                format,
            ),
            _ => match encoding::decode(bytes) {
                Ok((text, _)) => {
                    let report = match extract::extract(&text, format, &self.options.extract) {
                        Ok(extracted) => {
                            self.check_extracted_as(name, &text, format, &extracted, judging)
                        }
                        Err(e) => return failed(e, format),
                    };
                    CheckedUpload { report, text }
                }
                Err(e) => failed(e, format),
            },
        }
    }

    /// Builds a checker. `extra_candidates` (from `--candidates`) apply to
    /// every election.
    pub fn new(
        config: Config,
        extra_candidates: Vec<Candidate>,
        options: CheckOptions,
    ) -> Result<Checker, SetupError> {
        let selected: Vec<usize> = match &options.election {
            Some(id) => {
                let idx = config
                    .elections
                    .iter()
                    .position(|e| &e.id == id)
                    .ok_or_else(|| {
                        let known: Vec<&str> =
                            config.elections.iter().map(|e| e.id.as_str()).collect();
                        SetupError(format!(
                            "no election \"{id}\" in the config (known: {})",
                            if known.is_empty() {
                                "none".to_string()
                            } else {
                                known.join(", ")
                            }
                        ))
                    })?;
                vec![idx]
            }
            None => (0..config.elections.len()).collect(),
        };
        let mut lexicon = Lexicon::builtin();
        let mut candidates: Vec<(Candidate, Option<usize>)> = Vec::new();
        for (i, e) in config.elections.iter().enumerate() {
            candidates.extend(e.candidates.iter().cloned().map(|c| (c, Some(i))));
        }
        candidates.extend(extra_candidates.into_iter().map(|c| (c, None)));
        // Local parties ("Ashcombe Residents' Association") are too many to
        // list: the candidate list names them (DOMAIN.md §5).
        lexicon.add_local_parties(candidates.iter().filter_map(|(c, _)| c.party.as_deref()));
        lexicon.add_local_topics(&config.controversial);
        // Candidates whose names cannot occur in the documents to be
        // checked (when known) are left out: see `Vocabulary`.
        if let Some(vocabulary) = &options.vocabulary {
            candidates.retain(|(c, _)| vocabulary.may_name(c));
        }
        let people = People::new(candidates, &config.not_standing, &lexicon);
        let local = LocalTerms {
            ordinary: config.ordinary.clone(),
        };
        let matcher = Matcher::build(&lexicon, &local, &people, options.vocabulary.as_ref());
        Ok(Checker {
            config,
            lexicon,
            people,
            matcher,
            options,
            selected,
        })
    }

    /// Every literal the scanner looks for.
    pub fn patterns(&self) -> impl Iterator<Item = &str> {
        (0..self.matcher.len() as u32).map(|i| self.matcher.pattern(i))
    }

    /// The elections in play.
    pub fn elections(&self) -> impl Iterator<Item = &Election> {
        self.selected.iter().map(|&i| &self.config.elections[i])
    }

    /// The first period starting after `date`, if any: (election, start).
    pub fn next_period_after(&self, date: NaiveDate) -> Option<(&Election, NaiveDate)> {
        self.elections()
            .filter(|e| e.notice_of_election > date)
            .min_by_key(|e| e.notice_of_election)
            .map(|e| (e, e.notice_of_election))
    }

    /// Which elections apply at a date: whether any rule applies, and the
    /// elections in play (all selected ones under `--assume-period`).
    fn periods_at(&self, date: NaiveDate, judging: &Judging) -> (bool, Vec<usize>) {
        let chosen: Vec<usize>;
        let selected = match &judging.election {
            Some(id) => {
                chosen = self
                    .config
                    .elections
                    .iter()
                    .position(|e| &e.id == id)
                    .into_iter()
                    .collect();
                &chosen
            }
            None => &self.selected,
        };
        let in_period: Vec<usize> = selected
            .iter()
            .copied()
            .filter(|&i| self.config.elections[i].in_period(date))
            .collect();
        if !in_period.is_empty() {
            (true, in_period)
        } else if self.options.assume_period {
            (true, selected.clone())
        } else {
            (false, Vec::new())
        }
    }

    /// Runs the detectors over the hits in `range` of the text (the whole
    /// document, or one post), with the elections in play.
    fn detect(
        &self,
        extracted: &extract::Extracted,
        hits: &[Hit],
        active_elections: &[usize],
        kind: &str,
    ) -> Vec<Detection> {
        let kinds = || {
            active_elections
                .iter()
                .map(|&i| self.config.elections[i].kind)
        };
        let facts = DocumentFacts {
            kind: kind.to_string(),
            // With no election configured, assume the common case: a local one.
            local_election: active_elections.is_empty() || kinds().any(|k| k.is_local()),
            parliamentary: kinds().any(|k| k == ElectionType::Parliamentary),
        };
        let mut ctx = Context::new(
            &extracted.text,
            hits,
            &self.matcher,
            &self.lexicon,
            &self.people,
            active_elections,
            &facts,
        );
        rules::run_all(&mut ctx);
        resolve_overlaps(ctx.into_detections())
    }

    /// Checks the text of one document.
    pub fn check_source(&self, path: &str, source: &str, format: Format) -> FileReport {
        match extract::extract(source, format, &self.options.extract) {
            Ok(extracted) => self.check_extracted(path, source, format, &extracted),
            Err(e) => FileReport {
                path: path.to_string(),
                kind: default_kind(path, format).to_string(),
                errors: vec![e],
                ..FileReport::default()
            },
        }
    }

    /// Checks an extracted document: as a whole, or post by post, each at
    /// its own date.
    pub fn check_extracted(
        &self,
        path: &str,
        source: &str,
        format: Format,
        extracted: &extract::Extracted,
    ) -> FileReport {
        self.check_extracted_as(path, source, format, extracted, &Judging::default())
    }

    /// [`Checker::check_extracted`], with the date or election chosen for
    /// this one check (`prepoll serve`, `prepoll lsp`).
    pub fn check_extracted_as(
        &self,
        path: &str,
        source: &str,
        format: Format,
        extracted: &extract::Extracted,
        judging: &Judging,
    ) -> FileReport {
        let chosen_date = judging.date.or(self.options.date);
        let (date, date_source) = match (chosen_date, extracted.meta.date) {
            (Some(d), _) => (d, DateSource::CommandLine),
            (None, Some((d, s))) => (d, s),
            (None, None) => (self.options.today, DateSource::Today),
        };
        let kind = self
            .options
            .kind
            .clone()
            .or_else(|| extracted.meta.kind.clone())
            .unwrap_or_else(|| default_kind(path, format).to_string());
        let mut report = FileReport {
            path: path.to_string(),
            kind,
            date: Some(date),
            date_source: Some(date_source),
            ..FileReport::default()
        };
        // One scan of the whole document, once it is known to be in a
        // period; posts take their share of the hits.
        let mut detections = Vec::new();
        if extracted.items.is_empty() {
            let (applies, active) = self.periods_at(date, judging);
            report.in_period = applies;
            report.election = active.first().map(|&i| self.config.elections[i].id.clone());
            if !applies {
                return report;
            }
            let hits = self.matcher.scan(&extracted.text.text);
            detections = self.detect(extracted, &hits, &active, &report.kind);
        } else {
            let hits = self.matcher.scan(&extracted.text.text);
            for item in &extracted.items {
                // --date judges every post at that date; otherwise each its own.
                let (item_date, source_of_date) = match (chosen_date, item.date) {
                    (Some(d), _) => (d, DateSource::CommandLine),
                    (None, Some(d)) => (d, DateSource::Post),
                    (None, None) => (date, date_source),
                };
                let (applies, active) = self.periods_at(item_date, judging);
                report.posts.push(PostReport {
                    id: item.id.clone(),
                    date: item_date,
                    date_source: source_of_date,
                    in_period: applies,
                });
                if !applies {
                    continue;
                }
                if !report.in_period {
                    report.in_period = true;
                    report.election = active.first().map(|&i| self.config.elections[i].id.clone());
                }
                let from = hits.partition_point(|h| h.start < item.range.start);
                let to = hits.partition_point(|h| h.start < item.range.end);
                for mut d in self.detect(extracted, &hits[from..to], &active, "social-post") {
                    d.message = format!("Post {}: {}", item.id, d.message);
                    detections.push(d);
                }
            }
            if !report.in_period {
                return report;
            }
        }

        // Lines are indexed only for something to report at them.
        if detections.is_empty() && extracted.comments.is_empty() {
            return report;
        }
        let index = LineIndex::new(source);
        for d in detections {
            if self.config.disabled.contains(&d.rule) {
                continue;
            }
            let severity = self
                .config
                .severity
                .get(&d.rule)
                .copied()
                .unwrap_or_else(|| d.rule.info().default_severity());
            let range = match &d.source {
                // About the whole document: its first line.
                Some(r) if r.is_empty() && r.start == 0 => {
                    0..source.find(['\r', '\n']).unwrap_or(source.len())
                }
                Some(r) => r.clone(),
                None => extracted.text.source_range(d.range.clone()),
            };
            let span = index.span(source, range.clone());
            for line in span.line..=span.end_line.min(span.line + 5) {
                report
                    .lines
                    .entry((0, line))
                    .or_insert_with(|| index.line_text(source, line).to_string());
            }
            report.findings.push(Finding {
                rule: d.rule,
                severity,
                message: d.message,
                span,
                text: source.get(range).unwrap_or("").to_string(),
                candidate: d.candidate,
                party: d.party,
                suppressed: None,
                page: None,
            });
        }
        self.apply_exceptions(&mut report, extracted, source, &index, date);
        report
            .findings
            .sort_by_key(|f| (f.span.start, f.rule.precedence()));
        report
    }

    /// Waives findings covered by inline exceptions, and reports
    /// directives that cannot be used.
    fn apply_exceptions(
        &self,
        report: &mut FileReport,
        extracted: &extract::Extracted,
        source: &str,
        index: &LineIndex,
        date: NaiveDate,
    ) {
        if extracted.comments.is_empty() {
            return;
        }
        let blocks: Vec<std::ops::Range<usize>> = extracted
            .text
            .segments
            .iter()
            .map(|s| extracted.text.source_range(s.range.clone()))
            .collect();
        let (waivers, problems) =
            exceptions::waivers(&extracted.comments, &blocks, source.len(), date);
        for f in &mut report.findings {
            if let Some(w) = exceptions::waiver_for(&waivers, f.rule, f.span.start) {
                f.suppressed = Some(w.suppression.clone());
            }
        }
        if self.config.disabled.contains(&RuleId::UnjustifiedException) {
            return;
        }
        for p in problems {
            let span = index.span(source, p.range.clone());
            report
                .lines
                .entry((0, span.line))
                .or_insert_with(|| index.line_text(source, span.line).to_string());
            report.findings.push(Finding {
                rule: RuleId::UnjustifiedException,
                severity: self
                    .config
                    .severity
                    .get(&RuleId::UnjustifiedException)
                    .copied()
                    .unwrap_or(Severity::Error),
                message: format!("Exception not applied: {}", p.message),
                span,
                text: source.get(p.range).unwrap_or("").to_string(),
                candidate: None,
                party: None,
                suppressed: None,
                page: None,
            });
        }
    }

    /// Reads and checks one file. Errors are reported in the result.
    pub fn check_file(&self, path: &Path, shown: &str) -> FileReport {
        self.check_found_file(path, shown, true)
    }

    /// Reads and checks one file. A `.json` or `.csv` file found by walking
    /// a folder (not named explicitly) that is not social posts is skipped
    /// with a note rather than reported as an error: a website holds data
    /// files too.
    pub fn check_found_file(&self, path: &Path, shown: &str, explicit: bool) -> FileReport {
        let format = Format::from_path(path).unwrap_or(Format::Text);
        self.check_loaded(
            format,
            Loaded::read(path, format, &self.options),
            shown,
            explicit,
        )
    }

    /// [`Checker::check_found_file`] for a file already read by
    /// [`read_ahead`], or standard input read by [`read_stdin`].
    pub fn check_read_file(&self, file: ReadFile, shown: &str, explicit: bool) -> FileReport {
        self.check_loaded(file.format, file.loaded, shown, explicit)
    }

    fn check_loaded(
        &self,
        format: Format,
        loaded: Result<Loaded, String>,
        shown: &str,
        explicit: bool,
    ) -> FileReport {
        let mut report = match loaded {
            Ok(Loaded::Text {
                source,
                encoding,
                extracted,
            }) => {
                let report = self.check_extracted(shown, &source, format, &extracted);
                in_file_encoding(report, &source, encoding)
            }
            // Word: positions are paragraph numbers and columns within them
            // (see [`extract::docx`]).
            Ok(Loaded::Docx {
                paragraphs,
                extracted,
            }) => {
                let mut report = self.check_extracted(shown, &paragraphs, format, &extracted);
                report.positions = Some("paragraph");
                report
            }
            // PDF: positions are pages and lines within them.
            Ok(Loaded::Pdf {
                lines,
                page_starts,
                extracted,
            }) => {
                let mut report = self.check_extracted(shown, &lines, format, &extracted);
                report.positions = Some("page-line");
                for f in &mut report.findings {
                    let (page, line) = extract::pdf::page_of(&page_starts, f.span.line);
                    let (_, end_line) = extract::pdf::page_of(&page_starts, f.span.end_line);
                    f.page = Some(page);
                    f.span.line = line;
                    f.span.end_line = end_line;
                }
                report.lines = report
                    .lines
                    .into_iter()
                    .map(|((_, l), t)| (extract::pdf::page_of(&page_starts, l), t))
                    .collect();
                report
            }
            Ok(Loaded::PdfWithoutText) => FileReport {
                path: shown.to_string(),
                kind: default_kind(shown, format).to_string(),
                skipped: Some(
                    "the PDF has no extractable text (a scanned image?): not checked; check it by eye or run it through OCR first".to_string(),
                ),
                ..FileReport::default()
            },
            Err(e) => FileReport {
                path: shown.to_string(),
                kind: default_kind(shown, format).to_string(),
                errors: vec![e],
                ..FileReport::default()
            },
        };
        if !explicit && matches!(format, Format::Json | Format::Csv) && !report.errors.is_empty() {
            report.skipped = Some(format!(
                "not read as social posts: {}",
                report.errors.join("; ")
            ));
            report.errors.clear();
        }
        report
    }
}

/// Offsets in a report mapped back to the file as written in `encoding`.
fn in_file_encoding(mut report: FileReport, source: &str, encoding: Encoding) -> FileReport {
    if encoding != Encoding::Utf8 {
        for f in &mut report.findings {
            f.span.start = encoding.file_offset(source, f.span.start);
            f.span.end = encoding.file_offset(source, f.span.end);
        }
        report.encoding = Some(encoding.as_str());
    }
    report
}

/// A file read and its text extracted, as a check reads it: the one place
/// that decides how each format is read, for the check and for the
/// look-ahead of [`read_ahead`] alike.
enum Loaded {
    /// A text format: the decoded source and the file's encoding.
    Text {
        source: String,
        encoding: Encoding,
        extracted: extract::Extracted,
    },
    /// Word: its paragraphs, one a line.
    Docx {
        paragraphs: String,
        extracted: extract::Extracted,
    },
    /// PDF: its lines, and the line each page starts at.
    Pdf {
        lines: String,
        page_starts: Vec<usize>,
        extracted: extract::Extracted,
    },
    /// A PDF without a text layer.
    PdfWithoutText,
}

impl Loaded {
    fn read(path: &Path, format: Format, options: &CheckOptions) -> Result<Loaded, String> {
        Self::from_bytes(read_bytes(path, options.max_file_size)?, format, options)
    }

    /// A document given whole, as a file's bytes or standard input's.
    fn from_bytes(
        bytes: Vec<u8>,
        format: Format,
        options: &CheckOptions,
    ) -> Result<Loaded, String> {
        Ok(match format {
            Format::Docx => {
                let (paragraphs, extracted) = extract::docx::extract(&bytes)?;
                Loaded::Docx {
                    paragraphs,
                    extracted,
                }
            }
            Format::Pdf => match extract::pdf::extract(&bytes)? {
                Some((lines, page_starts, extracted)) => Loaded::Pdf {
                    lines,
                    page_starts,
                    extracted,
                },
                None => Loaded::PdfWithoutText,
            },
            _ => {
                let (source, encoding) = encoding::decode(bytes)?;
                let extracted = extract::extract(&source, format, &options.extract)?;
                Loaded::Text {
                    source,
                    encoding,
                    extracted,
                }
            }
        })
    }

    /// The extracted text, if there is any.
    fn text(&self) -> Option<&str> {
        match self {
            Loaded::Text { extracted, .. }
            | Loaded::Docx { extracted, .. }
            | Loaded::Pdf { extracted, .. } => Some(&extracted.text.text),
            Loaded::PdfWithoutText => None,
        }
    }
}

/// Most bytes of documents read ahead for their words. The files read
/// ahead are then checked as read, not read again; but they are read one
/// after another, before the check's threads start, so the look-ahead is
/// kept to what takes a few milliseconds, against the 30 ms or so a
/// general election's full automaton takes to build. Past it, more of the
/// names have a word in the files anyway.
pub const VOCABULARY_MAX_BYTES: u64 = 256 << 10;

/// A document read and extracted before the check: a file by
/// [`read_ahead`], or standard input by [`read_stdin`]. Checked with
/// [`Checker::check_read_file`].
pub struct ReadFile {
    format: Format,
    loaded: Result<Loaded, String>,
}

impl ReadFile {
    /// The extracted text, if the document could be read and has any.
    fn text(&self) -> Option<&str> {
        self.loaded.as_ref().ok().and_then(Loaded::text)
    }
}

/// What [`read_ahead`] found.
pub struct ReadAhead {
    /// The words of the files, and of standard input if it was given.
    pub vocabulary: Vocabulary,
    /// Each file, read and extracted, by its path as given.
    pub files: Vec<(PathBuf, ReadFile)>,
}

/// Reads the files a run will check, as [`Checker::check_found_file`]
/// reads them, when they are few and small enough for the look-ahead to
/// pay, and collects their words and those of standard input, already
/// read. `None` when any file cannot be read as text: the checker is then
/// built for any text, and the check reports the problem.
pub fn read_ahead(
    paths: &[&Path],
    stdin: Option<&ReadFile>,
    options: &CheckOptions,
) -> Option<ReadAhead> {
    if paths.is_empty() && stdin.is_none() {
        return None;
    }
    // Standard input that could not be read is reported, not checked: it
    // has no words to add, nor to count against the look-ahead's budget.
    let stdin_text = stdin.and_then(ReadFile::text);
    let mut total = stdin_text.map_or(0, |t| t.len() as u64);
    if total > VOCABULARY_MAX_BYTES {
        return None;
    }
    for path in paths {
        let meta = std::fs::metadata(path).ok()?;
        total += meta.len();
        if !meta.is_file() || total > VOCABULARY_MAX_BYTES {
            return None;
        }
    }
    let mut vocabulary = Vocabulary::default();
    if let Some(text) = stdin_text {
        vocabulary.add_text(text);
    }
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let format = Format::from_path(path).unwrap_or(Format::Text);
        let loaded = Loaded::read(path, format, options).ok()?;
        if let Some(text) = loaded.text() {
            vocabulary.add_text(text);
        }
        files.push((
            path.to_path_buf(),
            ReadFile {
                format,
                loaded: Ok(loaded),
            },
        ));
    }
    Some(ReadAhead { vocabulary, files })
}

/// Reads standard input whole, in the format its `--stdin-filename`
/// names (plain text without one), refusing more than the size limit as a
/// file over it is refused. It is read before the checker is built, so
/// that a single document piped in by an editor or a hook narrows the
/// automaton as a named file does (see [`read_ahead`]).
pub fn read_stdin(name: Option<&str>, options: &CheckOptions) -> ReadFile {
    let format = name
        .and_then(|n| Format::from_path(Path::new(n)))
        .unwrap_or(Format::Text);
    let mut bytes = Vec::new();
    let read = std::io::stdin()
        .lock()
        .take(options.max_file_size + 1)
        .read_to_end(&mut bytes);
    let loaded = match read {
        Err(e) => Err(io_message(&e)),
        Ok(_) if bytes.len() as u64 > options.max_file_size => Err(format!(
            "standard input is over the {} byte limit: not checked",
            options.max_file_size
        )),
        Ok(_) => Loaded::from_bytes(bytes, format, options),
    };
    ReadFile { format, loaded }
}

/// Keeps one finding per mention: where the mentions two detections claim
/// overlap, the more specific rule wins (SPEC: one mention, one finding).
/// A quote claims only its speaker's name, so other names inside it are
/// still reported.
fn resolve_overlaps(mut detections: Vec<Detection>) -> Vec<Detection> {
    detections.sort_by_key(|d| {
        (
            d.rule.precedence(),
            d.range.start,
            std::cmp::Reverse(d.range.end),
        )
    });
    // The claims kept so far never overlap one another: a map from start to
    // end answers "is this taken?" with two look-ups, so resolving stays
    // O(n log n) even for a document with a million findings.
    let mut claimed: BTreeMap<usize, usize> = BTreeMap::new();
    let taken = |claimed: &BTreeMap<usize, usize>, b: &std::ops::Range<usize>| {
        let before = claimed
            .range(..=b.start)
            .next_back()
            .is_some_and(|(&s, &e)| s == b.start || e > b.start);
        let after = claimed
            .range(b.start + 1..)
            .next()
            .is_some_and(|(&s, _)| s < b.end);
        before || after
    };
    let mut kept: Vec<Detection> = Vec::with_capacity(detections.len());
    for d in detections {
        if d.claimed().iter().any(|b| taken(&claimed, b)) {
            continue;
        }
        for c in d.claimed() {
            claimed.insert(c.start, c.end.max(c.start));
        }
        kept.push(d);
    }
    kept.sort_by_key(|d| d.range.start);
    kept
}

/// The kind of publicity a file is, when nothing says. A newsletter is
/// never guessed from a file name ("newsletter-signup.html" is a web page):
/// it is declared (`kind`, `--kind`) or recognised by its masthead.
fn default_kind(path: &str, format: Format) -> &'static str {
    let lower = path.to_ascii_lowercase();
    if ["news", "press", "release", "media"]
        .iter()
        .any(|w| lower.contains(w))
        || format == Format::Text
    {
        "press-release"
    } else {
        "web-page"
    }
}

/// Reads a file's bytes, refusing folders and files over the size limit.
pub fn read_bytes(path: &Path, max_size: u64) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| io_message(&e))?;
    if meta.is_dir() {
        return Err("is a folder, not a file".to_string());
    }
    if meta.len() > max_size {
        return Err(format!(
            "file is {} bytes, over the {} byte limit: not checked",
            meta.len(),
            max_size
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(max_size + 1).read_to_end(&mut bytes))
        .map_err(|e| io_message(&e))?;
    Ok(bytes)
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// Severity counts, for summaries.
pub fn count_by_severity(reports: &[FileReport]) -> BTreeMap<Severity, usize> {
    let mut out = BTreeMap::new();
    for f in reports.iter().flat_map(|r| &r.findings) {
        if f.suppressed.is_none() {
            *out.entry(f.severity).or_insert(0) += 1;
        }
    }
    out
}

/// Rule counts, for summaries.
pub fn count_by_rule(reports: &[FileReport]) -> BTreeMap<RuleId, usize> {
    let mut out = BTreeMap::new();
    for f in reports.iter().flat_map(|r| &r.findings) {
        if f.suppressed.is_none() {
            *out.entry(f.rule).or_insert(0) += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_read_whole_and_one_over_the_limit_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("news.md");
        // Larger than one read of `read_to_end`, which starts at 8 KiB.
        let text = "Cllr Jane Smith opened the library. ".repeat(3000);
        std::fs::write(&path, &text).unwrap();
        assert_eq!(read_bytes(&path, 1 << 20).unwrap(), text.as_bytes());
        let refused = read_bytes(&path, 1000).unwrap_err();
        assert!(refused.contains("over the 1000 byte limit"), "{refused}");
        let empty = dir.path().join("empty.md");
        std::fs::write(&empty, "").unwrap();
        assert_eq!(read_bytes(&empty, 10).unwrap(), b"");
        assert_eq!(
            read_bytes(dir.path(), 1 << 20).unwrap_err(),
            "is a folder, not a file"
        );
        assert_eq!(
            read_bytes(&dir.path().join("gone.md"), 1 << 20).unwrap_err(),
            "no such file or folder"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_is_read_to_its_end_but_never_past_the_limit() {
        // A named pipe has no size: the buffer grows as it is read.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&path).status();
        assert!(made.is_ok_and(|s| s.success()));
        let write = |len: usize| {
            let path = path.clone();
            // The reader may close first: the writer's error is expected.
            std::thread::spawn(move || drop(std::fs::write(path, "x".repeat(len))))
        };
        let writer = write(100_000);
        assert_eq!(read_bytes(&path, 1 << 20).unwrap().len(), 100_000);
        writer.join().unwrap();
        let writer = write(100_000);
        assert_eq!(read_bytes(&path, 50_000).unwrap().len(), 50_001);
        writer.join().unwrap();
    }
}

//! prepoll checks council publicity against the UK pre-election ("purdah")
//! rules and reports each breach at its exact place in the source file.
//!
//! The pipeline runs one way: [`extract`] (file → text with a map back to the
//! source) → [`scan`] (one Aho-Corasick automaton over the text) → [`rules`]
//! (detectors over the hits) → [`engine`] (overlaps resolved, positions
//! mapped, files in parallel) → [`report`] (printers). [`config`],
//! [`candidates`], [`calendar`] and [`lexicon`] feed the engine; [`cli`] is
//! the command line over all of it.
#![deny(missing_docs)]

pub mod baseline;
pub mod calendar;
pub mod candidates;
pub mod cli;
pub mod config;
pub mod encoding;
pub mod engine;
pub mod exceptions;
pub mod extract;
pub mod finding;
pub mod lexicon;
pub mod lsp;
pub mod people;
pub mod report;
pub mod rules;
pub mod scan;
pub mod serve;
pub mod vocabulary;

//! Finding the files to check: folders are walked with the ignore crate
//! (hidden and .gitignore'd files skipped, as ripgrep does), the config's
//! `[files] exclude` globs applied; a file named explicitly is always
//! checked. Problems (a missing path, a symlink loop, a folder that cannot
//! be read) become file reports with an error, so nothing is dropped.

use std::io;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::engine::FileReport;
use crate::extract::Format;

/// Shows a path the way the user gave it, without a leading "./".
pub(crate) fn shown(path: &Path) -> String {
    let s = path.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

/// Collects the files under `path`: folders are walked (hidden files and
/// .gitignore'd files skipped, config excludes applied) for the formats
/// prepoll reads; a file named explicitly is always checked.
pub(crate) fn collect_files(
    path: &Path,
    config: &Config,
    files: &mut Vec<(PathBuf, String, bool)>,
    errors: &mut Vec<FileReport>,
) {
    let error = |p: &str, e: String| FileReport {
        path: p.to_string(),
        errors: vec![e],
        ..FileReport::default()
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            let m = if e.kind() == io::ErrorKind::NotFound {
                "no such file or folder".to_string()
            } else {
                e.to_string()
            };
            errors.push(error(&shown(path), m));
            return;
        }
    };
    if !meta.is_dir() {
        files.push((path.to_path_buf(), shown(path), true));
        return;
    }
    let excludes = build_excludes(config);
    let walked_folder = std::fs::canonicalize(path).ok();
    let mut walker = ignore::WalkBuilder::new(path);
    walker
        .standard_filters(true)
        .require_git(false)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b));
    for entry in walker.build() {
        match entry {
            Ok(entry) => {
                let p = entry.path();
                if !entry.file_type().is_some_and(|t| t.is_file()) {
                    continue;
                }
                if Format::from_path(p).is_none() {
                    continue;
                }
                // The walk follows no links, so a file's resolved path is
                // the resolved folder's joined with the rest: no system call
                // per file.
                let resolved = if excludes.is_some() || !config.own_files.is_empty() {
                    match (&walked_folder, p.strip_prefix(path)) {
                        (Some(folder), Ok(rest)) => Some(folder.join(rest)),
                        _ => std::fs::canonicalize(p).ok(),
                    }
                } else {
                    None
                };
                if let Some((root, gi)) = &excludes
                    && let Some(abs) = &resolved
                    && abs.starts_with(root)
                    && gi.matched_path_or_any_parents(abs, false).is_ignore()
                {
                    continue;
                }
                // The config and its candidate lists are not publicity.
                if let Some(abs) = &resolved
                    && config.own_files.contains(abs)
                {
                    continue;
                }
                files.push((p.to_path_buf(), shown(p), false));
            }
            Err(e) => {
                let p = walk_error_path(&e).unwrap_or_else(|| shown(path));
                errors.push(error(&p, walk_error_message(&e)));
            }
        }
    }
}

fn walk_error_path(e: &ignore::Error) -> Option<String> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(shown(path)),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(shown(child)),
        _ => None,
    }
}

fn walk_error_message(e: &ignore::Error) -> String {
    match e {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => walk_error_message(err),
        ignore::Error::Loop { ancestor, .. } => {
            format!(
                "symbolic link loop back to {}: not followed",
                ancestor.display()
            )
        }
        ignore::Error::Io(io) if io.kind() == io::ErrorKind::PermissionDenied => {
            "permission denied".to_string()
        }
        other => other.to_string(),
    }
}

/// The config's `[files] exclude` globs, rooted at the config's folder.
fn build_excludes(config: &Config) -> Option<(PathBuf, ignore::gitignore::Gitignore)> {
    if config.exclude.is_empty() {
        return None;
    }
    let root = config.path.as_ref()?.parent()?;
    let root = std::fs::canonicalize(if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root
    })
    .ok()?;
    let mut b = ignore::gitignore::GitignoreBuilder::new(&root);
    for pattern in &config.exclude {
        let _ = b.add_line(None, pattern);
    }
    b.build().ok().map(|gi| (root, gi))
}

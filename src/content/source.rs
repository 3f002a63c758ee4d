//! Finding the content files and splitting Markdown files into front matter and body.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::Kind;
use crate::diagnostic::{did_you_mean, Code, Diagnostic};
use crate::yaml::Pos;

/// The folder under the root that holds the entries.
pub(crate) const CONTENT_DIR: &str = "content";

/// The format of a file of `content/` by its name, or `None` when it is not an entry file (an image, say).
fn source_format(name: &str) -> Option<Format> {
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("md") => Some(Format::Markdown),
        Some("yaml" | "yml") => Some(Format::Yaml),
        _ => None,
    }
}

/// Whether a path (relative to the root, `/`-separated) is an entry file of `content/`, which the loader
/// reads, rather than a folder or another file there (an image a body links to).
pub fn is_entry_file(rel: &str) -> bool {
    rel.starts_with("content/") && source_format(rel.rsplit('/').next().unwrap_or(rel)).is_some()
}

/// A content file found on disk.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    /// Relative to the root, `/`-separated.
    pub rel: String,
    pub abs: PathBuf,
    pub kind: Kind,
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Markdown,
    Yaml,
}

/// Whether a file or folder name is one that editors, systems or version control leave behind.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
}

/// `path` relative to `root`, with `/` separators.
pub(crate) fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every content file under `root/content`, sorted by path. Files of unknown kinds and unreadable
/// folders become diagnostics.
pub(crate) fn discover(root: &Path, diags: &mut Vec<Diagnostic>) -> Vec<Found> {
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        return Vec::new();
    }
    let folders: Vec<&str> = Kind::ALL.iter().map(|k| k.folder()).collect();
    let mut found = Vec::new();
    let walker = WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                let at = err
                    .path()
                    .map_or_else(|| CONTENT_DIR.to_string(), |p| relative(root, p));
                diags.push(Diagnostic::new(
                    Code::IoError,
                    &at,
                    None,
                    format!("cannot read: {err}"),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        let Some(format) = source_format(&name) else {
            continue;
        };
        let rel = relative(root, entry.path());
        let top = rel.split('/').nth(1).unwrap_or("");
        let is_top_level_file = rel.matches('/').count() == 1;
        match Kind::from_folder(top).filter(|_| !is_top_level_file) {
            Some(kind) => found.push(Found {
                rel,
                abs: entry.path().to_path_buf(),
                kind,
                format,
            }),
            None => {
                let mut d = Diagnostic::new(
                    Code::UnknownKind,
                    &rel,
                    None,
                    if is_top_level_file {
                        "entries must be in a kind folder under `content/`".to_string()
                    } else {
                        format!("`content/{top}` is not a kind of entry")
                    },
                );
                d = match did_you_mean(top, folders.iter().copied()).filter(|_| !is_top_level_file)
                {
                    Some(s) => d.with_note(format!("did you mean `content/{s}/`?")),
                    None => d.with_note(format!("the kind folders are: {}", folders.join(", "))),
                };
                diags.push(d);
            }
        }
    }
    found
}

/// A Markdown file, split.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Split<'a> {
    /// The file does not start with `---`.
    NoFrontMatter,
    /// It starts with `---` but has no closing line.
    Unclosed,
    /// Front matter and body.
    FrontMatter {
        yaml: &'a str,
        /// The file line of the first YAML line.
        yaml_line: usize,
        body: &'a str,
        /// The file line the body starts on.
        body_line: usize,
        /// The closing `---` line.
        close: Pos,
    },
}

/// Splits `text` (BOM already removed) into front matter and body.
pub(crate) fn split_front_matter(text: &str) -> Split<'_> {
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return Split::NoFrontMatter;
    };
    if first.trim_end() != "---" {
        return Split::NoFrontMatter;
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    let mut line = 1;
    for l in lines {
        line += 1;
        let trimmed = l.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Split::FrontMatter {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[offset + l.len()..],
                body_line: line + 1,
                close: Pos::new(line, 1),
            };
        }
        offset += l.len();
    }
    Split::Unclosed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body_with_lines() {
        let text = "---\na: 1\nb: 2\n---\nBody\n";
        match split_front_matter(text) {
            Split::FrontMatter {
                yaml,
                yaml_line,
                body,
                body_line,
                close,
            } => {
                assert_eq!(yaml, "a: 1\nb: 2\n");
                assert_eq!(yaml_line, 2);
                assert_eq!(body, "Body\n");
                assert_eq!(body_line, 5);
                assert_eq!(close, Pos::new(4, 1));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn handles_crlf_missing_and_unclosed() {
        assert!(matches!(
            split_front_matter("---\r\na: 1\r\n---\r\nx"),
            Split::FrontMatter { body: "x", .. }
        ));
        assert_eq!(split_front_matter("# Title\n"), Split::NoFrontMatter);
        assert_eq!(split_front_matter("---\na: 1\n"), Split::Unclosed);
        assert_eq!(split_front_matter(""), Split::NoFrontMatter);
    }

    #[test]
    fn ignores_editor_and_hidden_files() {
        for name in [
            ".DS_Store",
            ".#price.md",
            "price.md~",
            "price.md.swp",
            "#price.md#",
        ] {
            assert!(is_ignored_name(name), "{name}");
        }
        assert!(!is_ignored_name("价格太贵.md"));
    }
}

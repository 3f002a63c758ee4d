//! Finding the content files (checking the layout's paths and where symbolic links lead) and splitting
//! Markdown files into front matter and body.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::Kind;
use crate::diagnostic::{did_you_mean, Code, Diagnostic};
use crate::yaml::Pos;

/// The folder under the root that holds the entries.
pub(crate) const CONTENT_DIR: &str = "content";

/// The folder under the root whose files are copied into the site as they are.
pub(crate) const STATIC_DIR: &str = "static";

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

/// What a path of the playbook's layout (`playbook.yaml`, `content/`, `static/`) must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    File,
    Folder,
}

impl Shape {
    fn name(self) -> &'static str {
        match self {
            Shape::File => "file",
            Shape::Folder => "folder",
        }
    }
}

/// Whether `root/rel` is there as the `shape` the layout expects. A path that is missing is `false`
/// (every part of the layout is optional); one that is there as something else (`playbook.yaml` a
/// folder, `content/` a file), or that cannot be inspected (a dangling symbolic link), is `false` with an
/// `io-error`: it would otherwise be skipped without a word. `what` says what is lost, for the message.
pub(crate) fn has_shape(
    root: &Path,
    rel: &str,
    shape: Shape,
    what: &str,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    let path = root.join(rel);
    let found = match std::fs::metadata(&path) {
        Ok(m) if m.is_dir() => Shape::Folder,
        Ok(m) if m.is_file() => Shape::File,
        Ok(_) => {
            diags.push(
                Diagnostic::new(
                    Code::IoError,
                    rel,
                    None,
                    format!("`{rel}` is neither a file nor a folder: {what}"),
                )
                .with_note(format!("`{rel}` must be a {}", shape.name())),
            );
            return false;
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !is_dangling_link(&path) => {
            return false
        }
        Err(e) => {
            diags.push(Diagnostic::new(
                Code::IoError,
                rel,
                None,
                format!("cannot read `{rel}`: {e}: {what}"),
            ));
            return false;
        }
    };
    if found != shape {
        diags.push(
            Diagnostic::new(
                Code::IoError,
                rel,
                None,
                format!(
                    "`{rel}` is a {}, not a {}: {what}",
                    found.name(),
                    shape.name()
                ),
            )
            .with_note(match shape {
                Shape::File => format!("move the folder away and write `{rel}` as a file"),
                Shape::Folder => format!("move the file away and make `{rel}` a folder"),
            }),
        );
        return false;
    }
    true
}

/// Whether `path` is a symbolic link whose target does not exist.
fn is_dangling_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// The playbook's root with every symbolic link resolved: the one rule for whether a path through a
/// symbolic link leads out of the playbook (the loader's links under `content/`, `check`'s linked files).
#[derive(Debug)]
pub(crate) struct RealRoot(Option<PathBuf>);

/// Where a path leads, its symbolic links resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Leads {
    /// Nowhere: it, or the end of a link on the way, does not exist.
    Nowhere,
    /// Out of the playbook (also whenever the root itself cannot be resolved).
    Outside,
    /// To a file or folder inside the playbook.
    Inside,
}

impl RealRoot {
    /// Resolves `root` once.
    pub(crate) fn of(root: &Path) -> RealRoot {
        RealRoot(std::fs::canonicalize(root).ok())
    }

    /// Where `path` leads.
    pub(crate) fn leads(&self, path: &Path) -> Leads {
        match (std::fs::canonicalize(path), &self.0) {
            (Err(_), _) => Leads::Nowhere,
            (Ok(real), Some(root)) if real.starts_with(root) => Leads::Inside,
            (Ok(_), _) => Leads::Outside,
        }
    }
}

/// The diagnostic for a symbolic link under `content/` that leads outside the playbook.
fn link_outside(rel: &str, is_folder: bool) -> Diagnostic {
    let (what, fix) = if is_folder {
        (
            "a folder",
            "move the folder into the playbook (a link to a folder inside it is fine)",
        )
    } else {
        (
            "a file",
            "copy the file into the playbook (a link to a file inside it is fine)",
        )
    };
    Diagnostic::new(
        Code::SymlinkOutside,
        rel,
        None,
        format!("`{rel}` is a symbolic link to {what} outside the playbook: it is not read"),
    )
    .with_note(fix)
}

/// Every content file under `root/content`, sorted by path. Files of unknown kinds, unreadable folders,
/// files where a kind folder belongs and symbolic links leading outside the root become diagnostics.
///
/// Symbolic links are followed while they stay inside the root (the playbook's real folder): a link
/// under `content/` (an entry file, a kind folder, `content/` itself) that leads outside it is reported
/// at the link and not read, as a body link leading outside is a broken link and `static/` links are
/// not followed, so that what is published is what the repository holds.
/// `links` is set when the walk met a symbolic link.
pub(crate) fn discover(root: &Path, diags: &mut Vec<Diagnostic>, links: &mut bool) -> Vec<Found> {
    let mut found = Vec::new();
    if !has_shape(
        root,
        CONTENT_DIR,
        Shape::Folder,
        "no entries were read",
        diags,
    ) {
        return found;
    }
    let content = root.join(CONTENT_DIR);
    let real_root = RealRoot::of(root);
    let folders: Vec<&str> = Kind::ALL.iter().map(|k| k.folder()).collect();
    let mut walker = WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    while let Some(entry) = walker.next() {
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
        let is_folder = entry.file_type().is_dir();
        *links |= entry.path_is_symlink();
        // Only a link itself is resolved: what lies below a folder that stays inside stays inside too,
        // unless it is a link, which is resolved in turn.
        if entry.path_is_symlink() && real_root.leads(entry.path()) != Leads::Inside {
            diags.push(link_outside(&relative(root, entry.path()), is_folder));
            if is_folder {
                walker.skip_current_dir();
            }
            continue;
        }
        if entry.depth() == 1 && !is_folder {
            let name = entry.file_name().to_string_lossy();
            if let Some(kind) = Kind::from_folder(&name) {
                let rel = relative(root, entry.path());
                diags.push(
                    Diagnostic::new(
                        Code::IoError,
                        &rel,
                        None,
                        format!(
                            "`{rel}` is a file, not a folder: no {} was read from it",
                            kind.name()
                        ),
                    )
                    .with_note(format!(
                        "move the file away and make `{rel}` a folder of {} files",
                        kind.name()
                    )),
                );
                continue;
            }
        }
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

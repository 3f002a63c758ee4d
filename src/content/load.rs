//! Loading a playbook: config, then every content file in parallel, then one sorted model.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::config::{read_config, CONFIG_FILE};
use super::entries::{read_entry, AnyEntry, Origin};
use super::fields::Fields;
use super::source::{
    discover, has_shape, split_front_matter, Format, Found, Shape, Split, STATIC_DIR,
};
use super::{Markdown, Motion, Playbook, SourceFile};
use crate::diagnostic::{Code, Diagnostic};
use crate::yaml::{self, Node, Pos, ProblemKind, Value};

/// Why a playbook could not be loaded at all (problems inside it are diagnostics instead).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The root does not exist or is not a folder.
    #[error("`{}` is not a playbook folder: {reason}", path.display())]
    BadRoot {
        /// The root given.
        path: PathBuf,
        /// Why.
        reason: String,
    },
}

/// Loads the playbook at `root`. Every problem inside the tree is a diagnostic in the result; only a
/// missing root is an error.
pub fn load(root: &Path) -> Result<Playbook, LoadError> {
    load_with(root, None, None)
}

/// What loading the same playbook again can reuse: the result of every content file read, by path, with
/// the file's size, modification time and inode when it was read. `serve` keeps one between builds, so
/// that a rebuild after an edit reads and parses only the files that changed.
#[derive(Debug, Default)]
pub struct LoadCache {
    /// Only files whose stamp was not racy when read (see [`Stamp::settled`]).
    files: HashMap<String, (Stamp, FileResult)>,
    /// The motions the results were read with (a stage's motion is checked against them).
    motions: Vec<Motion>,
    /// The last walk of `content/`, for [`load_changed`].
    walk: Option<Walk>,
}

/// What a walk of `content/` found: the files, its diagnostics, and whether it met a symbolic link.
#[derive(Debug)]
struct Walk {
    found: Vec<Found>,
    diags: Vec<Diagnostic>,
    links: bool,
}

impl Walk {
    /// Whether the walk still holds after a write of the files `changed` (relative to the root) and
    /// nothing else: each is a file it found, and still a file. A tree with symbolic links is walked
    /// again (a write through a link is reported at its target, not at the path found).
    fn holds_after(&self, root: &Path, changed: &[String]) -> bool {
        !self.links
            && changed
                .iter()
                .all(|path| self.found.iter().any(|f| f.rel == *path) && root.join(path).is_file())
    }
}

/// When a file was last written, as far as its metadata tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    inode: u64,
}

/// How old a file's modification time must be for its stamp to be trusted: a file written again within
/// the same tick of a coarse clock (whole seconds on some file systems), with the same length, would
/// otherwise look unchanged. Younger files are read again every time, as git does with "racy" entries.
const SETTLED: std::time::Duration = std::time::Duration::from_secs(2);

impl Stamp {
    /// Whether the file was last written long enough before `now` that a later write must change the
    /// stamp. Unknown or future times are never settled.
    fn settled(&self, now: std::time::SystemTime) -> bool {
        self.modified
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age >= SETTLED)
    }

    fn of(path: &Path) -> Option<Stamp> {
        let m = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&m);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Stamp {
            len: m.len(),
            modified: m.modified().ok(),
            inode,
        })
    }
}

/// Loads the playbook at `root` like [`load`], reusing from `cache` the result of every content file
/// whose size, modification time and inode are unchanged, and updating `cache`.
pub fn load_cached(root: &Path, cache: &mut LoadCache) -> Result<Playbook, LoadError> {
    load_with(root, Some(cache), None)
}

/// The same, when the files written since the last load are known to be `changed` only (paths relative
/// to the root, from `serve`'s watcher): `content/` is not walked again when those are files the last
/// walk found, and the files not named are taken from `cache` without looking at their stamps. The
/// result equals [`load_cached`]'s whenever nothing else was written.
pub fn load_changed(
    root: &Path,
    cache: &mut LoadCache,
    changed: &[String],
) -> Result<Playbook, LoadError> {
    load_with(root, Some(cache), Some(changed))
}

fn load_with(
    root: &Path,
    mut cache: Option<&mut LoadCache>,
    changed: Option<&[String]>,
) -> Result<Playbook, LoadError> {
    match std::fs::metadata(root) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            return Err(LoadError::BadRoot {
                path: root.to_path_buf(),
                reason: "not a folder".to_string(),
            })
        }
        Err(e) => {
            return Err(LoadError::BadRoot {
                path: root.to_path_buf(),
                reason: e.to_string(),
            })
        }
    }
    let mut diags = Vec::new();
    let mut files = Vec::new();
    let config_path = root.join(CONFIG_FILE);
    let config = if has_shape(
        root,
        CONFIG_FILE,
        Shape::File,
        "the configuration was not read",
        &mut diags,
    ) {
        let text = read_text(&config_path, CONFIG_FILE, &mut diags);
        let parsed = text.as_deref().map(|t| yaml::parse(strip_bom(t), 0));
        let root_node = parsed.as_ref().and_then(|p| {
            yaml_problems(CONFIG_FILE, &p.problems, &mut diags);
            p.root.as_ref()
        });
        let config = read_config(root_node, &mut diags);
        files.push(SourceFile {
            path: CONFIG_FILE.to_string(),
            text,
            multi_ids: Vec::new(),
        });
        config
    } else {
        Default::default()
    };
    // Only `build` reads `static/`, but a file in its place is a problem of the tree, reported by `check`.
    has_shape(
        root,
        STATIC_DIR,
        Shape::Folder,
        "nothing from it is copied into the site",
        &mut diags,
    );
    // The last walk, when the changed files leave it as it was.
    let kept = match (cache.as_deref_mut(), changed) {
        (Some(cache), Some(changed)) => cache
            .walk
            .as_ref()
            .filter(|walk| walk.holds_after(root, changed))
            .map(|walk| {
                diags.extend(walk.diags.iter().cloned());
                walk.found.clone()
            }),
        _ => None,
    };
    // Files not named as changed keep their cached result as they are, without a look at their stamp.
    let trusted = kept.is_some();
    let unchanged = |rel: &str| trusted && changed.is_some_and(|c| !c.iter().any(|p| p == rel));
    let found = match kept {
        Some(found) => found,
        None => {
            let (before, mut links) = (diags.len(), false);
            let found = discover(root, &mut diags, &mut links);
            if let Some(cache) = cache.as_deref_mut() {
                cache.walk = Some(Walk {
                    found: found.clone(),
                    diags: diags[before..].to_vec(),
                    links,
                });
            }
            found
        }
    };
    let results: Vec<FileResult> = match cache {
        None => found
            .par_iter()
            .map(|f| load_file(f, &config.motions, KeepText::IfProblem))
            .collect(),
        Some(cache) => {
            if cache.motions != config.motions {
                cache.files.clear();
                cache.motions = config.motions.clone();
            }
            let now = std::time::SystemTime::now();
            // (whether the file was read, its stamp before reading, the result)
            let loaded: Vec<(bool, Option<Stamp>, FileResult)> = found
                .par_iter()
                .map(|f| {
                    if unchanged(&f.rel) {
                        if let Some((stamp, result)) = cache.files.get(&f.rel) {
                            return (false, Some(*stamp), result.clone());
                        }
                    }
                    let stamp = Stamp::of(&f.abs);
                    match (stamp, cache.files.get(&f.rel)) {
                        (Some(current), Some((then, result))) if current == *then => {
                            (false, stamp, result.clone())
                        }
                        _ => (true, stamp, load_file(f, &config.motions, KeepText::Always)),
                    }
                })
                .collect();
            let present: HashSet<&str> = found.iter().map(|f| f.rel.as_str()).collect();
            cache.files.retain(|rel, _| present.contains(rel.as_str()));
            loaded
                .into_iter()
                .map(|(read, stamp, result)| {
                    match stamp.filter(|s| s.settled(now)) {
                        _ if !read => {}
                        Some(stamp) => {
                            cache
                                .files
                                .insert(result.file.path.clone(), (stamp, result.clone()));
                        }
                        // Written too recently to trust its stamp next time (or no stamp at all).
                        None => {
                            cache.files.remove(&result.file.path);
                        }
                    }
                    result
                })
                .collect()
        }
    };
    let mut playbook = Playbook {
        root: root.to_path_buf(),
        config,
        ..Playbook::default()
    };
    for r in results {
        diags.extend(r.diags);
        files.push(r.file);
        for e in r.entries {
            match e {
                AnyEntry::Segment(e) => playbook.segments.push(e),
                AnyEntry::Persona(e) => playbook.personas.push(e),
                AnyEntry::SellingPoint(e) => playbook.selling_points.push(e),
                AnyEntry::Stage(e) => playbook.stages.push(e),
                AnyEntry::Objection(e) => playbook.objections.push(e),
                AnyEntry::Roleplay(e) => playbook.roleplays.push(e),
                AnyEntry::Path(e) => playbook.paths.push(e),
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    playbook.files = files;
    playbook.diagnostics = diags;
    Ok(playbook)
}

#[derive(Debug, Clone)]
struct FileResult {
    file: SourceFile,
    entries: Vec<AnyEntry>,
    diags: Vec<Diagnostic>,
}

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Reads a file as UTF-8 text, reporting unreadable and non-UTF-8 files.
fn read_text(path: &Path, rel: &str, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::new(
                Code::IoError,
                rel,
                None,
                format!("cannot read the file: {e}"),
            ));
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(s) => Some(s),
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let column = valid.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
            diags.push(
                Diagnostic::new(
                    Code::NotUtf8,
                    rel,
                    Some(Pos::new(line, column)),
                    "the file is not UTF-8 text",
                )
                .with_note(if rel.starts_with("content/") {
                    "save the file as UTF-8; binary files do not belong in `content/`"
                } else {
                    "save the file as UTF-8"
                }),
            );
            None
        }
    }
}

fn yaml_problems(file: &str, problems: &[yaml::YamlProblem], diags: &mut Vec<Diagnostic>) {
    for p in problems {
        let d = match p.kind {
            ProblemKind::Syntax => Diagnostic::new(
                Code::YamlSyntax,
                file,
                Some(p.pos),
                format!("invalid YAML: {}", p.message),
            )
            .with_label("here"),
            ProblemKind::TooDeep => {
                Diagnostic::new(Code::YamlTooComplex, file, Some(p.pos), p.message.clone())
            }
            ProblemKind::DuplicateKey => {
                let d = Diagnostic::new(Code::DuplicateKey, file, Some(p.pos), p.message.clone())
                    .with_label("second value ignored");
                match p.first {
                    Some(first) => d.with_related(file, first, "first set here"),
                    None => d,
                }
            }
        };
        diags.push(d);
    }
}

/// Whether [`load_file`] keeps a file's text with its entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeepText {
    /// Always: the cached load of `serve`, whose results are reused by later builds.
    Always,
    /// Only when loading found a problem in the file.
    IfProblem,
}

/// Loads one content file. Its text is kept as `keep` says: always, or when loading found a problem in it
/// (the report shows its lines); otherwise it is dropped, as it is as large as the entries read from it.
fn load_file(found: &Found, motions: &[Motion], keep: KeepText) -> FileResult {
    let mut diags = Vec::new();
    let text = read_text(&found.abs, &found.rel, &mut diags);
    let mut entries = Vec::new();
    let mut multi_ids = Vec::new();
    if let Some(text) = &text {
        let text = strip_bom(text);
        if text.trim().is_empty() {
            diags.push(Diagnostic::new(
                Code::EmptyFile,
                &found.rel,
                Some(Pos::new(1, 1)),
                "the file is empty",
            ));
        } else {
            match found.format {
                Format::Markdown => load_markdown(found, text, motions, &mut entries, &mut diags),
                Format::Yaml => load_yaml(
                    found,
                    text,
                    motions,
                    &mut entries,
                    &mut multi_ids,
                    &mut diags,
                ),
            }
        }
    }
    let text = text.filter(|_| keep == KeepText::Always || !diags.is_empty());
    FileResult {
        file: SourceFile {
            path: found.rel.clone(),
            text,
            multi_ids,
        },
        entries,
        diags,
    }
}

fn file_id(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// An entry whose own problems are reported elsewhere (broken syntax, no front matter): it still exists
/// under its file name, so references to it do not cascade into more errors.
fn silent_entry(found: &Found, motions: &[Motion], body: Option<Markdown>) -> AnyEntry {
    let mut ignored = Vec::new();
    let origin = Origin {
        file: &found.rel,
        kind: found.kind,
        file_id: Some(file_id(&found.rel)),
        body,
        body_pos: Pos::new(1, 1),
        motions,
    };
    read_entry(
        origin,
        Fields::empty(&found.rel, Pos::new(1, 1), &mut ignored),
    )
}

fn load_markdown(
    found: &Found,
    text: &str,
    motions: &[Motion],
    entries: &mut Vec<AnyEntry>,
    diags: &mut Vec<Diagnostic>,
) {
    let rel = found.rel.as_str();
    match split_front_matter(text) {
        Split::NoFrontMatter => {
            diags.push(
                Diagnostic::new(
                    Code::MissingFrontMatter,
                    rel,
                    Some(Pos::new(1, 1)),
                    format!("{} file needs front matter", found.kind.a_name()),
                )
                .with_label("expected `---` on the first line")
                .with_note(
                    "start the file with `---`, the fields, then `---` and the Markdown body",
                ),
            );
            let body = Markdown::new(text.to_string(), 1);
            entries.push(silent_entry(found, motions, Some(body)));
        }
        Split::Unclosed => {
            diags.push(
                Diagnostic::new(
                    Code::UnclosedFrontMatter,
                    rel,
                    Some(Pos::new(1, 1)),
                    "the front matter is never closed",
                )
                .with_label("opened here")
                .with_note("end the front matter with a line `---`"),
            );
            entries.push(silent_entry(found, motions, Some(Markdown::default())));
        }
        Split::FrontMatter {
            yaml: fm,
            yaml_line,
            body,
            body_line,
            close,
        } => {
            let parsed = yaml::parse(fm, yaml_line - 1);
            yaml_problems(rel, &parsed.problems, diags);
            let body = Markdown::new(body.to_string(), body_line);
            let syntax_error = parsed
                .problems
                .iter()
                .any(|p| p.kind != ProblemKind::DuplicateKey);
            let empty = Node {
                pos: Pos::new(yaml_line, 1),
                value: Value::Map(Vec::new()),
            };
            match (&parsed.root, syntax_error) {
                (_, true) => entries.push(silent_entry(found, motions, Some(body))),
                (root, false) => {
                    let root = root.as_ref().unwrap_or(&empty);
                    let origin = Origin {
                        file: rel,
                        kind: found.kind,
                        file_id: Some(file_id(rel)),
                        body: Some(body),
                        body_pos: if body_line <= text.lines().count() {
                            Pos::new(body_line, 1)
                        } else {
                            close
                        },
                        motions,
                    };
                    if let Some(fields) = Fields::of(rel, root, "the front matter", diags) {
                        entries.push(read_entry(origin, fields));
                    }
                }
            }
        }
    }
}

fn load_yaml(
    found: &Found,
    text: &str,
    motions: &[Motion],
    entries: &mut Vec<AnyEntry>,
    multi_ids: &mut Vec<String>,
    diags: &mut Vec<Diagnostic>,
) {
    let rel = found.rel.as_str();
    let parsed = yaml::parse(text, 0);
    yaml_problems(rel, &parsed.problems, diags);
    let Some(root) = &parsed.root else {
        if parsed.problems.is_empty() {
            diags.push(Diagnostic::new(
                Code::EmptyFile,
                rel,
                Some(Pos::new(1, 1)),
                "the file holds no entry",
            ));
        } else {
            entries.push(silent_entry(found, motions, None));
        }
        return;
    };
    let origin = |file_id| Origin {
        file: rel,
        kind: found.kind,
        file_id,
        body: None,
        body_pos: root.pos,
        motions,
    };
    match &root.value {
        Value::Seq(items) => {
            for item in items {
                if let Some(fields) =
                    Fields::of(rel, item, &format!("each {}", found.kind.name()), diags)
                {
                    let entry = read_entry(origin(None), fields);
                    multi_ids.push(entry_id(&entry).to_string());
                    entries.push(entry);
                }
            }
        }
        _ => {
            if let Some(fields) =
                Fields::of(rel, root, &format!("{} file", found.kind.a_name()), diags)
            {
                entries.push(read_entry(origin(Some(file_id(rel))), fields));
            }
        }
    }
}

fn entry_id(entry: &AnyEntry) -> &str {
    match entry {
        AnyEntry::Segment(e) => &e.meta.id,
        AnyEntry::Persona(e) => &e.meta.id,
        AnyEntry::SellingPoint(e) => &e.meta.id,
        AnyEntry::Stage(e) => &e.meta.id,
        AnyEntry::Objection(e) => &e.meta.id,
        AnyEntry::Roleplay(e) => &e.meta.id,
        AnyEntry::Path(e) => &e.meta.id,
    }
}

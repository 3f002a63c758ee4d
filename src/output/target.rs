//! Which folder a build may replace, and the marker that proves a folder is a site `build` wrote.
//!
//! `build` replaces the output folder whole, so it must be sure the folder is its own: the folder does not
//! exist, is empty, or holds the marker file [`MARKER`] that every site `build` writes carries (as Cargo
//! marks its `target/` with `CACHEDIR.TAG`). Anything else is refused: a regular file, a folder of the
//! user's files, the playbook folder or anything that contains it, and anything inside the playbook's
//! sources (`content/`, `static/`, `themes/`, `.git/`). A symbolic link at the output path is followed
//! and its target judged by the same rules, so a link into the sources is refused too.
//!
//! Temporary folders that an interrupted build left beside the output folder (`.<name>.building-*`,
//! `.<name>.old-*`) are removed by the next build, when they are `build`'s own (marked or empty) and the
//! process that made them is gone.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::{io_err, remove_tree, OutputError};
use crate::content::CONFIG_FILE;

/// The file every site `build` writes holds at its root. Its presence lets the next build replace the
/// folder.
pub const MARKER: &str = ".playbook-site";

/// What [`MARKER`] says, for whoever opens it.
pub(super) const MARKER_TEXT: &str = "This folder is a site written by `playbook build`. The next build \
replaces the whole folder:\ndo not keep other files here. Without this file, `playbook build` refuses to \
replace the folder.\n";

/// The folders of a playbook that hold its sources: a site is never written into them.
const SOURCE_FOLDERS: &[&str] = &["content", "static", "themes", ".git"];

/// Why `build` will not replace an output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// It is the playbook folder, or a folder that contains it.
    PlaybookFolder,
    /// It is, or is inside, one of the playbook's source folders (named).
    InsideSources(&'static str),
    /// It holds a `playbook.yaml` (another playbook).
    HoldsPlaybook,
    /// A regular file (or something else that is not a folder) is at the output path.
    NotAFolder,
    /// A symbolic link to nothing.
    DanglingLink,
    /// A folder with files in it and no [`MARKER`]: not a site `build` wrote.
    NotASite,
    /// The output path has no parent folder (`/`).
    NoParent,
    /// A mount point, which cannot be swapped for another folder.
    MountPoint,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::PlaybookFolder => f.write_str(
                "it is the playbook folder or contains it; choose a folder of its own, such as `public`",
            ),
            Refusal::InsideSources(folder) => write!(
                f,
                "it is inside the playbook's sources (`{folder}/`); choose a folder of its own, such as `public`"
            ),
            Refusal::HoldsPlaybook => f.write_str(
                "it holds a `playbook.yaml`; choose a folder of its own, such as `public`",
            ),
            Refusal::NotAFolder => f.write_str(
                "a file is there, not a folder; move the file away or choose another `--output`",
            ),
            Refusal::DanglingLink => f.write_str(
                "it is a symbolic link to nothing; remove the link or choose another `--output`",
            ),
            Refusal::NotASite => write!(
                f,
                "the folder holds files that `playbook build` did not write (it has no `{MARKER}` file); \
                 choose another `--output`, or empty the folder yourself if you no longer need its files"
            ),
            Refusal::NoParent => f.write_str("it has no parent folder"),
            Refusal::MountPoint => f.write_str(
                "it is a mount point, which cannot be replaced; build into a folder inside it \
                 (`--output <mount>/site`)",
            ),
        }
    }
}

/// What is at an output path that `build` may replace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Existing {
    /// Nothing.
    Nothing,
    /// An empty folder.
    Empty,
    /// A site an earlier build wrote.
    Site,
}

/// The output folder of a build, once it is known to be safe to replace.
#[derive(Debug)]
pub(super) struct Target {
    /// The folder, absolute, with symbolic links resolved.
    pub path: PathBuf,
    /// Its parent folder, where the temporary folders go.
    pub parent: PathBuf,
    /// Its name.
    pub name: String,
    /// What is there now.
    pub existing: Existing,
}

impl Target {
    /// Resolves `out` and decides whether a build may replace it. `root` is the playbook folder.
    pub fn resolve(out: &Path, root: &Path) -> Result<Target, OutputError> {
        let path = resolve_path(out)?;
        let root = resolve_path(root)?;
        let refuse = |reason| OutputError::Refused {
            path: path.clone(),
            reason,
        };
        if root.starts_with(&path) {
            return Err(refuse(Refusal::PlaybookFolder));
        }
        // A source folder may be a link (`static -> web`): compare with where it leads as well.
        let inside = |f: &&&str| {
            let folder = root.join(f);
            path.starts_with(&folder)
                || fs::canonicalize(&folder).is_ok_and(|real| path.starts_with(real))
        };
        if let Some(folder) = SOURCE_FOLDERS.iter().find(inside) {
            return Err(refuse(Refusal::InsideSources(folder)));
        }
        let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else {
            return Err(refuse(Refusal::NoParent));
        };
        let existing = existing(&path).map_err(|e| match e {
            Judged::Refused(reason) => refuse(reason),
            Judged::Io(source) => OutputError::Io {
                action: "read",
                path: path.clone(),
                source,
            },
        })?;
        Ok(Target {
            parent: parent.to_path_buf(),
            name: name.to_string_lossy().into_owned(),
            existing,
            path,
        })
    }

    /// Checks again, just before the swap, that what is at the path may still be replaced (it may have
    /// changed while the site was being written).
    pub fn recheck(&self) -> Result<Existing, OutputError> {
        existing(&self.path).map_err(|e| match e {
            Judged::Refused(reason) => OutputError::Refused {
                path: self.path.clone(),
                reason,
            },
            Judged::Io(source) => OutputError::Io {
                action: "read",
                path: self.path.clone(),
                source,
            },
        })
    }

    /// Removes the temporary folders interrupted builds left beside the output folder: those whose
    /// process is gone and that are `build`'s own (marked, or empty). Anything else is left alone.
    pub fn remove_leftovers(&self) -> Result<(), OutputError> {
        let Ok(entries) = fs::read_dir(&self.parent) else {
            return Ok(());
        };
        let stems = [
            format!("{}-", temp_stem(&self.name, BUILDING)),
            format!("{}-", temp_stem(&self.name, OLD)),
        ];
        for entry in entries.flatten() {
            let file_name = entry.file_name();
            let Some(name) = file_name.to_str() else {
                continue;
            };
            let Some(rest) = stems.iter().find_map(|s| name.strip_prefix(s.as_str())) else {
                continue;
            };
            if process_may_be_running(rest) {
                continue;
            }
            let path = entry.path();
            if matches!(existing(&path), Ok(Existing::Site | Existing::Empty)) {
                remove_tree(&path).map_err(io_err("remove the leftover folder", &path))?;
            }
        }
        Ok(())
    }
}

/// Why a path was not accepted.
enum Judged {
    Refused(Refusal),
    Io(io::Error),
}

/// What is at `path` (absolute, with links resolved), if a build may replace it.
fn existing(path: &Path) -> Result<Existing, Judged> {
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Existing::Nothing),
        Err(e) => return Err(Judged::Io(e)),
    };
    if !meta.is_dir() {
        return Err(Judged::Refused(Refusal::NotAFolder));
    }
    if fs::symlink_metadata(path.join(MARKER)).is_ok_and(|m| m.is_file()) {
        return Ok(Existing::Site);
    }
    if fs::symlink_metadata(path.join(CONFIG_FILE)).is_ok() {
        return Err(Judged::Refused(Refusal::HoldsPlaybook));
    }
    let mut entries = fs::read_dir(path).map_err(Judged::Io)?;
    if entries.next().is_none() {
        Ok(Existing::Empty)
    } else {
        Err(Judged::Refused(Refusal::NotASite))
    }
}

/// `out` made absolute with every symbolic link and `..` resolved, so that it compares reliably with the
/// playbook folder and so that a link at the output path is judged by its target.
fn resolve_path(out: &Path) -> Result<PathBuf, OutputError> {
    let abs = std::path::absolute(out).map_err(io_err("resolve", out))?;
    match fs::symlink_metadata(&abs) {
        Ok(meta) if meta.file_type().is_symlink() => {
            return fs::canonicalize(&abs).map_err(|_| OutputError::Refused {
                path: abs.clone(),
                reason: Refusal::DanglingLink,
            });
        }
        Ok(_) => return fs::canonicalize(&abs).map_err(io_err("resolve", &abs)),
        Err(_) => {}
    }
    // Resolve the part that exists; the rest (no links there) is appended, `..` and `.` taken away.
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    while fs::symlink_metadata(&existing).is_err() {
        match (existing.file_name(), existing.parent()) {
            (Some(n), Some(p)) => {
                rest.push(n.to_os_string());
                existing = p.to_path_buf();
            }
            _ => break,
        }
    }
    let mut resolved = fs::canonicalize(&existing).map_err(io_err("resolve", &existing))?;
    for n in rest.iter().rev() {
        resolved.push(n);
    }
    Ok(resolved)
}

/// Whether the process whose id starts `rest` (`<pid>-<n>`) may still be running: then its temporary
/// folder may be in use.
fn process_may_be_running(rest: &str) -> bool {
    let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
        return false;
    };
    if pid == std::process::id() {
        return true;
    }
    alive(pid)
}

#[cfg(unix)]
fn alive(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    // `EPERM` means a process of another user has that id: alive.
    !matches!(
        rustix::process::test_kill_process(pid),
        Err(rustix::io::Errno::SRCH)
    )
}

#[cfg(not(unix))]
fn alive(_pid: u32) -> bool {
    // No cheap check: treat the folder as abandoned (two builds into one folder at once are not supported).
    false
}

/// What the temporary folder of a site being written is called after (`.public.building-*`).
pub(super) const BUILDING: &str = "building";
/// What a previous site being replaced by two renames is called after (`.public.old-*`).
pub(super) const OLD: &str = "old";

/// The start of the name of a temporary folder beside the output folder `name`: `.<name>.<what>`, with
/// `name` cut to 100 bytes so that the whole name stays within the 255 bytes file systems allow.
pub(super) fn temp_stem(name: &str, what: &str) -> String {
    let mut end = name.len().min(100);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    format!(".{}.{what}", &name[..end])
}

/// A path in `dir` starting with `stem` that does not exist yet: `<stem>-<pid>-<n>`, so that the next
/// build can tell whether the process that made it still runs.
pub(super) fn unique(dir: &Path, stem: &str) -> PathBuf {
    let pid = std::process::id();
    let mut n = 0u32;
    loop {
        let p = dir.join(format!("{stem}-{pid}-{n}"));
        if fs::symlink_metadata(&p).is_err() {
            return p;
        }
        n += 1;
    }
}

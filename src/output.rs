//! Writing a [`Site`] to disk, all or nothing.
//!
//! The site is written into a fresh temporary folder beside the output folder; only when every file is
//! written is it swapped in (the old output renamed away, the new one renamed in, the old one deleted). A
//! failed or interrupted build leaves the previous site as it was, and files of an earlier build never
//! linger.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::render::Site;

/// Writing the site failed.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// A file or folder could not be written, renamed or removed.
    #[error("cannot {action} `{}`: {source}", path.display())]
    Io {
        /// What was being done.
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// The output folder is one that must not be replaced.
    #[error("refusing to write the site to `{}`: {reason}", path.display())]
    Refused {
        /// The output folder.
        path: PathBuf,
        /// Why.
        reason: &'static str,
    },
    /// A path of the site that would land outside the output folder.
    #[error("the site has a file with an unsafe path `{0}`")]
    UnsafePath(String),
}

fn io_err<'p>(action: &'static str, path: &'p Path) -> impl FnOnce(io::Error) -> OutputError + 'p {
    move |source| OutputError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `site` to `out`, replacing what was there. `root` is the playbook folder, which `out` may not be
/// nor contain.
pub fn write_site(site: &Site, out: &Path, root: &Path) -> Result<(), OutputError> {
    let out = absolute(out)?;
    let root = absolute(root)?;
    if root.starts_with(&out) {
        return Err(OutputError::Refused {
            path: out,
            reason: "it is the playbook folder or contains it",
        });
    }
    if out.join("playbook.yaml").exists() {
        return Err(OutputError::Refused {
            path: out,
            reason: "it holds a playbook.yaml",
        });
    }
    for (path, _) in &site.files {
        let p = Path::new(path);
        if path.is_empty() || !p.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err(OutputError::UnsafePath(path.clone()));
        }
    }
    let parent = out.parent().ok_or(OutputError::Refused {
        path: out.clone(),
        reason: "it has no parent folder",
    })?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    fs::create_dir_all(parent).map_err(io_err("create", parent))?;

    let tmp = unique(parent, &format!(".{name}.building"));
    fs::create_dir(&tmp).map_err(io_err("create", &tmp))?;
    if let Err(e) = write_all(site, &tmp) {
        let _ = fs::remove_dir_all(&tmp);
        return Err(e);
    }
    swap_in(&tmp, &out, parent, &name)
}

fn write_all(site: &Site, dir: &Path) -> Result<(), OutputError> {
    for (rel, bytes) in &site.files {
        let path = dir.join(rel);
        if let Some(p) = path.parent() {
            fs::create_dir_all(p).map_err(io_err("create", p))?;
        }
        fs::write(&path, bytes).map_err(io_err("write", &path))?;
    }
    Ok(())
}

/// Replaces `out` with `new`: rename the old away, rename the new in, delete the old.
fn swap_in(new: &Path, out: &Path, parent: &Path, name: &str) -> Result<(), OutputError> {
    let old = if fs::symlink_metadata(out).is_ok() {
        let old = unique(parent, &format!(".{name}.old"));
        if let Err(e) = fs::rename(out, &old) {
            let _ = fs::remove_dir_all(new);
            return Err(io_err("move away", out)(e));
        }
        Some(old)
    } else {
        None
    };
    if let Err(e) = fs::rename(new, out) {
        if let Some(old) = &old {
            let _ = fs::rename(old, out);
        }
        let _ = fs::remove_dir_all(new);
        return Err(io_err("move into place", out)(e));
    }
    if let Some(old) = old {
        let removed = if fs::symlink_metadata(&old).is_ok_and(|m| m.is_dir()) {
            fs::remove_dir_all(&old)
        } else {
            fs::remove_file(&old)
        };
        removed.map_err(io_err("remove the previous site at", &old))?;
    }
    Ok(())
}

/// A path in `dir` starting with `stem` that does not exist yet.
fn unique(dir: &Path, stem: &str) -> PathBuf {
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

fn absolute(p: &Path) -> Result<PathBuf, OutputError> {
    let abs = std::path::absolute(p).map_err(io_err("resolve", p))?;
    // Resolve symlinks and `..` of the part that exists, so that `out` and `root` compare reliably.
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
    let mut out = fs::canonicalize(&existing).unwrap_or(existing);
    for n in rest.iter().rev() {
        out.push(n);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> Site {
        Site {
            files: files
                .iter()
                .map(|(p, c)| (p.to_string(), c.as_bytes().to_vec()))
                .collect(),
        }
    }

    #[test]
    fn replaces_the_old_site_entirely() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        write_site(
            &site(&[("a.html", "1"), ("old/x.html", "x")]),
            &out,
            &dir.path().join("pb"),
        )
        .expect("first");
        write_site(&site(&[("a.html", "2")]), &out, &dir.path().join("pb")).expect("second");
        assert_eq!(fs::read_to_string(out.join("a.html")).expect("a"), "2");
        assert!(!out.join("old").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path()).expect("ls").collect();
        assert_eq!(leftovers.len(), 1, "no temporary folders left");
    }

    #[test]
    fn refuses_unsafe_paths_and_the_playbook_root() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        let err = write_site(&site(&[("../evil", "x")]), &out, dir.path()).unwrap_err();
        assert!(matches!(
            err,
            OutputError::Refused { .. } | OutputError::UnsafePath(_)
        ));
        let err = write_site(&site(&[("../evil", "x")]), &out, &dir.path().join("pb")).unwrap_err();
        assert!(matches!(err, OutputError::UnsafePath(_)));
        let err = write_site(&site(&[("a", "x")]), dir.path(), &dir.path().join("pb")).unwrap_err();
        assert!(matches!(err, OutputError::Refused { .. }));
        assert!(!dir.path().join("evil").exists());
    }
}

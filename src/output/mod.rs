//! Writing a [`Site`] to disk, all or nothing, and only where `build` may write.
//!
//! The site is written into a fresh temporary folder beside the output folder; only when every file is
//! written is it swapped in ([`swap`]) and the previous site deleted. A failed or interrupted build leaves
//! the previous site as it was, and files of an earlier build never linger. The output folder is replaced
//! only when it is `build`'s own ([`target`]): missing, empty, or marked by an earlier build. Files are
//! written from several threads as they are rendered ([`SiteWriter`]), and a file unchanged since the
//! previous site is hard-linked to it rather than written again.

mod swap;
mod target;

use std::collections::HashSet;
use std::fs;
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::lock::lock;
use crate::render::Site;
use target::{unique, Existing, Target};
pub use target::{Refusal, MARKER};

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
    /// The output path is one that `build` must not replace.
    #[error("refusing to write the site to `{}`: {reason}", path.display())]
    Refused {
        /// The output path.
        path: PathBuf,
        /// Why, and what to do.
        reason: Refusal,
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

/// Writes `site` to `out`, replacing what was there. `root` is the playbook folder, which `out` may not
/// be nor contain.
pub fn write_site(site: &Site, out: &Path, root: &Path) -> Result<(), OutputError> {
    for (path, _) in &site.files {
        check_path(path)?;
    }
    let writer = SiteWriter::create(out, root)?;
    site.files
        .par_iter()
        .try_for_each(|(path, bytes)| writer.write(path, bytes))?;
    writer.finish()
}

/// A site being written: files go into a temporary folder beside the output folder, from any number of
/// threads, as they are made; [`SiteWriter::finish`] swaps the folder in. Dropped unfinished (an error, a
/// panic), it removes the temporary folder and the previous site stays as it was.
///
/// A file with the same bytes as in the previous site is hard-linked to it instead of written again: a
/// rebuild creates new files only for what changed, and unchanged files keep their modification time.
/// Deleting the previous site then only drops names. On a file system without hard links, every file is
/// written.
pub struct SiteWriter {
    target: Target,
    tmp: PathBuf,
    /// Cleared when the file system refuses a hard link.
    link: AtomicBool,
    /// Folders created in `tmp`.
    dirs: Mutex<HashSet<PathBuf>>,
    finished: bool,
}

impl std::fmt::Debug for SiteWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SiteWriter")
            .field("out", &self.target.path)
            .field("tmp", &self.tmp)
            .finish_non_exhaustive()
    }
}

impl SiteWriter {
    /// Starts writing a site that will replace `out`, after making sure `build` may replace it (see
    /// [`Refusal`]). `root` is the playbook folder. Removes what interrupted builds left beside `out`.
    pub fn create(out: &Path, root: &Path) -> Result<SiteWriter, OutputError> {
        let target = Target::resolve(out, root)?;
        fs::create_dir_all(&target.parent).map_err(io_err("create", &target.parent))?;
        target.remove_leftovers()?;
        let tmp = unique(
            &target.parent,
            &target::temp_stem(&target.name, target::BUILDING),
        );
        fs::create_dir(&tmp).map_err(io_err("create", &tmp))?;
        let existing = target.existing;
        let path = target.path.clone();
        let writer = SiteWriter {
            target,
            tmp,
            link: AtomicBool::new(true),
            dirs: Mutex::new(HashSet::new()),
            finished: false,
        };
        // The new site keeps the permissions of the folder it replaces (a shared `2775` web root, say).
        if existing != Existing::Nothing {
            if let Ok(meta) = fs::metadata(&path) {
                let _ = fs::set_permissions(&writer.tmp, meta.permissions());
            }
        }
        let marker = writer.tmp.join(MARKER);
        fs::write(&marker, target::MARKER_TEXT).map_err(io_err("write", &marker))?;
        Ok(writer)
    }

    /// The previous site, whose unchanged files are linked rather than written.
    fn previous(&self) -> Option<&Path> {
        (self.target.existing == Existing::Site).then_some(self.target.path.as_path())
    }

    /// Writes the file at `rel` (`/`-separated, relative to the site root). Safe to call from several
    /// threads; each path once.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        check_path(rel)?;
        let path = self.tmp.join(rel);
        if let Some(dir) = path.parent() {
            self.create_dir(dir)?;
        }
        if let Some(previous) = self.previous() {
            if self.link.load(Ordering::Relaxed) {
                let old = previous.join(rel);
                if same_contents(&old, bytes) {
                    match fs::hard_link(&old, &path) {
                        Ok(()) => return Ok(()),
                        // Not on this file system: write every file from now on.
                        Err(_) => self.link.store(false, Ordering::Relaxed),
                    }
                }
            }
        }
        fs::write(&path, bytes).map_err(io_err("write", &path))
    }

    fn create_dir(&self, dir: &Path) -> Result<(), OutputError> {
        let mut dirs = lock(&self.dirs);
        if !dirs.contains(dir) {
            fs::create_dir_all(dir).map_err(io_err("create", dir))?;
            dirs.insert(dir.to_path_buf());
        }
        Ok(())
    }

    /// Swaps the written site in for the previous one, which is deleted.
    pub fn finish(mut self) -> Result<(), OutputError> {
        let existing = self.target.recheck()?;
        self.finished = true;
        let t = &self.target;
        let swapped = swap::swap_in(&self.tmp, &t.path, existing, &t.parent, &t.name);
        if swapped.is_err() && fs::symlink_metadata(&self.tmp).is_ok() {
            // Not swapped in: the new site is not needed (the previous one is untouched or was put back).
            let _ = remove_tree(&self.tmp);
        }
        swapped.map(drop)
    }
}

impl Drop for SiteWriter {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

/// A path of the site must stay inside the output folder, and may not be the marker `build` writes itself.
fn check_path(path: &str) -> Result<(), OutputError> {
    let p = Path::new(path);
    if path.is_empty()
        || path == MARKER
        || !p.components().all(|c| matches!(c, Component::Normal(_)))
    {
        return Err(OutputError::UnsafePath(path.to_string()));
    }
    Ok(())
}

/// Whether `path` is a regular file (not a symlink) holding exactly `bytes`.
fn same_contents(path: &Path, bytes: &[u8]) -> bool {
    if !fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64) {
        return false;
    }
    let Ok(mut file) = fs::File::open(path) else {
        return false;
    };
    let mut buf = [0u8; 16 * 1024];
    let mut rest = bytes;
    while !rest.is_empty() {
        let want = rest.len().min(buf.len());
        match file.read(&mut buf[..want]) {
            Ok(0) | Err(_) => return false,
            Ok(n) if buf[..n] != rest[..n] => return false,
            Ok(n) => rest = &rest[n..],
        }
    }
    // The file did not grow meanwhile.
    matches!(file.read(&mut buf[..1]), Ok(0))
}

/// Removes the folder `dir` and everything in it, several entries at a time. A symbolic link is removed,
/// never followed: not at `dir` itself (something may have put one there meanwhile), nor below.
fn remove_tree(dir: &Path) -> io::Result<()> {
    if !fs::symlink_metadata(dir)?.is_dir() {
        return fs::remove_file(dir);
    }
    let entries = fs::read_dir(dir)?.collect::<io::Result<Vec<_>>>()?;
    entries.par_iter().try_for_each(|e| {
        if e.file_type()?.is_dir() {
            remove_tree(&e.path())
        } else {
            fs::remove_file(e.path())
        }
    })?;
    fs::remove_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> Site {
        Site {
            files: files
                .iter()
                .map(|(p, c)| (p.to_string(), std::sync::Arc::new(c.as_bytes().to_vec())))
                .collect(),
            reads: None,
        }
    }

    #[cfg(unix)]
    #[test]
    fn removing_a_tree_never_follows_a_link() {
        let dir = tempfile::tempdir().expect("tempdir");
        let kept = dir.path().join("kept");
        fs::create_dir(&kept).expect("mkdir");
        fs::write(kept.join("file"), "mine").expect("write");
        let old = dir.path().join("old");
        fs::create_dir(&old).expect("mkdir");
        std::os::unix::fs::symlink(&kept, old.join("inner")).expect("symlink");
        remove_tree(&old).expect("removes");
        // Something swapped a link in where a site was: only the link goes.
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&kept, &link).expect("symlink");
        remove_tree(&link).expect("removes");
        assert!(!old.exists() && fs::symlink_metadata(&link).is_err());
        assert_eq!(fs::read_to_string(kept.join("file")).expect("kept"), "mine");
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
    fn a_rebuild_links_unchanged_files_and_writes_changed_ones() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        let pb = dir.path().join("pb");
        write_site(&site(&[("a.html", "same"), ("b/c.html", "old")]), &out, &pb).expect("first");
        // Edited by hand since: not what the next build writes, so not linked.
        fs::write(out.join("a.html"), "edited").expect("edit");
        let before = fs::read_to_string(out.join("a.html")).expect("a");
        write_site(&site(&[("a.html", "same"), ("b/c.html", "new")]), &out, &pb).expect("second");
        assert_eq!(before, "edited");
        assert_eq!(fs::read_to_string(out.join("a.html")).expect("a"), "same");
        assert_eq!(fs::read_to_string(out.join("b/c.html")).expect("c"), "new");
        let c_before = fs::metadata(out.join("b/c.html")).expect("meta");
        write_site(&site(&[("a.html", "same"), ("b/c.html", "new")]), &out, &pb).expect("third");
        assert_eq!(fs::read_to_string(out.join("b/c.html")).expect("c"), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let c_after = fs::metadata(out.join("b/c.html")).expect("meta");
            assert_eq!(
                c_before.ino(),
                c_after.ino(),
                "unchanged: linked, not rewritten"
            );
            assert_eq!(c_after.nlink(), 1, "the previous site is gone");
        }
        let leftovers: Vec<_> = fs::read_dir(dir.path()).expect("ls").collect();
        assert_eq!(leftovers.len(), 1, "no temporary folders left");
    }

    #[test]
    fn an_unfinished_writer_leaves_the_previous_site() {
        let dir = tempfile::tempdir().expect("tempdir");
        let out = dir.path().join("public");
        let pb = dir.path().join("pb");
        write_site(&site(&[("a.html", "1")]), &out, &pb).expect("first");
        {
            let writer = SiteWriter::create(&out, &pb).expect("create");
            writer.write("a.html", b"1").expect("write");
            writer.write("b.html", b"2").expect("write");
            assert!(matches!(
                writer.write("../x", b"3"),
                Err(OutputError::UnsafePath(_))
            ));
        }
        assert_eq!(fs::read_to_string(out.join("a.html")).expect("a"), "1");
        assert!(!out.join("b.html").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path()).expect("ls").collect();
        assert_eq!(leftovers.len(), 1, "the temporary folder is removed");
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

//! Putting a written site in place of the previous one.
//!
//! Where the system can exchange two paths in one step (Linux `renameat2(RENAME_EXCHANGE)`, macOS
//! `renameatx_np(RENAME_SWAP)`), the new site and the old one trade places atomically: at every instant
//! the output path holds a whole site, the old or the new. Elsewhere, and on file systems that do not
//! support the exchange, two renames are used: the old site is renamed away (`.<name>.old-*`), then the
//! new one renamed in; a kill between the two leaves no folder at the output path for that moment (the
//! old site is still in `.<name>.old-*`, and the next build removes it).

use std::fs;
use std::io;
use std::path::Path;

use super::target::{temp_stem, unique, Existing, OLD};
use super::{io_err, remove_tree, OutputError, Refusal};

/// How a site was put in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Swapped {
    /// Nothing was there: renamed into place.
    Moved,
    /// Exchanged with the previous site in one step.
    Exchanged,
    /// The previous site renamed away, then the new one renamed in.
    Renamed,
}

/// Replaces `out` (holding `existing`) with the folder `new`, then deletes the old site.
pub(super) fn swap_in(
    new: &Path,
    out: &Path,
    existing: Existing,
    parent: &Path,
    name: &str,
) -> Result<Swapped, OutputError> {
    if existing == Existing::Nothing {
        fs::rename(new, out).map_err(io_err("move into place", out))?;
        return Ok(Swapped::Moved);
    }
    let (old, how) = match exchange(new, out) {
        // `new` now holds the previous site.
        Ok(()) => (new.to_path_buf(), Swapped::Exchanged),
        Err(_) => {
            let old = unique(parent, &temp_stem(name, OLD));
            fs::rename(out, &old).map_err(|e| match e.kind() {
                // A mount point (a Docker volume, say) cannot be renamed.
                io::ErrorKind::ResourceBusy | io::ErrorKind::CrossesDevices => {
                    OutputError::Refused {
                        path: out.to_path_buf(),
                        reason: Refusal::MountPoint,
                    }
                }
                _ => io_err("move away", out)(e),
            })?;
            if let Err(e) = fs::rename(new, out) {
                let _ = fs::rename(&old, out);
                return Err(io_err("move into place", out)(e));
            }
            (old, Swapped::Renamed)
        }
    };
    remove_tree(&old).map_err(io_err("remove the previous site at", &old))?;
    Ok(how)
}

/// Exchanges the two folders `a` and `b` in one step, where the system can.
#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_previous_site_is_exchanged_in_one_step_where_the_system_can() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (new, out) = (dir.path().join(".out.building-1-0"), dir.path().join("out"));
        for (d, text) in [(&new, "new"), (&out, "old")] {
            fs::create_dir(d).expect("mkdir");
            fs::write(d.join("index.html"), text).expect("write");
        }
        let how = swap_in(&new, &out, Existing::Site, dir.path(), "out").expect("swap");
        if cfg!(any(
            target_os = "linux",
            target_os = "android",
            target_vendor = "apple"
        )) {
            assert_eq!(how, Swapped::Exchanged);
        }
        assert_eq!(
            fs::read_to_string(out.join("index.html")).expect("read"),
            "new"
        );
        let names: Vec<_> = fs::read_dir(dir.path()).expect("ls").collect();
        assert_eq!(names.len(), 1, "the previous site is deleted");
    }

    #[test]
    fn without_a_previous_site_the_new_one_is_moved_in() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (new, out) = (dir.path().join("new"), dir.path().join("out"));
        fs::create_dir(&new).expect("mkdir");
        let how = swap_in(&new, &out, Existing::Nothing, dir.path(), "out").expect("swap");
        assert_eq!(how, Swapped::Moved);
        assert!(out.is_dir() && !new.exists());
    }
}

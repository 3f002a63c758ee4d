//! `playbook init` and `playbook new`: writing a starter playbook, and new entries with every field.
//!
//! The texts written are templates embedded in the binary (`src/scaffold/templates/`). A starter playbook
//! checks clean; a new entry has every field of its kind, each explained by a comment, and placeholders
//! (`TODO`) where a text is required, so that `playbook check` fails until it is filled in.

mod init;
mod new;

use std::path::PathBuf;

use crate::content::{Kind, LoadError};

pub use init::{init, Initialized};
pub use new::new;

/// Why a scaffold command could not write its files.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// `init` into a folder that already holds files, without `force`.
    #[error("`{}` is not empty; use --force to add the starter files it lacks (files that already exist are kept as they are)", dir.display())]
    NotEmpty {
        /// The folder.
        dir: PathBuf,
    },
    /// The path given as a folder is something else.
    #[error("`{}` exists and is not a folder", path.display())]
    NotADirectory {
        /// The path.
        path: PathBuf,
    },
    /// A path where `init` writes a file is a folder.
    #[error("`{}` is a folder, not a file; move it away first", path.display())]
    NotAFile {
        /// The path.
        path: PathBuf,
    },
    /// The id is not a valid entry id.
    #[error(
        "`{id}` is not a valid id: ids may contain letters (of any script), digits, `-` and `_`"
    )]
    InvalidId {
        /// The id given.
        id: String,
    },
    /// The file `new` would write already exists.
    #[error("`{}` already exists; edit it, or choose another id", path.display())]
    Exists {
        /// The file.
        path: PathBuf,
    },
    /// Another file already holds an entry of this kind with this id.
    #[error("{} with the id `{id}` already exists in `{file}`; choose another id", kind.a_name())]
    DuplicateId {
        /// The kind.
        kind: Kind,
        /// The id.
        id: String,
        /// The file holding it, relative to the root.
        file: String,
    },
    /// The playbook root could not be read.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// Reading or writing a file failed.
    #[error("cannot read or write `{}`: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl ScaffoldError {
    fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        ScaffoldError::Io {
            path: path.into(),
            source,
        }
    }
}

pub use crate::content::is_valid_id;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_content_model() {
        assert!(is_valid_id("too-expensive_2"));
        assert!(is_valid_id("价格太贵"));
        for bad in ["", "a b", "a.b", "../x", "a/b", "a\\b", "x:y"] {
            assert!(!is_valid_id(bad), "{bad:?}");
        }
    }
}

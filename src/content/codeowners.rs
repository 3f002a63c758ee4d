//! `CODEOWNERS`: who owns an entry that names no `owner`.
//!
//! Found where GitHub looks, first found wins: `.github/CODEOWNERS`, `CODEOWNERS`, `docs/CODEOWNERS`, in the
//! playbook's folder (paths in it are relative to that folder). Each line is a gitignore-style pattern and
//! its owners (`@user`, `@org/team` or an e-mail); the **last** line whose pattern matches a file gives its
//! owners, and a line with a pattern and no owners leaves the file unowned. Patterns are matched by the
//! `ignore` crate's gitignore matcher (the one ripgrep uses), one matcher per line so that the last
//! matching line is known. Not supported (as on GitHub): `!` negation and `[ ]` ranges are taken literally
//! by GitHub but as gitignore syntax here.

use std::path::Path;

use ignore::gitignore::{Gitignore, GitignoreBuilder};

/// Where `CODEOWNERS` may be, in GitHub's order.
pub const CODEOWNERS_FILES: [&str; 3] = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];

/// The rules of a `CODEOWNERS` file.
#[derive(Debug, Clone, Default)]
pub struct CodeOwners {
    /// Which file they come from (relative to the root); empty when there is none.
    pub file: String,
    rules: Vec<(Gitignore, Vec<String>)>,
}

impl CodeOwners {
    /// The first `CODEOWNERS` file under `root`, parsed; no rules when there is none. Lines whose pattern
    /// does not compile are skipped.
    pub fn find(root: &Path) -> std::io::Result<CodeOwners> {
        for file in CODEOWNERS_FILES {
            match std::fs::read_to_string(root.join(file)) {
                Ok(text) => return Ok(CodeOwners::parse(file, &text)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e),
            }
        }
        Ok(CodeOwners::default())
    }

    /// The rules in `text` (the file `file`).
    pub fn parse(file: &str, text: &str) -> CodeOwners {
        let mut rules = Vec::new();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut words = line.split_whitespace();
            let Some(pattern) = words.next() else {
                continue;
            };
            let owners: Vec<String> = words
                .take_while(|w| !w.starts_with('#'))
                .map(str::to_string)
                .collect();
            let mut builder = GitignoreBuilder::new("");
            if builder.add_line(None, pattern).is_err() {
                continue;
            }
            if let Ok(matcher) = builder.build() {
                rules.push((matcher, owners));
            }
        }
        CodeOwners {
            file: file.to_string(),
            rules,
        }
    }

    /// The owners of the file at `path` (relative, `/`-separated): those of the last matching line, or
    /// none.
    pub fn owners_of(&self, path: &str) -> &[String] {
        self.rules
            .iter()
            .rev()
            .find(|(m, _)| m.matched_path_or_any_parents(path, false).is_ignore())
            .map_or(&[], |(_, owners)| owners.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_matching_line_wins() {
        let c = CodeOwners::parse(
            "CODEOWNERS",
            "# comment\n* @everyone\ncontent/objections/ @sales-lead\n/content/objections/price.md @cfo @ae\n",
        );
        assert_eq!(c.owners_of("content/stages/a.md"), ["@everyone"]);
        assert_eq!(c.owners_of("content/objections/a.md"), ["@sales-lead"]);
        assert_eq!(c.owners_of("content/objections/price.md"), ["@cfo", "@ae"]);
    }

    #[test]
    fn unanchored_names_match_at_any_depth_and_anchored_ones_only_at_the_root() {
        let c = CodeOwners::parse("CODEOWNERS", "*.yaml @ops\n/content/a.md @a\n");
        assert_eq!(c.owners_of("content/roleplays/x.yaml"), ["@ops"]);
        assert_eq!(c.owners_of("content/a.md"), ["@a"]);
        assert!(c.owners_of("other/content/a.md").is_empty());
    }

    #[test]
    fn a_pattern_without_owners_unowns() {
        let c = CodeOwners::parse("CODEOWNERS", "* @all\ncontent/drafts/\n");
        assert!(c.owners_of("content/drafts/x.md").is_empty());
        assert_eq!(c.owners_of("content/x.md"), ["@all"]);
    }
}

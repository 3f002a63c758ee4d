//! `playbook new KIND ID`: a new entry with every field of its kind, explained, and placeholders where
//! a text is required.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{is_valid_id, ScaffoldError};
use crate::content::{self, Kind, Playbook};

/// The column comments start at in the templates, minus the space before `#`.
const COMMENT_COLUMN: usize = 19;

fn template(kind: Kind) -> &'static str {
    match kind {
        Kind::Segment => include_str!("templates/new/segment.md"),
        Kind::Persona => include_str!("templates/new/persona.md"),
        Kind::SellingPoint => include_str!("templates/new/selling-point.md"),
        Kind::Stage => include_str!("templates/new/stage.md"),
        Kind::Objection => include_str!("templates/new/objection.md"),
        Kind::Roleplay => include_str!("templates/new/roleplay.md"),
        Kind::Path => include_str!("templates/new/path.md"),
    }
}

/// Writes a new entry `content/<kind folder>/<id>.md` under `root` and returns its path.
///
/// The entry has every field of its kind, each explained by a YAML comment. Required texts, the first
/// action, the questions and the body are placeholders (`TODO`), so `playbook check` reports the entry
/// (`placeholder`) until it is filled in; optional fields are empty, and reference lists are `[]`.
/// A stage gets the first motion of `playbook.yaml` when there are several (the others are listed in a
/// comment), and the order after the last stage of that motion.
///
/// Refuses an invalid `id` ([`ScaffoldError::InvalidId`]), an existing file ([`ScaffoldError::Exists`])
/// and an id another file already uses for this kind ([`ScaffoldError::DuplicateId`]). Folders are
/// created as needed; `root` itself must exist.
pub fn new(root: &Path, kind: Kind, id: &str) -> Result<PathBuf, ScaffoldError> {
    if !is_valid_id(id) {
        return Err(ScaffoldError::InvalidId { id: id.to_string() });
    }
    let path = root
        .join("content")
        .join(kind.folder())
        .join(format!("{id}.md"));
    if std::fs::symlink_metadata(&path).is_ok() {
        return Err(ScaffoldError::Exists { path });
    }
    let playbook = content::load(root)?;
    if let Some(meta) = playbook.metas(kind).into_iter().find(|m| m.id == id) {
        return Err(ScaffoldError::DuplicateId {
            kind,
            id: id.to_string(),
            file: meta.file.clone(),
        });
    }
    let text = entry_text(kind, &playbook);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| ScaffoldError::io(parent, e))?;
    }
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(ScaffoldError::Exists { path })
        }
        Err(e) => return Err(ScaffoldError::io(&path, e)),
    };
    file.write_all(text.as_bytes())
        .map_err(|e| ScaffoldError::io(&path, e))?;
    Ok(path)
}

/// The text of a new entry of `kind` in `playbook`.
fn entry_text(kind: Kind, playbook: &Playbook) -> String {
    let text = template(kind);
    if kind != Kind::Stage {
        return text.to_string();
    }
    let motions = &playbook.config.motions;
    let (motion_line, motion_id) = match motions.split_first() {
        Some((first, others)) if !others.is_empty() => {
            let others: Vec<&str> = others.iter().map(|m| m.id.as_str()).collect();
            (
                commented(
                    &format!("motion: {}", yaml_scalar(&first.id)),
                    &format!(
                        "required (playbook.yaml has several motions); the others are: {}",
                        others.join(", ")
                    ),
                ),
                first.id.as_str(),
            )
        }
        only => (
            commented(
                "motion:",
                "the motion's id from playbook.yaml; needed only when it declares several",
            ),
            only.map_or(content::DEFAULT_MOTION, |(m, _)| m.id.as_str()),
        ),
    };
    let order = next_order(playbook, motion_id);
    let order_line = commented(
        &format!("order: {order}"),
        "required: the stage's position in its motion (1, 2, 3...), unique within the motion",
    );
    text.replace("{{motion}}", &motion_line)
        .replace("{{order}}", &order_line)
}

/// The order after the last stage of `motion` (1 for the first stage).
fn next_order(playbook: &Playbook, motion: &str) -> i64 {
    playbook
        .stages
        .iter()
        .filter(|s| s.motion == motion)
        .filter_map(|s| s.order)
        .max()
        .map_or(1, |max| max.saturating_add(1))
}

/// `field` followed by `# comment` at the templates' comment column (one line whatever the comment holds).
fn commented(field: &str, comment: &str) -> String {
    let comment: String = comment
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!("{field:<COMMENT_COLUMN$} # {comment}")
}

/// `s` as a YAML scalar that reads back as the string `s`: plain when that is safe, double-quoted otherwise.
fn yaml_scalar(s: &str) -> String {
    let plain = s
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        && !matches!(s.to_ascii_lowercase().as_str(), "null" | "true" | "false");
    if plain {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_are_quoted_only_when_needed() {
        assert_eq!(yaml_scalar("new-business"), "new-business");
        assert_eq!(yaml_scalar("续约"), "续约");
        assert_eq!(yaml_scalar("null"), "\"null\"");
        assert_eq!(yaml_scalar("a b"), "\"a b\"");
        assert_eq!(yaml_scalar("-x"), "\"-x\"");
        assert_eq!(yaml_scalar("007"), "\"007\"");
        assert_eq!(yaml_scalar("say \"hi\""), "\"say \\\"hi\\\"\"");
    }

    #[test]
    fn comments_align_and_stay_on_one_line() {
        assert_eq!(
            commented("order: 3", "x\ny"),
            format!("order: 3{} # x y", " ".repeat(11))
        );
    }
}

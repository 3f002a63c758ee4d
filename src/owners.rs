//! `playbook owners`: each owner's entries with their review status (overdue, due soon, ok) and dates,
//! overdue first, in four formats. The statuses are [`crate::check::review`]'s, so `owners` and `check`
//! never disagree. Entries without an owner are listed last, under "(no owner)".

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::check::review::{reviews, DueBy, Review, Status};
use crate::content::{Date, LastChange, Playbook};
use crate::report::terminal_safe;

/// The output formats of `playbook owners`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OwnersFormat {
    /// Indented lines for a terminal.
    #[default]
    Human,
    /// One JSON object.
    Json,
    /// Comma-separated values with a header line (RFC 4180), one row per entry and owner.
    Csv,
    /// A Markdown checklist per owner, to paste into a tracking issue.
    Markdown,
}

/// The heading entries without owners are listed under.
pub const NO_OWNER: &str = "(no owner)";

/// One entry of an owner's list.
#[derive(Debug, Clone, Serialize)]
struct Row {
    kind: &'static str,
    id: String,
    file: String,
    status: Status,
    /// `YYYY-MM-DD`, or none.
    due: Option<String>,
    due_by: Option<DueBy>,
    /// The last change: `YYYY-MM-DD`, `uncommitted`, or none (outside Git).
    changed: Option<String>,
    /// The subject of the last commit.
    subject: Option<String>,
    /// Whether the owner comes from `CODEOWNERS`.
    codeowners: bool,
}

#[derive(Debug, Serialize)]
struct Group {
    owner: String,
    entries: Vec<Row>,
}

/// Each owner's entries, owners sorted by name with [`NO_OWNER`] last, entries overdue first, then by due
/// date, kind and id. An entry with two owners is listed under each.
fn groups(pb: &Playbook, today: Date) -> Vec<Group> {
    let mut by_owner: BTreeMap<(bool, String), Vec<(Review<'_>, Row)>> = BTreeMap::new();
    for r in reviews(pb, today) {
        let row = Row {
            kind: r.kind.key(),
            id: r.meta.id.clone(),
            file: r.meta.file.clone(),
            status: r.status,
            due: r.due.map(|(d, _)| d.to_string()),
            due_by: r.due.map(|(_, by)| by),
            changed: r.changed.map(|c| match c {
                LastChange::Committed { date, .. } => date.to_string(),
                LastChange::Uncommitted => "uncommitted".to_string(),
            }),
            subject: match r.changed {
                Some(LastChange::Committed { subject, .. }) => Some(subject.clone()),
                _ => None,
            },
            codeowners: r.from_codeowners,
        };
        let keys: Vec<(bool, String)> = if r.owners.is_empty() {
            vec![(true, NO_OWNER.to_string())]
        } else {
            r.owners.iter().map(|o| (false, o.clone())).collect()
        };
        for key in keys {
            by_owner
                .entry(key)
                .or_default()
                .push((r.clone(), row.clone()));
        }
    }
    by_owner
        .into_iter()
        .map(|((_, owner), mut rows)| {
            rows.sort_by(|(a, _), (b, _)| {
                (a.status, a.due.map(|d| d.0), a.kind, &a.meta.id).cmp(&(
                    b.status,
                    b.due.map(|d| d.0),
                    b.kind,
                    &b.meta.id,
                ))
            });
            Group {
                owner,
                entries: rows.into_iter().map(|(_, row)| row).collect(),
            }
        })
        .collect()
}

/// The owners report of `pb` on `today` in `format`, ending with a line break. Text from the playbook is
/// made terminal-safe in `human` and `csv`, and code-spanned in `markdown`; JSON escapes it itself.
pub fn render(pb: &Playbook, today: Date, format: OwnersFormat) -> String {
    let groups = groups(pb, today);
    match format {
        OwnersFormat::Human => human(&groups),
        OwnersFormat::Json => {
            #[derive(Serialize)]
            struct Doc<'a> {
                today: String,
                owners: &'a [Group],
            }
            let doc = Doc {
                today: today.to_string(),
                owners: &groups,
            };
            let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
            s.push('\n');
            s
        }
        OwnersFormat::Csv => csv(&groups),
        OwnersFormat::Markdown => markdown(&groups, today),
    }
}

fn safe(s: &str) -> String {
    terminal_safe(s).into_owned()
}

fn counts(rows: &[Row]) -> String {
    let n = |s: Status| rows.iter().filter(|r| r.status == s).count();
    format!(
        "{} {}: {} overdue, {} due soon",
        rows.len(),
        if rows.len() == 1 { "entry" } else { "entries" },
        n(Status::Overdue),
        n(Status::DueSoon)
    )
}

fn human(groups: &[Group]) -> String {
    let mut out = String::new();
    for g in groups {
        let _ = writeln!(out, "{} ({})", safe(&g.owner), counts(&g.entries));
        for r in &g.entries {
            let _ = writeln!(
                out,
                "  {:<9} {:<10} {} `{}` ({}){}",
                r.status.as_str(),
                r.due.as_deref().unwrap_or("-"),
                r.kind,
                safe(&r.id),
                safe(&r.file),
                r.changed
                    .as_deref()
                    .map(|c| format!(", changed {c}"))
                    .unwrap_or_default()
            );
        }
    }
    if groups.is_empty() {
        out.push_str("no entries\n");
    }
    out
}

fn field(s: &str) -> String {
    let s = safe(s);
    if s.contains([',', '"']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn csv(groups: &[Group]) -> String {
    let mut out = String::from("owner,kind,id,file,status,due,changed,subject\r\n");
    for g in groups {
        for r in &g.entries {
            let _ = write!(
                out,
                "{},{},{},{},{},{},{},{}\r\n",
                field(&g.owner),
                r.kind,
                field(&r.id),
                field(&r.file),
                r.status.as_str(),
                r.due.as_deref().unwrap_or(""),
                r.changed.as_deref().unwrap_or(""),
                field(r.subject.as_deref().unwrap_or(""))
            );
        }
    }
    out
}

/// Text inside a Markdown code span: backticks and line breaks (and other control characters) cannot
/// end it or start a new block.
fn code(s: &str) -> String {
    let clean: String = s
        .chars()
        .map(|c| {
            if c == '`' || crate::report::is_unsafe(c) {
                '\''
            } else {
                c
            }
        })
        .collect();
    format!("`{clean}`")
}

fn markdown(groups: &[Group], today: Date) -> String {
    let mut out = format!("## Playbook review, {today}\n");
    for g in groups {
        let _ = write!(out, "\n### {} ({})\n\n", code(&g.owner), counts(&g.entries));
        for r in &g.entries {
            let check = if r.status == Status::Ok { "x" } else { " " };
            let due = r
                .due
                .as_deref()
                .map(|d| format!(", due {d}"))
                .unwrap_or_default();
            let changed = r
                .changed
                .as_deref()
                .map(|c| format!(", changed {c}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "- [{check}] **{}** {} {} in {}{due}{changed}",
                r.status.as_str(),
                r.kind,
                code(&r.id),
                code(&r.file)
            );
        }
    }
    out
}

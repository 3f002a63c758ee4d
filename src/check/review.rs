//! Keeping entries true: who owns each entry and when it is due for review (`review:` in `playbook.yaml`),
//! and the rules on them (`missing-owner`, `stale-entry`). `playbook owners` prints the same statuses.
//!
//! An entry's owners are its `owner`, else those `CODEOWNERS` gives its file. Its due date is its
//! `review_by` when it has one (the author's date wins, earlier or later); else, with `max_age_days`, the
//! date of its file's last commit plus that many days (an uncommitted file was changed today). It is
//! overdue after its due date, due soon within `warn_before_days` of it, and ok otherwise (or without a
//! due date).

use serde::Serialize;

use crate::content::{Date, Kind, LastChange, Meta, Playbook};
use crate::diagnostic::{Code, Diagnostic};

/// Where an entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Its due date has passed.
    Overdue,
    /// Due within `warn_before_days`.
    DueSoon,
    /// Nothing due soon.
    Ok,
}

impl Status {
    /// The word used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Overdue => "overdue",
            Status::DueSoon => "due soon",
            Status::Ok => "ok",
        }
    }
}

/// Why an entry is due when it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DueBy {
    /// Its `review_by`.
    ReviewBy,
    /// Its last change plus `max_age_days`.
    MaxAge,
}

/// One entry's review status.
#[derive(Debug, Clone)]
pub struct Review<'a> {
    /// Its kind.
    pub kind: Kind,
    /// Its common fields.
    pub meta: &'a Meta,
    /// Its owners: `owner`, or `CODEOWNERS`'s for its file; empty when it has none.
    pub owners: Vec<String>,
    /// Whether the owners come from `CODEOWNERS`.
    pub from_codeowners: bool,
    /// Its file's last change in Git, if known.
    pub changed: Option<&'a LastChange>,
    /// When it is due, and why.
    pub due: Option<(Date, DueBy)>,
    /// Where it stands.
    pub status: Status,
}

/// The review status of every entry, in kind then file order.
pub fn reviews(pb: &Playbook, today: Date) -> Vec<Review<'_>> {
    let policy = pb.config.review;
    let mut out = Vec::new();
    for kind in Kind::ALL {
        for meta in pb.metas(kind) {
            let (owners, from_codeowners) = match &meta.owner {
                Some(owner) => (vec![owner.clone()], false),
                None => (pb.codeowners.owners_of(&meta.file).to_vec(), true),
            };
            let changed = pb.history.of(&meta.file);
            let age_due = policy.max_age_days.and_then(|days| {
                let since = match changed? {
                    LastChange::Committed { date, .. } => *date,
                    LastChange::Uncommitted => today,
                };
                Some(since.plus_days(i64::from(days)))
            });
            let due = match meta.review_by {
                Some((date, _)) => Some((date, DueBy::ReviewBy)),
                None => age_due.map(|d| (d, DueBy::MaxAge)),
            };
            let status = match due {
                Some((d, _)) if d < today => Status::Overdue,
                Some((d, _)) if d.days() - today.days() <= i64::from(policy.warn_before_days) => {
                    Status::DueSoon
                }
                _ => Status::Ok,
            };
            out.push(Review {
                kind,
                meta,
                from_codeowners: from_codeowners && !owners.is_empty(),
                owners,
                changed,
                due,
                status,
            });
        }
    }
    out
}

/// `missing-owner` (when `require_owner`) and `stale-entry` (past `max_age_days`, without `review_by`:
/// an overdue `review_by` is `review-overdue`'s).
pub(super) fn check(pb: &Playbook, today: Date, out: &mut Vec<Diagnostic>) {
    let policy = pb.config.review;
    for r in reviews(pb, today) {
        let m = r.meta;
        if policy.require_owner && r.owners.is_empty() {
            out.push(
                Diagnostic::new(
                    Code::MissingOwner,
                    &m.file,
                    Some(m.pos),
                    format!("{} `{}` has no owner", r.kind.name(), m.id),
                )
                .with_label("no owner")
                .with_note("add `owner:`, or a CODEOWNERS line that matches the file"),
            );
        }
        if let (Status::Overdue, Some((due, DueBy::MaxAge))) = (r.status, r.due) {
            let since = r
                .changed
                .and_then(LastChange::date)
                .map_or_else(|| "an unknown date".to_string(), |d| d.to_string());
            let days = policy.max_age_days.unwrap_or(0);
            out.push(
                Diagnostic::new(
                    Code::StaleEntry,
                    &m.file,
                    Some(m.pos),
                    format!(
                        "{} `{}` has not changed since {since}: it was due for review on {due} (`max_age_days: {days}`)",
                        r.kind.name(),
                        m.id
                    ),
                )
                .with_label("not reviewed for too long")
                .with_note("review the entry and commit it, or set a later `review_by`"),
            );
        }
    }
}

//! `playbook check`: the rules that need the whole playbook (ids, references, links, orders, coverage, funnels),
//! on top of what loading already found.

mod audience;
mod coverage;
mod funnel;
mod html;
mod references;
pub mod review;

use std::path::Path;

use crate::content::{self, Audience, Date, LoadError, Playbook};
use crate::diagnostic::Code;
use crate::diagnostic::{Diagnostic, Severity};

/// What `check` needs besides the playbook.
#[derive(Debug, Clone, Copy)]
pub struct CheckOptions {
    /// The date `review_by` dates are compared with.
    pub today: Date,
}

/// The outcome of checking a playbook.
#[derive(Debug, Clone)]
pub struct Report {
    /// Every problem, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// How many files were read.
    pub files: usize,
}

impl Report {
    /// How many errors.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// How many warnings.
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity() == severity)
            .count()
    }
}

/// Loads and checks the playbook at `root`.
pub fn check_root(root: &Path, options: CheckOptions) -> Result<(Playbook, Report), LoadError> {
    let playbook = content::load(root)?;
    let report = check(&playbook, options);
    Ok((playbook, report))
}

/// Checks a loaded playbook: the loader's diagnostics plus every whole-playbook rule, sorted.
pub fn check(playbook: &Playbook, options: CheckOptions) -> Report {
    let mut diagnostics = playbook.diagnostics.clone();
    // Every Markdown text of every entry: its links are checked, and so is its HTML.
    let texts = references::markdown_texts(playbook);
    references::check(playbook, &texts, &mut diagnostics);
    coverage::check(playbook, options.today, &mut diagnostics);
    html::check(playbook, &texts, &mut diagnostics);
    funnel::check(playbook, &mut diagnostics);
    review::check(playbook, options.today, &mut diagnostics);
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
    Report {
        diagnostics,
        files: playbook.files.len(),
    }
}

/// Checks what `audience` sees of a loaded playbook, and returns that part (see
/// [`Playbook::for_audience`]) with its report: for `internal`, [`check`] of the whole playbook; for
/// `public`, [`check`] of the public entries plus `internal-reference` for each place a public entry names
/// or links to an internal one (found on the whole playbook). Such a place names nothing in the public
/// playbook: the `unknown-reference` or `broken-link` the public check finds there is the same problem,
/// and is left out.
pub fn check_for(
    playbook: Playbook,
    audience: Audience,
    options: CheckOptions,
) -> (Playbook, Report) {
    if audience == Audience::Internal {
        let report = check(&playbook, options);
        return (playbook, report);
    }
    let mut leaks = Vec::new();
    audience::check(&playbook, audience, &mut leaks);
    let visible = playbook.for_audience(audience);
    let mut report = check(&visible, options);
    report.diagnostics.retain(|d| {
        !(matches!(d.code, Code::UnknownReference | Code::BrokenLink)
            && leaks.iter().any(|l| l.file == d.file && l.pos == d.pos))
    });
    report.diagnostics.extend(leaks);
    report
        .diagnostics
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    report.diagnostics.dedup();
    (visible, report)
}

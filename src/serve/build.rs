//! One build for `serve`: load and check the playbook, then render it in memory. Nothing is written to
//! disk: `public/` is never touched.
//!
//! After an edit of content files only, the pages are rendered incrementally ([`rerender`]: the pages
//! the edit can change, from the previous site) and the search index is left to a background thread
//! ([`Outcome::Built::index`]), so that the browser reloads as soon as the pages are ready.

use std::path::PathBuf;
use std::sync::Arc;

use crate::check::{CheckOptions, Report};
use crate::content::{Date, Playbook};
use crate::pipeline::{Checked, Project};
use crate::render::{rerender, Site};

pub use crate::pipeline::BuildError;

/// What one build gave.
pub(crate) enum Outcome {
    /// The new site.
    Built {
        /// The site.
        site: Site,
        /// What `check` found (warnings only).
        report: Report,
        /// The playbook whose search index the site still lacks (it has the previous build's): rendered
        /// incrementally. `None` when the site is complete.
        index: Option<Arc<Playbook>>,
    },
    /// `check` found errors: nothing was rendered.
    Refused {
        /// The errors (and warnings).
        report: Report,
        /// The playbook, for printing the diagnostics with their source lines.
        playbook: Box<Playbook>,
    },
    /// Loading, the theme or rendering failed.
    Failed {
        /// Why.
        error: BuildError,
        /// What `check` found, when it got that far.
        report: Option<Report>,
    },
}

/// What changed since the last build, as far as a build is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Changed {
    /// Anything may have: the first build, the theme, `playbook.yaml` (which names it), or events were
    /// lost. Nothing is reused.
    Anything,
    /// Not the theme, but more than entry files (`static/`, a folder, an image): the compiled theme is
    /// reused, every page is rendered.
    NotTheme,
    /// Only entry files under `content/`: the pages are rendered incrementally.
    EntriesOnly,
}

/// Builds the playbook at a root again and again through one [`Project`], which keeps the files read
/// and the compiled theme between builds until the theme (or `playbook.yaml`, which names it) changes.
pub(crate) struct Builder {
    project: Project,
    /// The playbook of the last good build, which an incremental build starts from (with the site
    /// served, which has its pages and the newest search index).
    last: Option<Arc<Playbook>>,
}

impl Builder {
    /// A builder for the playbook at `root`; `review_by` dates are compared with `today`.
    pub fn new(root: PathBuf, today: Date) -> Builder {
        Builder {
            project: Project::cached(root, CheckOptions { today }),
            last: None,
        }
    }

    /// Builds the site. What `changed` since the last build says what it may reuse: the compiled theme
    /// (unless the theme may have changed), and `served`, the site of the last good build as it is served
    /// now, which pages are rendered incrementally from when only entry files changed.
    ///
    /// `paths` are the files the watcher saw change (relative to the root): after an edit of entry files
    /// only, Git is asked about those files only.
    pub fn build(
        &mut self,
        changed: Changed,
        paths: &[String],
        served: Option<Arc<Site>>,
    ) -> Outcome {
        let checked = match changed {
            Changed::Anything => {
                self.project.forget_theme();
                self.last = None;
                self.project.check()
            }
            Changed::NotTheme => {
                self.last = None;
                self.project.check()
            }
            Changed::EntriesOnly => self.project.check_changed(paths),
        };
        let checked = match checked {
            Ok(checked) => checked,
            Err(e) => {
                return Outcome::Failed {
                    error: e.into(),
                    report: None,
                }
            }
        };
        if !checked.renderable() {
            let Checked { playbook, report } = checked;
            return Outcome::Refused {
                report,
                playbook: Box::new(playbook),
            };
        }
        let incremental = match (self.last.take(), served) {
            (Some(old), Some(previous)) => match self.project.theme(&checked.playbook) {
                Ok(theme) => rerender(&previous, &old, &checked.playbook, &checked.report, theme)
                    .map_err(BuildError::from),
                Err(e) => Err(e.into()),
            },
            _ => Ok(None),
        };
        let rendered = match incremental {
            Ok(Some(site)) => Ok((site, true)),
            Ok(None) => self.project.render(&checked).map(|site| (site, false)),
            Err(e) => Err(e),
        };
        let Checked { playbook, report } = checked;
        match rendered {
            Ok((site, incremental)) => {
                let playbook = Arc::new(playbook);
                self.last = Some(Arc::clone(&playbook));
                Outcome::Built {
                    site,
                    report,
                    index: incremental.then_some(playbook),
                }
            }
            Err(error) => Outcome::Failed {
                error,
                report: Some(report),
            },
        }
    }
}

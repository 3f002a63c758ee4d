//! One build for `serve`: load and check the playbook, then render it in memory. Nothing is written to
//! disk: `public/` is never touched.

use std::path::PathBuf;

use crate::check::{check_root, CheckOptions, Report};
use crate::content::{Date, LoadError, Playbook};
use crate::render::{render_site, RenderError, Site};
use crate::theme::{Theme, ThemeError};

/// Why the site could not be built at all (content errors are not this: they are diagnostics).
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The root is not a playbook folder (any more).
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The theme could not be loaded or does not compile.
    #[error(transparent)]
    Theme(#[from] ThemeError),
    /// A page could not be rendered, or a file could not be copied into the site.
    #[error(transparent)]
    Render(#[from] RenderError),
}

/// What one build gave.
pub(crate) enum Outcome {
    /// The new site.
    Built {
        /// The site.
        site: Site,
        /// What `check` found (warnings only).
        report: Report,
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

/// Builds the playbook at a root again and again, keeping the compiled theme between builds until the
/// theme (or `playbook.yaml`, which names it) changes.
pub(crate) struct Builder {
    root: PathBuf,
    today: Date,
    theme: Option<(String, Theme)>,
}

impl Builder {
    /// A builder for the playbook at `root`; `review_by` dates are compared with `today`.
    pub fn new(root: PathBuf, today: Date) -> Builder {
        Builder {
            root,
            today,
            theme: None,
        }
    }

    /// Builds the site. `theme_changed` drops the cached theme first.
    pub fn build(&mut self, theme_changed: bool) -> Outcome {
        if theme_changed {
            self.theme = None;
        }
        let options = CheckOptions { today: self.today };
        let (playbook, report) = match check_root(&self.root, options) {
            Ok(checked) => checked,
            Err(e) => {
                return Outcome::Failed {
                    error: e.into(),
                    report: None,
                }
            }
        };
        if report.errors() > 0 {
            return Outcome::Refused {
                report,
                playbook: Box::new(playbook),
            };
        }
        let name = playbook.config.theme.clone();
        let theme = match self.theme.take() {
            Some((cached, theme)) if cached == name => theme,
            _ => match Theme::load(&self.root, &name) {
                Ok(theme) => theme,
                Err(e) => {
                    return Outcome::Failed {
                        error: e.into(),
                        report: Some(report),
                    }
                }
            },
        };
        let rendered = render_site(&playbook, &report, &theme);
        self.theme = Some((name, theme));
        match rendered {
            Ok(site) => Outcome::Built { site, report },
            Err(e) => Outcome::Failed {
                error: e.into(),
                report: Some(report),
            },
        }
    }
}

//! One build for `serve`: load and check the playbook, then render it in memory. Nothing is written to
//! disk: `public/` is never touched.
//!
//! After an edit of content files only, the pages are rendered incrementally ([`rerender`]: the pages
//! the edit can change, from the previous site) and the search index is left to a background thread
//! ([`Outcome::Built::index`]), so that the browser reloads as soon as the pages are ready.

use std::path::PathBuf;
use std::sync::Arc;

use crate::check::{check, CheckOptions, Report};
use crate::content::{load_cached, Date, LoadCache, LoadError, Playbook};
use crate::render::{render_site, rerender, RenderError, Site};
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

/// Builds the playbook at a root again and again, keeping the compiled theme between builds until the
/// theme (or `playbook.yaml`, which names it) changes.
pub(crate) struct Builder {
    root: PathBuf,
    today: Date,
    theme: Option<(String, Theme)>,
    /// The playbook of the last good build, which an incremental build starts from (with the site
    /// served, which has its pages and the newest search index).
    last: Option<Arc<Playbook>>,
    /// The files read so far: a rebuild reads only those that changed.
    files: LoadCache,
}

impl Builder {
    /// A builder for the playbook at `root`; `review_by` dates are compared with `today`.
    pub fn new(root: PathBuf, today: Date) -> Builder {
        Builder {
            root,
            today,
            theme: None,
            last: None,
            files: LoadCache::default(),
        }
    }

    /// Builds the site. What `changed` since the last build says what it may reuse: the compiled theme
    /// (unless the theme may have changed), and `served`, the site of the last good build as it is served
    /// now, which pages are rendered incrementally from when only entry files changed.
    pub fn build(&mut self, changed: Changed, served: Option<Arc<Site>>) -> Outcome {
        match changed {
            Changed::Anything => {
                self.theme = None;
                self.last = None;
            }
            Changed::NotTheme => self.last = None,
            Changed::EntriesOnly => {}
        }
        let options = CheckOptions { today: self.today };
        let loaded = load_cached(&self.root, &mut self.files).map(|playbook| {
            let report = check(&playbook, options);
            (playbook, report)
        });
        let (playbook, report) = match loaded {
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
        let playbook = Arc::new(playbook);
        let incremental = match (self.last.take(), served) {
            (Some(old), Some(previous)) => rerender(&previous, &old, &playbook, &report, &theme),
            _ => Ok(None),
        };
        let rendered = match incremental {
            Ok(Some(site)) => Ok((site, Some(Arc::clone(&playbook)))),
            Ok(None) => render_site(&playbook, &report, &theme).map(|site| (site, None)),
            Err(e) => Err(e),
        };
        self.theme = Some((name, theme));
        match rendered {
            Ok((site, index)) => {
                self.last = Some(playbook);
                Outcome::Built {
                    site,
                    report,
                    index,
                }
            }
            Err(e) => Outcome::Failed {
                error: e.into(),
                report: Some(report),
            },
        }
    }
}

//! The one pipeline every command drives: load → check → render → write to a folder (`build`) or keep in
//! memory (`serve`). mdBook's `MDBook` is the model: a [`Project`] knows its root and options, and keeps
//! what is worth keeping between runs (the files read, the compiled theme), so that `build` and `serve`
//! are two short drivers of the same steps, not two hand-built copies of them.

use std::path::{Path, PathBuf};

use crate::check::{check_for, CheckOptions, Report};
use crate::content::{
    load, load_cached, load_changed, Audience, CodeOwners, History, HistoryCache, LoadCache,
    LoadError, Playbook, CONFIG_FILE,
};
use crate::diagnostic::{Code, Diagnostic};
use crate::output::{OutputError, SiteWriter};
use crate::render::{render_site, render_site_to, EmitError, RenderError, Rendered, Site};
use crate::theme::{Theme, ThemeError};

/// Why the site of a playbook could not be made (problems in the content are not this: they are the
/// diagnostics of its [`Report`]).
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The root is not a playbook folder.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The theme could not be loaded or does not compile.
    #[error(transparent)]
    Theme(#[from] ThemeError),
    /// A page could not be rendered, or a file could not be copied into the site.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// The output folder was refused, or could not be written.
    #[error(transparent)]
    Output(#[from] OutputError),
}

impl BuildError {
    /// The exit status it deserves: `2` for I/O failures and a refused output folder (usage), `1` for
    /// problems in the playbook's own files (a template that does not compile, two files at one path).
    pub fn exit_status(&self) -> u8 {
        match self {
            BuildError::Load(_)
            | BuildError::Output(_)
            | BuildError::Theme(ThemeError::Io { .. })
            | BuildError::Render(RenderError::Io { .. })
            | BuildError::Render(RenderError::Static(ThemeError::Io { .. })) => 2,
            BuildError::Theme(_) | BuildError::Render(_) => 1,
        }
    }
}

/// A loaded playbook and what `check` found in it.
#[derive(Debug)]
pub struct Checked {
    /// The playbook.
    pub playbook: Playbook,
    /// The diagnostics.
    pub report: Report,
}

impl Checked {
    /// Whether the site may be made: `check` found no error.
    pub fn renderable(&self) -> bool {
        self.report.errors() == 0
    }
}

/// Reads what the playbook's files do not say themselves: when each last changed (Git), and who owns
/// them (`CODEOWNERS`). Either failing is a warning: the build goes on without it. What Git said is kept in
/// `cache` between runs; `changed`, when known, lists the files written since the last run.
fn read_provenance(playbook: &mut Playbook, cache: &mut HistoryCache, changed: Option<&[String]>) {
    match History::read_cached(&playbook.root, cache, changed) {
        Ok(history) => playbook.history = history,
        Err(e) => playbook.diagnostics.push(
            Diagnostic::new(Code::HistoryUnavailable, CONFIG_FILE, None, e.to_string())
                .with_note("entries show no dates, and `review: {max_age_days}` is not applied"),
        ),
    }
    match CodeOwners::find(&playbook.root) {
        Ok(owners) => playbook.codeowners = owners,
        Err(e) => playbook.diagnostics.push(Diagnostic::new(
            Code::IoError,
            CONFIG_FILE,
            None,
            format!("cannot read CODEOWNERS: {e}"),
        )),
    }
}

/// A playbook folder and the steps run on it.
#[derive(Debug)]
pub struct Project {
    root: PathBuf,
    options: CheckOptions,
    /// Who the checks and the site are for: the playbook of each run is cut down to what it sees.
    audience: Audience,
    /// The files read so far, when runs repeat (`serve`): a run reads again only those that changed.
    cache: Option<LoadCache>,
    /// What Git said at the last run: the log (read again when the commit checked out changes) and the
    /// uncommitted files.
    history: HistoryCache,
    /// The compiled theme and the name it was loaded by.
    theme: Option<(String, Theme)>,
}

impl Project {
    /// The playbook at `root`, checked with `options`; each run reads every file.
    pub fn new(root: impl Into<PathBuf>, options: CheckOptions) -> Project {
        Project {
            root: root.into(),
            options,
            audience: Audience::Internal,
            cache: None,
            history: HistoryCache::default(),
            theme: None,
        }
    }

    /// The same, for runs that repeat: files whose size, modification time and inode did not change are
    /// not read again, and their texts are kept (incremental rendering compares them); the Git log is read
    /// again only when the commit checked out changes.
    pub fn cached(root: impl Into<PathBuf>, options: CheckOptions) -> Project {
        Project {
            cache: Some(LoadCache::default()),
            ..Project::new(root, options)
        }
    }

    /// The same, for `audience` (the default is [`Audience::Internal`]: every entry).
    pub fn for_audience(self, audience: Audience) -> Project {
        Project { audience, ..self }
    }

    /// The playbook folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Loads the playbook, reads its Git history and `CODEOWNERS`, and checks what the project's audience sees
    /// of it: the playbook kept is that part (see [`check_for`]).
    pub fn check(&mut self) -> Result<Checked, LoadError> {
        self.check_after(None)
    }

    /// The same, when the files written since the last run are known to be `changed` only (paths relative
    /// to the root, from `serve`'s watcher): a cached project reads those files only, without walking
    /// `content/` again (see [`load_changed`]), and Git is asked the status of those files only.
    pub fn check_changed(&mut self, changed: &[String]) -> Result<Checked, LoadError> {
        self.check_after(Some(changed))
    }

    fn check_after(&mut self, changed: Option<&[String]>) -> Result<Checked, LoadError> {
        let mut playbook = match (&mut self.cache, changed) {
            (Some(cache), Some(changed)) => load_changed(&self.root, cache, changed)?,
            (Some(cache), None) => load_cached(&self.root, cache)?,
            (None, _) => load(&self.root)?,
        };
        read_provenance(&mut playbook, &mut self.history, changed);
        let (playbook, report) = check_for(playbook, self.audience, self.options);
        Ok(Checked { playbook, report })
    }

    /// Forgets the compiled theme: the next render loads it again (its files, or the name in
    /// `playbook.yaml`, may have changed).
    pub fn forget_theme(&mut self) {
        self.theme = None;
    }

    /// The theme `playbook` names, compiled once and kept while the name stays.
    pub fn theme(&mut self, playbook: &Playbook) -> Result<&Theme, ThemeError> {
        let name = &playbook.config.theme;
        let kept = match self.theme.take() {
            Some((cached, theme)) if cached == *name => Some((cached, theme)),
            _ => None,
        };
        let loaded = match kept {
            Some(kept) => kept,
            None => (name.clone(), Theme::load(&self.root, name)?),
        };
        Ok(&self.theme.insert(loaded).1)
    }

    /// Renders the site of a checked playbook in memory.
    pub fn render(&mut self, checked: &Checked) -> Result<Site, BuildError> {
        let theme = self.theme(&checked.playbook)?;
        Ok(render_site(&checked.playbook, &checked.report, theme)?)
    }

    /// Renders the site of a checked playbook into `out` (each file written as soon as it is made, the
    /// finished site swapped in at the end; see [`SiteWriter`] for what `out` may be).
    pub fn write(&mut self, checked: &Checked, out: &Path) -> Result<Rendered, BuildError> {
        let root = self.root.clone();
        let theme = self.theme(&checked.playbook)?;
        let writer = SiteWriter::create(out, &root)?;
        let built = render_site_to(&checked.playbook, &checked.report, theme, |path, bytes| {
            writer.write(&path, &bytes)
        })
        .map_err(|e| match e {
            EmitError::Render(e) => BuildError::Render(e),
            EmitError::Sink(e) => BuildError::Output(e),
        })?;
        writer.finish()?;
        Ok(built)
    }
}

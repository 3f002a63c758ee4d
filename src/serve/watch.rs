//! Watching the playbook for changes: a notify watcher, a filter for the files that matter, and a
//! debounce that turns an editor's save storm (temp file, rename, chmod) into one [`ChangeSet`].
//!
//! The root is watched non-recursively (that sees `playbook.yaml` and the creation or removal of the
//! folders below), and `content/`, `static/` and `themes/` recursively. When one of those folders is
//! created, removed or renamed, its watch is re-armed, so deleting and recreating `content/` keeps working.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};

use super::build::Changed;
use super::ServeError;
use crate::content::CONFIG_FILE;
use crate::lock::lock;

/// The folders under the root that are watched recursively.
pub(crate) const WATCHED_FOLDERS: [&str; 3] = ["content", "static", "themes"];

/// How long the files must stay quiet before a rebuild starts.
pub(crate) const QUIET: Duration = Duration::from_millis(50);

/// The longest a rebuild waits for the files to go quiet (a tool that writes without pause).
const MAX_WAIT: Duration = Duration::from_millis(1000);

/// What happened to a path, as far as the messages are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Change {
    /// Created.
    Created,
    /// Removed.
    Removed,
    /// Renamed to or from.
    Renamed,
    /// Written, or its metadata changed.
    Changed,
}

impl Change {
    fn of(kind: &EventKind) -> Change {
        match kind {
            EventKind::Create(_) => Change::Created,
            EventKind::Remove(_) => Change::Removed,
            EventKind::Modify(ModifyKind::Name(_)) => Change::Renamed,
            _ => Change::Changed,
        }
    }

    fn verb(self) -> &'static str {
        match self {
            Change::Created => "created",
            Change::Removed => "removed",
            Change::Renamed => "renamed",
            Change::Changed => "changed",
        }
    }
}

/// The changes one rebuild answers: paths relative to the root, `/`-separated, with the last thing that
/// happened to each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ChangeSet {
    /// The changed paths.
    pub paths: BTreeMap<String, Change>,
    /// The watcher lost events (a queue overflow, an error): anything may have changed.
    pub rescan: bool,
}

impl ChangeSet {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty() && !self.rescan
    }

    /// Adds the changes of `other`.
    pub fn merge(&mut self, other: ChangeSet) {
        self.paths.extend(other.paths);
        self.rescan |= other.rescan;
    }

    /// Whether the theme may have changed: a file under `themes/`, `playbook.yaml` (which names the theme)
    /// or a rescan.
    pub fn touches_theme(&self) -> bool {
        self.rescan
            || self
                .paths
                .keys()
                .any(|p| p == CONFIG_FILE || p == "themes" || p.starts_with("themes/"))
    }

    /// Whether only entry files under `content/` changed (not the configuration, the theme, `static/`, a
    /// folder, or another file such as an image a body links to), as far as the watcher knows.
    pub fn content_only(&self) -> bool {
        !self.rescan && self.paths.keys().all(|p| crate::content::is_entry_file(p))
    }

    /// What changed, for the builder.
    pub fn changed(&self) -> Changed {
        if self.touches_theme() {
            Changed::Anything
        } else if self.content_only() {
            Changed::EntriesOnly
        } else {
            Changed::NotTheme
        }
    }

    /// One line for the terminal: `content/stages/discovery.md changed`, `content/a.md removed and 2
    /// more`.
    pub fn summary(&self) -> String {
        let mut iter = self.paths.iter();
        let text = match iter.next() {
            Some((path, change)) => {
                let rest = self.paths.len() - 1;
                let more = if rest == 0 {
                    String::new()
                } else {
                    format!(" and {rest} more")
                };
                format!("{path} {}{more}", change.verb())
            }
            None => String::new(),
        };
        match (text.is_empty(), self.rescan) {
            (true, _) => "files changed".to_string(),
            (false, true) => format!("{text} (and possibly more)"),
            (false, false) => text,
        }
    }
}

/// Whether a file or folder name is one editors and systems leave behind while saving: Emacs lock and
/// autosave files (`.#x`, `#x#`), backups (`x~`, `x.bak`), Vim swap files (`.x.swp`, `.swx`, `.swo`) and
/// its write test file `4913`, temporary files (`x.tmp`), and hidden files in general.
pub(crate) fn is_editor_noise(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913"
        || [".swp", ".swx", ".swo", ".tmp", ".bak", ".crswap"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// The path relative to the root, `/`-separated, if it is one the site is built from: `playbook.yaml`,
/// or a file or folder under a watched folder whose names are not editor noise.
pub(crate) fn relevant(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let mut names = Vec::new();
    for component in rel.components() {
        match component {
            Component::Normal(name) => names.push(name.to_str()?),
            _ => return None,
        }
    }
    let (first, rest) = names.split_first()?;
    let wanted = if rest.is_empty() {
        *first == CONFIG_FILE || WATCHED_FOLDERS.contains(first)
    } else {
        WATCHED_FOLDERS.contains(first)
    };
    if !wanted || names.iter().any(|n| is_editor_noise(n)) {
        return None;
    }
    Some(names.join("/"))
}

/// Whether an event may change what is built. Opening and reading files (which every build does) and
/// closing a file that was only read do not.
fn is_mutation(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// The watched folder (`content`, `static`, `themes`) that `path` *is*, if any.
fn watched_folder(root: &Path, path: &Path) -> Option<&'static str> {
    let rel = path.strip_prefix(root).ok()?;
    let mut components = rel.components();
    let first = components.next()?;
    if components.next().is_some() {
        return None;
    }
    WATCHED_FOLDERS
        .into_iter()
        .find(|f| first.as_os_str() == *f)
}

/// Keeps the watcher alive; dropping it stops watching (and ends the debounce thread).
pub(crate) struct WatchHandle {
    _watcher: Arc<Mutex<RecommendedWatcher>>,
}

/// Starts watching `root`. The returned receiver yields one [`ChangeSet`] per burst of changes, after the
/// files have been quiet for [`QUIET`].
pub(crate) fn watch(root: &Path) -> Result<(WatchHandle, Receiver<ChangeSet>), ServeError> {
    let root = root.to_path_buf();
    let (raw_tx, raw_rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let watcher = notify::recommended_watcher(move |event| {
        // The receiver is gone only when serving stops.
        let _ = raw_tx.send(event);
    })
    .map_err(|source| ServeError::Watch {
        path: root.clone(),
        source,
    })?;
    let watcher = Arc::new(Mutex::new(watcher));
    {
        let mut w = lock(&watcher);
        w.watch(&root, RecursiveMode::NonRecursive)
            .map_err(|source| ServeError::Watch {
                path: root.clone(),
                source,
            })?;
        for folder in WATCHED_FOLDERS {
            let dir = root.join(folder);
            if dir.is_dir() {
                w.watch(&dir, RecursiveMode::Recursive)
                    .map_err(|source| ServeError::Watch { path: dir, source })?;
            }
        }
    }
    let (tx, rx) = mpsc::channel();
    let weak = Arc::downgrade(&watcher);
    std::thread::Builder::new()
        .name("playbook-watch".to_string())
        .spawn(move || debounce(&root, &raw_rx, &tx, &weak))
        .map_err(ServeError::Thread)?;
    Ok((WatchHandle { _watcher: watcher }, rx))
}

/// The debounce loop: waits for a relevant event, collects until [`QUIET`] passes without one (or
/// [`MAX_WAIT`] since the first), then sends the batch. Ends when the watcher or the receiver is gone.
fn debounce(
    root: &Path,
    raw: &Receiver<notify::Result<notify::Event>>,
    out: &Sender<ChangeSet>,
    watcher: &Weak<Mutex<RecommendedWatcher>>,
) {
    let mut pending = ChangeSet::default();
    let mut first_at: Option<Instant> = None;
    loop {
        let received = match first_at {
            None => raw.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(start) => {
                let left = MAX_WAIT.saturating_sub(start.elapsed());
                raw.recv_timeout(QUIET.min(left))
            }
        };
        match received {
            Ok(event) => {
                absorb(root, event, &mut pending, watcher);
                if first_at.is_none() && !pending.is_empty() {
                    first_at = Some(Instant::now());
                }
            }
            Err(RecvTimeoutError::Timeout) => {
                first_at = None;
                if out.send(std::mem::take(&mut pending)).is_err() {
                    return;
                }
            }
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// Adds one raw event to `pending`, re-arming the watch of a watched folder that came or went.
fn absorb(
    root: &Path,
    event: notify::Result<notify::Event>,
    pending: &mut ChangeSet,
    watcher: &Weak<Mutex<RecommendedWatcher>>,
) {
    let event = match event {
        Ok(event) => event,
        Err(e) => {
            eprintln!("warning: watching for changes: {e}");
            pending.rescan = true;
            rearm(root, &WATCHED_FOLDERS, watcher);
            return;
        }
    };
    if event.need_rescan() {
        pending.rescan = true;
        rearm(root, &WATCHED_FOLDERS, watcher);
    }
    if !is_mutation(&event.kind) {
        return;
    }
    let change = Change::of(&event.kind);
    let structural = !matches!(
        event.kind,
        EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Metadata(_)) | EventKind::Access(_)
    );
    let mut folders = Vec::new();
    for path in &event.paths {
        if structural {
            folders.extend(watched_folder(root, path));
        }
        if let Some(rel) = relevant(root, path) {
            pending.paths.insert(rel, change);
        }
    }
    if !folders.is_empty() {
        rearm(root, &folders, watcher);
    }
}

/// Drops the watches of `folders` and watches them again if they exist now.
fn rearm(root: &Path, folders: &[&str], watcher: &Weak<Mutex<RecommendedWatcher>>) {
    let Some(watcher) = watcher.upgrade() else {
        return;
    };
    let mut w = lock(&watcher);
    for folder in folders {
        let dir: PathBuf = root.join(folder);
        // Not watched (any more) is fine: the folder may just have been removed.
        let _ = w.unwatch(&dir);
        if dir.is_dir() {
            if let Err(e) = w.watch(&dir, RecursiveMode::Recursive) {
                crate::report::stderr_line(&format!(
                    "warning: cannot watch `{}`: {e}",
                    dir.display()
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_temp_and_swap_files_are_noise() {
        for name in [
            ".#x.md",
            "x.md~",
            ".x.md.swp",
            "x.swx",
            "4913",
            "x.md.tmp",
            "#x.md#",
            ".hidden",
        ] {
            assert!(is_editor_noise(name), "{name}");
        }
        for name in ["x.md", "price.yaml", "4914", "tmp.md", "swp"] {
            assert!(!is_editor_noise(name), "{name}");
        }
    }

    #[test]
    fn only_entry_files_allow_an_incremental_build() {
        let set = |paths: &[&str], rescan: bool| ChangeSet {
            paths: paths
                .iter()
                .map(|p| (p.to_string(), Change::Changed))
                .collect(),
            rescan,
        };
        assert!(set(&["content/stages/a.md", "content/价格/b.yaml"], false).content_only());
        assert!(!set(&["content/stages/a.md"], true).content_only());
        for other in [
            "content/stages/diagram.png",
            "content/stages",
            "content",
            "static/logo.svg",
            "themes/default/templates/stage.html",
            "playbook.yaml",
        ] {
            assert!(
                !set(&["content/stages/a.md", other], false).content_only(),
                "{other}"
            );
        }
    }

    #[test]
    fn only_the_sources_of_the_site_are_relevant() {
        let root = Path::new("/pb");
        let rel = |p: &str| relevant(root, Path::new(p));
        assert_eq!(rel("/pb/playbook.yaml").as_deref(), Some("playbook.yaml"));
        assert_eq!(
            rel("/pb/content/stages/a.md").as_deref(),
            Some("content/stages/a.md")
        );
        assert_eq!(rel("/pb/content").as_deref(), Some("content"));
        assert_eq!(
            rel("/pb/themes/x/templates/base.html").as_deref(),
            Some("themes/x/templates/base.html")
        );
        assert_eq!(
            rel("/pb/static/logo.svg").as_deref(),
            Some("static/logo.svg")
        );
        assert_eq!(rel("/pb/Cargo.lock"), None);
        assert_eq!(rel("/pb/public/index.html"), None);
        assert_eq!(rel("/pb/content/.#a.md"), None);
        assert_eq!(rel("/pb/content/stages/4913"), None);
        assert_eq!(rel("/pb/content/.git/HEAD"), None);
        assert_eq!(rel("/pb"), None);
        assert_eq!(rel("/elsewhere/playbook.yaml"), None);
    }

    #[test]
    fn a_theme_change_rebuilds_everything_and_entries_only_rerender() {
        let changed = |paths: &[&str], rescan: bool| {
            ChangeSet {
                paths: paths
                    .iter()
                    .map(|p| (p.to_string(), Change::Changed))
                    .collect(),
                rescan,
            }
            .changed()
        };
        assert_eq!(
            changed(&["content/stages/a.md"], false),
            Changed::EntriesOnly
        );
        assert_eq!(changed(&["content/stages/a.md"], true), Changed::Anything);
        assert_eq!(changed(&["static/logo.svg"], false), Changed::NotTheme);
        assert_eq!(
            changed(
                &["content/a.md", "themes/default/templates/stage.html"],
                false
            ),
            Changed::Anything
        );
        assert_eq!(changed(&["playbook.yaml"], false), Changed::Anything);
    }

    #[test]
    fn summaries_name_the_first_path_and_count_the_rest() {
        let mut set = ChangeSet::default();
        assert_eq!(set.summary(), "files changed");
        set.paths.insert("content/b.md".into(), Change::Removed);
        assert_eq!(set.summary(), "content/b.md removed");
        set.paths.insert("content/a.md".into(), Change::Changed);
        set.paths.insert("playbook.yaml".into(), Change::Changed);
        assert_eq!(set.summary(), "content/a.md changed and 2 more");
        assert!(set.touches_theme());
    }

    #[test]
    fn a_save_storm_is_one_change_set_without_the_temp_file() {
        use notify::event::{CreateKind, DataChange, MetadataKind, RenameMode};
        use notify::Event;
        let root = Path::new("/pb");
        let (raw_tx, raw_rx) = mpsc::channel();
        let (tx, rx) = mpsc::channel();
        let at = |kind, path: &str| Ok(Event::new(kind).add_path(PathBuf::from(path)));
        let storm = [
            at(EventKind::Create(CreateKind::File), "/pb/content/a.md.tmp"),
            at(
                EventKind::Modify(ModifyKind::Data(DataChange::Any)),
                "/pb/content/a.md.tmp",
            ),
            Ok(
                Event::new(EventKind::Modify(ModifyKind::Name(RenameMode::Both)))
                    .add_path(PathBuf::from("/pb/content/a.md.tmp"))
                    .add_path(PathBuf::from("/pb/content/a.md")),
            ),
            at(
                EventKind::Modify(ModifyKind::Metadata(MetadataKind::Permissions)),
                "/pb/content/a.md",
            ),
            at(
                EventKind::Access(AccessKind::Open(AccessMode::Any)),
                "/pb/content/b.md",
            ),
            at(EventKind::Create(CreateKind::File), "/pb/content/4913"),
            at(EventKind::Create(CreateKind::File), "/pb/target/x"),
        ];
        for event in storm {
            raw_tx.send(event).expect("send");
        }
        let thread = std::thread::spawn(move || debounce(root, &raw_rx, &tx, &Weak::new()));
        let set = rx.recv_timeout(Duration::from_secs(10)).expect("one set");
        assert_eq!(set.paths.keys().collect::<Vec<_>>(), ["content/a.md"]);
        assert_eq!(set.summary(), "content/a.md changed");
        drop(raw_tx);
        thread.join().expect("ends when the watcher is gone");
        assert!(rx.try_recv().is_err(), "one burst, one rebuild");
    }

    #[test]
    fn reads_are_not_changes() {
        use notify::event::{AccessKind, AccessMode, CreateKind};
        assert!(!is_mutation(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!is_mutation(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(is_mutation(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(is_mutation(&EventKind::Create(CreateKind::File)));
    }
}

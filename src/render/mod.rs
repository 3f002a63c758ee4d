//! Rendering: a loaded, checked playbook → the pages and assets of the training site, in memory.
//!
//! Templates use **tera 2** (2.4): it is the maintained rewrite (1.x only gets fixes), compiles templates to
//! a `Send + Sync` bytecode that renders in parallel, sorts map keys when iterating (deterministic output),
//! and needs no dependency beyond serde with its default features off. Its templates differ from 1.x in
//! small ways (components instead of macros, `?.` for optional fields, undefined variables are errors),
//! which only matters to theme authors and is described in `docs/site.md`.
//!
//! [`render_site`] is a plain function: it reads nothing but the playbook's `static/` folder and the files
//! bodies link to, writes nothing, and returns a [`Site`] sorted by path, which `serve` serves from memory.
//! [`render_site_to`] renders the same files but hands each to a sink as soon as it is made, so that
//! `build` writes pages while others render and never holds the whole site. Pages are rendered in parallel
//! with rayon, beside the search index. No page lists every entry: sections that can grow are bounded and
//! link their full lists (see [`related`]), and the lists of a kind are paginated (except the objection
//! finder, which has its own bound).

mod changes;
mod cjk;
mod coverage;
mod data;
mod drill;
mod finder;
pub mod i18n;
mod incremental;
mod index;
mod layout;
mod lists;
pub mod markdown;
mod motion;
mod pages;
mod paths;
mod quiz;
mod reads;
mod related;

use std::collections::HashSet;
use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;

use crate::check::Report;
use crate::content::{Entry, Kind, Motion, Node, Playbook};
use crate::lock::{lock, unpoisoned};
use crate::theme::{files_under, Theme, ThemeError};
use i18n::Lang;
use index::{Lookups, SiteIndex};
use layout::{render_page, Common};
use reads::{Owner, Read, Reads};

pub use incremental::rerender;
pub use quiz::script_json;

/// The site, in memory: every file with its path relative to the output folder, sorted by path. The bytes
/// are shared, so that a site made from the previous one by [`rerender`] copies no file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Site {
    /// `(relative path, bytes)`, `/`-separated, sorted, unique.
    pub files: Vec<(String, Arc<Vec<u8>>)>,
    /// What each entry page read while it was rendered, which [`rerender`] decides from; `None` when
    /// not kept (a site not made by [`render_site`] or [`rerender`]).
    pub(crate) reads: Option<Arc<Reads>>,
}

impl Site {
    /// The file at `path`, if the site has it.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files
            .binary_search_by(|(p, _)| p.as_str().cmp(path))
            .ok()
            .map(|i| self.files[i].1.as_slice())
    }

    /// The site with its search index (the index's own files under `search/`) replaced by `index`, as
    /// made by [`search_index`].
    pub fn with_search_index(&self, index: Vec<(String, Vec<u8>)>) -> Site {
        let mut files: Vec<(String, Arc<Vec<u8>>)> = self
            .files
            .iter()
            .filter(|(p, _)| !is_index_file(p))
            .cloned()
            .chain(index.into_iter().map(|(p, b)| (p, Arc::new(b))))
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Site {
            files,
            reads: self.reads.clone(),
        }
    }

    /// How many HTML pages.
    pub fn pages(&self) -> usize {
        self.files
            .iter()
            .filter(|(p, _)| p.ends_with(".html"))
            .count()
    }
}

/// Rendering failed.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A template failed (an override using a field that does not exist, a filter error).
    #[error("cannot render `{page}` with template `{template}`: {message}")]
    Template {
        /// The page being rendered.
        page: String,
        /// The template.
        template: String,
        /// What tera said.
        message: String,
    },
    /// A file to copy into the site could not be read.
    #[error("cannot read `{}`: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The playbook's `static/` folder could not be read.
    #[error(transparent)]
    Static(#[from] ThemeError),
    /// Two files would have the same path (a `static/` file named like a page, say).
    #[error("two files of the site would be written to `{0}`")]
    Collision(String),
}

/// The part of the site a page belongs to (highlighted in the navigation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    Overview,
    Objections,
    SellingPoints,
    Roleplays,
    Segments,
    Personas,
    Coverage,
    Paths,
    None,
}

/// A page before templating.
pub(crate) struct Page {
    /// Relative to the site root, not encoded (the file name).
    pub path: String,
    pub template: &'static str,
    pub title: String,
    /// Its meta description, one line of plain text (the template escapes it); the title when empty.
    pub description: String,
    pub section: Section,
    /// What the template sees as `page`: one of the page structs of [`data`], as a template value.
    pub data: tera::Value,
    /// An entry page's key in the learner's progress (`<kind>/<id>`): the page offers "Mark as studied".
    pub study: Option<String>,
    /// Pages rendered with this one, from the same reads: the full lists of its bounded sections, the
    /// further pages of a paginated list (see [`related`]).
    pub related: Vec<Page>,
}

impl Page {
    /// The page at `path` (relative to the site root, not encoded) showing `data` with `template`.
    pub(crate) fn new(
        path: String,
        template: &'static str,
        title: &str,
        section: Section,
        data: &impl Serialize,
    ) -> Page {
        Page {
            path,
            template,
            title: title.to_string(),
            description: String::new(),
            section,
            data: tera::Value::from_serializable(data),
            study: None,
            related: Vec::new(),
        }
    }

    /// The page with `description` as its meta description.
    pub(crate) fn described(mut self, description: impl Into<String>) -> Page {
        self.description = description.into();
        self
    }
}

/// One page to render.
#[derive(Debug, Clone, Copy)]
enum Job<'a> {
    Overview,
    Matrix,
    Roleplays,
    Segments,
    Personas,
    Coverage,
    Drill,
    Search,
    NotFound,
    /// The list of learning paths (when there are any).
    Paths,
    /// A motion's funnel page (a motion that has stages).
    Funnel(&'a Motion),
    /// A motion's deal review sheet.
    Review(&'a Motion),
    /// The page of an entry.
    Entry(Node, Entry<'a>),
    /// `changes.html`: the most recent changes, from Git (read per build, so rendered like a list).
    Changes,
    /// `changes.xml`: the same as an Atom feed (no template).
    Feed,
    /// `versions.js`: how the versions of the entries are sharded, for the browser's "Updated" badges;
    /// with `versions/digests.js`, each shard's digest.
    Versions,
    /// Shard `k` of the versions (`versions/v<k>.js`): each entry's content hash.
    VersionShard(usize),
    /// A shard of the drill's card backs (`drill/c<k>.js`).
    DrillCards(usize),
    /// A shard of the drill's cards by id (`drill/f<k>.js`).
    DrillFronts(usize),
    /// Chunk `k` (from 1) of the whole drill (`drill/all.<k>.js`).
    DrillAll(usize),
    /// The drill narrowed to the `index`th entry of a scope's kind (`drill/<folder>/<id>.js` and its
    /// further chunks).
    DrillScope(drill::Scope, usize),
    /// Page `k` (from 0) of the objection finder's list; the first is the finder.
    Finder(usize),
    /// The finder's shard of a stage, segment or persona (the `index`th entry of its kind).
    FinderFacet(finder::Facet, usize),
    /// The finder's list of the objections that name no value of a facet.
    FinderAny(finder::Facet),
    /// `motions.html`: every motion that has stages (the overview shows the first few).
    Motions,
    /// `coverage-warnings.html`: every warning of `check` (the coverage page shows the first few).
    CoverageWarnings,
    /// A motion's coverage page (a motion that has stages).
    CoverageMotion(&'a Motion),
}

/// The pages that are not an entry's: rendered on every build, and after every edit by [`rerender`].
const LIST_JOBS: [Job<'static>; 11] = [
    Job::Overview,
    Job::Motions,
    Job::CoverageWarnings,
    Job::Matrix,
    Job::Roleplays,
    Job::Segments,
    Job::Personas,
    Job::Coverage,
    Job::Drill,
    Job::Search,
    Job::NotFound,
];

/// Every page of `pb`: the list pages, then the page of each entry.
fn jobs(pb: &Playbook) -> Vec<Job<'_>> {
    let mut jobs = LIST_JOBS.to_vec();
    jobs.extend([Job::Changes, Job::Feed, Job::Versions]);
    jobs.extend((0..changes::version_shards(pb)).map(Job::VersionShard));
    jobs.extend((0..drill::shards(pb)).map(Job::DrillCards));
    let order = drill::Order::new(pb);
    jobs.extend((0..order.fronts()).map(Job::DrillFronts));
    jobs.extend((1..order.all_chunks()).map(Job::DrillAll));
    for scope in drill::Scope::ALL {
        jobs.extend((0..pb.entries_of(scope.kind()).count()).map(|i| Job::DrillScope(scope, i)));
    }
    jobs.extend((0..finder::pages(pb)).map(Job::Finder));
    for facet in finder::Facet::ALL {
        jobs.extend((0..pb.entries_of(facet.kind()).count()).map(|i| Job::FinderFacet(facet, i)));
        if facet.has_any() {
            jobs.push(Job::FinderAny(facet));
        }
    }
    // A funnel page and a review sheet for each motion that has stages (not entry pages: they show every
    // stage of their motion, and are rendered again after every edit like the lists).
    for m in &pb.config.motions {
        if pb.stages.iter().any(|s| s.motion == m.id) {
            jobs.extend([Job::Funnel(m), Job::Review(m), Job::CoverageMotion(m)]);
        }
    }
    if !pb.paths.is_empty() {
        jobs.push(Job::Paths);
    }
    for kind in Kind::ALL {
        jobs.extend(
            pb.entries_of(kind)
                .enumerate()
                .map(|(index, e)| Job::Entry(Node { kind, index }, e)),
        );
    }
    jobs
}

impl<'a> Job<'a> {
    /// The page's data. An entry's page gets its entry from the job, and everything else from `ix`.
    fn page(self, ix: &SiteIndex<'_>, lang: Lang, report: &Report) -> Page {
        match self {
            Job::Overview => lists::overview(ix, lang),
            Job::Matrix => lists::matrix(ix, lang),
            Job::Roleplays => lists::roleplays(ix, lang),
            Job::Segments => lists::segments(ix, lang),
            Job::Personas => lists::personas(ix, lang),
            Job::Coverage => coverage::coverage(ix, lang, report),
            Job::CoverageWarnings => coverage::warnings_page(ix, lang, report),
            Job::CoverageMotion(m) => coverage::motion_page(ix, lang, m),
            Job::Motions => lists::motions_list(ix, lang),
            Job::Paths => paths::paths(ix, lang),
            Job::Funnel(m) => motion::funnel_page(ix, lang, m),
            Job::Review(m) => motion::review_page(ix, lang, m),
            Job::Search => lists::search(lang),
            Job::NotFound => lists::not_found(lang),
            Job::Changes => changes::changes_page(ix, lang),
            // Not pages: `Renderer::render` writes them itself.
            Job::Feed
            | Job::Drill
            | Job::Versions
            | Job::VersionShard(_)
            | Job::DrillCards(_)
            | Job::DrillFronts(_)
            | Job::DrillAll(_)
            | Job::DrillScope(..)
            | Job::Finder(_)
            | Job::FinderFacet(..)
            | Job::FinderAny(_) => lists::not_found(lang),
            Job::Entry(node, e) => {
                ix.given(node);
                let page = match e {
                    Entry::Stage(e) => pages::stage(ix, lang, e),
                    Entry::Objection(e) => pages::objection(ix, lang, e),
                    Entry::Segment(e) => pages::segment(ix, lang, e),
                    Entry::Persona(e) => pages::persona(ix, lang, e),
                    Entry::SellingPoint(e) => pages::selling_point(ix, lang, e),
                    Entry::Roleplay(e) => quiz::roleplay(ix, lang, e),
                    Entry::Path(e) => paths::path(ix, lang, e),
                };
                page.described(entry_description(e, lang))
            }
        }
    }
}

/// An entry page's meta description: the entry's excerpt (the one search shows), or its kind and title
/// when it has no text to take one from.
fn entry_description(e: Entry<'_>, lang: Lang) -> String {
    let excerpt = e.excerpt();
    if !excerpt.is_empty() {
        return excerpt;
    }
    let t = lang.strings();
    t.describe_entry
        .replace("{kind}", t.by_key(e.kind().label()).unwrap_or_default())
        .replace("{title}", e.title())
}

/// Whether a render keeps what each entry page read ([`Site::reads`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// `serve`: the next edit renders again from them.
    Reads,
    /// `build`: rendered once.
    Nothing,
}

/// What a rendered file kept: whose reads, the reads, and the paths of the pages rendered with it.
type KeptReads = (Owner, Arc<[Read]>, Vec<String>);

/// A rendered page: its path, its bytes, and (when kept) what it read; with the pages rendered from the
/// same reads ([`Page::related`]).
struct PageFile {
    path: String,
    bytes: Vec<u8>,
    reads: Option<(Owner, Arc<[Read]>)>,
    related: Vec<(String, Vec<u8>)>,
}

/// What every page of one render shares.
struct Renderer<'a> {
    pb: &'a Playbook,
    lookups: Lookups<'a>,
    lang: Lang,
    report: &'a Report,
    theme: &'a Theme,
    common: Common,
    /// The search index's document numbers, which the finder's files are in.
    numbers: finder::Numbers<'a>,
    /// The objections' places, which the drill's files are in.
    order: drill::Order<'a>,
    /// The entries of each versions shard.
    versions: changes::VersionBuckets<'a>,
}

impl<'a> Renderer<'a> {
    fn new(pb: &'a Playbook, report: &'a Report, theme: &'a Theme) -> Self {
        let lang = Lang::for_tag(&pb.config.language);
        Renderer {
            pb,
            lookups: Lookups::new(pb),
            lang,
            report,
            theme,
            common: Common::new(pb, lang),
            numbers: finder::Numbers::new(pb),
            order: drill::Order::new(pb),
            versions: changes::VersionBuckets::new(pb),
        }
    }

    /// Whose record of reads a job's file is, if it keeps one: an entry page's, or a finder file's (by its
    /// path). The other files are rendered again after every edit.
    fn owner(&self, job: Job<'_>) -> Option<Owner> {
        match job {
            Job::Entry(node, _) => Some(Owner::Entry(node)),
            Job::Finder(k) => Some(Owner::File(finder::page_path(k))),
            Job::FinderFacet(facet, index) => self
                .facet_id(facet, index)
                .map(|id| Owner::File(finder::facet_path(facet, id))),
            Job::FinderAny(facet) => Some(Owner::File(finder::any_path(facet))),
            Job::VersionShard(k) => Some(Owner::File(changes::version_file(k))),
            Job::DrillCards(k) => Some(Owner::File(drill::shard_file(k))),
            Job::DrillFronts(k) => Some(Owner::File(drill::front_file(k))),
            Job::DrillAll(k) => Some(Owner::File(drill::all_file(k))),
            Job::DrillScope(scope, index) => self
                .entry_id(scope.kind(), index)
                .map(|id| Owner::File(drill::scope_file(scope, id, 0))),
            _ => None,
        }
    }

    /// The id of the `index`th entry of a facet's kind.
    fn facet_id(&self, facet: finder::Facet, index: usize) -> Option<&'a str> {
        self.entry_id(facet.kind(), index)
    }

    /// The id of the `index`th entry of `kind`.
    fn entry_id(&self, kind: Kind, index: usize) -> Option<&'a str> {
        self.pb.entry(Node { kind, index }).map(|e| e.id())
    }

    /// Renders the file of `job`; with the record of what it read when `keep` says so and the job keeps
    /// one ([`Renderer::owner`]).
    fn render(&self, job: Job<'_>, keep: Keep) -> Result<PageFile, RenderError> {
        let owner = match keep {
            Keep::Reads => self.owner(job),
            Keep::Nothing => None,
        };
        let ix = match owner {
            Some(_) => SiteIndex::recording(&self.lookups),
            None => SiteIndex::unrecorded(&self.lookups),
        };
        let one = |path: String, bytes: Vec<u8>| Some(((path, bytes), Vec::new()));
        let file = match job {
            Job::Feed => one("changes.xml".to_string(), changes::atom(self.pb, self.lang)),
            Job::Versions => one("versions.js".to_string(), changes::versions_js(self.pb)),
            Job::VersionShard(k) => one(
                changes::version_file(k),
                changes::version_shard_js(&ix, &self.versions, k),
            ),
            Job::DrillCards(k) => one(
                drill::shard_file(k),
                drill::shard_js(&ix, &self.order, self.lang, k),
            ),
            Job::DrillFronts(k) => one(drill::front_file(k), drill::front_js(&ix, &self.order, k)),
            Job::DrillAll(k) => one(drill::all_file(k), drill::all_js(&ix, &self.order, k)),
            // Its first chunk, with the further chunks as the files rendered with it.
            Job::DrillScope(scope, index) => self.entry_id(scope.kind(), index).and_then(|id| {
                let mut files = drill::scope_js(&ix, &self.order, scope, id).into_iter();
                files.next().map(|first| (first, files.collect()))
            }),
            Job::FinderFacet(facet, index) => self.facet_id(facet, index).and_then(|id| {
                one(
                    finder::facet_path(facet, id),
                    finder::facet_js(&ix, &self.numbers, facet, id),
                )
            }),
            Job::FinderAny(facet) => one(
                finder::any_path(facet),
                finder::any_js(&ix, &self.numbers, facet),
            ),
            _ => None,
        };
        let ((path, bytes), related) = match file {
            Some(files) => files,
            None => {
                let mut page = match job {
                    Job::Finder(k) => finder::page(&ix, &self.numbers, self.lang, k),
                    Job::Drill => drill::drill(&ix, &self.order, self.lang),
                    _ => job.page(&ix, self.lang, self.report),
                };
                let related = std::mem::take(&mut page.related)
                    .into_iter()
                    .map(|p| render_page(self.theme, p, &self.common))
                    .collect::<Result<Vec<_>, _>>()?;
                (render_page(self.theme, page, &self.common)?, related)
            }
        };
        let reads = owner.zip(ix.into_reads().map(reads::record));
        Ok(PageFile {
            path,
            bytes,
            reads,
            related,
        })
    }
}

/// Where the search index goes in the site.
const SEARCH_FOLDER: &str = "search/";

/// Whether a path of the site is a file of the search index (`search/manifest.js`, `search/t12.js`), not,
/// say, a file a body links to that happens to be in a `search/` folder of the playbook.
fn is_index_file(path: &str) -> bool {
    let Some(stem) = path
        .strip_prefix(SEARCH_FOLDER)
        .and_then(|name| name.strip_suffix(".js"))
    else {
        return false;
    };
    let mut chars = stem.chars();
    stem == "manifest"
        || (chars.next().is_some_and(|c| c.is_ascii_lowercase())
            && !chars.as_str().is_empty()
            && chars.all(|c| c.is_ascii_digit()))
}

/// The files of the search index of `pb` (paths relative to the site root, all under `search/`).
pub fn search_index(pb: &Playbook) -> Vec<(String, Vec<u8>)> {
    use crate::search::docs::{document, sources};
    let sources = sources(pb);
    let url = |kind, id: &str| index::page_url(kind, id);
    // The documents' texts are made a chunk at a time, as the index counts them.
    crate::search::index::build_chunked(sources.len(), |range| {
        sources[range]
            .par_iter()
            .map(|e| document(*e, &url))
            .collect()
    })
    .0
}

/// Renders the whole site of `pb` with `theme`, in memory, keeping what each entry page read for
/// [`rerender`]. `report` is what `check` found (its warnings are shown on the coverage page); the caller
/// refuses to build when it has errors.
pub fn render_site(pb: &Playbook, report: &Report, theme: &Theme) -> Result<Site, RenderError> {
    let files = Mutex::new(Vec::new());
    let put = |path: String, bytes: Vec<u8>| {
        lock(&files).push((path, Arc::new(bytes)));
        Ok::<(), Infallible>(())
    };
    let (_, reads) = render_into(pb, report, theme, put, Keep::Reads).map_err(|e| match e {
        EmitError::Render(e) => e,
        EmitError::Sink(never) => match never {},
    })?;
    let mut files = unpoisoned(files.into_inner());
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Site {
        files,
        reads: reads.map(Arc::new),
    })
}

/// Rendering into a sink failed.
#[derive(Debug, thiserror::Error)]
pub enum EmitError<E> {
    /// A file could not be made.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// The sink refused a file.
    #[error(transparent)]
    Sink(E),
}

/// What [`render_site_to`] made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rendered {
    /// HTML pages.
    pub pages: usize,
    /// Files in all.
    pub files: usize,
}

/// Renders the whole site like [`render_site`], handing each file to `put` as soon as it is made, from
/// several threads at once and in no particular order, so that no more than a few pages are held in
/// memory. The search index is built while the pages render. Stops at the first error (of rendering, of
/// `put`, or two files with one path). Keeps nothing of what the pages read.
pub fn render_site_to<E, P>(
    pb: &Playbook,
    report: &Report,
    theme: &Theme,
    put: P,
) -> Result<Rendered, EmitError<E>>
where
    E: Send,
    P: Fn(String, Vec<u8>) -> Result<(), E> + Sync,
{
    render_into(pb, report, theme, put, Keep::Nothing).map(|(rendered, _)| rendered)
}

/// [`render_site_to`], with what the entry pages read when `keep` says so.
fn render_into<E, P>(
    pb: &Playbook,
    report: &Report,
    theme: &Theme,
    put: P,
    keep: Keep,
) -> Result<(Rendered, Option<Reads>), EmitError<E>>
where
    E: Send,
    P: Fn(String, Vec<u8>) -> Result<(), E> + Sync,
{
    let renderer = Renderer::new(pb, report, theme);
    let jobs = jobs(pb);

    let paths: Mutex<HashSet<String>> = Mutex::new(HashSet::new());
    let emit = |path: String, bytes: Vec<u8>| -> Result<(), EmitError<E>> {
        if !lock(&paths).insert(path.clone()) {
            return Err(RenderError::Collision(path).into());
        }
        put(path, bytes).map_err(EmitError::Sink)
    };
    let kept: Mutex<Vec<KeptReads>> = Mutex::new(Vec::new());
    // The versions shards' digests (`versions/digests.js`, emitted after the shards), taken as each shard
    // is emitted; a shard not rendered counts as empty, as in `rerender`.
    let shards: Mutex<Vec<u32>> =
        Mutex::new(vec![changes::fnv1a32(&[]); changes::version_shards(pb)]);
    let emit = |path: String, bytes: Vec<u8>| -> Result<(), EmitError<E>> {
        if let Some(k) = changes::version_file_shard(&path) {
            let digest = changes::fnv1a32(&bytes);
            if let Some(slot) = lock(&shards).get_mut(k) {
                *slot = digest;
            }
        }
        emit(path, bytes)
    };

    let (pages, index) = rayon::join(
        || {
            jobs.par_iter().try_for_each(|job| {
                let page = renderer.render(*job, keep)?;
                if let Some((node, reads)) = page.reads {
                    let paths = page.related.iter().map(|(p, _)| p.clone()).collect();
                    lock(&kept).push((node, reads, paths));
                }
                for (path, bytes) in page.related {
                    emit(path, bytes)?;
                }
                emit(page.path, page.bytes)
            })
        },
        || {
            search_index(pb)
                .into_par_iter()
                .try_for_each(|(path, bytes)| emit(path, bytes))
        },
    );
    pages?;
    index?;
    let digests = changes::digests_js(lock(&shards).iter().copied());
    emit(changes::DIGESTS_FILE.to_string(), digests)?;
    for (name, bytes) in theme.assets() {
        emit(format!("assets/{name}"), bytes.clone())?;
    }
    let linked_files = renderer.lookups.linked_files();
    let copies: Vec<(String, PathBuf)> = files_under(&pb.root.join("static"))
        .map_err(RenderError::from)?
        .into_iter()
        .map(|(rel, path)| (format!("static/{rel}"), path))
        .chain(
            linked_files
                .iter()
                .map(|rel| (rel.clone(), pb.root.join(rel))),
        )
        .collect();
    copies.into_par_iter().try_for_each(|(rel, path)| {
        let bytes = std::fs::read(&path).map_err(|source| RenderError::Io { path, source })?;
        emit(rel, bytes)
    })?;

    let paths = unpoisoned(paths.into_inner());
    let rendered = Rendered {
        pages: paths.iter().filter(|p| p.ends_with(".html")).count(),
        files: paths.len(),
    };
    let reads = (keep == Keep::Reads).then(|| {
        let mut reads = Reads {
            linked_files: linked_files.clone(),
            ..Reads::default()
        };
        for (owner, r, paths) in unpoisoned(kept.into_inner()) {
            if !paths.is_empty() {
                reads.related.insert(owner.clone(), paths);
            }
            reads.keep(owner, r);
        }
        reads
    });
    Ok((rendered, reads))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_index_is_replaced_in_search() {
        for p in [
            "search/manifest.js",
            "search/t0.js",
            "search/d123.js",
            "search/y7.js",
        ] {
            assert!(is_index_file(p), "{p}");
        }
        for p in [
            "search.html",
            "search/guide.pdf",
            "search/t.js",
            "search/tx1.js",
            "search/a/t1.js",
            "static/search/t1.js",
        ] {
            assert!(!is_index_file(p), "{p}");
        }
    }
}

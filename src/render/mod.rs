//! Rendering: a loaded, checked playbook → the pages and assets of the training site, in memory.
//!
//! Templates use **tera 2** (2.4): it is the maintained rewrite (1.x only gets fixes), compiles templates to
//! a `Send + Sync` bytecode that renders in parallel, sorts map keys when iterating (deterministic output),
//! and needs no dependency beyond serde with its default features off. Its templates differ from 1.x in
//! small ways (components instead of macros, `?.` for optional fields, undefined variables are errors),
//! which only matters to theme authors and is described in `docs/site.md`.
//!
//! [`render_site`] is a plain function: it reads nothing but the playbook's `static/` folder and the files
//! bodies link to, writes nothing, and returns a [`Site`] sorted by path; `output` writes it to disk and a
//! future `serve` can serve it from memory. Pages are rendered in parallel with rayon. No page lists every
//! entry except the overview and the index pages of a kind (the objection finder, the selling-point matrix,
//! the role-play, segment and persona lists).

pub mod i18n;
mod index;
mod lists;
pub mod markdown;
mod pages;
mod quiz;

use std::path::PathBuf;

use rayon::prelude::*;
use serde_json::{json, Value};
use tera::Context;

use crate::check::Report;
use crate::content::{Objection, Persona, Playbook, Roleplay, Segment, SellingPoint, Stage};
use crate::theme::{describe, files_under, Theme, ThemeError};
use i18n::Lang;
use index::SiteIndex;

pub use quiz::script_json;

/// The site, in memory: every file with its path relative to the output folder, sorted by path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Site {
    /// `(relative path, bytes)`, `/`-separated, sorted, unique.
    pub files: Vec<(String, Vec<u8>)>,
}

impl Site {
    /// The file at `path`, if the site has it.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files
            .binary_search_by(|(p, _)| p.as_str().cmp(path))
            .ok()
            .map(|i| self.files[i].1.as_slice())
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
    None,
}

/// A page before templating.
pub(crate) struct Page {
    /// Relative to the site root, not encoded (the file name).
    pub path: String,
    pub template: &'static str,
    pub title: String,
    pub section: Section,
    /// What the template sees as `page`.
    pub data: Value,
}

/// One page to render.
enum Job<'a> {
    Overview,
    Finder,
    Matrix,
    Roleplays,
    Segments,
    Personas,
    Coverage,
    Search,
    NotFound,
    Stage(&'a Stage),
    Objection(&'a Objection),
    Segment(&'a Segment),
    Persona(&'a Persona),
    SellingPoint(&'a SellingPoint),
    Roleplay(&'a Roleplay),
}

const NAV: &[(Section, &str, &str)] = &[
    (Section::Overview, "index.html", "overview"),
    (Section::Objections, "objections/index.html", "objections"),
    (
        Section::SellingPoints,
        "selling-points/index.html",
        "selling_points",
    ),
    (Section::Roleplays, "roleplays/index.html", "roleplays"),
    (Section::Segments, "segments/index.html", "segments"),
    (Section::Personas, "personas/index.html", "personas"),
    (Section::Coverage, "coverage.html", "coverage"),
];

/// Renders the whole site of `pb` with `theme`. `report` is what `check` found (its warnings are shown on
/// the coverage page); the caller refuses to build when it has errors.
pub fn render_site(pb: &Playbook, report: &Report, theme: &Theme) -> Result<Site, RenderError> {
    let ix = SiteIndex::new(pb);
    let lang = Lang::for_tag(&pb.config.language);
    let strings = i18n::strings(lang);
    let site = json!({
        "title": pb.config.title,
        "description": pb.config.description,
        "lang": pb.config.language,
        "ui_lang": if lang == Lang::Zh { "zh" } else { "en" },
        "search_labels": search_labels(&strings),
    });

    let mut jobs = vec![
        Job::Overview,
        Job::Finder,
        Job::Matrix,
        Job::Roleplays,
        Job::Segments,
        Job::Personas,
        Job::Coverage,
        Job::Search,
        Job::NotFound,
    ];
    jobs.extend(pb.stages.iter().map(Job::Stage));
    jobs.extend(pb.objections.iter().map(Job::Objection));
    jobs.extend(pb.segments.iter().map(Job::Segment));
    jobs.extend(pb.personas.iter().map(Job::Persona));
    jobs.extend(pb.selling_points.iter().map(Job::SellingPoint));
    jobs.extend(pb.roleplays.iter().map(Job::Roleplay));

    let rendered: Vec<(String, Vec<u8>)> = jobs
        .par_iter()
        .map(|job| {
            let page = match job {
                Job::Overview => lists::overview(&ix, lang),
                Job::Finder => lists::finder(&ix, lang),
                Job::Matrix => lists::matrix(&ix, lang),
                Job::Roleplays => lists::roleplays(&ix, lang),
                Job::Segments => lists::segments(&ix, lang),
                Job::Personas => lists::personas(&ix, lang),
                Job::Coverage => lists::coverage(&ix, lang, report),
                Job::Search => lists::search(lang),
                Job::NotFound => lists::not_found(lang),
                Job::Stage(e) => pages::stage(&ix, lang, e),
                Job::Objection(e) => pages::objection(&ix, lang, e),
                Job::Segment(e) => pages::segment(&ix, lang, e),
                Job::Persona(e) => pages::persona(&ix, lang, e),
                Job::SellingPoint(e) => pages::selling_point(&ix, lang, e),
                Job::Roleplay(e) => quiz::roleplay(&ix, lang, e),
            };
            render_page(theme, &page, &site, &strings)
        })
        .collect::<Result<_, _>>()?;

    let mut files = rendered;
    let docs = crate::search::documents(pb, |kind, id| index::page_path(kind, id, true));
    files.extend(crate::search::build(&docs).0);
    for (name, bytes) in theme.assets() {
        files.push((format!("assets/{name}"), bytes.clone()));
    }
    for (rel, path) in files_under(&pb.root.join("static"))? {
        let bytes = std::fs::read(&path).map_err(|source| RenderError::Io { path, source })?;
        files.push((format!("static/{rel}"), bytes));
    }
    for rel in &ix.linked_files {
        let path = pb.root.join(rel);
        let bytes = std::fs::read(&path).map_err(|source| RenderError::Io { path, source })?;
        files.push((rel.clone(), bytes));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    if let Some(w) = files.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(RenderError::Collision(w[0].0.clone()));
    }
    Ok(Site { files })
}

/// The labels `search.js` shows: result groups by kind, "no results", "{n} results".
fn search_labels(strings: &std::collections::BTreeMap<&'static str, &'static str>) -> String {
    let get = |k: &str| strings.get(k).copied().unwrap_or_default();
    json!({
        "objection": get("objections"),
        "stage": get("stages"),
        "selling-point": get("selling_points"),
        "roleplay": get("roleplays"),
        "segment": get("segments"),
        "persona": get("personas"),
        "none": get("search_none"),
        "found": get("search_found"),
    })
    .to_string()
}

fn render_page(
    theme: &Theme,
    page: &Page,
    site: &Value,
    strings: &std::collections::BTreeMap<&'static str, &'static str>,
) -> Result<(String, Vec<u8>), RenderError> {
    let root = pages::root_of(&page.path);
    let nav: Vec<Value> = NAV
        .iter()
        .map(|(section, path, key)| {
            json!({
                "url": format!("{root}{path}"),
                "label": strings.get(key).copied().unwrap_or(key),
                "current": *section == page.section,
                "here": page.path == *path,
            })
        })
        .collect();
    let mut cx = Context::new();
    cx.insert("site", site);
    cx.insert("t", strings);
    cx.insert("root", &root);
    cx.insert("nav", &nav);
    cx.insert("page_title", &page.title);
    cx.insert("page_kind", page.template.trim_end_matches(".html"));
    cx.insert("page", &page.data);
    let html = theme
        .render(page.template, &cx)
        .map_err(|e| RenderError::Template {
            page: page.path.clone(),
            template: page.template.to_string(),
            message: describe(&e),
        })?;
    Ok((page.path.clone(), html.into_bytes()))
}

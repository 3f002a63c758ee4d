//! `playbook export scorm`: one SCORM 1.2 package per role-play (`roleplay-<id>.zip`) and per learning path
//! (`path-<id>.zip`), for a company LMS. docs/lms.md is the user's side of this.
//!
//! A package is made from the rendered site, in memory: its launch pages (the SCOs), the entry pages they
//! link to (one level: the persona, the stage, the objections a role-play drills), every file under
//! `assets/`, and the other files those pages use (images). Links to pages outside the package are made inert
//! ([`super::links::confine`]). Each launch page loads `assets/scorm.js`, which talks to the LMS, and opens
//! its links to the package's other pages in a new window ([`super::links::open_apart`]): leaving the launch
//! page would end its LMS session. Nothing else changes, so a package shows what the site shows.
//!
//! A role-play package holds one SCO. A path package is a multi-SCO organisation: first the path page (it
//! reports `completed` once every step is done), then each of its role-plays (`passed`/`failed` against
//! their pass score, the manifest's `adlcp:masteryscore`), so that the LMS records every role-play's score.

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

use super::links::{confine, open_apart, references};
use super::manifest::{self, Manifest, Sco};
use super::zipfile::zip;
use crate::content::{Kind, Playbook};
use crate::pipeline::BuildError;
use crate::render::Site;

/// The script a launch page loads in a package (the theme's `scorm.js`).
pub const SCRIPT: &str = "assets/scorm.js";

/// Why the packages could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The site could not be rendered.
    #[error(transparent)]
    Build(#[from] BuildError),
    /// The rendered site lacks a file a package needs (a theme without `scorm.js` or without a page).
    #[error(
        "the rendered site has no `{0}`, which a SCORM package needs (does the theme provide it?)"
    )]
    Missing(String),
    /// A zip could not be made.
    #[error("cannot make `{name}`: {source}")]
    Zip {
        /// The package's file name.
        name: String,
        /// Why.
        #[source]
        source: zip::result::ZipError,
    },
    /// The output folder or a package could not be written.
    #[error("cannot write `{}`: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
}

impl ExportError {
    /// The exit status it deserves: `2` for I/O, `1` for a theme or template problem.
    pub fn exit_status(&self) -> u8 {
        match self {
            ExportError::Build(e) => e.exit_status(),
            ExportError::Missing(_) => 1,
            ExportError::Zip { .. } | ExportError::Io { .. } => 2,
        }
    }
}

/// A package: its file name (`roleplay-<id>.zip`, `path-<id>.zip`) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// The file name.
    pub name: String,
    /// The zip.
    pub bytes: Vec<u8>,
}

/// Every package of the playbook, made from its rendered `site`: role-plays, then paths, each by id.
pub fn packages(pb: &Playbook, site: &Site) -> Result<Vec<Package>, ExportError> {
    let mut out = Vec::new();
    let mut roleplays: Vec<_> = pb.roleplays.iter().collect();
    roleplays.sort_by(|a, b| a.meta.id.cmp(&b.meta.id));
    for r in roleplays {
        let launch = page_file(Kind::Roleplay, &r.meta.id);
        let scos = vec![Sco {
            title: &r.title,
            launch: &launch,
            mastery: Some(r.pass_score),
        }];
        let id = manifest::identifier("playbook-roleplay-", &r.meta.id);
        out.push(package(
            site,
            format!("roleplay-{}.zip", r.meta.id),
            &id,
            &r.title,
            scos,
        )?);
    }
    let mut paths: Vec<_> = pb.paths.iter().collect();
    paths.sort_by(|a, b| a.meta.id.cmp(&b.meta.id));
    for p in paths {
        let launch = page_file(Kind::Path, &p.meta.id);
        // The path's role-plays, in the order of its steps, each once.
        let mut ids: Vec<&str> = Vec::new();
        for step in &p.steps {
            for (kind, refs) in &step.study {
                if *kind == Kind::Roleplay {
                    for r in refs {
                        if !ids.contains(&r.id.as_str()) {
                            ids.push(&r.id);
                        }
                    }
                }
            }
        }
        let launches: Vec<(String, &str, u8)> = ids
            .iter()
            .filter_map(|id| pb.roleplays.iter().find(|r| r.meta.id == *id))
            .map(|r| {
                (
                    page_file(Kind::Roleplay, &r.meta.id),
                    r.title.as_str(),
                    r.pass_score,
                )
            })
            .collect();
        let mut scos = vec![Sco {
            title: &p.title,
            launch: &launch,
            mastery: None,
        }];
        scos.extend(launches.iter().map(|(launch, title, pass)| Sco {
            title,
            launch,
            mastery: Some(*pass),
        }));
        let id = manifest::identifier("playbook-path-", &p.meta.id);
        out.push(package(
            site,
            format!("path-{}.zip", p.meta.id),
            &id,
            &p.title,
            scos,
        )?);
    }
    Ok(out)
}

/// The page file of an entry (the renderer's layout: `<kind folder>/<id>.html`).
fn page_file(kind: Kind, id: &str) -> String {
    format!("{}/{}.html", kind.folder(), id)
}

/// Whether a site path is an entry's page (not a list, the overview or the search).
fn is_entry_page(path: &str) -> bool {
    match path.split_once('/') {
        Some((folder, name)) => {
            Kind::from_folder(folder).is_some()
                && name.ends_with(".html")
                && name != "index.html"
                && !name.contains('/')
        }
        None => false,
    }
}

fn text<'a>(site: &'a Site, path: &str) -> Result<&'a str, ExportError> {
    let bytes = site
        .get(path)
        .ok_or_else(|| ExportError::Missing(path.to_string()))?;
    std::str::from_utf8(bytes).map_err(|_| ExportError::Missing(path.to_string()))
}

/// One package of `scos`.
fn package(
    site: &Site,
    name: String,
    identifier: &str,
    title: &str,
    scos: Vec<Sco<'_>>,
) -> Result<Package, ExportError> {
    if site.get(SCRIPT).is_none() {
        return Err(ExportError::Missing(SCRIPT.to_string()));
    }
    let launches: BTreeSet<&str> = scos.iter().map(|s| s.launch).collect();
    let mut members: BTreeSet<String> = site
        .files
        .iter()
        .map(|(p, _)| p)
        .filter(|p| p.starts_with("assets/"))
        .cloned()
        .collect();
    let mut pages: Vec<String> = Vec::new();
    for launch in &launches {
        members.insert(launch.to_string());
        pages.push(launch.to_string());
        for r in references(launch, text(site, launch)?) {
            if is_entry_page(&r) && site.get(&r).is_some() && members.insert(r.clone()) {
                pages.push(r);
            }
        }
    }
    // The files the pages use that are not pages (images, linked files), when the site has them.
    for page in &pages {
        for r in references(page, text(site, page)?) {
            if !r.ends_with(".html") && site.get(&r).is_some() {
                members.insert(r);
            }
        }
    }
    let mut files: Vec<(String, Vec<u8>)> = Vec::with_capacity(members.len() + 1);
    for path in &members {
        let bytes = site
            .get(path)
            .ok_or_else(|| ExportError::Missing(path.clone()))?;
        if path.ends_with(".html") {
            let html =
                std::str::from_utf8(bytes).map_err(|_| ExportError::Missing(path.clone()))?;
            let mut html = confine(path, html, |p| members.contains(p));
            if launches.contains(path.as_str()) {
                html = open_apart(path, &html, |p| members.contains(p));
                html = with_script(path, &html);
            }
            files.push((path.clone(), html.into_bytes()));
        } else {
            files.push((path.clone(), bytes.to_vec()));
        }
    }
    let manifest = manifest::write(&Manifest {
        identifier,
        title,
        scos,
        files: members.iter().map(String::as_str).collect(),
    });
    files.push(("imsmanifest.xml".to_string(), manifest.into_bytes()));
    let entries: Vec<(String, &[u8])> = files
        .iter()
        .map(|(p, b)| (p.clone(), b.as_slice()))
        .collect();
    let bytes = zip(&entries).map_err(|source| ExportError::Zip {
        name: name.clone(),
        source,
    })?;
    Ok(Package { name, bytes })
}

/// The launch page with `scorm.js` loaded at the end of its `<head>`: before the page's own scripts, so that
/// it hears the events they send from the start (`playbook:path` as soon as the path page has read the
/// learner's progress).
fn with_script(path: &str, html: &str) -> String {
    let root = "../".repeat(path.matches('/').count());
    let tag = format!("<script src=\"{root}{SCRIPT}\"></script>\n");
    match html.find("</head>") {
        Some(at) => format!("{}{tag}{}", &html[..at], &html[at..]),
        None => format!("{tag}{html}"),
    }
}

/// Writes every package into `out` (created if missing). Each package is written to a temporary file
/// beside it and renamed, so that an interrupted export never leaves a half-written zip under a package's
/// name; files of `out` that are not packages of this playbook are left alone.
pub fn write(packages: &[Package], out: &Path) -> Result<(), ExportError> {
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| ExportError::Io { path, source }
    };
    std::fs::create_dir_all(out).map_err(io_err(out))?;
    for p in packages {
        let dest = out.join(&p.name);
        let tmp = out.join(format!(".{}.tmp", p.name));
        std::fs::write(&tmp, &p.bytes).map_err(io_err(&tmp))?;
        std::fs::rename(&tmp, &dest).map_err(io_err(&dest))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_pages_are_told_from_lists_and_other_pages() {
        assert!(is_entry_page("objections/price.html"));
        assert!(!is_entry_page("objections/index.html"));
        assert!(!is_entry_page("search.html"));
        assert!(!is_entry_page("assets/style.css"));
        assert!(!is_entry_page("motions/x/y.html"));
    }

    #[test]
    fn the_script_is_loaded_relative_to_the_page() {
        let html = with_script(
            "roleplays/a.html",
            "<html><head><title>t</title></head></html>",
        );
        assert!(
            html.contains("<script src=\"../assets/scorm.js\"></script>\n</head>"),
            "{html}"
        );
    }
}

//! Ids, references between entries, and links in Markdown bodies.

use std::borrow::Cow;
use std::collections::HashMap;

use rayon::prelude::*;

use crate::content::{
    nfc, resolve_link, Entry, Kind, Leads, LinkTarget, Markdown, Meta, Playbook, RealRoot,
    Reference, SourceFile, Target,
};
use crate::diagnostic::{did_you_mean, Code, Diagnostic};

pub(super) fn check(pb: &Playbook, texts: &[(&str, &Markdown)], out: &mut Vec<Diagnostic>) {
    for kind in Kind::ALL {
        duplicate_ids(&pb.metas(kind), kind, out);
    }
    let graph = pb.graph();
    let motions: Vec<&str> = pb.config.motions.iter().map(|m| m.id.as_str()).collect();
    for e in pb.entries() {
        for r in e.refs() {
            match r.target {
                Target::Entry(kind) if !graph.contains(kind, r.id) => {
                    out.push(unknown_entry(pb, e.meta(), &r, kind))
                }
                Target::Motion if !motions.contains(&r.id) => {
                    out.push(unknown_motion(e, &r, &motions))
                }
                _ => {}
            }
        }
    }
    let targets = LinkTargets {
        files: pb.files.iter().map(|f| (nfc(&f.path), f)).collect(),
        real_root: RealRoot::of(&pb.root),
    };
    let broken: Vec<Diagnostic> = texts
        .par_iter()
        .flat_map_iter(|(file, md)| broken_links(pb, &targets, file, md))
        .collect();
    out.extend(broken);
}

/// A reference to an id no entry of `kind` has.
fn unknown_entry(pb: &Playbook, from: &Meta, r: &Reference<'_>, kind: Kind) -> Diagnostic {
    let mut d = Diagnostic::new(
        Code::UnknownReference,
        &from.file,
        Some(r.pos),
        format!("no {} has the id `{}`", kind.name(), r.id),
    )
    .with_label(format!("unknown {}", kind.name()));
    let metas = pb.metas(kind);
    if let Some(s) = did_you_mean(r.id, metas.iter().map(|m| m.id.as_str())) {
        d = d.with_note(format!("did you mean `{s}`?"));
    } else if metas.is_empty() {
        d = d.with_note(format!(
            "there are no {} in `content/{}/`",
            kind.plural(),
            kind.folder()
        ));
    }
    d
}

/// A reference to a motion `playbook.yaml` does not declare.
fn unknown_motion(e: Entry<'_>, r: &Reference<'_>, motions: &[&str]) -> Diagnostic {
    let d = Diagnostic::new(
        Code::UnknownReference,
        &e.meta().file,
        Some(r.pos),
        format!(
            "{} `{}` names motion `{}`, which `playbook.yaml` does not declare",
            e.kind().name(),
            e.id(),
            r.id
        ),
    )
    .with_label("unknown motion");
    match did_you_mean(r.id, motions.iter().copied()) {
        Some(s) => d.with_note(format!("did you mean `{s}`?")),
        None => d.with_note(format!("the motions are: {}", motions.join(", "))),
    }
}

fn duplicate_ids(metas: &[&Meta], kind: Kind, out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<&str, &Meta> = HashMap::new();
    let mut folded: HashMap<String, &Meta> = HashMap::new();
    for m in metas {
        if m.id.is_empty() {
            continue;
        }
        if !first.contains_key(m.id.as_str()) {
            match folded.get(&m.id.to_lowercase()) {
                Some(prev) => out.push(
                    Diagnostic::new(
                        Code::CaseCollision,
                        &m.file,
                        Some(m.pos),
                        format!(
                            "{} `{}` and `{}` differ only in case: their pages collide on macOS and Windows",
                            kind.plural(),
                            prev.id,
                            m.id
                        ),
                    )
                    .with_label("id differing only in case")
                    .with_related(&prev.file, prev.pos, "the other entry"),
                ),
                None => {
                    folded.insert(m.id.to_lowercase(), m);
                }
            }
        }
        if let Some(prev) = first.get(m.id.as_str()) {
            let mut d = Diagnostic::new(
                Code::DuplicateId,
                &m.file,
                Some(m.pos),
                format!("two {} have the id `{}`", kind.plural(), m.id),
            )
            .with_label("second entry with this id")
            .with_related(&prev.file, prev.pos, "first entry with this id");
            if m.file != prev.file && nfc(&m.file) == nfc(&prev.file) {
                d = d.with_note(format!(
                    "the file names `{}` and `{}` are one name in two Unicode normalization forms \
                     (NFC and NFD), and ids are compared in NFC: delete or rename one file",
                    escape_non_ascii(file_name(&prev.file)),
                    escape_non_ascii(file_name(&m.file)),
                ));
            }
            out.push(d);
        } else {
            first.insert(&m.id, m);
        }
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// `s` with every non-ASCII character written as `\u{…}`, to show spellings that look the same apart.
fn escape_non_ascii(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                format!("\\u{{{:x}}}", c as u32)
            }
        })
        .collect()
}

/// Every Markdown text of the playbook, with its file.
pub(super) fn markdown_texts(pb: &Playbook) -> Vec<(&str, &Markdown)> {
    pb.entries()
        .flat_map(|e| {
            let file = e.meta().file.as_str();
            e.texts().into_iter().map(move |t| (file, t.markdown))
        })
        .collect()
}

/// What a link to a file may lead to.
struct LinkTargets<'a> {
    /// The files read. Looked up for every link: by hash, not by a binary search over long, similar
    /// paths. Keyed by the path in NFC, so that a link names a file whichever normalization form its name
    /// and the link use.
    files: rustc_hash::FxHashMap<Cow<'a, str>, &'a SourceFile>,
    /// For files that were not read (an image, a PDF): whether they exist inside the playbook.
    real_root: RealRoot,
}

fn broken_links(
    pb: &Playbook,
    targets: &LinkTargets<'_>,
    file: &str,
    md: &Markdown,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for link in &md.links {
        let problem = match resolve_link(file, &link.dest) {
            LinkTarget::NotLocal => None,
            LinkTarget::OutsideRoot => Some("the link leads outside the playbook".to_string()),
            LinkTarget::File { path, fragment } => match targets.files.get(nfc(&path).as_ref()) {
                Some(target) => match fragment {
                    Some(id)
                        if !target.multi_ids.is_empty()
                            && !target.multi_ids.iter().any(|i| *i == nfc(&id)) =>
                    {
                        Some(format!("`{path}` holds no entry with the id `{id}`"))
                    }
                    _ => None,
                },
                None => match targets.real_root.leads(&pb.root.join(&path)) {
                    Leads::Nowhere => Some(format!("`{path}` does not exist")),
                    Leads::Outside => Some(format!(
                        "`{path}` is a symbolic link that leads outside the playbook"
                    )),
                    Leads::Inside => None,
                },
            },
        };
        if let Some(message) = problem {
            out.push(
                Diagnostic::new(
                    Code::BrokenLink,
                    file,
                    Some(link.pos),
                    format!("broken link `{}`: {message}", link.dest),
                )
                .with_label("broken link")
                .with_note("link to other entries by the relative path of their file, e.g. `../objections/price.md`"),
            );
        }
    }
    out
}

//! Ids, references between entries, and links in Markdown bodies.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::content::{
    nfc, resolve_link, Kind, LinkTarget, Markdown, Meta, Playbook, QuestionAnswer, Ref, SourceFile,
};
use crate::diagnostic::{did_you_mean, Code, Diagnostic};

pub(super) fn check(pb: &Playbook, out: &mut Vec<Diagnostic>) {
    let ids: HashMap<Kind, HashSet<&str>> = Kind::ALL
        .iter()
        .map(|&k| (k, pb.metas(k).into_iter().map(|m| m.id.as_str()).collect()))
        .collect();
    for kind in Kind::ALL {
        duplicate_ids(&pb.metas(kind), kind, out);
    }
    let refs = Refs { pb, ids: &ids };
    for e in &pb.selling_points {
        refs.all(&e.meta, &e.segments, Kind::Segment, out);
    }
    let motions: Vec<&str> = pb.config.motions.iter().map(|m| m.id.as_str()).collect();
    for e in &pb.stages {
        refs.all(&e.meta, &e.personas, Kind::Persona, out);
        if let Some(pos) = e.motion_pos {
            if !motions.contains(&e.motion.as_str()) {
                let mut d = Diagnostic::new(
                    Code::UnknownReference,
                    &e.meta.file,
                    Some(pos),
                    format!(
                        "stage `{}` names motion `{}`, which `playbook.yaml` does not declare",
                        e.meta.id, e.motion
                    ),
                )
                .with_label("unknown motion");
                d = match did_you_mean(&e.motion, motions.iter().copied()) {
                    Some(s) => d.with_note(format!("did you mean `{s}`?")),
                    None => d.with_note(format!("the motions are: {}", motions.join(", "))),
                };
                out.push(d);
            }
        }
    }
    for e in &pb.objections {
        refs.all(&e.meta, &e.stages, Kind::Stage, out);
        refs.all(&e.meta, &e.segments, Kind::Segment, out);
        refs.all(&e.meta, &e.personas, Kind::Persona, out);
    }
    for e in &pb.roleplays {
        refs.one(&e.meta, e.persona.as_ref(), Kind::Persona, out);
        refs.one(&e.meta, e.segment.as_ref(), Kind::Segment, out);
        refs.one(&e.meta, e.stage.as_ref(), Kind::Stage, out);
        for q in &e.questions {
            refs.one(&e.meta, q.objection.as_ref(), Kind::Objection, out);
        }
    }
    let texts = markdown_texts(pb);
    // Looked up for every link: by hash, not by a binary search over long, similar paths. Keyed by the
    // path in NFC, so that a link names a file whichever normalization form its name and the link use.
    let files: rustc_hash::FxHashMap<Cow<'_, str>, &SourceFile> =
        pb.files.iter().map(|f| (nfc(&f.path), f)).collect();
    let broken: Vec<Diagnostic> = texts
        .par_iter()
        .flat_map_iter(|(file, md)| broken_links(pb, &files, file, md))
        .collect();
    out.extend(broken);
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

struct Refs<'a> {
    pb: &'a Playbook,
    ids: &'a HashMap<Kind, HashSet<&'a str>>,
}

impl Refs<'_> {
    fn all(&self, from: &Meta, refs: &[Ref], kind: Kind, out: &mut Vec<Diagnostic>) {
        for r in refs {
            self.one(from, Some(r), kind, out);
        }
    }

    fn one(&self, from: &Meta, r: Option<&Ref>, kind: Kind, out: &mut Vec<Diagnostic>) {
        let Some(r) = r else { return };
        let known = &self.ids[&kind];
        if known.contains(r.id.as_str()) {
            return;
        }
        let mut d = Diagnostic::new(
            Code::UnknownReference,
            &from.file,
            Some(r.pos),
            format!("no {} has the id `{}`", kind.name(), r.id),
        )
        .with_label(format!("unknown {}", kind.name()));
        let metas = self.pb.metas(kind);
        if let Some(s) = did_you_mean(&r.id, metas.iter().map(|m| m.id.as_str())) {
            d = d.with_note(format!("did you mean `{s}`?"));
        } else if metas.is_empty() {
            d = d.with_note(format!(
                "there are no {} in `content/{}/`",
                kind.plural(),
                kind.folder()
            ));
        }
        out.push(d);
    }
}

/// Every Markdown text of the playbook with its file.
/// Every Markdown text of the playbook, with its file.
pub(super) fn markdown_texts(pb: &Playbook) -> Vec<(&str, &Markdown)> {
    let mut texts: Vec<(&str, &Markdown)> = Vec::new();
    fn push<'a>(
        texts: &mut Vec<(&'a str, &'a Markdown)>,
        meta: &'a Meta,
        md: &[Option<&'a Markdown>],
    ) {
        for m in md.iter().flatten() {
            texts.push((meta.file.as_str(), m));
        }
    }
    for e in &pb.segments {
        push(&mut texts, &e.meta, &[Some(&e.body)]);
    }
    for e in &pb.personas {
        push(&mut texts, &e.meta, &[Some(&e.body)]);
    }
    for e in &pb.selling_points {
        push(&mut texts, &e.meta, &[Some(&e.body)]);
    }
    for e in &pb.stages {
        push(&mut texts, &e.meta, &[Some(&e.body)]);
    }
    for e in &pb.objections {
        push(&mut texts, &e.meta, &[Some(&e.answer)]);
    }
    for e in &pb.roleplays {
        push(&mut texts, &e.meta, &[Some(&e.body), e.scenario.as_ref()]);
        for q in &e.questions {
            push(
                &mut texts,
                &e.meta,
                &[Some(&q.prompt), q.explanation.as_ref()],
            );
            match &q.answer {
                QuestionAnswer::Choices(choices) => {
                    for c in choices {
                        push(&mut texts, &e.meta, &[c.feedback.as_ref()]);
                    }
                }
                QuestionAnswer::FreeText { model_answer, .. } => {
                    push(&mut texts, &e.meta, &[Some(model_answer)])
                }
            }
        }
    }
    texts
}

fn inside_root(pb: &Playbook, real: &std::path::Path) -> bool {
    std::fs::canonicalize(&pb.root).is_ok_and(|root| real.starts_with(root))
}

fn broken_links(
    pb: &Playbook,
    files: &rustc_hash::FxHashMap<Cow<'_, str>, &SourceFile>,
    file: &str,
    md: &Markdown,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for link in &md.links {
        let problem = match resolve_link(file, &link.dest) {
            LinkTarget::NotLocal => None,
            LinkTarget::OutsideRoot => Some("the link leads outside the playbook".to_string()),
            LinkTarget::File { path, fragment } => match files.get(nfc(&path).as_ref()) {
                Some(target) => match fragment {
                    Some(id)
                        if !target.multi_ids.is_empty()
                            && !target.multi_ids.iter().any(|i| *i == nfc(&id)) =>
                    {
                        Some(format!("`{path}` holds no entry with the id `{id}`"))
                    }
                    _ => None,
                },
                None => match std::fs::canonicalize(pb.root.join(&path)) {
                    Err(_) => Some(format!("`{path}` does not exist")),
                    Ok(real) if !inside_root(pb, &real) => Some(format!(
                        "`{path}` is a symbolic link that leads outside the playbook"
                    )),
                    Ok(_) => None,
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

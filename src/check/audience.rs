//! `internal-reference`: what a public entry names in its fields or links to from its Markdown must be
//! public too, or a public site would carry a dead link, a question without its objection, or words of
//! an entry it leaves out. Run on the whole playbook, before it is cut down to what the audience sees.

use crate::content::{Audience, Entry, LinkEnd, Node, Playbook, Target};
use crate::diagnostic::{Code, Diagnostic};
use crate::yaml::Pos;

/// Every reference (by field) and link (in a Markdown text) from an entry `audience` sees to an entry it
/// does not, at the reference's position.
pub(super) fn check(pb: &Playbook, audience: Audience, out: &mut Vec<Diagnostic>) {
    let graph = pb.graph();
    let hidden = |node: Node| {
        pb.entry(node)
            .filter(|to| !audience.sees(pb.visibility(to.meta())))
    };
    for e in pb
        .entries()
        .filter(|e| audience.sees(pb.visibility(e.meta())))
    {
        for r in e.refs() {
            let Target::Entry(kind) = r.target else {
                continue;
            };
            if let Some(to) = graph.node(kind, r.id).and_then(hidden) {
                out.push(diagnostic(pb, e, r.pos, to, &format!("`{}`", r.field)));
            }
        }
        for t in e.texts() {
            for link in &t.markdown.links {
                if let LinkEnd::Entry(node) = graph.resolve(pb, &e.meta().file, &link.dest) {
                    if let Some(to) = hidden(node) {
                        out.push(diagnostic(pb, e, link.pos, to, "a link"));
                    }
                }
            }
        }
    }
}

fn diagnostic(pb: &Playbook, from: Entry<'_>, pos: Pos, to: Entry<'_>, how: &str) -> Diagnostic {
    let to_meta = to.meta();
    let why = if to_meta.visibility.is_some() {
        "it is marked `visibility: internal`".to_string()
    } else {
        format!(
            "it has no `visibility`, and `playbook.yaml`'s default is `{}`",
            match pb.config.visibility {
                crate::content::Visibility::Public => "public",
                crate::content::Visibility::Internal => "internal",
            }
        )
    };
    Diagnostic::new(
        Code::InternalReference,
        &from.meta().file,
        Some(pos),
        format!(
            "public {} `{}` names internal {} `{}` in {how}: a public site leaves it out",
            from.kind().name(),
            from.id(),
            to.kind().name(),
            to.id()
        ),
    )
    .with_label(format!("internal {}", to.kind().name()))
    .with_related(&to_meta.file, to_meta.pos, format!("internal: {why}"))
    .with_note(format!(
        "make the {} public (`visibility: public`), or remove the reference",
        to.kind().name()
    ))
}

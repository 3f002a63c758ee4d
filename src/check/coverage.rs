//! Stage orders and the completeness warnings: untargeted segments, stages without objections,
//! unused personas, overdue reviews.

use std::collections::HashMap;

use crate::content::{Date, Graph, Kind, Playbook, Stage, Via};
use crate::diagnostic::{Code, Diagnostic};

pub(super) fn check(pb: &Playbook, today: Date, out: &mut Vec<Diagnostic>) {
    duplicate_orders(&pb.stages, out);

    let graph = pb.graph();
    for s in &pb.segments {
        if !referenced(
            graph,
            (Kind::Segment, &s.meta.id),
            (Kind::SellingPoint, "segments"),
        ) {
            out.push(
                Diagnostic::new(
                    Code::UntargetedSegment,
                    &s.meta.file,
                    Some(s.meta.pos),
                    format!("no selling point targets segment `{}`", s.meta.id),
                )
                .with_label("segment without selling points")
                .with_note(format!(
                    "add `segments: [{}]` to a selling point",
                    s.meta.id
                )),
            );
        }
    }

    for s in &pb.stages {
        if !referenced(
            graph,
            (Kind::Stage, &s.meta.id),
            (Kind::Objection, "stages"),
        ) {
            out.push(
                Diagnostic::new(
                    Code::StageWithoutObjections,
                    &s.meta.file,
                    Some(s.meta.pos),
                    format!("no objection is linked to stage `{}`", s.meta.id),
                )
                .with_label("stage without objections")
                .with_note(format!(
                    "add `stages: [{}]` to the objections met at this stage",
                    s.meta.id
                )),
            );
        }
    }

    for p in &pb.personas {
        let by_anyone = graph.node(Kind::Persona, &p.meta.id).is_some_and(|n| {
            graph
                .backlinks(n)
                .iter()
                .any(|b| matches!(b.via, Via::Field(_)))
        });
        if !by_anyone {
            out.push(
                Diagnostic::new(
                    Code::UnusedPersona,
                    &p.meta.file,
                    Some(p.meta.pos),
                    format!(
                        "no stage, objection or role-play references persona `{}`",
                        p.meta.id
                    ),
                )
                .with_label("persona nobody references"),
            );
        }
    }

    // With learning paths, a role-play that no path includes is practised by nobody who follows one.
    if !pb.paths.is_empty() {
        for r in &pb.roleplays {
            if !referenced(
                graph,
                (Kind::Roleplay, &r.meta.id),
                (Kind::Path, "steps.roleplays"),
            ) {
                out.push(
                    Diagnostic::new(
                        Code::RoleplayNotInPath,
                        &r.meta.file,
                        Some(r.meta.pos),
                        format!("no learning path includes role-play `{}`", r.meta.id),
                    )
                    .with_label("role-play in no path")
                    .with_note(format!(
                        "add `roleplays: [{}]` to a step of a learning path",
                        r.meta.id
                    )),
                );
            }
        }
    }

    for kind in Kind::ALL {
        for m in pb.metas(kind) {
            if let Some((date, pos)) = m.review_by {
                if date < today {
                    out.push(
                        Diagnostic::new(
                            Code::ReviewOverdue,
                            &m.file,
                            Some(pos),
                            format!("{} `{}` was due for review on {date}", kind.name(), m.id),
                        )
                        .with_label("review date passed")
                        .with_note("review the entry, then move `review_by` forward"),
                    );
                }
            }
        }
    }
}

/// Whether an entry of the kind `from.0` names the entry `to` in its field `from.1`.
fn referenced(graph: &Graph, to: (Kind, &str), from: (Kind, &'static str)) -> bool {
    graph.node(to.0, to.1).is_some_and(|n| {
        graph
            .backlinks(n)
            .iter()
            .any(|b| b.node.kind == from.0 && b.via == Via::Field(from.1))
    })
}

fn duplicate_orders(stages: &[Stage], out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<(&str, i64), &Stage> = HashMap::new();
    for s in stages {
        let Some(order) = s.order.filter(|_| !s.motion.is_empty()) else {
            continue;
        };
        match seen.get(&(s.motion.as_str(), order)) {
            Some(first) => out.push(
                Diagnostic::new(
                    Code::DuplicateOrder,
                    &s.meta.file,
                    Some(s.order_pos),
                    format!(
                        "stages `{}` and `{}` both have order {} in motion `{}`",
                        first.meta.id, s.meta.id, order, s.motion
                    ),
                )
                .with_label("same order as another stage")
                .with_related(
                    &first.meta.file,
                    first.order_pos,
                    "the other stage's order",
                ),
            ),
            None => {
                seen.insert((s.motion.as_str(), order), s);
            }
        }
    }
}

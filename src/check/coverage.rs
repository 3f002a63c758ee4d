//! Stage orders and the completeness warnings: untargeted segments, stages without objections,
//! unused personas, overdue reviews.

use std::collections::{HashMap, HashSet};

use crate::content::{Date, Kind, Playbook, Stage};
use crate::diagnostic::{Code, Diagnostic};

pub(super) fn check(pb: &Playbook, today: Date, out: &mut Vec<Diagnostic>) {
    duplicate_orders(&pb.stages, out);

    let targeted: HashSet<&str> = pb
        .selling_points
        .iter()
        .flat_map(|s| s.segments.iter().map(|r| r.id.as_str()))
        .collect();
    for s in &pb.segments {
        if !targeted.contains(s.meta.id.as_str()) {
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

    let covered: HashSet<&str> = pb
        .objections
        .iter()
        .flat_map(|o| o.stages.iter().map(|r| r.id.as_str()))
        .collect();
    for s in &pb.stages {
        if !covered.contains(s.meta.id.as_str()) {
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

    let mut referenced: HashSet<&str> = HashSet::new();
    referenced.extend(
        pb.stages
            .iter()
            .flat_map(|s| s.personas.iter().map(|r| r.id.as_str())),
    );
    referenced.extend(
        pb.objections
            .iter()
            .flat_map(|o| o.personas.iter().map(|r| r.id.as_str())),
    );
    referenced.extend(
        pb.roleplays
            .iter()
            .filter_map(|r| r.persona.as_ref().map(|p| p.id.as_str())),
    );
    for p in &pb.personas {
        if !referenced.contains(p.meta.id.as_str()) {
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

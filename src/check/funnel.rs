//! The funnel rules: no `conversion` on a motion's last stage (nothing comes after it), and a warning when
//! only some of the stages before the last have one (the numbers cannot be worked back past a gap).

use crate::content::{Playbook, CONFIG_FILE};
use crate::diagnostic::{Code, Diagnostic};
use crate::funnel::stages_of;

pub(super) fn check(pb: &Playbook, out: &mut Vec<Diagnostic>) {
    for motion in &pb.config.motions {
        let stages = stages_of(pb, &motion.id);
        let Some((last, before)) = stages.split_last() else {
            continue;
        };
        if let Some((_, pos)) = last.conversion {
            out.push(
                Diagnostic::new(
                    Code::ConversionOnLastStage,
                    &last.meta.file,
                    Some(pos),
                    format!(
                        "`{}` is the last stage of motion `{}`: it has no next stage to convert to",
                        last.meta.id, motion.id
                    ),
                )
                .with_label("remove `conversion` here")
                .with_note("a won deal is the end of the funnel; give `conversion` to the stages before it"),
            );
        }
        let without: Vec<_> = before.iter().filter(|s| s.conversion.is_none()).collect();
        if !without.is_empty() && without.len() < before.len() {
            let ids: Vec<String> = without.iter().map(|s| format!("`{}`", s.meta.id)).collect();
            let first = without[0];
            out.push(
                Diagnostic::new(
                    Code::IncompleteFunnel,
                    &first.meta.file,
                    Some(first.meta.pos),
                    format!(
                        "motion `{}` has `conversion` on some stages but not on {}",
                        motion.id,
                        ids.join(", ")
                    ),
                )
                .with_label("no `conversion` on this stage")
                .with_note("the opportunities each stage needs cannot be worked back past a stage without it"),
            );
        }
    }
    // `motions/<id>-review.html` is the review sheet of motion `<id>`: no motion may have that page's name.
    for m in &pb.config.motions {
        let Some(base) = m.id.strip_suffix("-review") else {
            continue;
        };
        if let Some(other) = pb.config.motions.iter().find(|o| o.id == base) {
            out.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    CONFIG_FILE,
                    Some(m.pos),
                    format!(
                        "motion `{}` would have the page of the review sheet of motion `{}`",
                        m.id, other.id
                    ),
                )
                .with_label("rename this motion")
                .with_related(
                    CONFIG_FILE,
                    other.pos,
                    "its review sheet is `motions/<id>-review.html`",
                ),
            );
        }
    }
}

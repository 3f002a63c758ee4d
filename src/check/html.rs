//! `unsafe-html`: where the HTML policy ([`crate::sanitize`]) removes something from a Markdown text, so that
//! the author sees at which line the site will differ from what they wrote. Nothing is reported when the
//! playbook trusts its authors (`markdown: {raw_html: trusted}`).
//!
//! A text is rendered as the site renders it (pulldown-cmark, reserved heading ids renamed) and compared with
//! what the policy keeps; only texts whose parsed Markdown may hold something outside the policy are
//! rendered at all. The lines are found by rendering growing heads of the text: the first `k` lines of a
//! text lose as much as the whole text does up to that line, so a bisection finds each line where the
//! count of removals grows.

use std::path::Path;

use pulldown_cmark::{html, CowStr, Event, Parser, Tag, TagEnd};
use rayon::prelude::*;

use crate::content::markdown::{options, page_heading_level};
use crate::content::{Markdown, Playbook, RawHtml};
use crate::diagnostic::{Code, Diagnostic};
use crate::sanitize::{self, Removals};
use crate::yaml::Pos;

/// Lines reported for one text at most.
const MAX_PER_TEXT: usize = 20;

pub(super) fn check(pb: &Playbook, texts: &[(&str, &Markdown)], out: &mut Vec<Diagnostic>) {
    if pb.config.raw_html == RawHtml::Trusted {
        return;
    }
    let found: Vec<Diagnostic> = texts
        .par_iter()
        .flat_map_iter(|(file, md)| unsafe_html(&pb.root, file, md))
        .collect();
    out.extend(found);
}

/// The HTML the site makes of `text` before sanitizing, as far as the policy is concerned.
fn render(text: &str) -> String {
    let level = page_heading_level;
    let events = Parser::new_ext(text, options()).map(|e| match e {
        Event::Start(Tag::Heading {
            level: l,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: level(l),
            id: id.map(|id| CowStr::from(sanitize::safe_id(&id).into_owned())),
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(l)) => Event::End(TagEnd::Heading(level(l))),
        e => e,
    });
    let mut out = String::with_capacity(text.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

fn unsafe_html(root: &Path, file: &str, md: &Markdown) -> Vec<Diagnostic> {
    if !md.needs_cleaning {
        return Vec::new();
    }
    let text = md.text.as_str();
    // `ends[k]`: the end of the first `k` lines.
    let mut ends = vec![0];
    ends.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    if ends.last() != Some(&text.len()) {
        ends.push(text.len());
    }
    let head = |k: usize| sanitize::removals(&render(&text[..ends[k]]));
    let lines = ends.len() - 1;
    let whole = head(lines);
    if whole.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    grows(
        &head,
        (0, Removals::default()),
        (lines, whole.clone()),
        &mut found,
    );
    // The file's lines, to point at the text in them (a front-matter field's text is not the whole line).
    let source = std::fs::read_to_string(root.join(file)).unwrap_or_default();
    let file_lines: Vec<&str> = source.lines().collect();
    let mut out = Vec::new();
    let mut reported = 0;
    for (k, before, after) in &found {
        let pos = position(&file_lines, md.line + k - 1, &text[ends[k - 1]..ends[*k]]);
        let items = after.since(before);
        reported += after.count().saturating_sub(before.count());
        let mut d = Diagnostic::new(
            Code::UnsafeHtml,
            file,
            Some(pos),
            format!(
                "the site leaves out {} here: it keeps only safe HTML",
                list(&items)
            ),
        )
        .with_label("removed when the site is built")
        .with_note(
            "scripts, event handlers (`on…`), `style`, and URLs other than http(s), mailto, tel and \
             relative ones are removed; if every author of this playbook is trusted, set \
             `markdown: {raw_html: trusted}` in `playbook.yaml`",
        );
        if out.len() + 1 == MAX_PER_TEXT && reported < whole.count() {
            d = d.with_note("this text has more such lines; they are not listed");
        }
        out.push(d);
    }
    out
}

/// Where the text's line `text_line`, which should be on line `line` of the file, is: on that line, or on
/// the next (the text of a block scalar starts after its `|`); at its first non-blank character when the
/// file does not show it (a folded scalar).
fn position(file_lines: &[&str], line: usize, text_line: &str) -> Pos {
    let wanted = text_line.trim();
    for l in [line, line + 1] {
        if let Some(found) = file_lines
            .get(l.wrapping_sub(1))
            .and_then(|fl| fl.find(wanted).map(|i| fl[..i].chars().count() + 1))
        {
            if !wanted.is_empty() {
                return Pos::new(l, found);
            }
        }
    }
    let column = text_line.chars().take_while(|c| c.is_whitespace()).count() + 1;
    Pos::new(line, column)
}

/// Finds each line `k` (1-based) of `(lo, hi]` after which the first `k` lines lose more than the first
/// `k - 1`, with what both lose, up to [`MAX_PER_TEXT`] of them.
fn grows(
    head: &dyn Fn(usize) -> Removals,
    (lo, at_lo): (usize, Removals),
    (hi, at_hi): (usize, Removals),
    found: &mut Vec<(usize, Removals, Removals)>,
) {
    if at_hi.count() <= at_lo.count() || found.len() >= MAX_PER_TEXT {
        return;
    }
    if hi == lo + 1 {
        found.push((hi, at_lo, at_hi));
        return;
    }
    let mid = lo + (hi - lo) / 2;
    let at_mid = head(mid);
    grows(head, (lo, at_lo), (mid, at_mid.clone()), found);
    grows(head, (mid, at_mid), (hi, at_hi), found);
}

/// `a`, `a and b`, `a, b and c`.
fn list(items: &[&str]) -> String {
    match items {
        [] => "something".to_string(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

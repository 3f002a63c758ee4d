//! What gets indexed: one search document per entry, with weighted fields, a title and an excerpt.

use rayon::prelude::*;

use crate::content::plain::{self, plain_text};
use crate::content::{Entry, Kind, Markdown, Playbook, QuestionAnswer};

/// Field weights: an objection's words and aliases highest, then titles and names, then the rest.
pub const WEIGHT_OBJECTION: u32 = 6;
/// Titles and names.
pub const WEIGHT_TITLE: u32 = 3;
/// Answers, actions, bodies.
pub const WEIGHT_BODY: u32 = 1;

/// One document of the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    /// The entry's id (documents are numbered in kind order, then by id).
    pub id: String,
    /// Its kind (results are grouped by kind, objections first).
    pub kind: Kind,
    /// Its page, relative to the site root.
    pub url: String,
    /// Shown as the result's title.
    pub title: String,
    /// Shown under the title.
    pub excerpt: String,
    /// The texts to index with their weights. Those other than the title are also where a result's
    /// matched passage is taken from ([`passage_text`]).
    pub fields: Vec<(u32, String)>,
    /// Phrases that, typed exactly, rank this document first (an objection's words and aliases).
    pub phrases: Vec<String>,
}

/// A segment or persona: a name, a list (criteria, what they care about) and a body.
fn named(
    kind: Kind,
    id: &str,
    name: &str,
    list: &[String],
    body: &Markdown,
    excerpt: String,
    url: &impl Fn(Kind, &str) -> String,
) -> SearchDoc {
    let body = plain_text(&body.text);
    SearchDoc {
        id: id.to_string(),
        kind,
        url: url(kind, id),
        title: name.to_string(),
        excerpt,
        fields: vec![
            (WEIGHT_TITLE, name.to_string()),
            (WEIGHT_BODY, list.join(". ")),
            (WEIGHT_BODY, body),
        ],
        phrases: Vec::new(),
    }
}

/// The entries of a playbook in the order of their documents: by kind (objections first), then by id.
pub fn sources(pb: &Playbook) -> Vec<Entry<'_>> {
    let mut out: Vec<Entry<'_>> = Vec::new();
    for kind in Kind::SEARCH_ORDER {
        let start = out.len();
        out.extend(pb.entries_of(kind));
        out[start..].sort_by(|a, b| a.id().cmp(b.id()));
    }
    out
}

/// The search document of the entry `e`. `url` gives the page of an entry of a kind and id, relative to
/// the site root.
pub fn document(e: Entry<'_>, url: &impl Fn(Kind, &str) -> String) -> SearchDoc {
    let md = |m: &Markdown| plain_text(&m.text);
    let joined = |items: &[String]| items.join(". ");
    // The same excerpt as the entry's page has for its meta description.
    let excerpt = e.excerpt();
    match e {
        Entry::Objection(e) => {
            let kind = Kind::Objection;
            let answer = md(&e.answer);
            let mut phrases = vec![e.objection.clone()];
            phrases.extend(e.aliases.iter().cloned());
            SearchDoc {
                id: e.meta.id.clone(),
                kind,
                url: url(kind, &e.meta.id),
                title: e.objection.clone(),
                excerpt,
                fields: vec![
                    (WEIGHT_OBJECTION, e.objection.clone()),
                    (WEIGHT_OBJECTION, joined(&e.aliases)),
                    (WEIGHT_BODY, answer),
                    (WEIGHT_BODY, joined(&e.explore)),
                    (WEIGHT_BODY, joined(&e.proof)),
                    (WEIGHT_BODY, joined(&e.avoid)),
                    (WEIGHT_TITLE, joined(&e.meta.tags)),
                ],
                phrases,
            }
        }
        Entry::Stage(e) => {
            let kind = Kind::Stage;
            let body = md(&e.body);
            let actions: Vec<String> = e.actions.iter().map(|a| a.text.clone()).collect();
            let goal = e.goal.clone().unwrap_or_default();
            SearchDoc {
                id: e.meta.id.clone(),
                kind,
                url: url(kind, &e.meta.id),
                title: e.title.clone(),
                excerpt,
                fields: vec![
                    (WEIGHT_TITLE, e.title.clone()),
                    (WEIGHT_BODY, goal),
                    (WEIGHT_BODY, joined(&actions)),
                    (WEIGHT_BODY, joined(&e.entry)),
                    (WEIGHT_BODY, joined(&e.exit)),
                    (WEIGHT_BODY, body),
                ],
                phrases: Vec::new(),
            }
        }
        Entry::SellingPoint(e) => {
            let kind = Kind::SellingPoint;
            let body = md(&e.body);
            let benefit = e.benefit.clone().unwrap_or_default();
            SearchDoc {
                id: e.meta.id.clone(),
                kind,
                url: url(kind, &e.meta.id),
                title: e.title.clone(),
                excerpt,
                fields: vec![
                    (WEIGHT_TITLE, e.title.clone()),
                    (WEIGHT_BODY, e.feature.clone().unwrap_or_default()),
                    (WEIGHT_BODY, benefit),
                    (WEIGHT_BODY, joined(&e.proof)),
                    (WEIGHT_BODY, body),
                ],
                phrases: Vec::new(),
            }
        }
        Entry::Roleplay(e) => {
            let kind = Kind::Roleplay;
            let scenario = e.scenario.as_ref().map(md).unwrap_or_default();
            let mut questions = String::new();
            for q in &e.questions {
                questions.push_str(&md(&q.prompt));
                questions.push(' ');
                if let QuestionAnswer::FreeText { model_answer, .. } = &q.answer {
                    questions.push_str(&md(model_answer));
                    questions.push(' ');
                }
            }
            SearchDoc {
                id: e.meta.id.clone(),
                kind,
                url: url(kind, &e.meta.id),
                title: e.title.clone(),
                excerpt,
                fields: vec![
                    (WEIGHT_TITLE, e.title.clone()),
                    (WEIGHT_BODY, scenario),
                    (WEIGHT_BODY, questions),
                    (WEIGHT_BODY, md(&e.body)),
                ],
                phrases: Vec::new(),
            }
        }
        Entry::Segment(e) => named(
            Kind::Segment,
            &e.meta.id,
            &e.name,
            &e.criteria,
            &e.body,
            excerpt,
            url,
        ),
        Entry::Persona(e) => named(
            Kind::Persona,
            &e.meta.id,
            &e.name,
            &e.cares_about,
            &e.body,
            excerpt,
            url,
        ),
        // A path is found by its title, who it is for and what its steps are about.
        Entry::Path(e) => {
            let kind = Kind::Path;
            let mut steps = String::new();
            for s in &e.steps {
                steps.push_str(&s.title);
                steps.push_str(". ");
                if let Some(body) = &s.body {
                    steps.push_str(&md(body));
                    steps.push(' ');
                }
            }
            let intro = md(&e.body);
            let about = e.audience.clone().unwrap_or_default();
            SearchDoc {
                id: e.meta.id.clone(),
                kind,
                url: url(kind, &e.meta.id),
                title: e.title.clone(),
                excerpt,
                fields: vec![
                    (WEIGHT_TITLE, e.title.clone()),
                    (WEIGHT_BODY, about),
                    (WEIGHT_BODY, steps),
                    (WEIGHT_BODY, intro),
                ],
                phrases: Vec::new(),
            }
        }
    }
}

/// The search documents of a playbook, in result order (objections first, then by id).
/// `url` gives the page of an entry of a kind and id, relative to the site root.
pub fn documents(pb: &Playbook, url: impl Fn(Kind, &str) -> String + Sync) -> Vec<SearchDoc> {
    sources(pb)
        .into_par_iter()
        .map(|e| document(e, &url))
        .collect()
}

/// Characters of a document's text kept in its document shard, for the passage around a match.
pub const PASSAGE_CHARS: usize = 320;
/// Characters each field contributes to that text at least, when there are many fields.
pub const PASSAGE_FIELD_CHARS: usize = 60;

/// The text a result's excerpt may show a passage of: the start of each field other than the title and
/// the one the default excerpt already shows, body-weight fields first (answers, bodies, lists such as
/// what to avoid), joined by ` · `, cut to [`PASSAGE_CHARS`]. The fields share it evenly (at least
/// [`PASSAGE_FIELD_CHARS`] each), so a short list such as what to avoid is not pushed out by a long
/// answer. `search.js` shows the window around the first match in it when the default excerpt holds none.
/// The sizes are what fits the size budget of `search/` (docs/search.md).
pub fn passage_text(doc: &SearchDoc) -> String {
    let shown = doc.excerpt.trim_end_matches('…').trim_end();
    let mut fields: Vec<&(u32, String)> = doc
        .fields
        .iter()
        .filter(|(_, t)| !t.trim().is_empty() && *t != doc.title)
        .filter(|(_, t)| shown.is_empty() || !t.starts_with(shown))
        .collect();
    fields.sort_by_key(|(w, _)| *w);
    let each = (PASSAGE_CHARS / fields.len().max(1)).max(PASSAGE_FIELD_CHARS);
    let mut out = String::new();
    for (_, t) in fields {
        if !out.is_empty() {
            out.push_str(" · ");
        }
        out.push_str(&plain::cut(t, each));
        if out.chars().count() >= PASSAGE_CHARS {
            break;
        }
    }
    plain::cut(&out, PASSAGE_CHARS)
}

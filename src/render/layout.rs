//! What every page shares: the site's name and language (`site`), the main navigation (`nav`), the UI strings
//! (`t`), and the call that renders a [`Page`] with its template.

use serde::Serialize;
use tera::Context;

use super::i18n::{Lang, Strings};
use super::{pages, Page, RenderError, Section};
use crate::content::{Kind, Playbook};
use crate::theme::{describe, Theme};

/// Picks one string of a language's UI strings.
type Label = fn(&Strings) -> &'static str;

/// The main navigation: section, page and label.
const NAV: &[(Section, &str, Label)] = &[
    (Section::Overview, "index.html", |t| t.overview),
    (Section::Paths, "paths/index.html", |t| t.paths),
    (Section::Objections, "objections/index.html", |t| {
        t.objections
    }),
    (Section::SellingPoints, "selling-points/index.html", |t| {
        t.selling_points
    }),
    (Section::Roleplays, "roleplays/index.html", |t| t.roleplays),
    (Section::Segments, "segments/index.html", |t| t.segments),
    (Section::Personas, "personas/index.html", |t| t.personas),
    (Section::Coverage, "coverage.html", |t| t.coverage),
];

/// The labels `search.js` shows: result groups by kind (keyed by [`Kind::key`]), "no results", "{n} results",
/// the listbox's name, the links to all results and to the finder, and "did you mean".
fn search_labels(t: &Strings) -> String {
    let mut labels = serde_json::Map::new();
    for kind in Kind::ALL {
        labels.insert(
            kind.key().into(),
            t.by_key(kind.label()).unwrap_or_default().into(),
        );
    }
    labels.insert("none".into(), t.search_none.into());
    labels.insert("found".into(), t.search_found.into());
    labels.insert("results".into(), t.search_results.into());
    labels.insert("all".into(), t.search_all.into());
    labels.insert("finder".into(), t.search_finder.into());
    labels.insert("did_you_mean".into(), t.search_did_you_mean.into());
    serde_json::Value::Object(labels).to_string()
}

/// What every template sees as `site`.
#[derive(Serialize)]
struct SiteData<'a> {
    title: &'a str,
    description: Option<&'a str>,
    /// The content language tag.
    lang: &'a str,
    /// The UI language: `en` or `zh`.
    ui_lang: &'static str,
    /// The labels of `search.js`, as JSON.
    search_labels: String,
}

/// An item of the main navigation (`nav`): `current` when the page is in its section, `here` when it is
/// the page.
#[derive(Serialize)]
struct NavItem {
    url: String,
    label: &'static str,
    current: bool,
    here: bool,
}

/// What every page's template sees the same: converted to template values once, shared by every page.
pub(super) struct Common {
    site: tera::Value,
    t: tera::Value,
    strings: &'static Strings,
    /// Whether the playbook has learning paths (the navigation links them only then).
    has_paths: bool,
}

impl Common {
    pub(super) fn new(pb: &Playbook, lang: Lang) -> Self {
        let strings = lang.strings();
        let site = SiteData {
            title: &pb.config.title,
            description: pb.config.description.as_deref(),
            lang: &pb.config.language,
            ui_lang: if lang == Lang::Zh { "zh" } else { "en" },
            search_labels: search_labels(strings),
        };
        Common {
            site: tera::Value::from_serializable(&site),
            t: tera::Value::from_serializable(strings),
            strings,
            has_paths: !pb.paths.is_empty(),
        }
    }
}

pub(super) fn render_page(
    theme: &Theme,
    page: Page,
    common: &Common,
) -> Result<(String, Vec<u8>), RenderError> {
    let strings = common.strings;
    let root = pages::root_of(&page.path);
    let nav: Vec<NavItem> = NAV
        .iter()
        .filter(|(section, _, _)| *section != Section::Paths || common.has_paths)
        .map(|(section, path, label)| NavItem {
            url: format!("{root}{path}"),
            label: label(strings),
            current: *section == page.section,
            here: page.path == *path,
        })
        .collect();
    let mut cx = Context::new();
    cx.insert_value("site", common.site.clone());
    cx.insert_value("t", common.t.clone());
    cx.insert("root", &root);
    cx.insert("nav", &nav);
    cx.insert("page_title", &page.title);
    let description = if page.description.is_empty() {
        &page.title
    } else {
        &page.description
    };
    cx.insert("description", description);
    cx.insert("page_kind", page.template.trim_end_matches(".html"));
    cx.insert_value("page", page.data);
    cx.insert("study", &page.study);
    let html = theme
        .render(page.template, &cx)
        .map_err(|e| RenderError::Template {
            page: page.path.clone(),
            template: page.template.to_string(),
            message: describe(&e),
        })?;
    Ok((page.path, html.into_bytes()))
}

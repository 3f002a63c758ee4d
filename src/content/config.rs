//! `playbook.yaml`.

use super::fields::Fields;
use super::text::{is_valid_id, nfc};
use crate::diagnostic::{Code, Diagnostic};
use crate::yaml::{Node, Pos};

/// The id of the one implicit motion of a playbook that declares none.
pub const DEFAULT_MOTION: &str = "default";

/// The playbook's configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Shown on every page.
    pub title: String,
    /// One line under the title.
    pub description: Option<String>,
    /// BCP 47 language tag of the content.
    pub language: String,
    /// The sales motions, never empty.
    pub motions: Vec<Motion>,
    /// Output folder, relative to the root.
    pub output: String,
    /// Theme name.
    pub theme: String,
    /// What happens to raw HTML in Markdown (`markdown: {raw_html: …}`).
    pub raw_html: RawHtml,
}

/// What happens to the HTML of Markdown texts (raw HTML, link URLs) on the way to a page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RawHtml {
    /// Sanitized by the HTML policy (`crate::sanitize`), and `check` warns where it removes something.
    #[default]
    Sanitized,
    /// Passed through as written: every author of the playbook is trusted.
    Trusted,
}

/// A sales motion (new business, renewal), each with its own stage list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Motion {
    /// Id, referenced by stages.
    pub id: String,
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// Where it is declared.
    pub pos: Pos,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Sales playbook".to_string(),
            description: None,
            language: "en".to_string(),
            motions: vec![Motion {
                id: DEFAULT_MOTION.to_string(),
                title: "Sales".to_string(),
                description: None,
                pos: Pos::default(),
            }],
            output: "public".to_string(),
            theme: "default".to_string(),
            raw_html: RawHtml::Sanitized,
        }
    }
}

/// The configuration file at the root of every playbook; its presence makes a folder a playbook.
pub const CONFIG_FILE: &str = "playbook.yaml";

/// Reads the configuration from the parsed `playbook.yaml` (`None` for an empty file).
pub(crate) fn read_config(root: Option<&Node>, diags: &mut Vec<Diagnostic>) -> Config {
    let mut config = Config::default();
    let Some(root) = root else {
        return config;
    };
    let Some(mut f) = Fields::of(CONFIG_FILE, root, "`playbook.yaml`", diags) else {
        return config;
    };
    f.reject_unknown(
        &[
            "title",
            "description",
            "language",
            "motions",
            "output",
            "theme",
            "markdown",
        ],
        "`playbook.yaml`",
    );
    if let Some(title) = f.text("title") {
        config.title = title;
    }
    config.description = f.text("description");
    if let Some(language) = f.text("language") {
        if is_language_tag(&language) {
            config.language = language;
        } else {
            let pos = f.node("language").map_or(f.pos, |n| n.pos);
            f.invalid(
                pos,
                format!(
                    "`language` must be a BCP 47 tag such as `en` or `zh-CN`, found `{language}`"
                ),
                "not a language tag",
            );
        }
    }
    if let Some(output) = f.text("output") {
        config.output = output;
    }
    if let Some(theme) = f.text("theme") {
        config.theme = theme;
    }
    if let Some(node) = f.node("markdown") {
        if let Some(mut m) = Fields::of(CONFIG_FILE, node, "`markdown`", f.diags) {
            m.reject_unknown(&["raw_html"], "`markdown`");
            match m.one_of("raw_html", &["sanitized", "trusted"]).as_deref() {
                Some("trusted") => config.raw_html = RawHtml::Trusted,
                _ => config.raw_html = RawHtml::Sanitized,
            }
        }
    }
    if let Some(items) = f.items("motions") {
        let mut motions: Vec<Motion> = Vec::new();
        for item in items {
            let mut sub = Vec::new();
            if let Some(mut m) = Fields::of(CONFIG_FILE, item, "a motion", &mut sub) {
                m.reject_unknown(&["id", "title", "description"], "a motion");
                let id = nfc(&m.required_text("id", "a motion")).into_owned();
                let id_pos = m.node("id").map_or(item.pos, |n| n.pos);
                let title = m.text("title").unwrap_or_else(|| id.clone());
                let description = m.text("description");
                if !id.is_empty() && !is_valid_id(&id) {
                    m.diags.push(
                        Diagnostic::new(
                            Code::InvalidId,
                            CONFIG_FILE,
                            Some(id_pos),
                            format!("`{id}` is not a valid id"),
                        )
                        .with_label("invalid id")
                        .with_note("ids may contain letters (of any script), digits, `-` and `_`"),
                    );
                }
                if let Some(first) = motions.iter().find(|x| x.id == id && !id.is_empty()) {
                    m.diags.push(
                        Diagnostic::new(
                            Code::DuplicateId,
                            CONFIG_FILE,
                            Some(id_pos),
                            format!("motion `{id}` is declared twice"),
                        )
                        .with_label("second declaration")
                        .with_related(
                            CONFIG_FILE,
                            first.pos,
                            "first declared here",
                        ),
                    );
                } else if !id.is_empty() {
                    motions.push(Motion {
                        id,
                        title,
                        description,
                        pos: id_pos,
                    });
                }
            }
            f.diags.extend(sub);
        }
        if !motions.is_empty() {
            config.motions = motions;
        }
    }
    config
}

/// A loose BCP 47 check: letters, digits and `-`, starting with a 2–3 letter language subtag.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang = parts.next().unwrap_or("");
    (2..=3).contains(&lang.len())
        && lang.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

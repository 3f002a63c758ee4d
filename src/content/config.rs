//! `playbook.yaml`.

use super::audience::Visibility;
use super::fields::{Fields, Range};
use super::text::{is_valid_id, nfc};
use crate::decimal::Decimal;
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
    /// The visibility of entries that do not set theirs (`visibility:`; `internal` when unset or not
    /// `public` / `internal`).
    pub visibility: Visibility,
    /// The review policy (`review:`).
    pub review: ReviewPolicy,
    /// The site's public address (`base_url`), for the absolute links of the change feed.
    pub base_url: Option<String>,
}

/// How entries are kept true (`review:` in `playbook.yaml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewPolicy {
    /// How many days before its due date an entry is "due soon" (default 14).
    pub warn_before_days: u32,
    /// Whether an entry without an owner (its own or from `CODEOWNERS`) is a warning.
    pub require_owner: bool,
    /// An entry whose file has not changed in Git for longer than this is overdue (unless its
    /// `review_by` is later); `None`: no age limit.
    pub max_age_days: Option<u32>,
}

impl Default for ReviewPolicy {
    fn default() -> Self {
        ReviewPolicy {
            warn_before_days: 14,
            require_owner: false,
            max_age_days: None,
        }
    }
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
    /// The average won deal (> 0), the calculator's default.
    pub deal_size: Option<Decimal>,
    /// The ISO 4217 code the deal size is in (`CNY`, `USD`), for display only.
    pub currency: Option<String>,
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
                deal_size: None,
                currency: None,
            }],
            output: "public".to_string(),
            theme: "default".to_string(),
            raw_html: RawHtml::Sanitized,
            visibility: Visibility::Internal,
            review: ReviewPolicy::default(),
            base_url: None,
        }
    }
}

/// The configuration file at the root of every playbook; its presence makes a folder a playbook.
pub const CONFIG_FILE: &str = "playbook.yaml";

/// The fields of `playbook.yaml`.
pub(crate) const CONFIG_FIELDS: &[&str] = &[
    "title",
    "description",
    "language",
    "motions",
    "output",
    "theme",
    "markdown",
    "visibility",
    "review",
    "base_url",
];
/// The fields of a motion.
pub(crate) const MOTION_FIELDS: &[&str] = &["id", "title", "description", "deal_size", "currency"];
/// The fields of `review` in `playbook.yaml`.
pub(crate) const REVIEW_FIELDS: &[&str] = &["warn_before_days", "require_owner", "max_age_days"];
/// The fields of `markdown` in `playbook.yaml`.
pub(crate) const MARKDOWN_FIELDS: &[&str] = &["raw_html"];

/// Reads the configuration from the parsed `playbook.yaml` (`None` for an empty file).
pub(crate) fn read_config(root: Option<&Node>, diags: &mut Vec<Diagnostic>) -> Config {
    let mut config = Config::default();
    let Some(root) = root else {
        return config;
    };
    let Some(mut f) = Fields::of(CONFIG_FILE, root, "`playbook.yaml`", diags) else {
        return config;
    };
    f.reject_unknown(CONFIG_FIELDS, "`playbook.yaml`");
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
            m.reject_unknown(MARKDOWN_FIELDS, "`markdown`");
            match m.one_of("raw_html", &["sanitized", "trusted"]).as_deref() {
                Some("trusted") => config.raw_html = RawHtml::Trusted,
                _ => config.raw_html = RawHtml::Sanitized,
            }
        }
    }
    if let Some(v) = f.one_of("visibility", &Visibility::NAMES) {
        config.visibility = Visibility::from_name(&v).unwrap_or_default();
    }
    if let Some(node) = f.node("review") {
        config.review = read_review(node, f.diags);
    }
    config.base_url = read_base_url(&mut f);
    if let Some(items) = f.items("motions") {
        let mut motions: Vec<Motion> = Vec::new();
        for item in items {
            let mut sub = Vec::new();
            if let Some(mut m) = Fields::of(CONFIG_FILE, item, "a motion", &mut sub) {
                m.reject_unknown(MOTION_FIELDS, "a motion");
                let id = nfc(&m.required_text("id", "a motion")).into_owned();
                let id_pos = m.node("id").map_or(item.pos, |n| n.pos);
                let title = m.text("title").unwrap_or_else(|| id.clone());
                let description = m.text("description");
                let deal_size = m.decimal("deal_size", Range::Positive).map(|d| d.0);
                let currency = read_currency(&mut m);
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
                        deal_size,
                        currency,
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

/// `review:`: the review policy, each field checked at its line.
fn read_review(node: &Node, diags: &mut Vec<Diagnostic>) -> ReviewPolicy {
    let mut policy = ReviewPolicy::default();
    let Some(mut r) = Fields::of(CONFIG_FILE, node, "`review`", diags) else {
        return policy;
    };
    r.reject_unknown(REVIEW_FIELDS, "`review`");
    if let Some(days) = days(&mut r, "warn_before_days") {
        policy.warn_before_days = days;
    }
    policy.max_age_days = days(&mut r, "max_age_days");
    if let Some(required) = r.boolean("require_owner") {
        policy.require_owner = required;
    }
    policy
}

/// A number of days: a whole number from 0 to 36500.
fn days(r: &mut Fields<'_>, name: &str) -> Option<u32> {
    let (n, pos) = r.integer(name)?;
    match u32::try_from(n) {
        Ok(d) if d <= 36_500 => Some(d),
        _ => {
            r.invalid(
                pos,
                format!("`{name}` must be a number of days from 0 to 36500, found {n}"),
                "not a number of days",
            );
            None
        }
    }
}

/// `base_url`: an absolute `http(s)` URL, kept without its trailing `/`.
fn read_base_url(f: &mut Fields<'_>) -> Option<String> {
    let url = f.text("base_url")?;
    let ok = (url.starts_with("https://") || url.starts_with("http://"))
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>');
    if ok {
        return Some(url.trim_end_matches('/').to_string());
    }
    let pos = f.node("base_url").map_or(f.pos, |n| n.pos);
    f.invalid(
        pos,
        format!("`base_url` must be an absolute http(s) URL such as `https://playbook.example.com/`, found `{url}`"),
        "not an absolute URL",
    );
    None
}

/// `currency`: an ISO 4217 code, three capital letters (whether the code is assigned is not checked).
fn read_currency(m: &mut Fields<'_>) -> Option<String> {
    let code = m.text("currency")?;
    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        return Some(code);
    }
    let pos = m.node("currency").map_or(m.pos, |n| n.pos);
    let mut d = Diagnostic::new(
        Code::InvalidValue,
        CONFIG_FILE,
        Some(pos),
        format!("`currency` must be an ISO 4217 code of three capital letters such as `CNY` or `USD`, found `{code}`"),
    )
    .with_label("not a currency code");
    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_alphabetic()) {
        d = d.with_note(format!("did you mean `{}`?", code.to_ascii_uppercase()));
    }
    m.diags.push(d);
    None
}

/// A loose BCP 47 check: letters, digits and `-`, starting with a 2–3 letter language subtag.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang = parts.next().unwrap_or("");
    (2..=3).contains(&lang.len())
        && lang.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

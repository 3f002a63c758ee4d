//! Themes: the built-in default theme, embedded in the binary, and a playbook's overrides.
//!
//! A theme is tera templates (`templates/`) and assets (`static/`: CSS, JS, icons, copied to `assets/` in
//! the site). A playbook overrides any of them by placing a file of the same name under its own
//! `themes/<theme>/templates/` or `themes/<theme>/static/` (theme name from `theme` in `playbook.yaml`);
//! anything it does not override comes from the built-in default. Templates are compiled once, when the
//! theme is loaded.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use tera::{Context, Tera};

macro_rules! embed {
    ($kind:literal, $read:ident: $($name:literal),* $(,)?) => {
        &[$( ($name, $read!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $kind, "/", $name))), )*]
    };
}

/// The built-in templates, by name.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = embed!("templates", include_str:
    "base.html", "macros.html", "index.html", "stage.html", "objection.html", "objections.html",
    "segment.html", "persona.html", "selling-point.html", "selling-points.html", "roleplay.html",
    "roleplays.html", "list.html", "coverage.html", "search.html", "404.html",
    "motion.html", "motion-review.html", "drill.html", "path.html", "paths.html",
    "changes.html", "related.html", "coverage-motion.html", "coverage-warnings.html",
);

/// The built-in assets, by file name (served under `assets/`).
pub const DEFAULT_ASSETS: &[(&str, &[u8])] = embed!("static", include_bytes:
    "style.css", "finder.js", "progress.js", "quiz.js", "search.js", "site.js", "favicon.svg",
    "funnel.js", "fsrs.js", "drill.js", "paths.js", "scorm.js", "updates.js",
);

/// A theme could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    /// `theme` names a folder that does not exist.
    #[error("theme `{name}` not found: `{}` does not exist (the built-in theme is `default`)", path.display())]
    NotFound {
        /// The theme name.
        name: String,
        /// Where it was looked for.
        path: PathBuf,
    },
    /// A theme name that is not a plain folder name.
    #[error("`{0}` is not a valid theme name: use a folder name under `themes/`")]
    InvalidName(String),
    /// A file of the theme could not be read.
    #[error("cannot read `{}`: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// A template is not UTF-8.
    #[error("template `{}` is not valid UTF-8", path.display())]
    NotUtf8 {
        /// The file.
        path: PathBuf,
    },
    /// A template does not compile.
    #[error("the templates do not compile: {0}")]
    Template(String),
}

/// A loaded, compiled theme.
pub struct Theme {
    tera: Tera,
    assets: Vec<(String, Vec<u8>)>,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme")
            .field("templates", &self.tera.get_template_names().count())
            .field("assets", &self.assets.len())
            .finish()
    }
}

/// An error and its causes, on one line.
pub(crate) fn describe(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let s = c.to_string();
        if !out.contains(&s) {
            out.push_str(": ");
            out.push_str(&s);
        }
        cause = c.source();
    }
    out
}

impl Theme {
    /// The built-in default theme alone.
    pub fn builtin() -> Result<Theme, ThemeError> {
        Theme::from_parts(BTreeMap::new(), BTreeMap::new())
    }

    /// The theme `name` of the playbook at `root`: its overrides in `root/themes/<name>/` over the
    /// built-in default. The folder may be missing only for the `default` theme.
    pub fn load(root: &Path, name: &str) -> Result<Theme, ThemeError> {
        if name.is_empty() || name.contains(['/', '\\']) || name == "." || name == ".." {
            return Err(ThemeError::InvalidName(name.to_string()));
        }
        let dir = root.join("themes").join(name);
        if !dir.is_dir() {
            if name == "default" {
                return Theme::builtin();
            }
            return Err(ThemeError::NotFound {
                name: name.to_string(),
                path: dir,
            });
        }
        let mut templates = BTreeMap::new();
        for (rel, path) in files_under(&dir.join("templates"))? {
            let bytes = std::fs::read(&path).map_err(|source| ThemeError::Io {
                path: path.clone(),
                source,
            })?;
            let text =
                String::from_utf8(bytes).map_err(|_| ThemeError::NotUtf8 { path: path.clone() })?;
            templates.insert(rel, text);
        }
        let mut assets = BTreeMap::new();
        for (rel, path) in files_under(&dir.join("static"))? {
            let bytes = std::fs::read(&path).map_err(|source| ThemeError::Io {
                path: path.clone(),
                source,
            })?;
            assets.insert(rel, bytes);
        }
        Theme::from_parts(templates, assets)
    }

    fn from_parts(
        mut templates: BTreeMap<String, String>,
        mut assets: BTreeMap<String, Vec<u8>>,
    ) -> Result<Theme, ThemeError> {
        for (name, text) in DEFAULT_TEMPLATES {
            templates
                .entry(name.to_string())
                .or_insert_with(|| text.to_string());
        }
        for (name, bytes) in DEFAULT_ASSETS {
            assets
                .entry(name.to_string())
                .or_insert_with(|| default_asset_as_written(name, bytes));
        }
        let mut tera = Tera::new();
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| ThemeError::Template(describe(&e)))?;
        Ok(Theme {
            tera,
            assets: assets.into_iter().collect(),
        })
    }

    /// Renders the template `name`.
    pub fn render(&self, name: &str, context: &Context) -> Result<String, tera::Error> {
        self.tera.render(name, context)
    }

    /// The assets, sorted by name (`style.css`, `img/logo.svg`).
    pub fn assets(&self) -> &[(String, Vec<u8>)] {
        &self.assets
    }
}

/// The files under `dir` (none when it does not exist), as `/`-separated relative paths, sorted; hidden
/// files and folders are skipped.
pub(crate) fn files_under(dir: &Path) -> Result<Vec<(String, PathBuf)>, ThemeError> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|e| {
            let path = e
                .path()
                .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
            ThemeError::Io {
                path,
                source: e.into(),
            }
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let rel: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        out.push((rel.join("/"), entry.path().to_path_buf()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_theme_compiles() {
        let theme = Theme::builtin().expect("compiles");
        assert!(theme.assets().iter().any(|(n, _)| n == "style.css"));
    }

    #[test]
    fn theme_names_cannot_climb() {
        assert!(matches!(
            Theme::load(Path::new("."), "../x"),
            Err(ThemeError::InvalidName(_))
        ));
        assert!(matches!(
            Theme::load(Path::new("."), "nope"),
            Err(ThemeError::NotFound { .. })
        ));
    }
}

/// A default asset as the site gets it: the stylesheet and the scripts without their comments (a theme's
/// own assets are written as they are).
pub fn default_asset_as_written(name: &str, bytes: &[u8]) -> Vec<u8> {
    if name.ends_with(".css") {
        without_css_comments(bytes)
    } else if name.ends_with(".js") {
        without_js_comment_lines(bytes)
    } else {
        bytes.to_vec()
    }
}

/// The default stylesheet without its comments, which are for whoever reads the theme's source, not for
/// the phone that downloads it (about 7 % of it gzipped). Strings are kept whole, so a `/*` inside quotes
/// stays; the default stylesheet is the only input, and a test checks the result still parses the same.
fn without_css_comments(css: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(css.len());
    let mut i = 0;
    let mut quote: Option<u8> = None;
    while let Some(&b) = css.get(i) {
        match quote {
            Some(q) => {
                out.push(b);
                if b == b'\\' {
                    if let Some(&next) = css.get(i + 1) {
                        out.push(next);
                        i += 1;
                    }
                } else if b == q {
                    quote = None;
                }
            }
            None if b == b'"' || b == b'\'' => {
                quote = Some(b);
                out.push(b);
            }
            None if b == b'/' && css.get(i + 1) == Some(&b'*') => {
                let end = css[i + 2..]
                    .windows(2)
                    .position(|w| w == b"*/")
                    .map_or(css.len(), |p| i + 2 + p + 2);
                i = end;
                continue;
            }
            None => out.push(b),
        }
        i += 1;
    }
    out
}

/// A default script without its whole-line `//` comments (about an eighth of a script gzipped) and
/// without the indentation of its lines (about 3 % more). The default scripts have no template literals
/// and no string continued over lines (a test checks both), so a line that starts with `//` is a comment
/// and the space a line starts with is nobody's text; a comment line that also holds `*/` is kept, in
/// case it ends a block comment.
fn without_js_comment_lines(js: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(js);
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let code = line.trim_start();
        if code.starts_with("//") && !line.contains("*/") {
            continue;
        }
        out.push_str(code);
    }
    out.into_bytes()
}

#[cfg(test)]
mod css_tests {
    use super::{without_css_comments, without_js_comment_lines};

    #[test]
    fn comment_lines_go_and_code_stays() {
        let js = b"var a = 1; // kept: code first\n  // gone\n/* block\n// kept: it ends */\n  var b = \"//x\";\n";
        assert_eq!(
            String::from_utf8_lossy(&without_js_comment_lines(js)),
            "var a = 1; // kept: code first\n/* block\n// kept: it ends */\nvar b = \"//x\";\n"
        );
    }

    /// What makes dropping a line's indentation safe: no default script has a template literal (a backtick
    /// in its code, outside comments) or a string continued on the next line (a line ending in `\`).
    #[test]
    fn no_default_script_has_text_that_spans_lines() {
        for (name, bytes) in super::DEFAULT_ASSETS
            .iter()
            .filter(|(n, _)| n.ends_with(".js"))
        {
            let text = String::from_utf8_lossy(bytes);
            let mut in_block = false;
            for (i, line) in text.lines().enumerate() {
                let mut code = String::new();
                let mut rest = line;
                loop {
                    if in_block {
                        match rest.find("*/") {
                            Some(end) => {
                                rest = &rest[end + 2..];
                                in_block = false;
                            }
                            None => break,
                        }
                    } else {
                        let block = rest.find("/*");
                        let comment = rest.find("//");
                        match (block, comment) {
                            (Some(b), c) if c.is_none_or(|c| b < c) => {
                                code.push_str(&rest[..b]);
                                rest = &rest[b + 2..];
                                in_block = true;
                            }
                            (_, Some(c)) => {
                                code.push_str(&rest[..c]);
                                break;
                            }
                            _ => {
                                code.push_str(rest);
                                break;
                            }
                        }
                    }
                }
                assert!(!code.contains('`'), "{name}:{}: a template literal", i + 1);
                assert!(
                    !code.ends_with('\\'),
                    "{name}:{}: a string continued",
                    i + 1
                );
            }
        }
    }

    #[test]
    fn comments_go_and_strings_stay() {
        let css = br#"/* lead */a { content: "/* not a comment */"; } /* tail
spans lines */ b { color: red } /* open"#;
        assert_eq!(
            String::from_utf8_lossy(&without_css_comments(css)),
            r#"a { content: "/* not a comment */"; }  b { color: red } "#
        );
    }

    #[test]
    fn the_default_stylesheet_keeps_every_rule() {
        let css = super::DEFAULT_ASSETS
            .iter()
            .find(|(n, _)| *n == "style.css")
            .map(|(_, b)| *b)
            .unwrap_or_default();
        let stripped = String::from_utf8_lossy(&without_css_comments(css)).into_owned();
        let count = |s: &str, c: char| s.matches(c).count();
        assert!(!stripped.contains("/*"));
        assert_eq!(
            count(&stripped, '{'),
            count(&String::from_utf8_lossy(css), '{')
        );
        assert_eq!(
            count(&stripped, '}'),
            count(&String::from_utf8_lossy(css), '}')
        );
        assert!(stripped.len() < css.len());
    }
}

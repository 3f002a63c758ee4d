//! Diagnostics: what `check` (and later `build` and `serve`) tell the user, each with a stable code.

use std::fmt;

use serde::Serialize;

use crate::yaml::Pos;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails `check` and refuses `build`.
    Error,
    /// Reported; fails `check` only under `--strict`.
    Warning,
}

macro_rules! codes {
    ($( $(#[doc = $doc:literal])* $variant:ident = $name:literal, $sev:ident; )*) => {
        /// A stable diagnostic code. The string form (`missing-answer`) never changes once released:
        /// CI configurations and docs refer to it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable string form.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            /// What the code means, in one sentence: its doc comment (SARIF's rule descriptions).
            pub fn summary(self) -> &'static str {
                match self { $( Code::$variant => concat!($($doc),*).trim_ascii(), )* }
            }

            /// The severity diagnostics of this code have.
            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$sev, )* }
            }
        }
    };
}

codes! {
    /// A file or folder could not be read.
    IoError = "io-error", Error;
    /// A file is not valid UTF-8.
    NotUtf8 = "not-utf8", Error;
    /// A content file is empty.
    EmptyFile = "empty-file", Error;
    /// Text that is not valid YAML.
    YamlSyntax = "yaml-syntax", Error;
    /// YAML nested too deeply, or expanding to too many values.
    YamlTooComplex = "yaml-too-complex", Error;
    /// The same key twice in one mapping.
    DuplicateKey = "duplicate-key", Error;
    /// A Markdown file opens front matter with `---` but never closes it.
    UnclosedFrontMatter = "unclosed-front-matter", Error;
    /// A Markdown entry without front matter.
    MissingFrontMatter = "missing-front-matter", Error;
    /// A file outside the known kind folders.
    UnknownKind = "unknown-kind", Error;
    /// A symbolic link under `content/` that leads outside the playbook (not read).
    SymlinkOutside = "symlink-outside", Error;
    /// An id with characters other than letters, digits, `-` and `_`.
    InvalidId = "invalid-id", Error;
    /// Two entries of one kind with the same id.
    DuplicateId = "duplicate-id", Error;
    /// A field the kind does not have.
    UnknownField = "unknown-field", Error;
    /// A value of the wrong type.
    WrongType = "wrong-type", Error;
    /// A value of the right type that is not allowed (an unknown role, a bad date).
    InvalidValue = "invalid-value", Error;
    /// A required field is missing.
    MissingField = "missing-field", Error;
    /// A required text is empty or only a placeholder such as `TODO`.
    Placeholder = "placeholder", Error;
    /// A stage without actions.
    MissingActions = "missing-actions", Error;
    /// An objection without an answer.
    MissingAnswer = "missing-answer", Error;
    /// A reference to an entry or motion that does not exist.
    UnknownReference = "unknown-reference", Error;
    /// A Markdown link to a file that does not exist.
    BrokenLink = "broken-link", Error;
    /// Two stages of one motion with the same `order`.
    DuplicateOrder = "duplicate-order", Error;
    /// A choice question with fewer than two choices.
    TooFewChoices = "too-few-choices", Error;
    /// A choice question none of whose choices is correct.
    NoCorrectChoice = "no-correct-choice", Error;
    /// A question with neither `choices` nor `model_answer`, or with both.
    QuestionKind = "question-kind", Error;
    /// A segment no selling point targets.
    UntargetedSegment = "untargeted-segment", Warning;
    /// A stage no objection is linked to.
    StageWithoutObjections = "stage-without-objections", Warning;
    /// A persona nothing references.
    UnusedPersona = "unused-persona", Warning;
    /// An entry whose `review_by` date has passed.
    ReviewOverdue = "review-overdue", Warning;
    /// Two ids of one kind that differ only in case (their pages collide on case-insensitive file systems).
    CaseCollision = "case-collision", Warning;
    /// HTML in Markdown that the site's HTML policy removes (a script, an event handler, a `javascript:` URL).
    UnsafeHtml = "unsafe-html", Warning;
    /// A `conversion` on the last stage of a motion (there is no next stage to convert to).
    ConversionOnLastStage = "conversion-on-last-stage", Error;
    /// A motion where some stages before the last have a `conversion` and others do not.
    IncompleteFunnel = "incomplete-funnel", Warning;
    /// A step of a learning path that lists nothing to study.
    EmptyStep = "empty-step", Error;
    /// A role-play that no learning path includes, when the playbook has paths.
    RoleplayNotInPath = "roleplay-not-in-path", Warning;
    /// A public entry that names or links to an internal one (checked for `--audience public`).
    InternalReference = "internal-reference", Error;
    /// An entry without an owner (its own `owner` or `CODEOWNERS`), when `review: {require_owner: true}`.
    MissingOwner = "missing-owner", Warning;
    /// An entry whose file has not changed in Git for longer than `review: {max_age_days}`, without `review_by`.
    StaleEntry = "stale-entry", Warning;
    /// Git is there but its history could not be read (no dates, no age rule).
    HistoryUnavailable = "history-unavailable", Warning;
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One problem, at one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable code; the severity follows from it.
    pub code: Code,
    /// One sentence: what is wrong.
    pub message: String,
    /// The file, relative to the playbook root, with `/` separators.
    pub file: String,
    /// Where in the file, when known (`None` for a whole-file problem such as an unreadable file).
    pub pos: Option<Pos>,
    /// What the caret under the source line says.
    pub label: Option<String>,
    /// Help lines: suggestions ("did you mean `aliases`?") and context.
    pub notes: Vec<String>,
    /// A second place that explains the first (the earlier duplicate), with its label.
    pub related: Option<Related>,
}

/// A second place named by a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// The file, relative to the root.
    pub file: String,
    /// Where.
    pub pos: Pos,
    /// What it is.
    pub label: String,
}

impl Diagnostic {
    /// A diagnostic of `code` in `file` at `pos`.
    pub fn new(code: Code, file: &str, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            message: message.into(),
            file: file.to_string(),
            pos,
            label: None,
            notes: Vec::new(),
            related: None,
        }
    }

    /// The severity, from the code.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    /// Sets the caret label.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a help line.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Names a second place.
    pub fn with_related(mut self, file: &str, pos: Pos, label: impl Into<String>) -> Self {
        self.related = Some(Related {
            file: file.to_string(),
            pos,
            label: label.into(),
        });
        self
    }

    /// Sort key: file, then position, then code, so output is stable whatever order rules ran in.
    pub fn sort_key(&self) -> (&str, Pos, Code, &str) {
        (
            &self.file,
            self.pos.unwrap_or_default(),
            self.code,
            &self.message,
        )
    }
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            assert!(
                s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{s}"
            );
        }
    }

    #[test]
    fn suggestions_find_typos_and_nothing_for_strangers() {
        let fields = ["objection", "aliases", "stages", "segments"];
        assert_eq!(did_you_mean("alias", fields), Some("aliases"));
        assert_eq!(did_you_mean("stagse", fields), Some("stages"));
        assert_eq!(did_you_mean("zzz", fields), None);
    }
}

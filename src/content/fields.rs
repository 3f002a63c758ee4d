//! Reading typed fields out of a YAML mapping, reporting every problem instead of stopping at the first.

use super::text::nfc_string;
use crate::content::{is_placeholder, Markdown, Ref};
use crate::decimal::{Decimal, DecimalError};
use crate::diagnostic::{did_you_mean, Code, Diagnostic};
use crate::yaml::{Key, Node, Pos, Value};

/// The fields of one mapping, read against a list of known field names.
pub(crate) struct Fields<'a> {
    pub file: &'a str,
    /// Where the mapping starts (missing fields are reported here).
    pub pos: Pos,
    entries: &'a [(Key, Node)],
    pub diags: &'a mut Vec<Diagnostic>,
}

impl<'a> Fields<'a> {
    /// Fields of `node`, which must be a mapping (otherwise a wrong-type diagnostic and no fields).
    pub fn of(
        file: &'a str,
        node: &'a Node,
        what: &str,
        diags: &'a mut Vec<Diagnostic>,
    ) -> Option<Self> {
        match &node.value {
            Value::Map(entries) => Some(Fields {
                file,
                pos: node.pos,
                entries,
                diags,
            }),
            other => {
                diags.push(
                    Diagnostic::new(
                        Code::WrongType,
                        file,
                        Some(node.pos),
                        format!(
                            "{what} must be a mapping of fields, found {}",
                            other.type_name()
                        ),
                    )
                    .with_label("expected `field: value` lines"),
                );
                None
            }
        }
    }

    /// An empty set of fields at `pos` (a Markdown file without front matter).
    pub fn empty(file: &'a str, pos: Pos, diags: &'a mut Vec<Diagnostic>) -> Self {
        Fields {
            file,
            pos,
            entries: &[],
            diags,
        }
    }

    /// Reports every key not in `known`, with a suggestion when one is close.
    pub fn reject_unknown(&mut self, known: &[&str], kind: &str) {
        for (key, _) in self.entries {
            if known.contains(&key.name.as_str()) {
                continue;
            }
            let mut d = Diagnostic::new(
                Code::UnknownField,
                self.file,
                Some(key.pos),
                format!("unknown field `{}` in {kind}", key.name),
            )
            .with_label("unknown field");
            d = match did_you_mean(&key.name, known.iter().copied()) {
                Some(s) => d.with_note(format!("did you mean `{s}`?")),
                None => d.with_note(format!("the fields of {kind} are: {}", known.join(", "))),
            };
            self.diags.push(d);
        }
    }

    /// The raw node of `name`, treating an explicit null (`goal:`) as absent.
    pub fn node(&self, name: &str) -> Option<&'a Node> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == name)
            .map(|(_, v)| v)
            .filter(|v| v.value != Value::Null)
    }

    /// Where the key `name` is written, if it is.
    pub fn key_pos(&self, name: &str) -> Option<Pos> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == name)
            .map(|(k, _)| k.pos)
    }

    pub fn wrong_type(&mut self, name: &str, node: &Node, expected: &str) {
        self.diags.push(
            Diagnostic::new(
                Code::WrongType,
                self.file,
                Some(node.pos),
                format!(
                    "`{name}` must be {expected}, found {}",
                    node.value.type_name()
                ),
            )
            .with_label(format!("expected {expected}")),
        );
    }

    pub fn missing(&mut self, code: Code, name: &str, message: String) {
        let pos = self.key_pos(name).unwrap_or(self.pos);
        self.diags.push(
            Diagnostic::new(code, self.file, Some(pos), message)
                .with_label(format!("`{name}` needed here")),
        );
    }

    /// An optional text field. Numbers and booleans are accepted as their text.
    pub fn text(&mut self, name: &str) -> Option<String> {
        let node = self.node(name)?;
        match node.as_text() {
            Some(s) => Some(s),
            None => {
                self.wrong_type(name, node, "a string");
                None
            }
        }
    }

    /// A required text field: missing, empty or a placeholder are errors. Returns what there is.
    pub fn required_text(&mut self, name: &str, kind: &str) -> String {
        let present = self.node(name).is_some();
        let value = self.text(name);
        match value {
            Some(s) if is_placeholder(&s) => {
                self.placeholder(name, self.node(name).map(|n| n.pos));
                s
            }
            Some(s) => s,
            None => {
                if !present {
                    self.missing(Code::MissingField, name, format!("{kind} has no `{name}`"));
                }
                String::new()
            }
        }
    }

    pub fn placeholder(&mut self, name: &str, pos: Option<Pos>) {
        let pos = pos.or(self.key_pos(name)).unwrap_or(self.pos);
        self.diags.push(
            Diagnostic::new(
                Code::Placeholder,
                self.file,
                Some(pos),
                format!("`{name}` is empty or only a placeholder"),
            )
            .with_label("write the real text here"),
        );
    }

    /// A Markdown text field.
    pub fn markdown(&mut self, name: &str) -> Option<Markdown> {
        let line = self.node(name)?.pos.line;
        self.text(name).map(|text| Markdown::new(text, line))
    }

    /// A list of strings; a single scalar counts as a one-item list.
    pub fn text_list(&mut self, name: &str) -> Vec<String> {
        self.list(name, |f, node| match node.as_text() {
            Some(s) => Some(s),
            None => {
                f.wrong_type(name, node, "a string");
                None
            }
        })
    }

    /// A list of ids; a single id counts as a one-item list.
    pub fn ref_list(&mut self, name: &str) -> Vec<Ref> {
        self.list(name, |f, node| f.as_ref(name, node))
    }

    /// A single id.
    pub fn reference(&mut self, name: &str) -> Option<Ref> {
        let node = self.node(name)?;
        self.as_ref(name, node)
    }

    /// An id field (`id`), in NFC like every id.
    pub fn id(&mut self, name: &str) -> Option<String> {
        self.text(name).map(nfc_string)
    }

    fn as_ref(&mut self, name: &str, node: &Node) -> Option<Ref> {
        match node.as_text() {
            Some(id) => Some(Ref {
                id: nfc_string(id),
                pos: node.pos,
            }),
            None => {
                self.wrong_type(name, node, "an id");
                None
            }
        }
    }

    /// Items of a list field, each converted by `item` (which reports its own problems).
    pub fn list<T>(
        &mut self,
        name: &str,
        mut item: impl FnMut(&mut Self, &'a Node) -> Option<T>,
    ) -> Vec<T> {
        let Some(node) = self.node(name) else {
            return Vec::new();
        };
        match &node.value {
            Value::Seq(items) => items.iter().filter_map(|n| item(self, n)).collect(),
            Value::Map(_) => {
                self.wrong_type(name, node, "a list");
                Vec::new()
            }
            _ => item(self, node).into_iter().collect(),
        }
    }

    /// The raw items of a list field, reporting a non-list.
    pub fn items(&mut self, name: &str) -> Option<&'a [Node]> {
        let node = self.node(name)?;
        match &node.value {
            Value::Seq(items) => Some(items),
            _ => {
                self.wrong_type(name, node, "a list");
                None
            }
        }
    }

    /// An integer field.
    pub fn integer(&mut self, name: &str) -> Option<(i64, Pos)> {
        let node = self.node(name)?;
        match &node.value {
            Value::Int(i) => Some((*i, node.pos)),
            Value::Str(s) => match s.trim().parse::<i64>() {
                Ok(i) => Some((i, node.pos)),
                Err(_) => {
                    self.wrong_type(name, node, "an integer");
                    None
                }
            },
            _ => {
                self.wrong_type(name, node, "an integer");
                None
            }
        }
    }

    /// A boolean field.
    pub fn boolean(&mut self, name: &str) -> Option<bool> {
        let node = self.node(name)?;
        match &node.value {
            Value::Bool(b) => Some(*b),
            _ => {
                self.wrong_type(name, node, "`true` or `false`");
                None
            }
        }
    }

    /// An optional text field that must be one of `allowed`.
    pub fn one_of(&mut self, name: &str, allowed: &[&str]) -> Option<String> {
        let value = self.text(name)?;
        if allowed.contains(&value.as_str()) {
            return Some(value);
        }
        let pos = self.node(name).map_or(self.pos, |n| n.pos);
        let mut d = Diagnostic::new(
            Code::InvalidValue,
            self.file,
            Some(pos),
            format!(
                "`{name}` must be one of {}, found `{value}`",
                quoted(allowed)
            ),
        )
        .with_label("not an allowed value");
        if let Some(s) = did_you_mean(&value, allowed.iter().copied()) {
            d = d.with_note(format!("did you mean `{s}`?"));
        }
        self.diags.push(d);
        None
    }

    /// An optional number, read exactly, that must lie in `range`: an integer, a decimal (`33.3`) or a
    /// string of one (`"33.3"`; for [`Range::Percent`] also `"40%"`). Returns the value and where it is.
    pub fn decimal(&mut self, name: &str, range: Range) -> Option<(Decimal, Pos)> {
        let node = self.node(name)?;
        let text = match &node.value {
            Value::Int(i) => i.to_string(),
            // Rust prints a float as the shortest decimal that reads back as it, without an exponent:
            // `33.3` in the file is `33.3` here.
            Value::Float(x) => x.to_string(),
            Value::Str(s) => s.clone(),
            _ => {
                self.wrong_type(name, node, "a number");
                return None;
            }
        };
        let digits = match range {
            Range::Percent => {
                let t = text.trim();
                t.strip_suffix('%').unwrap_or(t).trim_end()
            }
            Range::Positive => text.as_str(),
        };
        let problem = match Decimal::parse(digits) {
            Ok(d) if d.is_zero() => DecimalError::Negative,
            Ok(d) if range == Range::Percent && d > Decimal::whole(100) => DecimalError::TooLarge,
            Ok(d) => return Some((d, node.pos)),
            Err(e) => e,
        };
        let (message, label) = match (problem, range) {
            (DecimalError::NotANumber, Range::Percent) => (
                format!("`{name}` must be a percentage such as `40` or `\"40%\"`, found `{text}`"),
                "not a number",
            ),
            (DecimalError::NotANumber, Range::Positive) => (
                format!("`{name}` must be a number such as `30` or `12.5`, found `{text}`"),
                "not a number",
            ),
            (DecimalError::TooPrecise, _) => (
                format!(
                    "`{name}` has more than {} decimal places: `{text}`",
                    crate::decimal::PLACES
                ),
                "too many decimal places",
            ),
            (_, Range::Percent) => (
                format!("`{name}` is a percentage greater than 0 and at most 100, found `{text}`"),
                "out of range",
            ),
            (DecimalError::TooLarge, Range::Positive) => {
                (format!("`{name}` is too large: `{text}`"), "too large")
            }
            (_, Range::Positive) => (
                format!("`{name}` must be greater than 0, found `{text}`"),
                "out of range",
            ),
        };
        self.invalid(node.pos, message, label);
        None
    }

    pub fn invalid(&mut self, pos: Pos, message: String, label: &str) {
        self.diags.push(
            Diagnostic::new(Code::InvalidValue, self.file, Some(pos), message).with_label(label),
        );
    }
}

/// The values a number field accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Range {
    /// Greater than 0.
    Positive,
    /// Greater than 0 and at most 100; a string may end in `%`.
    Percent,
}

fn quoted(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

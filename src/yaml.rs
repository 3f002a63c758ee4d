//! The one module that knows how YAML is parsed.
//!
//! Everything else sees [`Node`]: a plain tree whose every key and value carries the line and column it
//! came from, so that `check` can point at the exact place of a semantic problem (a dangling reference,
//! a wrong type), not only at YAML syntax errors. serde_yaml has no API for positions, so the parser
//! underneath is yaml-rust2's event parser; swapping it means touching this file only.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Deepest nesting accepted; anything deeper is reported instead of risking the stack.
pub const MAX_DEPTH: usize = 64;
/// Most nodes one document may expand to (guards against alias bombs).
const MAX_NODES: usize = 200_000;

/// A position in a source file: 1-based line, 1-based column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

impl Pos {
    /// A position.
    pub fn new(line: usize, column: usize) -> Self {
        Pos { line, column }
    }
}

/// A YAML value with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where the value starts.
    pub pos: Pos,
    /// The value.
    pub value: Value,
}

/// A YAML value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `~`, `null` or nothing.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating point number.
    Float(f64),
    /// A string (quoted, block or a plain scalar that is not another type).
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order. Keys are scalars rendered as strings.
    Map(Vec<(Key, Node)>),
}

/// A mapping key with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// Where the key is.
    pub pos: Pos,
    /// The key as text.
    pub name: String,
}

impl Value {
    /// A short name of the type, for messages ("a list", "a string").
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

impl Node {
    /// The value under `key`, if this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The scalar as text (strings, numbers and booleans), for places that accept any scalar as text.
    pub fn as_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

/// A problem found while reading YAML. `pos` is already shifted by the caller's line offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlProblem {
    /// Where.
    pub pos: Pos,
    /// What, in words.
    pub message: String,
    /// What kind of problem.
    pub kind: ProblemKind,
    /// For a duplicate key, where the key first appeared.
    pub first: Option<Pos>,
}

/// Kinds of YAML problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// The text is not valid YAML.
    Syntax,
    /// A key appears twice in one mapping (the later value is ignored).
    DuplicateKey,
    /// Nesting deeper than [`MAX_DEPTH`] or too many nodes.
    TooDeep,
}

/// The result of parsing a YAML document: the tree (if the syntax was valid) and the problems found.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The first document's root, or `None` for an empty document or a syntax error.
    pub root: Option<Node>,
    /// Problems, in source order.
    pub problems: Vec<YamlProblem>,
}

/// Parses `text`, whose first line is line `1 + line_offset` of its file.
pub fn parse(text: &str, line_offset: usize) -> Parsed {
    let lines = Lines::new(text, line_offset);
    let mut builder = Builder {
        lines,
        ..Builder::default()
    };
    // Drive the parser's state machine ourselves: `Parser::load` recurses once per nesting level and
    // overflows the stack on deeply nested input; the builder below stops at MAX_DEPTH instead.
    let mut parser = Parser::new_from_str(text);
    let result = loop {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) => break Ok(()),
            Ok((event, mark)) => {
                builder.on_event(event, mark);
                if builder.aborted || builder.done {
                    break Ok(());
                }
            }
            Err(e) => break Err(e),
        }
    };
    let mut problems = builder.problems;
    if let Err(err) = result {
        let m = err.marker();
        problems.push(YamlProblem {
            pos: builder.lines.pos(m),
            message: syntax_message(err.info()),
            kind: ProblemKind::Syntax,
            first: None,
        });
        return Parsed {
            root: None,
            problems,
        };
    }
    if builder.aborted {
        return Parsed {
            root: None,
            problems,
        };
    }
    Parsed {
        root: builder.root,
        problems,
    }
}

/// Turns yaml-rust2's markers into file positions. yaml-rust2 ends a line at `\n`, `\r\n` and also at
/// a lone `\r`; the rest of the tool (the report's source lines, Markdown links; `grep -n`, vi) ends
/// lines at `\n` only. After a lone `\r`, yaml-rust2's line is part of a file line, starting some
/// characters into it. (Its markers' `index` is no help: it counts characters, except over long
/// block-scalar lines, where it counts bytes.)
#[derive(Default)]
struct Lines {
    /// File lines before the text.
    offset: usize,
    /// For each yaml-rust2 line (0-based), its file line (0-based, in the text) and the characters
    /// before it on that file line. Empty when the text has no lone `\r`: then lines are the same.
    starts: Vec<(usize, usize)>,
}

impl Lines {
    fn new(text: &str, offset: usize) -> Self {
        let bytes = text.as_bytes();
        let lone_cr = text
            .match_indices('\r')
            .any(|(i, _)| bytes.get(i + 1) != Some(&b'\n'));
        if !lone_cr {
            return Lines {
                offset,
                starts: Vec::new(),
            };
        }
        let mut starts = vec![(0, 0)];
        let (mut line, mut column) = (0, 0);
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            column += 1;
            match c {
                '\n' => {
                    line += 1;
                    column = 0;
                    starts.push((line, 0));
                }
                '\r' if chars.peek() != Some(&'\n') => starts.push((line, column)),
                _ => {}
            }
        }
        Lines { offset, starts }
    }

    /// The file position of marker `m` (1-based line, 0-based column of yaml-rust2's lines).
    fn pos(&self, m: &Marker) -> Pos {
        let (line, before) = m
            .line()
            .checked_sub(1)
            .and_then(|i| self.starts.get(i))
            .map_or((m.line(), 0), |&(line, before)| (line + 1, before));
        Pos::new(line + self.offset, before + m.col() + 1)
    }
}

enum Frame {
    Seq(Pos, Vec<Node>, usize),
    Map(Pos, Vec<(Key, Node)>, Option<Key>, usize),
}

#[derive(Default)]
struct Builder {
    lines: Lines,
    stack: Vec<Frame>,
    root: Option<Node>,
    anchors: HashMap<usize, Node>,
    problems: Vec<YamlProblem>,
    nodes: usize,
    aborted: bool,
    done: bool,
}

impl Builder {
    fn pos(&self, m: &Marker) -> Pos {
        self.lines.pos(m)
    }

    fn abort(&mut self, pos: Pos, message: String) {
        if !self.aborted {
            self.problems.push(YamlProblem {
                pos,
                message,
                kind: ProblemKind::TooDeep,
                first: None,
            });
        }
        self.aborted = true;
        self.stack.clear();
    }

    fn push_node(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
                self.done = true;
            }
            Some(Frame::Seq(_, items, _)) => items.push(node),
            Some(Frame::Map(_, entries, pending, _)) => match pending.take() {
                None => {
                    let name = node.as_text().unwrap_or_else(|| match node.value {
                        Value::Null => String::new(),
                        _ => "<complex key>".to_string(),
                    });
                    *pending = Some(Key {
                        pos: node.pos,
                        name,
                    });
                }
                Some(key) => {
                    if let Some((first, _)) = entries.iter().find(|(k, _)| k.name == key.name) {
                        let first = first.pos;
                        self.problems.push(YamlProblem {
                            pos: key.pos,
                            message: format!("duplicate key `{}`", key.name),
                            kind: ProblemKind::DuplicateKey,
                            first: Some(first),
                        });
                    } else {
                        entries.push((key, node));
                    }
                }
            },
        }
    }

    fn count(&mut self, pos: Pos, n: usize) -> bool {
        self.nodes += n;
        if self.nodes > MAX_NODES {
            self.abort(
                pos,
                format!("document expands to more than {MAX_NODES} values"),
            );
            return false;
        }
        true
    }
}

fn node_size(node: &Node) -> usize {
    let mut n = 0;
    let mut todo = vec![node];
    while let Some(node) = todo.pop() {
        n += 1;
        match &node.value {
            Value::Seq(items) => todo.extend(items.iter()),
            Value::Map(entries) => todo.extend(entries.iter().map(|(_, v)| v)),
            _ => {}
        }
    }
    n
}

impl Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.aborted || self.done {
            return;
        }
        let pos = self.pos(&mark);
        match ev {
            Event::Scalar(text, style, anchor, tag) => {
                if !self.count(pos, 1) {
                    return;
                }
                let value = scalar_value(text, style, tag.as_ref().map(|t| t.suffix.as_str()));
                self.push_node(Node { pos, value }, anchor);
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if self.stack.len() >= MAX_DEPTH {
                    self.abort(
                        pos,
                        format!("values are nested more than {MAX_DEPTH} levels deep"),
                    );
                    return;
                }
                if !self.count(pos, 1) {
                    return;
                }
                if matches!(ev, Event::SequenceStart(..)) {
                    self.stack.push(Frame::Seq(pos, Vec::new(), anchor));
                } else {
                    self.stack.push(Frame::Map(pos, Vec::new(), None, anchor));
                }
            }
            Event::SequenceEnd | Event::MappingEnd => match self.stack.pop() {
                Some(Frame::Seq(pos, items, anchor)) => {
                    self.push_node(
                        Node {
                            pos,
                            value: Value::Seq(items),
                        },
                        anchor,
                    );
                }
                Some(Frame::Map(pos, entries, _, anchor)) => {
                    // A block mapping's start marker points past its first key; the first key is where it starts.
                    let pos = entries.first().map_or(pos, |(k, _)| k.pos.min(pos));
                    self.push_node(
                        Node {
                            pos,
                            value: Value::Map(entries),
                        },
                        anchor,
                    );
                }
                None => {}
            },
            Event::Alias(id) => match self.anchors.get(&id).cloned() {
                Some(mut node) => {
                    if !self.count(pos, node_size(&node)) {
                        return;
                    }
                    node.pos = pos;
                    self.push_node(node, 0);
                }
                None => self.push_node(
                    Node {
                        pos,
                        value: Value::Null,
                    },
                    0,
                ),
            },
            Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd
            | Event::Nothing => {}
        }
    }
}

/// Resolves a scalar by the YAML 1.2 core schema: only plain scalars become null, booleans or numbers.
fn scalar_value(text: String, style: TScalarStyle, tag: Option<&str>) -> Value {
    if style != TScalarStyle::Plain || tag == Some("str") {
        return Value::Str(text);
    }
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    if let Ok(i) = text.parse::<i64>() {
        return Value::Int(i);
    }
    let looks_numeric = text
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
        && text.bytes().any(|b| b.is_ascii_digit());
    if looks_numeric {
        if let Ok(f) = text.parse::<f64>() {
            return Value::Float(f);
        }
    }
    Value::Str(text)
}

/// yaml-rust2's message for a syntax error, with the ungrammatical ones the parser commonly gives
/// reworded.
fn syntax_message(info: &str) -> String {
    match info {
        "simple key expect ':'" => "expected `:` after a key".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_shifted() {
        let parsed = parse("a: 1\nb: [x, 'y']\n", 1);
        let root = parsed.root.unwrap();
        assert_eq!(root.get("a").unwrap().pos, Pos::new(2, 4));
        let b = root.get("b").unwrap();
        match &b.value {
            Value::Seq(items) => {
                assert_eq!(items[1].pos, Pos::new(3, 8));
                assert_eq!(items[1].value, Value::Str("y".into()));
            }
            other => panic!("expected a list, got {other:?}"),
        }
    }

    #[test]
    fn a_lone_cr_does_not_start_a_file_line() {
        // yaml-rust2 breaks lines at a lone `\r`; positions are still on the `\n` lines of the file.
        let root = parse("a: x\rb: [y, z]\nc: 1\n", 1).root.unwrap();
        match &root.get("b").unwrap().value {
            Value::Seq(items) => assert_eq!(items[1].pos, Pos::new(2, 13)),
            other => panic!("expected a list, got {other:?}"),
        }
        assert_eq!(root.get("c").unwrap().pos, Pos::new(3, 4));
        // Mixed with CRLF (one line end), in a comment, a quoted and a block scalar.
        let root = parse(
            "a: 1\r\nb: 2\rc: 3\r\n# x\rd: 'p\r  q'\ne: |\r  r\r  s\nf: 6\n",
            0,
        );
        assert!(root.problems.is_empty(), "{:?}", root.problems);
        let root = root.root.unwrap();
        let at = |key: &str| root.get(key).unwrap().pos;
        assert_eq!(at("b"), Pos::new(2, 4));
        assert_eq!(at("c"), Pos::new(2, 9));
        assert_eq!(at("d"), Pos::new(3, 8));
        assert_eq!(root.get("d").unwrap().value, Value::Str("p q".into()));
        // A block scalar starts at its first character, `r` here, as it does after a `\n`.
        assert_eq!(at("e"), Pos::new(4, 8));
        assert_eq!(
            parse("e: |\n  r\n", 0).root.unwrap().get("e").unwrap().pos,
            Pos::new(2, 3)
        );
        assert_eq!(root.get("e").unwrap().value, Value::Str("r\ns\n".into()));
        assert_eq!(at("f"), Pos::new(5, 4));
        // Syntax errors too.
        let parsed = parse("a: 1\rb: [\n", 0);
        assert_eq!(parsed.problems[0].kind, ProblemKind::Syntax);
        assert_eq!(parsed.problems[0].pos.line, 2);
    }

    #[test]
    fn scalars_follow_the_core_schema() {
        let root = parse("a: 3\nb: '3'\nc: true\nd: ~\ne: 2026-01-01\nf: 1.5\n", 0)
            .root
            .unwrap();
        assert_eq!(root.get("a").unwrap().value, Value::Int(3));
        assert_eq!(root.get("b").unwrap().value, Value::Str("3".into()));
        assert_eq!(root.get("c").unwrap().value, Value::Bool(true));
        assert_eq!(root.get("d").unwrap().value, Value::Null);
        assert_eq!(
            root.get("e").unwrap().value,
            Value::Str("2026-01-01".into())
        );
        assert_eq!(root.get("f").unwrap().value, Value::Float(1.5));
    }

    #[test]
    fn duplicate_keys_are_reported_with_both_places() {
        let parsed = parse("a: 1\nb: 2\na: 3\n", 0);
        assert_eq!(parsed.problems.len(), 1);
        let p = &parsed.problems[0];
        assert_eq!(p.kind, ProblemKind::DuplicateKey);
        assert_eq!(p.pos, Pos::new(3, 1));
        assert_eq!(p.first, Some(Pos::new(1, 1)));
        assert_eq!(parsed.root.unwrap().get("a").unwrap().value, Value::Int(1));
    }

    #[test]
    fn syntax_errors_carry_the_shifted_line() {
        let parsed = parse("a: 1\n b: 2\n", 1);
        assert!(parsed.root.is_none());
        assert_eq!(parsed.problems[0].kind, ProblemKind::Syntax);
        assert_eq!(parsed.problems[0].pos.line, 3);
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        // Flow nesting hits the scanner's own limit, block nesting ours; neither overflows the stack.
        let parsed = parse(&"[".repeat(100_000), 0);
        assert!(parsed.root.is_none());
        assert_eq!(parsed.problems[0].kind, ProblemKind::Syntax);
        let parsed = parse(&"- ".repeat(100_000), 0);
        assert!(parsed.root.is_none());
        assert_eq!(parsed.problems[0].kind, ProblemKind::TooDeep);
        assert_eq!(parsed.problems[0].pos, Pos::new(1, 1 + 2 * MAX_DEPTH));
    }

    #[test]
    fn alias_bombs_are_bounded() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let parsed = parse(&text, 0);
        assert!(parsed.root.is_none());
        assert_eq!(parsed.problems[0].kind, ProblemKind::TooDeep);
    }
}

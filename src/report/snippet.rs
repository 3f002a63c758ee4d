//! The source lines of human diagnostics: only the lines a diagnostic points at, each escaped (see
//! `escape`) and cut to a window of about [`WIDTH`] columns around its caret, handed to codespan-reporting
//! through its `Files` trait with their real line and column numbers. A 2 MB line prints as 120 columns.

use std::borrow::Cow;
use std::ops::Range;

use codespan_reporting::files::{self, Files};
use unicode_width::UnicodeWidthChar;

use super::escape::{is_unsafe, push_escape, terminal_safe};
use crate::yaml::Pos;

/// Terminal columns of a source line shown around a caret (not counting the `…` marking a cut end).
pub const WIDTH: usize = 120;
/// Columns kept left of the caret when the line is cut.
const LEFT: usize = 40;
/// What marks the end of a line that is cut.
const CUT: &str = "…";

/// A file's text and where its lines start, computed once however many diagnostics point into it.
pub(crate) struct Source<'a> {
    text: Cow<'a, str>,
    starts: Vec<usize>,
}

impl<'a> Source<'a> {
    pub fn new(text: Cow<'a, str>) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Source { text, starts }
    }

    /// Line `number` (1-based) without its line ending (`\n` or `\r\n`), `None` past the end.
    pub fn line(&self, number: usize) -> Option<&str> {
        let start = *self.starts.get(number.checked_sub(1)?)?;
        let end = self
            .starts
            .get(number)
            .map_or(self.text.len(), |next| next - 1);
        let line = self.text.get(start..end)?;
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

/// The byte range of `line` to underline at `column` (1-based, in characters): the word (key, value, id)
/// that starts there; an empty range at the end when the column is past it.
pub(crate) fn word_at(line: &str, column: usize) -> Range<usize> {
    let col = line
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    // The word ends at a delimiter, or after WIDTH characters: no window shows more of it.
    let rest = &line[col..];
    let rest = rest
        .char_indices()
        .nth(WIDTH)
        .map_or(rest, |(i, _)| &rest[..i]);
    let len = rest
        .char_indices()
        .find(|&(i, c)| i > 0 && matches!(c, ':' | ',' | ']' | '}' | '#') || c == '\r')
        .map_or(rest.trim_end().len(), |(i, _)| rest[..i].trim_end().len());
    col..col + len.max(usize::from(!rest.is_empty()))
}

/// One place a diagnostic points at: a range of one line of a file.
#[derive(Clone)]
pub(crate) struct Place<'s> {
    /// The file, as the diagnostic names it.
    pub path: &'s str,
    /// The 1-based line number.
    pub number: usize,
    /// The line's text.
    pub line: &'s str,
    /// The byte range of `line` to underline.
    pub range: Range<usize>,
}

/// The excerpts of one diagnostic, a pseudo-file per file named, as codespan-reporting reads them.
#[derive(Default)]
pub(crate) struct Snippets {
    files: Vec<Excerpts>,
}

/// The shown lines of one file, one after the other; the line numbers and columns they really have.
struct Excerpts {
    name: String,
    text: String,
    starts: Vec<usize>,
    numbers: Vec<usize>,
    /// (byte in `text`, real column) of each label start, for the `file:line:column` header.
    columns: Vec<(usize, usize)>,
}

impl Snippets {
    /// Lays out `places` (the primary first) and returns, for each, its file id and the range to label.
    /// `line_of(path, number)` gives other lines of a file: the one line between two places is shown,
    /// as codespan-reporting shows it; longer gaps show as a break.
    pub fn new<'s>(
        places: &[Place<'s>],
        line_of: impl Fn(&str, usize) -> Option<&'s str>,
    ) -> (Snippets, Vec<(usize, Range<usize>)>) {
        let mut snippets = Snippets::default();
        let mut labels = vec![(0, 0..0); places.len()];
        let mut paths: Vec<&str> = Vec::new();
        for p in places {
            if !paths.contains(&p.path) {
                paths.push(p.path);
            }
        }
        for (id, path) in paths.into_iter().enumerate() {
            let mut numbers: Vec<usize> = places
                .iter()
                .filter(|p| p.path == path)
                .map(|p| p.number)
                .collect();
            numbers.sort_unstable();
            numbers.dedup();
            let mut file = Excerpts {
                name: terminal_safe(path).into_owned(),
                text: String::new(),
                starts: Vec::new(),
                numbers: Vec::new(),
                columns: Vec::new(),
            };
            for (n, &number) in numbers.iter().enumerate() {
                if let Some(&previous) = n.checked_sub(1).and_then(|i| numbers.get(i)) {
                    match number - previous {
                        1 => {}
                        2 => file.push_line(number - 1, line_of(path, number - 1).unwrap_or("")),
                        // Two empty lines that are never shown: codespan-reporting draws a break.
                        _ => {
                            file.push_line(0, "");
                            file.push_line(0, "");
                        }
                    }
                }
                let here: Vec<usize> = (0..places.len())
                    .filter(|&i| places[i].path == path && places[i].number == number)
                    .collect();
                let line = places[here[0]].line;
                let ranges: Vec<Range<usize>> =
                    here.iter().map(|&i| places[i].range.clone()).collect();
                let (excerpt, shown) = excerpt(line, &ranges);
                let start = file.text.len();
                file.push_line(number, &excerpt);
                for (&i, r) in here.iter().zip(shown) {
                    let column = line[..places[i].range.start.min(line.len())]
                        .chars()
                        .count()
                        + 1;
                    file.columns.push((start + r.start, column));
                    labels[i] = (id, start + r.start..start + r.end);
                }
            }
            snippets.files.push(file);
        }
        (snippets, labels)
    }

    fn get(&self, id: usize) -> Result<&Excerpts, files::Error> {
        self.files.get(id).ok_or(files::Error::FileMissing)
    }
}

impl Excerpts {
    fn push_line(&mut self, number: usize, text: &str) {
        self.starts.push(self.text.len());
        self.numbers.push(number);
        self.text.push_str(text);
        self.text.push('\n');
    }
}

impl<'a> Files<'a> for Snippets {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, files::Error> {
        Ok(&self.get(id)?.name)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, files::Error> {
        Ok(&self.get(id)?.text)
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, files::Error> {
        let starts = &self.get(id)?.starts;
        Ok(starts
            .binary_search(&byte_index)
            .unwrap_or_else(|next| next.saturating_sub(1)))
    }

    fn line_number(&'a self, id: usize, line_index: usize) -> Result<usize, files::Error> {
        Ok(self
            .get(id)?
            .numbers
            .get(line_index)
            .copied()
            .unwrap_or(line_index + 1))
    }

    fn column_number(
        &'a self,
        id: usize,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, files::Error> {
        let file = self.get(id)?;
        match file.columns.iter().find(|(at, _)| *at == byte_index) {
            Some(&(_, column)) => Ok(column),
            None => {
                let range = self.line_range(id, line_index)?;
                Ok(files::column_index(&file.text, range, byte_index) + 1)
            }
        }
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, files::Error> {
        let file = self.get(id)?;
        let start = *file
            .starts
            .get(line_index)
            .ok_or(files::Error::LineTooLarge {
                given: line_index,
                max: file.starts.len().saturating_sub(1),
            })?;
        let end = file
            .starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(file.text.len());
        Ok(start..end)
    }
}

/// How `c` is shown, and the columns it takes: a tab as four spaces (as rustc does), an unsafe
/// character as its escape.
fn shown(c: char) -> (Option<String>, usize) {
    if c == '\t' {
        (Some("    ".to_string()), 4)
    } else if is_unsafe(c) {
        let mut s = String::new();
        push_escape(&mut s, c);
        let width = s.len();
        (Some(s), width)
    } else {
        (None, c.width().unwrap_or(0))
    }
}

/// The columns `c` costs in a window: at least 1, so that a window holds at most [`WIDTH`] characters
/// even of a line of zero-width ones (combining marks, zero-width spaces, variation selectors).
fn width(c: char) -> usize {
    shown(c).1.max(1)
}

/// The byte range of `line` to show for a caret at byte `at`: the whole line when it fits in [`WIDTH`]
/// columns, otherwise [`LEFT`] columns before the caret and the rest after it (more before when the line
/// ends first). Every character costs at least a column, so only the [`WIDTH`] characters nearest the
/// caret are looked at, however long the line.
fn window(line: &str, at: usize) -> Range<usize> {
    let mut used = 0;
    let mut start = at;
    for c in line[..at].chars().rev() {
        let w = width(c);
        if used + w > LEFT {
            break;
        }
        used += w;
        start -= c.len_utf8();
    }
    let mut end = at;
    for c in line[at..].chars() {
        let w = width(c);
        if used + w > WIDTH {
            break;
        }
        used += w;
        end += c.len_utf8();
    }
    if end == line.len() {
        for c in line[..start].chars().rev() {
            let w = width(c);
            if used + w > WIDTH {
                break;
            }
            used += w;
            start -= c.len_utf8();
        }
    }
    start..end
}

/// `line` as shown: windowed around the first of `ranges`, escaped, with `…` at a cut end; and each of
/// `ranges` (byte ranges of `line`) as a range of the shown text, clipped to the window.
pub(crate) fn excerpt(line: &str, ranges: &[Range<usize>]) -> (String, Vec<Range<usize>>) {
    let at = ranges
        .first()
        .map_or(0, |r| floor_char_boundary(line, r.start));
    let shown_range = window(line, at);
    let mut text = String::new();
    if shown_range.start > 0 {
        text.push_str(CUT);
    }
    // `offsets[k]`: where in `text` the byte `shown_range.start + k`'s character starts.
    let mut offsets = Vec::new();
    let mut byte = shown_range.start;
    for c in line[shown_range.clone()].chars() {
        offsets.push((byte, text.len()));
        match shown(c).0 {
            Some(s) => text.push_str(&s),
            None => text.push(c),
        }
        byte += c.len_utf8();
    }
    let body_end = text.len();
    offsets.push((shown_range.end, body_end));
    if shown_range.end < line.len() {
        text.push_str(CUT);
    }
    let map = |b: usize| -> usize {
        let b = b.clamp(shown_range.start, shown_range.end);
        offsets
            .iter()
            .find(|(at, _)| *at >= b)
            .map_or(body_end, |&(_, t)| t)
    };
    let labels = ranges
        .iter()
        .map(|r| {
            let start = map(r.start);
            start..map(r.end).max(start)
        })
        .collect();
    (text, labels)
}

/// The largest character boundary of `s` at or before `i`.
fn floor_char_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The place `pos` names in `source`, as a [`Place`] of `path`; `None` past the end of the file.
pub(crate) fn place<'s>(path: &'s str, source: &'s Source<'_>, pos: Pos) -> Option<Place<'s>> {
    let line = source.line(pos.line)?;
    Some(Place {
        path,
        number: pos.line,
        line,
        range: word_at(line, pos.column),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The excerpt of `line` for one label, and that label's range in it.
    fn excerpt_one(line: &str, range: Range<usize>) -> (String, Range<usize>) {
        let (text, mut labels) = excerpt(line, std::slice::from_ref(&range));
        (text, labels.remove(0))
    }

    #[test]
    fn words_at_a_column_are_the_key_value_or_id_there() {
        let line = "segments: [smb, entreprise]";
        assert_eq!(&line[word_at(line, 17)], "entreprise");
        assert_eq!(&line[word_at(line, 1)], "segments");
        assert_eq!(word_at(line, 99), line.len()..line.len());
    }

    #[test]
    fn lines_drop_their_endings() {
        let source = Source::new("a\r\nb\n\nc".into());
        assert_eq!(source.line(1), Some("a"));
        assert_eq!(source.line(2), Some("b"));
        assert_eq!(source.line(3), Some(""));
        assert_eq!(source.line(4), Some("c"));
        assert_eq!(source.line(5), None);
        assert_eq!(source.line(0), None);
    }

    #[test]
    fn short_lines_are_shown_whole() {
        let line = "objection: too expensive";
        let (text, label) = excerpt_one(line, 11..14);
        assert_eq!(text, line);
        assert_eq!(&text[label.clone()], "too");
    }

    #[test]
    fn long_lines_are_cut_around_the_caret() {
        let line = format!("{}TARGET{}", "a".repeat(1000), "b".repeat(1000));
        let (text, label) = excerpt_one(&line, 1000..1006);
        assert_eq!(&text[label.clone()], "TARGET");
        assert!(text.starts_with('…') && text.ends_with('…'), "{text}");
        assert_eq!(text.chars().count(), WIDTH + 2);
        assert_eq!(text[..label.start].chars().count(), LEFT + 1);
    }

    #[test]
    fn a_caret_near_the_end_gets_the_whole_width_before_it() {
        let line = format!("{}END", "a".repeat(2_000_000));
        let (text, label) = excerpt_one(&line, 2_000_000..2_000_003);
        assert_eq!(&text[label.clone()], "END");
        assert!(text.starts_with('…') && !text.ends_with('…'), "{text}");
        assert_eq!(text.chars().count(), WIDTH + 1);
    }

    #[test]
    fn wide_characters_count_two_columns() {
        let line = format!("{}错误{}", "价".repeat(500), "格".repeat(500));
        let at = "价".len() * 500;
        let (text, label) = excerpt_one(&line, at..at + "错误".len());
        assert_eq!(&text[label.clone()], "错误");
        // 120 columns of two-column characters are 60 characters, plus the two `…`.
        assert_eq!(text.chars().count(), WIDTH / 2 + 2);
    }

    #[test]
    fn zero_width_characters_count_one_column() {
        let line = format!("{}X{}", "\u{301}".repeat(10_000), "\u{200b}".repeat(10_000));
        let at = "\u{301}".len() * 10_000;
        let (text, label) = excerpt_one(&line, at..at + 1);
        assert_eq!(&text[label.clone()], "X");
        assert_eq!(text.chars().count(), WIDTH + 2);
        assert_eq!(text[..label.start].chars().count(), LEFT + 1);
    }

    #[test]
    fn control_characters_are_escaped_and_the_label_follows_them() {
        let line = "a\u{1b}[2J\tb: \u{7}x";
        let x = line.find('x').expect("x");
        let (text, label) = excerpt_one(line, x..x + 1);
        assert_eq!(text, "a\\u{1b}[2J    b: \\u{7}x");
        assert_eq!(&text[label.clone()], "x");
    }

    #[test]
    fn a_second_label_off_the_window_is_clipped_to_its_edge() {
        let line = format!("a{}b", " ".repeat(1000));
        let (text, labels) = excerpt(&line, &[1001..1002, 0..1]);
        assert_eq!(&text[labels[0].clone()], "b");
        assert!(
            labels[1].is_empty() && labels[1].start == "…".len(),
            "{labels:?}"
        );
    }
}

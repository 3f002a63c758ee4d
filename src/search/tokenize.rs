//! The tokenizer. `themes/default/static/search.js` implements exactly the same steps; both are tested
//! against the shared vectors in `src/search/vectors.json`, so the build and the browser always agree.
//!
//! 1. Every character that is not CJK: Unicode NFKD, combining marks (General_Category=Mark) removed,
//!    lower-cased: `Café` → `cafe`, full-width `ＡＢＣ` → `abc`. CJK characters are kept as they are
//!    (decomposing `が` would fold it into `か`).
//! 2. Apostrophes (`'`, `’`) between two word characters are dropped: `don't` → `dont`.
//! 3. CJK runs (Han, Hiragana, Katakana) become overlapping bigrams plus the run's last character on its
//!    own, so that a one-character query finds every document containing that character:
//!    `价格太贵` → `价格 格太 太贵 贵`. A one-character run is that character.
//! 4. Other runs of letters and digits are words, stemmed for English by [`stem`].

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use super::stem::stem;

/// A token and where its text starts in the normalized character sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    /// A (stemmed) word of a non-CJK script.
    Word(String),
    /// A CJK bigram, or a single CJK character (a one-character run, or the last one of a run).
    Cjk(String),
}

impl Token {
    /// The indexed term.
    pub fn term(&self) -> &str {
        match self {
            Token::Word(s) | Token::Cjk(s) => s,
        }
    }
}

/// Whether `c` is written without spaces between words (Han, Hiragana, Katakana).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3005 | 0x3007 | 0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

fn is_word(c: char) -> bool {
    c.is_alphabetic() || c.is_numeric()
}

/// Step 1: NFKD, marks removed, lower case; CJK characters unchanged.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        if is_cjk(c) {
            out.push(c);
            continue;
        }
        for d in std::iter::once(c).nfkd() {
            if !is_combining_mark(d) {
                out.extend(d.to_lowercase());
            }
        }
    }
    out
}

/// A run of the normalized text: a word, or a CJK run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Run {
    /// Letters and digits, apostrophes removed, not yet stemmed.
    Word(String),
    /// Consecutive CJK characters.
    Cjk(Vec<char>),
}

/// A run as [`for_each_run`] hands it over: borrowed, valid during the call only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunRef<'a> {
    /// Letters and digits, apostrophes removed, not yet stemmed.
    Word(&'a str),
    /// Consecutive CJK characters.
    Cjk(&'a [char]),
}

/// Steps 1–2 in one pass: calls `f` with each run of `text`, in order. Normalizes character by character
/// and reuses two buffers, so a document costs no allocation per word: the index build tokenizes every
/// document with this. [`runs`] is the same, collected.
pub fn for_each_run(text: &str, mut f: impl FnMut(RunRef<'_>)) {
    let mut s = RunSplitter {
        word: String::new(),
        cjk: Vec::new(),
        apostrophe: false,
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            // Most of a text: a letter or digit of a word, with nothing to normalize.
            s.word_char(c.to_ascii_lowercase(), &mut f);
        } else if c.is_ascii() || is_cjk(c) {
            s.push(c, &mut f);
        } else {
            for d in std::iter::once(c).nfkd() {
                if !is_combining_mark(d) {
                    for l in d.to_lowercase() {
                        s.push(l, &mut f);
                    }
                }
            }
        }
    }
    s.flush(&mut f);
}

/// The state of [`for_each_run`] over the normalized characters.
struct RunSplitter {
    word: String,
    cjk: Vec<char>,
    /// An apostrophe followed the word so far: dropped if a word character comes next.
    apostrophe: bool,
}

impl RunSplitter {
    /// `push` of a character known to be a word character, not CJK.
    fn word_char(&mut self, c: char, f: &mut impl FnMut(RunRef<'_>)) {
        if !self.cjk.is_empty() {
            f(RunRef::Cjk(&self.cjk));
            self.cjk.clear();
        }
        self.apostrophe = false;
        self.word.push(c);
    }

    fn push(&mut self, c: char, f: &mut impl FnMut(RunRef<'_>)) {
        if is_cjk(c) {
            self.end_word(f);
            self.cjk.push(c);
            return;
        }
        if !self.cjk.is_empty() {
            f(RunRef::Cjk(&self.cjk));
            self.cjk.clear();
        }
        if is_word(c) {
            self.apostrophe = false;
            self.word.push(c);
        } else if (c == '\'' || c == '\u{2019}') && !self.word.is_empty() && !self.apostrophe {
            self.apostrophe = true;
        } else {
            self.end_word(f);
        }
    }

    fn end_word(&mut self, f: &mut impl FnMut(RunRef<'_>)) {
        if !self.word.is_empty() {
            f(RunRef::Word(&self.word));
            self.word.clear();
        }
        self.apostrophe = false;
    }

    fn flush(&mut self, f: &mut impl FnMut(RunRef<'_>)) {
        self.end_word(f);
        if !self.cjk.is_empty() {
            f(RunRef::Cjk(&self.cjk));
            self.cjk.clear();
        }
    }
}

/// Steps 1–2: the runs of `text`.
pub fn runs(text: &str) -> Vec<Run> {
    let mut out = Vec::new();
    for_each_run(text, |run| {
        out.push(match run {
            RunRef::Word(w) => Run::Word(w.to_string()),
            RunRef::Cjk(c) => Run::Cjk(c.to_vec()),
        })
    });
    out
}

/// Appends the tokens of one CJK run.
pub fn cjk_tokens(run: &[char], out: &mut Vec<Token>) {
    if run.len() == 1 {
        out.push(Token::Cjk(run[0].to_string()));
        return;
    }
    for pair in run.windows(2) {
        out.push(Token::Cjk(pair.iter().collect()));
    }
    if let Some(last) = run.last() {
        out.push(Token::Cjk(last.to_string()));
    }
}

/// The tokens of `text`, in order, as the index stores them.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for run in runs(text) {
        match run {
            Run::Word(w) => out.push(Token::Word(stem(&w))),
            Run::Cjk(chars) => cjk_tokens(&chars, &mut out),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        tokens(text).iter().map(|t| t.term().to_string()).collect()
    }

    #[test]
    fn latin_words_are_folded_and_stemmed() {
        assert_eq!(terms("Café PRICES, don't!"), ["cafe", "pric", "dont"]);
        assert_eq!(terms("ＡＢＣ naïve"), ["abc", "naiv"]);
    }

    #[test]
    fn cjk_runs_become_bigrams_and_a_last_character() {
        assert_eq!(terms("价格太贵"), ["价格", "格太", "太贵", "贵"]);
        assert_eq!(terms("贵"), ["贵"]);
        assert_eq!(terms("太贵了ok"), ["太贵", "贵了", "了", "ok"]);
    }

    #[test]
    fn mixed_script_text_splits_at_script_changes() {
        assert_eq!(terms("用Office365备份"), ["用", "office365", "备份", "份"]);
    }

    /// The tokenizer's definition, step by step (normalize the whole text, then split): the one-pass
    /// [`for_each_run`] must split every text the same way.
    fn runs_by_definition(text: &str) -> Vec<Run> {
        let chars: Vec<char> = normalize(text).chars().collect();
        let mut runs = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if is_cjk(c) {
                let start = i;
                while i < chars.len() && is_cjk(chars[i]) {
                    i += 1;
                }
                runs.push(Run::Cjk(chars[start..i].to_vec()));
            } else if is_word(c) {
                let mut word = String::new();
                while i < chars.len() {
                    let c = chars[i];
                    if is_word(c) && !is_cjk(c) {
                        word.push(c);
                    } else if (c == '\'' || c == '\u{2019}')
                        && i + 1 < chars.len()
                        && is_word(chars[i + 1])
                        && !is_cjk(chars[i + 1])
                    {
                        // dropped: don't → dont
                    } else {
                        break;
                    }
                    i += 1;
                }
                runs.push(Run::Word(word));
            } else {
                i += 1;
            }
        }
        runs
    }

    #[test]
    fn one_pass_runs_match_the_definition() {
        let cases = [
            "don't can''t rock'n'roll ' 'tis o' x'中 它's",
            "Café ＡＢＣ naïve ﬁne ㈠价格 ½ Ⅻ İstanbul ß",
            "用Office365备份，价格太贵了ok 　全角Ｏｆｆｉｃｅ",
            "",
            "'''",
            "a’b’’c d’",
        ];
        for text in cases {
            assert_eq!(runs(text), runs_by_definition(text), "runs of {text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn one_pass_runs_match_the_definition_on_any_text(
            text in "[a-zA-Z0-9 '\u{2019}éÅ价格太贵了ひらカナ㈠ﬁ½İ，。.-]{0,40}"
        ) {
            proptest::prop_assert_eq!(runs(&text), runs_by_definition(&text));
        }

        #[test]
        fn one_pass_runs_match_the_definition_on_any_unicode(text in "\\PC{0,30}") {
            proptest::prop_assert_eq!(runs(&text), runs_by_definition(&text));
        }
    }

    #[test]
    fn shared_vectors_match() {
        #[derive(serde::Deserialize)]
        struct Vectors {
            tokens: Vec<(String, Vec<String>)>,
            stems: Vec<(String, String)>,
        }
        let v: Vectors = serde_json::from_str(include_str!("vectors.json")).expect("vectors.json");
        for (text, expected) in v.tokens {
            assert_eq!(terms(&text), expected, "tokens of {text:?}");
        }
        for (word, expected) in v.stems {
            assert_eq!(stem(&word), expected, "stem of {word:?}");
        }
    }
}

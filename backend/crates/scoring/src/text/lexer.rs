//! A deliberately small Python lexer. It only needs to be stable: the same text always gives the
//! same tokens, and formatting (spacing, trailing comments) never changes them.

use std::collections::BTreeMap;
use std::rc::Rc;

/// Two-character operators are kept as one token so `a+=1` and `a += 1` lex alike: `==`, `!=`,
/// `<=`, `>=`, `**`, `//`, `->`, `+=`, `-=`, `*=`, `/=`, `%=`, `:=`, `<<`, `>>`, `&=`, `|=`, `^=`.
fn is_two_char_op(first: u8, second: u8) -> bool {
    matches!(
        (first, second),
        (
            b'=' | b'!'
                | b'<'
                | b'>'
                | b'+'
                | b'-'
                | b'*'
                | b'/'
                | b'%'
                | b':'
                | b'&'
                | b'|'
                | b'^',
            b'='
        ) | (b'*', b'*')
            | (b'/', b'/')
            | (b'-', b'>')
            | (b'<', b'<')
            | (b'>', b'>')
    )
}

/// Lexes one line; a `#` outside a string ends it.
pub fn tokens(line: &str) -> Vec<&str> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'#' {
            break;
        }
        if c == b'"' || c == b'\'' {
            i = string_end(bytes, i);
        } else if is_word_byte(c) {
            while i < bytes.len()
                && (is_word_byte(bytes[i]) || (c.is_ascii_digit() && bytes[i] == b'.'))
            {
                i += 1;
            }
        } else if bytes
            .get(i + 1)
            .is_some_and(|next| is_two_char_op(c, *next))
        {
            i += 2;
        } else {
            // One character, which may be multi-byte UTF-8.
            i += line[i..].chars().next().map_or(1, char::len_utf8);
        }
        out.push(&line[start..i]);
    }
    out
}

fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

/// End (exclusive) of the string literal starting at `start`; an unclosed string runs to the line end.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let triple = bytes.len() >= start + 3 && bytes[start + 1] == quote && bytes[start + 2] == quote;
    let mut i = start + if triple { 3 } else { 1 };
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i] == quote {
            if !triple {
                return i + 1;
            }
            if bytes.len() >= i + 3 && bytes[i + 1] == quote && bytes[i + 2] == quote {
                return i + 3;
            }
        }
        i += 1;
    }
    bytes.len()
}

/// The normalised form of a line: its tokens joined by single spaces. Blank and comment-only lines
/// give an empty string.
pub fn normalise(line: &str) -> String {
    tokens(line).join(" ")
}

/// Trivial lines never count as evidence: fewer than 3 tokens (`else:`, `pass`, `return x`) or
/// nothing but brackets and separators.
pub fn is_trivial(toks: &[&str]) -> bool {
    toks.len() < 3
        || toks
            .iter()
            .all(|t| matches!(*t, "(" | ")" | "[" | "]" | "{" | "}" | "," | ":" | ";"))
}

/// One normalised line of a code text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormLine {
    /// 0-based index of the raw line.
    pub row: usize,
    pub text: String,
    pub trivial: bool,
}

/// A multiset of normalised lines. The text is shared: every code state holds its full multiset.
pub type Multiset = BTreeMap<Rc<str>, u32>;

/// Normalised, non-empty lines of a code text.
pub fn norm_lines(code: &str) -> Vec<NormLine> {
    code.lines()
        .enumerate()
        .filter_map(|(row, raw)| {
            let toks = tokens(raw);
            (!toks.is_empty()).then(|| NormLine {
                row,
                trivial: is_trivial(&toks),
                text: toks.join(" "),
            })
        })
        .collect()
}

/// Multiset of the non-trivial lines (NTLs) of a code text.
pub fn ntl_multiset(code: &str) -> Multiset {
    let mut set = Multiset::new();
    for line in norm_lines(code).into_iter().filter(|l| !l.trivial) {
        *set.entry(line.text.into()).or_default() += 1;
    }
    set
}

/// `a − b` as multisets.
pub fn multiset_minus(a: &Multiset, b: &Multiset) -> Multiset {
    a.iter()
        .filter_map(|(line, n)| {
            let left = n.saturating_sub(b.get(line).copied().unwrap_or(0));
            (left > 0).then(|| (line.clone(), left))
        })
        .collect()
}

/// Size of `a ∩ b` as multisets.
pub fn multiset_overlap(a: &Multiset, b: &Multiset) -> u32 {
    a.iter()
        .map(|(line, n)| (*n).min(b.get(line).copied().unwrap_or(0)))
        .sum()
}

pub fn multiset_size(a: &Multiset) -> u32 {
    a.values().sum()
}

/// Python-style identifiers in a text (words that start with a letter or underscore).
pub fn identifiers(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexes_operators_strings_and_comments() {
        assert_eq!(tokens("x+=1  # bump"), vec!["x", "+=", "1"]);
        assert_eq!(
            tokens("s = 'a # not comment'"),
            vec!["s", "=", "'a # not comment'"]
        );
        assert_eq!(tokens("y = 3.14e2"), vec!["y", "=", "3.14e2"]);
        assert_eq!(tokens(r#"d = """doc""" "#), vec!["d", "=", r#""""doc""""#]);
        assert_eq!(tokens("  # only a comment"), Vec::<&str>::new());
    }

    #[test]
    fn exactly_the_eighteen_operators_are_two_characters() {
        let ops = [
            "==", "!=", "<=", ">=", "**", "//", "->", "+=", "-=", "*=", "/=", "%=", ":=", "<<",
            ">>", "&=", "|=", "^=",
        ];
        for first in 0..=u8::MAX {
            for second in 0..=u8::MAX {
                let listed = ops.iter().any(|op| op.as_bytes() == [first, second]);
                assert_eq!(is_two_char_op(first, second), listed, "{first} {second}");
            }
        }
        assert_eq!(tokens("a//=b->c"), vec!["a", "//", "=", "b", "->", "c"]);
    }

    #[test]
    fn formatting_does_not_change_the_normal_form() {
        assert_eq!(
            normalise("total=sum( xs )"),
            normalise("    total = sum(xs)   # add up")
        );
    }

    #[test]
    fn trivial_lines() {
        for line in [
            "else:", "try:", "pass", "return", "return x", "break", "continue", "])", "}),",
        ] {
            assert!(is_trivial(&tokens(line)), "{line} should be trivial");
        }
        assert!(!is_trivial(&tokens("return x + 1")));
        assert!(!is_trivial(&tokens("x = 1")));
    }

    #[test]
    fn ntl_multiset_counts_copies_and_skips_trivia() {
        let set = ntl_multiset("x = 1\n\nx = 1\npass\n# c\ny = 2\n");
        assert_eq!(set.get("x = 1"), Some(&2));
        assert_eq!(set.get("y = 2"), Some(&1));
        assert_eq!(multiset_size(&set), 3);
    }

    #[test]
    fn multiset_arithmetic() {
        let a = ntl_multiset("x = 1\nx = 1\ny = 2\n");
        let b = ntl_multiset("x = 1\nz = 3\n");
        assert_eq!(multiset_size(&multiset_minus(&a, &b)), 2);
        assert_eq!(multiset_overlap(&a, &b), 1);
    }
}

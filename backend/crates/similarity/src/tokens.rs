//! Python source as normalised tokens, as MOSS reads it: comments and whitespace dropped, every identifier one
//! token `V` (so renaming changes nothing), every string `S` and number `N`; keywords, operators, the common
//! builtins and attribute names stay as written, since they carry the program's shape.

/// One token with the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub line: u32,
}

const KEYWORDS: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Builtins renaming cannot touch; kept because `sorted(set(x))` and `len(x)` are different programs.
const BUILTINS: [&str; 30] = [
    "abs",
    "all",
    "any",
    "bool",
    "dict",
    "enumerate",
    "filter",
    "float",
    "int",
    "isinstance",
    "len",
    "list",
    "map",
    "max",
    "min",
    "next",
    "print",
    "range",
    "reversed",
    "round",
    "self",
    "set",
    "sorted",
    "str",
    "sum",
    "tuple",
    "zip",
    "super",
    "iter",
    "object",
];

const THREE_CHAR_OPS: [&str; 5] = ["**=", "//=", ">>=", "<<=", "..."];
const TWO_CHAR_OPS: [&str; 19] = [
    "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "**", "//", "->", "<<",
    ">>", ":=", "@=",
];

fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_ident_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// The normalised tokens of `source`. Never fails: text it cannot read is skipped a character at a time.
pub fn tokenize(source: &str) -> Vec<Token> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut line = 1u32;
    let mut i = 0;
    let mut after_dot = false;
    let push = |out: &mut Vec<Token>, text: &str, line: u32| {
        out.push(Token {
            text: text.to_string(),
            line,
        })
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() || c == '\\' {
            i += 1;
        } else if c == '#' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if let Some(len) = string_at(&chars, i) {
            push(&mut out, "S", line);
            line += chars[i..i + len].iter().filter(|&&c| c == '\n').count() as u32;
            i += len;
            after_dot = false;
        } else if c.is_ascii_digit()
            || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit))
        {
            while i < chars.len()
                && (chars[i].is_ascii_alphanumeric() || chars[i] == '.' || chars[i] == '_')
            {
                i += 1;
            }
            push(&mut out, "N", line);
            after_dot = false;
        } else if is_ident_start(c) {
            let start = i;
            while i < chars.len() && is_ident_char(chars[i]) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let kept =
                after_dot || KEYWORDS.contains(&word.as_str()) || BUILTINS.contains(&word.as_str());
            push(&mut out, if kept { &word } else { "V" }, line);
            after_dot = false;
        } else {
            let rest: String = chars[i..(i + 3).min(chars.len())].iter().collect();
            let op = THREE_CHAR_OPS
                .iter()
                .chain(TWO_CHAR_OPS.iter())
                .find(|op| rest.starts_with(*op))
                .map(|op| op.to_string())
                .unwrap_or_else(|| c.to_string());
            i += op.chars().count();
            after_dot = op == ".";
            push(&mut out, &op, line);
        }
    }
    out
}

/// The length in chars of a string literal starting at `i` (with any prefix such as `f`, `rb`), or `None`.
fn string_at(chars: &[char], i: usize) -> Option<usize> {
    let mut j = i;
    while j < chars.len() && j - i < 2 && "rRbBuUfF".contains(chars[j]) {
        j += 1;
    }
    let quote = *chars.get(j)?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    // A prefix must not be the tail of an identifier (`chr"` is not a prefix).
    if j > i && i > 0 && is_ident_char(chars[i - 1]) {
        return None;
    }
    let triple = chars.get(j + 1) == Some(&quote) && chars.get(j + 2) == Some(&quote);
    let mut k = j + if triple { 3 } else { 1 };
    while k < chars.len() {
        if chars[k] == '\\' {
            k += 2;
            continue;
        }
        if triple {
            if chars[k] == quote
                && chars.get(k + 1) == Some(&quote)
                && chars.get(k + 2) == Some(&quote)
            {
                return Some(k + 3 - i);
            }
        } else if chars[k] == quote {
            return Some(k + 1 - i);
        } else if chars[k] == '\n' {
            // An unterminated one-line string ends at the line's end.
            return Some(k - i);
        }
        k += 1;
    }
    Some(chars.len() - i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(source: &str) -> Vec<String> {
        tokenize(source).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn renaming_comments_and_layout_change_nothing() {
        let a = "def total(items):\n    # sum the prices\n    s = 0\n    for it in items:\n        s += it.price\n    return s\n";
        let b = "def grand_sum(rows):  # renamed\n    acc=0\n\n    for r in rows:\n        acc += r.price\n    return acc";
        assert_eq!(texts(a), texts(b));
    }

    #[test]
    fn literals_are_classes_and_lines_are_kept() {
        let tokens = tokenize("x = 'a'\ny = \"\"\"doc\nmore\"\"\"\nz = 3.5 + f\"{x}\"\nw = 1");
        let text: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            text,
            [
                "V", "=", "S", "V", "=", "S", "V", "=", "N", "+", "S", "V", "=", "N"
            ]
        );
        assert_eq!(tokens.last().unwrap().line, 5);
        assert_eq!(tokens[6].line, 4);
    }

    #[test]
    fn keywords_builtins_and_attributes_stay() {
        assert_eq!(
            texts("return sorted(set(xs), key=len) if xs.count else None"),
            [
                "return", "sorted", "(", "set", "(", "V", ")", ",", "V", "=", "len", ")", "if",
                "V", ".", "count", "else", "None"
            ]
        );
    }
}

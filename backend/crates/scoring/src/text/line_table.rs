//! Non-trivial lines interned by raw text. A long session repeats the same raw lines in hundreds of
//! snapshots, so each distinct raw line is lexed once and each normal form is stored once; code
//! states then share the stored text instead of copying it.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use super::lexer::{is_trivial, tokens};

/// The NTL behind each raw line seen so far. Only looked up, never iterated, so the hash order
/// cannot reach a report.
#[derive(Default)]
pub struct LineTable<'a> {
    /// Raw line → its NTL, or `None` for blank, comment-only and trivial lines.
    raw: HashMap<&'a str, Option<Rc<str>>>,
    /// One stored text per normal form, so two spellings of a line share it.
    normal: HashSet<Rc<str>>,
}

impl<'a> LineTable<'a> {
    /// The NTL of a raw line, lexing it only the first time this text is seen.
    pub fn ntl(&mut self, raw: &'a str) -> Option<Rc<str>> {
        if let Some(known) = self.raw.get(raw) {
            return known.clone();
        }
        let toks = tokens(raw);
        let ntl = (!toks.is_empty() && !is_trivial(&toks)).then(|| self.intern(toks.join(" ")));
        self.raw.insert(raw, ntl.clone());
        ntl
    }

    fn intern(&mut self, text: String) -> Rc<str> {
        if let Some(stored) = self.normal.get(text.as_str()) {
            return stored.clone();
        }
        let stored: Rc<str> = text.into();
        self.normal.insert(stored.clone());
        stored
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_a_line_share_one_text_and_trivia_have_none() {
        let mut table = LineTable::default();
        let a = table.ntl("total = sum(xs)  # add").expect("an NTL");
        let b = table.ntl("    total=sum( xs )").expect("an NTL");
        assert!(Rc::ptr_eq(&a, &b));
        assert_eq!(&*a, "total = sum ( xs )");
        assert_eq!(table.ntl("    return x"), None);
        assert_eq!(table.ntl("# only a comment"), None);
        assert_eq!(table.ntl(""), None);
    }
}

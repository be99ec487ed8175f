//! Code blocks in AI replies: fenced blocks, and indented blocks of 3 or more lines. Whole replies
//! are fingerprinted separately (see `provenance`) to tell AI text from outside pastes.

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::record::Exchange;
use crate::text::lexer::{Multiset, ntl_multiset};

/// Shortest indented run that counts as a code block.
const MIN_INDENTED_LINES: usize = 3;

#[derive(Debug, Clone)]
pub struct AiBlock {
    pub exchange_id: u64,
    pub t_reply_ms: u64,
    /// The block's NTLs minus lines the code already had before the reply (the AI echoing the
    /// candidate is never the AI's work).
    pub lines: Multiset,
}

impl AiBlock {
    pub fn size(&self) -> u32 {
        self.lines.values().sum()
    }
}

/// Raw code blocks of a reply, in order.
pub fn code_blocks(reply: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut fenced: Option<Vec<&str>> = None;
    let mut indented: Vec<&str> = Vec::new();
    let flush = |indented: &mut Vec<&str>, blocks: &mut Vec<String>| {
        if indented.len() >= MIN_INDENTED_LINES {
            blocks.push(indented.join("\n"));
        }
        indented.clear();
    };
    for line in reply.lines() {
        if line.trim_start().starts_with("```") {
            match fenced.take() {
                Some(body) => blocks.push(body.join("\n")),
                None => {
                    flush(&mut indented, &mut blocks);
                    fenced = Some(Vec::new());
                }
            }
        } else if let Some(body) = fenced.as_mut() {
            body.push(line);
        } else if line.starts_with("    ") || line.starts_with('\t') {
            indented.push(line);
        } else if !line.trim().is_empty() {
            flush(&mut indented, &mut blocks);
        }
    }
    // An unclosed fence still holds code the candidate could copy.
    if let Some(body) = fenced {
        blocks.push(body.join("\n"));
    }
    flush(&mut indented, &mut blocks);
    blocks
}

/// Every non-empty AI block of the session. `first_seen` says when each line first existed in the
/// candidate's code.
pub fn build(exchanges: &[Exchange], first_seen: &BTreeMap<Rc<str>, u64>) -> Vec<AiBlock> {
    exchanges
        .iter()
        .flat_map(|ex| {
            code_blocks(&ex.reply).into_iter().map(move |body| {
                let lines = ntl_multiset(&body)
                    .into_iter()
                    .filter(|(line, _)| first_seen.get(line).is_none_or(|t| *t > ex.t_reply_ms))
                    .collect();
                AiBlock {
                    exchange_id: ex.id,
                    t_reply_ms: ex.t_reply_ms,
                    lines,
                }
            })
        })
        .filter(|b| b.size() > 0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_fenced_and_indented_blocks() {
        let reply = "Try this:\n```python\nx = 1\ny = 2\n```\nor\n    a = 1\n    b = 2\n    c = 3\nDone.\n    z = 1\n";
        assert_eq!(
            code_blocks(reply),
            vec![
                "x = 1\ny = 2".to_string(),
                "    a = 1\n    b = 2\n    c = 3".into()
            ]
        );
    }

    #[test]
    fn unclosed_fence_is_a_block() {
        assert_eq!(code_blocks("```\nq = 9\n"), vec!["q = 9".to_string()]);
    }
}

//! The `hints` AI policy, enforced rather than asked for: the system prompt forbids complete solutions, and any
//! fenced code block in a reply longer than a few lines is cut to its first lines before the candidate sees it
//! (the cut is recorded as evidence by the caller). Pure.

/// A code block may show this many lines; the rest is cut.
pub const MAX_HINT_CODE_LINES: usize = 4;

/// What the system prompt adds in `hints` mode.
pub const HINTS_PROMPT: &str = "This assessment allows hints only. Explain, ask guiding questions and point at \
     the relevant part of the code; never write the complete solution or whole functions. Code snippets of at \
     most four lines are allowed; longer code is cut before the candidate sees it.";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cut {
    /// The reply as the candidate sees it.
    pub text: String,
    /// Lines of code removed, over all blocks.
    pub removed_lines: usize,
    /// How many code blocks were cut.
    pub blocks_cut: usize,
}

fn is_fence(line: &str) -> bool {
    let trimmed = line.trim_start();
    line.len() - trimmed.len() <= 3 && (trimmed.starts_with("```") || trimmed.starts_with("~~~"))
}

/// Cuts every fenced code block of `reply` to `MAX_HINT_CODE_LINES` lines, with a note where code was removed.
/// A block the model left unterminated is cut the same way.
pub fn cut(reply: &str) -> Cut {
    let mut out: Vec<String> = Vec::new();
    let (mut removed_lines, mut blocks_cut) = (0, 0);
    let mut in_block = false;
    let mut block_lines = 0;
    let mut dropped = 0;
    let close = |out: &mut Vec<String>, dropped: usize| {
        if dropped > 0 {
            out.push(format!(
                "_({dropped} more line{} of code cut: this assessment allows hints, not complete solutions.)_",
                if dropped == 1 { "" } else { "s" }
            ));
        }
    };
    for line in reply.split('\n') {
        if is_fence(line) {
            out.push(line.to_string());
            if in_block {
                close(&mut out, dropped);
                if dropped > 0 {
                    blocks_cut += 1;
                    removed_lines += dropped;
                }
            }
            in_block = !in_block;
            block_lines = 0;
            dropped = 0;
            continue;
        }
        if in_block {
            block_lines += 1;
            if block_lines > MAX_HINT_CODE_LINES {
                dropped += 1;
                continue;
            }
        }
        out.push(line.to_string());
    }
    if in_block && dropped > 0 {
        out.push("```".into());
        close(&mut out, dropped);
        blocks_cut += 1;
        removed_lines += dropped;
    }
    Cut {
        text: out.join("\n"),
        removed_lines,
        blocks_cut,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_code_and_prose_pass_unchanged() {
        let reply = "Look at the loop bound:\n\n```python\nfor i in range(n - 1):\n    ...\n```\n\nIt stops one early.";
        assert_eq!(cut(reply).text, reply);
        assert_eq!(cut(reply).removed_lines, 0);
    }

    #[test]
    fn long_blocks_are_cut_with_a_note() {
        let code: Vec<String> = (1..=12).map(|i| format!("    line_{i} = {i}")).collect();
        let reply = format!(
            "Here:\n```python\ndef solve(x):\n{}\n```\nand\n```\na\nb\nc\nd\ne\n```\nDone.",
            code.join("\n")
        );
        let result = cut(&reply);
        assert_eq!(result.blocks_cut, 2);
        assert_eq!(result.removed_lines, 13 - 4 + 1);
        assert!(
            result
                .text
                .contains("def solve(x):\n    line_1 = 1\n    line_2 = 2\n    line_3 = 3\n```")
        );
        assert!(!result.text.contains("line_4"));
        assert!(result.text.contains("_(9 more lines of code cut"));
        assert!(result.text.contains("_(1 more line of code cut"));
        assert!(result.text.ends_with("Done."));
    }

    #[test]
    fn an_unterminated_block_is_cut_and_closed() {
        let reply = "```\n1\n2\n3\n4\n5\n6";
        let result = cut(reply);
        assert_eq!(result.removed_lines, 2);
        assert_eq!(
            result.text,
            "```\n1\n2\n3\n4\n```\n_(2 more lines of code cut: this assessment allows hints, not complete solutions.)_"
        );
    }
}

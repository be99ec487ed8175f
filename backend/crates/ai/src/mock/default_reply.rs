//! The mock's unscripted answer: deterministic, clearly labelled, and shaped like what the app
//! needs to exercise (a fenced Python block for "Insert into editor", judge JSON for judges).

use crate::judge::{CODE_QUALITY_SHAPE, PROMPT_QUALITY_SHAPE};
use crate::task_draft::TASK_DRAFT_SHAPE;
use crate::understanding::{GRADES_SHAPE, QUESTIONS_SHAPE};

/// How much of the question the reply quotes back.
const ECHO_CHARS: usize = 80;

pub(crate) fn default_reply(system: &str, last_user_message: &str) -> String {
    if system.contains(CODE_QUALITY_SHAPE) {
        return r#"{"overall": 7.5, "readability": 8, "efficiency": 7, "correctness": 7.5, "reasons": ["Clear names and small functions.", "One loop could use a set lookup.", "Edge cases are mostly handled."]}"#.to_owned();
    }
    if system.contains(TASK_DRAFT_SHAPE) {
        return serde_json::to_string(&crate::sample_drafts::sound()).unwrap_or_default();
    }
    if system.contains(QUESTIONS_SHAPE) {
        return r#"{"questions": ["[mock] Why did you change the function the tests exercise, and what was wrong before?", "[mock] What does your code do when the input is empty?", "[mock] Which test would you add next, and why?"]}"#.to_owned();
    }
    if system.contains(GRADES_SHAPE) {
        return r#"{"grades": [{"score": 8, "reason": "Names the bug and the fix."}, {"score": 6, "reason": "Partly right about the empty input."}, {"score": 7, "reason": "A sensible next test."}]}"#.to_owned();
    }
    if system.contains(PROMPT_QUALITY_SHAPE) {
        return r#"{"score": 7, "reasons": ["States the goal clearly.", "Could include the failing test output."]}"#.to_owned();
    }
    let question: String = last_user_message
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(ECHO_CHARS)
        .collect();
    format!(
        "[mock assistant] You asked: \"{question}\"\n\n\
         A common fix is to deduplicate while keeping the original order:\n\n\
         ```python\n\
         def unique_in_order(items):\n    \
             seen = set()\n    \
             result = []\n    \
             for item in items:\n        \
                 if item not in seen:\n            \
                     seen.add(item)\n            \
                     result.append(item)\n    \
             return result\n\
         ```\n\n\
         Run the tests again after applying it."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chat_reply_echoes_the_question_and_has_a_python_block() {
        let reply = default_reply("You are helpful.", "Why   does\nmy loop fail?");
        assert!(reply.contains("You asked: \"Why does my loop fail?\""));
        assert!(reply.contains("```python\ndef unique_in_order(items):\n    seen = set()\n"));
        assert!(reply.contains("\n```\n"));
    }
}

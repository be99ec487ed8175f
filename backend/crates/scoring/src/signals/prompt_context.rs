//! What a prompt says about the session: its prose (pasted code and output removed), the grounded
//! names it uses, and whether it quotes the failure. Shared by prompt quality and design thinking.

use std::collections::BTreeSet;

use crate::prep::Prepared;
use crate::prep::states::state_for_hash;
use crate::record::Exchange;
use crate::text::lexer::{identifiers, normalise};
use crate::text::patterns::EXCEPTION_TYPE;
use crate::text::python::{defined_names, file_names};

/// Consecutive characters of the failure output that count as quoting it.
const QUOTE_CHARS: usize = 20;
/// A shorter output line counts when quoted whole and at least this long.
const MIN_WHOLE_LINE: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorContext {
    None,
    NamesException,
    Quotes,
}

#[derive(Debug, Clone)]
pub struct PromptContext {
    /// The prompt with code blocks, pasted code lines and pasted output lines removed.
    pub prose: String,
    pub words: usize,
    /// Function, class, file or test names of the session that the prose mentions.
    pub grounded: BTreeSet<String>,
    pub error: ErrorContext,
    /// Exception types from the latest failure (a sentence naming one is tied to the session).
    pub exceptions: BTreeSet<String>,
    /// Distinct NTLs of the current code the prompt includes.
    pub code_lines: usize,
}

impl PromptContext {
    pub fn new(p: &Prepared<'_>, ex: &Exchange) -> Self {
        let state = &p.states[state_for_hash(&p.states, &ex.code_hash, ex.t_prompt_ms)];
        let failure = p
            .latest_failure_before(ex.t_prompt_ms)
            .map(|r| r.output.as_str())
            .unwrap_or("");
        let mut names = defined_names(state.code);
        names.extend(file_names(failure));
        if let Some(run) = p
            .runs
            .iter()
            .rev()
            .find(|r| r.t_ms <= ex.t_prompt_ms && !r.tests.is_empty())
        {
            names.extend(run.tests.iter().map(|t| t.name.clone()));
        }
        let output_lines: BTreeSet<&str> = failure
            .lines()
            .map(str::trim)
            .filter(|l| l.len() >= MIN_WHOLE_LINE)
            .collect();

        let mut prose_lines = Vec::new();
        let mut code_lines = BTreeSet::new();
        let mut in_fence = false;
        for line in ex.prompt.lines() {
            let norm = normalise(line);
            if line.trim_start().starts_with("```") {
                in_fence = !in_fence;
            } else if state.ntl.contains_key(norm.as_str()) {
                code_lines.insert(norm);
            } else if !in_fence && !output_lines.contains(line.trim()) {
                prose_lines.push(line);
            }
        }
        let prose = prose_lines.join("\n");
        let prose_ids: BTreeSet<&str> = identifiers(&prose).collect();
        let grounded = names
            .into_iter()
            .filter(|n| {
                if n.ends_with(".py") {
                    prose.contains(n.as_str())
                } else {
                    prose_ids.contains(n.as_str())
                }
            })
            .collect();
        let exceptions: BTreeSet<String> = EXCEPTION_TYPE
            .find_iter(failure)
            .map(|m| m.as_str().to_string())
            .collect();
        let error = if quotes_output(&ex.prompt, &output_lines) {
            ErrorContext::Quotes
        } else if exceptions.iter().any(|e| ex.prompt.contains(e.as_str())) {
            ErrorContext::NamesException
        } else {
            ErrorContext::None
        };
        Self {
            words: prose.split_whitespace().count(),
            prose,
            grounded,
            error,
            exceptions,
            code_lines: code_lines.len(),
        }
    }

    /// Sentences of the prose: split at ? ! and line breaks, and at a full stop followed by a space
    /// (so `2.5` or `a.py` stay whole).
    pub fn sentences(&self) -> impl Iterator<Item = &str> {
        self.prose
            .split(['?', '!', '\n'])
            .flat_map(|part| part.split(". "))
            .map(|s| s.trim().trim_end_matches('.'))
            .filter(|s| !s.is_empty())
    }

    /// A sentence is tied to the session when it names a grounded name or a reported exception.
    pub fn is_tied(&self, sentence: &str) -> bool {
        let ids: BTreeSet<&str> = identifiers(sentence).collect();
        self.grounded.iter().any(|n| {
            if n.ends_with(".py") {
                sentence.contains(n.as_str())
            } else {
                ids.contains(n.as_str())
            }
        }) || self.exceptions.iter().any(|e| ids.contains(e.as_str()))
    }

    /// Any sentence both matching `pattern` and tied to the session.
    pub fn tied_match(&self, pattern: &regex::Regex) -> bool {
        self.sentences()
            .any(|s| pattern.is_match(s) && self.is_tied(s))
    }

    pub fn is_grounded(&self) -> bool {
        !self.grounded.is_empty() || self.error != ErrorContext::None || self.code_lines >= 2
    }
}

/// Whether the prompt quotes 20 consecutive characters, or a whole line, of the failure output.
fn quotes_output(prompt: &str, output_lines: &BTreeSet<&str>) -> bool {
    output_lines.iter().any(|line| {
        if prompt.contains(line) {
            return true;
        }
        let bounds: Vec<usize> = line
            .char_indices()
            .map(|(i, _)| i)
            .chain([line.len()])
            .collect();
        bounds
            .windows(QUOTE_CHARS + 1)
            .any(|w| prompt.contains(&line[w[0]..w[QUOTE_CHARS]]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_needs_twenty_characters_or_a_whole_line() {
        let lines = BTreeSet::from(["KeyError: 'missing_customer_id' in lookup", "E   x == 2"]);
        assert!(quotes_output(
            "I get KeyError: 'missing_customer here",
            &lines
        ));
        assert!(!quotes_output("I get KeyError: 'missing", &lines));
        assert!(quotes_output("see E   x == 2 above", &lines));
    }
}

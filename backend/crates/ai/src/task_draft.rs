//! Drafting an assessment task with the model: the request, the strict JSON answer it must give (task text,
//! starter code, visible and hidden pytest tests, a reference solution), and the conversation that feeds a
//! failed check back so the model can repair its draft. Proving the draft is the caller's job (a sandbox).

use serde::{Deserialize, Serialize};

use crate::assistant::Assistant;
use crate::error::AiError;
use crate::judge::strip_code_fence;
use crate::types::{ChatMessage, ChatRequest};

/// Room for a task with its code, tests and reference solution.
const DRAFT_MAX_TOKENS: u32 = 8192;

/// The answer shape shown to the model; the mock server recognises drafting requests by it.
pub(crate) const TASK_DRAFT_SHAPE: &str = r#"{"name": <short title>, "description": <Markdown brief for the candidate>, "task_type": <debugging|ai_engineering|optimization|build|refactor>, "difficulty": <junior|mid|senior|staff>, "duration_minutes": <15-90>, "starter_code": <the candidate's solution.py at the start>, "test_code": <visible pytest tests>, "hidden_test_code": <pytest tests run at submit, a superset of the visible ones>, "reference_solution": <a complete solution.py that passes every test>}"#;

/// What the recruiter asked for.
#[derive(Debug, Clone)]
pub struct TaskRequest<'a> {
    pub prompt: &'a str,
    pub difficulty: Option<&'a str>,
    pub duration_minutes: Option<i32>,
}

/// A task as the model drafted it, not yet checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskDraft {
    pub name: String,
    pub description: String,
    pub task_type: String,
    pub difficulty: String,
    pub duration_minutes: i32,
    pub starter_code: String,
    pub test_code: String,
    pub hidden_test_code: String,
    pub reference_solution: String,
}

#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    #[error(transparent)]
    Provider(#[from] AiError),
    /// The model's answer is not a task draft; the text says why.
    #[error("{0}")]
    NotADraft(String),
}

/// One drafting conversation: the first request, then a repair turn per failed check.
pub struct DraftConversation {
    system: String,
    messages: Vec<ChatMessage>,
}

impl DraftConversation {
    pub fn new(request: &TaskRequest<'_>) -> Self {
        let system = format!(
            "You design coding assessments for hiring software engineers. From the employer's request, write \
             one self-contained Python task that a candidate solves in a browser IDE next to an AI assistant. \
             The candidate's code is the single file solution.py; every test imports from it with \
             `from solution import ...` and uses only pytest and the standard library. The starter code \
             must run but fail at least one hidden test (planted bugs or missing pieces, with comments that \
             say what is expected); the reference solution must pass every visible and hidden test. The \
             hidden tests include the visible ones and add edge cases. No network, no files beyond \
             solution.py, no randomness or timing in the tests.\n\nReply with only this JSON object, \
             without prose or code fences (strings JSON-escaped):\n{TASK_DRAFT_SHAPE}"
        );
        let mut ask = request.prompt.trim().to_string();
        if let Some(difficulty) = request.difficulty {
            ask.push_str(&format!("\nDifficulty: {difficulty}"));
        }
        if let Some(minutes) = request.duration_minutes {
            ask.push_str(&format!("\nTime limit: {minutes} minutes"));
        }
        Self {
            system,
            messages: vec![ChatMessage::user(ask)],
        }
    }

    /// Asks for the next draft; the answer stays in the conversation so a repair turn can refer to it.
    pub async fn draft(&mut self, assistant: &dyn Assistant) -> Result<TaskDraft, DraftError> {
        let reply = assistant
            .complete(ChatRequest {
                messages: &self.messages,
                system: &self.system,
                max_tokens: DRAFT_MAX_TOKENS,
                temperature: Some(0.2),
            })
            .await?;
        if !reply.is_complete() {
            return Err(DraftError::NotADraft(format!(
                "the answer was cut off (stop reason {})",
                reply.stop_reason.as_str()
            )));
        }
        let draft = parse(&reply.text)?;
        self.messages.push(ChatMessage::assistant(reply.text));
        Ok(draft)
    }

    /// Feeds a failed check back: the next draft must fix it.
    pub fn reject(&mut self, problem: &str) {
        self.messages.push(ChatMessage::user(format!(
            "That draft failed its check in the sandbox: {problem}\nFix the task and reply with the whole \
             corrected JSON object only."
        )));
    }
}

fn parse(text: &str) -> Result<TaskDraft, DraftError> {
    let draft: TaskDraft = serde_json::from_str(strip_code_fence(text))
        .map_err(|err| DraftError::NotADraft(format!("it is not the requested JSON ({err})")))?;
    let empty: Vec<&str> = [
        ("name", &draft.name),
        ("description", &draft.description),
        ("starter_code", &draft.starter_code),
        ("test_code", &draft.test_code),
        ("hidden_test_code", &draft.hidden_test_code),
        ("reference_solution", &draft.reference_solution),
    ]
    .into_iter()
    .filter(|(_, value)| value.trim().is_empty())
    .map(|(name, _)| name)
    .collect();
    if !empty.is_empty() {
        return Err(DraftError::NotADraft(format!(
            "it leaves {} empty",
            empty.join(", ")
        )));
    }
    Ok(draft)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fenced_draft_parses() {
        let json = serde_json::to_string(&crate::sample_drafts::sound()).unwrap();
        let draft = parse(&format!("```json\n{json}\n```")).unwrap();
        assert_eq!(draft.name, "Median of a list");
    }

    #[test]
    fn broken_or_empty_answers_are_not_drafts() {
        assert!(parse("Sure! Here is your task: {").is_err());
        let mut draft = crate::sample_drafts::sound();
        draft.reference_solution = " ".into();
        let error = parse(&serde_json::to_string(&draft).unwrap()).unwrap_err();
        assert_eq!(error.to_string(), "it leaves reference_solution empty");
    }

    #[test]
    fn the_request_carries_the_hints() {
        let conversation = DraftConversation::new(&TaskRequest {
            prompt: "A debugging task about caching",
            difficulty: Some("senior"),
            duration_minutes: Some(45),
        });
        assert!(conversation.system.contains(TASK_DRAFT_SHAPE));
        assert_eq!(
            conversation.messages[0].content,
            "A debugging task about caching\nDifficulty: senior\nTime limit: 45 minutes"
        );
    }
}

//! "Generate with AI": the configured model drafts a task (brief, starter code, visible and hidden tests, a
//! reference solution), the draft is proved in the sandbox like any task, and a failed proof goes back to the
//! model for at most two repairs. Nothing is saved: the recruiter reviews the proven draft, then saves it.

use garde::Validate;
use serde::{Deserialize, Serialize};
use tali_ai::Assistant;
use tali_ai::task_draft::{DraftConversation, DraftError, TaskDraft, TaskRequest};
use tali_sandbox::SandboxService;
use utoipa::ToSchema;

use super::task_check::{Proof, TaskFiles};
use super::tasks;
use crate::domain::input;
use crate::domain::input::not_blank;
use crate::domain::{Error, Result, vocabulary};

/// Proofs the model may repair after the first one fails.
const REPAIR_ROUNDS: u32 = 2;

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct GenerateTask {
    /// What to assess, in the recruiter's words.
    #[garde(length(chars, min = 1, max = 4000), custom(not_blank))]
    pub prompt: String,
    #[serde(default, deserialize_with = "vocabulary::optional_difficulty_word")]
    #[garde(inner(custom(vocabulary::difficulty_rule)))]
    pub difficulty: Option<String>,
    #[serde(default, deserialize_with = "input::optional_number")]
    #[garde(inner(range(min = 5, max = 180)))]
    pub duration_minutes: Option<i32>,
}

/// A proven, unsaved task draft.
#[derive(Debug, Serialize, ToSchema)]
pub struct GeneratedTask {
    pub name: String,
    pub description: String,
    pub task_type: String,
    pub difficulty: String,
    pub duration_minutes: i32,
    pub starter_code: String,
    pub test_code: String,
    pub hidden_test_code: String,
    pub reference_solution: String,
    /// What the sandbox showed: the starter fails some hidden tests, the reference passes all.
    pub validation: Proof,
    /// Drafts the model wrote (1 to 3).
    pub attempts: u32,
}

/// Drafts and proves a task; 503 without an AI provider or a sandbox, 502 when the model's answer is not a
/// task, 422 when no draft passed its proof.
pub async fn generate(
    assistant: Option<&dyn Assistant>,
    sandbox: std::result::Result<&SandboxService, Error>,
    organization_id: i32,
    request: GenerateTask,
) -> Result<GeneratedTask> {
    let assistant = assistant.ok_or_else(|| {
        Error::unavailable(
            "AI task generation is not configured: set ANTHROPIC_API_KEY (or an OpenAI-compatible provider)",
        )
    })?;
    let sandbox = sandbox?;
    let mut conversation = DraftConversation::new(&TaskRequest {
        prompt: &request.prompt,
        difficulty: request.difficulty.as_deref(),
        duration_minutes: request.duration_minutes,
    });
    let mut attempts = 0;
    loop {
        attempts += 1;
        let draft = normalised(
            conversation.draft(assistant).await.map_err(draft_error)?,
            &request,
        );
        let proof = tasks::prove(
            Ok(sandbox),
            organization_id,
            &TaskFiles {
                starter_code: &draft.starter_code,
                visible_tests: &draft.test_code,
                hidden_tests: Some(&draft.hidden_test_code),
                reference_solution: Some(&draft.reference_solution),
                sample_files: Vec::new(),
            },
        )
        .await;
        match proof {
            Ok(validation) => return Ok(generated(draft, validation, attempts)),
            Err(Error::Rejected { message, .. }) if attempts <= REPAIR_ROUNDS => {
                tracing::info!(attempts, problem = %message, "generated task failed its proof; asking for a repair");
                conversation.reject(&message);
            }
            Err(Error::Rejected { field, message }) => {
                return Err(Error::Rejected {
                    field,
                    message: format!(
                        "The AI could not write a task that passes its check in {attempts} attempts. The last \
                         problem: {message} Try rephrasing the request."
                    ),
                });
            }
            Err(other) => return Err(other),
        }
    }
}

fn draft_error(err: DraftError) -> Error {
    match err {
        DraftError::Provider(err) => err.into(),
        DraftError::NotADraft(why) => Error::Upstream(format!(
            "The AI's answer was not a valid task ({why}). Please try again."
        )),
    }
}

/// The recruiter's hints win; words outside the vocabulary fall back to the defaults, and the duration stays
/// within what a task may have.
fn normalised(mut draft: TaskDraft, request: &GenerateTask) -> TaskDraft {
    draft.difficulty = request
        .difficulty
        .clone()
        .or_else(|| vocabulary::difficulty(&draft.difficulty).map(str::to_string))
        .unwrap_or_else(|| "mid".into());
    draft.task_type = vocabulary::task_type(&draft.task_type)
        .unwrap_or("debugging")
        .to_string();
    draft.duration_minutes = request
        .duration_minutes
        .unwrap_or(draft.duration_minutes)
        .clamp(5, 180);
    draft.name = draft.name.trim().chars().take(200).collect();
    draft
}

fn generated(draft: TaskDraft, validation: Proof, attempts: u32) -> GeneratedTask {
    GeneratedTask {
        name: draft.name,
        description: draft.description,
        task_type: draft.task_type,
        difficulty: draft.difficulty,
        duration_minutes: draft.duration_minutes,
        starter_code: draft.starter_code,
        test_code: draft.test_code,
        hidden_test_code: draft.hidden_test_code,
        reference_solution: draft.reference_solution,
        validation,
        attempts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_win_and_unknown_words_fall_back() {
        let mut draft = tali_ai::sample_drafts::sound();
        draft.task_type = "kata".into();
        draft.difficulty = "Medium".into();
        draft.duration_minutes = 600;
        let request = GenerateTask {
            prompt: "x".into(),
            difficulty: None,
            duration_minutes: None,
        };
        let draft = normalised(draft, &request);
        assert_eq!(
            (
                draft.task_type.as_str(),
                draft.difficulty.as_str(),
                draft.duration_minutes
            ),
            ("debugging", "mid", 180)
        );
        let request = GenerateTask {
            prompt: "x".into(),
            difficulty: Some("staff".into()),
            duration_minutes: Some(45),
        };
        let draft = normalised(tali_ai::sample_drafts::sound(), &request);
        assert_eq!(
            (draft.difficulty.as_str(), draft.duration_minutes),
            ("staff", 45)
        );
    }
}

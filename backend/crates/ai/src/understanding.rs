//! The understanding check: three short questions about the candidate's own submission, asked after submit, and
//! the grading of the answers against the code. Both go through the judges' strict-JSON exchange (`judge`): the
//! answer is parsed and checked, one malformed answer earns a corrective turn, and anything else is
//! [`JudgeOutcome::NotJudged`], so the caller falls back (templates for questions, the recruiter for grades)
//! instead of inventing anything.

use serde::Deserialize;

use crate::assistant::Assistant;
use crate::judge::{Fence, JudgeOutcome, Verdict, check_score, judge};

/// How many questions a check asks.
pub const QUESTION_COUNT: usize = 3;
/// A question the candidate can read in a few seconds.
pub const MAX_QUESTION_CHARS: usize = 300;

/// The answer shapes shown to the model; the mock server recognises these requests by them.
pub(crate) const QUESTIONS_SHAPE: &str =
    r#"{"questions": [<exactly 3 short questions, one sentence each>]}"#;
pub(crate) const GRADES_SHAPE: &str = r#"{"grades": [{"score": <number 0-10>, "reason": <one short sentence>}, <one object per answer, in order>]}"#;

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Questions {
    pub questions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Grade {
    pub score: f64,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Grades {
    pub grades: Vec<Grade>,
}

impl Verdict for Questions {
    fn check(&self) -> Result<(), String> {
        if self.questions.len() != QUESTION_COUNT {
            return Err(format!(
                "there must be exactly {QUESTION_COUNT} questions, got {}",
                self.questions.len()
            ));
        }
        for q in &self.questions {
            let chars = q.trim().chars().count();
            if chars == 0 || chars > MAX_QUESTION_CHARS {
                return Err(format!(
                    "each question must have 1 to {MAX_QUESTION_CHARS} characters"
                ));
            }
        }
        Ok(())
    }
}

/// Grades are checked against the number of answers by [`grade_answers`]; here, each one alone.
impl Verdict for Grades {
    fn check(&self) -> Result<(), String> {
        for g in &self.grades {
            check_score("score", g.score)?;
            if g.reason.trim().is_empty() {
                return Err("each grade needs a reason".into());
            }
        }
        Ok(())
    }
}

/// Three questions that only someone who wrote (or truly read) this change can answer: from the final code, its
/// changes against the starter, and the candidate's chat with the assistant.
pub async fn generate_questions(
    assistant: &dyn Assistant,
    task_context: &str,
    starter_code: &str,
    final_code: &str,
    chat: &str,
) -> JudgeOutcome<Questions> {
    let fence = Fence::new();
    let system = format!(
        "You write a short oral-exam style check for a candidate who just submitted a coding \
         assessment. Ask {QUESTION_COUNT} short questions, one sentence each, about the candidate's \
         own change (not the starter code): why a specific line or function is the way it is, what \
         happens on an edge case such as an empty input, or what a test they fixed was checking. \
         Name functions or lines so the question is concrete. The candidate has 5 minutes for all \
         three, so each must be answerable in two or three sentences. Be friendly and neutral. \
         {guard}\n\nReply with only this JSON object, without prose or code fences:\n{QUESTIONS_SHAPE}",
        guard = fence.instruction(),
    );
    let user = format!(
        "Task:\n{}\n\nStarter code:\n{}\n\nSubmitted code:\n{}\n\nThe candidate's chat with the AI \
         assistant:\n{}",
        fence.wrap("task_context", task_context),
        fence.wrap("starter_code", starter_code),
        fence.wrap("candidate_code", final_code),
        fence.wrap("candidate_chat", chat),
    );
    judge(assistant, &system, user).await
}

/// Grades each answer 0-10 against the submitted code: 10 is correct and specific, 0 is wrong or empty.
pub async fn grade_answers(
    assistant: &dyn Assistant,
    final_code: &str,
    questions_and_answers: &[(String, String)],
) -> JudgeOutcome<Grades> {
    let fence = Fence::new();
    let system = format!(
        "You grade a candidate's short answers to questions about the code they just submitted in \
         a hiring assessment. Judge each answer against the code: 10 means correct and specific \
         about this code, 5 partly right or vague, 0 wrong, empty or unrelated. Do not reward \
         length or confidence. {guard}\n\nReply with only this JSON object, one grade per answer in \
         the order given, without prose or code fences:\n{GRADES_SHAPE}",
        guard = fence.instruction(),
    );
    let pairs: Vec<String> = questions_and_answers
        .iter()
        .enumerate()
        .map(|(i, (q, a))| {
            let n = i + 1;
            format!(
                "Question {n}: {q}\n{}",
                fence.wrap(&format!("answer_{n}"), a)
            )
        })
        .collect();
    let user = format!(
        "Submitted code:\n{}\n\n{}",
        fence.wrap("candidate_code", final_code),
        pairs.join("\n\n")
    );
    match judge::<Grades>(assistant, &system, user).await {
        JudgeOutcome::Judged(g) if g.grades.len() != questions_and_answers.len() => {
            JudgeOutcome::NotJudged(format!(
                "the model graded {} answers of {}",
                g.grades.len(),
                questions_and_answers.len()
            ))
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_must_be_three_short_sentences() {
        let q = |v: &[&str]| Questions {
            questions: v.iter().map(|s| s.to_string()).collect(),
        };
        assert!(q(&["a?", "b?", "c?"]).check().is_ok());
        assert!(q(&["a?", "b?"]).check().is_err());
        assert!(q(&["a?", " ", "c?"]).check().is_err());
        assert!(
            q(&["a?", "b?", &"x".repeat(MAX_QUESTION_CHARS + 1)])
                .check()
                .is_err()
        );
    }

    #[test]
    fn grades_are_in_range_with_a_reason() {
        let g = |score, reason: &str| Grades {
            grades: vec![Grade {
                score,
                reason: reason.into(),
            }],
        };
        assert!(g(7.0, "ok").check().is_ok());
        assert!(g(11.0, "ok").check().is_err());
        assert!(g(5.0, " ").check().is_err());
    }
}

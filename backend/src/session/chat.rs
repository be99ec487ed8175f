//! The candidate's AI assistant: one prompt and its reply per exchange, appended as a row when the reply is
//! complete (even if the candidate's connection dropped mid-stream), so overlapping requests never lose one.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use futures_util::StreamExt;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tali_ai::{Assistant, ChatMessage, StreamEvent, Usage};
use tokio::sync::mpsc;
use utoipa::ToSchema;

use super::evidence::{Exchange, code_hash};
use super::{access, elapsed_ms, events, hints};
use crate::db::entities::{assessment, chat_exchange, task};
use crate::domain::{Error, Result};
use crate::state::AppState;

pub const MAX_MESSAGE_CHARS: usize = 4000;
const MAX_PROMPTS: usize = 60;
const MAX_AI_TOKENS: u64 = 300_000;

#[derive(Debug, Deserialize, ToSchema)]
pub struct HistoryTurn {
    pub role: String,
    pub content: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ChatBody {
    pub message: String,
    /// Accepted for compatibility; the server uses the conversation it stored, which the candidate cannot
    /// rewrite.
    #[serde(default)]
    pub conversation_history: Vec<HistoryTurn>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ChatOut {
    pub response: String,
    #[schema(value_type = Object)]
    pub usage: Usage,
}

/// What a streamed reply sends, in order: deltas, then `Done` or `Failed`.
pub enum ChatEvent {
    Delta(String),
    Done(ChatOut),
    Failed(String),
}

/// The session's exchanges, oldest first.
pub async fn exchanges(db: &impl ConnectionTrait, assessment_id: i32) -> Result<Vec<Exchange>> {
    Ok(chat_exchange::Entity::find()
        .filter(chat_exchange::Column::AssessmentId.eq(assessment_id))
        .order_by_asc(chat_exchange::Column::CreatedAt)
        .order_by_asc(chat_exchange::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|row| Exchange {
            message: row.message,
            response: row.response,
            created_at: row.created_at,
            responded_at: row.responded_at,
            t_prompt_ms: row.t_prompt_ms.max(0) as u64,
            t_reply_ms: row.t_reply_ms.max(0) as u64,
            input_tokens: row.input_tokens.max(0) as u64,
            output_tokens: row.output_tokens.max(0) as u64,
            latency_ms: row.latency_ms.max(0) as u64,
            code_hash: row.code_hash,
            quality_score: row.quality_score,
        })
        .collect())
}

/// A question checked against the session's limits, with everything the model needs.
pub struct Question {
    assistant: Arc<dyn Assistant>,
    messages: Vec<ChatMessage>,
    system: String,
    /// The `hints` policy: replies are cut before anyone sees them.
    hints: bool,
    pending: PendingExchange,
}

/// Checks the question and the session's AI budget, and builds the conversation the model sees.
pub async fn ask(
    state: &AppState,
    assessment: &assessment::Model,
    body: ChatBody,
) -> Result<Question> {
    let now = Utc::now();
    access::require_running(assessment, now, Duration::zero())?;
    if assessment.ai_mode == "off" {
        return Err(Error::Forbidden(
            "The AI assistant is off for this assessment".into(),
        ));
    }
    let assistant = state
        .assistant
        .clone()
        .ok_or_else(|| Error::unavailable("AI assistant is not configured"))?;
    let message = body.message.trim().to_string();
    if message.is_empty() {
        return Err(Error::invalid("message", "must not be empty"));
    }
    if message.chars().count() > MAX_MESSAGE_CHARS {
        return Err(Error::invalid(
            "message",
            format!("must be at most {MAX_MESSAGE_CHARS} characters"),
        ));
    }
    let history = exchanges(&state.db, assessment.id).await?;
    if history.len() >= MAX_PROMPTS {
        return Err(Error::RateLimited {
            detail: format!("You have used all {MAX_PROMPTS} AI messages of this assessment"),
            retry_after_secs: 3600,
        });
    }
    let used: u64 = history
        .iter()
        .map(|e| e.input_tokens + e.output_tokens)
        .sum();
    if used >= MAX_AI_TOKENS {
        return Err(Error::RateLimited {
            detail: "The AI budget of this assessment is used up".into(),
            retry_after_secs: 3600,
        });
    }
    let task = access::task_of(&state.db, assessment).await?;
    let hints = assessment.ai_mode == "hints";
    let code = events::latest_code(&state.db, assessment, &task).await?;
    let mut messages: Vec<ChatMessage> = history
        .iter()
        .flat_map(|e| {
            [
                ChatMessage::user(e.message.clone()),
                ChatMessage::assistant(e.response.clone()),
            ]
        })
        .collect();
    messages.push(ChatMessage::user(message.clone()));
    Ok(Question {
        assistant,
        messages,
        system: system_prompt(&task, &code, hints),
        hints,
        pending: PendingExchange {
            assessment: assessment.clone(),
            message,
            created_at: now,
            code_hash: code_hash(&code),
            provider: state
                .settings
                .ai
                .provider
                .as_ref()
                .map_or("none", |p| p.name()),
        },
    })
}

fn system_prompt(task: &task::Model, code: &str, hints_only: bool) -> String {
    let prompt = format!(
        "You are the AI assistant inside TALI, a coding assessment. A candidate is working on the task below \
         and may ask you anything, as they would ask an AI assistant at work. Help them the way a good senior \
         colleague would: explain, suggest, write code when asked. You do not know the hidden tests.\n\n\
         <task>\n{}\n</task>\n\n<candidate_code file=\"solution.py\">\n{}\n</candidate_code>",
        task.description, code
    );
    if hints_only {
        format!("{prompt}\n\n{}", hints::HINTS_PROMPT)
    } else {
        prompt
    }
}

impl Question {
    /// The whole reply at once.
    pub async fn reply(self, state: &AppState) -> Result<ChatOut> {
        let reply = self
            .assistant
            .chat(&self.messages, &self.system, tali_ai::DEFAULT_MAX_TOKENS)
            .await?;
        let text = if self.hints {
            self.pending.enforce_hints(&state.db, &reply.text).await?
        } else {
            reply.text
        };
        self.pending.store(&state.db, &text, &reply.usage).await?;
        Ok(ChatOut {
            response: text,
            usage: reply.usage,
        })
    }

    /// The reply as it is written. The exchange is stored when the model finishes, whether or not anyone still
    /// listens.
    pub async fn stream(self, state: &AppState) -> Result<mpsc::Receiver<ChatEvent>> {
        if self.hints {
            // Streamed deltas would show the code before it could be cut: the reply is cut whole, then sent.
            let (tx, rx) = mpsc::channel(2);
            let out = self.reply(state).await?;
            let _ = tx.send(ChatEvent::Delta(out.response.clone())).await;
            let _ = tx.send(ChatEvent::Done(out)).await;
            return Ok(rx);
        }
        let mut upstream = self
            .assistant
            .chat_stream(&self.messages, &self.system, tali_ai::DEFAULT_MAX_TOKENS)
            .await?;
        let (tx, rx) = mpsc::channel(64);
        let db = state.db.clone();
        let pending = self.pending;
        tokio::spawn(async move {
            while let Some(item) = upstream.next().await {
                let event = match item {
                    Ok(StreamEvent::Delta(text)) => ChatEvent::Delta(text),
                    Ok(StreamEvent::Done(reply)) => {
                        let stored = pending.store(&db, &reply.text, &reply.usage).await;
                        let _ = tx
                            .send(match stored {
                                Ok(()) => ChatEvent::Done(ChatOut {
                                    response: reply.text,
                                    usage: reply.usage,
                                }),
                                Err(_) => ChatEvent::Failed("The reply could not be saved".into()),
                            })
                            .await;
                        return;
                    }
                    Err(err) => {
                        let _ = tx.send(ChatEvent::Failed(err.to_string())).await;
                        return;
                    }
                };
                let _ = tx.send(event).await;
            }
        });
        Ok(rx)
    }
}

/// A prompt waiting for its reply.
struct PendingExchange {
    assessment: assessment::Model,
    message: String,
    created_at: DateTime<Utc>,
    code_hash: String,
    /// Labels the exchange's metrics.
    provider: &'static str,
}

impl PendingExchange {
    /// Cuts long code out of a reply in `hints` mode and records the cut as session evidence.
    async fn enforce_hints(&self, db: &impl ConnectionTrait, reply: &str) -> Result<String> {
        let cut = hints::cut(reply);
        if cut.removed_lines > 0 {
            events::record(
                db,
                &self.assessment,
                &format!("server-cut-{}", uuid::Uuid::new_v4()),
                "ai_reply_cut",
                json!({"removed_lines": cut.removed_lines, "blocks": cut.blocks_cut,
                    "kept_lines_per_block": hints::MAX_HINT_CODE_LINES, "prompt": self.message.chars().take(200).collect::<String>()}),
                Utc::now(),
            )
            .await?;
        }
        Ok(cut.text)
    }

    /// Appends the exchange as one row.
    async fn store(self, db: &impl ConnectionTrait, reply: &str, usage: &Usage) -> Result<()> {
        let now = Utc::now();
        let latency = (now - self.created_at).to_std().unwrap_or_default();
        metrics::histogram!("ai_reply_duration_seconds", "provider" => self.provider)
            .record(latency.as_secs_f64());
        for (direction, tokens) in [
            ("input", usage.input_tokens),
            ("output", usage.output_tokens),
        ] {
            metrics::counter!("ai_tokens_total", "provider" => self.provider, "direction" => direction)
                .increment(tokens);
        }
        let as_i64 = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        chat_exchange::ActiveModel {
            assessment_id: Set(self.assessment.id),
            message: Set(self.message),
            response: Set(reply.to_string()),
            created_at: Set(self.created_at),
            responded_at: Set(now),
            t_prompt_ms: Set(as_i64(elapsed_ms(&self.assessment, self.created_at))),
            t_reply_ms: Set(as_i64(elapsed_ms(&self.assessment, now))),
            input_tokens: Set(as_i64(usage.input_tokens)),
            output_tokens: Set(as_i64(usage.output_tokens)),
            latency_ms: Set((now - self.created_at).num_milliseconds().max(0)),
            code_hash: Set(self.code_hash),
            quality_score: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await?;
        Ok(())
    }
}

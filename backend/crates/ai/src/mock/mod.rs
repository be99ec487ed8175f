//! Local servers that speak the Anthropic Messages and OpenAI Chat Completions protocols, for
//! the app's tests and the browser tests. Never used in production builds (feature `mock`).
//!
//! Each server validates requests like the real API, answers from a queue of [`Scripted`]
//! responses (faults included), records every request, and falls back to a deterministic reply
//! labelled as coming from the mock.

mod anthropic;
mod default_reply;
mod openai;
mod server;

pub use anthropic::{ANTHROPIC_MODELS, AnthropicMock};
pub use openai::{OPENAI_MODELS, OpenAiMock};
pub use server::{MockServer, RecordedRequest, Scripted};

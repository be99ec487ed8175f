//! Anthropic Messages API client.

use async_trait::async_trait;
use secrecy::ExposeSecret;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::assistant::{Assistant, ReplyStream};
use crate::error::AiError;
use crate::settings::{AnthropicSettings, ClientSettings};
use crate::sse::{EventDecoder, SseEvent, reply_stream};
use crate::transport::{Transport, map_reqwest_error, request_id};
use crate::types::{ChatReply, ChatRequest, StopReason, StreamEvent, Usage};

const API_VERSION: &str = "2023-06-01";

pub struct AnthropicAssistant {
    transport: Transport,
    settings: AnthropicSettings,
}

impl AnthropicAssistant {
    pub fn new(settings: AnthropicSettings, client: &ClientSettings) -> Result<Self, AiError> {
        Ok(Self {
            transport: Transport::new(client, "anthropic")?,
            settings,
        })
    }

    pub fn model(&self) -> &str {
        &self.settings.model
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.settings.base_url.trim_end_matches('/'))
    }

    fn body(&self, request: &ChatRequest<'_>, stream: bool) -> Value {
        let messages: Vec<Value> = request
            .messages
            .iter()
            .map(|m| json!({ "role": m.role.as_str(), "content": m.content }))
            .collect();
        let mut body = json!({
            "model": self.settings.model,
            "max_tokens": request.max_tokens,
            "messages": messages,
        });
        if !request.system.is_empty() {
            body["system"] = json!(request.system);
        }
        if let Some(temperature) = request.temperature {
            body["temperature"] = json!(temperature);
        }
        if stream {
            body["stream"] = json!(true);
        }
        body
    }

    async fn post_messages(&self, body: &Value) -> Result<reqwest::Response, AiError> {
        let url = self.url("/v1/messages");
        self.transport
            .send(|client| {
                client
                    .post(&url)
                    .header("x-api-key", self.settings.api_key.expose_secret())
                    .header("anthropic-version", API_VERSION)
                    .json(body)
            })
            .await
    }
}

#[async_trait]
impl Assistant for AnthropicAssistant {
    async fn complete(&self, request: ChatRequest<'_>) -> Result<ChatReply, AiError> {
        let response = self.post_messages(&self.body(&request, false)).await?;
        let request_id = request_id(response.headers()).to_owned();
        let bytes = response.bytes().await.map_err(|e| map_reqwest_error(&e))?;
        let message: MessageResponse = serde_json::from_slice(&bytes).map_err(|err| {
            tracing::warn!(request_id, %err, "unparseable Anthropic response");
            AiError::InvalidResponse(format!("Messages API response: {err}"))
        })?;
        Ok(message.into_reply())
    }

    async fn complete_stream(&self, request: ChatRequest<'_>) -> Result<ReplyStream, AiError> {
        let response = self.post_messages(&self.body(&request, true)).await?;
        Ok(reply_stream(
            response.bytes_stream(),
            MessageStream::default(),
        ))
    }

    async fn validate_model(&self) -> Result<(), AiError> {
        let url = self.url(&format!("/v1/models/{}", self.settings.model));
        self.transport
            .send(|client| {
                client
                    .get(&url)
                    .header("x-api-key", self.settings.api_key.expose_secret())
                    .header("anthropic-version", API_VERSION)
            })
            .await
            .map(drop)
    }
}

#[derive(Deserialize)]
struct MessageResponse {
    model: String,
    content: Vec<ContentBlock>,
    stop_reason: Option<String>,
    usage: UsageBody,
}

#[derive(Deserialize)]
struct ContentBlock {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    text: String,
}

#[derive(Deserialize, Default)]
struct UsageBody {
    #[serde(default)]
    input_tokens: u64,
    #[serde(default)]
    output_tokens: u64,
}

impl MessageResponse {
    fn into_reply(self) -> ChatReply {
        // Only text blocks are answer text; tool use and thinking blocks are skipped.
        let text = self
            .content
            .into_iter()
            .filter(|block| block.kind == "text")
            .map(|block| block.text)
            .collect();
        ChatReply {
            text,
            usage: Usage {
                input_tokens: self.usage.input_tokens,
                output_tokens: self.usage.output_tokens,
            },
            model: self.model,
            stop_reason: stop_reason(self.stop_reason.as_deref()),
        }
    }
}

fn stop_reason(raw: Option<&str>) -> StopReason {
    raw.map_or(
        StopReason::Other("none".to_owned()),
        StopReason::from_anthropic,
    )
}

/// Accumulates `message_start` … `message_stop` into deltas and a final reply.
#[derive(Default)]
struct MessageStream {
    text: String,
    model: String,
    usage: Usage,
    stop_reason: Option<String>,
}

impl EventDecoder for MessageStream {
    fn decode(&mut self, event: SseEvent) -> Result<Option<StreamEvent>, AiError> {
        let data: Value = serde_json::from_str(&event.data)
            .map_err(|err| AiError::InvalidResponse(format!("stream event: {err}")))?;
        let kind = data["type"]
            .as_str()
            .or(event.event.as_deref())
            .unwrap_or_default();
        match kind {
            "message_start" => {
                let message = &data["message"];
                self.model = message["model"].as_str().unwrap_or_default().to_owned();
                self.read_usage(&message["usage"]);
                Ok(None)
            }
            "content_block_delta" if data["delta"]["type"] == "text_delta" => {
                let piece = data["delta"]["text"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                self.text.push_str(&piece);
                Ok(Some(StreamEvent::Delta(piece)))
            }
            "message_delta" => {
                if let Some(reason) = data["delta"]["stop_reason"].as_str() {
                    self.stop_reason = Some(reason.to_owned());
                }
                self.read_usage(&data["usage"]);
                Ok(None)
            }
            "message_stop" => Ok(Some(StreamEvent::Done(ChatReply {
                text: std::mem::take(&mut self.text),
                usage: self.usage,
                model: std::mem::take(&mut self.model),
                stop_reason: stop_reason(self.stop_reason.as_deref()),
            }))),
            "error" => Err(stream_error(&data["error"])),
            // ping, content_block_start/stop, non-text deltas and future event types
            _ => Ok(None),
        }
    }
}

impl MessageStream {
    /// `message_delta` usage is cumulative, so later values replace earlier ones.
    fn read_usage(&mut self, usage: &Value) {
        if let Some(input) = usage["input_tokens"].as_u64() {
            self.usage.input_tokens = input;
        }
        if let Some(output) = usage["output_tokens"].as_u64() {
            self.usage.output_tokens = output;
        }
    }
}

/// An `error` event after the 200 header, mapped as its HTTP equivalent would be.
fn stream_error(error: &Value) -> AiError {
    let kind = error["type"].as_str().unwrap_or("api_error");
    let message = format!("{kind}: {}", error["message"].as_str().unwrap_or_default());
    match kind {
        "overloaded_error" => AiError::Unavailable(message),
        "rate_limit_error" => AiError::RateLimited { retry_after: None },
        "timeout_error" => AiError::Timeout,
        _ => AiError::Upstream {
            status: 500,
            message,
        },
    }
}

//! Client for OpenAI-compatible Chat Completions servers (OpenAI, vLLM, Ollama, LM Studio, ...).

use async_trait::async_trait;
use secrecy::ExposeSecret;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::assistant::{Assistant, ReplyStream};
use crate::error::AiError;
use crate::settings::{ClientSettings, OpenAiSettings};
use crate::sse::{EventDecoder, SseEvent, reply_stream};
use crate::transport::{Transport, map_reqwest_error, request_id};
use crate::types::{ChatReply, ChatRequest, StopReason, StreamEvent, Usage};

pub struct OpenAiCompatibleAssistant {
    transport: Transport,
    settings: OpenAiSettings,
}

impl OpenAiCompatibleAssistant {
    pub fn new(settings: OpenAiSettings, client: &ClientSettings) -> Result<Self, AiError> {
        Ok(Self {
            transport: Transport::new(client, "openai-compatible")?,
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
        let system = (!request.system.is_empty())
            .then(|| json!({ "role": "system", "content": request.system }));
        let messages: Vec<Value> = system
            .into_iter()
            .chain(
                request
                    .messages
                    .iter()
                    .map(|m| json!({ "role": m.role.as_str(), "content": m.content })),
            )
            .collect();
        // `max_tokens` rather than `max_completion_tokens`: it is the field compatible servers accept.
        let mut body = json!({
            "model": self.settings.model,
            "max_tokens": request.max_tokens,
            "messages": messages,
        });
        if let Some(temperature) = request.temperature {
            body["temperature"] = json!(temperature);
        }
        if stream {
            body["stream"] = json!(true);
            body["stream_options"] = json!({ "include_usage": true });
        }
        body
    }

    async fn send(
        &self,
        build: impl Fn(&reqwest::Client) -> reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, AiError> {
        self.transport
            .send(|client| {
                let request = build(client);
                match &self.settings.api_key {
                    Some(key) => request.bearer_auth(key.expose_secret()),
                    None => request,
                }
            })
            .await
    }
}

#[async_trait]
impl Assistant for OpenAiCompatibleAssistant {
    async fn complete(&self, request: ChatRequest<'_>) -> Result<ChatReply, AiError> {
        let url = self.url("/chat/completions");
        let body = self.body(&request, false);
        let response = self.send(|client| client.post(&url).json(&body)).await?;
        let request_id = request_id(response.headers()).to_owned();
        let bytes = response.bytes().await.map_err(|e| map_reqwest_error(&e))?;
        let completion: Completion = serde_json::from_slice(&bytes).map_err(|err| {
            tracing::warn!(request_id, %err, "unparseable chat completion");
            AiError::InvalidResponse(format!("chat completion: {err}"))
        })?;
        completion.into_reply()
    }

    async fn complete_stream(&self, request: ChatRequest<'_>) -> Result<ReplyStream, AiError> {
        let url = self.url("/chat/completions");
        let body = self.body(&request, true);
        let response = self.send(|client| client.post(&url).json(&body)).await?;
        Ok(reply_stream(
            response.bytes_stream(),
            ChunkStream::default(),
        ))
    }

    /// `GET /models` is the listing every compatible server implements; `/models/{id}` is not.
    async fn validate_model(&self) -> Result<(), AiError> {
        let url = self.url("/models");
        let response = self.send(|client| client.get(&url)).await?;
        let listing: ModelList = response
            .json()
            .await
            .map_err(|err| AiError::InvalidResponse(format!("model list: {err}")))?;
        if listing.data.iter().any(|m| m.id == self.settings.model) {
            Ok(())
        } else {
            Err(AiError::Upstream {
                status: 404,
                message: format!(
                    "model {:?} is not served by this provider",
                    self.settings.model
                ),
            })
        }
    }
}

#[derive(Deserialize)]
struct ModelList {
    data: Vec<ModelEntry>,
}

#[derive(Deserialize)]
struct ModelEntry {
    id: String,
}

#[derive(Deserialize)]
struct Completion {
    model: String,
    choices: Vec<Choice>,
    #[serde(default)]
    usage: Option<UsageBody>,
}

#[derive(Deserialize)]
struct Choice {
    message: ChoiceMessage,
    finish_reason: Option<String>,
}

#[derive(Deserialize)]
struct ChoiceMessage {
    content: Option<String>,
}

#[derive(Deserialize, Clone, Copy)]
struct UsageBody {
    prompt_tokens: u64,
    completion_tokens: u64,
}

impl From<UsageBody> for Usage {
    fn from(usage: UsageBody) -> Self {
        Usage {
            input_tokens: usage.prompt_tokens,
            output_tokens: usage.completion_tokens,
        }
    }
}

impl Completion {
    fn into_reply(self) -> Result<ChatReply, AiError> {
        let choice =
            self.choices.into_iter().next().ok_or_else(|| {
                AiError::InvalidResponse("chat completion has no choices".to_owned())
            })?;
        Ok(ChatReply {
            text: choice.message.content.unwrap_or_default(),
            usage: self.usage.map(Usage::from).unwrap_or_default(),
            model: self.model,
            stop_reason: finish_reason(choice.finish_reason.as_deref()),
        })
    }
}

fn finish_reason(raw: Option<&str>) -> StopReason {
    raw.map_or(
        StopReason::Other("none".to_owned()),
        StopReason::from_openai,
    )
}

/// Accumulates `chat.completion.chunk`s until `data: [DONE]`.
#[derive(Default)]
struct ChunkStream {
    text: String,
    model: String,
    usage: Usage,
    finish_reason: Option<String>,
}

impl EventDecoder for ChunkStream {
    fn decode(&mut self, event: SseEvent) -> Result<Option<StreamEvent>, AiError> {
        if event.data.trim() == "[DONE]" {
            return Ok(Some(StreamEvent::Done(ChatReply {
                text: std::mem::take(&mut self.text),
                usage: self.usage,
                model: std::mem::take(&mut self.model),
                stop_reason: finish_reason(self.finish_reason.as_deref()),
            })));
        }
        let chunk: Value = serde_json::from_str(&event.data)
            .map_err(|err| AiError::InvalidResponse(format!("stream chunk: {err}")))?;
        if chunk["error"].is_object() {
            return Err(AiError::Upstream {
                status: 500,
                message: chunk["error"]["message"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
            });
        }
        if let Some(model) = chunk["model"].as_str() {
            self.model = model.to_owned();
        }
        if let Ok(usage) = serde_json::from_value::<UsageBody>(chunk["usage"].clone()) {
            self.usage = usage.into();
        }
        let choice = &chunk["choices"][0];
        if let Some(reason) = choice["finish_reason"].as_str() {
            self.finish_reason = Some(reason.to_owned());
        }
        match choice["delta"]["content"].as_str() {
            Some(piece) if !piece.is_empty() => {
                self.text.push_str(piece);
                Ok(Some(StreamEvent::Delta(piece.to_owned())))
            }
            _ => Ok(None),
        }
    }
}

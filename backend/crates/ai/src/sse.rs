//! Server-sent events: an incremental decoder and the adapter that turns a provider's event
//! stream into [`StreamEvent`]s.

use std::collections::VecDeque;

use futures_util::stream::{self, BoxStream, Stream, StreamExt};

use crate::error::AiError;
use crate::transport::map_reqwest_error;
use crate::types::StreamEvent;

/// One dispatched SSE event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SseEvent {
    /// The `event:` field; `None` for the default `message` type.
    pub event: Option<String>,
    pub data: String,
}

/// Splits a byte stream into events. Bytes are buffered until a full line arrives so that a
/// multi-byte character split across network chunks is decoded intact.
#[derive(Debug, Default)]
pub(crate) struct SseDecoder {
    pending: Vec<u8>,
    event: Option<String>,
    data: Option<String>,
}

impl SseDecoder {
    pub(crate) fn push(&mut self, chunk: &[u8], out: &mut VecDeque<SseEvent>) {
        self.pending.extend_from_slice(chunk);
        while let Some(end) = self.pending.iter().position(|&b| b == b'\n') {
            let raw: Vec<u8> = self.pending.drain(..=end).collect();
            let line = String::from_utf8_lossy(&raw);
            let line = line.trim_end_matches(['\n', '\r']);
            self.line(line, out);
        }
    }

    fn line(&mut self, line: &str, out: &mut VecDeque<SseEvent>) {
        if line.is_empty() {
            let event = self.event.take();
            if let Some(data) = self.data.take() {
                out.push_back(SseEvent { event, data });
            }
            return;
        }
        if line.starts_with(':') {
            return; // comment / keep-alive
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "event" => self.event = Some(value.to_owned()),
            "data" => match &mut self.data {
                Some(data) => {
                    data.push('\n');
                    data.push_str(value);
                }
                None => self.data = Some(value.to_owned()),
            },
            _ => {} // `id`, `retry` and unknown fields do not matter for one-shot replies
        }
    }
}

/// Provider-specific interpretation of SSE events.
pub(crate) trait EventDecoder: Send + 'static {
    /// `Ok(None)` for events that carry nothing for the caller (pings, block boundaries).
    fn decode(&mut self, event: SseEvent) -> Result<Option<StreamEvent>, AiError>;
}

struct State<S, D> {
    body: S,
    sse: SseDecoder,
    queue: VecDeque<SseEvent>,
    decoder: D,
    finished: bool,
}

/// Yields deltas until `Done` or the first error, after which the stream ends. A body that ends
/// before the provider's end marker is an error: the reply would be silently truncated otherwise.
pub(crate) fn reply_stream<S, B, D>(
    body: S,
    decoder: D,
) -> BoxStream<'static, Result<StreamEvent, AiError>>
where
    S: Stream<Item = reqwest::Result<B>> + Send + Unpin + 'static,
    B: AsRef<[u8]>,
    D: EventDecoder,
{
    let state = State {
        body,
        sse: SseDecoder::default(),
        queue: VecDeque::new(),
        decoder,
        finished: false,
    };
    stream::unfold(state, |mut state| async move {
        if state.finished {
            return None;
        }
        loop {
            if let Some(event) = state.queue.pop_front() {
                match state.decoder.decode(event) {
                    Ok(None) => continue,
                    Ok(Some(item)) => {
                        state.finished = matches!(item, StreamEvent::Done(_));
                        return Some((Ok(item), state));
                    }
                    Err(err) => {
                        state.finished = true;
                        return Some((Err(err), state));
                    }
                }
            }
            match state.body.next().await {
                Some(Ok(chunk)) => state.sse.push(chunk.as_ref(), &mut state.queue),
                Some(Err(err)) => {
                    state.finished = true;
                    return Some((Err(map_reqwest_error(&err)), state));
                }
                None => {
                    state.finished = true;
                    let err = AiError::InvalidResponse(
                        "stream ended before the reply was complete".to_owned(),
                    );
                    return Some((Err(err), state));
                }
            }
        }
    })
    .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(chunks: &[&[u8]]) -> Vec<SseEvent> {
        let mut decoder = SseDecoder::default();
        let mut out = VecDeque::new();
        for chunk in chunks {
            decoder.push(chunk, &mut out);
        }
        out.into_iter().collect()
    }

    #[test]
    fn splits_events_across_chunks_and_crlf() {
        let events = decode_all(&[
            b"event: ping\r\ndata: {}\r\n\r\n: comment\n",
            b"data: {\"a\":\n",
            b"data: 1}\n\ndata: [DONE]\n",
            b"\n",
        ]);
        assert_eq!(
            events,
            vec![
                SseEvent {
                    event: Some("ping".into()),
                    data: "{}".into()
                },
                SseEvent {
                    event: None,
                    data: "{\"a\":\n1}".into()
                },
                SseEvent {
                    event: None,
                    data: "[DONE]".into()
                },
            ]
        );
    }

    #[test]
    fn keeps_multibyte_characters_split_between_chunks() {
        let text = "data: café\n\n".as_bytes();
        let split = text.len() - 3; // between the two bytes of "é"
        let events = decode_all(&[&text[..split], &text[split..]]);
        assert_eq!(events[0].data, "café");
    }

    #[test]
    fn drops_an_unterminated_event() {
        assert!(decode_all(&[b"data: partial"]).is_empty());
    }
}

//! Connect protocol streaming envelopes: 1 flag byte, 4-byte big-endian length, then a JSON message.
//! Flag 0x02 marks the end-of-stream message, which carries the RPC error if any.

pub(crate) const FLAG_END_STREAM: u8 = 0x02;
/// Messages larger than this are a protocol error, not something to buffer.
const MAX_MESSAGE_BYTES: usize = 16 << 20;

pub(crate) fn encode(flags: u8, message: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(5 + message.len());
    out.push(flags);
    out.extend_from_slice(&(message.len() as u32).to_be_bytes());
    out.extend_from_slice(message);
    out
}

/// Splits a byte stream, arriving in arbitrary chunks, into envelopes.
#[derive(Default)]
pub(crate) struct Decoder {
    buf: Vec<u8>,
}

impl Decoder {
    pub(crate) fn push(&mut self, chunk: &[u8]) {
        self.buf.extend_from_slice(chunk);
    }

    /// The next complete envelope as (flags, message), if one has fully arrived.
    pub(crate) fn next(&mut self) -> Result<Option<(u8, Vec<u8>)>, String> {
        if self.buf.len() < 5 {
            return Ok(None);
        }
        let len = u32::from_be_bytes([self.buf[1], self.buf[2], self.buf[3], self.buf[4]]) as usize;
        if len > MAX_MESSAGE_BYTES {
            return Err(format!("envelope of {len} bytes is too large"));
        }
        if self.buf.len() < 5 + len {
            return Ok(None);
        }
        let flags = self.buf[0];
        let message = self.buf[5..5 + len].to_vec();
        self.buf.drain(..5 + len);
        Ok(Some((flags, message)))
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_envelopes_split_across_chunks() {
        let mut bytes = encode(0, br#"{"a":1}"#);
        bytes.extend(encode(FLAG_END_STREAM, b"{}"));
        let mut decoder = Decoder::default();
        let mut seen = Vec::new();
        for chunk in bytes.chunks(3) {
            decoder.push(chunk);
            while let Some(envelope) = decoder.next().unwrap() {
                seen.push(envelope);
            }
        }
        assert_eq!(
            seen,
            [
                (0, br#"{"a":1}"#.to_vec()),
                (FLAG_END_STREAM, b"{}".to_vec())
            ]
        );
        assert!(decoder.is_empty());
    }

    #[test]
    fn rejects_oversized_envelopes() {
        let mut decoder = Decoder::default();
        decoder.push(&[0, 0xff, 0xff, 0xff, 0xff]);
        assert!(decoder.next().is_err());
    }
}

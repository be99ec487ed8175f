//! One command through envd's `process.Process/Start` server stream, with output caps and a wall clock.

use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use futures_util::StreamExt;
use reqwest::{Method, StatusCode};

use super::connect::{self, Decoder, FLAG_END_STREAM};
use super::protocol::{
    EndStream, ProcessConfig, ProcessSelector, SendSignal, StartRequest, StartResponse, WORKSPACE,
};
use super::{E2bProvider, e2b_error, envd_status_error};
use crate::SandboxError;
use crate::types::RawRun;

/// Extra time over the wall limit for envd to report the kill it performs at `Connect-Timeout-Ms`.
const STREAM_GRACE: Duration = Duration::from_secs(10);

/// Joins argv into one `bash -lc` command line (login shell, as the E2B SDK runs commands).
fn shell_line(argv: &[&str]) -> String {
    let quoted: Vec<String> = argv
        .iter()
        .map(|arg| format!("'{}'", arg.replace('\'', r"'\''")))
        .collect();
    quoted.join(" ")
}

#[derive(Default)]
struct Collected {
    pid: u32,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    exit_code: Option<i32>,
    truncated: bool,
    timed_out: bool,
}

impl Collected {
    fn append(&mut self, stdout: bool, base64_text: &str, cap: usize) -> Result<(), SandboxError> {
        let bytes = STANDARD
            .decode(base64_text)
            .map_err(|e| e2b_error("bad process output", e))?;
        let buf = if stdout {
            &mut self.stdout
        } else {
            &mut self.stderr
        };
        let room = cap.saturating_sub(buf.len());
        if bytes.len() > room {
            self.truncated = true;
        }
        buf.extend_from_slice(&bytes[..bytes.len().min(room)]);
        Ok(())
    }

    /// Handles one envelope; `Ok(true)` at the end of the stream.
    fn handle(&mut self, flags: u8, message: &[u8], cap: usize) -> Result<bool, SandboxError> {
        if flags & FLAG_END_STREAM != 0 {
            let end: EndStream =
                serde_json::from_slice(message).map_err(|e| e2b_error("bad end of stream", e))?;
            return match end.error {
                None => Ok(true),
                Some(error) if error.code == "deadline_exceeded" => {
                    self.timed_out = true;
                    Ok(true)
                }
                Some(error) if error.code == "not_found" => Err(SandboxError::NotFound),
                Some(error) if error.code == "resource_exhausted" => Err(SandboxError::Busy {
                    retry_after_secs: 1,
                }),
                Some(error) => Err(e2b_error(
                    "process failed",
                    format!("{}: {}", error.code, error.message),
                )),
            };
        }
        let response: StartResponse =
            serde_json::from_slice(message).map_err(|e| e2b_error("bad process event", e))?;
        let event = response.event;
        if let Some(start) = event.start {
            self.pid = start.pid;
        }
        if let Some(data) = event.data {
            if let Some(text) = data.stdout {
                self.append(true, &text, cap)?;
            }
            if let Some(text) = data.stderr {
                self.append(false, &text, cap)?;
            }
        }
        if let Some(end) = event.end {
            // A process killed by a signal reports no usable exit code: use the shell convention.
            let killed = !end.exited && end.status.starts_with("signal:");
            self.exit_code = Some(if killed { 128 + 9 } else { end.exit_code });
        }
        Ok(false)
    }
}

pub(super) async fn run(
    provider: &E2bProvider,
    handle: &crate::SandboxHandle,
    argv: &[&str],
    wall: Duration,
) -> Result<RawRun, SandboxError> {
    let request = StartRequest {
        process: ProcessConfig {
            cmd: "/bin/bash".into(),
            args: vec!["-l".into(), "-c".into(), shell_line(argv)],
            envs: Default::default(),
            cwd: Some(WORKSPACE.into()),
        },
        stdin: false,
    };
    let body = serde_json::to_vec(&request).map_err(|e| e2b_error("encode request", e))?;
    let started = Instant::now();
    // Not retried: the command may already have run.
    let response = provider
        .envd(handle, Method::POST, "/process.Process/Start")
        .timeout(wall + STREAM_GRACE)
        .header("Content-Type", "application/connect+json")
        .header("Connect-Protocol-Version", "1")
        .header("Connect-Timeout-Ms", wall.as_millis().to_string())
        .header("Keepalive-Ping-Interval", "50")
        .body(connect::encode(0, &body))
        .send()
        .await
        .map_err(|e| e2b_error("start process", e))?;
    if response.status() != StatusCode::OK {
        return Err(envd_status_error(response.status(), "start process"));
    }

    let cap = provider.limits.output_bytes;
    let mut collected = Collected::default();
    let mut decoder = Decoder::default();
    let mut stream = response.bytes_stream();
    let deadline = tokio::time::Instant::now() + wall + STREAM_GRACE;
    let mut ended = false;
    while !ended && !collected.truncated {
        let chunk = match tokio::time::timeout_at(deadline, stream.next()).await {
            Err(_) => {
                collected.timed_out = true;
                break;
            }
            Ok(None) if decoder.is_empty() => break,
            Ok(None) => return Err(e2b_error("process stream broke", "ended inside a message")),
            Ok(Some(chunk)) => chunk.map_err(|e| e2b_error("process stream broke", e))?,
        };
        decoder.push(&chunk);
        while let Some((flags, message)) = decoder
            .next()
            .map_err(|e| e2b_error("bad process stream", e))?
        {
            if collected.handle(flags, &message, cap)? {
                ended = true;
                break;
            }
        }
    }
    if collected.truncated || (collected.timed_out && !ended) {
        kill(provider, handle, collected.pid).await;
    }
    let exit_code = match collected.exit_code {
        Some(code) => code,
        None if collected.truncated || collected.timed_out => 128 + 9,
        None => return Err(e2b_error("process stream ended early", "no end event")),
    };
    Ok(RawRun {
        stdout: collected.stdout,
        stderr: collected.stderr,
        exit_code,
        elapsed: started.elapsed(),
        timed_out: collected.timed_out,
        truncated: collected.truncated,
    })
}

/// Best effort: the process may already be gone, and envd's own deadline kills it anyway.
async fn kill(provider: &E2bProvider, handle: &crate::SandboxHandle, pid: u32) {
    if pid == 0 {
        return;
    }
    let body = SendSignal {
        process: ProcessSelector { pid },
        signal: "SIGNAL_SIGKILL".into(),
    };
    let result = provider
        .envd(handle, Method::POST, "/process.Process/SendSignal")
        .json(&body)
        .send()
        .await;
    if let Err(err) = result {
        tracing::warn!(error = %err, sandbox_id = %handle.sandbox_id, "could not kill an E2B process");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_arguments_for_bash() {
        assert_eq!(
            shell_line(&["python3", "-c", "print('hi')"]),
            r#"'python3' '-c' 'print('\''hi'\'')'"#
        );
    }
}

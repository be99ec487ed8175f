//! A plain-text SMTP server (RFC 5321 subset: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; no TLS, no AUTH)
//! that keeps every message it accepts.

use std::collections::HashSet;
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{
    AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader,
};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

use super::lock;

/// Longest command line or message the server takes, well above anything the templates produce.
const MAX_LINE: usize = 4 * 1024;
const MAX_MESSAGE: usize = 4 * 1024 * 1024;

/// One message as received after `DATA`, dot-stuffing undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapturedMessage {
    pub mail_from: String,
    pub recipients: Vec<String>,
    /// Headers and body exactly as sent, CRLF line ends included.
    pub data: String,
}

pub struct SmtpMock {
    address: SocketAddr,
    state: Arc<Mutex<SmtpState>>,
    server: JoinHandle<()>,
}

#[derive(Default)]
struct SmtpState {
    messages: Vec<CapturedMessage>,
    rejected: HashSet<String>,
}

impl SmtpMock {
    pub async fn start() -> io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let state = Arc::new(Mutex::new(SmtpState::default()));
        let server = tokio::spawn(accept_loop(listener, Arc::clone(&state)));
        Ok(Self {
            address,
            state,
            server,
        })
    }

    /// A plain-text `SMTP_URL` pointing at this server.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.address)
    }

    /// Answers `RCPT TO` for this address with `550`, a permanent refusal.
    pub fn reject_recipient(&self, address: &str) {
        lock(&self.state)
            .rejected
            .insert(address.to_ascii_lowercase());
    }

    pub fn messages(&self) -> Vec<CapturedMessage> {
        lock(&self.state).messages.clone()
    }
}

impl Drop for SmtpMock {
    fn drop(&mut self) {
        // Aborting the accept loop drops its JoinSet, which ends the open sessions too.
        self.server.abort();
    }
}

async fn accept_loop(listener: TcpListener, state: Arc<Mutex<SmtpState>>) {
    let mut sessions = JoinSet::new();
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                let state = Arc::clone(&state);
                sessions.spawn(async move {
                    if let Err(err) = session(stream, state).await {
                        tracing::debug!(%err, "SMTP mock session ended with an error");
                    }
                });
            }
            Err(err) => tracing::warn!(%err, "SMTP mock cannot accept a connection"),
        }
        // Reap finished sessions so a long test run does not accumulate them.
        while sessions.try_join_next().is_some() {}
    }
}

/// The envelope being collected between `MAIL FROM` and the end of `DATA`.
#[derive(Default)]
struct Envelope {
    from: Option<String>,
    recipients: Vec<String>,
}

async fn session(stream: TcpStream, state: Arc<Mutex<SmtpState>>) -> io::Result<()> {
    let (reader, mut writer) = stream.into_split();
    let mut reader = BufReader::new(reader);
    reply(&mut writer, "220 mock.tali.local ESMTP ready").await?;
    let mut envelope = Envelope::default();
    while let Some(line) = read_line(&mut reader, MAX_LINE).await? {
        let (verb, argument) = line.split_once(' ').unwrap_or((line.as_str(), ""));
        match verb.to_ascii_uppercase().as_str() {
            "EHLO" => {
                reply(
                    &mut writer,
                    "250-mock.tali.local\r\n250-8BITMIME\r\n250 SMTPUTF8",
                )
                .await?
            }
            "HELO" => reply(&mut writer, "250 mock.tali.local").await?,
            "MAIL" => match path_argument(argument, "FROM:") {
                Some(from) => {
                    envelope = Envelope {
                        from: Some(from),
                        recipients: Vec::new(),
                    };
                    reply(&mut writer, "250 OK").await?;
                }
                None => reply(&mut writer, "501 Syntax: MAIL FROM:<address>").await?,
            },
            "RCPT" => {
                let answer = match path_argument(argument, "TO:") {
                    None => "501 Syntax: RCPT TO:<address>",
                    Some(_) if envelope.from.is_none() => "503 MAIL first",
                    Some(to) if lock(&state).rejected.contains(&to.to_ascii_lowercase()) => {
                        "550 No such user here"
                    }
                    Some(to) => {
                        envelope.recipients.push(to);
                        "250 OK"
                    }
                };
                reply(&mut writer, answer).await?;
            }
            "DATA" => {
                let Some(mail_from) = envelope
                    .from
                    .take()
                    .filter(|_| !envelope.recipients.is_empty())
                else {
                    reply(&mut writer, "503 RCPT first").await?;
                    continue;
                };
                reply(&mut writer, "354 End data with <CR><LF>.<CR><LF>").await?;
                let Some(data) = read_data(&mut reader).await? else {
                    return reply(&mut writer, "552 Message too large").await;
                };
                lock(&state).messages.push(CapturedMessage {
                    mail_from,
                    recipients: std::mem::take(&mut envelope.recipients),
                    data,
                });
                reply(&mut writer, "250 OK queued").await?;
            }
            "RSET" => {
                envelope = Envelope::default();
                reply(&mut writer, "250 OK").await?;
            }
            "NOOP" => reply(&mut writer, "250 OK").await?,
            "QUIT" => return reply(&mut writer, "221 Bye").await,
            _ => reply(&mut writer, "502 Command not implemented").await?,
        }
    }
    Ok(())
}

async fn reply(writer: &mut (impl AsyncWrite + Unpin), text: &str) -> io::Result<()> {
    writer.write_all(format!("{text}\r\n").as_bytes()).await?;
    writer.flush().await
}

/// Reads one CRLF-terminated line without its line end; `None` when the client hung up.
async fn read_line(
    reader: &mut (impl AsyncBufRead + Unpin),
    limit: usize,
) -> io::Result<Option<String>> {
    let mut bytes = Vec::new();
    let read = (&mut *reader)
        .take(limit as u64)
        .read_until(b'\n', &mut bytes)
        .await?;
    if read == 0 {
        return Ok(None);
    }
    if !bytes.ends_with(b"\n") {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "SMTP line too long",
        ));
    }
    let line = String::from_utf8_lossy(&bytes);
    Ok(Some(line.trim_end_matches(['\r', '\n']).to_owned()))
}

/// Reads message lines up to the lone `.`; `None` when the message exceeds [`MAX_MESSAGE`].
async fn read_data(reader: &mut (impl AsyncBufRead + Unpin)) -> io::Result<Option<String>> {
    let mut data = String::new();
    loop {
        let Some(line) = read_line(reader, MAX_LINE).await? else {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "client hung up during DATA",
            ));
        };
        if line == "." {
            return Ok(Some(data));
        }
        // A leading dot was doubled by the client so that no content line reads as the terminator.
        data.push_str(line.strip_prefix('.').unwrap_or(&line));
        data.push_str("\r\n");
        if data.len() > MAX_MESSAGE {
            return Ok(None);
        }
    }
}

/// Extracts the address from `FROM:<a@b> BODY=8BITMIME` or `TO:<a@b>`.
fn path_argument(argument: &str, prefix: &str) -> Option<String> {
    let rest = argument
        .get(..prefix.len())?
        .eq_ignore_ascii_case(prefix)
        .then(|| &argument[prefix.len()..])?;
    let rest = rest.trim_start().strip_prefix('<')?;
    let (address, _parameters) = rest.split_once('>')?;
    Some(address.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_argument_reads_addresses_and_ignores_parameters() {
        assert_eq!(
            path_argument("FROM:<a@b.c> BODY=8BITMIME", "FROM:").as_deref(),
            Some("a@b.c")
        );
        assert_eq!(
            path_argument("to: <x@y.z>", "TO:").as_deref(),
            Some("x@y.z")
        );
        assert_eq!(path_argument("FROM:<>", "FROM:").as_deref(), Some(""));
        assert_eq!(path_argument("FROM:a@b.c", "FROM:"), None);
        assert_eq!(path_argument("TO:<x@y.z>", "FROM:"), None);
    }
}

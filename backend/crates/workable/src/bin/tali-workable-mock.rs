//! Serves the Workable mock on 127.0.0.1 for browser tests:
//! `tali-workable-mock --port 4030 [--rate-window-secs 10] [--token-ttl-secs 300]`, then point the app's Workable
//! API base URL and OAuth base URL at `http://127.0.0.1:4030`.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use tali_workable::mock::{MockConfig, WorkableMock};

const USAGE: &str = "usage: tali-workable-mock --port <port> [--rate-window-secs <seconds>] [--token-ttl-secs <seconds>]";

#[tokio::main]
async fn main() -> ExitCode {
    let (port, config) = match parse_args(std::env::args().skip(1)) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mock = match WorkableMock::start_on(SocketAddr::from(([127, 0, 0, 1], port)), config).await
    {
        Ok(mock) => mock,
        Err(err) => {
            eprintln!("cannot listen on 127.0.0.1:{port}: {err}");
            return ExitCode::FAILURE;
        }
    };
    println!("Workable mock listening on {}", mock.url());
    println!(
        "account {} (token {}), OAuth client {} / {}, member {}",
        WorkableMock::SUBDOMAIN,
        WorkableMock::ACCOUNT_TOKEN,
        WorkableMock::CLIENT_ID,
        WorkableMock::CLIENT_SECRET,
        WorkableMock::MEMBER_ID
    );
    match tokio::signal::ctrl_c().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("cannot wait for Ctrl-C: {err}");
            ExitCode::FAILURE
        }
    }
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<(u16, MockConfig), String> {
    let mut port = None;
    let mut config = MockConfig::default();
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--port" => {
                port = Some(
                    value
                        .parse()
                        .map_err(|_| format!("invalid port {value:?}"))?,
                )
            }
            "--rate-window-secs" => config.rate_window = seconds(&flag, &value)?,
            "--token-ttl-secs" => config.access_token_ttl = seconds(&flag, &value)?,
            _ => return Err(format!("unknown argument {flag:?}")),
        }
    }
    let port = port.ok_or("--port is required")?;
    Ok((port, config))
}

fn seconds(flag: &str, value: &str) -> Result<Duration, String> {
    value
        .parse::<f64>()
        .ok()
        .and_then(|seconds| Duration::try_from_secs_f64(seconds).ok())
        .filter(|duration| !duration.is_zero())
        .ok_or_else(|| format!("{flag} must be a positive number of seconds, not {value:?}"))
}

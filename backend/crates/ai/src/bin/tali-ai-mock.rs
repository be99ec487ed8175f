//! Serves the Anthropic mock on 127.0.0.1 for the browser tests:
//! `tali-ai-mock --port 4010`, then point `ANTHROPIC_BASE_URL` at `http://127.0.0.1:4010`.

use std::net::SocketAddr;
use std::process::ExitCode;

use tali_ai::mock::AnthropicMock;

const USAGE: &str = "usage: tali-ai-mock --port <port>";

#[tokio::main]
async fn main() -> ExitCode {
    let port = match parse_port(std::env::args().skip(1)) {
        Ok(port) => port,
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let server = match AnthropicMock::start_on(SocketAddr::from(([127, 0, 0, 1], port))).await {
        Ok(server) => server,
        Err(err) => {
            eprintln!("cannot listen on 127.0.0.1:{port}: {err}");
            return ExitCode::FAILURE;
        }
    };
    println!("Anthropic mock listening on {}", server.base_url());
    match tokio::signal::ctrl_c().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("cannot wait for Ctrl-C: {err}");
            ExitCode::FAILURE
        }
    }
}

fn parse_port(mut args: impl Iterator<Item = String>) -> Result<u16, String> {
    match (args.next().as_deref(), args.next(), args.next()) {
        (Some("--port"), Some(port), None) => {
            port.parse().map_err(|_| format!("invalid port {port:?}"))
        }
        _ => Err("expected exactly one --port argument".to_owned()),
    }
}

//! Serves the Stripe mock on 127.0.0.1 for browser tests:
//!
//! ```text
//! tali-stripe-mock --port 12111 --webhook-url http://127.0.0.1:8000/api/webhooks/stripe \
//!     --webhook-secret whsec_...
//! ```
//!
//! then point the app's Stripe base URL at `http://127.0.0.1:12111` with any `sk_test_...` key
//! and the same webhook secret. Without `--webhook-url`, events are recorded but not sent.

use std::net::SocketAddr;
use std::process::ExitCode;

use secrecy::SecretString;
use tali_stripe::mock::{MockOptions, StripeMock};

const USAGE: &str = "usage: tali-stripe-mock --port <port> [--webhook-url <url>] \
                     [--webhook-secret <whsec_...>]";

struct Args {
    port: u16,
    options: MockOptions,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let webhook_url = args.options.webhook_url.clone();
    let address = SocketAddr::from(([127, 0, 0, 1], args.port));
    let server = match StripeMock::start_on(address, args.options).await {
        Ok(server) => server,
        Err(err) => {
            eprintln!("cannot listen on {address}: {err}");
            return ExitCode::FAILURE;
        }
    };
    println!("Stripe mock listening on {}", server.base_url());
    match webhook_url {
        Some(url) => println!("delivering webhooks to {url}"),
        None => println!("no --webhook-url: events are recorded, not delivered"),
    }
    match tokio::signal::ctrl_c().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("cannot wait for Ctrl-C: {err}");
            ExitCode::FAILURE
        }
    }
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut port = None;
    let mut options = MockOptions::default();
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--port" => {
                port = Some(
                    value
                        .parse()
                        .map_err(|_| format!("invalid port {value:?}"))?,
                );
            }
            "--webhook-url" => {
                if !(value.starts_with("http://") || value.starts_with("https://")) {
                    return Err(format!(
                        "--webhook-url must be an http(s) URL, got {value:?}"
                    ));
                }
                options.webhook_url = Some(value);
            }
            "--webhook-secret" => {
                if !value.starts_with("whsec_") {
                    return Err("--webhook-secret must start with whsec_".to_owned());
                }
                options.webhook_secret = SecretString::from(value);
            }
            other => return Err(format!("unknown flag {other:?}")),
        }
    }
    let port = port.ok_or("--port is required")?;
    Ok(Args { port, options })
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;

    fn parse(args: &[&str]) -> Result<Args, String> {
        parse_args(args.iter().map(|arg| (*arg).to_owned()))
    }

    #[test]
    fn all_flags() {
        let args = parse(&[
            "--port",
            "12111",
            "--webhook-url",
            "http://127.0.0.1:8000/api/webhooks/stripe",
            "--webhook-secret",
            "whsec_browser",
        ])
        .unwrap();
        assert_eq!(args.port, 12111);
        assert_eq!(
            args.options.webhook_url.as_deref(),
            Some("http://127.0.0.1:8000/api/webhooks/stripe")
        );
        assert_eq!(args.options.webhook_secret.expose_secret(), "whsec_browser");
    }

    #[test]
    fn port_alone_uses_the_defaults() {
        let args = parse(&["--port", "0"]).unwrap();
        assert_eq!(args.options.webhook_url, None);
        assert_eq!(
            args.options.webhook_secret.expose_secret(),
            StripeMock::WEBHOOK_SECRET
        );
    }

    #[test]
    fn mistakes_are_explained() {
        assert!(parse(&[]).is_err());
        assert!(parse(&["--port"]).is_err());
        assert!(parse(&["--port", "http"]).is_err());
        assert!(parse(&["--port", "1", "--webhook-secret", "secret"]).is_err());
        assert!(parse(&["--port", "1", "--webhook-url", "localhost:8000"]).is_err());
        assert!(parse(&["--port", "1", "--verbose", "yes"]).is_err());
    }
}

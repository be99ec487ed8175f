#[tokio::main]
async fn main() {
    if let Err(err) = tali::cli::run().await {
        eprintln!("tali: {err:#}");
        std::process::exit(1);
    }
}

fn main() {
    tali::telemetry::limit_malloc_arenas();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("the async runtime starts");
    if let Err(err) = runtime.block_on(tali::cli::run()) {
        eprintln!("tali: {err:#}");
        std::process::exit(1);
    }
}

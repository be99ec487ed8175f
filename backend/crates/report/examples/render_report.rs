//! Renders a report from a JSON file, to look at the layout:
//! `cargo run --example render_report -- tests/fixtures/full_report.json /tmp/report.pdf`

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: render_report <report.json> <out.pdf>");
        return ExitCode::FAILURE;
    };
    match run(input, output) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run(input: &str, output: &str) -> Result<(), String> {
    let json = std::fs::read_to_string(input).map_err(|e| format!("cannot read {input}: {e}"))?;
    let data: tali_report::ReportData =
        serde_json::from_str(&json).map_err(|e| format!("{input} is not report data: {e}"))?;
    let pdf = tali_report::render(&data).map_err(|e| format!("cannot render: {e}"))?;
    std::fs::write(output, pdf).map_err(|e| format!("cannot write {output}: {e}"))
}

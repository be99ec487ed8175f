//! The recruiter's assessment report as a PDF: score, signals with their explanations, test results, AI
//! prompts, timeline and an excerpt of the final code, in TALI's black/white/purple theme.
//!
//! Text is set in the PDF standard fonts (Helvetica, Courier), which every viewer provides, so nothing is
//! embedded and no system font is read. They cover Latin-1 and the Windows-1252 punctuation; other
//! characters are shown as `?` (a few arrows and symbols get ASCII spellings).

mod canvas;
mod integrity;
mod model;
mod sections;
mod text;
mod text_layer;
mod theme;
mod understanding;
mod work;

use printpdf::{OffsetDateTime, PdfDocument, PdfSaveOptions};

pub use integrity::{band_summary, flag_title};
pub use model::{
    Activity, Integrity, IntegrityFlag, Prompt, ReportData, Signal, SignalStatus, TestDetail,
    TimelineEvent, Understanding, UnderstandingItem,
};
pub use text_layer::{shown_text, text_runs};

use canvas::{Canvas, PageFrame};
use text::Metrics;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ReportError {
    #[error("{field} is {value}, but scores are on the 0-10 scale")]
    ScoreOutOfRange { field: String, value: f64 },
    #[error("signal {0} is marked scored but has no score")]
    MissingSignalScore(String),
    #[error("{passed} tests passed out of {total}: more than ran")]
    TestCounts { passed: u32, total: u32 },
    #[error("the built-in PDF font metrics could not be read")]
    FontMetrics,
    #[error("the PDF could not be read: {0}")]
    Unreadable(String),
}

/// Renders `report` as a complete PDF file.
pub fn render(report: &ReportData) -> Result<Vec<u8>, ReportError> {
    render_with(report, &PdfSaveOptions::default())
}

fn render_with(report: &ReportData, options: &PdfSaveOptions) -> Result<Vec<u8>, ReportError> {
    validate(report)?;
    let mut canvas = Canvas::new(Metrics::get()?);
    sections::draw(&mut canvas, report);
    let frame = PageFrame {
        header_left: report.organization_name.clone(),
        header_right: match &report.generated_at {
            Some(date) => format!("TALI assessment report, {date}"),
            None => "TALI assessment report".to_owned(),
        },
        footer_left: format!("{} \u{00B7} {}", report.candidate_name, report.task_name),
    };
    let title = format!("Assessment report: {}", report.candidate_name);
    let mut document = PdfDocument::new(&title);
    if let Some(date) = report
        .generated_unix_s
        .and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok())
    {
        let info = &mut document.metadata.info;
        info.creation_date = date;
        info.modification_date = date;
        info.metadata_date = date;
    }
    document.with_pages(canvas.finish(&frame));
    // The warnings printpdf collects concern fonts it embeds or parses; the standard fonts need neither.
    Ok(document.save(options, &mut Vec::new()))
}

fn validate(report: &ReportData) -> Result<(), ReportError> {
    check_score("overall_score", report.overall_score)?;
    for signal in &report.signals {
        check_score(&format!("the score of signal {}", signal.id), signal.score)?;
        if signal.status == SignalStatus::Scored && signal.score.is_none() {
            return Err(ReportError::MissingSignalScore(signal.id.clone()));
        }
    }
    if report.tests_passed > report.tests_total {
        return Err(ReportError::TestCounts {
            passed: report.tests_passed,
            total: report.tests_total,
        });
    }
    Ok(())
}

fn check_score(field: &str, score: Option<f64>) -> Result<(), ReportError> {
    match score {
        Some(value) if !(0.0..=10.0).contains(&value) => Err(ReportError::ScoreOutOfRange {
            field: field.to_owned(),
            value,
        }),
        _ => Ok(()),
    }
}

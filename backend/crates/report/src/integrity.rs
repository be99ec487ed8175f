//! The Integrity section: the review band with its reason, then each item the engine recorded, in the plain words
//! of the web app's Integrity panel (`frontend/src/shared/assessments/integrity.js`), with the moments it points
//! at. The items describe what happened, never why: an own editor, a screen reader or a phone call explain many
//! of them, so each is something to check, not a finding.

use crate::canvas::{Canvas, Style};
use crate::model::{Activity, Integrity, ReportData};
use crate::sections::{body_style, heading, note_style, or_dash};
use crate::text::Face;
use crate::theme::{BLACK, CONTENT_WIDTH, MARGIN_X, PURPLE};

const LEFT: f32 = MARGIN_X;
const NOT_CONCLUSIONS: &str = "These are observations for a person to check, not conclusions: they never \
    change the score, and an own editor, accessibility tools or a break explain many of them.";

/// What an item of `kind` is called, as the web app names it.
pub fn flag_title(kind: &str) -> &'static str {
    match kind {
        "external_paste" => "Pasted code from outside the session",
        "focus_loss" => "Time away from the editor",
        "paste_after_absence" => "A paste soon after time away",
        "burst_without_paste" => "Code that appeared without a paste",
        "injection" => "Prompts aimed at the assistant\u{2019}s instructions",
        "snapshot_gap" => "Long gap without editor activity",
        _ => "Item to check",
    }
}

/// The review band's heading and the reason for it, as the web app words them.
pub fn band_summary(integrity: &Integrity) -> (&'static str, String) {
    let count = integrity.count;
    let plural = if count == 1 { "" } else { "s" };
    match integrity.band.as_str() {
        "review" => {
            let high = integrity
                .flags
                .iter()
                .filter(|f| f.severity == "high")
                .count();
            (
                "Needs review",
                format!(
                    "{count} item{plural} to check, {high} of them marked for a closer look. Please read the \
                     session before deciding."
                ),
            )
        }
        "note" => (
            "Worth a look",
            format!("{count} minor item{plural} to check; none is marked for a closer look."),
        ),
        _ => (
            "Nothing to check",
            "The session shows no large pastes from outside, long absences, unusual bursts of code or prompts aimed \
             at the assistant."
                .to_owned(),
        ),
    }
}

pub(crate) fn draw(canvas: &mut Canvas, data: &ReportData) {
    match &data.integrity {
        Some(integrity) => section(canvas, integrity),
        None => review_items(canvas, &data.review_items),
    }
    if let Some(reason) = &data.similarity_review {
        heading(canvas, "Similarity: needs review");
        canvas.paragraph(LEFT, CONTENT_WIDTH, &body_style(), or_dash(reason), None);
        canvas.paragraph(
            LEFT,
            CONTENT_WIDTH,
            &note_style(),
            "Nothing was rejected: compare the matching code side by side on the assessment's Similarity tab.",
            None,
        );
    }
}

fn section(canvas: &mut Canvas, integrity: &Integrity) {
    heading(canvas, "Integrity");
    let (title, reason) = band_summary(integrity);
    let band = Style::new(Face::Bold, 11.0, PURPLE);
    canvas.paragraph(LEFT, CONTENT_WIDTH, &band, &title.to_uppercase(), None);
    canvas.paragraph(LEFT, CONTENT_WIDTH, &body_style(), &reason, None);
    canvas.advance(4.0);
    canvas.paragraph(LEFT, CONTENT_WIDTH, &note_style(), NOT_CONCLUSIONS, None);
    let item_title = Style::new(Face::Bold, 10.5, BLACK);
    for (index, flag) in integrity.flags.iter().enumerate() {
        canvas.advance(8.0);
        canvas.ensure(item_title.line_height() + 2.0 * body_style().line_height());
        let closer = if flag.severity == "high" {
            " (closer look)"
        } else {
            ""
        };
        let name = format!("{}. {}{closer}", index + 1, flag_title(&flag.kind));
        canvas.paragraph(LEFT, CONTENT_WIDTH, &item_title, &name, None);
        canvas.paragraph(
            LEFT,
            CONTENT_WIDTH,
            &body_style(),
            or_dash(&flag.explanation),
            None,
        );
        if !flag.moments.is_empty() {
            let moments = format!("When: {}", flag.moments.join("; "));
            canvas.paragraph(LEFT, CONTENT_WIDTH, &note_style(), &moments, None);
        }
    }
    if let Some(activity) = &integrity.activity {
        activity_summary(canvas, activity);
    }
}

/// Lines listed per kind before the rest is summed up: a session with hundreds of pastes keeps a readable report.
const LISTED: usize = 25;

/// Every paste and time away, flagged or not, after the items: the whole picture behind the band.
fn activity_summary(canvas: &mut Canvas, activity: &Activity) {
    canvas.advance(10.0);
    let title = Style::new(Face::Bold, 10.5, BLACK);
    canvas.ensure(title.line_height() + 2.0 * body_style().line_height());
    canvas.paragraph(
        LEFT,
        CONTENT_WIDTH,
        &title,
        "Every paste and time away",
        None,
    );
    canvas.paragraph(
        LEFT,
        CONTENT_WIDTH,
        &body_style(),
        or_dash(&activity.summary),
        None,
    );
    for lines in [&activity.pastes, &activity.absences] {
        if lines.is_empty() {
            continue;
        }
        canvas.advance(4.0);
        for line in lines.iter().take(LISTED) {
            canvas.paragraph(
                LEFT,
                CONTENT_WIDTH,
                &note_style(),
                &format!("- {line}"),
                None,
            );
        }
        if lines.len() > LISTED {
            let rest = format!(
                "... and {} more, listed in the web app.",
                lines.len() - LISTED
            );
            canvas.paragraph(LEFT, CONTENT_WIDTH, &note_style(), &rest, None);
        }
    }
}

/// The items the review band counts, for reports made without the integrity data.
fn review_items(canvas: &mut Canvas, items: &[String]) {
    if items.is_empty() {
        return;
    }
    heading(canvas, &format!("Items to look at ({})", items.len()));
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            canvas.advance(4.0);
        }
        canvas.paragraph(
            LEFT,
            CONTENT_WIDTH,
            &body_style(),
            &format!("{}. {}", index + 1, or_dash(item)),
            None,
        );
    }
}

//! The report's content, section by section, drawn onto a [`Canvas`].

use crate::canvas::{Canvas, Style};
use crate::model::{ReportData, Signal, SignalStatus, TestDetail};
use crate::text::Face;
use crate::theme::{BLACK, BORDER, CONTENT_WIDTH, GREY, HAIRLINE, MARGIN_X, PURPLE, WHITE};

/// The code excerpt shows this many source lines at most.
pub(crate) const CODE_EXCERPT_LINES: usize = 120;
/// A test's failure message shows this many source lines at most: enough for an assertion and the frame
/// that raised it without letting one traceback take over the report.
const TEST_MESSAGE_LINES: usize = 12;

/// Lines a header fact or the review band may take: they sit in fixed boxes that must fit on the first page.
const FACT_LINES: usize = 3;
const BAND_LINES: usize = 6;

pub(crate) const LEFT: f32 = MARGIN_X;
pub(crate) const RIGHT: f32 = MARGIN_X + CONTENT_WIDTH;

pub(crate) fn draw(canvas: &mut Canvas, data: &ReportData) {
    title(canvas, data);
    summary(canvas, data);
    crate::integrity::draw(canvas, data);
    signals(canvas, &data.signals);
    crate::understanding::draw(canvas, data);
    tests(canvas, data);
    crate::work::prompts(canvas, &data.prompts);
    crate::work::timeline(canvas, &data.timeline);
    code(canvas, data.final_code.as_deref());
}

pub(crate) fn label_style() -> Style {
    Style::new(Face::Bold, 7.5, GREY)
}

pub(crate) fn body_style() -> Style {
    Style::new(Face::Regular, 9.5, BLACK)
}

pub(crate) fn note_style() -> Style {
    Style::new(Face::Regular, 9.0, GREY)
}

fn title(canvas: &mut Canvas, data: &ReportData) {
    let kicker = Style::new(Face::Bold, 8.0, PURPLE);
    canvas.flow_line(LEFT, &kicker, "ASSESSMENT REPORT", None);
    canvas.advance(2.0);
    let name = Style::new(Face::Bold, 22.0, BLACK);
    canvas.paragraph(
        LEFT,
        CONTENT_WIDTH,
        &name,
        or_dash(&data.candidate_name),
        None,
    );
    let contact = [
        Some(data.candidate_email.as_str()),
        data.candidate_position.as_deref(),
    ]
    .into_iter()
    .flatten()
    .filter(|part| !part.trim().is_empty())
    .collect::<Vec<_>>()
    .join("  \u{00B7}  ");
    if !contact.is_empty() {
        canvas.paragraph(
            LEFT,
            CONTENT_WIDTH,
            &Style::new(Face::Regular, 10.5, GREY),
            &contact,
            None,
        );
    }
    canvas.advance(12.0);
    fact_row(
        canvas,
        &[
            ("Task", &data.task_name),
            ("Status", &humanize(&data.status)),
        ],
    );
    canvas.advance(8.0);
    fact_row(
        canvas,
        &[
            ("Created", &data.created_at),
            (
                "Started",
                data.started_at.as_deref().unwrap_or("Not started"),
            ),
            (
                "Completed",
                data.completed_at.as_deref().unwrap_or("Not completed"),
            ),
        ],
    );
    canvas.advance(16.0);
}

/// Labelled values side by side in equal columns; long values wrap inside their column.
fn fact_row(canvas: &mut Canvas, facts: &[(&str, &str)]) {
    let gap = 16.0;
    let column = (CONTENT_WIDTH - gap * (facts.len() as f32 - 1.0)) / facts.len() as f32;
    let label = label_style();
    let value = Style::new(Face::Regular, 10.0, BLACK);
    let wrapped: Vec<Vec<String>> = facts
        .iter()
        .map(|(_, text)| canvas.wrap_at_most(or_dash(text), &value, column, FACT_LINES))
        .collect();
    let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1);
    canvas.ensure(label.line_height() + lines as f32 * value.line_height());
    let top = canvas.y();
    for (index, ((name, _), text)) in facts.iter().zip(&wrapped).enumerate() {
        let x = LEFT + index as f32 * (column + gap);
        canvas.text(x, top, &label, &name.to_uppercase());
        for (line_index, line) in text.iter().enumerate() {
            let line_top = top + label.line_height() + line_index as f32 * value.line_height();
            canvas.text(x, line_top, &value, line);
        }
    }
    canvas.advance(label.line_height() + lines as f32 * value.line_height());
}

/// The boxed headline: overall score, tests passed, review band.
fn summary(canvas: &mut Canvas, data: &ReportData) {
    let pad = 12.0;
    let cell = 150.0;
    let band_x = LEFT + 2.0 * cell;
    let band_width = RIGHT - band_x - 2.0 * pad;
    let big = Style::new(Face::Bold, 30.0, PURPLE);
    let band_style = Style::new(Face::Bold, 10.5, BLACK);
    let band_text = data
        .review_band
        .as_deref()
        .filter(|band| !band.trim().is_empty());
    let band_lines = match band_text {
        Some(band) => canvas.wrap_at_most(band, &band_style, band_width, BAND_LINES),
        None => canvas.wrap(
            "Available once the assessment is scored.",
            &note_style(),
            band_width,
        ),
    };
    let inner = label_style().line_height() + 4.0;
    let band_height = inner + band_lines.len() as f32 * band_style.line_height();
    let height =
        2.0 * pad + band_height.max(inner + big.line_height() + note_style().line_height());
    canvas.ensure(height);
    let top = canvas.y();

    canvas.stroke_rect(LEFT, top, CONTENT_WIDTH, height, BLACK, BORDER);
    canvas.vline(LEFT + cell, top, top + height, BLACK, BORDER);
    canvas.vline(band_x, top, top + height, BLACK, BORDER);

    let value_top = top + pad + inner;
    let under_value = value_top + big.line_height();
    canvas.text(LEFT + pad, top + pad, &label_style(), "OVERALL SCORE");
    match data.overall_score {
        Some(score) => {
            let shown = format!("{score:.1}");
            canvas.text(LEFT + pad, value_top, &big, &shown);
            let after = LEFT + pad + canvas.width(&shown, &big) + 4.0;
            let out_of = Style::new(Face::Bold, 12.0, GREY);
            let same_baseline = value_top + big.baseline_offset() - out_of.baseline_offset();
            canvas.text(after, same_baseline, &out_of, "/ 10");
            let scored = data
                .signals
                .iter()
                .filter(|s| s.status == SignalStatus::Scored)
                .count();
            let basis = format!("From {scored} of {} signals", data.signals.len());
            canvas.text(LEFT + pad, under_value, &note_style(), &basis);
        }
        None => {
            canvas.text(
                LEFT + pad,
                value_top,
                &Style::new(Face::Bold, 30.0, GREY),
                "\u{2013}",
            );
            canvas.text(LEFT + pad, under_value, &note_style(), "Not scored yet");
        }
    }

    let tests_x = LEFT + cell + pad;
    canvas.text(tests_x, top + pad, &label_style(), "TESTS PASSED");
    if data.tests_total == 0 {
        canvas.text(
            tests_x,
            value_top,
            &Style::new(Face::Bold, 30.0, GREY),
            "\u{2013}",
        );
        canvas.text(tests_x, under_value, &note_style(), "No tests run yet");
    } else {
        let shown = format!("{}/{}", data.tests_passed, data.tests_total);
        canvas.text(
            tests_x,
            value_top,
            &Style::new(Face::Bold, 30.0, BLACK),
            &shown,
        );
        let percent = f64::from(data.tests_passed) * 100.0 / f64::from(data.tests_total);
        canvas.text(
            tests_x,
            under_value,
            &note_style(),
            &format!("{percent:.0}% of the suite"),
        );
    }

    canvas.text(band_x + pad, top + pad, &label_style(), "REVIEW BAND");
    let line_style = if band_text.is_some() {
        band_style
    } else {
        note_style()
    };
    for (index, line) in band_lines.iter().enumerate() {
        canvas.text(
            band_x + pad,
            value_top + index as f32 * line_style.line_height(),
            &line_style,
            line,
        );
    }
    canvas.advance(height + 8.0);
}

/// A section title with a rule under it, kept on the same page as the start of what follows.
pub(crate) fn heading(canvas: &mut Canvas, title: &str) {
    let style = Style::new(Face::Bold, 13.0, BLACK);
    canvas.advance(14.0);
    canvas.ensure(style.line_height() + 60.0);
    canvas.flow_line(LEFT, &style, title, None);
    let rule = canvas.y() + 2.0;
    canvas.hline(LEFT, RIGHT, rule, BLACK, BORDER);
    canvas.advance(10.0);
}

pub(crate) fn empty_note(canvas: &mut Canvas, text: &str) {
    canvas.paragraph(LEFT, CONTENT_WIDTH, &note_style(), text, None);
}

pub(crate) fn separator(canvas: &mut Canvas) {
    canvas.advance(5.0);
    canvas.ensure(HAIRLINE);
    let y = canvas.y();
    canvas.hline(LEFT, RIGHT, y, GREY, HAIRLINE);
    canvas.advance(7.0);
}

fn signals(canvas: &mut Canvas, signals: &[Signal]) {
    heading(canvas, "Signals");
    if signals.is_empty() {
        empty_note(
            canvas,
            "No signals yet: they are computed when the assessment is submitted.",
        );
        return;
    }
    for (index, signal) in signals.iter().enumerate() {
        if index > 0 {
            separator(canvas);
        }
        signal_row(canvas, signal);
    }
}

fn signal_row(canvas: &mut Canvas, signal: &Signal) {
    let id_width = 30.0;
    let bar_width = 100.0;
    let name_style = Style::new(Face::Bold, 10.5, BLACK);
    let explanation = body_style();
    canvas.ensure(name_style.line_height() + 2.0 * explanation.line_height());
    let top = canvas.y();
    canvas.text(LEFT, top, &Style::new(Face::Bold, 10.5, PURPLE), &signal.id);

    let verdict_style = Style::new(Face::Bold, 10.5, BLACK);
    let verdict_width = match (signal.status, signal.score) {
        (SignalStatus::Scored, Some(score)) => {
            let shown = format!("{score:.1}");
            canvas.text_right(RIGHT, top, &verdict_style, &shown);
            let bar_x = RIGHT - 34.0 - bar_width;
            let bar_top = top + 3.5;
            let filled = (score.clamp(0.0, 10.0) / 10.0) as f32 * bar_width;
            canvas.fill_rect(bar_x, bar_top, filled, 8.0, PURPLE);
            canvas.stroke_rect(bar_x, bar_top, bar_width, 8.0, BLACK, BORDER);
            bar_width + 34.0
        }
        (status, _) => {
            let note = Style::new(Face::Regular, 9.5, GREY);
            let text = match status {
                SignalStatus::NotApplicable => "Not applicable",
                SignalStatus::Insufficient | SignalStatus::Scored => "Not enough evidence",
            };
            canvas.text_right(RIGHT, top, &note, text);
            canvas.width(text, &note)
        }
    };
    let name_room = CONTENT_WIDTH - id_width - verdict_width - 12.0;
    let name = canvas.fit(&signal.name, &name_style, name_room);
    canvas.text(LEFT + id_width, top, &name_style, &name);
    canvas.advance(name_style.line_height() + 2.0);
    if !signal.explanation.trim().is_empty() {
        canvas.paragraph(
            LEFT + id_width,
            CONTENT_WIDTH - id_width,
            &explanation,
            &signal.explanation,
            None,
        );
    }
}

fn tests(canvas: &mut Canvas, data: &ReportData) {
    heading(
        canvas,
        &format!(
            "Test results ({}/{} passed)",
            data.tests_passed, data.tests_total
        ),
    );
    if data.test_details.is_empty() {
        empty_note(canvas, "No test results yet.");
        return;
    }
    for (index, test) in data.test_details.iter().enumerate() {
        if index > 0 {
            separator(canvas);
        }
        test_row(canvas, test);
    }
}

fn test_row(canvas: &mut Canvas, test: &TestDetail) {
    let badge_width = 56.0;
    let indent = badge_width + 10.0;
    let name_style = Style::new(Face::Bold, 10.0, BLACK);
    let name_lines = canvas.wrap(&test.name, &name_style, CONTENT_WIDTH - indent);
    canvas.ensure(name_lines.len() as f32 * name_style.line_height());
    let top = canvas.y();
    badge(canvas, LEFT, top + 0.5, badge_width, &test.outcome);
    for line in &name_lines {
        canvas.flow_line(LEFT + indent, &name_style, line, None);
    }
    if let Some(message) = test.message.as_deref().filter(|m| !m.trim().is_empty()) {
        canvas.advance(2.0);
        preformatted(canvas, LEFT + indent, message, TEST_MESSAGE_LINES, false);
    }
}

/// The outcome as a square tag: passed in black, failures in purple, anything else outlined.
fn badge(canvas: &mut Canvas, x: f32, top: f32, width: f32, outcome: &str) {
    let height = 12.5;
    let text = outcome.trim().to_uppercase();
    let (fill, ink) = match text.as_str() {
        "PASSED" | "PASS" => (Some(BLACK), WHITE),
        "FAILED" | "FAIL" | "ERROR" => (Some(PURPLE), WHITE),
        _ => (None, BLACK),
    };
    match fill {
        Some(color) => canvas.fill_rect(x, top, width, height, color),
        None => canvas.stroke_rect(x, top, width, height, BLACK, BORDER),
    }
    let style = Style::new(Face::Bold, 7.0, ink);
    let shown = canvas.fit(&text, &style, width - 6.0);
    let text_x = x + (width - canvas.width(&shown, &style)) / 2.0;
    let text_top = top + (height - style.line_height()) / 2.0;
    canvas.text(text_x, text_top, &style, &shown);
}

fn code(canvas: &mut Canvas, final_code: Option<&str>) {
    heading(canvas, "Final code");
    match final_code.filter(|code| !code.trim().is_empty()) {
        Some(code) => preformatted(canvas, LEFT, code, CODE_EXCERPT_LINES, true),
        None => empty_note(canvas, "No code has been submitted yet."),
    }
}

/// Monospaced text with a black rule down its left edge, at most `max_lines` source lines, optionally with
/// line numbers; says how much was left out.
fn preformatted(canvas: &mut Canvas, x: f32, text: &str, max_lines: usize, numbered: bool) {
    let style = Style::new(Face::Mono, 8.0, BLACK);
    let gutter_style = Style::new(Face::Mono, 8.0, GREY);
    // Room for four-digit numbers and the rule `flow_line` draws 8pt left of the text.
    let gutter = if numbered {
        canvas.width("0000", &style) + 16.0
    } else {
        0.0
    };
    let source = canvas.wrap_preformatted(text, &style, RIGHT - x - gutter);
    for (number, pieces) in source.iter().take(max_lines).enumerate() {
        for (piece_index, piece) in pieces.iter().enumerate() {
            canvas.ensure(style.line_height());
            if numbered && piece_index == 0 {
                let top = canvas.y();
                canvas.text_right(
                    x + gutter - 14.0,
                    top,
                    &gutter_style,
                    &(number + 1).to_string(),
                );
            }
            canvas.flow_line(x + gutter, &style, piece, Some(BLACK));
        }
    }
    if source.len() > max_lines {
        canvas.advance(3.0);
        let note = format!("Showing the first {max_lines} of {} lines.", source.len());
        canvas.paragraph(x, RIGHT - x, &note_style(), &note, None);
    }
}

pub(crate) fn or_dash(text: &str) -> &str {
    if text.trim().is_empty() {
        "\u{2013}"
    } else {
        text
    }
}

/// `in_progress` -> `In progress`.
fn humanize(status: &str) -> String {
    let spaced = status.trim().replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "\u{2013}".to_owned(),
    }
}

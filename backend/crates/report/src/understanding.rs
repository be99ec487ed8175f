//! The Understanding check section: what happened after submit, then each question with the candidate's answer
//! and its grade, so a reader of the PDF sees the evidence behind the Understanding signal.

use crate::canvas::{Canvas, Style};
use crate::model::ReportData;
use crate::sections::{body_style, heading, label_style, note_style};
use crate::text::Face;
use crate::theme::{BLACK, CONTENT_WIDTH, GREY, MARGIN_X, PURPLE};

const LEFT: f32 = MARGIN_X;
const INDENT: f32 = 12.0;

pub(crate) fn draw(canvas: &mut Canvas, data: &ReportData) {
    let Some(check) = &data.understanding else {
        return;
    };
    heading(canvas, "Understanding check");
    canvas.paragraph(LEFT, CONTENT_WIDTH, &body_style(), &check.summary, None);
    let question = Style::new(Face::Bold, 10.0, BLACK);
    for (index, item) in check.items.iter().enumerate() {
        canvas.advance(8.0);
        canvas.ensure(question.line_height() + 3.0 * body_style().line_height());
        let asked = format!("{}. {}", index + 1, item.question);
        canvas.paragraph(LEFT, CONTENT_WIDTH, &question, &asked, None);
        canvas.advance(2.0);
        let x = LEFT + INDENT;
        canvas.flow_line(x, &label_style(), "ANSWER", Some(PURPLE));
        let answer = match item.answer.as_deref() {
            None => "Not answered.",
            Some(a) if a.trim().is_empty() => "Left blank.",
            Some(a) => a,
        };
        let quote = Style::new(Face::Regular, 9.0, GREY);
        canvas.paragraph(x, CONTENT_WIDTH - INDENT, &quote, answer, Some(PURPLE));
        let grade = item.grade.as_deref().unwrap_or("Not graded yet.");
        canvas.paragraph(x, CONTENT_WIDTH - INDENT, &note_style(), grade, None);
    }
}

//! How the candidate worked, as the report shows it: the AI prompts with their replies, and the timeline.

use crate::canvas::{Canvas, Style};
use crate::model::{Prompt, TimelineEvent};
use crate::sections::{
    LEFT, RIGHT, body_style, empty_note, heading, label_style, or_dash, separator,
};
use crate::text::Face;
use crate::theme::{CONTENT_WIDTH, GREY, PURPLE};

pub(crate) fn prompts(canvas: &mut Canvas, prompts: &[Prompt]) {
    heading(canvas, &format!("AI prompts ({})", prompts.len()));
    if prompts.is_empty() {
        empty_note(canvas, "The candidate has not used the AI assistant.");
        return;
    }
    let indent = 30.0;
    for (index, prompt) in prompts.iter().enumerate() {
        if index > 0 {
            separator(canvas);
        }
        let message = body_style();
        canvas.ensure(message.line_height() * 2.0);
        let top = canvas.y();
        canvas.text(
            LEFT,
            top,
            &Style::new(Face::Bold, 9.5, PURPLE),
            &format!("#{}", index + 1),
        );
        canvas.text(
            LEFT + indent,
            top,
            &Style::new(Face::Regular, 8.5, GREY),
            &prompt.time,
        );
        canvas.advance(message.line_height());
        canvas.paragraph(
            LEFT + indent,
            CONTENT_WIDTH - indent,
            &message,
            or_dash(&prompt.message),
            None,
        );
        if let Some(response) = prompt
            .response_excerpt
            .as_deref()
            .filter(|r| !r.trim().is_empty())
        {
            canvas.advance(3.0);
            let quote_x = LEFT + indent + 10.0;
            let label = label_style();
            canvas.flow_line(quote_x, &label, "AI RESPONSE", Some(PURPLE));
            let quote = Style::new(Face::Regular, 9.0, GREY);
            canvas.paragraph(quote_x, RIGHT - quote_x, &quote, response, Some(PURPLE));
        }
    }
}

pub(crate) fn timeline(canvas: &mut Canvas, events: &[TimelineEvent]) {
    heading(canvas, "Timeline");
    if events.is_empty() {
        empty_note(canvas, "Nothing has happened yet.");
        return;
    }
    let time_width = 130.0;
    let time_style = Style::new(Face::Regular, 9.0, GREY);
    let text_style = body_style();
    for event in events {
        let time = canvas.fit(&event.time, &time_style, time_width - 10.0);
        let lines = canvas.wrap(
            or_dash(&event.description),
            &text_style,
            CONTENT_WIDTH - time_width,
        );
        canvas.ensure(text_style.line_height());
        let top = canvas.y();
        canvas.text(LEFT, top + 0.5, &time_style, &time);
        for line in &lines {
            canvas.flow_line(LEFT + time_width, &text_style, line, None);
        }
        canvas.advance(3.0);
    }
}

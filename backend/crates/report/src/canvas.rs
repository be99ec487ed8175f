//! A top-down drawing surface that flows onto new pages as it fills.
//!
//! Callers think in distances from the top of the page (`y`); PDF's origin is the bottom-left corner, so
//! every primitive flips the coordinate once, here. Content only ever goes between `CONTENT_TOP` and
//! `CONTENT_BOTTOM`: anything that does not fit in what is left of a page starts the next one. All text
//! passes through `sanitize` here, so callers hand over whatever the assessment holds.

use printpdf::{
    Color, Line, LinePoint, Mm, Op, PaintMode, PdfFontHandle, PdfPage, Point, Pt, Rect, TextItem,
};

use crate::text::{Face, Metrics, sanitize};
use crate::theme::{
    BLACK, BORDER, CONTENT_BOTTOM, CONTENT_TOP, FOOTER_BASELINE, FOOTER_RULE, GREY, HAIRLINE,
    HEADER_BASELINE, HEADER_RULE, LEADING, MARGIN_X, PAGE_HEIGHT, PAGE_HEIGHT_MM, PAGE_WIDTH,
    PAGE_WIDTH_MM, PURPLE,
};

/// How a run of text is set.
#[derive(Clone)]
pub(crate) struct Style {
    pub face: Face,
    pub size: f32,
    pub color: Color,
}

impl Style {
    pub(crate) fn new(face: Face, size: f32, color: Color) -> Self {
        Self { face, size, color }
    }

    pub(crate) fn line_height(&self) -> f32 {
        self.size * LEADING
    }

    /// From the top of a line box to its baseline: centres the font's ~0.72 em cap height in the box.
    pub(crate) fn baseline_offset(&self) -> f32 {
        (self.line_height() + 0.72 * self.size) / 2.0
    }
}

/// What the running header and footer of every page say.
pub(crate) struct PageFrame {
    pub header_left: String,
    pub header_right: String,
    pub footer_left: String,
}

pub(crate) struct Canvas {
    metrics: &'static Metrics,
    pages: Vec<Vec<Op>>,
    /// The next free position on the current page, from the top edge.
    y: f32,
}

impl Canvas {
    pub(crate) fn new(metrics: &'static Metrics) -> Self {
        Self {
            metrics,
            pages: vec![Vec::new()],
            y: CONTENT_TOP,
        }
    }

    /// Width of `text` in points as it will be set.
    pub(crate) fn width(&self, text: &str, style: &Style) -> f32 {
        self.metrics.width(&sanitize(text), style.face, style.size)
    }

    /// Prose broken into lines no wider than `width`.
    pub(crate) fn wrap(&self, text: &str, style: &Style, width: f32) -> Vec<String> {
        self.metrics
            .wrap(&sanitize(text), style.face, style.size, width)
    }

    /// Like [`Canvas::wrap`], for fixed-size boxes: at most `max_lines`, the last ending in an ellipsis when
    /// text was left out.
    pub(crate) fn wrap_at_most(
        &self,
        text: &str,
        style: &Style,
        width: f32,
        max_lines: usize,
    ) -> Vec<String> {
        let mut lines = self.wrap(text, style, width);
        if lines.len() > max_lines {
            lines.truncate(max_lines);
            if let Some(last) = lines.last_mut() {
                // The ellipsis marks the cut; `fit` shortens the line if it no longer fits with it.
                *last = self.fit(&format!("{last} \u{2026}"), style, width);
            }
        }
        lines
    }

    /// Preformatted text (code, tracebacks): each source line kept with its indentation and split where it
    /// would overflow `width`. The result lists, per source line, its display pieces.
    pub(crate) fn wrap_preformatted(
        &self,
        text: &str,
        style: &Style,
        width: f32,
    ) -> Vec<Vec<String>> {
        sanitize(text)
            .lines()
            .map(|line| {
                self.metrics
                    .break_anywhere(line, style.face, style.size, width)
            })
            .collect()
    }

    pub(crate) fn y(&self) -> f32 {
        self.y
    }

    pub(crate) fn advance(&mut self, dy: f32) {
        self.y += dy;
    }

    /// Starts a new page unless `height` still fits on this one. A block taller than a whole page is placed
    /// at the top of a fresh page rather than pushed forever.
    pub(crate) fn ensure(&mut self, height: f32) {
        if self.y + height > CONTENT_BOTTOM && self.y > CONTENT_TOP {
            self.pages.push(Vec::new());
            self.y = CONTENT_TOP;
        }
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        // `pages` starts with one page and only grows.
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// One line of text whose line box starts at `top`.
    pub(crate) fn text(&mut self, x: f32, top: f32, style: &Style, text: &str) {
        let text = sanitize(text);
        if text.is_empty() {
            return;
        }
        let baseline = PAGE_HEIGHT - top - style.baseline_offset();
        self.ops().extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::Builtin(style.face.builtin()),
                size: Pt(style.size),
            },
            Op::SetFillColor {
                col: style.color.clone(),
            },
            Op::SetTextCursor {
                pos: Point {
                    x: Pt(x),
                    y: Pt(baseline),
                },
            },
            Op::ShowText {
                items: vec![TextItem::Text(text)],
            },
            Op::EndTextSection,
        ]);
    }

    /// Like [`Canvas::text`], but ending at `right`.
    pub(crate) fn text_right(&mut self, right: f32, top: f32, style: &Style, text: &str) {
        let width = self.width(text, style);
        self.text(right - width, top, style, text);
    }

    pub(crate) fn fill_rect(&mut self, x: f32, top: f32, width: f32, height: f32, color: Color) {
        self.ops().extend([
            Op::SetFillColor { col: color },
            Op::DrawRectangle {
                rectangle: rect(x, top, width, height, PaintMode::Fill),
            },
        ]);
    }

    /// A square frame with its stroke centred on the given edges.
    pub(crate) fn stroke_rect(
        &mut self,
        x: f32,
        top: f32,
        width: f32,
        height: f32,
        color: Color,
        thickness: f32,
    ) {
        self.ops().extend([
            Op::SetOutlineColor { col: color },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawRectangle {
                rectangle: rect(x, top, width, height, PaintMode::Stroke),
            },
        ]);
    }

    pub(crate) fn hline(&mut self, x1: f32, x2: f32, y: f32, color: Color, thickness: f32) {
        self.line((x1, y), (x2, y), color, thickness);
    }

    pub(crate) fn vline(&mut self, x: f32, top: f32, bottom: f32, color: Color, thickness: f32) {
        self.line((x, top), (x, bottom), color, thickness);
    }

    fn line(&mut self, from: (f32, f32), to: (f32, f32), color: Color, thickness: f32) {
        let point = |(x, y): (f32, f32)| LinePoint {
            p: Point {
                x: Pt(x),
                y: Pt(PAGE_HEIGHT - y),
            },
            bezier: false,
        };
        self.ops().extend([
            Op::SetOutlineColor { col: color },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine {
                line: Line {
                    points: vec![point(from), point(to)],
                    is_closed: false,
                },
            },
        ]);
    }

    /// Prose wrapped to `width`, flowing across pages line by line. `rule`, when given, draws a bar of that
    /// colour left of every line, so a quote stays marked even where it is split between pages.
    pub(crate) fn paragraph(
        &mut self,
        x: f32,
        width: f32,
        style: &Style,
        text: &str,
        rule: Option<Color>,
    ) {
        for line in &self.wrap(text, style, width) {
            self.flow_line(x, style, line, rule.clone());
        }
    }

    /// One line at the cursor, on a new page if it does not fit, with an optional bar to its left.
    pub(crate) fn flow_line(&mut self, x: f32, style: &Style, line: &str, rule: Option<Color>) {
        let height = style.line_height();
        self.ensure(height);
        let top = self.y;
        if let Some(color) = rule {
            self.vline(x - 8.0, top, top + height, color, BORDER);
        }
        self.text(x, top, style, line);
        self.y += height;
    }

    /// Adds the running header and footer and hands back the finished pages.
    pub(crate) fn finish(self, frame: &PageFrame) -> Vec<PdfPage> {
        let total = self.pages.len();
        self.pages
            .into_iter()
            .enumerate()
            .map(|(index, body)| {
                let mut page = Canvas::new(self.metrics);
                page.draw_frame(frame, index + 1, total);
                let mut ops = page.pages.concat();
                ops.extend(body);
                PdfPage::new(Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM), ops)
            })
            .collect()
    }

    fn draw_frame(&mut self, frame: &PageFrame, number: usize, total: usize) {
        let right = PAGE_WIDTH - MARGIN_X;
        let head = Style::new(Face::Bold, 9.0, BLACK);
        let head_right = Style::new(Face::Regular, 9.0, GREY);
        let foot = Style::new(Face::Regular, 8.0, GREY);
        let head_top = HEADER_BASELINE - head.baseline_offset();
        let foot_top = FOOTER_BASELINE - foot.baseline_offset();
        let right_width = self.width(&frame.header_right, &head_right);
        let left = self.fit(
            &frame.header_left,
            &head,
            right - MARGIN_X - right_width - 24.0,
        );
        self.text(MARGIN_X, head_top, &head, &left);
        self.text_right(right, head_top, &head_right, &frame.header_right);
        self.hline(MARGIN_X, right, HEADER_RULE, PURPLE, BORDER);
        self.hline(MARGIN_X, right, FOOTER_RULE, BLACK, HAIRLINE);
        let page = format!("Page {number} of {total}");
        let page_width = self.width(&page, &foot);
        let footer_left = self.fit(
            &frame.footer_left,
            &foot,
            right - MARGIN_X - page_width - 24.0,
        );
        self.text(MARGIN_X, foot_top, &foot, &footer_left);
        self.text_right(right, foot_top, &foot, &page);
    }

    /// `text` cut to `width` with an ellipsis, for single-line slots such as the running header.
    pub(crate) fn fit(&self, text: &str, style: &Style, width: f32) -> String {
        let text = sanitize(text);
        if self.width(&text, style) <= width {
            return text;
        }
        let ellipsis = "\u{2026}";
        let room = width - self.width(ellipsis, style);
        let mut kept = String::new();
        for c in text.chars() {
            kept.push(c);
            if self.width(&kept, style) > room {
                kept.pop();
                break;
            }
        }
        kept.push_str(ellipsis);
        kept
    }
}

fn rect(x: f32, top: f32, width: f32, height: f32, mode: PaintMode) -> Rect {
    Rect {
        x: Pt(x),
        y: Pt(PAGE_HEIGHT - top - height),
        width: Pt(width),
        height: Pt(height),
        mode: Some(mode),
        winding_order: None,
    }
}

//! The report's look: TALI's black/white/purple theme with square 2px borders, on A4 in points.

use printpdf::{Color, Rgb};

pub(crate) const PAGE_WIDTH_MM: f32 = 210.0;
pub(crate) const PAGE_HEIGHT_MM: f32 = 297.0;
pub(crate) const PAGE_WIDTH: f32 = PAGE_WIDTH_MM * 72.0 / 25.4;
pub(crate) const PAGE_HEIGHT: f32 = PAGE_HEIGHT_MM * 72.0 / 25.4;

pub(crate) const MARGIN_X: f32 = 50.0;
pub(crate) const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;
/// Distances from the top edge: body text lives between these two lines, header and footer outside them.
pub(crate) const CONTENT_TOP: f32 = 72.0;
pub(crate) const CONTENT_BOTTOM: f32 = PAGE_HEIGHT - 64.0;
pub(crate) const HEADER_BASELINE: f32 = 40.0;
pub(crate) const HEADER_RULE: f32 = 50.0;
pub(crate) const FOOTER_RULE: f32 = PAGE_HEIGHT - 48.0;
pub(crate) const FOOTER_BASELINE: f32 = PAGE_HEIGHT - 34.0;

/// The app draws 2 CSS px borders; a CSS px is 0.75 pt.
pub(crate) const BORDER: f32 = 1.5;
pub(crate) const HAIRLINE: f32 = 0.5;

/// Line pitch as a multiple of the font size.
pub(crate) const LEADING: f32 = 1.35;

pub(crate) const BLACK: Color = rgb(0.0, 0.0, 0.0);
pub(crate) const WHITE: Color = rgb(1.0, 1.0, 1.0);
/// #9D00FF
pub(crate) const PURPLE: Color = rgb(157.0 / 255.0, 0.0, 1.0);
/// Secondary text: times, labels, AI responses.
pub(crate) const GREY: Color = rgb(0.38, 0.38, 0.38);

const fn rgb(r: f32, g: f32, b: f32) -> Color {
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

//! Text measurement and line breaking for the three standard PDF fonts the report uses.
//!
//! The standard fonts are written with WinAnsiEncoding (a single-byte code page), so text is first reduced to
//! characters that encoding has; widths come from the metric-compatible font programs printpdf ships for its
//! built-in fonts, parsed once per process.

use std::collections::HashMap;
use std::sync::OnceLock;

use printpdf::BuiltinFont;

use crate::ReportError;

/// The faces the report is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Face {
    Regular,
    Bold,
    Mono,
}

impl Face {
    pub(crate) fn builtin(self) -> BuiltinFont {
        match self {
            Face::Regular => BuiltinFont::Helvetica,
            Face::Bold => BuiltinFont::HelveticaBold,
            Face::Mono => BuiltinFont::Courier,
        }
    }

    /// The space advance from the standard fonts' published metrics, in thousandths of an em. The font
    /// programs printpdf ships to stand for them have no space glyph to measure.
    fn space_width(self) -> f32 {
        match self {
            Face::Regular | Face::Bold => 278.0,
            Face::Mono => 600.0,
        }
    }
}

/// Advance widths in thousandths of an em.
struct Widths {
    by_char: HashMap<char, f32>,
    fallback: f32,
}

impl Widths {
    fn load(face: Face) -> Option<Self> {
        let parsed = face.builtin().get_parsed_font()?;
        let per_em = f32::from(parsed.units_per_em.max(1));
        let mut by_char: HashMap<char, f32> = parsed
            .codepoint_to_glyph
            .iter()
            .filter_map(|(&cp, &gid)| {
                let width = parsed.get_glyph_width(gid)?;
                Some((char::from_u32(cp)?, f32::from(width) * 1000.0 / per_em))
            })
            .collect();
        by_char.insert(' ', face.space_width());
        let fallback = by_char.get(&'?').copied().unwrap_or(500.0);
        Some(Self { by_char, fallback })
    }

    fn of(&self, c: char) -> f32 {
        self.by_char.get(&c).copied().unwrap_or(self.fallback)
    }
}

/// Measures strings already passed through [`sanitize`].
pub(crate) struct Metrics {
    regular: Widths,
    bold: Widths,
    mono: Widths,
}

impl Metrics {
    /// The process-wide metrics; parsing the fonts costs a few milliseconds, so it happens once.
    pub(crate) fn get() -> Result<&'static Metrics, ReportError> {
        static METRICS: OnceLock<Option<Metrics>> = OnceLock::new();
        METRICS
            .get_or_init(|| {
                Some(Metrics {
                    regular: Widths::load(Face::Regular)?,
                    bold: Widths::load(Face::Bold)?,
                    mono: Widths::load(Face::Mono)?,
                })
            })
            .as_ref()
            .ok_or(ReportError::FontMetrics)
    }

    fn widths(&self, face: Face) -> &Widths {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
            Face::Mono => &self.mono,
        }
    }

    /// Width of `text` in points at `size`.
    pub(crate) fn width(&self, text: &str, face: Face, size: f32) -> f32 {
        let widths = self.widths(face);
        text.chars().map(|c| widths.of(c)).sum::<f32>() * size / 1000.0
    }

    /// Breaks prose into lines no wider than `max_width`: at spaces where possible, inside a word only when
    /// the word alone is too wide. Explicit line breaks are kept; runs of spaces collapse.
    pub(crate) fn wrap(&self, text: &str, face: Face, size: f32, max_width: f32) -> Vec<String> {
        let space = self.width(" ", face, size);
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            let mut line_width = 0.0;
            for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
                let word_width = self.width(word, face, size);
                if !line.is_empty() && line_width + space + word_width <= max_width {
                    line.push(' ');
                    line.push_str(word);
                    line_width += space + word_width;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                let mut pieces = self.break_anywhere(word, face, size, max_width);
                // The last piece of a broken word stays open so the next word can follow it.
                line = pieces.pop().unwrap_or_default();
                line_width = self.width(&line, face, size);
                lines.extend(pieces);
            }
            lines.push(line);
        }
        lines
    }

    /// Breaks `text` between any two characters so no piece is wider than `max_width`; whitespace is kept,
    /// which is what code needs. Always at least one character per piece, so a too-narrow column cannot loop.
    pub(crate) fn break_anywhere(
        &self,
        text: &str,
        face: Face,
        size: f32,
        max_width: f32,
    ) -> Vec<String> {
        let widths = self.widths(face);
        let mut pieces = Vec::new();
        let mut piece = String::new();
        let mut piece_width = 0.0;
        for c in text.chars() {
            let w = widths.of(c) * size / 1000.0;
            if !piece.is_empty() && piece_width + w > max_width {
                pieces.push(std::mem::take(&mut piece));
                piece_width = 0.0;
            }
            piece.push(c);
            piece_width += w;
        }
        pieces.push(piece);
        pieces
    }
}

/// Reduces `text` to what WinAnsiEncoding can show: tabs become four spaces, other control characters go,
/// a few common symbols get ASCII spellings, and anything else outside the code page becomes `?`.
pub(crate) fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' => out.push_str("    "),
            '\n' => out.push('\n'),
            '\r' => {}
            c if c.is_control() => {}
            '\u{2192}' => out.push_str("->"),
            '\u{2190}' => out.push_str("<-"),
            '\u{2264}' => out.push_str("<="),
            '\u{2265}' => out.push_str(">="),
            '\u{2260}' => out.push_str("!="),
            '\u{2713}' | '\u{2714}' => out.push_str("[x]"),
            '\u{2717}' | '\u{2718}' => out.push_str("[ ]"),
            '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}' => out.push(' '),
            '\u{2010}' | '\u{2011}' | '\u{2212}' => out.push('-'),
            '\u{200B}'..='\u{200D}' | '\u{FEFF}' => {}
            c if in_win_ansi(c) => out.push(c),
            _ => out.push('?'),
        }
    }
    out
}

/// Whether WinAnsiEncoding (PDF 32000-1, Annex D) has a code for `c`: printable ASCII, the upper half of
/// Latin-1, and the typographic characters Windows-1252 puts in 0x80..=0x9F.
fn in_win_ansi(c: char) -> bool {
    const CP1252_EXTRAS: &str = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";
    matches!(c, ' '..='~' | '\u{A1}'..='\u{FF}') || CP1252_EXTRAS.contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metrics() -> &'static Metrics {
        Metrics::get().expect("the built-in font metrics load")
    }

    #[test]
    fn sanitize_keeps_latin1_and_replaces_the_rest() {
        assert_eq!(sanitize("Zoë → café ✓"), "Zoë -> café [x]");
        assert_eq!(sanitize("漢字\tx\r\n"), "??    x\n");
        assert_eq!(sanitize("“quoted” – €5"), "“quoted” – €5");
    }

    #[test]
    fn widths_follow_the_standard_font_metrics() {
        let m = metrics();
        // Helvetica: R 722, e/a/d 556, space 278; Helvetica-Bold space 278; Courier 600 for everything.
        assert!((m.width("Read", Face::Regular, 1000.0) - 2390.0).abs() < 2.0);
        assert!((m.width(" ", Face::Regular, 1000.0) - 278.0).abs() < 1.0);
        assert!((m.width(" ", Face::Bold, 1000.0) - 278.0).abs() < 1.0);
        assert!((m.width("a b", Face::Mono, 1000.0) - 1800.0).abs() < 1.0);
    }

    #[test]
    fn courier_is_monospaced_and_helvetica_is_not() {
        let m = metrics();
        assert!(
            (m.width("iiii", Face::Mono, 10.0) - m.width("MMMM", Face::Mono, 10.0)).abs() < 0.01
        );
        assert!(m.width("iiii", Face::Regular, 10.0) < m.width("MMMM", Face::Regular, 10.0));
        assert!(m.width("Bold", Face::Bold, 10.0) > m.width("Bold", Face::Regular, 10.0));
    }

    #[test]
    fn wrap_keeps_every_line_within_the_width_and_every_word() {
        let m = metrics();
        let text = "The candidate asked focused questions and verified each answer against the failing test \
                    before changing the code. Supercalifragilisticexpialidociouslylongidentifier_without_spaces.";
        let lines = m.wrap(text, Face::Regular, 10.0, 120.0);
        assert!(lines.len() > 3);
        for line in &lines {
            assert!(
                m.width(line, Face::Regular, 10.0) <= 120.0,
                "{line:?} is too wide"
            );
        }
        let rejoined: String = lines
            .concat()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let original: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(rejoined, original);
    }

    #[test]
    fn wrap_keeps_explicit_line_breaks_and_empty_text() {
        let m = metrics();
        assert_eq!(
            m.wrap("a\n\nb", Face::Regular, 10.0, 100.0),
            vec!["a", "", "b"]
        );
        assert_eq!(m.wrap("", Face::Regular, 10.0, 100.0), vec![""]);
    }

    #[test]
    fn break_anywhere_keeps_indentation_and_progresses_in_a_tiny_column() {
        let m = metrics();
        let pieces = m.break_anywhere("    return x", Face::Mono, 10.0, 30.0);
        assert_eq!(pieces.concat(), "    return x");
        assert_eq!(pieces[0], "    ");
        assert_eq!(
            m.break_anywhere("abc", Face::Mono, 10.0, 1.0),
            vec!["a", "b", "c"]
        );
    }
}

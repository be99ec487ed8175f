//! The text a rendered report shows, read back from the PDF itself: every text run of every page in drawing
//! order. Tests compare what a reader of paper sees with the other views of the same figures, without trusting
//! the data the PDF was drawn from.

use lopdf::content::Content;
use lopdf::{Document, Object};

use crate::ReportError;

/// The text runs of every page, in order. The standard fonts are WinAnsi-encoded, which agrees with Latin-1
/// for everything the report prints as figures and labels.
pub fn text_runs(pdf: &[u8]) -> Result<Vec<String>, ReportError> {
    let unreadable = |e: lopdf::Error| ReportError::Unreadable(e.to_string());
    let document = Document::load_mem(pdf).map_err(unreadable)?;
    let mut runs = Vec::new();
    for page in document.get_pages().into_values() {
        let content = Content::decode(&document.get_page_content(page)).map_err(unreadable)?;
        runs.extend(
            content
                .operations
                .iter()
                .filter(|op| op.operator == "Tj" || op.operator == "TJ")
                .map(|op| shown_text(&op.operands)),
        );
    }
    Ok(runs)
}

/// The text one `Tj`/`TJ` operation shows (kerning numbers between the strings left out).
pub fn shown_text(operands: &[Object]) -> String {
    operands
        .iter()
        .flat_map(|o| match o {
            Object::Array(items) => items.clone(),
            other => vec![other.clone()],
        })
        .filter_map(|o| {
            o.as_str()
                .ok()
                .map(|b| b.iter().map(|&c| char::from(c)).collect::<String>())
        })
        .collect()
}

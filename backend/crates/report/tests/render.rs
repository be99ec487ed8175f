//! Renders reports through the public API and reads the PDF back with lopdf: page count, the text each page
//! shows, and where that text sits.

use lopdf::content::Content;
use lopdf::{Document, Object};
use tali_report::{
    Prompt, ReportData, ReportError, Signal, SignalStatus, TestDetail, TimelineEvent, render,
    shown_text,
};

const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
const MARGIN: f32 = 50.0;

/// One `Tj`/`TJ` run: its start point (PDF coordinates), font resource name, size and text.
#[derive(Debug)]
struct Run {
    x: f32,
    y: f32,
    font: String,
    size: f32,
    text: String,
}

fn read_back(pdf: &[u8]) -> Vec<Vec<Run>> {
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF header");
    let document = Document::load_mem(pdf).expect("the output parses as a PDF");
    document
        .get_pages()
        .values()
        .map(|&page| {
            let content =
                Content::decode(&document.get_page_content(page)).expect("content stream");
            runs(&content.operations)
        })
        .collect()
}

fn runs(operations: &[lopdf::content::Operation]) -> Vec<Run> {
    let number = |o: &Object| o.as_float().expect("numeric operand");
    let (mut x, mut y, mut font, mut size) = (0.0, 0.0, String::new(), 0.0);
    let mut found = Vec::new();
    for op in operations {
        match op.operator.as_str() {
            "BT" => (x, y) = (0.0, 0.0),
            "Td" => {
                x += number(&op.operands[0]);
                y += number(&op.operands[1]);
            }
            "Tf" => {
                font = String::from_utf8_lossy(op.operands[0].as_name().expect("font name"))
                    .into_owned();
                size = number(&op.operands[1]);
            }
            "Tj" | "TJ" => found.push(Run {
                x,
                y,
                font: font.clone(),
                size,
                text: shown_text(&op.operands),
            }),
            _ => {}
        }
    }
    found
}

fn all_text(pages: &[Vec<Run>]) -> String {
    pages
        .iter()
        .flatten()
        .map(|run| run.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

fn full_sample() -> ReportData {
    serde_json::from_str(include_str!("fixtures/full_report.json"))
        .expect("fixture matches ReportData")
}

fn pending_sample() -> ReportData {
    serde_json::from_str(
        r#"{"organization_name": "Acme", "candidate_name": "Ada Lovelace", "candidate_email": "ada@example.com",
            "task_name": "Fix the cache", "status": "pending", "created_at": "2026-11-25 10:00 UTC"}"#,
    )
    .expect("a pending report needs only its header fields")
}

/// Every run is in the running header, the footer, or the body between them, and starts inside the
/// side margins.
fn assert_inside_the_frame(pages: &[Vec<Run>]) {
    for (index, page) in pages.iter().enumerate() {
        for run in page {
            let header = (PAGE_HEIGHT - 50.0..PAGE_HEIGHT - 30.0).contains(&run.y);
            let footer = (25.0..45.0).contains(&run.y);
            let body = (64.0..PAGE_HEIGHT - 72.0).contains(&run.y);
            assert!(
                header || footer || body,
                "page {}: {run:?} is outside the frame",
                index + 1
            );
            assert!(
                run.x >= MARGIN - 0.01 && run.x < PAGE_WIDTH - MARGIN,
                "page {}: {run:?} starts outside the margins",
                index + 1
            );
        }
    }
}

/// Courier advances 0.6 em per character, so monospaced runs can be checked against the right margin exactly.
fn assert_code_fits(pages: &[Vec<Run>]) {
    let mono: Vec<&Run> = pages
        .iter()
        .flatten()
        .filter(|run| run.font == "F9")
        .collect();
    assert!(!mono.is_empty(), "no Courier runs found");
    for run in mono {
        let right = run.x + run.text.chars().count() as f32 * 0.6 * run.size;
        assert!(
            right <= PAGE_WIDTH - MARGIN + 0.01,
            "{run:?} ends at {right}"
        );
    }
}

#[test]
fn full_sample_shows_every_section_within_the_frame() {
    let pages = read_back(&render(&full_sample()).expect("renders"));
    assert!((3..=6).contains(&pages.len()), "{} pages", pages.len());
    let text = all_text(&pages);
    for expected in [
        "Zoë Okonkwo-Lindqvist",
        "Northwind Talent Partners",
        "7.8",
        "4/5",
        "Solid: worth an interview.",
        "Problem understanding",
        "Not applicable",
        "Not enough evidence",
        "test_empty_basket_is_zero",
        "AssertionError: assert Decimal('107.99') == Decimal('108.00')",
        "Round only the final total",
        "Bug fixed: test_discount_rounds_half_up_to_the_cent passes",
        "class LineItem:",
        "Showing the first 120 of 160 lines.",
        // An arrow outside WinAnsi gets an ASCII spelling.
        "-> no rushed final changes.",
    ] {
        assert!(text.contains(expected), "missing {expected:?}");
    }
    let last = pages.len();
    assert!(
        text.contains(&format!("Page 1 of {last}"))
            && text.contains(&format!("Page {last} of {last}"))
    );
    assert_inside_the_frame(&pages);
    assert_code_fits(&pages);
}

#[test]
fn pending_assessment_fits_on_one_page_without_scores() {
    let pages = read_back(&render(&pending_sample()).expect("renders"));
    assert_eq!(pages.len(), 1);
    let text = all_text(&pages);
    for expected in [
        "Ada Lovelace",
        "Pending",
        "Not started",
        "Not scored yet",
        "No tests run yet",
        "No test results yet.",
        "No code has been submitted yet.",
        "Page 1 of 1",
    ] {
        assert!(text.contains(expected), "missing {expected:?}");
    }
    assert!(!text.contains("/ 10"));
    assert_inside_the_frame(&pages);
}

#[test]
fn long_content_flows_onto_numbered_pages_inside_the_frame() {
    let mut report = full_sample();
    // Header facts and the review band sit in fixed boxes: they are cut, not allowed to grow off the page.
    report.task_name = "Fix the order book ".repeat(200);
    report.review_band = Some("Review the evidence carefully. ".repeat(200));
    let paragraph =
        "The candidate compared the assistant's answer with the documentation before using it. "
            .repeat(40);
    report.prompts = (0..30)
        .map(|i| Prompt {
            time: format!("14:{i:02}:00"),
            message: format!("Prompt {i}: {paragraph}"),
            response_excerpt: Some(format!("{}{}", "x".repeat(400), paragraph)),
        })
        .collect();
    report.timeline = (0..300)
        .map(|i| TimelineEvent {
            time: format!(
                "2026-11-21 15:{:02}:{:02} and a time string far too long for its column",
                i / 60,
                i % 60
            ),
            description: format!("Event {i}: ran the visible tests"),
        })
        .collect();
    report.test_details.push(TestDetail {
        name: "test_with_a_huge_traceback".to_owned(),
        outcome: "error".to_owned(),
        message: Some("Traceback line\n".repeat(200)),
    });
    let pages = read_back(&render(&report).expect("renders"));
    assert!(pages.len() > 15, "{} pages", pages.len());
    let last = pages.len();
    for (index, page) in pages.iter().enumerate() {
        let footer = format!("Page {} of {last}", index + 1);
        assert!(
            page.iter().any(|run| run.text == footer),
            "page {} has no {footer:?}",
            index + 1
        );
    }
    let text = all_text(&pages);
    assert!(text.contains("Event 299: ran the visible tests"));
    assert!(text.contains("Showing the first 12 of 200 lines."));
    assert_inside_the_frame(&pages);
    assert_code_fits(&pages);
}

#[test]
fn characters_outside_latin1_are_replaced_not_dropped() {
    let mut report = pending_sample();
    report.candidate_name = "Łukasz 王 Müller\u{200B}".to_owned();
    let text = all_text(&read_back(&render(&report).expect("renders")));
    assert!(text.contains("?ukasz ? Müller"), "{text}");
}

#[test]
fn inconsistent_data_is_rejected_with_a_reason() {
    let signal = |status, score| Signal {
        id: "S2".to_owned(),
        name: "Prompt quality".to_owned(),
        status,
        score,
        explanation: String::new(),
    };
    let cases: Vec<(ReportData, ReportError)> = vec![
        (
            ReportData {
                overall_score: Some(10.5),
                ..pending_sample()
            },
            ReportError::ScoreOutOfRange {
                field: "overall_score".to_owned(),
                value: 10.5,
            },
        ),
        (
            ReportData {
                signals: vec![signal(SignalStatus::Scored, Some(-1.0))],
                ..pending_sample()
            },
            ReportError::ScoreOutOfRange {
                field: "the score of signal S2".to_owned(),
                value: -1.0,
            },
        ),
        (
            ReportData {
                signals: vec![signal(SignalStatus::Scored, None)],
                ..pending_sample()
            },
            ReportError::MissingSignalScore("S2".to_owned()),
        ),
        (
            ReportData {
                tests_passed: 6,
                tests_total: 5,
                ..pending_sample()
            },
            ReportError::TestCounts {
                passed: 6,
                total: 5,
            },
        ),
    ];
    for (report, expected) in cases {
        assert_eq!(render(&report), Err(expected));
    }
    let nan = ReportData {
        overall_score: Some(f64::NAN),
        ..pending_sample()
    };
    assert!(matches!(
        render(&nan),
        Err(ReportError::ScoreOutOfRange { .. })
    ));
}

#[test]
fn unknown_signal_status_is_a_deserialisation_error() {
    let json = r#"{"id": "S1", "name": "n", "status": "maybe", "score": null, "explanation": ""}"#;
    let error = serde_json::from_str::<Signal>(json).expect_err("unknown status");
    assert!(error.to_string().contains("maybe"), "{error}");
}

#[test]
fn review_items_are_listed_and_the_document_is_dated_when_made() {
    let mut report = full_sample();
    report.review_band = Some("Review: 2 items to verify".into());
    report.review_items = vec![
        "To verify: a 950-character paste at 12:04, found in no AI reply.".into(),
        "To verify: 3 min 10 s away from the assessment tab at 11:30.".into(),
    ];
    report.generated_unix_s = Some(1_796_400_000); // 2026-12-04
    let pdf = render(&report).expect("renders");
    let text = all_text(&read_back(&pdf));
    assert!(text.contains("Items to look at (2)"), "{text}");
    assert!(text.contains("1. To verify: a 950-character paste at 12:04"));
    assert!(text.contains("2. To verify: 3 min 10 s away"));
    let document = Document::load_mem(&pdf).expect("parses");
    let info = document
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .and_then(|id| document.get_dictionary(id))
        .expect("an Info dictionary");
    let created = info
        .get(b"CreationDate")
        .and_then(Object::as_str)
        .expect("a creation date");
    assert!(
        String::from_utf8_lossy(created).starts_with("D:2026"),
        "{}",
        String::from_utf8_lossy(created)
    );
}

#[test]
fn integrity_section_words_the_band_and_each_item_like_the_web_app() {
    let mut report = full_sample();
    report.integrity = Some(tali_report::Integrity {
        band: "review".into(),
        count: 2,
        flags: vec![
            tali_report::IntegrityFlag {
                kind: "external_paste".into(),
                severity: "high".into(),
                explanation: "A 950-character paste matched no AI reply (paste #2).".into(),
                moments: vec!["Paste #2, 04:12 in, 09:17 UTC".into()],
            },
            tali_report::IntegrityFlag {
                kind: "focus_loss".into(),
                severity: "medium".into(),
                explanation: "3 min 10 s away from the assessment tab.".into(),
                moments: vec![],
            },
        ],
        activity: Some(tali_report::Activity {
            summary: "2 pastes: 1 from an AI reply, 1 from outside the session. Left the tab once, away 3 min 10 s."
                .into(),
            pastes: vec![
                "Paste #1, 01:00 in, 09:14 UTC: 120 characters, from an AI reply".into(),
                "Paste #2, 04:12 in, 09:17 UTC: 950 characters, from outside the session".into(),
            ],
            absences: vec!["Left the tab #1, 02:00 in, 09:15 UTC: away 3 min 10 s".into()],
        }),
    });
    let pages = read_back(&render(&report).expect("renders"));
    let text = all_text(&pages);
    for expected in [
        "Integrity",
        "NEEDS REVIEW",
        "2 items to check, 1 of them marked for a closer look.",
        "observations for a person to check, not conclusions",
        "1. Pasted code from outside the session (closer look)",
        "A 950-character paste matched no AI reply (paste #2).",
        "When: Paste #2, 04:12 in, 09:17 UTC",
        "2. Time away from the editor",
        "3 min 10 s away from the assessment tab.",
        "Every paste and time away",
        "Left the tab once, away 3 min 10 s.",
        "- Paste #1, 01:00 in, 09:14 UTC: 120 characters, from an AI reply",
        "- Left the tab #1, 02:00 in, 09:15 UTC: away 3 min 10 s",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
    // The integrity data replaces the older one-line items.
    assert!(!text.contains("Items to look at"));
    assert!(!text.contains("2. Time away from the editor (closer look)"));
    assert_inside_the_frame(&pages);
}

#[test]
fn a_long_list_of_pastes_is_cut_with_the_count_of_the_rest() {
    let mut report = full_sample();
    report.integrity = Some(tali_report::Integrity {
        band: "none".into(),
        activity: Some(tali_report::Activity {
            summary: "40 pastes, all from the session's own code or the task.".into(),
            pastes: (1..=40)
                .map(|i| format!("Paste #{i}: 10 characters, from the session's own code"))
                .collect(),
            absences: vec![],
        }),
        ..Default::default()
    });
    let pages = read_back(&render(&report).expect("renders"));
    let text = all_text(&pages);
    assert!(text.contains("- Paste #25: 10 characters"), "{text}");
    assert!(!text.contains("- Paste #26:"), "{text}");
    assert!(
        text.contains("... and 15 more, listed in the web app."),
        "{text}"
    );
    assert_inside_the_frame(&pages);
}

#[test]
fn integrity_band_words_match_the_web_app() {
    use tali_report::{Integrity, band_summary, flag_title};
    let none = Integrity::default();
    assert_eq!(band_summary(&none).0, "Nothing to check");
    let note = Integrity {
        band: "note".into(),
        count: 1,
        flags: vec![],
        activity: None,
    };
    assert_eq!(
        band_summary(&note),
        (
            "Worth a look",
            "1 minor item to check; none is marked for a closer look.".to_owned()
        )
    );
    assert_eq!(
        flag_title("injection"),
        "Prompts aimed at the assistant\u{2019}s instructions"
    );
    assert_eq!(
        flag_title("snapshot_gap"),
        "Long gap without editor activity"
    );
    assert_eq!(
        flag_title("paste_after_absence"),
        "A paste soon after time away"
    );
    assert_eq!(
        flag_title("burst_without_paste"),
        "Code that appeared without a paste"
    );
    assert_eq!(flag_title("something_new"), "Item to check");
}

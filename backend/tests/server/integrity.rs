//! The Integrity panel's full lists: after a submit the score report lists every paste with its size, time and
//! where its text was found, and every time away with its times, flagged or not; the PDF renders with them, and
//! another organization sees none of it.

use reqwest::Method;
use serde_json::json;

use crate::common::TestApp;

const OUTSIDE: &str =
    "import itertools\nfor a, b in itertools.pairwise(range(10)):\n    print(a * b + 42)\n";

#[tokio::test]
async fn every_paste_and_absence_is_listed_after_submit() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let recruiter = app.recruiter("integrity@example.com").await;
    let assessment = app.create_assessment(&recruiter, "cand@example.com").await;
    app.start_assessment(&assessment).await;
    let code = format!("def f(x):\n    return x\n\n{OUTSIDE}");
    let batch = json!({"events": [
        {"id": "snap-1", "type": "snapshot", "data": {"code": "def f(x):\n    return x\n"}},
        {"id": "paste-1", "type": "paste", "data": {"chars": OUTSIDE.len(), "text": OUTSIDE, "line": 3}},
        {"id": "paste-2", "type": "paste", "data": {"chars": 1, "text": "f", "line": 1}},
        {"id": "blur-1", "type": "focus_lost"},
        {"id": "focus-1", "type": "focus_gained"},
        {"id": "snap-2", "type": "snapshot", "data": {"code": code}},
    ]});
    let response = app.candidate_post(&assessment, "events", &batch).await;
    assert_eq!(response.status(), 200);
    let response = app
        .candidate_post(&assessment, "submit", &json!({"final_code": code}))
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());

    let path = format!("/api/v1/assessments/{}", assessment["id"]);
    let detail = app.json_ok(Method::GET, &path, &recruiter, None, 200).await;
    let report = &detail["score_report"];
    let pastes = report["pastes"].as_array().expect("every paste listed");
    assert_eq!(pastes.len(), 2, "{report}");
    // One batch gives both the same time; the engine numbers them by size, and the timeline follows it.
    assert_eq!(pastes[1]["index"], 2);
    assert_eq!(pastes[1]["chars"], OUTSIDE.len());
    assert_eq!(pastes[1]["source"], "external");
    assert_eq!(pastes[1]["kept"], true);
    // A one-letter paste of a name already in the code is the candidate's own text.
    assert_eq!(
        (pastes[0]["chars"].as_u64(), pastes[0]["source"].as_str()),
        (Some(1), Some("own"))
    );
    let absences = report["absences"].as_array().expect("every absence listed");
    assert_eq!(absences.len(), 1);
    assert!(absences[0]["regained_ms"].as_u64() >= absences[0]["lost_ms"].as_u64());
    // The timeline numbers the same pastes, so each row opens the replay at its moment.
    let refs: Vec<(&str, &str)> = detail["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| Some((e["ref"].as_str()?, e["description"].as_str()?)))
        .filter(|(r, _)| r.starts_with("paste"))
        .collect();
    let outside = format!("Pasted {} characters", OUTSIDE.len());
    assert_eq!(
        refs,
        [
            ("paste 2", outside.as_str()),
            ("paste 1", "Pasted 1 characters")
        ]
    );

    let pdf = app
        .send(Method::GET, &format!("{path}/report.pdf"), &recruiter, None)
        .await;
    assert_eq!(pdf.status(), 200);
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));

    let other = app.recruiter("other-integrity@example.com").await;
    let response = app.get_auth(&path, &other).await;
    assert_eq!(response.status(), 404);
    assert!(!response.text().await.unwrap().contains("pairwise"));
}

//! Similarity and leak detection at submit (`GET /assessments/{id}/similarity`): a copied submission is matched
//! both ways and put in "needs review" with the reason, an independent one matches nothing, the starter code's
//! lines never count, code taken verbatim from the AI is measured, a leaked reference solution is caught, and no
//! organization ever sees another's code.

use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};
use tali::db::entities::{submission_fingerprint, task};
use tali_ai::mock::{AnthropicMock, Scripted};

use crate::common::TestApp;

pub(crate) const STARTER: &str = include_str!("../../seed/tasks/debugging-challenge/starter.py");
pub(crate) const REFERENCE: &str =
    include_str!("../../seed/tasks/debugging-challenge/reference.py");

/// Code added to the starter; two submissions of it match each other (also used by the privacy tests).
pub(crate) const HELPER: &str = "

def summarize_orders(orders, threshold):
    totals = {}
    for order in orders:
        key = order['customer']
        totals[key] = totals.get(key, 0) + order['amount']
    big = [name for name, amount in totals.items() if amount >= threshold]
    big.sort(key=lambda name: (-totals[name], name))
    report = []
    for name in big:
        report.append(f'{name}: {totals[name]:.2f}')
    return '\\n'.join(report)
";

/// The same helper with every name changed.
pub(crate) const HELPER_RENAMED: &str = "

def order_digest(rows, limit):
    sums = {}
    for row in rows:
        who = row['customer']
        sums[who] = sums.get(who, 0) + row['amount']
    top = [c for c, total in sums.items() if total >= limit]
    top.sort(key=lambda c: (-sums[c], c))
    lines = []
    for c in top:
        lines.append(f'{c}: {sums[c]:.2f}')
    return '\\n'.join(lines)
";

/// The same job written independently.
pub(crate) const HELPER_INDEPENDENT: &str = "

def summarize_orders(orders, threshold):
    from collections import defaultdict
    per_customer = defaultdict(float)
    for entry in orders:
        per_customer[entry['customer']] += entry['amount']
    ranked = sorted(per_customer.items(), key=lambda kv: (-kv[1], kv[0]))
    return '\\n'.join('%s: %.2f' % (who, amount) for who, amount in ranked if amount >= threshold)
";

/// The Debugging Challenge for a new candidate, so the starter the test uses is the task's.
async fn send(app: &TestApp, recruiter: &str, email: &str) -> Value {
    let task_id = app.template_named(recruiter, "Debugging Challenge").await;
    app.json_ok(
        Method::POST,
        "/api/v1/assessments",
        recruiter,
        Some(
            &json!({"task_id": task_id, "candidate_email": email, "candidate_name": "Cand Idate"}),
        ),
        201,
    )
    .await
}

pub(crate) async fn complete(app: &TestApp, recruiter: &str, email: &str, code: &str) -> i64 {
    let assessment = send(app, recruiter, email).await;
    app.start_assessment(&assessment).await;
    let response = app
        .candidate_post(&assessment, "submit", &json!({"final_code": code}))
        .await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    assessment["id"].as_i64().unwrap()
}

/// The similarity answer once the job has run (the queue polls its storage; a loaded machine takes a while).
pub(crate) async fn similarity(app: &TestApp, recruiter: &str, id: i64) -> Value {
    let path = format!("/api/v1/assessments/{id}/similarity");
    for _ in 0..600 {
        let answer = app.json_ok(Method::GET, &path, recruiter, None, 200).await;
        if answer["status"] == "done" {
            return answer;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the similarity check of {id} never ran");
}

/// Replaces the task's reference solution directly in the database.
pub(crate) async fn set_reference(app: &TestApp, task_id: i64, reference: &str) {
    task::Entity::update_many()
        .col_expr(task::Column::ReferenceSolution, Expr::value(reference))
        .filter(task::Column::Id.eq(task_id as i32))
        .exec(&app.state.db)
        .await
        .unwrap();
}

fn of_kind<'a>(answer: &'a Value, kind: &str) -> Vec<&'a Value> {
    answer["matches"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["kind"] == kind)
        .collect()
}

#[tokio::test]
async fn copies_are_matched_both_ways_within_one_organization_only() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let acme = app.recruiter("acme@example.com").await;
    let original = complete(
        &app,
        &acme,
        "first@example.com",
        &format!("{STARTER}{HELPER}"),
    )
    .await;
    let first = similarity(&app, &acme, original).await;
    assert_eq!(first["needs_review"], false, "{first}");

    // A copy with every name changed, the helper placed first.
    let copy = complete(
        &app,
        &acme,
        "second@example.com",
        &format!("{HELPER_RENAMED}\n{STARTER}"),
    )
    .await;
    let answer = similarity(&app, &acme, copy).await;
    let matches = of_kind(&answer, "submission");
    assert_eq!(matches.len(), 1, "{answer}");
    let m = matches[0];
    assert_eq!(m["assessment_id"], original);
    assert_eq!(m["candidate_name"], "Cand Idate");
    assert!(m["score"].as_f64().unwrap() >= 0.5, "{m}");
    assert_eq!(answer["needs_review"], true);
    let reason = answer["reason"].as_str().unwrap();
    assert!(
        reason.contains(&format!("assessment {original}")),
        "{reason}"
    );
    // The regions point at the helper on both sides, never at the starter's lines.
    let starter_lines = STARTER.lines().count() as u64;
    for region in m["regions"].as_array().unwrap() {
        let ours = region["ours"].as_array().unwrap();
        assert!(
            ours[1].as_u64().unwrap() <= 15,
            "the copy's helper is at its top: {region}"
        );
        let theirs = region["theirs"].as_array().unwrap();
        assert!(
            theirs[0].as_u64().unwrap() > starter_lines,
            "their helper follows the starter: {region}"
        );
    }
    assert!(
        m["their_code"]
            .as_str()
            .unwrap()
            .contains("def summarize_orders")
    );
    // The earlier submission now shows the match too.
    let earlier = similarity(&app, &acme, original).await;
    assert_eq!(of_kind(&earlier, "submission")[0]["assessment_id"], copy);
    assert_eq!(earlier["needs_review"], true);

    // An independent solution of the same helper, and the starter submitted unchanged, match nothing: the
    // starter's own lines are shared by everyone and never count.
    let independent = complete(
        &app,
        &acme,
        "third@example.com",
        &format!("{STARTER}{HELPER_INDEPENDENT}"),
    )
    .await;
    let answer = similarity(&app, &acme, independent).await;
    assert_eq!(answer["matches"], json!([]), "{answer}");
    let unchanged = complete(&app, &acme, "fourth@example.com", STARTER).await;
    let answer = similarity(&app, &acme, unchanged).await;
    assert_eq!(answer["matches"], json!([]), "{answer}");
    assert_eq!(answer["needs_review"], false);

    // Another organization submitting the very same code is compared with its own submissions only.
    let globex = app.recruiter("globex@example.com").await;
    let theirs = complete(
        &app,
        &globex,
        "other@example.com",
        &format!("{STARTER}{HELPER}"),
    )
    .await;
    let answer = similarity(&app, &globex, theirs).await;
    assert!(of_kind(&answer, "submission").is_empty(), "{answer}");
    assert!(!answer.to_string().contains("order_digest"));
    let path = format!("/api/v1/assessments/{copy}/similarity");
    assert_eq!(app.get_auth(&path, &globex).await.status(), 404);
    let acme_view = similarity(&app, &acme, copy).await;
    assert_eq!(of_kind(&acme_view, "submission").len(), 1, "{acme_view}");
}

#[tokio::test]
async fn a_leaked_reference_and_code_from_the_assistant_are_measured() {
    let ai = AnthropicMock::start().await.unwrap();
    let app = TestApp::spawn_with(&[
        ("ANTHROPIC_API_KEY", "sk-ant-test"),
        ("ANTHROPIC_BASE_URL", ai.base_url()),
    ])
    .await;
    app.seed().await;
    let recruiter = app.recruiter("leaks@example.com").await;

    // The reference solution with its comments changed: what the fix adds matches the reference.
    let leaked: String = REFERENCE
        .lines()
        .map(|l| match l.find("  #") {
            Some(at) => format!("{}  # changed", &l[..at]),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let expected = tali_similarity::compare(&leaked, REFERENCE, &[STARTER]);
    eprintln!(
        "leaked reference: {:.2} ({}/{})",
        expected.score, expected.shared, expected.total
    );
    let id = complete(&app, &recruiter, "leak@example.com", &leaked).await;
    let answer = similarity(&app, &recruiter, id).await;
    let reference = of_kind(&answer, "reference");
    if expected.score > 0.0 {
        assert_eq!(reference.len(), 1, "{answer}");
        assert!((reference[0]["score"].as_f64().unwrap() - expected.score).abs() < 1e-9);
        // The Debugging Challenge's reference only fixes a few lines: every correct answer matches it, so the
        // match is shown but puts nothing in review.
        assert!(tali_similarity::own_size(REFERENCE, STARTER) < tali_similarity::LEAK_MIN_SIZE);
        assert_eq!(answer["needs_review"], false, "{answer}");
    } else {
        // The fix is too small to tell a leak from a correct answer: nothing is claimed.
        assert!(reference.is_empty(), "{answer}");
    }
    // A second correct answer is no copy of the first: what both share is the reference's fix.
    let second = complete(&app, &recruiter, "correct@example.com", REFERENCE).await;
    let answer = similarity(&app, &recruiter, second).await;
    assert!(of_kind(&answer, "submission").is_empty(), "{answer}");
    assert_eq!(answer["needs_review"], false);

    // A reference that adds real code (here: a helper) is telling: a renamed copy of it is flagged as a leak.
    let task_id = app.template_named(&recruiter, "Debugging Challenge").await;
    set_reference(&app, task_id, &format!("{STARTER}{HELPER}")).await;
    let leak = complete(
        &app,
        &recruiter,
        "leak2@example.com",
        &format!("{STARTER}{HELPER_RENAMED}"),
    )
    .await;
    let answer = similarity(&app, &recruiter, leak).await;
    assert_eq!(of_kind(&answer, "reference").len(), 1, "{answer}");
    assert_eq!(answer["needs_review"], true, "{answer}");
    assert!(
        answer["reason"]
            .as_str()
            .unwrap()
            .contains("reference solution"),
        "{answer}"
    );
    set_reference(&app, task_id, REFERENCE).await;

    // Code inserted from the assistant is measured, and never puts the assessment in review on its own.
    let assessment = send(&app, &recruiter, "ai@example.com").await;
    app.start_assessment(&assessment).await;
    ai.push(Scripted::text(format!(
        "Here is a helper:\n```python{HELPER}```\nAdapt it."
    )));
    let response = app
        .candidate_post(
            &assessment,
            "claude",
            &json!({"message": "Write a summary helper"}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let submitted = app
        .candidate_post(
            &assessment,
            "submit",
            &json!({"final_code": format!("{STARTER}{HELPER}")}),
        )
        .await;
    assert_eq!(submitted.status(), 200);
    let answer = similarity(&app, &recruiter, assessment["id"].as_i64().unwrap()).await;
    let from_ai = of_kind(&answer, "ai");
    assert_eq!(from_ai.len(), 1, "{answer}");
    // Nearly all of it: only the runs that straddle the starter and the inserted helper are its own.
    assert!(from_ai[0]["score"].as_f64().unwrap() > 0.8, "{answer}");
    assert!(
        from_ai[0]["their_code"]
            .as_str()
            .unwrap()
            .contains("def summarize_orders")
    );
    let only_ai =
        of_kind(&answer, "submission").is_empty() && of_kind(&answer, "reference").is_empty();
    if only_ai {
        assert_eq!(
            answer["needs_review"], false,
            "AI use is the policy's business, not a leak"
        );
    }
}

#[tokio::test]
async fn a_check_that_gave_up_reads_failed_with_the_reason() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let acme = app.recruiter("gave-up@example.com").await;
    let id = complete(&app, &acme, "first@example.com", STARTER).await;
    similarity(&app, &acme, id).await;
    // As if the job had failed every attempt before running: the queue's last failure calls give_up.
    tali::db::entities::assessment::Entity::update_many()
        .col_expr(
            tali::db::entities::assessment::Column::SimilarityCheckedAt,
            Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
        )
        .filter(tali::db::entities::assessment::Column::Id.eq(id as i32))
        .exec(&app.state.db)
        .await
        .unwrap();
    tali::recruiting::similarity::give_up(&app.state.db, id as i32, "the database went away")
        .await
        .unwrap();
    let path = format!("/api/v1/assessments/{id}/similarity");
    let answer = app.json_ok(Method::GET, &path, &acme, None, 200).await;
    assert_eq!(answer["status"], "failed");
    assert_eq!(answer["error"], "the database went away");
}

/// The stored fingerprints of a submission, decoded (`None` without a row).
async fn stored(app: &TestApp, id: i64) -> Option<Vec<tali_similarity::Fingerprint>> {
    submission_fingerprint::Entity::find_by_id(id as i32)
        .one(&app.state.db)
        .await
        .unwrap()
        .map(|row| tali_similarity::decode(&row.fingerprints).expect("current version"))
}

async fn replace_stored(app: &TestApp, id: i64, bytes: Vec<u8>) {
    submission_fingerprint::Entity::update_many()
        .col_expr(
            submission_fingerprint::Column::Fingerprints,
            Expr::value(bytes),
        )
        .filter(submission_fingerprint::Column::AssessmentId.eq(id as i32))
        .exec(&app.state.db)
        .await
        .unwrap();
}

#[tokio::test]
async fn earlier_submissions_are_compared_by_their_stored_fingerprints() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let acme = app.recruiter("acme@example.com").await;
    let code = format!("{STARTER}{HELPER}");
    let original = complete(&app, &acme, "first@example.com", &code).await;
    similarity(&app, &acme, original).await;
    assert_eq!(
        stored(&app, original).await,
        Some(tali_similarity::fingerprints(&code)),
        "taken at its check"
    );

    // Checked before fingerprints were stored (no row), or stored by another version: taken again from the code.
    submission_fingerprint::Entity::delete_by_id(original as i32)
        .exec(&app.state.db)
        .await
        .unwrap();
    let copy = complete(&app, &acme, "second@example.com", &code).await;
    let answer = similarity(&app, &acme, copy).await;
    assert_eq!(of_kind(&answer, "submission").len(), 1, "{answer}");
    assert!(stored(&app, original).await.is_some());
    replace_stored(&app, copy, vec![0xff, 1, 2]).await;

    // What is stored is what a later check compares: the original's fingerprints replaced by the starter's, a
    // third copy matches the second copy (its row retaken from its code) and no longer the original.
    replace_stored(
        &app,
        original,
        tali_similarity::encode(&tali_similarity::fingerprints(STARTER)),
    )
    .await;
    let third = complete(&app, &acme, "third@example.com", &code).await;
    let answer = similarity(&app, &acme, third).await;
    let matched: Vec<&Value> = of_kind(&answer, "submission")
        .iter()
        .map(|m| &m["assessment_id"])
        .collect();
    assert_eq!(matched, [&json!(copy)], "{answer}");
    assert_eq!(
        stored(&app, copy).await,
        Some(tali_similarity::fingerprints(&code))
    );
}

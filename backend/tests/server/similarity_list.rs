//! Similarity's "needs review" in the assessments list (`needs_review`, `review_reason`) and its filter
//! (`?needs_review=true|false`): the same answer as the detail page's, on the candidate's page too, derived from
//! the stored matches so that a leaked reference edited away or an erased candidate shows at once.

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::TestApp;
use crate::similarity::{
    HELPER, HELPER_INDEPENDENT, HELPER_RENAMED, REFERENCE, STARTER, complete, set_reference,
    similarity,
};

async fn list(app: &TestApp, token: &str, query: &str) -> Value {
    app.json_ok(
        Method::GET,
        &format!("/api/v1/assessments?limit=100{query}"),
        token,
        None,
        200,
    )
    .await
}

fn item(list: &Value, id: i64) -> &Value {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("{id} is not listed: {list}"))
}

fn ids(list: &Value) -> BTreeSet<i64> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect()
}

/// The list item agrees with the detail page's similarity answer, reason and all.
async fn assert_agrees(app: &TestApp, token: &str, listed: &Value, id: i64) {
    let detail = similarity(app, token, id).await;
    let row = item(listed, id);
    assert_eq!(
        row["needs_review"], detail["needs_review"],
        "{row} / {detail}"
    );
    assert_eq!(row["review_reason"], detail["reason"], "{row} / {detail}");
}

#[tokio::test]
async fn the_list_shows_and_filters_needs_review_as_the_detail_page_does() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let acme = app.recruiter("review-list@example.com").await;
    let original = complete(
        &app,
        &acme,
        "first@example.com",
        &format!("{STARTER}{HELPER}"),
    )
    .await;
    similarity(&app, &acme, original).await;
    let copy = complete(
        &app,
        &acme,
        "second@example.com",
        &format!("{HELPER_RENAMED}\n{STARTER}"),
    )
    .await;
    let independent = complete(
        &app,
        &acme,
        "third@example.com",
        &format!("{STARTER}{HELPER_INDEPENDENT}"),
    )
    .await;
    // Its job also writes the copy's match into the original.
    similarity(&app, &acme, copy).await;
    similarity(&app, &acme, independent).await;

    let all = list(&app, &acme, "").await;
    for id in [original, copy, independent] {
        assert_agrees(&app, &acme, &all, id).await;
    }
    assert_eq!(item(&all, copy)["needs_review"], true, "{all}");
    assert_eq!(
        item(&all, copy)["review_reason"],
        format!(
            "{} % of the submitted code matches the submission of Cand Idate (assessment {original})",
            (similarity(&app, &acme, copy).await["matches"][0]["score"]
                .as_f64()
                .unwrap()
                * 100.0)
                .round()
        )
    );
    assert_eq!(item(&all, original)["needs_review"], true);
    assert_eq!(item(&all, independent)["needs_review"], false);
    assert_eq!(item(&all, independent)["review_reason"], Value::Null);

    let flagged = list(&app, &acme, "&needs_review=true").await;
    assert_eq!(ids(&flagged), BTreeSet::from([original, copy]), "{flagged}");
    assert_eq!(flagged["total"], 2);
    let clear = list(&app, &acme, "&needs_review=false").await;
    assert_eq!(ids(&clear), BTreeSet::from([independent]), "{clear}");
    // The filter combines with the others, and a value that is no boolean is a clear 4xx.
    let searched = list(&app, &acme, "&needs_review=true&q=second").await;
    assert_eq!(ids(&searched), BTreeSet::from([copy]), "{searched}");
    let bad = app
        .get_auth("/api/v1/assessments?needs_review=maybe", &acme)
        .await;
    assert!(bad.status().is_client_error(), "{}", bad.status());

    // The candidate's page lists the same.
    let copy_row = item(&all, copy);
    let person = app
        .json_ok(
            Method::GET,
            &format!("/api/v1/candidates/{}", copy_row["candidate_id"]),
            &acme,
            None,
            200,
        )
        .await;
    let theirs = person["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == copy)
        .unwrap();
    assert_eq!(theirs["needs_review"], true, "{person}");
    assert_eq!(theirs["review_reason"], copy_row["review_reason"]);

    // A reference solution that adds real code is telling: a renamed copy of it is flagged as a leak, and stops
    // being flagged as soon as the reference is a small fix again, in the list, the filter and the detail alike.
    let task_id = item(&all, copy)["task_id"].as_i64().unwrap();
    set_reference(&app, task_id, &format!("{STARTER}{HELPER}")).await;
    let leak = complete(
        &app,
        &acme,
        "leak@example.com",
        &format!("{STARTER}{HELPER_RENAMED}"),
    )
    .await;
    similarity(&app, &acme, leak).await;
    let listed = list(&app, &acme, "").await;
    assert_agrees(&app, &acme, &listed, leak).await;
    assert!(
        item(&listed, leak)["review_reason"]
            .as_str()
            .unwrap()
            .contains("reference solution"),
        "{listed}"
    );
    assert!(ids(&list(&app, &acme, "&needs_review=true").await).contains(&leak));
    set_reference(&app, task_id, REFERENCE).await;
    let listed = list(&app, &acme, "").await;
    assert_agrees(&app, &acme, &listed, leak).await;
    assert_eq!(item(&listed, leak)["needs_review"], false, "{listed}");
    assert!(!ids(&list(&app, &acme, "&needs_review=true").await).contains(&leak));

    // Erasing the original's candidate removes their matches both ways: the copy no longer needs review, and no
    // reason names them.
    let first = item(&all, original);
    let erased = app
        .send(
            Method::POST,
            &format!("/api/v1/candidates/{}/erase", first["candidate_id"]),
            &acme,
            Some(&json!({"confirm": "first@example.com"})),
        )
        .await;
    assert_eq!(erased.status(), 200, "{}", erased.text().await.unwrap());
    let after = list(&app, &acme, "").await;
    assert_agrees(&app, &acme, &after, copy).await;
    assert_eq!(item(&after, copy)["needs_review"], false, "{after}");
    let flagged = list(&app, &acme, "&needs_review=true").await;
    assert!(
        ids(&flagged).is_disjoint(&BTreeSet::from([original, copy])),
        "{flagged}"
    );

    // Another organization's list never carries acme's matches, even for the very same code.
    let globex = app.recruiter("review-list-globex@example.com").await;
    let theirs = complete(
        &app,
        &globex,
        "other@example.com",
        &format!("{HELPER_RENAMED}\n{STARTER}"),
    )
    .await;
    similarity(&app, &globex, theirs).await;
    let listed = list(&app, &globex, "").await;
    assert_eq!(item(&listed, theirs)["needs_review"], false, "{listed}");
    assert_eq!(list(&app, &globex, "&needs_review=true").await["total"], 0);
}

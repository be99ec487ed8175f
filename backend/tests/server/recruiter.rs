//! The recruiter API: tasks, candidates, assessments, analytics and the outbox, with tenant isolation and
//! bad input.

use crate::common::{TestApp, detail};
use reqwest::Method;
use serde_json::{Value, json};

fn new_task() -> Value {
    json!({
        "name": "Fix the parser", "description": "A parser with a bug.", "task_type": "debugging",
        "difficulty": "junior", "duration_minutes": 20, "starter_code": "def parse(s):\n    return s\n",
        "test_code": "from solution import parse\n\ndef test_parse():\n    assert parse(' a ') == 'a'\n\ndef test_plain():\n    assert parse('b') == 'b'\n",
        "dependencies": ["numpy"], "success_criteria": {"all_tests_pass": true},
        "test_weights": {"test_parse": 1}
    })
}

#[tokio::test]
async fn templates_are_listed_filtered_and_read_only() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let token = app.recruiter("tasks@example.com").await;
    let (list, total) = app.list_tasks(&token, "").await;
    assert!(total >= 4, "{list:?}");
    let names: Vec<&str> = list.iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"Debugging Challenge"), "{names:?}");
    assert!(names.contains(&"RAG Pipeline"), "{names:?}");
    for item in &list {
        assert_eq!(item["is_template"], true);
        assert!(item.get("hidden_test_code").is_none() && item.get("reference_solution").is_none());
    }
    let (rag, rag_total) = app.list_tasks(&token, "?task_type=ai_engineering").await;
    assert_eq!((rag.len(), rag_total), (1, 1));
    // The earlier words still filter, as aliases.
    let (hard, _) = app
        .list_tasks(&token, "?difficulty=hard&task_type=rag")
        .await;
    assert_eq!(hard[0]["name"], "RAG Pipeline");
    assert_eq!(hard[0]["difficulty"], "senior");
    let (page, paged_total) = app.list_tasks(&token, "?limit=2&offset=1").await;
    assert_eq!((page.len(), paged_total), (2, total));
    assert_eq!(page[0]["id"], list[1]["id"]);

    let template_id = list[0]["id"].as_i64().unwrap();
    let path = format!("/api/v1/tasks/{template_id}");
    let patched = app
        .send(
            Method::PATCH,
            &path,
            &token,
            Some(&json!({"name": "Mine now"})),
        )
        .await;
    assert!(detail(patched, 403).await.contains("read-only"));
    let deleted = app.send(Method::DELETE, &path, &token, None).await;
    assert_eq!(deleted.status(), 403);

    // Seeding again changes nothing: templates are updated in place by slug.
    app.seed().await;
    let (_, again) = app.list_tasks(&token, "").await;
    assert_eq!(again, total);
}

#[tokio::test]
async fn own_tasks_can_be_created_changed_and_deleted() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let token = app.recruiter("own@example.com").await;
    let created = app
        .json_ok(
            Method::POST,
            "/api/v1/tasks",
            &token,
            Some(&new_task()),
            201,
        )
        .await;
    assert_eq!(created["is_template"], false);
    assert_eq!(created["dependencies"], json!(["numpy"]));
    let id = created["id"].as_i64().unwrap();
    let path = format!("/api/v1/tasks/{id}");
    let updated = app
        .json_ok(
            Method::PATCH,
            &path,
            &token,
            Some(&json!({"name": "Renamed", "duration_minutes": 45})),
            200,
        )
        .await;
    assert_eq!(updated["name"], "Renamed");
    assert_eq!(updated["duration_minutes"], 45);
    assert_eq!(
        app.send(Method::DELETE, &path, &token, None).await.status(),
        204
    );
    assert_eq!(
        app.send(Method::GET, &path, &token, None).await.status(),
        404
    );
}

#[tokio::test]
async fn a_task_in_use_is_archived_not_deleted() {
    let app = TestApp::spawn().await;
    let token = app.recruiter("archive@example.com").await;
    let created = app
        .json_ok(
            Method::POST,
            "/api/v1/tasks",
            &token,
            Some(&new_task()),
            201,
        )
        .await;
    let id = created["id"].as_i64().unwrap();
    let assessment = app
        .json_ok(
            Method::POST,
            "/api/v1/assessments",
            &token,
            Some(
                &json!({"task_id": id, "candidate_email": "c@example.com", "candidate_name": "C"}),
            ),
            201,
        )
        .await;
    assert_eq!(
        app.send(Method::DELETE, &format!("/api/v1/tasks/{id}"), &token, None)
            .await
            .status(),
        204
    );
    let task = app
        .json_ok(
            Method::GET,
            &format!("/api/v1/tasks/{id}"),
            &token,
            None,
            200,
        )
        .await;
    assert_eq!(task["is_active"], false);
    let (list, total) = app.list_tasks(&token, "").await;
    assert_eq!((list.len(), total), (0, 0), "archived tasks leave the list");
    let detail = app
        .json_ok(
            Method::GET,
            &format!("/api/v1/assessments/{}", assessment["id"]),
            &token,
            None,
            200,
        )
        .await;
    assert_eq!(detail["task"]["name"], "Fix the parser");
}

#[tokio::test]
async fn task_input_is_validated() {
    let app = TestApp::spawn().await;
    let token = app.recruiter("badtask@example.com").await;
    let mut cases: Vec<(Value, u16)> = Vec::new();
    for (field, value) in [
        ("task_type", json!("poetry")),
        ("difficulty", json!("impossible")),
        ("duration_minutes", json!(2)),
        ("duration_minutes", json!(500)),
        ("name", json!("")),
        ("name", json!("x".repeat(201))),
        ("dependencies", json!(["rm -rf /"])),
        // Nothing is installed per task: a package the sandbox runtime lacks is refused at once.
        ("dependencies", json!(["pandas"])),
        ("dependencies", json!(["numpy>=3"])),
    ] {
        let mut body = new_task();
        body[field] = value;
        cases.push((body, 422));
    }
    for (field, value) in [
        ("success_criteria", json!("not json object")),
        ("test_weights", json!({"t": -1})),
        ("test_weights", json!([1, 2])),
    ] {
        let mut body = new_task();
        body[field] = value;
        cases.push((body, 422));
    }
    let mut wrong_type = new_task();
    wrong_type["duration_minutes"] = json!("thirty");
    cases.push((wrong_type, 422));
    let mut missing = new_task();
    missing.as_object_mut().unwrap().remove("name");
    cases.push((missing, 422));
    for (body, status) in cases {
        let response = app
            .send(Method::POST, "/api/v1/tasks", &token, Some(&body))
            .await;
        let got = response.status().as_u16();
        let text = response.text().await.unwrap();
        assert_eq!(got, status, "{body}: {text}");
        assert!(text.contains("detail"), "{text}");
    }
    assert_eq!(
        app.send(Method::GET, "/api/v1/tasks/999999", &token, None)
            .await
            .status(),
        404
    );
    assert_eq!(
        app.send(Method::GET, "/api/v1/tasks/abc", &token, None)
            .await
            .status(),
        404
    );
    assert_eq!(
        app.send(Method::GET, "/api/v1/tasks?limit=0", &token, None)
            .await
            .status(),
        422
    );
    assert_eq!(
        app.send(Method::GET, "/api/v1/tasks?limit=abc", &token, None)
            .await
            .status(),
        400
    );
}

#[tokio::test]
async fn candidates_crud_search_and_soft_delete() {
    let app = TestApp::spawn().await;
    let token = app.recruiter("cands@example.com").await;
    for (email, name) in [
        ("grace@example.com", "Grace Hopper"),
        ("alan@example.com", "Alan Turing"),
        ("ada@example.com", "Ada Lovelace"),
    ] {
        app.json_ok(
            Method::POST,
            "/api/v1/candidates",
            &token,
            Some(&json!({"email": email, "full_name": name, "position": "Engineer"})),
            201,
        )
        .await;
    }
    let duplicate = app
        .send(
            Method::POST,
            "/api/v1/candidates",
            &token,
            Some(&json!({"email": "GRACE@example.com", "full_name": "G"})),
        )
        .await;
    assert_eq!(duplicate.status(), 409);
    let bad = app
        .send(
            Method::POST,
            "/api/v1/candidates",
            &token,
            Some(&json!({"email": "nope", "full_name": "G"})),
        )
        .await;
    assert_eq!(bad.status(), 422);

    let page = app
        .json_ok(Method::GET, "/api/v1/candidates?limit=2", &token, None, 200)
        .await;
    assert_eq!(page["total"], 3);
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    assert_eq!(page["limit"], 2);
    let found = app
        .json_ok(
            Method::GET,
            "/api/v1/candidates?q=TURING",
            &token,
            None,
            200,
        )
        .await;
    assert_eq!(found["total"], 1);
    assert_eq!(found["items"][0]["email"], "alan@example.com");
    let by_mail = app
        .json_ok(Method::GET, "/api/v1/candidates?q=ada@", &token, None, 200)
        .await;
    assert_eq!(by_mail["total"], 1);
    let wildcard = app
        .json_ok(Method::GET, "/api/v1/candidates?q=%25", &token, None, 200)
        .await;
    assert_eq!(wildcard["total"], 0, "a literal % is not a wildcard");

    let id = found["items"][0]["id"].as_i64().unwrap();
    let path = format!("/api/v1/candidates/{id}");
    let updated = app
        .json_ok(
            Method::PATCH,
            &path,
            &token,
            Some(&json!({"position": "Staff Engineer"})),
            200,
        )
        .await;
    assert_eq!(updated["position"], "Staff Engineer");
    let clash = app
        .send(
            Method::PATCH,
            &path,
            &token,
            Some(&json!({"email": "ada@example.com"})),
        )
        .await;
    assert_eq!(clash.status(), 409);

    assert_eq!(
        app.send(Method::DELETE, &path, &token, None).await.status(),
        204
    );
    assert_eq!(
        app.send(Method::GET, &path, &token, None).await.status(),
        404
    );
    let after = app
        .json_ok(
            Method::GET,
            "/api/v1/candidates?q=turing",
            &token,
            None,
            200,
        )
        .await;
    assert_eq!(after["total"], 0);
    // The address is free again once its owner is deleted.
    app.json_ok(
        Method::POST,
        "/api/v1/candidates",
        &token,
        Some(&json!({"email": "alan@example.com", "full_name": "Alan Again"})),
        201,
    )
    .await;
}

#[tokio::test]
async fn create_assessment() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let token = app.recruiter("create@example.com").await;
    let before = chrono::Utc::now();
    let created = app
        .create_assessment(&token, "New.Person@Example.com")
        .await;
    assert_eq!(created["status"], "pending");
    assert_eq!(created["candidate_email"], "new.person@example.com");
    assert_eq!(created["candidate_name"], "Cand Idate");
    let token_value = created["token"].as_str().unwrap();
    assert_eq!(
        uuid::Uuid::parse_str(token_value)
            .unwrap()
            .get_version_num(),
        4
    );
    assert_eq!(
        created["candidate_link"].as_str().unwrap(),
        format!("http://127.0.0.1:0/#/assess/{token_value}")
    );
    let expires: chrono::DateTime<chrono::Utc> =
        created["expires_at"].as_str().unwrap().parse().unwrap();
    let days = (expires - before).num_hours();
    assert!((167..=168).contains(&days), "{days} hours");
    assert!(created["duration_minutes"].as_i64().unwrap() > 0);

    let outbox = app
        .json_ok(Method::GET, "/api/v1/emails", &token, None, 200)
        .await;
    assert_eq!(outbox["total"], 1);
    assert_eq!(outbox["items"][0]["to"], "new.person@example.com");
    assert_eq!(outbox["items"][0]["kind"], "invitation");
    let email_id = outbox["items"][0]["id"].as_i64().unwrap();
    let email = app
        .json_ok(
            Method::GET,
            &format!("/api/v1/emails/{email_id}"),
            &token,
            None,
            200,
        )
        .await;
    assert!(
        email["html"]
            .as_str()
            .unwrap()
            .contains(&format!("#/assess/{token_value}"))
    );
    assert!(
        email["text"]
            .as_str()
            .unwrap()
            .contains(&format!("#/assess/{token_value}"))
    );

    // An existing candidate by email is reused (and refreshed), not duplicated.
    let again = app
        .create_assessment(&token, "new.person@example.com")
        .await;
    assert_eq!(again["candidate_id"], created["candidate_id"]);
    let candidates = app
        .json_ok(Method::GET, "/api/v1/candidates", &token, None, 200)
        .await;
    assert_eq!(candidates["total"], 1);
    assert_eq!(candidates["items"][0]["assessments_count"], 2);
}

#[tokio::test]
async fn create_assessment_rejects_bad_input_and_respects_the_plan_limit() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let token = app.recruiter("limits@example.com").await;
    let task_id = app.template_id(&token).await;
    for (body, status) in [
        (json!({"task_id": task_id}), 422),
        (
            json!({"task_id": task_id, "candidate_email": "new@example.com"}),
            422,
        ),
        (
            json!({"task_id": task_id, "candidate_email": "bad", "candidate_name": "X"}),
            422,
        ),
        (
            json!({"task_id": 424242, "candidate_email": "x@example.com", "candidate_name": "X"}),
            404,
        ),
        (json!({"task_id": task_id, "candidate_id": 424242}), 404),
        (
            json!({"task_id": "one", "candidate_email": "x@example.com"}),
            422,
        ),
        (
            json!({"task_id": task_id, "candidate_email": "x@example.com", "candidate_name": "X", "duration_minutes": 1}),
            422,
        ),
    ] {
        let response = app
            .send(Method::POST, "/api/v1/assessments", &token, Some(&body))
            .await;
        assert_eq!(response.status().as_u16(), status, "{body}");
    }

    use sea_orm::{EntityTrait, sea_query::Expr};
    tali::db::entities::organization::Entity::update_many()
        .col_expr(
            tali::db::entities::organization::Column::AssessmentsLimit,
            Expr::value(1),
        )
        .exec(&app.state.db)
        .await
        .unwrap();
    app.create_assessment(&token, "first@example.com").await;
    let over = app
        .send(
            Method::POST,
            "/api/v1/assessments",
            &token,
            Some(&json!({"task_id": task_id, "candidate_email": "second@example.com", "candidate_name": "S"})),
        )
        .await;
    assert!(detail(over, 402).await.contains("limit"));
}

#[tokio::test]
async fn large_answers_are_compressed_for_clients_that_accept_it() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let token = app.recruiter("gzip@example.com").await;
    app.create_assessments(&token, "person", 10).await;
    let list = |encoding: &'static str| {
        app.client
            .get(app.url("/api/v1/assessments"))
            .bearer_auth(&token)
            .header("accept-encoding", encoding)
            .send()
    };
    let compressed = list("br, gzip").await.unwrap();
    assert_eq!(compressed.headers()["content-encoding"], "br");
    assert!(
        compressed.headers()["vary"]
            .to_str()
            .unwrap()
            .contains("accept-encoding")
    );
    let gzip = list("gzip").await.unwrap();
    assert_eq!(gzip.headers()["content-encoding"], "gzip");
    let plain = list("identity").await.unwrap();
    assert!(!plain.headers().contains_key("content-encoding"));
    let body: Value = plain.json().await.unwrap();
    assert_eq!(body["total"], 10);

    // A small answer is not worth it.
    let me = app
        .client
        .get(app.url("/api/v1/auth/me"))
        .bearer_auth(&token)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert!(!me.headers().contains_key("content-encoding"));
}

#[tokio::test]
async fn list_assessments() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let token = app.recruiter("list@example.com").await;
    let ids: Vec<Value> = app
        .create_assessments(&token, "person", 5)
        .await
        .iter()
        .map(|a| a["id"].clone())
        .collect();
    let page = app
        .json_ok(
            Method::GET,
            "/api/v1/assessments/?limit=2&offset=1",
            &token,
            None,
            200,
        )
        .await;
    assert_eq!(page["total"], 5);
    assert_eq!(page["limit"], 2);
    assert_eq!(page["offset"], 1);
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["id"], ids[3], "newest first");
    for key in [
        "candidate_name",
        "candidate_email",
        "task_name",
        "token",
        "status",
        "created_at",
    ] {
        assert!(!items[0][key].is_null(), "{key} in {}", items[0]);
    }
    let pending = app
        .json_ok(
            Method::GET,
            "/api/v1/assessments?status=pending",
            &token,
            None,
            200,
        )
        .await;
    assert_eq!(pending["total"], 5);
    let completed = app
        .json_ok(
            Method::GET,
            "/api/v1/assessments?status=completed",
            &token,
            None,
            200,
        )
        .await;
    assert_eq!(completed["total"], 0);
    let searched = app
        .json_ok(
            Method::GET,
            "/api/v1/assessments?q=PERSON3",
            &token,
            None,
            200,
        )
        .await;
    assert_eq!(searched["total"], 1);
    let task_id = items[0]["task_id"].as_i64().unwrap();
    let by_task = app
        .json_ok(
            Method::GET,
            &format!("/api/v1/assessments?task_id={task_id}"),
            &token,
            None,
            200,
        )
        .await;
    assert_eq!(by_task["total"], 5);
    assert_eq!(
        app.send(
            Method::GET,
            "/api/v1/assessments?status=bogus",
            &token,
            None
        )
        .await
        .status(),
        422
    );
    assert_eq!(
        app.send(Method::GET, "/api/v1/assessments?limit=101", &token, None)
            .await
            .status(),
        422
    );
}

#[tokio::test]
async fn resend_extend_revoke_and_archive() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let token = app.recruiter("life@example.com").await;
    let created = app.create_assessment(&token, "life-cand@example.com").await;
    let id = created["id"].as_i64().unwrap();

    app.json_ok(
        Method::POST,
        &format!("/api/v1/assessments/{id}/resend"),
        &token,
        None,
        202,
    )
    .await;
    let outbox = app
        .json_ok(Method::GET, "/api/v1/emails", &token, None, 200)
        .await;
    assert_eq!(outbox["total"], 2);

    let extended = app
        .json_ok(
            Method::POST,
            &format!("/api/v1/assessments/{id}/extend"),
            &token,
            Some(&json!({"days": 3})),
            200,
        )
        .await;
    let before: chrono::DateTime<chrono::Utc> =
        created["expires_at"].as_str().unwrap().parse().unwrap();
    let after: chrono::DateTime<chrono::Utc> =
        extended["expires_at"].as_str().unwrap().parse().unwrap();
    assert_eq!((after - before).num_days(), 3);
    let bad_days = app
        .send(
            Method::POST,
            &format!("/api/v1/assessments/{id}/extend"),
            &token,
            Some(&json!({"days": 0})),
        )
        .await;
    assert_eq!(bad_days.status(), 422);

    assert_eq!(
        app.send(
            Method::DELETE,
            &format!("/api/v1/assessments/{id}"),
            &token,
            None
        )
        .await
        .status(),
        204
    );
    let revoked = app
        .json_ok(
            Method::GET,
            &format!("/api/v1/assessments/{id}"),
            &token,
            None,
            200,
        )
        .await;
    assert_eq!(revoked["status"], "revoked");
    let resend = app
        .send(
            Method::POST,
            &format!("/api/v1/assessments/{id}/resend"),
            &token,
            None,
        )
        .await;
    assert_eq!(resend.status(), 409);

    // A revoked assessment is archived on a second delete: hidden from the list, still readable.
    assert_eq!(
        app.send(
            Method::DELETE,
            &format!("/api/v1/assessments/{id}"),
            &token,
            None
        )
        .await
        .status(),
        204
    );
    let list = app
        .json_ok(Method::GET, "/api/v1/assessments", &token, None, 200)
        .await;
    assert_eq!(list["total"], 0);
    let all = app
        .json_ok(
            Method::GET,
            "/api/v1/assessments?include_archived=true",
            &token,
            None,
            200,
        )
        .await;
    assert_eq!(all["total"], 1);
}

/// List totals are reused for a few seconds (`list_totals`), so every change must show in them at once.
#[tokio::test]
async fn list_totals_follow_every_change() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let token = app.recruiter("totals@example.com").await;
    let total = |path: &'static str| {
        let (app, token) = (&app, &token);
        async move {
            app.json_ok(Method::GET, path, token, None, 200).await["total"]
                .as_i64()
                .unwrap()
        }
    };
    let first = app.create_assessment(&token, "first@example.com").await;
    let second = app.create_assessment(&token, "second@example.com").await;
    assert_eq!(total("/api/v1/assessments").await, 2);
    assert_eq!(total("/api/v1/assessments?status=pending").await, 2);
    assert_eq!(total("/api/v1/assessments?status=revoked").await, 0);
    assert_eq!(total("/api/v1/assessments?q=renamed").await, 0);

    let delete = format!("/api/v1/assessments/{}", first["id"]);
    assert_eq!(
        app.send(Method::DELETE, &delete, &token, None)
            .await
            .status(),
        204
    );
    assert_eq!(
        total("/api/v1/assessments?status=pending").await,
        1,
        "revoked"
    );
    assert_eq!(total("/api/v1/assessments?status=revoked").await, 1);
    assert_eq!(
        total("/api/v1/assessments").await,
        1,
        "a cancelled invitation leaves the default list"
    );
    assert_eq!(
        app.send(Method::DELETE, &delete, &token, None)
            .await
            .status(),
        204
    );
    assert_eq!(total("/api/v1/assessments").await, 1, "archived");

    app.json_ok(
        Method::PATCH,
        &format!("/api/v1/candidates/{}", second["candidate_id"]),
        &token,
        Some(&json!({"full_name": "Renamed Person"})),
        200,
    )
    .await;
    assert_eq!(total("/api/v1/assessments?q=renamed").await, 1, "renamed");

    app.create_assessment(&token, "third@example.com").await;
    assert_eq!(total("/api/v1/assessments").await, 2, "created");
    assert_eq!(total("/api/v1/assessments?status=pending").await, 2);
}

#[tokio::test]
async fn billing_usage_is_paged_and_per_organization() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let token = app.recruiter("billing@example.com").await;
    let other = app.recruiter("billing-other@example.com").await;
    let created = app.create_assessments(&token, "billed", 3).await;
    for assessment in &created {
        app.start_assessment(assessment).await;
    }
    // An invitation nobody started costs nothing.
    app.create_assessment(&token, "ignored@example.com").await;
    let ids: Vec<Value> = created.iter().map(|a| a["id"].clone()).collect();
    let first = app
        .json_ok(
            Method::GET,
            "/api/v1/billing/usage?limit=2",
            &token,
            None,
            200,
        )
        .await;
    assert_eq!(first["total"], 3);
    assert_eq!(first["total_cost_pence"], 7500);
    assert_eq!(first["assessments_used"], 4);
    let items = first["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["assessment_id"], ids[2], "newest first");
    assert_eq!(items[0]["amount_pence"], 2500);
    let rest = app
        .json_ok(
            Method::GET,
            "/api/v1/billing/usage?limit=2&offset=2",
            &token,
            None,
            200,
        )
        .await;
    assert_eq!(rest["items"].as_array().unwrap().len(), 1);
    assert_eq!(rest["items"][0]["assessment_id"], ids[0]);
    let bad = app
        .send(Method::GET, "/api/v1/billing/usage?limit=0", &token, None)
        .await;
    assert_eq!(bad.status(), 422);

    let theirs = app
        .json_ok(Method::GET, "/api/v1/billing/usage", &other, None, 200)
        .await;
    assert_eq!(theirs["total"], 0);
    assert_eq!(theirs["total_cost_pence"], 0);
    assert!(theirs["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn analytics_reflect_the_organizations_assessments() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let token = app.recruiter("numbers@example.com").await;
    let empty = app
        .json_ok(Method::GET, "/api/v1/analytics", &token, None, 200)
        .await;
    assert_eq!(empty["total_assessments"], 0);
    assert_eq!(empty["average_score"], Value::Null);
    let first = app.create_assessment(&token, "a1@example.com").await;
    app.create_assessment(&token, "a2@example.com").await;
    app.start_assessment(&first).await;
    let stats = app
        .json_ok(Method::GET, "/api/v1/analytics", &token, None, 200)
        .await;
    assert_eq!(stats["total_assessments"], 2);
    assert_eq!(stats["active_assessments"], 1);
    assert_eq!(stats["completion_rate"], 0.0);
    assert_eq!(stats["assessments_this_month"], 2);
    assert_eq!(stats["started_this_month"], 1);
    assert_eq!(
        stats["cost_this_month_pence"], 2500,
        "only the started one costs"
    );
    assert_eq!(stats["per_task"][0]["total"], 2);
    assert_eq!(stats["score_distribution"].as_array().unwrap().len(), 10);
}

/// Organization B must not read, change or learn about anything of organization A's.
#[tokio::test]
async fn tenants_are_isolated() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let a = app.recruiter("a@tenant-a.com").await;
    let b = app.recruiter("b@tenant-b.com").await;
    let assessment = app
        .create_assessment(&a, "secret-candidate@example.com")
        .await;
    let task = app
        .json_ok(Method::POST, "/api/v1/tasks", &a, Some(&new_task()), 201)
        .await;
    let candidate_id = assessment["candidate_id"].as_i64().unwrap();
    let assessment_id = assessment["id"].as_i64().unwrap();
    let task_id = task["id"].as_i64().unwrap();
    let email_id = app
        .json_ok(Method::GET, "/api/v1/emails", &a, None, 200)
        .await["items"][0]["id"]
        .as_i64()
        .unwrap();

    let attempts: Vec<(Method, String, Option<Value>)> = vec![
        (
            Method::GET,
            format!("/api/v1/assessments/{assessment_id}"),
            None,
        ),
        (
            Method::DELETE,
            format!("/api/v1/assessments/{assessment_id}"),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/assessments/{assessment_id}/resend"),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/assessments/{assessment_id}/extend"),
            Some(json!({"days": 5})),
        ),
        (
            Method::GET,
            format!("/api/v1/candidates/{candidate_id}"),
            None,
        ),
        (
            Method::PATCH,
            format!("/api/v1/candidates/{candidate_id}"),
            Some(json!({"full_name": "hacked"})),
        ),
        (
            Method::DELETE,
            format!("/api/v1/candidates/{candidate_id}"),
            None,
        ),
        (Method::GET, format!("/api/v1/tasks/{task_id}"), None),
        (
            Method::PATCH,
            format!("/api/v1/tasks/{task_id}"),
            Some(json!({"name": "hacked"})),
        ),
        (Method::DELETE, format!("/api/v1/tasks/{task_id}"), None),
        (Method::GET, format!("/api/v1/emails/{email_id}"), None),
        (
            Method::POST,
            "/api/v1/assessments".into(),
            Some(
                json!({"task_id": task_id, "candidate_email": "x@example.com", "candidate_name": "X"}),
            ),
        ),
        (
            Method::POST,
            "/api/v1/assessments".into(),
            Some(json!({"task_id": 1, "candidate_id": candidate_id})),
        ),
    ];
    for (method, path, body) in attempts {
        let response = app.send(method.clone(), &path, &b, body.as_ref()).await;
        assert_eq!(response.status(), 404, "org B {method} {path}");
    }

    for path in [
        "/api/v1/assessments",
        "/api/v1/candidates",
        "/api/v1/emails",
        "/api/v1/assessments?q=secret",
        "/api/v1/candidates?q=secret",
    ] {
        let list = app.json_ok(Method::GET, path, &b, None, 200).await;
        assert_eq!(list["total"], 0, "org B sees nothing at {path}");
    }
    let (tasks, _) = app.list_tasks(&b, "").await;
    assert!(tasks.iter().all(|t| t["is_template"] == true));
    let stats = app
        .json_ok(Method::GET, "/api/v1/analytics", &b, None, 200)
        .await;
    assert_eq!(stats["total_assessments"], 0);

    // Org A's data is untouched.
    let still = app
        .json_ok(
            Method::GET,
            &format!("/api/v1/assessments/{assessment_id}"),
            &a,
            None,
            200,
        )
        .await;
    assert_eq!(still["status"], "pending");
    assert_eq!(still["candidate"]["full_name"], "Cand Idate");
    let own_task = app
        .json_ok(
            Method::GET,
            &format!("/api/v1/tasks/{task_id}"),
            &a,
            None,
            200,
        )
        .await;
    assert_eq!(own_task["name"], "Fix the parser");
    assert_eq!(
        app.json_ok(Method::GET, "/api/v1/emails", &a, None, 200)
            .await["total"],
        1
    );
}

#[tokio::test]
async fn recruiter_routes_need_a_token() {
    let app = TestApp::spawn().await;
    for path in [
        "/api/v1/tasks",
        "/api/v1/candidates",
        "/api/v1/assessments",
        "/api/v1/analytics",
        "/api/v1/emails",
        "/api/v1/organizations/me",
    ] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 401, "{path}");
    }
}

/// A cursor continues a list after its last row: walking every list by cursor gives the same rows as by offset,
/// each once, however rows tie on their creation time; a cursor the list did not give out is refused.
#[tokio::test]
async fn lists_page_by_cursor_as_by_offset() {
    let app = TestApp::spawn().await;
    app.seed().await;
    let token = app.recruiter("cursor@example.com").await;
    for assessment in app.create_assessments(&token, "walk", 7).await {
        // Started, so the billing history lists them too.
        app.start_assessment(&assessment).await;
    }
    // Two rows with the very same creation time: the id breaks the tie.
    {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
        use tali::db::entities::assessment;
        assessment::Entity::update_many()
            .col_expr(
                assessment::Column::CreatedAt,
                Expr::value(chrono::Utc::now()),
            )
            .filter(assessment::Column::Id.is_in([1, 2]))
            .exec(&app.state.db)
            .await
            .unwrap();
    }
    for list in [
        "/api/v1/assessments",
        "/api/v1/candidates",
        "/api/v1/emails",
        "/api/v1/billing/usage",
    ] {
        let by_offset: Vec<Value> = app
            .json_ok(Method::GET, &format!("{list}?limit=100"), &token, None, 200)
            .await["items"]
            .as_array()
            .unwrap()
            .clone();
        let mut by_cursor = Vec::new();
        let mut path = format!("{list}?limit=3");
        loop {
            let page = app.json_ok(Method::GET, &path, &token, None, 200).await;
            by_cursor.extend(page["items"].as_array().unwrap().iter().cloned());
            assert_eq!(
                page["total"].as_u64().unwrap() as usize,
                by_offset.len(),
                "{list}"
            );
            match page["next_cursor"].as_str() {
                Some(cursor) => path = format!("{list}?limit=3&cursor={cursor}"),
                None => break,
            }
        }
        let ids = |rows: &[Value]| rows.iter().map(|r| r["id"].clone()).collect::<Vec<_>>();
        assert_eq!(ids(&by_cursor), ids(&by_offset), "{list}");
        assert!(by_offset.len() >= 7, "{list}");
        let bad = app
            .send(
                Method::GET,
                &format!("{list}?cursor=nonsense"),
                &token,
                None,
            )
            .await;
        assert_eq!(bad.status(), 422, "{list}");
    }
}

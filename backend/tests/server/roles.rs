//! Every recruiter route × every role: allowed, or 403 with a detail naming who may. The table must name every
//! route the OpenAPI document marks as needing a bearer token, so a new route cannot skip the decision.

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::{Value, json};

use crate::common::TestApp;
use crate::common::team::{colleague, invite, user_id};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    Member,
    Admin,
    Owner,
}

struct Case {
    method: Method,
    /// The path as the OpenAPI document names it.
    route: &'static str,
    path: String,
    body: Option<Value>,
    least: Role,
}

fn case(
    method: Method,
    route: &'static str,
    path: String,
    body: Option<Value>,
    least: Role,
) -> Case {
    Case {
        method,
        route,
        path,
        body,
        least,
    }
}

/// The routes that need a bearer token, as `(method, path)`, from the OpenAPI document.
async fn bearer_routes(app: &TestApp) -> BTreeSet<(String, String)> {
    let doc: Value = app
        .client
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut routes = BTreeSet::new();
    for (path, operations) in doc["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            let secured = operation["security"]
                .as_array()
                .is_some_and(|s| s.iter().any(|s| s.get("bearer").is_some()));
            if secured {
                routes.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    routes
}

fn new_task() -> Value {
    json!({
        "name": "Roles task", "description": "A parser with a bug.", "task_type": "debugging",
        "difficulty": "junior", "duration_minutes": 20, "starter_code": "def parse(s):\n    return s\n",
        "test_code": "from solution import parse\n\ndef test_parse():\n    assert parse(' a ') == 'a'\n",
    })
}

#[tokio::test]
async fn every_role_is_allowed_or_refused_on_every_route() {
    use Role::*;
    let app = TestApp::spawn().await;
    app.seed().await;
    let owner = app.recruiter("owner@roles.test").await;
    let admin = colleague(&app, &owner, "admin@roles.test", "admin").await;
    let member = colleague(&app, &owner, "member@roles.test", "member").await;
    // Targets the allowed calls may change without locking the callers out.
    let spare_token = colleague(&app, &owner, "spare@roles.test", "member").await;
    let spare = user_id(&app, &spare_token).await;
    let to_resend = invite(&app, &owner, "resend@roles.test", "member").await["id"].clone();
    let to_cancel = invite(&app, &owner, "cancel@roles.test", "member").await["id"].clone();
    let assessment = app.create_assessment(&owner, "cand@roles.test").await;
    let a = assessment["id"].as_i64().unwrap();
    let candidate = assessment["candidate_id"].as_i64().unwrap();
    let task = app.template_id(&owner).await;
    let email = app
        .json_ok(Method::GET, "/api/v1/emails", &owner, None, 200)
        .await["items"][0]["id"]
        .as_i64()
        .unwrap();
    let own_task = app
        .json_ok(
            Method::POST,
            "/api/v1/tasks",
            &owner,
            Some(&new_task()),
            201,
        )
        .await["id"]
        .as_i64()
        .unwrap();

    let g = Method::GET;
    let p = Method::POST;
    let cases = vec![
        case(
            g.clone(),
            "/api/v1/auth/me",
            "/api/v1/auth/me".into(),
            None,
            Member,
        ),
        case(
            Method::PATCH,
            "/api/v1/auth/me",
            "/api/v1/auth/me".into(),
            Some(json!({"full_name": "Renamed Self"})),
            Member,
        ),
        // A wrong current password: allowed for every role, refused as a 400 that keeps the caller signed in.
        case(
            p.clone(),
            "/api/v1/auth/change-password",
            "/api/v1/auth/change-password".into(),
            Some(
                json!({"current_password": "not-the-password", "new_password": "another-pass-123"}),
            ),
            Member,
        ),
        case(
            g.clone(),
            "/api/v1/organizations/me",
            "/api/v1/organizations/me".into(),
            None,
            Member,
        ),
        case(
            Method::PATCH,
            "/api/v1/organizations/me",
            "/api/v1/organizations/me".into(),
            Some(json!({"name": "Renamed"})),
            Admin,
        ),
        case(
            g.clone(),
            "/api/v1/organizations/members",
            "/api/v1/organizations/members".into(),
            None,
            Member,
        ),
        case(
            p.clone(),
            "/api/v1/organizations/members",
            "/api/v1/organizations/members".into(),
            Some(json!({"email": "new1@roles.test", "role": "member"})),
            Admin,
        ),
        case(
            Method::PATCH,
            "/api/v1/organizations/members/{id}",
            format!("/api/v1/organizations/members/{spare}"),
            Some(json!({"role": "member"})),
            Admin,
        ),
        case(
            Method::DELETE,
            "/api/v1/organizations/members/{id}",
            format!("/api/v1/organizations/members/{spare}"),
            None,
            Admin,
        ),
        case(
            g.clone(),
            "/api/v1/organizations/invitations",
            "/api/v1/organizations/invitations".into(),
            None,
            Admin,
        ),
        case(
            p.clone(),
            "/api/v1/organizations/invitations",
            "/api/v1/organizations/invitations".into(),
            Some(json!({"email": "new2@roles.test", "role": "admin"})),
            Admin,
        ),
        case(
            p.clone(),
            "/api/v1/organizations/invitations/{id}/resend",
            format!("/api/v1/organizations/invitations/{to_resend}/resend"),
            None,
            Admin,
        ),
        case(
            Method::DELETE,
            "/api/v1/organizations/invitations/{id}",
            format!("/api/v1/organizations/invitations/{to_cancel}"),
            None,
            Admin,
        ),
        case(
            g.clone(),
            "/api/v1/tasks",
            "/api/v1/tasks".into(),
            None,
            Member,
        ),
        case(
            p.clone(),
            "/api/v1/tasks",
            "/api/v1/tasks".into(),
            Some(json!({"name": ""})),
            Member,
        ),
        case(
            p.clone(),
            "/api/v1/tasks/generate",
            "/api/v1/tasks/generate".into(),
            Some(json!({})),
            Member,
        ),
        case(
            g.clone(),
            "/api/v1/tasks/{id}",
            format!("/api/v1/tasks/{task}"),
            None,
            Member,
        ),
        case(
            Method::PATCH,
            "/api/v1/tasks/{id}",
            format!("/api/v1/tasks/{own_task}"),
            Some(json!({"name": "Renamed task"})),
            Member,
        ),
        case(
            Method::DELETE,
            "/api/v1/tasks/{id}",
            "/api/v1/tasks/999999".into(),
            None,
            Member,
        ),
        case(
            g.clone(),
            "/api/v1/candidates",
            "/api/v1/candidates".into(),
            None,
            Member,
        ),
        case(
            p.clone(),
            "/api/v1/candidates",
            "/api/v1/candidates".into(),
            Some(json!({"email": "c2@roles.test", "full_name": "C Two"})),
            Member,
        ),
        case(
            g.clone(),
            "/api/v1/candidates/{id}",
            format!("/api/v1/candidates/{candidate}"),
            None,
            Member,
        ),
        case(
            Method::PATCH,
            "/api/v1/candidates/{id}",
            format!("/api/v1/candidates/{candidate}"),
            Some(json!({"full_name": "Cand Two"})),
            Member,
        ),
        case(
            Method::DELETE,
            "/api/v1/candidates/{id}",
            "/api/v1/candidates/999999".into(),
            None,
            Member,
        ),
        case(
            g.clone(),
            "/api/v1/candidates/{id}/export",
            format!("/api/v1/candidates/{candidate}/export"),
            None,
            Admin,
        ),
        case(
            p.clone(),
            "/api/v1/candidates/{id}/erase",
            "/api/v1/candidates/999999/erase".into(),
            Some(json!({"confirm": "nobody@roles.test"})),
            Admin,
        ),
        case(
            g.clone(),
            "/api/v1/assessments",
            "/api/v1/assessments".into(),
            None,
            Member,
        ),
        case(
            p.clone(),
            "/api/v1/assessments",
            "/api/v1/assessments".into(),
            Some(
                json!({"task_id": task, "candidate_email": "c3@roles.test", "candidate_name": "C Three"}),
            ),
            Member,
        ),
        case(
            g.clone(),
            "/api/v1/assessments/{id}",
            format!("/api/v1/assessments/{a}"),
            None,
            Member,
        ),
        case(
            Method::DELETE,
            "/api/v1/assessments/{id}",
            "/api/v1/assessments/999999".into(),
            None,
            Member,
        ),
        case(
            p.clone(),
            "/api/v1/assessments/{id}/resend",
            format!("/api/v1/assessments/{a}/resend"),
            None,
            Member,
        ),
        case(
            p.clone(),
            "/api/v1/assessments/{id}/extend",
            format!("/api/v1/assessments/{a}/extend"),
            Some(json!({"days": 1})),
            Member,
        ),
        case(
            g.clone(),
            "/api/v1/assessments/{id}/report.pdf",
            format!("/api/v1/assessments/{a}/report.pdf"),
            None,
            Member,
        ),
        case(
            p.clone(),
            "/api/v1/assessments/{id}/post-to-workable",
            format!("/api/v1/assessments/{a}/post-to-workable"),
            None,
            Member,
        ),
        case(
            p.clone(),
            "/api/v1/assessments/{id}/reinvite",
            format!("/api/v1/assessments/{a}/reinvite"),
            Some(json!({"days": 7})),
            Member,
        ),
        case(
            g.clone(),
            "/api/v1/assessments/{id}/replay",
            format!("/api/v1/assessments/{a}/replay"),
            None,
            Member,
        ),
        case(
            g.clone(),
            "/api/v1/assessments/{id}/similarity",
            format!("/api/v1/assessments/{a}/similarity"),
            None,
            Member,
        ),
        case(
            g.clone(),
            "/api/v1/assessments/{id}/understanding",
            format!("/api/v1/assessments/{a}/understanding"),
            None,
            Member,
        ),
        case(
            p.clone(),
            "/api/v1/assessments/{id}/understanding/grades",
            format!("/api/v1/assessments/{a}/understanding/grades"),
            Some(json!({"question": 1, "score": 10})),
            Member,
        ),
        case(
            g.clone(),
            "/api/v1/assessments/export.csv",
            "/api/v1/assessments/export.csv".into(),
            None,
            Member,
        ),
        case(
            p.clone(),
            "/api/v1/assessments/bulk",
            "/api/v1/assessments/bulk".into(),
            Some(
                json!({"task_id": task, "rows": [{"name": "Bulk One", "email": "bulk@roles.test"}], "dry_run": true}),
            ),
            Member,
        ),
        case(
            g.clone(),
            "/api/v1/emails/status",
            "/api/v1/emails/status".into(),
            None,
            Member,
        ),
        case(
            p.clone(),
            "/api/v1/tasks/validate",
            "/api/v1/tasks/validate".into(),
            Some(new_task()),
            Member,
        ),
        case(
            g.clone(),
            "/api/v1/analytics",
            "/api/v1/analytics".into(),
            None,
            Member,
        ),
        case(
            g.clone(),
            "/api/v1/emails",
            "/api/v1/emails".into(),
            None,
            Member,
        ),
        case(
            g.clone(),
            "/api/v1/emails/{id}",
            format!("/api/v1/emails/{email}"),
            None,
            Member,
        ),
        case(
            g.clone(),
            "/api/v1/billing/usage",
            "/api/v1/billing/usage".into(),
            None,
            Member,
        ),
        case(
            g.clone(),
            "/api/v1/billing/ledger",
            "/api/v1/billing/ledger".into(),
            None,
            Member,
        ),
        case(
            p.clone(),
            "/api/v1/billing/checkout-session",
            "/api/v1/billing/checkout-session".into(),
            Some(json!({"kind": "monthly"})),
            Owner,
        ),
        case(
            p.clone(),
            "/api/v1/billing/portal-session",
            "/api/v1/billing/portal-session".into(),
            None,
            Owner,
        ),
        case(
            Method::PATCH,
            "/api/v1/billing/settings",
            "/api/v1/billing/settings".into(),
            Some(json!({"auto_charge": false})),
            Owner,
        ),
        case(
            p.clone(),
            "/api/v1/billing/cancel",
            "/api/v1/billing/cancel".into(),
            None,
            Owner,
        ),
        case(
            g.clone(),
            "/api/v1/organizations/workable",
            "/api/v1/organizations/workable".into(),
            None,
            Member,
        ),
        case(
            g.clone(),
            "/api/v1/organizations/workable/activity",
            "/api/v1/organizations/workable/activity".into(),
            None,
            Member,
        ),
        case(
            g.clone(),
            "/api/v1/organizations/workable/authorize-url",
            "/api/v1/organizations/workable/authorize-url".into(),
            None,
            Owner,
        ),
        case(
            p.clone(),
            "/api/v1/organizations/workable/connect",
            "/api/v1/organizations/workable/connect".into(),
            Some(json!({})),
            Owner,
        ),
        case(
            g.clone(),
            "/api/v1/organizations/workable/options",
            "/api/v1/organizations/workable/options".into(),
            None,
            Owner,
        ),
        case(
            Method::PUT,
            "/api/v1/organizations/workable/settings",
            "/api/v1/organizations/workable/settings".into(),
            Some(json!({"auto_post": false, "trigger": null})),
            Owner,
        ),
        case(
            Method::DELETE,
            "/api/v1/organizations/workable",
            "/api/v1/organizations/workable".into(),
            None,
            Owner,
        ),
        // Last, as they change the caller: the owner hands ownership to the spare (becoming an admin), then
        // every caller leaves the team.
        case(
            p.clone(),
            "/api/v1/organizations/members/{id}/transfer-ownership",
            format!("/api/v1/organizations/members/{spare}/transfer-ownership"),
            None,
            Owner,
        ),
        case(
            p.clone(),
            "/api/v1/organizations/leave",
            "/api/v1/organizations/leave".into(),
            None,
            Member,
        ),
    ];

    let named: BTreeSet<(String, String)> = cases
        .iter()
        .map(|c| (c.method.to_string(), c.route.to_string()))
        .collect();
    assert_eq!(
        named,
        bearer_routes(&app).await,
        "the table names exactly the routes that need a bearer token"
    );

    // The least privileged first, so an allowed change by a higher role never runs before a refusal is checked.
    for (role, token) in [(Member, &member), (Admin, &admin), (Owner, &owner)] {
        for c in &cases {
            let response = app
                .send(c.method.clone(), &c.path, token, c.body.as_ref())
                .await;
            let status = response.status().as_u16();
            let text = response.text().await.unwrap();
            if role < c.least {
                assert_eq!(status, 403, "{role:?} {} {}: {text}", c.method, c.path);
                let detail: Value = serde_json::from_str(&text).unwrap();
                assert!(
                    detail["detail"].as_str().unwrap().starts_with("Only "),
                    "{role:?} {} {}: {text}",
                    c.method,
                    c.path
                );
            } else {
                assert!(
                    status != 403 && status != 401 && status < 500
                        || status == 502
                        || status == 503,
                    "{role:?} {} {} is allowed: {status} {text}",
                    c.method,
                    c.path
                );
            }
        }
    }
}

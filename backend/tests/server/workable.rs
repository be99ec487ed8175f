//! The Workable integration against the local Workable mock (real wire format, OAuth with rotation, signed
//! webhooks, rate limits): connecting by account token and by OAuth, the tokens never shown and stored
//! encrypted, refresh on expiry, disconnecting, and one organization never seeing another's connection.

use reqwest::Method;
use reqwest::redirect::Policy;
use sea_orm::{ConnectionTrait, EntityTrait};
use secrecy::SecretString;
use serde_json::{Value, json};
use tali::db::entities::assessment;
use tali::db::entities::organization;
use tali_workable::mock::{MockConfig, NewCandidate, WorkableMock};
use tali_workable::webhook::{SIGNATURE_HEADER, sign};

use crate::common::{TestApp, detail, free_port};

const RATE_WINDOW_MS: u64 = 1000;

/// A server pointed at a fresh Workable mock, with a recruiter; shared with `workable_triggers`.
pub(crate) struct Workable {
    pub(crate) app: TestApp,
    pub(crate) mock: WorkableMock,
    pub(crate) token: String,
}

impl Workable {
    /// The candidate takes and submits the assessment; the recruiter posts it to Workable and it lands.
    pub(crate) async fn complete_and_post(&self, invited: &assessment::Model) {
        self.app
            .start_assessment(&json!({"token": invited.token}))
            .await;
        let response = self
            .app
            .client
            .post(
                self.app
                    .url(&format!("/api/v1/assessments/{}/submit", invited.id)),
            )
            .header("x-assessment-token", &invited.token)
            .json(&json!({"final_code": "print(1)\n"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        self.call(
            Method::POST,
            &format!("/api/v1/assessments/{}/post-to-workable", invited.id),
            None,
            202,
        )
        .await;
        let posted = self.posted(invited.id as i64).await;
        assert_eq!(posted["posted_to_workable"], true, "{posted}");
    }

    pub(crate) async fn new(oauth: bool) -> Self {
        let mock = WorkableMock::start_with(MockConfig {
            rate_window: std::time::Duration::from_millis(RATE_WINDOW_MS),
            ..MockConfig::default()
        })
        .await
        .unwrap();
        // The webhook target is this server's public URL, so it needs its port before it starts.
        let port = free_port().to_string();
        let public_url = format!("http://127.0.0.1:{port}");
        let base = mock.url();
        let window = RATE_WINDOW_MS.to_string();
        let mut env = vec![
            ("PORT", port.as_str()),
            ("PUBLIC_URL", public_url.as_str()),
            ("WORKABLE_API_BASE", base.as_str()),
            ("WORKABLE_RATE_WINDOW_MS", window.as_str()),
        ];
        if oauth {
            env.push(("WORKABLE_CLIENT_ID", WorkableMock::CLIENT_ID));
            env.push(("WORKABLE_CLIENT_SECRET", WorkableMock::CLIENT_SECRET));
        }
        let app = TestApp::spawn_with(&env).await;
        app.seed().await;
        let token = app.recruiter("recruiter@acme.test").await;
        Self { app, mock, token }
    }

    pub(crate) async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        status: u16,
    ) -> Value {
        self.call_as(&self.token, method, path, body, status).await
    }

    pub(crate) async fn call_as(
        &self,
        token: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
        status: u16,
    ) -> Value {
        self.app
            .json_ok(method, path, token, body.as_ref(), status)
            .await
    }

    pub(crate) async fn connect_token(&self) -> Value {
        self.call(
            Method::POST,
            "/api/v1/organizations/workable/connect",
            Some(json!({"subdomain": "acme.workable.com", "access_token": WorkableMock::ACCOUNT_TOKEN})),
            200,
        )
        .await
    }

    pub(crate) async fn organization(&self) -> organization::Model {
        organization::Entity::find()
            .all(&self.app.state.db)
            .await
            .unwrap()
            .into_iter()
            .find(|org| org.workable_connected || org.workable_config.is_some())
            .expect("a connected organization")
    }

    /// Maps Workable's "assessment" stage (any job) to the first template, moving to "interview" once posted.
    pub(crate) async fn map_stage(&self) -> i64 {
        let task_id = self.app.template_id(&self.token).await;
        let saved = self
            .save_map(json!([{"job_shortcode": "", "stage_slug": "assessment",
                "task_id": task_id, "move_to_stage": "interview"}]))
            .await;
        assert_eq!(saved["trigger"]["stage_name"], "Assessment", "{saved}");
        task_id
    }

    /// Saves `triggers` as the stage map (automatic posting off); returns the connection.
    pub(crate) async fn save_map(&self, triggers: Value) -> Value {
        self.call(
            Method::PUT,
            "/api/v1/organizations/workable/settings",
            Some(json!({"auto_post": false, "triggers": triggers})),
            200,
        )
        .await
    }

    pub(crate) fn new_candidate(&self, email: &str) -> String {
        self.mock
            .add_candidate(NewCandidate {
                firstname: "Lin".into(),
                lastname: "Qiao".into(),
                email: email.into(),
                job_shortcode: "ACME001".into(),
                stage_slug: "applied".into(),
                ..NewCandidate::default()
            })
            .unwrap()
    }

    pub(crate) async fn assessments(&self) -> Vec<assessment::Model> {
        assessment::Entity::find()
            .all(&self.app.state.db)
            .await
            .unwrap()
    }

    /// Waits until the stage trigger has `count` entries that are no longer being sent (up to a minute: a loaded
    /// machine running the whole suite grades and renders slowly).
    pub(crate) async fn activity(&self, count: usize) -> Value {
        for _ in 0..600 {
            let activity = self
                .call(
                    Method::GET,
                    "/api/v1/organizations/workable/activity",
                    None,
                    200,
                )
                .await;
            let items = activity["items"].as_array().unwrap();
            // The total is counted before the page is read, so a row that lands in between is listed but not
            // yet counted: wait for both.
            let counted = activity["total"].as_u64().unwrap_or(0) as usize;
            if items.len() >= count
                && counted >= count
                && items.iter().all(|i| i["status"] != "sending")
            {
                return activity;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("the stage trigger never settled");
    }

    pub(crate) fn webhook_path(&self, webhook_id: &str) -> String {
        format!("/api/v1/webhooks/workable/{webhook_id}")
    }

    pub(crate) async fn deliver_raw(&self, webhook_id: &str, body: &str, signature: &str) -> u16 {
        self.app
            .client
            .post(self.app.url(&self.webhook_path(webhook_id)))
            .header(SIGNATURE_HEADER, signature)
            .header("content-type", "application/json")
            .body(body.to_owned())
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }

    /// A completed assessment of `email` (started and submitted by the candidate); returns its id.
    pub(crate) async fn completed_assessment(&self, email: &str) -> i64 {
        let created = self.app.create_assessment(&self.token, email).await;
        self.app.start_assessment(&created).await;
        let id = created["id"].as_i64().unwrap();
        let response = self
            .app
            .client
            .post(self.app.url(&format!("/api/v1/assessments/{id}/submit")))
            .header("x-assessment-token", created["token"].as_str().unwrap())
            .json(&json!({"final_code": "def solve():\n    return 1\n"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "submit");
        id
    }

    pub(crate) async fn detail(&self, id: i64) -> Value {
        self.call(Method::GET, &format!("/api/v1/assessments/{id}"), None, 200)
            .await
    }

    /// Waits for the post job to settle: posted, or failed with an error on the assessment (up to a minute, as
    /// the submit's grading and the report's PDF come first).
    pub(crate) async fn posted(&self, id: i64) -> Value {
        for _ in 0..600 {
            let detail = self.detail(id).await;
            if detail["posted_to_workable"] == true || !detail["workable_post_error"].is_null() {
                return detail;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!(
            "the post to Workable never settled: {}",
            self.detail(id).await
        );
    }

    /// Follows the authorize URL like a browser whose user approves; returns `(code, state)`.
    pub(crate) async fn approve(&self, token: &str) -> (String, String) {
        let url = self
            .call_as(
                token,
                Method::GET,
                "/api/v1/organizations/workable/authorize-url",
                None,
                200,
            )
            .await["url"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(url.starts_with(&self.mock.url()), "{url}");
        assert!(url.contains("redirect_uri=http%3A%2F%2F127.0.0.1"), "{url}");
        let browser = reqwest::Client::builder()
            .redirect(Policy::none())
            .build()
            .unwrap();
        let response = browser.get(&url).send().await.unwrap();
        assert_eq!(response.status(), 302);
        let location = url::Url::parse(response.headers()["location"].to_str().unwrap()).unwrap();
        assert_eq!(location.path(), "/settings/workable/callback");
        let param = |name: &str| {
            location
                .query_pairs()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.into_owned())
                .unwrap()
        };
        (param("code"), param("state"))
    }
}

#[tokio::test]
async fn an_account_token_connects_and_is_never_shown() {
    let w = Workable::new(false).await;
    let before = w
        .call(Method::GET, "/api/v1/organizations/workable", None, 200)
        .await;
    assert_eq!(before["connected"], false);
    assert_eq!(before["oauth_available"], false);

    let connected = w.connect_token().await;
    assert_eq!(connected["connected"], true);
    assert_eq!(connected["auth_kind"], "account_token");
    assert_eq!(connected["subdomain"], "acme");
    // Nobody's email matches the recruiter's, so the account's admin acts.
    assert_eq!(connected["member_id"], WorkableMock::MEMBER_ID);
    // Nothing to deliver before a stage is mapped.
    assert_eq!(connected["webhook_registered"], false);
    assert_eq!(connected["triggers"], json!([]));
    let status = w
        .call(Method::GET, "/api/v1/organizations/workable", None, 200)
        .await;
    assert_eq!(status, connected);
    assert!(!status.to_string().contains(WorkableMock::ACCOUNT_TOKEN));
    let me = w
        .call(Method::GET, "/api/v1/organizations/me", None, 200)
        .await;
    assert_eq!(me["workable_connected"], true);
    assert!(!me.to_string().contains(WorkableMock::ACCOUNT_TOKEN));

    let org = w.organization().await;
    let stored = org.workable_access_token.clone().unwrap();
    assert!(
        stored.starts_with("v1.") && !stored.contains("acme"),
        "{stored}"
    );
    // The token was checked with a real call; once a stage is mapped, Workable delivers candidate moves to this
    // organization.
    let requests = w.mock.api_requests();
    assert!(requests.iter().any(|r| r.path == "/spi/v3/members"));
    assert!(!requests.iter().any(|r| r.path == "/spi/v3/subscriptions"));
    w.map_stage().await;
    let org = w.organization().await;
    let requests = w.mock.api_requests();
    let subscribe = requests
        .iter()
        .find(|r| r.method == "POST" && r.path == "/spi/v3/subscriptions")
        .expect("a subscription");
    let body: Value = serde_json::from_str(&subscribe.body).unwrap();
    assert_eq!(body["event"], "candidate_moved");
    let webhook_id = org.workable_webhook_id.unwrap();
    assert!(
        body["target"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/api/v1/webhooks/workable/{webhook_id}")),
        "{body}"
    );

    let options = w
        .call(
            Method::GET,
            "/api/v1/organizations/workable/options",
            None,
            200,
        )
        .await;
    assert!(
        options["jobs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|j| j["id"] == "ACME001")
    );
    assert!(
        options["stages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == "assessment")
    );
    assert_eq!(options["members"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_bad_token_is_refused_with_workables_message() {
    let w = Workable::new(false).await;
    let response = w
        .app
        .send(
            Method::POST,
            "/api/v1/organizations/workable/connect",
            &w.token,
            Some(&json!({"subdomain": "acme", "access_token": "not-a-token"})),
        )
        .await;
    let message = detail(response, 422).await;
    assert!(message.contains("Workable did not accept"), "{message}");
    for body in [
        json!({"subdomain": "acme"}),
        json!({"subdomain": "acme", "access_token": "  "}),
        json!({"subdomain": "evil.test/x", "access_token": "t"}),
        // Found by the schema fuzzer: a token that cannot travel in a header was answered 502 "Workable could
        // not be reached".
        json!({"subdomain": "acme", "access_token": "a\nb"}),
        json!({"subdomain": "acme", "access_token": "tok en"}),
    ] {
        let response = w
            .app
            .send(
                Method::POST,
                "/api/v1/organizations/workable/connect",
                &w.token,
                Some(&body),
            )
            .await;
        assert_eq!(response.status(), 422, "{body}");
    }
    let status = w
        .call(Method::GET, "/api/v1/organizations/workable", None, 200)
        .await;
    assert_eq!(status["connected"], false);
    // Without OAuth credentials the authorize URL says how to connect instead.
    let response = w
        .app
        .get_auth("/api/v1/organizations/workable/authorize-url", &w.token)
        .await;
    assert!(detail(response, 503).await.contains("account token"));
}

#[tokio::test]
async fn oauth_state_is_single_use_for_its_user_and_expires() {
    let w = Workable::new(true).await;
    let other = w.app.recruiter("other@globex.test").await;

    // Another user (of another organization) cannot complete this user's sign-in.
    let (code, state) = w.approve(&w.token).await;
    let response = w
        .app
        .send(
            Method::POST,
            "/api/v1/organizations/workable/connect",
            &other,
            Some(&json!({"code": code, "state": state})),
        )
        .await;
    assert!(
        detail(response, 422)
            .await
            .contains("expired or was already used")
    );

    let connected = w
        .call(
            Method::POST,
            "/api/v1/organizations/workable/connect",
            Some(json!({"code": code, "state": state})),
            200,
        )
        .await;
    assert_eq!(connected["auth_kind"], "oauth");
    assert_eq!(connected["subdomain"], "acme");
    assert_eq!(connected["oauth_available"], true);

    // Used once: the same state again is refused, before Workable is asked.
    let response = w
        .app
        .send(
            Method::POST,
            "/api/v1/organizations/workable/connect",
            &w.token,
            Some(&json!({"code": code, "state": state})),
        )
        .await;
    assert_eq!(response.status(), 422);

    // An expired state is refused too.
    let (code, state) = w.approve(&w.token).await;
    w.app
        .state
        .db
        .execute_unprepared(
            "UPDATE workable_oauth_states SET expires_at = '2020-01-01 00:00:00+00'",
        )
        .await
        .unwrap();
    let response = w
        .app
        .send(
            Method::POST,
            "/api/v1/organizations/workable/connect",
            &w.token,
            Some(&json!({"code": code, "state": state})),
        )
        .await;
    assert!(detail(response, 422).await.contains("expired"));
    let response = w
        .app
        .send(
            Method::POST,
            "/api/v1/organizations/workable/connect",
            &w.token,
            Some(&json!({"code": "x", "state": ""})),
        )
        .await;
    assert_eq!(response.status(), 422);
}

#[tokio::test]
async fn an_expired_oauth_token_is_refreshed_and_the_rotation_persisted() {
    let w = Workable::new(true).await;
    let (code, state) = w.approve(&w.token).await;
    w.call(
        Method::POST,
        "/api/v1/organizations/workable/connect",
        Some(json!({"code": code, "state": state})),
        200,
    )
    .await;
    let before = w.organization().await;
    assert!(w.mock.expire_access_tokens() > 0);

    w.call(
        Method::GET,
        "/api/v1/organizations/workable/options",
        None,
        200,
    )
    .await;
    let after = w.organization().await;
    assert_ne!(after.workable_refresh_token, before.workable_refresh_token);
    assert_ne!(after.workable_access_token, before.workable_access_token);
    let refreshes = w
        .mock
        .requests()
        .into_iter()
        .filter(|r| r.path == "/oauth/token" && r.body.contains("grant_type=refresh_token"))
        .count();
    assert_eq!(refreshes, 1);

    // The rotated refresh token is the one used next time.
    assert!(w.mock.expire_access_tokens() > 0);
    w.call(
        Method::GET,
        "/api/v1/organizations/workable/options",
        None,
        200,
    )
    .await;
}

#[tokio::test]
async fn disconnecting_removes_the_webhook_and_forgets_the_tokens() {
    let w = Workable::new(false).await;
    w.connect_token().await;
    w.map_stage().await;
    let subscription = w.organization().await.workable_subscription_id.unwrap();
    let response = w
        .app
        .send(
            Method::DELETE,
            "/api/v1/organizations/workable",
            &w.token,
            None,
        )
        .await;
    assert_eq!(response.status(), 204);
    assert!(
        w.mock
            .api_requests()
            .iter()
            .any(|r| r.method == "DELETE"
                && r.path == format!("/spi/v3/subscriptions/{subscription}"))
    );
    let status = w
        .call(Method::GET, "/api/v1/organizations/workable", None, 200)
        .await;
    assert_eq!(status["connected"], false);
    assert_eq!(status["subdomain"], Value::Null);
    let orgs = organization::Entity::find()
        .all(&w.app.state.db)
        .await
        .unwrap();
    assert!(orgs.iter().all(|o| o.workable_access_token.is_none()));
    let response = w
        .app
        .get_auth("/api/v1/organizations/workable/options", &w.token)
        .await;
    assert_eq!(response.status(), 409);
}

#[tokio::test]
async fn one_organizations_connection_is_invisible_to_another() {
    let w = Workable::new(false).await;
    w.connect_token().await;
    let other = w.app.recruiter("other@globex.test").await;
    let status = w
        .call_as(
            &other,
            Method::GET,
            "/api/v1/organizations/workable",
            None,
            200,
        )
        .await;
    assert_eq!(status["connected"], false);
    assert_eq!(status["subdomain"], Value::Null);
    let response = w
        .app
        .get_auth("/api/v1/organizations/workable/options", &other)
        .await;
    assert_eq!(response.status(), 409);
    // Disconnecting the other organization leaves this one connected.
    let response = w
        .app
        .send(
            Method::DELETE,
            "/api/v1/organizations/workable",
            &other,
            None,
        )
        .await;
    assert_eq!(response.status(), 204);
    let status = w
        .call(Method::GET, "/api/v1/organizations/workable", None, 200)
        .await;
    assert_eq!(status["connected"], true);
}

#[tokio::test]
async fn results_are_posted_as_a_comment_by_the_member() {
    let w = Workable::new(false).await;
    // Grace is a candidate of the seeded account; she is found by her email.
    let id = w.completed_assessment("grace@example.com").await;
    let path = format!("/api/v1/assessments/{id}/post-to-workable");
    let response = w.app.send(Method::POST, &path, &w.token, None).await;
    assert!(detail(response, 409).await.contains("Connect Workable"));
    w.connect_token().await;

    let queued = w.call(Method::POST, &path, None, 202).await;
    assert_eq!(queued["queued"], true);
    let detail_after = w.posted(id).await;
    assert_eq!(detail_after["posted_to_workable"], true, "{detail_after}");
    assert!(detail_after["posted_to_workable_at"].is_string());
    assert_eq!(detail_after["workable_post_error"], Value::Null);
    // The candidate's page lists the same state, for its own "Post to Workable".
    let person = w
        .call(
            Method::GET,
            &format!("/api/v1/candidates/{}", detail_after["candidate_id"]),
            None,
            200,
        )
        .await;
    let listed = person["assessments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap();
    assert_eq!(listed["posted_to_workable"], true, "{listed}");
    assert_eq!(listed["workable_post_error"], Value::Null);
    let comments = w.mock.comments();
    assert_eq!(comments.len(), 1);
    let comment = &comments[0];
    assert_eq!(comment.candidate_id, "ce4da99");
    assert_eq!(comment.member_id, WorkableMock::MEMBER_ID);
    assert!(
        comment.body.starts_with("TALI assessment completed: "),
        "{}",
        comment.body
    );
    assert!(comment.body.contains("\nScore: "), "{}", comment.body);
    assert!(
        comment.body.contains("\nTests passed: "),
        "{}",
        comment.body
    );
    assert!(
        comment.body.contains(&format!("/#/assessments/{id}")),
        "{}",
        comment.body
    );
    // The report's PDF rides along, the same file as the detail page's download.
    assert_eq!(
        comment.attachment_name.as_deref(),
        Some(format!("tali-report-{id}.pdf").as_str())
    );
    let attached = comment.attachment_data.as_deref().unwrap();
    assert!(attached.starts_with(b"%PDF"), "not a PDF");
    assert!(attached.len() > 1000, "a {}-byte PDF", attached.len());
    // Posted once: the button is done.
    let response = w.app.send(Method::POST, &path, &w.token, None).await;
    assert!(detail(response, 409).await.contains("already"));
    // Not completed, or another organization's: refused.
    let pending = w.app.create_assessment(&w.token, "ada@example.com").await;
    let response = w
        .app
        .send(
            Method::POST,
            &format!("/api/v1/assessments/{}/post-to-workable", pending["id"]),
            &w.token,
            None,
        )
        .await;
    assert!(detail(response, 409).await.contains("completed"));
    let other = w.app.recruiter("other@globex.test").await;
    let response = w.app.send(Method::POST, &path, &other, None).await;
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn a_post_that_died_after_the_comment_landed_does_not_comment_twice() {
    let w = Workable::new(false).await;
    w.connect_token().await;
    let id = w.completed_assessment("grace@example.com").await;
    let path = format!("/api/v1/assessments/{id}/post-to-workable");
    w.call(Method::POST, &path, None, 202).await;
    assert_eq!(w.posted(id).await["posted_to_workable"], true);
    assert_eq!(w.mock.comments().len(), 1);
    // As if the process was killed between Workable's answer and recording it: the assessment says not posted,
    // so the job runs again.
    w.app
        .state
        .db
        .execute_unprepared(&format!(
            "UPDATE assessments SET posted_to_workable = false, posted_to_workable_at = NULL WHERE id = {id}"
        ))
        .await
        .unwrap();
    w.call(Method::POST, &path, None, 202).await;
    let again = w.posted(id).await;
    assert_eq!(again["posted_to_workable"], true, "{again}");
    assert_eq!(again["workable_post_error"], Value::Null);
    assert_eq!(w.mock.comments().len(), 1, "the comment was written twice");
    let timeline_reads = w
        .mock
        .api_requests()
        .iter()
        .filter(|r| r.method == "GET" && r.path.ends_with("/activities"))
        .count();
    assert_eq!(timeline_reads, 2);
}

#[tokio::test]
async fn a_rate_limit_storm_delays_the_post_without_losing_it() {
    let w = Workable::new(false).await;
    w.connect_token().await;
    let id = w.completed_assessment("grace@example.com").await;
    let before = w.mock.api_requests().len();
    w.mock.force_rate_limited(3);
    w.call(
        Method::POST,
        &format!("/api/v1/assessments/{id}/post-to-workable"),
        None,
        202,
    )
    .await;
    let detail_after = w.posted(id).await;
    assert_eq!(detail_after["posted_to_workable"], true, "{detail_after}");
    let during: Vec<_> = w.mock.api_requests().into_iter().skip(before).collect();
    assert_eq!(during.iter().filter(|r| r.status == 429).count(), 3);
    assert_eq!(
        w.mock.comments().len(),
        1,
        "one comment however often it waited"
    );
    // Each 429 paused the limiter until the reset, so the retries did not hammer Workable.
    let first = during.first().unwrap().received_at;
    let last = during.last().unwrap().received_at;
    assert!(
        last.duration_since(first).as_millis() as u64 >= RATE_WINDOW_MS,
        "retries waited for the reset"
    );
}

#[tokio::test]
async fn automatic_posting_follows_completion_and_failures_are_recorded() {
    let w = Workable::new(false).await;
    w.connect_token().await;
    w.call(
        Method::PUT,
        "/api/v1/organizations/workable/settings",
        Some(json!({"auto_post": true, "trigger": null})),
        200,
    )
    .await;
    let id = w.completed_assessment("grace@example.com").await;
    let detail_after = w.posted(id).await;
    assert_eq!(detail_after["posted_to_workable"], true, "{detail_after}");
    assert_eq!(w.mock.comments().len(), 1);

    // Someone who is not a Workable candidate: the failure is recorded for the detail page, nothing is posted.
    let id = w.completed_assessment("nobody@example.com").await;
    let detail_after = w.posted(id).await;
    assert_eq!(detail_after["posted_to_workable"], false);
    assert!(
        detail_after["workable_post_error"]
            .as_str()
            .unwrap()
            .contains("not a candidate in Workable"),
        "{detail_after}"
    );
    assert_eq!(w.mock.comments().len(), 1);
}

#[tokio::test]
async fn a_candidate_moved_to_the_mapped_stage_is_invited_once_and_results_go_back() {
    let w = Workable::new(false).await;
    w.connect_token().await;
    let task_id = w.map_stage().await;
    let lin = w.new_candidate("lin@example.com");

    // A move to another stage invites nobody (and needs no call to Workable).
    let attempts = w.mock.move_candidate(&lin, "phone-screen").await.unwrap();
    assert!(
        attempts.iter().all(|a| a.status == Some(200)),
        "{attempts:?}"
    );
    let attempts = w.mock.move_candidate(&lin, "assessment").await.unwrap();
    assert!(
        attempts.iter().all(|a| a.status == Some(200)),
        "{attempts:?}"
    );
    let activity = w.activity(1).await;
    assert_eq!(activity["total"], 1, "{activity}");
    let item = &activity["items"][0];
    assert_eq!(item["status"], "invited", "{item}");
    assert_eq!(item["candidate_name"], "Lin Qiao");
    assert_eq!(item["workable_candidate_id"], lin.as_str());

    // Five concurrent redeliveries and a replay: still one assessment.
    let deliveries = (0..5).map(|_| w.mock.deliver(&lin, "candidate_moved"));
    for attempts in futures_util::future::join_all(deliveries).await {
        assert!(attempts.unwrap().iter().all(|a| a.status == Some(200)));
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let created = w.assessments().await;
    assert_eq!(created.len(), 1);
    let invited = &created[0];
    assert_eq!(invited.task_id as i64, task_id);
    assert_eq!(invited.workable_candidate_id.as_deref(), Some(lin.as_str()));
    assert_eq!(invited.workable_job_id.as_deref(), Some("ACME001"));
    assert_eq!(invited.status, "pending");
    let outbox = w.app.settled_outbox().await;
    assert_eq!(outbox.len(), 1, "one invitation");
    assert_eq!(outbox[0].to_email, "lin@example.com");

    // The candidate takes it; the results land on Workable and the candidate moves on.
    w.complete_and_post(invited).await;
    let detail_after = w.posted(invited.id as i64).await;
    assert_eq!(detail_after["workable_candidate_id"], lin.as_str());
    let comments = w.mock.comments();
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].candidate_id, lin);
    assert_eq!(w.mock.candidate_stage(&lin).as_deref(), Some("interview"));
}

#[tokio::test]
async fn webhook_signatures_bodies_and_unknown_ids() {
    let w = Workable::new(false).await;
    w.connect_token().await;
    w.map_stage().await;
    let webhook_id = w.organization().await.workable_webhook_id.unwrap();
    let lin = w.new_candidate("lin@example.com");
    w.mock.move_candidate(&lin, "assessment").await.unwrap();
    let first = w.activity(1).await;
    assert_eq!(first["total"], 1);

    let key = SecretString::from(WorkableMock::ACCOUNT_TOKEN);
    let body = format!(
        r#"{{"candidate":{{"id":"{lin}","stage":"Assessment","job":{{"shortcode":"ACME001"}}}}}}"#
    );
    // Bad or missing signatures are refused before anything is read or created.
    assert_eq!(w.deliver_raw(&webhook_id, &body, "deadbeef").await, 401);
    assert_eq!(w.deliver_raw(&webhook_id, &body, "").await, 401);
    let other_key = sign(
        body.as_bytes(),
        &SecretString::from(WorkableMock::OTHER_ACCOUNT_TOKEN),
    );
    assert_eq!(w.deliver_raw(&webhook_id, &body, &other_key).await, 401);
    // An unknown webhook id: 404, whatever the signature.
    assert_eq!(
        w.deliver_raw("0123456789abcdef", &body, &sign(body.as_bytes(), &key))
            .await,
        404
    );
    // Signed but not a candidate: 400.
    let junk = r#"{"hello":"world"}"#;
    assert_eq!(
        w.deliver_raw(&webhook_id, junk, &sign(junk.as_bytes(), &key))
            .await,
        400
    );

    // Wrapped and bare bodies, hex and base64 signatures are read alike; they name a candidate already invited,
    // so nothing new happens.
    let bare = format!(r#"{{"id":"{lin}","stage":"Assessment","job":{{"shortcode":"ACME001"}}}}"#);
    assert_eq!(
        w.deliver_raw(&webhook_id, &body, &sign(body.as_bytes(), &key))
            .await,
        200
    );
    let base64_signature = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        hex::decode(sign(bare.as_bytes(), &key)).unwrap(),
    );
    assert_eq!(
        w.deliver_raw(&webhook_id, &bare, &base64_signature).await,
        200
    );
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(w.assessments().await.len(), 1);
    // A second candidate moved in Workable: invited.
    let ada = w.new_candidate("ada.k@example.com");
    w.mock.move_candidate(&ada, "assessment").await.unwrap();
    w.activity(2).await;
    assert_eq!(w.assessments().await.len(), 2);
    // The activity pages with a cursor: one row, then the other, then the end.
    let list = "/api/v1/organizations/workable/activity";
    let first = w
        .call(Method::GET, &format!("{list}?limit=1"), None, 200)
        .await;
    assert_eq!(first["total"], 2);
    assert_eq!(first["items"].as_array().unwrap().len(), 1);
    let cursor = first["next_cursor"]
        .as_str()
        .expect("a next page")
        .to_owned();
    let second = w
        .call(
            Method::GET,
            &format!("{list}?limit=1&cursor={cursor}"),
            None,
            200,
        )
        .await;
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert_ne!(second["items"][0]["id"], first["items"][0]["id"]);
    assert_eq!(second["next_cursor"], Value::Null);
    let response = w
        .app
        .send(Method::GET, &format!("{list}?cursor=junk"), &w.token, None)
        .await;
    assert!(detail(response, 422).await.contains("cursor"));

    // Another organization's webhook id cannot be reached with this one's key, and its connection is its own.
    let other = w.app.recruiter("other@globex.test").await;
    let activity = w
        .call_as(
            &other,
            Method::GET,
            "/api/v1/organizations/workable/activity",
            None,
            200,
        )
        .await;
    assert_eq!(activity["total"], 0);
    // After a disconnect the webhook id is gone.
    let response = w
        .app
        .send(
            Method::DELETE,
            "/api/v1/organizations/workable",
            &w.token,
            None,
        )
        .await;
    assert_eq!(response.status(), 204);
    assert_eq!(
        w.deliver_raw(&webhook_id, &body, &sign(body.as_bytes(), &key))
            .await,
        404
    );
}

#[tokio::test]
async fn an_oauth_connection_verifies_webhooks_with_the_client_secret() {
    let w = Workable::new(true).await;
    let (code, state) = w.approve(&w.token).await;
    w.call(
        Method::POST,
        "/api/v1/organizations/workable/connect",
        Some(json!({"code": code, "state": state})),
        200,
    )
    .await;
    w.map_stage().await;
    let lin = w.new_candidate("lin@example.com");
    let attempts = w.mock.move_candidate(&lin, "assessment").await.unwrap();
    assert!(
        attempts.iter().all(|a| a.status == Some(200)),
        "{attempts:?}"
    );
    assert_eq!(w.activity(1).await["items"][0]["status"], "invited");
    // The account token is not the key of an OAuth connection.
    let webhook_id = w.organization().await.workable_webhook_id.unwrap();
    let body = format!(r#"{{"id":"{lin}","stage":"Assessment"}}"#);
    let signed_with_token = sign(
        body.as_bytes(),
        &SecretString::from(WorkableMock::ACCOUNT_TOKEN),
    );
    assert_eq!(
        w.deliver_raw(&webhook_id, &body, &signed_with_token).await,
        401
    );
}

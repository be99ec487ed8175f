//! Test harness: the real application on a random port, against a fresh database per test.
//!
//! `TALI_TEST_DATABASE=postgres` runs the suite on PostgreSQL (`TALI_TEST_PG_URL`, default the local server);
//! otherwise each test gets its own SQLite file.
#![allow(dead_code)]

use std::path::PathBuf;

use reqwest::{Client, Response};
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};
use tali::app::Application;
use tali::config::{Env, Settings};

pub mod team;

pub const PASSWORD: &str = "correct horse battery";

pub enum TestDatabase {
    Sqlite(PathBuf),
    Postgres { admin_url: String, name: String },
}

impl TestDatabase {
    pub async fn create() -> (Self, String) {
        let id = uuid::Uuid::new_v4().simple().to_string();
        if std::env::var("TALI_TEST_DATABASE").as_deref() == Ok("postgres") {
            let admin_url = std::env::var("TALI_TEST_PG_URL")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
            let name = format!("tali_test_{id}");
            let admin = Database::connect(&admin_url)
                .await
                .expect("connect to PostgreSQL");
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create test database");
            admin.close().await.ok();
            let base = admin_url
                .rsplit_once('/')
                .map(|(b, _)| b)
                .unwrap_or(&admin_url);
            let url = format!("{base}/{name}");
            (Self::Postgres { admin_url, name }, url)
        } else {
            let path = std::env::temp_dir().join(format!("tali-test-{id}.db"));
            let url = format!("sqlite://{}?mode=rwc", path.display());
            (Self::Sqlite(path), url)
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        match self {
            Self::Sqlite(path) => {
                // The app's file and, beside it, the jobs storage's file.
                let jobs = path.with_extension("").display().to_string() + "-jobs.db";
                for file in [path.display().to_string(), jobs] {
                    for suffix in ["", "-wal", "-shm"] {
                        let _ = std::fs::remove_file(format!("{file}{suffix}"));
                    }
                }
            }
            Self::Postgres { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // Drop runs inside the test's runtime, which cannot be blocked on; use a thread of our own.
                let _ = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .expect("runtime");
                    runtime.block_on(async {
                        if let Ok(admin) = Database::connect(&admin_url).await {
                            let _ = admin
                                .execute_unprepared(&format!(
                                    "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                                ))
                                .await;
                            admin.close().await.ok();
                        }
                    });
                })
                .join();
            }
        }
    }
}

pub struct TestApp {
    pub base: String,
    pub client: Client,
    pub state: tali::state::AppState,
    /// Shared by the replicas of one deployment; dropped with the last of them.
    _database: std::sync::Arc<TestDatabase>,
    database_url: String,
    _data_dir: PathBuf,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        release_mounts(&self._data_dir);
        let _ = std::fs::remove_dir_all(&self._data_dir);
    }
}

/// A server over the given database and data directory, as `tali serve` would run it.
async fn start(
    database_url: &str,
    data_dir: &std::path::Path,
    extra: &[(&str, &str)],
) -> (
    Application,
    tokio::sync::oneshot::Sender<()>,
    tokio::sync::oneshot::Receiver<()>,
) {
    let data_dir_str = data_dir.to_string_lossy().to_string();
    // The sandbox's Python runtime is built once per checkout by `scripts/setup.sh`.
    let runtime = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/sandbox-runtime");
    let workspaces = data_dir.join("workspaces").to_string_lossy().to_string();
    let mut pairs = vec![
        ("SANDBOX_RUNTIME_DIR", runtime),
        ("SANDBOX_WORKSPACES_DIR", workspaces.as_str()),
        ("DATABASE_URL", database_url),
        ("TALI_DATA_DIR", data_dir_str.as_str()),
        ("PORT", "0"),
        (
            "SECRET_KEY",
            "test-secret-key-that-is-long-enough-0123456789",
        ),
        ("BCRYPT_COST", "4"),
    ];
    pairs.extend_from_slice(extra);
    let settings = Settings::from_env(&Env::from_pairs(pairs)).expect("test settings");
    let app = Application::build(settings).await.expect("build app");
    let (tx, rx) = tokio::sync::oneshot::channel();
    (app, tx, rx)
}

impl TestApp {
    /// Every outbox message, oldest first.
    pub async fn outbox(&self) -> Vec<tali::db::entities::email_outbox::Model> {
        use sea_orm::{EntityTrait, QueryOrder};
        use tali::db::entities::email_outbox;
        email_outbox::Entity::find()
            .order_by_asc(email_outbox::Column::Id)
            .all(&self.state.db)
            .await
            .unwrap()
    }

    /// Waits until every outbox message has left `queued`. The bound only turns a hang into a failure: it is far
    /// beyond what the work takes (a retried delivery is a few seconds of backoff), because a loaded machine
    /// running the whole suite beside PostgreSQL stretched a 30 s bound past its end once. On a hang it says where
    /// the message stopped: the row, the queue's depth, the jobs on record as failed.
    pub async fn settled_outbox(&self) -> Vec<tali::db::entities::email_outbox::Model> {
        use sea_orm::EntityTrait;
        const BOUND: std::time::Duration = std::time::Duration::from_secs(180);
        let started = std::time::Instant::now();
        while started.elapsed() < BOUND {
            let rows = self.outbox().await;
            if !rows.is_empty() && rows.iter().all(|r| r.status != "queued") {
                return rows;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let failed = tali::db::entities::failed_job::Entity::find()
            .all(&self.state.db)
            .await;
        panic!(
            "outbox never settled in {} s: {:?}; queue depth {:?}; failed jobs {failed:?}",
            BOUND.as_secs(),
            self.outbox().await,
            self.state.jobs.depth().await,
        );
    }

    pub async fn spawn() -> Self {
        Self::spawn_with(&[]).await
    }

    /// Starts the app with extra environment settings (`("AUTH_RATE_LIMIT_PER_MINUTE", "3")`, ...).
    pub async fn spawn_with(extra: &[(&str, &str)]) -> Self {
        let (database, database_url) = TestDatabase::create().await;
        Self::launch(std::sync::Arc::new(database), database_url, extra).await
    }

    /// A second server over the same database, with a data directory (and so sandboxes) of its own: another
    /// replica behind the load balancer. `extra` should repeat the settings the first one was given.
    pub async fn replica(&self, extra: &[(&str, &str)]) -> TestApp {
        Self::launch(self._database.clone(), self.database_url.clone(), extra).await
    }

    async fn launch(
        database: std::sync::Arc<TestDatabase>,
        database_url: String,
        extra: &[(&str, &str)],
    ) -> Self {
        let data_dir =
            std::env::temp_dir().join(format!("tali-test-data-{}", uuid::Uuid::new_v4().simple()));
        let (app, tx, rx) = start(&database_url, &data_dir, extra).await;
        let base = format!("http://127.0.0.1:{}", app.port());
        let state = app.state().clone();
        let server = tokio::spawn(app.run_until(async {
            let _ = rx.await;
        }));
        Self {
            base,
            client: Client::new(),
            state,
            _database: database,
            database_url,
            _data_dir: data_dir,
            shutdown: Some(tx),
            server: Some(server),
        }
    }

    /// Stops the server (and its worker), then starts a new one over the same database and data directory:
    /// what a deploy or a crash-and-restart does.
    pub async fn restart_with(&mut self, extra: &[(&str, &str)]) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server
                .await
                .expect("server task")
                .expect("server stopped cleanly");
        }
        let (app, tx, rx) = start(&self.database_url, &self._data_dir, extra).await;
        self.base = format!("http://127.0.0.1:{}", app.port());
        self.state = app.state().clone();
        self.server = Some(tokio::spawn(app.run_until(async {
            let _ = rx.await;
        })));
        self.shutdown = Some(tx);
    }

    /// The database this app runs on, for another process to share.
    pub fn database_url(&self) -> &str {
        &self.database_url
    }

    /// Loads the template task library, as `tali serve` does on start.
    pub async fn seed(&self) {
        tali::seed::run(&self.state.db)
            .await
            .expect("seed templates");
    }

    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Option<&Value>,
    ) -> Response {
        let mut request = self
            .client
            .request(method, self.url(path))
            .bearer_auth(token);
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await.unwrap()
    }

    /// A JSON answer, asserting the status.
    pub async fn json_ok(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Option<&Value>,
        status: u16,
    ) -> Value {
        let response = self.send(method.clone(), path, token, body).await;
        let got = response.status().as_u16();
        let text = response.text().await.unwrap();
        assert_eq!(got, status, "{method} {path}: {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    /// `GET /api/v1/tasks<query>`: the array of tasks and the `X-Total-Count` header.
    pub async fn list_tasks(&self, token: &str, query: &str) -> (Vec<Value>, u64) {
        let response = self
            .send(
                reqwest::Method::GET,
                &format!("/api/v1/tasks{query}"),
                token,
                None,
            )
            .await;
        assert_eq!(response.status(), 200, "GET /api/v1/tasks{query}");
        let total = response
            .headers()
            .get("x-total-count")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .expect("an X-Total-Count header");
        let items: Value = response.json().await.unwrap();
        (items.as_array().expect("a JSON array").clone(), total)
    }

    /// The id of the template task named `name`.
    pub async fn template_named(&self, token: &str, name: &str) -> i64 {
        let (tasks, _) = self.list_tasks(token, "").await;
        tasks
            .iter()
            .find(|t| t["name"] == name)
            .unwrap_or_else(|| panic!("the template {name}"))["id"]
            .as_i64()
            .unwrap()
    }

    /// The id of the first template task.
    pub async fn template_id(&self, token: &str) -> i64 {
        let (tasks, _) = self.list_tasks(token, "").await;
        tasks[0]["id"].as_i64().expect("a template task")
    }

    /// Creates an assessment for a new candidate and returns it.
    pub async fn create_assessment(&self, token: &str, email: &str) -> Value {
        let task_id = self.template_id(token).await;
        self.json_ok(
            reqwest::Method::POST,
            "/api/v1/assessments",
            token,
            Some(&json!({"task_id": task_id, "candidate_email": email, "candidate_name": "Cand Idate"})),
            201,
        )
        .await
    }

    /// The candidate opens their link and starts: the assessment is in progress (and paid for).
    pub async fn start_assessment(&self, assessment: &Value) {
        let token = assessment["token"].as_str().expect("an assessment token");
        let response = self
            .client
            .post(self.url(&format!("/api/v1/assessments/token/{token}/start")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "start {token}");
    }

    /// A candidate's request on an assessment they hold the token of (`/api/v1/assessments/{id}/<action>`).
    pub async fn candidate_post(&self, assessment: &Value, action: &str, body: &Value) -> Response {
        self.client
            .post(self.url(&format!(
                "/api/v1/assessments/{}/{action}",
                assessment["id"]
            )))
            .header(
                "x-assessment-token",
                assessment["token"].as_str().unwrap_or_default(),
            )
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// `count` assessments for `<prefix><i>@example.com`, oldest first.
    pub async fn create_assessments(&self, token: &str, prefix: &str, count: usize) -> Vec<Value> {
        let mut created = Vec::new();
        for i in 0..count {
            created.push(
                self.create_assessment(token, &format!("{prefix}{i}@example.com"))
                    .await,
            );
        }
        created
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn get_auth(&self, path: &str, token: &str) -> Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    pub async fn register(&self, email: &str) -> Value {
        let response = self
            .post_json(
                "/api/v1/auth/register",
                &json!({"email": email, "password": PASSWORD, "full_name": "Test Recruiter"}),
            )
            .await;
        assert_eq!(response.status(), 201, "register {email}");
        response.json().await.unwrap()
    }

    pub async fn login(&self, email: &str) -> String {
        let response = self
            .post_json(
                "/api/v1/auth/login",
                &json!({"email": email, "password": PASSWORD}),
            )
            .await;
        assert_eq!(response.status(), 200, "login {email}");
        let body: Value = response.json().await.unwrap();
        body["access_token"].as_str().unwrap().to_string()
    }

    /// The organization shows candidates their score after submitting (off by default).
    pub async fn show_candidates_their_score(&self, token: &str) {
        self.json_ok(
            reqwest::Method::PATCH,
            "/api/v1/organizations/me",
            token,
            Some(&json!({"show_candidates_their_score": true})),
            200,
        )
        .await;
    }

    /// Registers a fresh recruiter and returns their token.
    pub async fn recruiter(&self, email: &str) -> String {
        self.register(email).await;
        self.login(email).await
    }
}

/// Sessions a test left in progress keep their sandbox workspace images loop-mounted under the test's data
/// directory; unmount them so test runs do not pile up mounts and loop devices.
/// A port nobody holds right now: a process under test binds it a moment later, or nothing does (a closed port).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn release_mounts(dir: &std::path::Path) {
    let Ok(mounts) = std::fs::read_to_string("/proc/mounts") else {
        return;
    };
    let prefix = format!("{}/", dir.display());
    for mount_point in mounts
        .lines()
        .filter_map(|line| line.split_whitespace().nth(1))
        .filter(|point| point.starts_with(&prefix))
    {
        let _ = std::process::Command::new("umount")
            .args(["-l", mount_point])
            .status();
    }
}

/// The `detail` of an error answer, asserting the status on the way.
pub async fn detail(response: Response, status: u16) -> String {
    assert_eq!(response.status(), status);
    let body: Value = response.json().await.unwrap();
    body["detail"].as_str().unwrap_or_default().to_string()
}

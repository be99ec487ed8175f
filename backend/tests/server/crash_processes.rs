//! Crash and restart with real processes: `tali serve` (and a separate `tali worker`) started from the built
//! binary on one database, driven over HTTP like a candidate's IDE, killed with SIGKILL at the points where work
//! is in flight (after a run, during a streamed chat reply, during a submit's hidden tests, a worker during a
//! job) and started again on the same database. What survives: the code as of the last autosave, the deadline,
//! one grade and one results email for a submit that was in flight, and the queued jobs.
//!
//! The lost-submit threshold, the sweep's period and the workers' heartbeat are set in seconds here
//! (`SUBMIT_CLAIM_LOST_AFTER_SECONDS`, `JOBS_SWEEP_EVERY_SECONDS`, `JOBS_HEARTBEAT_SECONDS`) so the recoveries
//! happen within the test rather than minutes later.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use reqwest::Client;
use sea_orm::{ColumnTrait, Database, DatabaseConnection, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use tali::db::entities::{assessment, chat_exchange, email_outbox};
use tali_ai::mock::{AnthropicMock, MockServer, Scripted};
use tokio::process::{Child, Command};

use crate::common::{PASSWORD, TestDatabase, free_port, release_mounts};

/// Claims older than this are lost; above the submit's grading here (a 2 s sleep in the code, plus the run).
const CLAIM_LOST_AFTER_SECONDS: &str = "8";

/// One deployment: a database, a data directory (sandbox workspaces) and the mock AI, shared by every process
/// started on it, as a restarted server or worker finds them.
struct Deployment {
    _database: TestDatabase,
    database_url: String,
    data_dir: PathBuf,
    port: u16,
    ai: MockServer,
    /// The test's own connection, opened once the first server has migrated the database.
    db: Option<DatabaseConnection>,
    client: Client,
}

impl Drop for Deployment {
    fn drop(&mut self) {
        release_mounts(&self.data_dir);
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}

impl Deployment {
    async fn new() -> Self {
        let (database, database_url) = TestDatabase::create().await;
        let data_dir =
            std::env::temp_dir().join(format!("tali-crash-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&data_dir).unwrap();
        let ai = AnthropicMock::start().await.unwrap();
        let port = free_port();
        let client = Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap();
        Self {
            _database: database,
            database_url,
            data_dir,
            port,
            ai,
            db: None,
            client,
        }
    }

    fn db(&self) -> &DatabaseConnection {
        self.db.as_ref().expect("a server has started")
    }

    /// `tali <command>` on this deployment; stdout and stderr go to a log beside the workspaces.
    fn spawn(&self, command: &str, worker_in_server: bool) -> Child {
        let runtime = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/sandbox-runtime");
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.data_dir.join(format!("{command}.log")))
            .unwrap();
        Command::new(env!("CARGO_BIN_EXE_tali"))
            .arg(command)
            // No .env of the checkout is read from here.
            .current_dir(&self.data_dir)
            .env("DATABASE_URL", &self.database_url)
            .env("TALI_DATA_DIR", &self.data_dir)
            .env("SANDBOX_RUNTIME_DIR", runtime)
            .env("SANDBOX_WORKSPACES_DIR", self.data_dir.join("workspaces"))
            .env("PORT", self.port.to_string())
            .env(
                "SECRET_KEY",
                "crash-secret-key-that-is-long-enough-0123456789",
            )
            .env("BCRYPT_COST", "4")
            .env("ANTHROPIC_API_KEY", "sk-ant-crash")
            .env("ANTHROPIC_BASE_URL", self.ai.base_url())
            .env("TALI_WORKER", if worker_in_server { "on" } else { "off" })
            .env("SUBMIT_CLAIM_LOST_AFTER_SECONDS", CLAIM_LOST_AFTER_SECONDS)
            .env("JOBS_SWEEP_EVERY_SECONDS", "1")
            .env("JOBS_HEARTBEAT_SECONDS", "1")
            .env("JOBS_RETRY_DELAY_MS", "500")
            .env("RUST_LOG", "warn")
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .expect("start tali")
    }

    /// Starts `tali serve` and waits until it answers.
    async fn serve(&mut self, worker_in_server: bool) -> Child {
        let child = self.spawn("serve", worker_in_server);
        let live = format!("{}/health/live", self.base());
        let began = Instant::now();
        while !self
            .client
            .get(&live)
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            assert!(
                began.elapsed() < Duration::from_secs(30),
                "tali serve did not start: {}",
                self.log("serve")
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        if self.db.is_none() {
            self.db = Some(Database::connect(&self.database_url).await.unwrap());
        }
        child
    }

    fn log(&self, command: &str) -> String {
        std::fs::read_to_string(self.data_dir.join(format!("{command}.log"))).unwrap_or_default()
    }

    fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        auth: Auth<'_>,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut request = self
            .client
            .request(method, format!("{}/api/v1{path}", self.base()));
        request = match auth {
            Auth::None => request,
            Auth::Recruiter(token) => request.bearer_auth(token),
            Auth::Candidate(token) => request.header("x-assessment-token", token),
        };
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// A recruiter who lets candidates see their score, and a started session: (recruiter, assessment, start).
    async fn started_session(&self, email: &str) -> (String, Value, Value) {
        let (status, _) = self
            .call(
                reqwest::Method::POST,
                "/auth/register",
                Auth::None,
                Some(json!({"email": email, "password": PASSWORD, "full_name": "Crash Recruiter"})),
            )
            .await;
        assert_eq!(status, 201);
        let (_, login) = self
            .call(
                reqwest::Method::POST,
                "/auth/login",
                Auth::None,
                Some(json!({"email": email, "password": PASSWORD})),
            )
            .await;
        let recruiter = login["access_token"].as_str().unwrap().to_string();
        let (status, _) = self
            .call(
                reqwest::Method::PATCH,
                "/organizations/me",
                Auth::Recruiter(&recruiter),
                Some(json!({"show_candidates_their_score": true})),
            )
            .await;
        assert_eq!(status, 200);
        let (_, tasks) = self
            .call(
                reqwest::Method::GET,
                "/tasks",
                Auth::Recruiter(&recruiter),
                None,
            )
            .await;
        let (status, created) = self
            .call(
                reqwest::Method::POST,
                "/assessments",
                Auth::Recruiter(&recruiter),
                Some(
                    json!({"task_id": tasks[0]["id"], "candidate_email": format!("cand.{email}"),
                    "candidate_name": "Crash Candidate"}),
                ),
            )
            .await;
        assert_eq!(status, 201, "{created}");
        let started = self.start(&created).await;
        (recruiter, created, started)
    }

    /// The candidate opens their link: starts, or resumes after a restart.
    async fn start(&self, assessment: &Value) -> Value {
        let token = assessment["token"].as_str().unwrap();
        let (status, started) = self
            .call(
                reqwest::Method::POST,
                &format!("/assessments/token/{token}/start"),
                Auth::None,
                None,
            )
            .await;
        assert_eq!(status, 200, "{started}");
        started
    }

    /// The IDE's autosave: one snapshot event with the editor's code.
    async fn autosave(&self, assessment: &Value, id: &str, code: &str) {
        let (status, body) = self
            .candidate(
                assessment,
                "events",
                json!({"events": [{"id": id, "type": "snapshot", "data": {"code": code}}]}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }

    async fn candidate(&self, assessment: &Value, action: &str, body: Value) -> (u16, Value) {
        self.call(
            reqwest::Method::POST,
            &format!("/assessments/{}/{action}", assessment["id"]),
            Auth::Candidate(assessment["token"].as_str().unwrap()),
            Some(body),
        )
        .await
    }

    async fn row(&self, assessment: &Value) -> assessment::Model {
        assessment::Entity::find_by_id(assessment["id"].as_i64().unwrap() as i32)
            .one(self.db())
            .await
            .unwrap()
            .unwrap()
    }

    async fn exchanges(&self, assessment: &Value) -> Vec<chat_exchange::Model> {
        chat_exchange::Entity::find()
            .filter(
                chat_exchange::Column::AssessmentId.eq(assessment["id"].as_i64().unwrap() as i32),
            )
            .all(self.db())
            .await
            .unwrap()
    }

    async fn outbox(&self, kind: &str) -> Vec<email_outbox::Model> {
        email_outbox::Entity::find()
            .filter(email_outbox::Column::Kind.eq(kind))
            .all(self.db())
            .await
            .unwrap()
    }

    /// Polls `check` against the database until it holds; panics with the logs after `within`.
    async fn eventually<F, Fut>(&self, what: &str, within: Duration, check: F)
    where
        F: Fn() -> Fut,
        Fut: Future<Output = bool>,
    {
        let began = Instant::now();
        while !check().await {
            assert!(
                began.elapsed() < within,
                "{what} did not happen within {within:?}\nserve: {}\nworker: {}",
                self.log("serve"),
                self.log("worker")
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

enum Auth<'a> {
    None,
    Recruiter(&'a str),
    Candidate(&'a str),
}

/// SIGKILL: no shutdown hook, no flush, as an out-of-memory kill or a lost machine.
async fn kill(mut child: Child) {
    child.start_kill().unwrap();
    child.wait().await.unwrap();
}

/// The IDE's autosave cadence, read from the web app: resumed code is at most this much older than the last
/// keystroke when every acknowledged snapshot survives the crash.
fn autosave_interval() -> Duration {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../frontend/src/features/assessment-session/telemetry/useSessionRecorder.js");
    let text = std::fs::read_to_string(source).unwrap();
    let line = text
        .lines()
        .find(|l| l.starts_with("export const SNAPSHOT_INTERVAL_MS"))
        .expect("the IDE's snapshot interval");
    let ms: u64 = line.rsplit('=').next().unwrap().trim().parse().unwrap();
    Duration::from_millis(ms)
}

/// The candidate's code as the editor holds it at one moment.
fn version(n: u32) -> String {
    format!("# edit {n}\ndef answer():\n    return {n}\n")
}

#[tokio::test]
async fn a_killed_server_loses_no_saved_code_no_deadline_and_no_submit() {
    assert!(autosave_interval() <= Duration::from_secs(5));
    let mut deployment = Deployment::new().await;
    let server = deployment.serve(true).await;
    let (_, assessment, started) = deployment.started_session("crash@example.com").await;
    let deadline = started["deadline"].clone();
    let deadline_at = deployment.row(&assessment).await.deadline_at;
    assert!(deadline_at.is_some());

    // (a) Killed right after a run: the run's code, the newest the server was sent (newer than the autosave
    // before it), is the code the candidate resumes.
    deployment.autosave(&assessment, "s1", &version(1)).await;
    let ran = format!("{}print(answer())\n", version(1));
    let (status, run) = deployment
        .candidate(&assessment, "execute", json!({ "code": ran }))
        .await;
    assert_eq!(status, 200, "{run}");
    assert_eq!(run["stdout"], "1\n");
    kill(server).await;
    let server = deployment.serve(true).await;
    let resumed = deployment.start(&assessment).await;
    assert_eq!(resumed["code"], ran);
    assert_eq!(resumed["deadline"], deadline);
    // The sandbox of the session answers again after the restart.
    let (status, run) = deployment
        .candidate(&assessment, "execute", json!({"code": "print(2 + 2)\n"}))
        .await;
    assert_eq!(status, 200, "{run}");
    assert_eq!(run["stdout"], "4\n");

    // (b) Killed while the assistant's reply streams (the mock sends it word by word for several seconds).
    deployment.autosave(&assessment, "s2", &version(2)).await;
    deployment.ai.push(Scripted::text("word ".repeat(2000)));
    let stream = deployment
        .client
        .post(format!(
            "{}/api/v1/assessments/{}/claude",
            deployment.base(),
            assessment["id"]
        ))
        .header("x-assessment-token", assessment["token"].as_str().unwrap())
        .header("accept", "text/event-stream")
        .json(&json!({"message": "explain the bug"}))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    let mut body = stream.bytes_stream();
    let mut seen = String::new();
    while !seen.contains("event: delta") {
        let chunk = body.next().await.expect("a delta before the end").unwrap();
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
    kill(server).await;
    drop(body);
    let server = deployment.serve(true).await;
    let resumed = deployment.start(&assessment).await;
    assert_eq!(resumed["code"], version(2));
    assert_eq!(resumed["deadline"], deadline);
    // No half reply was stored as an answer; asking again gets a whole one, stored once.
    assert!(deployment.exchanges(&assessment).await.is_empty());
    let (status, reply) = deployment
        .candidate(
            &assessment,
            "claude",
            json!({"message": "explain the bug again"}),
        )
        .await;
    assert_eq!(status, 200, "{reply}");
    let exchanges = deployment.exchanges(&assessment).await;
    assert_eq!(exchanges.len(), 1);
    assert_eq!(exchanges[0].message, "explain the bug again");
    assert_eq!(exchanges[0].response, reply["response"].as_str().unwrap());

    // (c) Killed while the submit's hidden tests run (the code sleeps on import): the claim holds the code, the
    // restarted server's sweep grades it once, and the candidate's retry gets that one grade.
    let submitted = format!("import time\ntime.sleep(2)\n{}", version(3));
    let submit = {
        let client = deployment.client.clone();
        let url = format!(
            "{}/api/v1/assessments/{}/submit",
            deployment.base(),
            assessment["id"]
        );
        let token = assessment["token"].as_str().unwrap().to_string();
        let code = submitted.clone();
        tokio::spawn(async move {
            client
                .post(url)
                .header("x-assessment-token", token)
                .json(&json!({"final_code": code}))
                .send()
                .await
        })
    };
    deployment
        .eventually("the submit's claim", Duration::from_secs(10), || async {
            deployment.row(&assessment).await.status == "submitting"
        })
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    kill(server).await;
    assert!(
        submit.await.unwrap().is_err(),
        "the submit was cut off by the kill"
    );
    let _server = deployment.serve(true).await;
    let (status, _) = deployment
        .candidate(
            &assessment,
            "submit",
            json!({"final_code": "print('retry')"}),
        )
        .await;
    assert_eq!(
        status, 409,
        "a retry while the claim is held waits for its grade"
    );
    deployment
        .eventually(
            "the lost submit's grade",
            Duration::from_secs(30),
            || async { deployment.row(&assessment).await.status == "completed" },
        )
        .await;
    let graded = deployment.row(&assessment).await;
    assert_eq!(graded.final_code.as_deref(), Some(submitted.as_str()));
    assert!(graded.score.is_some() && graded.tests_total.is_some_and(|t| t > 0));
    assert_eq!(graded.deadline_at, deadline_at);
    // The jobs queued by the grade (the judges, who re-score it, and the emails) run on the restarted server's
    // worker.
    deployment
        .eventually(
            "the judges and the emails",
            Duration::from_secs(20),
            || async {
                let row = deployment.row(&assessment).await;
                let judged = row
                    .score_report
                    .as_ref()
                    .is_some_and(|r| r["judges"]["status"] != "pending");
                let queued = email_outbox::Entity::find()
                    .filter(email_outbox::Column::Status.eq("queued"))
                    .all(deployment.db())
                    .await
                    .unwrap();
                judged && queued.is_empty()
            },
        )
        .await;
    let judged = deployment.row(&assessment).await;
    // Later sweeps leave it alone: graded once, one results email, however long we wait.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let after = deployment.row(&assessment).await;
    assert_eq!(
        (after.completed_at, after.score),
        (graded.completed_at, judged.score)
    );
    assert_eq!(deployment.outbox("results").await.len(), 1);
    let (status, results) = deployment
        .candidate(
            &assessment,
            "submit",
            json!({"final_code": "print('retry')"}),
        )
        .await;
    assert_eq!(status, 200, "{results}");
    assert_eq!(results["score"].as_f64(), after.score);
}

#[tokio::test]
async fn a_killed_worker_loses_no_job() {
    let mut deployment = Deployment::new().await;
    let _server = deployment.serve(false).await;
    let worker = deployment.spawn("worker", false);
    let (recruiter, assessment, _) = deployment.started_session("worker@example.com").await;
    deployment
        .eventually(
            "the invitation's delivery",
            Duration::from_secs(20),
            || async {
                deployment
                    .outbox("invitation")
                    .await
                    .iter()
                    .all(|m| m.status != "queued")
            },
        )
        .await;

    // The judges' first call to the AI hangs, so the judging job is in flight when the worker dies.
    deployment
        .ai
        .push(Scripted::default_reply().delayed(Duration::from_secs(120)));
    let (status, results) = deployment
        .candidate(&assessment, "submit", json!({"final_code": version(1)}))
        .await;
    assert_eq!(status, 200, "{results}");
    deployment
        .eventually(
            "the judges' call to the AI",
            Duration::from_secs(20),
            || async { !deployment.ai.requests_to("/v1/messages").is_empty() },
        )
        .await;
    kill(worker).await;

    // Work queued while no worker runs waits for one.
    let (status, second) = deployment
        .call(
            reqwest::Method::POST,
            "/assessments",
            Auth::Recruiter(&recruiter),
            Some(
                json!({"task_id": assessment["task_id"], "candidate_email": "second@example.com",
                "candidate_name": "Second Candidate"}),
            ),
        )
        .await;
    assert_eq!(status, 201, "{second}");
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(
        deployment
            .outbox("invitation")
            .await
            .iter()
            .any(|m| m.status == "queued")
    );

    // A new worker takes over the dead one's job once its heartbeats have lapsed, and runs the queue.
    let _worker = deployment.spawn("worker", false);
    deployment
        .eventually(
            "the judging and the invitation",
            Duration::from_secs(30),
            || async {
                let judged = deployment
                    .row(&assessment)
                    .await
                    .score_report
                    .is_some_and(|r| r["judges"]["status"] != "pending");
                let delivered = deployment
                    .outbox("invitation")
                    .await
                    .iter()
                    .all(|m| m.status != "queued");
                judged && delivered
            },
        )
        .await;
    let row = deployment.row(&assessment).await;
    assert_eq!(row.status, "completed");
    assert_eq!(deployment.outbox("results").await.len(), 1);
    assert_eq!(deployment.outbox("invitation").await.len(), 2);
}

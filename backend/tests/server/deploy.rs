//! The deployment files where the platforms read them, checked against the real binary and server: the
//! Procfile's processes run, Railway's health check path answers, Vercel's rewrites keep the OAuth callback,
//! and a web app on another origin (Vercel) gets through CORS.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

use crate::common::{TestApp, free_port};

fn repo_file(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

fn repo_json(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(repo_file(path)).unwrap()).unwrap()
}

/// The Procfile's process types and their commands, `tali` replaced by the binary under test.
fn procfile() -> Vec<(String, Vec<String>)> {
    std::fs::read_to_string(repo_file("Procfile"))
        .unwrap()
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| {
            let (name, command) = line.split_once(':').expect("name: command");
            let words: Vec<String> = command.split_whitespace().map(String::from).collect();
            assert_eq!(words[0], "tali", "{line}: every process is the tali binary");
            (name.trim().to_string(), words[1..].to_vec())
        })
        .collect()
}

/// The binary under test: the build's own, or the one `TALI_TEST_BINARY` names (`make smoke` points it at the
/// release build, the binary an operator deploys).
fn tali_binary() -> PathBuf {
    std::env::var_os("TALI_TEST_BINARY")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_tali")))
}

struct Deployment {
    dir: PathBuf,
    port: u16,
}

impl Deployment {
    fn new() -> Self {
        let dir = std::env::temp_dir().join(format!(
            "tali-test-procfile-{}",
            uuid::Uuid::new_v4().simple()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        Self {
            dir,
            port: free_port(),
        }
    }

    fn command(&self, args: &[String]) -> tokio::process::Command {
        let mut command = tokio::process::Command::new(tali_binary());
        command
            .args(args)
            .current_dir(&self.dir)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("TALI_ENV", "production")
            .env(
                "SECRET_KEY",
                "test-secret-key-that-is-long-enough-0123456789",
            )
            .env("TALI_DATA_DIR", &self.dir)
            .env(
                "DATABASE_URL",
                format!("sqlite://{}/tali.db", self.dir.display()),
            )
            .env("PORT", self.port.to_string())
            .env("BCRYPT_COST", "4")
            .env("RUST_LOG", "warn")
            .env(
                "SANDBOX_RUNTIME_DIR",
                repo_file("data/sandbox-runtime")
                    .to_string_lossy()
                    .to_string(),
            )
            .kill_on_drop(true);
        command
    }
}

impl Drop for Deployment {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

async fn terminate(mut child: tokio::process::Child, name: &str) {
    let pid = child.id().expect("running");
    let sent = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = tokio::time::timeout(Duration::from_secs(30), child.wait())
        .await
        .unwrap_or_else(|_| panic!("{name} ignored SIGTERM"))
        .unwrap();
    assert!(
        status.success(),
        "{name} exited with {status} after SIGTERM"
    );
}

async fn wait_for_ready(port: u16, path: &str) -> Value {
    let client = reqwest::Client::new();
    let url = format!("http://127.0.0.1:{port}{path}");
    for _ in 0..600 {
        if let Ok(response) = client.get(&url).send().await
            && response.status() == 200
        {
            return response.json().await.unwrap();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{url} never answered 200");
}

#[tokio::test]
async fn the_procfile_processes_run_against_the_binary() {
    let processes = procfile();
    let names: Vec<&str> = processes.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["release", "web", "worker"]);
    let deployment = Deployment::new();
    let health_path = repo_json("railway.json")["deploy"]["healthcheckPath"]
        .as_str()
        .unwrap()
        .to_string();
    for (name, args) in &processes {
        let mut command = deployment.command(args);
        match name.as_str() {
            "release" => {
                let status = command.status().await.unwrap();
                assert!(status.success(), "release ({args:?}) exited with {status}");
            }
            "web" => {
                let child = command.spawn().unwrap();
                // Railway's health check path is the one the web process answers once it can serve.
                wait_for_ready(deployment.port, &health_path).await;
                terminate(child, name).await;
            }
            _ => {
                // The worker serves its own metrics, so an operator scrapes it like a replica.
                let metrics_port = free_port();
                command.env("WORKER_METRICS_PORT", metrics_port.to_string());
                let mut child = command.spawn().unwrap();
                wait_for_ready(metrics_port, "/health/live").await;
                let metrics = reqwest::get(format!("http://127.0.0.1:{metrics_port}/metrics"))
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap();
                assert!(
                    metrics.contains("jobs_queued{state=\"pending\"}"),
                    "the worker's /metrics: {metrics}"
                );
                assert!(
                    child.try_wait().unwrap().is_none(),
                    "{name} ({args:?}) stopped on its own"
                );
                terminate(child, name).await;
            }
        }
    }
}

#[test]
fn railway_runs_the_procfile_commands() {
    let railway = repo_json("railway.json");
    let worker = repo_json("railway.worker.json");
    let processes = procfile();
    let command = |name: &str| {
        let (_, args) = processes.iter().find(|(n, _)| n == name).unwrap();
        format!("tali {}", args.join(" "))
    };
    assert_eq!(railway["build"]["dockerfilePath"], "Dockerfile");
    assert_eq!(railway["deploy"]["startCommand"], command("web"));
    assert_eq!(railway["deploy"]["preDeployCommand"][0], command("release"));
    assert_eq!(worker["deploy"]["startCommand"], command("worker"));
}

#[test]
fn vercel_serves_the_app_on_the_oauth_callback_path() {
    let vercel = repo_json("frontend/vercel.json");
    assert_eq!(vercel["outputDirectory"], "dist");
    let rewrites = vercel["rewrites"].as_array().unwrap();
    assert!(
        rewrites
            .iter()
            .any(|r| r["source"] == "/settings/workable/callback"
                && r["destination"] == "/index.html"),
        "{rewrites:?}"
    );
}

#[tokio::test]
async fn a_web_app_on_another_origin_gets_through_cors() {
    let app = TestApp::spawn_with(&[("FRONTEND_URL", "https://app.example.com/")]).await;
    let preflight = |origin: &'static str| {
        app.client
            .request(reqwest::Method::OPTIONS, app.url("/api/v1/auth/login"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header(
                "Access-Control-Request-Headers",
                "content-type,authorization",
            )
            .send()
    };
    let allowed = preflight("https://app.example.com").await.unwrap();
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://app.example.com"
    );
    let refused = preflight("https://elsewhere.example.com").await.unwrap();
    assert!(
        refused
            .headers()
            .get("access-control-allow-origin")
            .is_none(),
        "{:?}",
        refused.headers()
    );
}

#[tokio::test]
async fn liveness_and_readiness_name_each_dependency() {
    let app = TestApp::spawn().await;
    let live = app
        .client
        .get(app.url("/health/live"))
        .send()
        .await
        .unwrap();
    assert_eq!(live.status(), 200);
    let ready = app
        .client
        .get(app.url("/health/ready"))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 200);
    let body: Value = ready.json().await.unwrap();
    assert_eq!(body["status"], "ok", "{body}");
    assert_eq!(body["database"], "ok");
    assert_eq!(body["redis"], "not configured");
    assert_eq!(body["sandbox"], "ok");
    assert_eq!(body["migrations"], "ok");
    let health: Value = app
        .client
        .get(app.url("/health"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok", "the spec's /health stays");
    assert_eq!(health["sandbox"], "ok");
}

#[tokio::test]
async fn readiness_fails_on_a_pending_migration_and_an_unreachable_redis() {
    use sea_orm::ConnectionTrait;
    // Redis configured on a port where nothing listens.
    let closed = free_port();
    let redis = format!("redis://127.0.0.1:{closed}");
    let app = TestApp::spawn().await;
    let last = tali::db::pending_migrations(&app.state.db).await.unwrap();
    assert!(last.is_empty());
    // Forget the newest migration, as a database restored from an older backup would.
    app.state
        .db
        .execute_unprepared(
            "DELETE FROM seaql_migrations WHERE version = (SELECT max(version) FROM seaql_migrations)",
        )
        .await
        .unwrap();
    let ready = app
        .client
        .get(app.url("/health/ready"))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 503);
    let body: Value = ready.json().await.unwrap();
    assert!(
        body["migrations"].as_str().unwrap().contains("1 pending"),
        "{body}"
    );
    assert!(
        body["migrations"]
            .as_str()
            .unwrap()
            .contains("tali migrate"),
        "{body}"
    );
    drop(app);

    let app = TestApp::spawn_with(&[("REDIS_URL", redis.as_str()), ("TALI_WORKER", "off")]).await;
    let ready = app
        .client
        .get(app.url("/health/ready"))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 503);
    let body: Value = ready.json().await.unwrap();
    assert!(
        body["redis"].as_str().unwrap().starts_with("error"),
        "{body}"
    );
    assert_eq!(body["database"], "ok");
}

#[tokio::test]
async fn metrics_cover_requests_sandbox_jobs_ai_and_email() {
    use reqwest::Method;
    use serde_json::json;
    let ai = tali_ai::mock::AnthropicMock::start().await.unwrap();
    let base = ai.base_url().to_string();
    let app = TestApp::spawn_with(&[
        ("ANTHROPIC_API_KEY", "sk-ant-test"),
        ("ANTHROPIC_BASE_URL", base.as_str()),
    ])
    .await;
    app.seed().await;
    let recruiter = app.recruiter("metrics@example.com").await;
    let task_id = app.template_named(&recruiter, "Debugging Challenge").await;
    let created = app
        .json_ok(
            Method::POST,
            "/api/v1/assessments",
            &recruiter,
            Some(&json!({"task_id": task_id, "candidate_email": "cand@example.com", "candidate_name": "Cand"})),
            201,
        )
        .await;
    app.start_assessment(&created).await;
    let call = |action: &str, body: Value| {
        app.client
            .post(app.url(&format!("/api/v1/assessments/{}/{action}", created["id"])))
            .header("x-assessment-token", created["token"].as_str().unwrap())
            .json(&body)
            .send()
    };
    assert_eq!(
        call("execute", json!({"code": "print(1)"}))
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        call("claude", json!({"message": "Where is the bug?"}))
            .await
            .unwrap()
            .status(),
        200
    );
    // The invitation went through the outbox and its delivery job.
    app.settled_outbox().await;

    let metrics = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for expected in [
        "http_requests_total{method=\"POST\",route=\"/api/v1/assessments/{id}/execute\",status=\"200\"}",
        "http_request_duration_seconds_bucket{method=\"POST\",route=\"/api/v1/assessments/{id}/execute\"",
        "sandbox_runs_total{provider=\"local\",outcome=\"completed\"}",
        "sandbox_queue_wait_seconds_bucket{provider=\"local\"",
        "sandbox_run_duration_seconds_bucket{provider=\"local\"",
        "jobs_total{job=\"deliver_email\",state=\"done\"}",
        "job_duration_seconds_bucket{job=\"deliver_email\"",
        "ai_tokens_total{provider=\"anthropic\",direction=\"input\"}",
        "ai_tokens_total{provider=\"anthropic\",direction=\"output\"}",
        "ai_reply_duration_seconds_bucket{provider=\"anthropic\"",
        "emails_total{status=\"stored\",transport=\"none\"}",
        "jobs_queued{state=\"pending\"}",
        "jobs_queued{state=\"done\"}",
        "sandbox_runs_waiting 0",
    ] {
        assert!(
            metrics.contains(expected),
            "/metrics lacks {expected}:\n{metrics}"
        );
    }
    // The depth is counted in the shared storage: the invitation's delivery is one of the jobs done.
    let done: f64 = metrics
        .lines()
        .find_map(|line| line.strip_prefix("jobs_queued{state=\"done\"} "))
        .and_then(|value| value.trim().parse().ok())
        .expect("a jobs_queued done sample");
    assert!(done >= 1.0, "jobs done in the queue: {done}");
}

/// The restore drill: back up with the real binary while the server writes, restore into a fresh file, and
/// serve from it: every assessment the backup saw is there, with the candidate's code.
#[tokio::test]
async fn backup_under_write_load_restores_counts_and_code() {
    use reqwest::Method;
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    use serde_json::json;
    use tali::db::entities::{assessment, assessment_event};
    let app = TestApp::spawn().await;
    if std::env::var("TALI_TEST_DATABASE").as_deref() == Ok("postgres") {
        // PostgreSQL is backed up with pg_dump: the binary prints the commands instead of copying.
        let refused = std::process::Command::new(tali_binary())
            .args(["backup", "/nonexistent/backup.dump"])
            .env_clear()
            .env("DATABASE_URL", app.database_url())
            .env("TALI_DATA_DIR", std::env::temp_dir())
            .output()
            .unwrap();
        assert!(!refused.status.success());
        let err = String::from_utf8_lossy(&refused.stderr);
        assert!(
            err.contains("pg_dump --format=custom") && err.contains("pg_restore"),
            "{err}"
        );
        return;
    }
    app.seed().await;
    let recruiter = app.recruiter("backup@example.com").await;
    let task_id = app.template_named(&recruiter, "Debugging Challenge").await;
    let created = app
        .json_ok(
            Method::POST,
            "/api/v1/assessments",
            &recruiter,
            Some(&json!({"task_id": task_id, "candidate_email": "kept@example.com", "candidate_name": "Kept"})),
            201,
        )
        .await;
    app.start_assessment(&created).await;
    let code = "def solve():\n    return 'kept across the restore'\n";
    let saved = app
        .client
        .post(app.url(&format!("/api/v1/assessments/{}/events", created["id"])))
        .header("x-assessment-token", created["token"].as_str().unwrap())
        .json(&json!({"events": [{"id": "snap-1", "type": "snapshot", "data": {"code": code}}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200);

    // Writers keep creating assessments while the backup runs.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (client, url, stop) = (
            app.client.clone(),
            app.url("/api/v1/assessments"),
            stop.clone(),
        );
        let recruiter = recruiter.clone();
        tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let response = client
                    .post(&url)
                    .bearer_auth(&recruiter)
                    .json(&json!({
                        "task_id": task_id,
                        "candidate_email": format!("load{n}@example.com"),
                        "candidate_name": format!("Load {n}"),
                    }))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), 201);
                n += 1;
            }
            n
        })
    };
    let count = || async {
        assessment::Entity::find()
            .count(&app.state.db)
            .await
            .unwrap()
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let before = count().await;
    let dir = std::env::temp_dir().join(format!(
        "tali-test-backup-{}",
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let backup = dir.join("backup.db");
    let tali = |args: &[&str], database_url: &str| {
        std::process::Command::new(tali_binary())
            .args(args)
            .env_clear()
            .env("DATABASE_URL", database_url)
            .env("TALI_DATA_DIR", &dir)
            .env("RUST_LOG", "warn")
            .output()
            .unwrap()
    };
    let backed_up = tali(&["backup", backup.to_str().unwrap()], app.database_url());
    assert!(
        backed_up.status.success(),
        "{}",
        String::from_utf8_lossy(&backed_up.stderr)
    );
    let after = count().await;
    // The writers go on after the backup: it neither blocked nor broke them. (Whether a write lands while the
    // copy runs depends on timing; the restored count below shows the copy is one consistent moment.)
    for _ in 0..500 {
        if count().await > after || writer.is_finished() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let kept_writing = count().await > after;
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let written = writer.await.unwrap();
    assert!(
        before > 1 && kept_writing,
        "the writers wrote before and after the backup ({before} then {after}, {written} in all)"
    );

    let again = tali(&["backup", backup.to_str().unwrap()], app.database_url());
    assert!(!again.status.success(), "a backup never overwrites a file");

    let restored_url = format!("sqlite://{}/restored.db", dir.display());
    let restored = tali(&["restore", backup.to_str().unwrap()], &restored_url);
    assert!(
        restored.status.success(),
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );
    let twice = tali(&["restore", backup.to_str().unwrap()], &restored_url);
    assert!(
        !twice.status.success(),
        "restoring over a database needs --force"
    );
    assert!(String::from_utf8_lossy(&twice.stderr).contains("--force"));

    let copy = TestApp::spawn_with(&[("DATABASE_URL", restored_url.as_str())]).await;
    let restored_count = assessment::Entity::find()
        .count(&copy.state.db)
        .await
        .unwrap();
    assert!(
        (before..=after).contains(&restored_count),
        "the backup is one consistent moment between {before} and {after}, not {restored_count}"
    );
    let token = copy.login("backup@example.com").await;
    let list = copy.get_auth("/api/v1/assessments?limit=1", &token).await;
    assert_eq!(list.status(), 200, "the restored database serves");
    let snapshots = assessment_event::Entity::find()
        .filter(assessment_event::Column::AssessmentId.eq(created["id"].as_i64().unwrap() as i32))
        .filter(assessment_event::Column::Kind.eq("snapshot"))
        .all(&copy.state.db)
        .await
        .unwrap();
    assert_eq!(
        snapshots.len(),
        1,
        "the candidate's saved code is in the restored database"
    );
    assert_eq!(snapshots[0].data.as_ref().unwrap()["code"], code);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The settings that point TALI at the E2B mock, as an operator of a self-hosted E2B would set them.
fn e2b_env(mock: &tali_sandbox::mock::E2bMock) -> Vec<(&'static str, String)> {
    use secrecy::ExposeSecret;
    let settings = mock.settings();
    vec![
        ("SANDBOX_PROVIDER", "e2b".into()),
        ("E2B_API_KEY", settings.api_key.expose_secret().to_string()),
        ("E2B_API_URL", settings.api_url),
        ("E2B_ENVD_URL", settings.envd_url),
        ("E2B_TEMPLATE", settings.template),
    ]
}

/// A server with `SANDBOX_PROVIDER=e2b` against the E2B mock, whose preflight command answers `preflight`.
async fn e2b_readiness(preflight: tali_sandbox::mock::ScriptedRun) -> (u16, Value) {
    use tali::config::{Env, Settings};
    let mock = tali_sandbox::mock::E2bMock::start().await.unwrap();
    mock.script("preflight-", preflight);
    let dir = std::env::temp_dir().join(format!("tali-test-e2b-{}", uuid::Uuid::new_v4().simple()));
    let (data_dir, database) = (
        dir.display().to_string(),
        format!("sqlite://{}/tali.db", dir.display()),
    );
    let mut settings = Settings::from_env(&Env::from_pairs([
        ("TALI_DATA_DIR", data_dir.as_str()),
        ("DATABASE_URL", database.as_str()),
        ("PORT", "0"),
        (
            "SECRET_KEY",
            "test-secret-key-that-is-long-enough-0123456789",
        ),
        ("TALI_WORKER", "off"),
    ]))
    .unwrap();
    settings.sandbox = Settings::from_env(&Env::from_pairs(
        e2b_env(&mock).iter().map(|(k, v)| (*k, v.as_str())),
    ))
    .unwrap()
    .sandbox;
    let app = tali::app::Application::build(settings).await.unwrap();
    let port = app.port();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async {
        let _ = rx.await;
    }));
    let response = reqwest::get(format!("http://127.0.0.1:{port}/health/ready"))
        .await
        .unwrap();
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    let _ = tx.send(());
    server.await.unwrap().unwrap();
    assert!(
        mock.sandbox_ids().is_empty(),
        "the preflight closes its sandbox"
    );
    let _ = std::fs::remove_dir_all(&dir);
    (status, body)
}

#[tokio::test]
async fn an_e2b_template_without_pytest_makes_the_server_not_ready() {
    let (status, body) = e2b_readiness(tali_sandbox::mock::ScriptedRun {
        stdout:
            br#"{"versions": {"python": "3.11.2", "pyflakes": "3.2.0"}, "missing": ["pytest"]}"#
                .to_vec(),
        ..Default::default()
    })
    .await;
    assert_eq!(status, 503);
    let sandbox = body["sandbox"].as_str().unwrap();
    assert!(
        sandbox.starts_with("degraded: ") && sandbox.contains("lacks pytest"),
        "{body}"
    );
    assert!(sandbox.contains("E2B_TEMPLATE"), "{body}");

    let (status, body) = e2b_readiness(tali_sandbox::mock::ScriptedRun {
        stdout: br#"{"versions": {"python": "3.11.2", "pytest": "8.3.3", "pyflakes": "3.2.0"}, "missing": []}"#
            .to_vec(),
        ..Default::default()
    })
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["sandbox"], "ok");
}

#[tokio::test]
async fn tali_sandbox_check_runs_the_preflight_on_either_provider() {
    let dir =
        std::env::temp_dir().join(format!("tali-test-check-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let check = {
        let dir = dir.clone();
        move |env: Vec<(&'static str, String)>| {
            std::process::Command::new(tali_binary())
                .args(["sandbox", "check"])
                .env_clear()
                .env("PATH", std::env::var("PATH").unwrap_or_default())
                .env("TALI_DATA_DIR", &dir)
                .env("RUST_LOG", "error")
                .env(
                    "SANDBOX_RUNTIME_DIR",
                    repo_file("data/sandbox-runtime")
                        .to_string_lossy()
                        .to_string(),
                )
                .envs(env)
                .output()
                .unwrap()
        }
    };
    let local = check(Vec::new());
    let out = String::from_utf8_lossy(&local.stdout);
    assert!(
        local.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&local.stderr)
    );
    assert!(
        out.contains("sandbox ok (local)") && out.contains("pytest") && out.contains("pyflakes"),
        "{out}"
    );

    let mock = tali_sandbox::mock::E2bMock::start().await.unwrap();
    let env = e2b_env(&mock);
    mock.script(
        "preflight-",
        tali_sandbox::mock::ScriptedRun {
            stdout: br#"{"versions": {"python": "3.11.2"}, "missing": ["pytest", "pyflakes"]}"#
                .to_vec(),
            ..Default::default()
        },
    );
    // The binary is another process: it reaches the mock over HTTP while this runtime serves it.
    let missing = tokio::task::spawn_blocking({
        let (env, check) = (env.clone(), check.clone());
        move || check(env)
    })
    .await
    .unwrap();
    let err = String::from_utf8_lossy(&missing.stderr);
    assert!(!missing.status.success());
    assert!(err.contains("lacks pytest and pyflakes"), "{err}");

    mock.script(
        "preflight-",
        tali_sandbox::mock::ScriptedRun {
            stdout: br#"{"versions": {"python": "3.11.2", "pytest": "8.3.3", "pyflakes": "3.2.0"}, "missing": []}"#
                .to_vec(),
            ..Default::default()
        },
    );
    let passed = tokio::task::spawn_blocking(move || check(env))
        .await
        .unwrap();
    let out = String::from_utf8_lossy(&passed.stdout);
    assert!(
        passed.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&passed.stderr)
    );
    assert!(
        out.contains("sandbox ok (e2b): pyflakes 3.2.0, pytest 8.3.3, python 3.11.2"),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

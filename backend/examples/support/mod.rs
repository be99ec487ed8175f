//! What the API benchmarks share (`bench_api`, `bench_scale`): a throwaway PostgreSQL database, the application
//! in process with one recruiter, realistic rows generated in bulk, and closed-loop load with its latencies.
#![allow(dead_code)]

use std::future::Future;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};
use serde_json::{Value, json};
use tali::app::Application;
use tali::config::{Env, Settings};
use tali::state::AppState;

pub const CLIENTS: usize = 32;
pub const WARM_UP: Duration = Duration::from_secs(2);
pub const WINDOW: Duration = Duration::from_secs(10);
pub const PASSWORD: &str = "bench password 0123456789";

/// A throwaway PostgreSQL database, dropped at the end of the run.
pub struct BenchDatabase {
    admin_url: String,
    name: String,
    pub url: String,
}

impl BenchDatabase {
    /// On `BENCH_PG_URL`'s server (default the local one).
    pub async fn create() -> anyhow::Result<Self> {
        let admin_url = std::env::var("BENCH_PG_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        let name = format!("tali_bench_{}", uuid::Uuid::new_v4().simple());
        let admin = Database::connect(&admin_url)
            .await
            .with_context(|| format!("connect to PostgreSQL at {admin_url}"))?;
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await?;
        admin.close().await?;
        let base = admin_url
            .rsplit_once('/')
            .map_or(admin_url.as_str(), |(b, _)| b);
        let url = format!("{base}/{name}");
        Ok(Self {
            admin_url,
            name,
            url,
        })
    }

    pub async fn drop(self) {
        let dropped = async {
            let admin = Database::connect(&self.admin_url).await?;
            admin
                .execute_unprepared(&format!(
                    "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                    self.name
                ))
                .await?;
            admin.close().await
        };
        if let Err(err) = dropped.await {
            eprintln!("could not drop the bench database {}: {err}", self.name);
        }
    }
}

/// The application on a random local port, with one recruiter logged in.
pub struct Bench {
    pub base: String,
    pub client: reqwest::Client,
    pub state: AppState,
    pub token: String,
    data_dir: PathBuf,
    shutdown: tokio::sync::oneshot::Sender<()>,
}

impl Bench {
    /// `extra` settings override the bench's own (`BCRYPT_COST`, ...).
    pub async fn start(database_url: &str, extra: &[(&str, &str)]) -> anyhow::Result<Self> {
        let data_dir =
            std::env::temp_dir().join(format!("tali-bench-{}", uuid::Uuid::new_v4().simple()));
        let data = data_dir.display().to_string();
        let workspaces = data_dir.join("workspaces").display().to_string();
        let runtime = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/sandbox-runtime");
        let mut pairs = vec![
            ("DATABASE_URL", database_url),
            ("TALI_DATA_DIR", data.as_str()),
            ("SANDBOX_RUNTIME_DIR", runtime),
            ("SANDBOX_WORKSPACES_DIR", workspaces.as_str()),
            ("PORT", "0"),
            (
                "SECRET_KEY",
                "bench-secret-key-that-is-long-enough-0123456789",
            ),
            ("BCRYPT_COST", "4"),
        ];
        pairs.extend_from_slice(extra);
        let settings = Settings::from_env(&Env::from_pairs(pairs))?;
        let app = Application::build(settings).await?;
        let state = app.state().clone();
        tali::seed::run(&state.db).await?;
        let base = format!("http://127.0.0.1:{}", app.port());
        let (shutdown, stopped) = tokio::sync::oneshot::channel();
        tokio::spawn(app.run_until(async {
            let _ = stopped.await;
        }));
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(CLIENTS)
            .build()?;
        let mut bench = Self {
            base,
            client,
            state,
            token: String::new(),
            data_dir,
            shutdown,
        };
        let email = "recruiter@bench.example";
        bench
            .call(
                reqwest::Method::POST,
                "/api/v1/auth/register",
                Some(json!({"email": email, "password": PASSWORD, "full_name": "Bench Recruiter"})),
                201,
            )
            .await?;
        let login = bench
            .call(
                reqwest::Method::POST,
                "/api/v1/auth/login",
                Some(json!({"email": email, "password": PASSWORD})),
                200,
            )
            .await?;
        bench.token = login["access_token"]
            .as_str()
            .context("login answered without a token")?
            .into();
        Ok(bench)
    }

    pub fn stop(self) {
        let _ = self.shutdown.send(());
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, self.url(path))
            .bearer_auth(&self.token)
    }

    /// Sends a request as the recruiter and returns the JSON answer, failing on any other status.
    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
        status: u16,
    ) -> anyhow::Result<Value> {
        let mut request = self.request(method.clone(), path);
        if let Some(body) = body {
            request = request.json(&body);
        }
        expect_json(request, status)
            .await
            .with_context(|| format!("{method} {path}"))
    }

    pub async fn task_id(&self, name: &str) -> anyhow::Result<i64> {
        let tasks = self
            .call(reqwest::Method::GET, "/api/v1/tasks?limit=100", None, 200)
            .await?;
        tasks
            .as_array()
            .and_then(|items| items.iter().find(|t| t["name"] == name))
            .and_then(|t| t["id"].as_i64())
            .with_context(|| format!("no task named {name:?}"))
    }

    pub async fn organization_id(&self) -> anyhow::Result<i64> {
        self.call(reqwest::Method::GET, "/api/v1/auth/me", None, 200)
            .await?["organization"]["id"]
            .as_i64()
            .context("the recruiter has no organization")
    }

    /// A GET as the recruiter, repeated under load: fails on anything but 200.
    pub fn get_repeatedly(
        &self,
        path: &str,
    ) -> impl Fn() -> futures_util::future::BoxFuture<'static, anyhow::Result<()>> + Clone + Send + 'static
    {
        let (client, url, token) = (self.client.clone(), self.url(path), self.token.clone());
        move || {
            let request = client.get(&url).bearer_auth(&token);
            Box::pin(async move {
                let response = request.send().await?;
                ensure!(response.status() == 200, "answered {}", response.status());
                response.bytes().await?;
                Ok(())
            })
        }
    }
}

pub async fn expect_json(request: reqwest::RequestBuilder, status: u16) -> anyhow::Result<Value> {
    let response = request.send().await?;
    let got = response.status().as_u16();
    let text = response.text().await?;
    ensure!(got == status, "answered {got} instead of {status}: {text}");
    Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
}

// ---------------------------------------------------------------------------------------------------------------
// Rows in bulk.

/// `count` candidates of the organization, created an hour apart going back from now.
pub async fn fill_candidates(db: &DatabaseConnection, org: i64, count: i64) -> anyhow::Result<()> {
    let candidates = "INSERT INTO candidates (organization_id, email, full_name, position, created_at, updated_at) \
        SELECT $1, 'candidate' || i || '@example.com', \
          (ARRAY['Ada','Grace','Alan','Barbara','Edsger','Frances','Ken','Margaret'])[1 + i % 8] || ' ' || \
          (ARRAY['Lovelace','Hopper','Turing','Liskov','Dijkstra','Allen','Thompson','Hamilton'])[1 + (i / 8) % 8], \
          (ARRAY['Backend Engineer','Data Engineer','ML Engineer','Platform Engineer'])[1 + i % 4], \
          now() - make_interval(mins => i * 60), now() - make_interval(mins => i * 60) \
        FROM generate_series(1, $2::int) AS i";
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        candidates,
        [(org as i32).into(), (count as i32).into()],
    ))
    .await?;
    Ok(())
}

/// Realistic assessments numbered `from..=to`, each 25 minutes further back in time, across the organization's
/// candidates and the template tasks: 60% completed with the evidence of a real submission (`completed_id`'s),
/// 15% in progress, 20% pending, 5% expired; every started one (about 75%) with six AI exchanges. The sessions in
/// progress started within the last 20 minutes, as on a live server: one past its deadline would be submitted by
/// the sweep, and thousands of such submissions running hidden tests in the background would skew every figure.
pub async fn fill_assessments(
    db: &DatabaseConnection,
    org: i64,
    completed_id: i64,
    from: i64,
    to: i64,
) -> anyhow::Result<()> {
    let assessments = "WITH c AS (SELECT array_agg(id ORDER BY id) AS ids FROM candidates WHERE organization_id = $1), \
          t AS (SELECT array_agg(id ORDER BY id) AS ids FROM tasks WHERE organization_id IS NULL), \
          src AS (SELECT * FROM assessments WHERE id = $2), \
          g AS (SELECT i, i % 20 AS kind, now() - make_interval(mins => i * 25) AS created \
                FROM generate_series($3::int, $4::int) AS i) \
        INSERT INTO assessments (organization_id, candidate_id, task_id, created_by, token, status, duration_minutes, \
          started_at, completed_at, expires_at, deadline_at, score, tests_passed, tests_total, code_quality_score, \
          time_efficiency_score, ai_usage_score, test_results, code_snapshots, timeline, score_report, \
          final_code, posted_to_workable, created_at, updated_at) \
        SELECT $1, c.ids[1 + g.i % cardinality(c.ids)], t.ids[1 + g.i % cardinality(t.ids)], src.created_by, \
          md5(g.i::text || random()::text), \
          CASE WHEN g.kind < 12 THEN 'completed' WHEN g.kind < 15 THEN 'in_progress' ELSE 'pending' END, 30, \
          CASE WHEN g.kind < 12 THEN g.created + interval '1 day' \
               WHEN g.kind < 15 THEN now() - make_interval(mins => g.i % 20) END, \
          CASE WHEN g.kind < 12 THEN g.created + interval '1 day 25 minutes' END, \
          CASE WHEN g.kind = 19 THEN g.created + interval '7 days' ELSE now() + interval '7 days' END, \
          CASE WHEN g.kind < 12 THEN g.created + interval '1 day 30 minutes' \
               WHEN g.kind < 15 THEN now() + make_interval(mins => 30 - g.i % 20) END, \
          CASE WHEN g.kind < 12 THEN 40 + (g.i * 7) % 60 END, \
          CASE WHEN g.kind < 12 THEN src.tests_passed - g.i % 3 END, \
          CASE WHEN g.kind < 12 THEN src.tests_total END, \
          CASE WHEN g.kind < 12 THEN src.code_quality_score END, \
          CASE WHEN g.kind < 12 THEN src.time_efficiency_score END, \
          CASE WHEN g.kind < 12 THEN src.ai_usage_score END, \
          CASE WHEN g.kind < 12 THEN src.test_results END, \
          CASE WHEN g.kind < 12 THEN src.code_snapshots END, \
          CASE WHEN g.kind < 12 THEN src.timeline END, \
          CASE WHEN g.kind < 12 THEN src.score_report END, \
          CASE WHEN g.kind < 12 THEN src.final_code END, \
          false, g.created, g.created \
        FROM g, c, t, src";
    let inserted = db
        .execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            assessments,
            [
                (org as i32).into(),
                (completed_id as i32).into(),
                (from as i32).into(),
                (to as i32).into(),
            ],
        ))
        .await?
        .rows_affected();
    let expected = (to - from + 1) as u64;
    if inserted != expected {
        bail!("generated {inserted} assessments instead of {expected}");
    }
    // Six exchanges for every started one, the newest rows being the ones just generated.
    let chats = "INSERT INTO chat_exchanges (assessment_id, message, response, created_at, responded_at, \
          t_prompt_ms, t_reply_ms, input_tokens, output_tokens, latency_ms, code_hash) \
        SELECT a.id, $3, $4, a.started_at + make_interval(mins => n), \
          a.started_at + make_interval(mins => n, secs => 4), 60000 * n, 60000 * n + 4000, 1800, 420, 4000, \
          '0123456789abcdef' \
        FROM (SELECT id, started_at FROM assessments WHERE organization_id = $1 AND started_at IS NOT NULL \
              ORDER BY id DESC LIMIT $2) AS a, generate_series(0, 5) AS n";
    let (question, answer) = chat_exchange_text();
    let started = (expected * 15 / 20) as i64;
    db.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        chats,
        [
            (org as i32).into(),
            started.into(),
            question.into(),
            answer.into(),
        ],
    ))
    .await?;
    // What autovacuum does to a table this size within a minute: statistics and the visibility map. The
    // checkpoint writes the new rows out now, so the measurement after it does not share the disk with the flush
    // of a bulk load (on a live server the same rows arrive over months).
    db.execute_unprepared("VACUUM ANALYZE candidates, assessments, chat_exchanges")
        .await?;
    db.execute_unprepared("CHECKPOINT").await?;
    Ok(())
}

/// A question and an answer of the size a candidate's prompts and the assistant's replies usually have.
fn chat_exchange_text() -> (String, String) {
    let question = "The volume tier is not applied at exactly the minimum quantity. Why does this comparison \
        skip it, and how should the tiers be ordered? ";
    let answer = "The loop compares with `>` where the tier starts at its minimum quantity, so the boundary \
        falls through to the previous tier. Use `>=` and walk the tiers from the largest minimum down:\n\n\
        ```python\nfor tier in sorted(tiers, key=lambda t: t.min_qty, reverse=True):\n    if qty >= tier.min_qty:\n        \
        return tier.price\n```\n";
    (question.repeat(2), answer.repeat(3))
}

// ---------------------------------------------------------------------------------------------------------------
// Closed-loop load: CLIENTS workers each repeating one operation for a window after a WARM_UP.

pub struct Load {
    pub rate: f64,
    pub p50: Duration,
    pub p99: Duration,
}

/// `operation` repeated by every client for WINDOW, after a WARM_UP.
pub async fn measure<F, Fut>(operation: F) -> anyhow::Result<Load>
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future<Output = anyhow::Result<()>> + Send + 'static,
{
    measure_for(WINDOW, operation).await
}

pub async fn measure_for<F, Fut>(window: Duration, operation: F) -> anyhow::Result<Load>
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future<Output = anyhow::Result<()>> + Send + 'static,
{
    run_clients(CLIENTS, operation.clone(), WARM_UP).await?;
    let started = Instant::now();
    let latencies = run_clients(CLIENTS, operation, window).await?;
    Ok(Load::from(latencies, started.elapsed()))
}

impl Load {
    pub fn from(mut latencies: Vec<Duration>, elapsed: Duration) -> Self {
        latencies.sort();
        let at =
            |q: f64| latencies[((latencies.len() as f64 * q).ceil() as usize).saturating_sub(1)];
        Self {
            rate: latencies.len() as f64 / elapsed.as_secs_f64(),
            p50: at(0.50),
            p99: at(0.99),
        }
    }
}

/// Each client is a task of its own, so the runtime spreads them over the cores like independent users.
pub async fn run_clients<F, Fut>(
    clients: usize,
    operation: F,
    window: Duration,
) -> anyhow::Result<Vec<Duration>>
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future<Output = anyhow::Result<()>> + Send + 'static,
{
    let started = Instant::now();
    let clients: Vec<_> = (0..clients)
        .map(|_| {
            let operation = operation.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                while started.elapsed() < window {
                    let sent = Instant::now();
                    operation().await?;
                    latencies.push(sent.elapsed());
                }
                anyhow::Ok(latencies)
            })
        })
        .collect();
    let mut all = Vec::new();
    for client in clients {
        all.extend(client.await??);
    }
    ensure!(!all.is_empty(), "no request completed");
    Ok(all)
}

pub fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

pub fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

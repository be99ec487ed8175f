//! End-to-end benchmarks of the API against the physical limit, measured in one run (`scripts/bench.sh`):
//! the recruiter's assessment list against the same page fetched with direct SQL, and a candidate's
//! start → submit of the Debugging Challenge against the bare sandbox calls it makes.
//!
//! Needs PostgreSQL (`BENCH_PG_URL`, default postgres://postgres@127.0.0.1:5432/postgres) and the sandbox runtime
//! built by `scripts/sandbox-runtime/setup.sh`. Creates its own database and drops it on the way out.

use std::future::Future;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use futures_util::future::BoxFuture;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};
use serde_json::{Value, json};
use tali::app::Application;
use tali::config::{Env, Settings};
use tali::state::AppState;
use tali_sandbox::{CreateSpec, SandboxService, WorkspaceFile};

const ASSESSMENTS: i64 = 10_000;
const CANDIDATES: i64 = 4_000;
const PAGE_SIZE: u64 = 50;
const CLIENTS: usize = 32;
const WARM_UP: Duration = Duration::from_secs(2);
const WINDOW: Duration = Duration::from_secs(10);
const SUBMIT_ROUNDS: usize = 5;
const TASK_NAME: &str = "Debugging Challenge";
const PASSWORD: &str = "bench password 0123456789";

/// The page the API serves, fetched the shortest way SQL allows: one count, one joined page query.
const DIRECT_COUNT: &str =
    "SELECT COUNT(*) FROM assessments WHERE organization_id = $1 AND archived_at IS NULL";
const DIRECT_PAGE: &str = "SELECT a.id, a.token, a.status, a.candidate_id, c.full_name, c.email, a.task_id, \
     t.name, a.duration_minutes, a.score, a.tests_passed, a.tests_total, a.created_at, a.started_at, \
     a.completed_at, a.expires_at, a.deadline_at, a.archived_at \
     FROM assessments a JOIN candidates c ON c.id = a.candidate_id JOIN tasks t ON t.id = a.task_id \
     WHERE a.organization_id = $1 AND a.archived_at IS NULL \
     ORDER BY a.created_at DESC, a.id DESC LIMIT $2 OFFSET 0";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let admin_url = std::env::var("BENCH_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let database = BenchDatabase::create(&admin_url).await?;
    let outcome = run(&database.url).await;
    database.drop().await;
    outcome
}

async fn run(database_url: &str) -> anyhow::Result<()> {
    let bench = Bench::start(database_url).await?;
    let sandbox = bench
        .state
        .sandbox
        .clone()
        .with_context(|| format!("sandbox unavailable: {:?}", bench.state.sandbox_problem))?;

    let submit = bench_submit(&bench, &sandbox).await?;
    let list = bench_list(&bench, database_url, submit.completed_id).await?;

    println!();
    println!(
        "{:<46} {:>12} {:>12} {:>8}  target",
        "", "TALI", "limit", "ratio"
    );
    list.print();
    submit.print();
    bench.stop();
    Ok(())
}

/// A throwaway PostgreSQL database, dropped at the end of the run.
struct BenchDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl BenchDatabase {
    async fn create(admin_url: &str) -> anyhow::Result<Self> {
        let name = format!("tali_bench_{}", uuid::Uuid::new_v4().simple());
        let admin = Database::connect(admin_url)
            .await
            .with_context(|| format!("connect to PostgreSQL at {admin_url}"))?;
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await?;
        admin.close().await?;
        let base = admin_url.rsplit_once('/').map_or(admin_url, |(b, _)| b);
        let url = format!("{base}/{name}");
        Ok(Self {
            admin_url: admin_url.into(),
            name,
            url,
        })
    }

    async fn drop(self) {
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
struct Bench {
    base: String,
    client: reqwest::Client,
    state: AppState,
    token: String,
    data_dir: PathBuf,
    shutdown: tokio::sync::oneshot::Sender<()>,
}

impl Bench {
    async fn start(database_url: &str) -> anyhow::Result<Self> {
        let data_dir =
            std::env::temp_dir().join(format!("tali-bench-{}", uuid::Uuid::new_v4().simple()));
        let data = data_dir.display().to_string();
        let workspaces = data_dir.join("workspaces").display().to_string();
        let runtime = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/sandbox-runtime");
        let settings = Settings::from_env(&Env::from_pairs([
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
        ]))?;
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

    fn stop(self) {
        let _ = self.shutdown.send(());
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }

    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token)
    }

    /// Sends a request as the recruiter and returns the JSON answer, failing on any other status.
    async fn call(
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

    async fn task_id(&self, name: &str) -> anyhow::Result<i64> {
        let tasks = self
            .call(reqwest::Method::GET, "/api/v1/tasks?limit=100", None, 200)
            .await?;
        tasks
            .as_array()
            .and_then(|items| items.iter().find(|t| t["name"] == name))
            .and_then(|t| t["id"].as_i64())
            .with_context(|| format!("no task named {name:?}"))
    }
}

async fn expect_json(request: reqwest::RequestBuilder, status: u16) -> anyhow::Result<Value> {
    let response = request.send().await?;
    let got = response.status().as_u16();
    let text = response.text().await?;
    ensure!(got == status, "answered {got} instead of {status}: {text}");
    Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
}

// ---------------------------------------------------------------------------------------------------------------
// Submit: start → submit through the API against the bare sandbox calls.

struct SubmitResult {
    api_start: Duration,
    api_submit: Duration,
    bare_create: Duration,
    bare_tests: Duration,
    bare_lint: Duration,
    completed_id: i64,
}

impl SubmitResult {
    fn print(&self) {
        let api = self.api_start + self.api_submit;
        let bare = self.bare_create + self.bare_tests;
        let overhead = ms(api) - ms(bare);
        println!(
            "{:<46} {:>9.0} ms {:>9.0} ms {:>7.2}x  overhead {overhead:.0} ms (target <= 150 ms)",
            "submit: start+submit vs create+hidden tests",
            ms(api),
            ms(bare),
            ms(api) / ms(bare),
        );
        println!(
            "{:<46} {:>9.0} ms {:>9.0} ms {:>7.2}x",
            "  start vs sandbox create",
            ms(self.api_start),
            ms(self.bare_create),
            ms(self.api_start) / ms(self.bare_create),
        );
        println!(
            "{:<46} {:>9.0} ms {:>9.0} ms {:>7.2}x  the submit also lints: {:.0} ms bare",
            "  submit vs hidden tests",
            ms(self.api_submit),
            ms(self.bare_tests),
            ms(self.api_submit) / ms(self.bare_tests),
            ms(self.bare_lint),
        );
    }
}

/// Alternates API rounds and bare rounds so both see the same machine load; reports medians.
async fn bench_submit(bench: &Bench, sandbox: &SandboxService) -> anyhow::Result<SubmitResult> {
    let template = tali::seed::templates()?
        .into_iter()
        .find(|t| t.manifest.name == TASK_NAME)
        .with_context(|| format!("no template named {TASK_NAME:?}"))?;
    let task_id = bench.task_id(TASK_NAME).await?;
    let mut files: Vec<WorkspaceFile> = template
        .sample_files
        .iter()
        .map(|(path, content)| WorkspaceFile::new(path.clone(), content.as_bytes().to_vec()))
        .collect();
    files.push(WorkspaceFile::new(
        "solution.py",
        template.reference.as_bytes().to_vec(),
    ));

    let (mut start, mut submit) = (Vec::new(), Vec::new());
    let (mut create, mut tests, mut lint) = (Vec::new(), Vec::new(), Vec::new());
    let mut completed_id = 0;
    for round in 0..SUBMIT_ROUNDS {
        let created = bench
            .call(
                reqwest::Method::POST,
                "/api/v1/assessments",
                Some(json!({"task_id": task_id, "candidate_email": format!("submit{round}@bench.example"),
                    "candidate_name": "Submit Bench"})),
                201,
            )
            .await?;
        let (id, token) = (
            created["id"].as_i64().context("assessment id")?,
            created["token"].as_str().context("assessment token")?,
        );
        let started = Instant::now();
        expect_json(
            bench.client.post(format!(
                "{}/api/v1/assessments/token/{token}/start",
                bench.base
            )),
            200,
        )
        .await
        .context("start")?;
        start.push(started.elapsed());
        let started = Instant::now();
        let results = expect_json(
            bench
                .client
                .post(format!("{}/api/v1/assessments/{id}/submit", bench.base))
                .header("X-Assessment-Token", token)
                .json(&json!({"final_code": template.reference})),
            200,
        )
        .await
        .context("submit")?;
        submit.push(started.elapsed());
        ensure!(
            results["tests_total"].as_i64().unwrap_or(0) > 0
                && results["tests_passed"] == results["tests_total"],
            "the reference solution did not pass its hidden tests: {results}"
        );
        completed_id = id;

        let started = Instant::now();
        let handle = sandbox
            .create_sandbox(CreateSpec {
                assessment_id: 1_000_000 + round as i64,
                organization_id: 1,
                lifetime: Duration::from_secs(600),
                files: files.clone(),
            })
            .await?;
        create.push(started.elapsed());
        let started = Instant::now();
        let report = sandbox
            .run_tests(
                &handle,
                "test_hidden.py",
                &template.hidden_tests,
                &template.reference,
            )
            .await?;
        tests.push(started.elapsed());
        ensure!(
            report.tests_total > 0 && report.tests_passed == report.tests_total,
            "bare hidden tests failed: {report:?}"
        );
        let started = Instant::now();
        sandbox.lint(&handle, &template.reference).await?;
        lint.push(started.elapsed());
        sandbox.close_sandbox(&handle).await?;
    }
    Ok(SubmitResult {
        api_start: median(start),
        api_submit: median(submit),
        bare_create: median(create),
        bare_tests: median(tests),
        bare_lint: median(lint),
        completed_id,
    })
}

// ---------------------------------------------------------------------------------------------------------------
// Recruiter list: GET /api/v1/assessments?limit=50 against the same page in direct SQL.

struct ListResult {
    api: Load,
    /// The count and the page, both run for every request: the exact answer computed afresh.
    direct: Load,
    /// The page query alone: what the API runs per request while it reuses a recent total.
    direct_page: Load,
}

impl ListResult {
    fn print(&self) {
        for (label, direct, target) in [
            (
                format!("list {PAGE_SIZE} of {ASSESSMENTS}, {CLIENTS} clients: rate"),
                &self.direct,
                "",
            ),
            (
                "  vs the page query alone".to_string(),
                &self.direct_page,
                "target >= 50%",
            ),
        ] {
            println!(
                "{label:<46} {:>8.0}/s {:>10.0}/s {:>7.0}%  {target}",
                self.api.rate,
                direct.rate,
                100.0 * self.api.rate / direct.rate,
            );
        }
        for (label, api, direct, page, target) in [
            (
                "  p50 latency",
                self.api.p50,
                self.direct.p50,
                self.direct_page.p50,
                "",
            ),
            (
                "  p99 latency",
                self.api.p99,
                self.direct.p99,
                self.direct_page.p99,
                "target TALI p99 < 50 ms",
            ),
        ] {
            println!(
                "{label:<46} {:>9.1} ms {:>9.1} ms {:>7.2}x  page alone {:.1} ms; {target}",
                ms(api),
                ms(direct),
                ms(api) / ms(direct),
                ms(page),
            );
        }
    }
}

/// `completed_id`: a completed assessment whose evidence the generated ones copy.
async fn bench_list(
    bench: &Bench,
    database_url: &str,
    completed_id: i64,
) -> anyhow::Result<ListResult> {
    let org = bench
        .call(reqwest::Method::GET, "/api/v1/auth/me", None, 200)
        .await?["organization"]["id"]
        .as_i64()
        .context("the recruiter has no organization")?;
    fill_assessments(&bench.state.db, org, completed_id).await?;

    let path = format!("/api/v1/assessments?limit={PAGE_SIZE}");
    let page = bench.call(reqwest::Method::GET, &path, None, 200).await?;
    ensure!(
        page["total"].as_i64() >= Some(ASSESSMENTS),
        "the list shows {} assessments, expected at least {ASSESSMENTS}",
        page["total"]
    );
    let (client, url, token) = (
        bench.client.clone(),
        format!("{}{path}", bench.base),
        bench.token.clone(),
    );
    let api = measure(move || {
        let request = client.get(&url).bearer_auth(&token);
        async move {
            let response = request.send().await?;
            ensure!(
                response.status() == 200,
                "list answered {}",
                response.status()
            );
            response.bytes().await?;
            Ok(())
        }
    })
    .await?;

    if std::env::var_os("BENCH_EXPLAIN").is_some() {
        explain(&bench.state.db, org).await?;
    }
    // A pool of its own, sized like the application's.
    let direct_db =
        tali::db::connect(database_url, bench.state.settings.database.pool_size).await?;
    let direct = measure(direct_list(direct_db.clone(), org, true)).await?;
    let direct_page = measure(direct_list(direct_db.clone(), org, false)).await?;
    direct_db.close().await?;
    Ok(ListResult {
        api,
        direct,
        direct_page,
    })
}

/// One list request in direct SQL: the page, after the count when `with_count`.
fn direct_list(
    db: DatabaseConnection,
    org: i64,
    with_count: bool,
) -> impl Fn() -> BoxFuture<'static, anyhow::Result<()>> + Clone {
    move || {
        let db = db.clone();
        Box::pin(async move {
            if with_count {
                let count = db
                    .query_one_raw(Statement::from_sql_and_values(
                        DbBackend::Postgres,
                        DIRECT_COUNT,
                        [(org as i32).into()],
                    ))
                    .await?
                    .context("count returned no row")?;
                let total: i64 = count.try_get_by_index(0)?;
                ensure!(total >= ASSESSMENTS, "direct count: {total}");
            }
            let rows = db
                .query_all_raw(Statement::from_sql_and_values(
                    DbBackend::Postgres,
                    DIRECT_PAGE,
                    [(org as i32).into(), (PAGE_SIZE as i64).into()],
                ))
                .await?;
            ensure!(
                rows.len() == PAGE_SIZE as usize,
                "direct page: {} rows",
                rows.len()
            );
            Ok(())
        })
    }
}

/// Prints PostgreSQL's plans of the direct queries (set BENCH_EXPLAIN to see them).
async fn explain(db: &DatabaseConnection, org: i64) -> anyhow::Result<()> {
    let page = DIRECT_PAGE.replace("$2", &PAGE_SIZE.to_string());
    for query in [DIRECT_COUNT, page.as_str()] {
        let plan = db
            .query_all_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                format!("EXPLAIN (ANALYZE, BUFFERS) {query}"),
                [(org as i32).into()],
            ))
            .await?;
        for line in plan {
            println!("  {}", line.try_get_by_index::<String>(0)?);
        }
    }
    Ok(())
}

/// Generates realistic rows in bulk: 4,000 candidates, 10,000 assessments over ~6 months across the template
/// tasks; 60% completed with the evidence of a real submission and six AI exchanges, 15% in progress,
/// 20% pending, 5% expired.
async fn fill_assessments(
    db: &DatabaseConnection,
    org: i64,
    completed_id: i64,
) -> anyhow::Result<()> {
    let started = Instant::now();
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
        [(org as i32).into(), (CANDIDATES as i32).into()],
    ))
    .await?;
    let assessments = "WITH c AS (SELECT array_agg(id ORDER BY id) AS ids FROM candidates WHERE organization_id = $1), \
          t AS (SELECT array_agg(id ORDER BY id) AS ids FROM tasks WHERE organization_id IS NULL), \
          src AS (SELECT * FROM assessments WHERE id = $2), \
          g AS (SELECT i, i % 20 AS kind, now() - make_interval(mins => i * 25) AS created FROM generate_series(1, $3::int) AS i) \
        INSERT INTO assessments (organization_id, candidate_id, task_id, created_by, token, status, duration_minutes, \
          started_at, completed_at, expires_at, deadline_at, score, tests_passed, tests_total, code_quality_score, \
          time_efficiency_score, ai_usage_score, test_results, ai_prompts, code_snapshots, timeline, score_report, \
          final_code, posted_to_workable, created_at, updated_at) \
        SELECT $1, c.ids[1 + g.i % cardinality(c.ids)], t.ids[1 + g.i % cardinality(t.ids)], src.created_by, \
          md5(g.i::text || random()::text), \
          CASE WHEN g.kind < 12 THEN 'completed' WHEN g.kind < 15 THEN 'in_progress' ELSE 'pending' END, 30, \
          CASE WHEN g.kind < 15 THEN g.created + interval '1 day' END, \
          CASE WHEN g.kind < 12 THEN g.created + interval '1 day 25 minutes' END, \
          CASE WHEN g.kind = 19 THEN g.created + interval '7 days' ELSE now() + interval '7 days' END, \
          CASE WHEN g.kind < 15 THEN g.created + interval '1 day 30 minutes' END, \
          CASE WHEN g.kind < 12 THEN 40 + (g.i * 7) % 60 END, \
          CASE WHEN g.kind < 12 THEN src.tests_passed - g.i % 3 END, \
          CASE WHEN g.kind < 12 THEN src.tests_total END, \
          CASE WHEN g.kind < 12 THEN src.code_quality_score END, \
          CASE WHEN g.kind < 12 THEN src.time_efficiency_score END, \
          CASE WHEN g.kind < 12 THEN src.ai_usage_score END, \
          CASE WHEN g.kind < 12 THEN src.test_results END, \
          CASE WHEN g.kind < 15 THEN $4::jsonb END, \
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
                (ASSESSMENTS as i32).into(),
                ai_exchanges().to_string().into(),
            ],
        ))
        .await?
        .rows_affected();
    if inserted != ASSESSMENTS as u64 {
        bail!("generated {inserted} assessments instead of {ASSESSMENTS}");
    }
    // What autovacuum does to a table this size within a minute: statistics and the visibility map.
    db.execute_unprepared("VACUUM ANALYZE candidates, assessments")
        .await?;
    println!(
        "generated {CANDIDATES} candidates and {ASSESSMENTS} assessments in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Six chat exchanges of the size a candidate's questions and the assistant's answers usually have.
fn ai_exchanges() -> Value {
    let question = "The volume tier is not applied at exactly the minimum quantity. Why does this comparison \
        skip it, and how should the tiers be ordered? ";
    let answer = "The loop compares with `>` where the tier starts at its minimum quantity, so the boundary \
        falls through to the previous tier. Use `>=` and walk the tiers from the largest minimum down:\n\n\
        ```python\nfor tier in sorted(tiers, key=lambda t: t.min_qty, reverse=True):\n    if qty >= tier.min_qty:\n        \
        return tier.price\n```\n";
    Value::Array(
        (0..6u64)
            .map(|n| {
                json!({
                    "message": question.repeat(2),
                    "response": answer.repeat(3),
                    "created_at": "2026-01-05T10:00:00Z",
                    "responded_at": "2026-01-05T10:00:04Z",
                    "t_prompt_ms": 60_000 * n,
                    "t_reply_ms": 60_000 * n + 4_000,
                    "input_tokens": 1_800,
                    "output_tokens": 420,
                    "latency_ms": 4_000,
                    "code_hash": "0123456789abcdef",
                })
            })
            .collect(),
    )
}

// ---------------------------------------------------------------------------------------------------------------
// Closed-loop load: CLIENTS workers each repeating one operation for WINDOW after a WARM_UP.

struct Load {
    rate: f64,
    p50: Duration,
    p99: Duration,
}

async fn measure<F, Fut>(operation: F) -> anyhow::Result<Load>
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future<Output = anyhow::Result<()>> + Send + 'static,
{
    run_clients(operation.clone(), WARM_UP).await?;
    let started = Instant::now();
    let mut latencies = run_clients(operation, WINDOW).await?;
    let elapsed = started.elapsed();
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q).ceil() as usize).saturating_sub(1)];
    Ok(Load {
        rate: latencies.len() as f64 / elapsed.as_secs_f64(),
        p50: at(0.50),
        p99: at(0.99),
    })
}

/// Each client is a task of its own, so the runtime spreads them over the cores like independent users.
async fn run_clients<F, Fut>(operation: F, window: Duration) -> anyhow::Result<Vec<Duration>>
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: Future<Output = anyhow::Result<()>> + Send + 'static,
{
    let started = Instant::now();
    let clients: Vec<_> = (0..CLIENTS)
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

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

//! End-to-end benchmarks of the API against the physical limit, measured in one run (`scripts/bench.sh`):
//! the recruiter's assessment list against the same page fetched with direct SQL, and a candidate's
//! start → submit of the Debugging Challenge against the bare sandbox calls it makes.
//!
//! Needs PostgreSQL (`BENCH_PG_URL`, default postgres://postgres@127.0.0.1:5432/postgres) and the sandbox runtime
//! built by `scripts/sandbox-runtime/setup.sh`. Creates its own database and drops it on the way out.

mod support;

use std::time::{Duration, Instant};

use anyhow::{Context, ensure};
use futures_util::future::BoxFuture;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use serde_json::json;
use tali_sandbox::{CreateSpec, SandboxService, WorkspaceFile};

use support::{
    Bench, BenchDatabase, CLIENTS, Load, expect_json, fill_assessments, fill_candidates, measure,
    median, ms,
};

const ASSESSMENTS: i64 = 10_000;
const CANDIDATES: i64 = 4_000;
const PAGE_SIZE: u64 = 50;
const SUBMIT_ROUNDS: usize = 5;
const TASK_NAME: &str = "Debugging Challenge";

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
    let database = BenchDatabase::create().await?;
    let outcome = run(&database.url).await;
    database.drop().await;
    outcome
}

async fn run(database_url: &str) -> anyhow::Result<()> {
    let bench = Bench::start(database_url, &[]).await?;
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
                // Not an assessment's: the server's sweep closes sandboxes of assessments that cannot run code,
                // and leaves those of 0 (task proofs, and this bare side) to whoever made them.
                assessment_id: 0,
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
    let org = bench.organization_id().await?;
    let started = Instant::now();
    fill_candidates(&bench.state.db, org, CANDIDATES).await?;
    fill_assessments(&bench.state.db, org, completed_id, 1, ASSESSMENTS).await?;
    println!(
        "generated {CANDIDATES} candidates and {ASSESSMENTS} assessments in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let path = format!("/api/v1/assessments?limit={PAGE_SIZE}");
    let page = bench.call(reqwest::Method::GET, &path, None, 200).await?;
    ensure!(
        page["total"].as_i64() >= Some(ASSESSMENTS),
        "the list shows {} assessments, expected at least {ASSESSMENTS}",
        page["total"]
    );
    let api = measure(bench.get_repeatedly(&path)).await?;

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

//! How TALI holds up as data and traffic grow, each figure beside its limit measured in the same run
//! (`scripts/bench.sh`, docs/performance.md):
//! - paging 10,000 assessments: a deep page by `offset` and by `cursor` against the first page, and the deep
//!   page in direct SQL (keyset);
//! - growth: the list's first and last pages and an assessment's detail at 1,000, 10,000 and 100,000 assessments;
//! - `/auth/me` (the user behind the token is cached) against `/health`, the cheapest request the server answers;
//! - `/health` while 32 clients log in with production-cost bcrypt, against `/health` alone;
//! - the landing page's script, brotli-compressed, from `tali` against a bare server answering the same bytes
//!   from memory.
//!
//! Needs PostgreSQL (`BENCH_PG_URL`), the sandbox runtime and `frontend/dist` (built by `scripts/bench.sh`).

mod support;

use std::time::{Duration, Instant};

use anyhow::{Context, ensure};
use axum::http::header;
use futures_util::future::BoxFuture;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use serde_json::json;

use support::{
    Bench, BenchDatabase, CLIENTS, Load, PASSWORD, expect_json, fill_assessments, fill_candidates,
    measure, measure_for, ms, run_clients,
};

const CANDIDATES: i64 = 4_000;
const PAGE: i64 = 50;
const PAGING_AT: i64 = 10_000;
const GROWTH: [i64; 3] = [1_000, 10_000, 100_000];
const SHORT_WINDOW: Duration = Duration::from_secs(5);
const TASK_NAME: &str = "Debugging Challenge";

/// The list's page in direct SQL after a given row: what keyset paging must cost at least.
const DIRECT_KEYSET_PAGE: &str = "SELECT a.id, a.token, a.status, a.candidate_id, c.full_name, c.email, \
     a.task_id, t.name, a.duration_minutes, a.score, a.tests_passed, a.tests_total, a.created_at, a.started_at, \
     a.completed_at, a.expires_at, a.deadline_at, a.archived_at \
     FROM assessments a JOIN candidates c ON c.id = a.candidate_id JOIN tasks t ON t.id = a.task_id \
     WHERE a.organization_id = $1 AND a.archived_at IS NULL AND (a.created_at, a.id) < ($2, $3) \
     ORDER BY a.created_at DESC, a.id DESC LIMIT $4";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let database = BenchDatabase::create().await?;
    let outcome = run(&database.url).await;
    database.drop().await;
    outcome?;
    let logins = BenchDatabase::create().await?;
    let outcome = bench_logins(&logins.url).await;
    logins.drop().await;
    outcome
}

async fn run(database_url: &str) -> anyhow::Result<()> {
    let bench = Bench::start(database_url, &[]).await?;
    let completed_id = complete_one(&bench).await?;
    let org = bench.organization_id().await?;
    fill_candidates(&bench.state.db, org, CANDIDATES).await?;

    println!();
    println!("{:<58} {:>10} {:>9} {:>9}", "", "rate", "p50", "p99");
    let mut filled = 0;
    for size in GROWTH {
        let started = Instant::now();
        fill_assessments(&bench.state.db, org, completed_id, filled + 1, size).await?;
        filled = size;
        println!(
            "-- {size} assessments (generated in {:.1} s)",
            started.elapsed().as_secs_f64()
        );
        if size == PAGING_AT {
            bench_paging(&bench, database_url, org, size).await?;
        }
        bench_growth(&bench, size, completed_id).await?;
    }
    bench_auth(&bench).await?;
    bench_assets(&bench).await?;
    bench.stop();
    Ok(())
}

fn row(label: &str, load: &Load, note: &str) {
    println!(
        "{label:<58} {:>8.0}/s {:>6.1} ms {:>6.1} ms  {note}",
        load.rate,
        ms(load.p50),
        ms(load.p99)
    );
}

/// One real submission (start, then submit of the reference), whose evidence the generated rows copy.
async fn complete_one(bench: &Bench) -> anyhow::Result<i64> {
    let task_id = bench.task_id(TASK_NAME).await?;
    let reference = tali::seed::templates()?
        .into_iter()
        .find(|t| t.manifest.name == TASK_NAME)
        .context("the template task")?
        .reference;
    let created = bench
        .call(
            reqwest::Method::POST,
            "/api/v1/assessments",
            Some(
                json!({"task_id": task_id, "candidate_email": "real@bench.example",
                "candidate_name": "Real Submission"}),
            ),
            201,
        )
        .await?;
    let id = created["id"].as_i64().context("assessment id")?;
    let token = created["token"].as_str().context("assessment token")?;
    expect_json(
        bench
            .client
            .post(bench.url(&format!("/api/v1/assessments/token/{token}/start"))),
        200,
    )
    .await?;
    let results = expect_json(
        bench
            .client
            .post(bench.url(&format!("/api/v1/assessments/{id}/submit")))
            .header("X-Assessment-Token", token)
            .json(&json!({"final_code": reference})),
        200,
    )
    .await?;
    ensure!(results["status"] == "completed", "submit: {results}");
    Ok(id)
}

/// The cursor the API answers for the page that starts after `skip` rows.
async fn cursor_after(bench: &Bench, skip: i64) -> anyhow::Result<String> {
    let page = bench
        .call(
            reqwest::Method::GET,
            &format!("/api/v1/assessments?limit={PAGE}&offset={}", skip - PAGE),
            None,
            200,
        )
        .await?;
    page["next_cursor"]
        .as_str()
        .map(String::from)
        .context("a page before the end answered no next_cursor")
}

async fn bench_paging(
    bench: &Bench,
    database_url: &str,
    org: i64,
    size: i64,
) -> anyhow::Result<()> {
    let first = measure(bench.get_repeatedly(&format!("/api/v1/assessments?limit={PAGE}"))).await?;
    row("list, first page", &first, "");
    for depth in [size / 2, size - PAGE] {
        let by_offset = measure(
            bench.get_repeatedly(&format!("/api/v1/assessments?limit={PAGE}&offset={depth}")),
        )
        .await?;
        row(
            &format!("list at row {depth}, by offset"),
            &by_offset,
            &ratio_note(&first, &by_offset),
        );
        let cursor = cursor_after(bench, depth).await?;
        let by_cursor = measure(
            bench.get_repeatedly(&format!("/api/v1/assessments?limit={PAGE}&cursor={cursor}")),
        )
        .await?;
        row(
            &format!("list at row {depth}, by cursor"),
            &by_cursor,
            &format!("{}; target within 1.5x", ratio_note(&first, &by_cursor)),
        );
    }
    let direct_db =
        tali::db::connect(database_url, bench.state.settings.database.pool_size).await?;
    let deep = size - PAGE;
    let boundary = direct_db
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT created_at, id FROM assessments WHERE organization_id = $1 AND archived_at IS NULL \
             ORDER BY created_at DESC, id DESC OFFSET $2 LIMIT 1",
            [(org as i32).into(), (deep - 1).into()],
        ))
        .await?
        .context("no row at the boundary")?;
    let created_at: chrono::DateTime<chrono::Utc> = boundary.try_get_by_index(0)?;
    let id: i32 = boundary.try_get_by_index(1)?;
    let direct = measure(direct_keyset_page(direct_db.clone(), org, created_at, id)).await?;
    row(
        &format!("  direct SQL keyset page at row {deep} (the limit)"),
        &direct,
        "",
    );
    direct_db.close().await?;
    Ok(())
}

fn ratio_note(first: &Load, other: &Load) -> String {
    format!(
        "{:.2}x the first page's rate, p99 {:.2}x",
        other.rate / first.rate,
        ms(other.p99) / ms(first.p99)
    )
}

fn direct_keyset_page(
    db: DatabaseConnection,
    org: i64,
    created_at: chrono::DateTime<chrono::Utc>,
    id: i32,
) -> impl Fn() -> BoxFuture<'static, anyhow::Result<()>> + Clone {
    move || {
        let db = db.clone();
        Box::pin(async move {
            let rows = db
                .query_all_raw(Statement::from_sql_and_values(
                    DbBackend::Postgres,
                    DIRECT_KEYSET_PAGE,
                    [
                        (org as i32).into(),
                        created_at.into(),
                        id.into(),
                        PAGE.into(),
                    ],
                ))
                .await?;
            ensure!(
                rows.len() == PAGE as usize,
                "direct page: {} rows",
                rows.len()
            );
            Ok(())
        })
    }
}

async fn bench_growth(bench: &Bench, size: i64, completed_id: i64) -> anyhow::Result<()> {
    let first = measure_for(
        SHORT_WINDOW,
        bench.get_repeatedly(&format!("/api/v1/assessments?limit={PAGE}")),
    )
    .await?;
    row(&format!("list, first page of {size}"), &first, "");
    let cursor = cursor_after(bench, size - PAGE).await?;
    let last = measure_for(
        SHORT_WINDOW,
        bench.get_repeatedly(&format!("/api/v1/assessments?limit={PAGE}&cursor={cursor}")),
    )
    .await?;
    row(&format!("list, last page of {size} (cursor)"), &last, "");
    let detail = measure_for(
        SHORT_WINDOW,
        bench.get_repeatedly(&format!("/api/v1/assessments/{completed_id}")),
    )
    .await?;
    row(
        &format!("detail of a completed assessment, {size} in all"),
        &detail,
        "",
    );
    Ok(())
}

async fn bench_auth(bench: &Bench) -> anyhow::Result<()> {
    println!("-- requests that only authenticate");
    let health = measure(bench.get_repeatedly("/health")).await?;
    row(
        "/health (the floor: no token, one cheap query)",
        &health,
        "",
    );
    let me = measure(bench.get_repeatedly("/api/v1/auth/me")).await?;
    row(
        "/auth/me (token checked, user cached, organization read)",
        &me,
        &format!("{:.0}% of /health's rate", 100.0 * me.rate / health.rate),
    );
    Ok(())
}

/// `/health` latency alone and while `CLIENTS` clients log in at the production bcrypt cost: the hashing runs
/// on the blocking pool, so it must not hold the request threads.
async fn bench_logins(database_url: &str) -> anyhow::Result<()> {
    let bench = Bench::start(
        database_url,
        &[
            ("BCRYPT_COST", "12"),
            ("AUTH_RATE_LIMIT_PER_MINUTE", "100000"),
        ],
    )
    .await?;
    println!("-- logins at bcrypt cost 12");
    let watchers = 4;
    let health = {
        let (client, url) = (bench.client.clone(), bench.url("/health"));
        move || {
            let request = client.get(&url);
            Box::pin(async move {
                let response = request.send().await?;
                ensure!(
                    response.status() == 200,
                    "health answered {}",
                    response.status()
                );
                Ok(())
            }) as BoxFuture<'static, anyhow::Result<()>>
        }
    };
    let started = Instant::now();
    let alone = run_clients(watchers, health.clone(), SHORT_WINDOW).await?;
    let alone = Load::from(alone, started.elapsed());
    row("/health, 4 clients, alone", &alone, "");

    let login = {
        let (client, url) = (bench.client.clone(), bench.url("/api/v1/auth/login"));
        move || {
            let request = client
                .post(&url)
                .json(&json!({"email": "recruiter@bench.example", "password": PASSWORD}));
            Box::pin(async move {
                let response = request.send().await?;
                ensure!(
                    response.status() == 200,
                    "login answered {}",
                    response.status()
                );
                Ok(())
            }) as BoxFuture<'static, anyhow::Result<()>>
        }
    };
    let logging_in = tokio::spawn(run_clients(CLIENTS, login, SHORT_WINDOW));
    let started = Instant::now();
    let during = run_clients(watchers, health, SHORT_WINDOW).await?;
    let during = Load::from(during, started.elapsed());
    let logins = logging_in.await??;
    row(
        &format!("/health, 4 clients, during {CLIENTS} clients' logins"),
        &during,
        &format!(
            "p99 +{:.1} ms; {} logins done",
            ms(during.p99) - ms(alone.p99),
            logins.len()
        ),
    );
    bench.stop();
    Ok(())
}

/// The landing page's script from `tali` (precompressed brotli, chosen by `Accept-Encoding`) against a bare
/// server holding the same compressed bytes in memory.
async fn bench_assets(bench: &Bench) -> anyhow::Result<()> {
    println!("-- the landing page's script, brotli");
    let index = bench
        .client
        .get(bench.url("/"))
        .send()
        .await?
        .text()
        .await?;
    let script = index
        .split("src=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .context("index.html names no script: is frontend/dist built?")?
        .to_string();
    let fetched = bench
        .client
        .get(bench.url(&script))
        .header(header::ACCEPT_ENCODING, "br")
        .send()
        .await?;
    ensure!(
        fetched
            .headers()
            .get(header::CONTENT_ENCODING)
            .map(|v| v.as_bytes())
            == Some(b"br"),
        "the script was not served brotli-compressed"
    );
    let bytes = fetched.bytes().await?;
    let bare = bare_static_server(bytes.clone()).await?;

    let fetch = |url: String| {
        let client = bench.client.clone();
        move || {
            let request = client.get(&url).header(header::ACCEPT_ENCODING, "br");
            Box::pin(async move {
                let response = request.send().await?;
                ensure!(response.status() == 200, "answered {}", response.status());
                response.bytes().await?;
                Ok(())
            }) as BoxFuture<'static, anyhow::Result<()>>
        }
    };
    let ours = measure(fetch(bench.url(&script))).await?;
    let limit = measure(fetch(format!("{bare}/script.js"))).await?;
    row(
        &format!("tali: {script} ({} kB)", bytes.len() / 1024),
        &ours,
        "",
    );
    row(
        "  bare server, same bytes from memory (the limit)",
        &limit,
        &format!("tali at {:.0}% of its rate", 100.0 * ours.rate / limit.rate),
    );
    Ok(())
}

/// An HTTP server with one route answering `body` as a brotli-compressed script, and nothing else.
async fn bare_static_server(body: axum::body::Bytes) -> anyhow::Result<String> {
    let app = axum::Router::new().route(
        "/script.js",
        axum::routing::get(move || {
            let body = body.clone();
            async move {
                (
                    [
                        (header::CONTENT_TYPE, "text/javascript"),
                        (header::CONTENT_ENCODING, "br"),
                    ],
                    body,
                )
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(format!("http://{address}"))
}

//! The soak: a mixed workload against a real `tali serve` on a fresh SQLite database for a given time, then
//! the checks of issue 19. Recruiters list, create and read assessments; candidates start, autosave, run their
//! code and the visible tests, chat with the mock AI and submit, one session after another. The run fails on
//! any answer other than the expected one, except 429 or 503 carrying `Retry-After` (the limits doing their job:
//! the client waits as told and tries again); when the server's memory at the end is more than 20% above what it
//! was after the warm-up; and when sandboxes, workspaces, mounts or processes outlive their sessions. Prints
//! p50/p99 per route.
//!
//! `scripts/soak.sh [seconds]` builds and runs it (`make soak`: 10 minutes; `make test`: 2). Needs root (the local
//! sandbox) and the sandbox runtime in data/sandbox-runtime.
//!
//! With `--burst N` a saturation seat runs beside them: one candidate sends N runs at once, again and again, beyond
//! the one run in flight each candidate is allowed, so the throttling path is exercised: every refusal must carry
//! `Retry-After` (one without is an error), and the run fails if nothing was throttled at all.
//!
//! Usage: soak --tali <path of the tali binary> --seconds <n> [--candidates <n>] [--burst <n>]

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use reqwest::Method;
use serde_json::{Value, json};
use tali_ai::mock::AnthropicMock;

use support::{Auth, Client, Server, Stats};

/// What a candidate's editor holds: the session's code, edited a little each round.
const EDIT: &str = "\n\ndef soak_helper(values):\n    return sorted(values)\n";
/// Rounds of edit → autosave → run → tests → chat before a candidate submits.
const ROUNDS: usize = 3;
/// A candidate thinks between actions; keeps the load a mix rather than a flood of one route.
const THINK: Duration = Duration::from_millis(300);
const RSS_EVERY: Duration = Duration::from_secs(15);
/// Longer than the server's allocator trim period (10 s).
const SETTLE_BEFORE_END_RSS: Duration = Duration::from_secs(12);
/// Waves of simultaneous runs per saturation session, and the pause between them: 3 waves stay under the
/// per-minute quota (20), so what is refused is the second run in flight, answered with `Retry-After: 2`.
const BURST_WAVES: usize = 3;
const BURST_PAUSE: Duration = Duration::from_secs(2);

struct Options {
    tali: std::path::PathBuf,
    seconds: u64,
    candidates: usize,
    burst: usize,
}

fn options() -> anyhow::Result<Options> {
    let mut args = std::env::args().skip(1);
    let (mut tali, mut seconds, mut candidates, mut burst) = (None, 120, 3, 0);
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--tali" => {
                tali = Some(
                    std::fs::canonicalize(&value)
                        .with_context(|| format!("no tali binary at {value}"))?,
                )
            }
            "--seconds" => seconds = value.parse()?,
            "--candidates" => candidates = value.parse()?,
            "--burst" => burst = value.parse()?,
            other => bail!("unknown flag {other}"),
        }
    }
    Ok(Options {
        tali: tali.context("--tali is required")?,
        seconds,
        candidates,
        burst,
    })
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let options = options()?;
    let ai = AnthropicMock::start().await?;
    let server = Server::start(&options.tali, ai.base_url()).await?;
    let outcome = soak(&server, &options).await;
    let leaks = server.stop_and_check().await;
    outcome?;
    leaks
}

async fn soak(server: &Server, options: &Options) -> anyhow::Result<()> {
    let stats = Arc::new(Stats::default());
    let client = Client::new(server.base(), stats.clone());
    let recruiters = [
        client.recruiter("soak.one@example.com").await?,
        client.recruiter("soak.two@example.com").await?,
    ];
    let (_, tasks) = client
        .call(
            "GET /tasks",
            Method::GET,
            "/tasks",
            Auth::Recruiter(&recruiters[0]),
            None,
            200,
        )
        .await?;
    let task_id = tasks[0]["id"].clone();

    let began = Instant::now();
    let end = began + Duration::from_secs(options.seconds);
    // Memory is compared with what the server holds once every route has been exercised a while.
    let warm_up = Duration::from_secs((options.seconds / 5).clamp(10, 60));
    let mut workers = tokio::task::JoinSet::new();
    for (i, recruiter) in recruiters.iter().enumerate() {
        let (client, recruiter) = (client.clone(), recruiter.clone());
        workers.spawn(async move { recruiter_loop(&client, &recruiter, i, end).await });
    }
    for i in 0..options.candidates {
        let (client, recruiter, task_id) =
            (client.clone(), recruiters[i % 2].clone(), task_id.clone());
        workers.spawn(async move { candidate_loop(&client, &recruiter, &task_id, i, end).await });
    }
    if options.burst > 1 {
        let (client, recruiter, task_id, burst) = (
            client.clone(),
            recruiters[0].clone(),
            task_id.clone(),
            options.burst,
        );
        workers
            .spawn(async move { saturation_loop(&client, &recruiter, &task_id, burst, end).await });
    }
    tokio::time::sleep(warm_up).await;
    let rss_warm = server.rss_kib()?;
    println!(
        "soak: warm-up over after {} s, server RSS {} MiB",
        warm_up.as_secs(),
        rss_warm / 1024
    );
    // The memory's course, to tell a plateau from a leak when the end is compared with the warm-up.
    let pid = server.pid();
    let sampler = tokio::spawn(async move {
        loop {
            tokio::time::sleep(RSS_EVERY).await;
            let figures = ["VmRSS:", "RssAnon:", "RssFile:"]
                .map(|f| support::status_kib(pid, f).unwrap_or(0) / 1024);
            println!(
                "soak: {:>4} s  server RSS {} MiB (anonymous {}, file-backed {})",
                began.elapsed().as_secs(),
                figures[0],
                figures[1],
                figures[2]
            );
        }
    });
    // A seat's error is in the stats already; the others carry on to the end.
    while let Some(joined) = workers.join_next().await {
        joined?;
    }
    sampler.abort();
    // The end is read once the load has stopped and the server's allocator trim (every 10 s) has run: requests in
    // flight and pages freed but not yet handed back are not growth, while leaked memory stays counted.
    tokio::time::sleep(SETTLE_BEFORE_END_RSS).await;
    let rss_end = server.rss_kib()?;
    let elapsed = began.elapsed();
    stats.print(elapsed);
    println!(
        "soak: server RSS {} MiB after the warm-up, {} MiB at the end ({:+.1}%)",
        rss_warm / 1024,
        rss_end / 1024,
        (rss_end as f64 / rss_warm as f64 - 1.0) * 100.0
    );
    let errors = stats.errors();
    ensure!(
        errors.is_empty(),
        "{} errors, the first: {}",
        errors.len(),
        errors[0]
    );
    ensure!(
        rss_end as f64 <= rss_warm as f64 * 1.2,
        "the server's memory grew by more than 20% after the warm-up"
    );
    ensure!(
        options.burst < 2 || stats.throttled() > 0,
        "the saturation seat sent bursts of {} runs but no answer was throttled: the per-candidate limit was \
         never reached",
        options.burst
    );
    Ok(())
}

/// A recruiter at their desk: the list, a few detail pages, the task library, now and then an invitation.
async fn recruiter_loop(client: &Client, token: &str, n: usize, end: Instant) {
    let mut round = 0;
    while Instant::now() < end {
        round += 1;
        // An error is counted where it happened; the recruiter goes on with the next round.
        let _ = recruiter_round(client, token, n, round).await;
        tokio::time::sleep(THINK * 2).await;
    }
}

async fn recruiter_round(
    client: &Client,
    token: &str,
    n: usize,
    round: usize,
) -> anyhow::Result<()> {
    let auth = Auth::Recruiter(token);
    {
        let (_, list) = client
            .call(
                "GET /assessments",
                Method::GET,
                "/assessments?limit=20",
                auth,
                None,
                200,
            )
            .await?;
        for item in list.as_array().into_iter().flatten().take(3) {
            let path = format!("/assessments/{}", item["id"]);
            client
                .call("GET /assessments/{id}", Method::GET, &path, auth, None, 200)
                .await?;
        }
        client
            .call("GET /tasks", Method::GET, "/tasks", auth, None, 200)
            .await?;
        if round.is_multiple_of(5) {
            let (_, tasks) = client
                .call("GET /tasks", Method::GET, "/tasks", auth, None, 200)
                .await?;
            let body = json!({"task_id": tasks[0]["id"], "candidate_name": "Invited Later",
                "candidate_email": format!("later.{n}.{round}@example.com")});
            client
                .call(
                    "POST /assessments",
                    Method::POST,
                    "/assessments",
                    auth,
                    Some(body),
                    201,
                )
                .await?;
        }
    }
    Ok(())
}

/// Candidates one after another on one seat: each invited, started, working a few rounds, submitting.
async fn candidate_loop(
    client: &Client,
    recruiter: &str,
    task_id: &Value,
    seat: usize,
    end: Instant,
) {
    let mut session = 0;
    while Instant::now() < end {
        session += 1;
        // An error is counted where it happened; the seat goes on with the next candidate.
        let _ = candidate_session(client, recruiter, task_id, seat, session).await;
    }
}

/// A candidate's session opened: invited by `recruiter` and started. Returns its id, its token and the starter code.
async fn open_session(
    client: &Client,
    recruiter: &str,
    task_id: &Value,
    email: String,
) -> anyhow::Result<(Value, String, String)> {
    let body =
        json!({"task_id": task_id, "candidate_name": "Soak Candidate", "candidate_email": email});
    let (_, created) = client
        .call(
            "POST /assessments",
            Method::POST,
            "/assessments",
            Auth::Recruiter(recruiter),
            Some(body),
            201,
        )
        .await?;
    let token = created["token"].as_str().context("a token")?.to_string();
    let (_, started) = client
        .call(
            "POST /assessments/token/{token}/start",
            Method::POST,
            &format!("/assessments/token/{token}/start"),
            Auth::None,
            None,
            200,
        )
        .await?;
    let code = started["code"]
        .as_str()
        .context("the starter code")?
        .to_string();
    Ok((created["id"].clone(), token, code))
}

async fn submit(client: &Client, id: &Value, token: &str, code: &str) -> anyhow::Result<()> {
    let (_, results) = client
        .call(
            "POST /assessments/{id}/submit",
            Method::POST,
            &format!("/assessments/{id}/submit"),
            Auth::Candidate(token),
            Some(json!({"final_code": code})),
            200,
        )
        .await?;
    ensure!(
        results["status"] == "completed",
        "submit answered {results}"
    );
    Ok(())
}

/// The saturation seat: one candidate after another, each sending waves of `burst` runs at once.
async fn saturation_loop(
    client: &Client,
    recruiter: &str,
    task_id: &Value,
    burst: usize,
    end: Instant,
) {
    let mut session = 0;
    while Instant::now() < end {
        session += 1;
        let email = format!("burst.{session}@example.com");
        let Ok((id, token, code)) = open_session(client, recruiter, task_id, email).await else {
            tokio::time::sleep(THINK).await;
            continue;
        };
        for wave in 0..BURST_WAVES {
            let runs = (0..burst).map(|n| {
                let run = json!({"code": format!("{code}\nprint('wave {wave} run {n}')\n")});
                let (client, path, token) = (client, format!("/assessments/{id}/execute"), &token);
                async move {
                    client
                        .call(
                            "POST /assessments/{id}/execute (burst)",
                            Method::POST,
                            &path,
                            Auth::Candidate(token),
                            Some(run),
                            200,
                        )
                        .await
                }
            });
            // Each run is refused while another is in flight, waits as told and goes through in turn.
            let _ = futures_util::future::join_all(runs).await;
            tokio::time::sleep(BURST_PAUSE).await;
        }
        let _ = submit(client, &id, &token, &code).await;
    }
}

async fn candidate_session(
    client: &Client,
    recruiter: &str,
    task_id: &Value,
    seat: usize,
    session: usize,
) -> anyhow::Result<()> {
    let email = format!("candidate.{seat}.{session}@example.com");
    let (id, token, mut code) = open_session(client, recruiter, task_id, email).await?;
    let worked = work(client, &id, &token, &mut code).await;
    // After an error the candidate submits what they have, as they would in the IDE, so the session ends and its
    // sandbox goes rather than waiting for the deadline; a failed submit is an error of its own.
    let submitted = submit(client, &id, &token, &code).await;
    worked.and(submitted)
}

/// Rounds of edit → autosave → run → tests → chat.
async fn work(client: &Client, id: &Value, token: &str, code: &mut String) -> anyhow::Result<()> {
    let auth = Auth::Candidate(token);
    for round in 0..ROUNDS {
        code.push_str(EDIT);
        let events = json!({"events": [{"id": format!("s{round}"), "type": "snapshot", "data": {"code": code}}]});
        client
            .call(
                "POST /assessments/{id}/events",
                Method::POST,
                &format!("/assessments/{id}/events"),
                auth,
                Some(events),
                200,
            )
            .await?;
        tokio::time::sleep(THINK).await;
        let run = json!({"code": format!("{code}\nprint('round {round}')\n")});
        client
            .call(
                "POST /assessments/{id}/execute",
                Method::POST,
                &format!("/assessments/{id}/execute"),
                auth,
                Some(run),
                200,
            )
            .await?;
        tokio::time::sleep(THINK).await;
        client
            .call(
                "POST /assessments/{id}/tests",
                Method::POST,
                &format!("/assessments/{id}/tests"),
                auth,
                Some(json!({"code": code})),
                200,
            )
            .await?;
        tokio::time::sleep(THINK).await;
        let ask = json!({"message": format!("round {round}: what does the failing test expect?")});
        client
            .call(
                "POST /assessments/{id}/claude",
                Method::POST,
                &format!("/assessments/{id}/claude"),
                auth,
                Some(ask),
                200,
            )
            .await?;
        tokio::time::sleep(THINK).await;
    }
    Ok(())
}

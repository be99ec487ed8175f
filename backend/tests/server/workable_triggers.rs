//! The Workable stage map against the local Workable mock: several mappings each inviting to their own task and
//! duration, a job's own mapping winning over "any job", duplicates and bad rows refused naming the row, a
//! config saved with the single trigger of before still honoured, the webhook subscription following the map,
//! and the result post moving the candidate to the stage of the mapping that invited them.

use reqwest::Method;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait, IntoActiveModel};
use sea_orm_migration::MigratorTrait;
use serde_json::{Value, json};
use tali::db::entities::{assessment, workable_trigger};
use tali_workable::mock::NewCandidate;

use crate::workable::Workable;

const SETTINGS: &str = "/api/v1/organizations/workable/settings";

impl Workable {
    /// The first two template tasks.
    async fn two_tasks(&self) -> (i64, i64) {
        let (tasks, _) = self.app.list_tasks(&self.token, "").await;
        let id = |i: usize| tasks[i]["id"].as_i64().expect("a template task");
        (id(0), id(1))
    }

    /// A new candidate of `job` in Workable's "applied" stage; returns their Workable id.
    fn candidate_of(&self, job: &str, email: &str) -> String {
        self.mock
            .add_candidate(NewCandidate {
                firstname: "Kim".into(),
                lastname: "Moss".into(),
                email: email.into(),
                job_shortcode: job.into(),
                stage_slug: "applied".into(),
                ..NewCandidate::default()
            })
            .unwrap()
    }

    /// Moves a candidate in Workable; every delivery the move causes is answered 200. Returns how many there were.
    async fn moved(&self, candidate: &str, stage: &str) -> usize {
        let attempts = self.mock.move_candidate(candidate, stage).await.unwrap();
        assert!(
            attempts.iter().all(|a| a.status == Some(200)),
            "{attempts:?}"
        );
        attempts.len()
    }

    /// The assessment a stage mapping created for a Workable candidate.
    async fn invited(&self, candidate: &str) -> assessment::Model {
        self.assessments()
            .await
            .into_iter()
            .find(|a| a.workable_candidate_id.as_deref() == Some(candidate))
            .unwrap_or_else(|| panic!("no assessment for {candidate}"))
    }

    /// A 422 for `body`; returns its `{field: message}` errors.
    async fn refused(&self, body: Value) -> Vec<(String, String)> {
        let answer = self.call(Method::PUT, SETTINGS, Some(body), 422).await;
        answer["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("field errors: {answer}"))
            .iter()
            .map(|e| {
                (
                    e["field"].as_str().unwrap().to_owned(),
                    e["message"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    }

    fn subscription_requests(&self, method: &str) -> usize {
        self.mock
            .api_requests()
            .iter()
            .filter(|r| r.method == method && r.path.starts_with("/spi/v3/subscriptions"))
            .count()
    }
}

#[tokio::test]
async fn each_mapping_invites_with_its_own_task_and_duration_and_moves_to_its_own_stage() {
    let w = Workable::new(false).await;
    w.connect_token().await;
    let (first, second) = w.two_tasks().await;
    let saved = w
        .save_map(json!([
            {"stage_slug": "assessment", "task_id": first, "duration_minutes": 30, "move_to_stage": "interview"},
            {"job_shortcode": "ACME002", "stage_slug": "phone-screen", "task_id": second,
                "duration_minutes": 45, "move_to_stage": "offer"},
        ]))
        .await;
    let map = saved["triggers"].as_array().unwrap();
    assert_eq!(map.len(), 2, "{saved}");
    assert_eq!(map[1]["job_shortcode"], "ACME002");
    assert_eq!(map[1]["stage_name"], "Phone Screen");
    // The single `trigger` of older clients is the first mapping.
    assert_eq!(saved["trigger"], map[0]);
    assert_eq!(saved["webhook_registered"], true);

    let backend = w.candidate_of("ACME001", "kim.backend@example.com");
    let frontend = w.candidate_of("ACME002", "kim.frontend@example.com");
    w.moved(&backend, "assessment").await;
    w.moved(&frontend, "phone-screen").await;
    // The second mapping is for ACME002 only: a backend candidate at the phone screen is not invited.
    let other = w.candidate_of("ACME001", "kim.other@example.com");
    w.moved(&other, "phone-screen").await;
    let activity = w.activity(2).await;
    assert_eq!(activity["total"], 2, "{activity}");

    let by_any_job = w.invited(&backend).await;
    assert_eq!(by_any_job.task_id as i64, first);
    assert_eq!(by_any_job.duration_minutes, 30);
    let by_job = w.invited(&frontend).await;
    assert_eq!(by_job.task_id as i64, second);
    assert_eq!(by_job.duration_minutes, 45);
    assert_eq!(by_job.workable_job_id.as_deref(), Some("ACME002"));
    assert_eq!(w.assessments().await.len(), 2);

    // The map changes before the candidates finish: each still moves where their own mapping said when it
    // invited them.
    w.save_map(json!([
        {"stage_slug": "assessment", "task_id": first, "move_to_stage": "hired"},
    ]))
    .await;
    w.complete_and_post(&by_job).await;
    assert_eq!(w.mock.candidate_stage(&frontend).as_deref(), Some("offer"));
    w.complete_and_post(&by_any_job).await;
    assert_eq!(
        w.mock.candidate_stage(&backend).as_deref(),
        Some("interview")
    );
}

#[tokio::test]
async fn a_jobs_own_mapping_wins_over_any_job_for_the_same_stage() {
    let w = Workable::new(false).await;
    w.connect_token().await;
    let (first, second) = w.two_tasks().await;
    w.save_map(json!([
        {"job_shortcode": null, "stage_slug": "assessment", "task_id": first},
        {"job_shortcode": "ACME002", "stage_slug": "assessment", "task_id": second, "duration_minutes": 20},
    ]))
    .await;
    let frontend = w.candidate_of("ACME002", "kim.frontend@example.com");
    let backend = w.candidate_of("ACME001", "kim.backend@example.com");
    w.moved(&frontend, "assessment").await;
    w.moved(&backend, "assessment").await;
    w.activity(2).await;
    let own = w.invited(&frontend).await;
    assert_eq!(own.task_id as i64, second);
    assert_eq!(own.duration_minutes, 20);
    assert_eq!(w.invited(&backend).await.task_id as i64, first);
    // One assessment each: the job's mapping did not also fire the "any job" one.
    assert_eq!(w.assessments().await.len(), 2);
}

#[tokio::test]
async fn duplicates_and_bad_rows_are_refused_naming_the_row() {
    let w = Workable::new(false).await;
    w.connect_token().await;
    let (first, second) = w.two_tasks().await;
    w.map_stage().await;
    let before = w.organization().await.workable_config;

    let errors = w
        .refused(json!({"auto_post": false, "triggers": [
            {"job_shortcode": "ACME001", "stage_slug": "assessment", "task_id": first},
            {"stage_slug": "assessment", "task_id": first},
            {"job_shortcode": "ACME001", "stage_slug": "assessment", "task_id": second},
        ]}))
        .await;
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, "triggers[2].stage_slug");
    assert!(
        errors[0].1.contains("already mapped by mapping 1"),
        "{errors:?}"
    );
    let errors = w
        .refused(json!({"auto_post": false, "triggers": [
            {"stage_slug": "interview", "task_id": first},
            {"stage_slug": "interview", "task_id": second},
        ]}))
        .await;
    assert_eq!(errors[0].0, "triggers[1].stage_slug", "{errors:?}");
    assert!(errors[0].1.contains("any job in Interview"), "{errors:?}");

    // Every row's problem at once, each named by its row.
    let errors = w
        .refused(json!({"auto_post": false, "triggers": [
            {"stage_slug": "assessment", "task_id": first},
            {"stage_slug": "assessment-typo", "task_id": first},
            {"stage_slug": "offer", "task_id": 999_999},
            {"stage_slug": "hired", "task_id": first, "duration_minutes": 2},
            {"job_shortcode": "NOPE", "stage_slug": "hired", "task_id": first},
            {"job_shortcode": "ACME003", "stage_slug": "assessment", "task_id": first},
        ]}))
        .await;
    let fields: Vec<&str> = errors.iter().map(|(field, _)| field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "triggers[1].stage_slug",
            "triggers[2].task_id",
            "triggers[3].duration_minutes",
            "triggers[4].job_shortcode",
            // The data engineer pipeline has no assessment stage.
            "triggers[5].stage_slug",
        ]
    );

    let too_many: Vec<Value> = (0..51)
        .map(|_| json!({"stage_slug": "assessment", "task_id": first}))
        .collect();
    let errors = w
        .refused(json!({"auto_post": false, "triggers": too_many}))
        .await;
    assert_eq!(errors[0].0, "triggers");
    let errors = w
        .refused(json!({"auto_post": false, "triggers": [],
            "trigger": {"stage_slug": "assessment", "task_id": first}}))
        .await;
    assert_eq!(errors[0].0, "trigger");
    // Nothing refused was saved.
    assert_eq!(w.organization().await.workable_config, before);
}

#[tokio::test]
async fn a_config_saved_with_the_single_trigger_of_before_is_still_honoured() {
    let w = Workable::new(false).await;
    w.connect_token().await;
    let task_id = w.app.template_id(&w.token).await;
    // Older clients send one `trigger`; it is saved as a map of one.
    let saved = w
        .call(
            Method::PUT,
            SETTINGS,
            Some(
                json!({"auto_post": false, "trigger": {"job_shortcode": "ACME001",
                "stage_slug": "assessment", "task_id": task_id, "move_to_stage": "offer"}}),
            ),
            200,
        )
        .await;
    assert_eq!(saved["triggers"].as_array().unwrap().len(), 1, "{saved}");
    assert_eq!(saved["trigger"], saved["triggers"][0]);
    let errors = w
        .refused(json!({"auto_post": false, "trigger": {"stage_slug": "nope", "task_id": task_id}}))
        .await;
    assert_eq!(errors[0].0, "trigger.stage_slug");

    // As it was stored before the map: one `trigger` object.
    let org = w.organization().await;
    let mut row = org.into_active_model();
    row.workable_config = Set(Some(json!({"auto_post": false, "trigger": {
        "job_shortcode": "ACME001", "stage_slug": "assessment", "stage_name": "Assessment",
        "task_id": task_id, "duration_minutes": 25, "move_to_stage": "offer"}})));
    row.update(&w.app.state.db).await.unwrap();
    let status = w
        .call(Method::GET, "/api/v1/organizations/workable", None, 200)
        .await;
    assert_eq!(status["trigger"]["duration_minutes"], 25, "{status}");
    assert_eq!(status["triggers"][0]["duration_minutes"], 25);

    let kim = w.candidate_of("ACME001", "kim@example.com");
    w.moved(&kim, "assessment").await;
    assert_eq!(w.activity(1).await["items"][0]["status"], "invited");
    let invited = w.invited(&kim).await;
    assert_eq!(invited.task_id as i64, task_id);
    assert_eq!(invited.duration_minutes, 25);
    w.complete_and_post(&invited).await;
    assert_eq!(w.mock.candidate_stage(&kim).as_deref(), Some("offer"));

    // `trigger: null` from an older client clears the map.
    let cleared = w
        .call(
            Method::PUT,
            SETTINGS,
            Some(json!({"auto_post": false, "trigger": null})),
            200,
        )
        .await;
    assert_eq!(cleared["triggers"], json!([]));
    assert_eq!(cleared["trigger"], Value::Null);
}

#[tokio::test]
async fn the_webhook_subscription_follows_the_map() {
    let w = Workable::new(false).await;
    w.connect_token().await;
    let (first, second) = w.two_tasks().await;
    assert_eq!(w.subscription_requests("POST"), 0);

    let saved = w
        .save_map(json!([{"stage_slug": "assessment", "task_id": first}]))
        .await;
    assert_eq!(saved["webhook_registered"], true);
    let subscription = w.organization().await.workable_subscription_id.unwrap();
    // Editing the map keeps the one subscription: the map is applied on this side.
    w.save_map(json!([
        {"stage_slug": "assessment", "task_id": first},
        {"stage_slug": "interview", "task_id": second},
    ]))
    .await;
    assert_eq!(w.subscription_requests("POST"), 1);
    assert_eq!(
        w.organization().await.workable_subscription_id.as_deref(),
        Some(subscription.as_str())
    );

    // No mapping left: the subscription is deleted at Workable, and moves are no longer delivered.
    let cleared = w.save_map(json!([])).await;
    assert_eq!(cleared["webhook_registered"], false);
    assert_eq!(cleared["triggers"], json!([]));
    assert!(
        w.mock
            .api_requests()
            .iter()
            .any(|r| r.method == "DELETE"
                && r.path == format!("/spi/v3/subscriptions/{subscription}"))
    );
    assert_eq!(w.organization().await.workable_subscription_id, None);
    let kim = w.candidate_of("ACME001", "kim@example.com");
    assert_eq!(w.moved(&kim, "assessment").await, 0, "nothing delivered");
    assert!(w.assessments().await.is_empty());

    // Mapping again registers a new one, and moves are delivered again.
    let saved = w
        .save_map(json!([{"stage_slug": "interview", "task_id": second}]))
        .await;
    assert_eq!(saved["webhook_registered"], true);
    assert_eq!(w.subscription_requests("POST"), 2);
    assert_eq!(w.moved(&kim, "interview").await, 1);
    assert_eq!(w.activity(1).await["items"][0]["status"], "invited");
    assert_eq!(w.invited(&kim).await.task_id as i64, second);
}

/// Candidates invited under the single trigger of before keep the move it promised: the migration that gives
/// trigger rows their own `move_to_stage` fills it from the stored trigger (the post reads it from the row, as
/// `each_mapping_invites_…` shows).
#[tokio::test]
async fn rows_invited_before_the_map_keep_their_triggers_move() {
    const MIGRATION: &str = "m20261210_000016_workable_trigger_moves";
    let w = Workable::new(false).await;
    w.connect_token().await;
    let task_id = w.app.template_id(&w.token).await;
    w.save_map(
        json!([{"job_shortcode": "ACME001", "stage_slug": "assessment", "task_id": task_id,
        "move_to_stage": "offer"}]),
    )
    .await;
    let kim = w.candidate_of("ACME001", "kim@example.com");
    w.moved(&kim, "assessment").await;
    w.activity(1).await;
    let db = &w.app.state.db;
    // A row of another stage: the old trigger did not invite it, so it has no move.
    let org = w.organization().await;
    workable_trigger::Entity::insert(workable_trigger::ActiveModel {
        organization_id: Set(org.id),
        workable_candidate_id: Set("c-other".into()),
        job_shortcode: Set("ACME001".into()),
        stage_slug: Set("interview".into()),
        candidate_name: Set("Other".into()),
        status: Set("failed".into()),
        created_at: Set(chrono::Utc::now()),
        ..Default::default()
    })
    .exec(db)
    .await
    .unwrap();

    let names: Vec<String> = tali::db::migrations::Migrator::migrations()
        .iter()
        .map(|m| m.name().to_string())
        .collect();
    let mine = names.iter().position(|n| n == MIGRATION).unwrap();
    tali::db::migrations::Migrator::down(db, Some((names.len() - mine) as u32))
        .await
        .unwrap();
    // As stored before the map (the job as the recruiter's client spelled it).
    let mut row = org.into_active_model();
    row.workable_config = Set(Some(json!({"auto_post": false, "trigger": {
        "job_shortcode": "acme001", "stage_slug": "assessment", "stage_name": "Assessment",
        "task_id": task_id, "duration_minutes": null, "move_to_stage": "offer"}})));
    row.update(db).await.unwrap();
    tali::db::migrate(db).await.unwrap();

    let rows = workable_trigger::Entity::find().all(db).await.unwrap();
    let moves: Vec<(&str, Option<&str>)> = rows
        .iter()
        .map(|r| (r.stage_slug.as_str(), r.move_to_stage.as_deref()))
        .collect();
    assert_eq!(moves.len(), 2);
    assert!(moves.contains(&("assessment", Some("offer"))), "{moves:?}");
    assert!(moves.contains(&("interview", None)), "{moves:?}");
}

use serde_json::json;
use tali_workable::mock::{NewCandidate, WorkableMock};
use tali_workable::{
    Attachment, CandidatesQuery, Credentials, JobsQuery, NewComment, NewSubscription,
    SUBDOMAIN_HEADER, WebhookEvent, WorkableClient, WorkableError,
};

use crate::common::{account_client, api_settings};

#[tokio::test]
async fn every_call_carries_the_bearer_token_and_the_subdomain() {
    let mock = WorkableMock::start().await.unwrap();
    let members = account_client(&mock).list_members().await.unwrap();
    assert_eq!(members[0].id, WorkableMock::MEMBER_ID);
    assert_eq!(members[0].role.as_deref(), Some("admin"));

    let request = &mock.api_requests()[0];
    assert_eq!(request.path, "/spi/v3/members");
    assert_eq!(request.bearer(), Some(WorkableMock::ACCOUNT_TOKEN));
    assert_eq!(
        request.header(SUBDOMAIN_HEADER),
        Some(WorkableMock::SUBDOMAIN)
    );
    assert!(
        request
            .header("user-agent")
            .is_some_and(|ua| ua.starts_with("tali-workable/"))
    );
}

#[tokio::test]
async fn stages_of_the_account_and_of_a_job() {
    let mock = WorkableMock::start().await.unwrap();
    let client = account_client(&mock);
    let stages = client.list_stages().await.unwrap();
    let slugs: Vec<_> = stages.iter().map(|stage| stage.slug.as_str()).collect();
    assert_eq!(
        slugs,
        [
            "sourced",
            "applied",
            "assessment",
            "phone-screen",
            "interview",
            "offer",
            "hired"
        ]
    );
    assert_eq!(stages[2].name, "Assessment");
    assert_eq!(stages[2].position, Some(3));

    let job_stages = client.list_job_stages("ACME003").await.unwrap();
    assert!(job_stages.iter().all(|stage| stage.slug != "assessment"));
    assert!(matches!(
        client.list_job_stages("NOPE").await,
        Err(WorkableError::NotFound { .. })
    ));
}

#[tokio::test]
async fn jobs_follow_paging_next_verbatim() {
    let mock = WorkableMock::start().await.unwrap();
    let client = account_client(&mock);
    let query = JobsQuery {
        limit: Some(2),
        ..JobsQuery::default()
    };

    let first = client.jobs_page(&query).await.unwrap();
    assert_eq!(first.items.len(), 2);
    let next = first.next.clone().expect("a second page");
    assert!(
        next.starts_with(&format!("{}/spi/v3/jobs?", mock.url())),
        "{next}"
    );
    let second = client.next_jobs_page(&next).await.unwrap();
    assert_eq!(second.items.len(), 1);
    assert_eq!(second.next, None);

    let all = client.list_jobs(&query).await.unwrap();
    let shortcodes: Vec<_> = all.iter().map(|job| job.shortcode.as_str()).collect();
    assert_eq!(shortcodes, ["ACME001", "ACME002", "ACME003"]);
    let requested: Vec<_> = mock
        .api_requests()
        .iter()
        .filter_map(|request| request.query.clone())
        .collect();
    assert_eq!(
        requested[requested.len() - 2..],
        ["limit=2".to_owned(), "limit=2&since_id=1a2b3c4d".to_owned()]
    );

    let published = client
        .list_jobs(&JobsQuery {
            state: Some("published".into()),
            limit: Some(1),
        })
        .await
        .unwrap();
    assert_eq!(published.len(), 2);
}

#[tokio::test]
async fn a_paging_next_on_another_host_is_not_followed() {
    let mock = WorkableMock::start().await.unwrap();
    let error = account_client(&mock)
        .next_jobs_page("https://evil.test/spi/v3/jobs?since_id=x")
        .await
        .unwrap_err();
    assert!(
        matches!(error, WorkableError::InvalidResponse { .. }),
        "{error:?}"
    );
    assert!(mock.api_requests().is_empty());
}

#[tokio::test]
async fn candidates_read_list_and_filter() {
    let mock = WorkableMock::start().await.unwrap();
    for n in 0..3 {
        mock.add_candidate(NewCandidate {
            firstname: format!("Candidate{n}"),
            lastname: "Test".into(),
            email: format!("c{n}@example.com"),
            job_shortcode: "ACME001".into(),
            stage_slug: "assessment".into(),
            ..NewCandidate::default()
        })
        .unwrap();
    }
    let client = account_client(&mock);

    let ada = client.get_candidate("ce4da98").await.unwrap();
    assert_eq!(ada.name, "Ada Lovelace");
    assert_eq!(ada.firstname.as_deref(), Some("Ada"));
    assert_eq!(ada.email.as_deref(), Some("ada@example.com"));
    assert_eq!(ada.stage.as_deref(), Some("Applied"));
    assert!(!ada.disqualified);
    let job = ada.job.unwrap();
    assert_eq!(
        (job.shortcode.as_str(), job.title.as_str()),
        ("ACME001", "Backend Engineer")
    );
    assert!(ada.profile_url.is_some());

    let in_assessment = client
        .list_candidates(&CandidatesQuery {
            shortcode: Some("ACME001".into()),
            stage: Some("assessment".into()),
            limit: Some(2),
            ..CandidatesQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(in_assessment.len(), 3);
    assert!(
        in_assessment
            .iter()
            .all(|candidate| candidate.stage.as_deref() == Some("Assessment"))
    );
    let pages = mock
        .api_requests()
        .iter()
        .filter(|request| request.path == "/spi/v3/candidates")
        .count();
    assert_eq!(pages, 2);

    let missing = client.get_candidate("nope").await.unwrap_err();
    assert!(
        matches!(missing, WorkableError::NotFound { .. }),
        "{missing:?}"
    );
    // Another account's candidate is not visible.
    assert!(client.get_candidate("d5eb001").await.is_err());
}

#[tokio::test]
async fn a_comment_has_the_documented_body() {
    let mock = WorkableMock::start().await.unwrap();
    let comment = NewComment {
        body: "Assessment score 82/100".into(),
        policy: vec!["recruiter".into(), "admin".into()],
        attachment: Some(Attachment {
            name: "report.pdf".into(),
            data: b"%PDF-1.7 report".to_vec(),
        }),
    };
    account_client(&mock)
        .comment_on_candidate("ce4da98", WorkableMock::MEMBER_ID, &comment)
        .await
        .unwrap();

    let request = mock.api_requests().pop().unwrap();
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/spi/v3/candidates/ce4da98/comments");
    assert_eq!(
        request.json(),
        json!({
            "member_id": "13e0eb0e",
            "comment": {
                "body": "Assessment score 82/100",
                "policy": ["recruiter", "admin"],
                "attachment": {"name": "report.pdf", "data": "JVBERi0xLjcgcmVwb3J0"}
            }
        })
    );
    let recorded = &mock.comments()[0];
    assert_eq!(recorded.member_id, WorkableMock::MEMBER_ID);
    assert_eq!(
        recorded.attachment_data.as_deref(),
        Some(&b"%PDF-1.7 report"[..])
    );
}

#[tokio::test]
async fn a_comment_without_member_or_body_is_a_typed_422() {
    let mock = WorkableMock::start().await.unwrap();
    let client = account_client(&mock);
    let comment = NewComment {
        body: "Scored".into(),
        ..NewComment::default()
    };

    let no_member = client
        .comment_on_candidate("ce4da98", "", &comment)
        .await
        .unwrap_err();
    let WorkableError::Validation { errors, .. } = &no_member else {
        panic!("expected a validation error, got {no_member:?}");
    };
    assert_eq!(errors, &["member_id: is required"]);
    assert!(no_member.to_string().contains("member_id: is required"));

    let no_body = client
        .comment_on_candidate("ce4da98", WorkableMock::MEMBER_ID, &NewComment::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&no_body, WorkableError::Validation { errors, .. } if errors == &["comment.body: can't be blank"]),
        "{no_body:?}"
    );

    // The mock checks the wire shape itself, not only what this client sends.
    let raw = reqwest::Client::new()
        .post(format!("{}/spi/v3/candidates/ce4da98/comments", mock.url()))
        .bearer_auth(WorkableMock::ACCOUNT_TOKEN)
        .header(SUBDOMAIN_HEADER, WorkableMock::SUBDOMAIN)
        .json(&json!({"comment": {"body": "no member"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 422);
    assert!(mock.comments().is_empty());
}

#[tokio::test]
async fn the_timeline_lists_the_candidates_comments_newest_first() {
    let mock = WorkableMock::start().await.unwrap();
    let client = account_client(&mock);
    assert!(
        client
            .candidate_activities("ce4da98")
            .await
            .unwrap()
            .is_empty()
    );
    for body in ["first", "second"] {
        let comment = NewComment {
            body: body.into(),
            ..NewComment::default()
        };
        client
            .comment_on_candidate("ce4da98", WorkableMock::MEMBER_ID, &comment)
            .await
            .unwrap();
    }
    let other = NewComment {
        body: "someone else".into(),
        ..NewComment::default()
    };
    client
        .comment_on_candidate("ce4da99", WorkableMock::MEMBER_ID, &other)
        .await
        .unwrap();
    let timeline = client.candidate_activities("ce4da98").await.unwrap();
    let bodies: Vec<_> = timeline.iter().map(|a| a.body.as_deref()).collect();
    assert_eq!(bodies, [Some("second"), Some("first")]);
    assert!(
        timeline
            .iter()
            .all(|a| a.action.as_deref() == Some("comment"))
    );
    let missing = client.candidate_activities("nobody").await.unwrap_err();
    assert!(
        matches!(missing, WorkableError::NotFound { .. }),
        "{missing:?}"
    );
}

#[tokio::test]
async fn a_malformed_attachment_is_refused_and_not_recorded() {
    let mock = WorkableMock::start().await.unwrap();
    let bad = [
        (
            json!("JVBERg=="),
            "comment.attachment",
            "must be an object with name and data",
        ),
        (
            json!({"data": "JVBERg=="}),
            "comment.attachment.name",
            "can't be blank",
        ),
        (
            json!({"name": "r.pdf", "data": "%%not base64%%"}),
            "comment.attachment.data",
            "must be base64",
        ),
        (
            json!({"name": "r.pdf", "data": ""}),
            "comment.attachment.data",
            "can't be blank",
        ),
        (
            json!({"name": "r.pdf"}),
            "comment.attachment.data",
            "must be base64",
        ),
    ];
    for (attachment, field, reason) in bad {
        let response = reqwest::Client::new()
            .post(format!("{}/spi/v3/candidates/ce4da98/comments", mock.url()))
            .bearer_auth(WorkableMock::ACCOUNT_TOKEN)
            .header(SUBDOMAIN_HEADER, WorkableMock::SUBDOMAIN)
            .json(&json!({
                "member_id": WorkableMock::MEMBER_ID,
                "comment": {"body": "Scored", "attachment": attachment}
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422, "{attachment}");
        let errors: serde_json::Value = response.json().await.unwrap();
        assert_eq!(
            errors["validation_errors"][field],
            json!([reason]),
            "{attachment}"
        );
    }
    assert!(mock.comments().is_empty());
}

#[tokio::test]
async fn move_changes_the_stage_and_an_unknown_slug_is_a_typed_422() {
    let mock = WorkableMock::start().await.unwrap();
    let client = account_client(&mock);

    client
        .move_candidate("ce4da98", WorkableMock::MEMBER_ID, "assessment")
        .await
        .unwrap();
    assert_eq!(
        mock.candidate_stage("ce4da98").as_deref(),
        Some("assessment")
    );
    assert_eq!(
        mock.api_requests().pop().unwrap().json(),
        json!({"member_id": "13e0eb0e", "target_stage": "assessment"})
    );
    let moved = client.get_candidate("ce4da98").await.unwrap();
    assert_eq!(moved.stage.as_deref(), Some("Assessment"));

    let unknown = client
        .move_candidate("ce4da98", WorkableMock::MEMBER_ID, "no-such-stage")
        .await
        .unwrap_err();
    let WorkableError::Validation { message, errors } = &unknown else {
        panic!("expected a validation error, got {unknown:?}");
    };
    assert_eq!(message, "Validation failed");
    assert!(errors[0].starts_with("target_stage:"), "{errors:?}");
    assert_eq!(
        mock.candidate_stage("ce4da98").as_deref(),
        Some("assessment")
    );
}

#[tokio::test]
async fn subscriptions_create_refuse_duplicates_list_and_delete() {
    let mock = WorkableMock::start().await.unwrap();
    let client = account_client(&mock);
    let subscription = NewSubscription {
        target: "https://api.tali.test/webhooks/workable".into(),
        event: WebhookEvent::CandidateMoved,
        job_shortcode: String::new(),
        stage_slug: "assessment".into(),
    };

    let id = client.create_subscription(&subscription).await.unwrap();
    assert_eq!(
        mock.api_requests().pop().unwrap().json(),
        json!({
            "target": "https://api.tali.test/webhooks/workable",
            "event": "candidate_moved",
            "args": {"account_id": "acme", "job_shortcode": "", "stage_slug": "assessment"}
        })
    );

    let duplicate = client.create_subscription(&subscription).await.unwrap_err();
    assert!(
        matches!(duplicate, WorkableError::Conflict { .. }),
        "{duplicate:?}"
    );
    // A 409 is an answer, not a failure to retry.
    let attempts = mock
        .api_requests()
        .iter()
        .filter(|request| request.method == "POST" && request.path == "/spi/v3/subscriptions")
        .count();
    assert_eq!(attempts, 2);

    let unknown_stage = client
        .create_subscription(&NewSubscription {
            target: "https://api.tali.test/other".into(),
            stage_slug: "nope".into(),
            ..subscription.clone()
        })
        .await
        .unwrap_err();
    assert!(
        matches!(unknown_stage, WorkableError::Validation { .. }),
        "{unknown_stage:?}"
    );

    let listed = client.list_subscriptions().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, id);
    assert_eq!(listed[0].event, "candidate_moved");
    assert_eq!(listed[0].stage_slug.as_deref(), Some("assessment"));
    assert!(listed[0].valid_until.is_some());

    client.delete_subscription(&id).await.unwrap();
    assert!(client.list_subscriptions().await.unwrap().is_empty());
    assert!(matches!(
        client.delete_subscription(&id).await,
        Err(WorkableError::NotFound { .. })
    ));
}

#[tokio::test]
async fn an_unknown_token_is_a_distinct_401() {
    let mock = WorkableMock::start().await.unwrap();
    let client = WorkableClient::new(
        &api_settings(&mock),
        WorkableMock::SUBDOMAIN,
        Credentials::account_token("not-a-real-token"),
    )
    .unwrap();
    let error = client.list_members().await.unwrap_err();
    assert!(error.is_unauthorized(), "{error:?}");
    assert!(!error.is_transient());
    assert!(!error.to_string().contains("not-a-real-token"));
    // Not retried: a second identical request could not succeed.
    assert_eq!(mock.api_requests().len(), 1);
}

#[tokio::test]
async fn a_token_stays_in_its_own_account() {
    let mock = WorkableMock::start().await.unwrap();
    let client = WorkableClient::new(
        &api_settings(&mock),
        WorkableMock::SUBDOMAIN,
        Credentials::account_token(WorkableMock::OTHER_ACCOUNT_TOKEN),
    )
    .unwrap();
    let error = client.list_members().await.unwrap_err();
    assert!(
        matches!(error, WorkableError::Forbidden { .. }),
        "{error:?}"
    );
}

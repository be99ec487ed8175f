//! The data a fresh mock starts with: two accounts, so that tests can check a token stays in its own account.

use super::world::{
    IssuedToken, MockAccount, MockCandidate, MockJob, MockMember, MockStage, World,
};
use crate::TokenKind;

pub(crate) const SUBDOMAIN: &str = "acme";
pub(crate) const ACCOUNT_TOKEN: &str = "acme-account-token";
pub(crate) const OTHER_SUBDOMAIN: &str = "globex";
pub(crate) const OTHER_ACCOUNT_TOKEN: &str = "globex-account-token";
pub(crate) const MEMBER_ID: &str = "13e0eb0e";

const SEEDED_AT: &str = "2026-01-05T09:00:00Z";

pub(crate) fn world() -> World {
    let mut world = World::default();
    world.accounts = vec![acme(), globex()];
    for (token, subdomain) in [
        (ACCOUNT_TOKEN, SUBDOMAIN),
        (OTHER_ACCOUNT_TOKEN, OTHER_SUBDOMAIN),
    ] {
        world.tokens.insert(
            token.to_owned(),
            IssuedToken {
                subdomain: subdomain.to_owned(),
                kind: TokenKind::Account,
                expires_at: None,
            },
        );
    }
    world
}

fn stages() -> Vec<MockStage> {
    [
        ("sourced", "Sourced", "sourced"),
        ("applied", "Applied", "applied"),
        ("assessment", "Assessment", "assessment"),
        ("phone-screen", "Phone Screen", "phone-screen"),
        ("interview", "Interview", "interview"),
        ("offer", "Offer", "offer"),
        ("hired", "Hired", "hired"),
    ]
    .into_iter()
    .map(|(slug, name, kind)| MockStage {
        slug: slug.to_owned(),
        name: name.to_owned(),
        kind: kind.to_owned(),
    })
    .collect()
}

fn all_stage_slugs() -> Vec<String> {
    stages().into_iter().map(|stage| stage.slug).collect()
}

fn member(id: &str, name: &str, email: &str, role: &str) -> MockMember {
    MockMember {
        id: id.to_owned(),
        name: name.to_owned(),
        email: email.to_owned(),
        role: role.to_owned(),
    }
}

fn job(id: &str, shortcode: &str, title: &str, state: &str, stage_slugs: Vec<String>) -> MockJob {
    MockJob {
        id: id.to_owned(),
        shortcode: shortcode.to_owned(),
        title: title.to_owned(),
        state: state.to_owned(),
        department: "Engineering".to_owned(),
        stage_slugs,
    }
}

pub(crate) fn candidate(
    id: &str,
    name: (&str, &str),
    email: &str,
    job_shortcode: &str,
    stage_slug: &str,
    at: &str,
) -> MockCandidate {
    MockCandidate {
        id: id.to_owned(),
        firstname: name.0.to_owned(),
        lastname: name.1.to_owned(),
        email: email.to_owned(),
        phone: None,
        job_shortcode: job_shortcode.to_owned(),
        stage_slug: stage_slug.to_owned(),
        disqualified: false,
        created_at: at.to_owned(),
        updated_at: at.to_owned(),
    }
}

fn acme() -> MockAccount {
    // The data engineer pipeline skips the assessment stage, so a job's stages differ from the account's.
    let without_assessment = all_stage_slugs()
        .into_iter()
        .filter(|slug| slug != "assessment")
        .collect();
    MockAccount {
        id: "61884e2".to_owned(),
        subdomain: SUBDOMAIN.to_owned(),
        name: "Acme Inc".to_owned(),
        members: vec![
            member(MEMBER_ID, "Eduardo Vallente", "eduardo@acme.test", "admin"),
            member("19782abc", "Nadia Sawahla", "nadia@acme.test", "recruiter"),
        ],
        stages: stages(),
        jobs: vec![
            job(
                "1166bf8c",
                "ACME001",
                "Backend Engineer",
                "published",
                all_stage_slugs(),
            ),
            job(
                "167636b1",
                "ACME002",
                "Frontend Engineer",
                "published",
                all_stage_slugs(),
            ),
            job(
                "1a2b3c4d",
                "ACME003",
                "Data Engineer",
                "draft",
                without_assessment,
            ),
        ],
        candidates: vec![
            candidate(
                "ce4da98",
                ("Ada", "Lovelace"),
                "ada@example.com",
                "ACME001",
                "applied",
                SEEDED_AT,
            ),
            candidate(
                "ce4da99",
                ("Grace", "Hopper"),
                "grace@example.com",
                "ACME002",
                "assessment",
                SEEDED_AT,
            ),
        ],
        subscriptions: Vec::new(),
    }
}

fn globex() -> MockAccount {
    MockAccount {
        id: "72995f3".to_owned(),
        subdomain: OTHER_SUBDOMAIN.to_owned(),
        name: "Globex".to_owned(),
        members: vec![member(
            "2f00aa01",
            "Hank Scorpio",
            "hank@globex.test",
            "admin",
        )],
        stages: stages(),
        jobs: vec![job(
            "2277cd9d",
            "GLOBX001",
            "Platform Engineer",
            "published",
            all_stage_slugs(),
        )],
        candidates: vec![candidate(
            "d5eb001",
            ("Frank", "Grimes"),
            "frank@example.com",
            "GLOBX001",
            "applied",
            SEEDED_AT,
        )],
        subscriptions: Vec::new(),
    }
}

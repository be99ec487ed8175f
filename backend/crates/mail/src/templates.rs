//! The emails TALI sends. Each function turns plain data into an [`Email`]; links are built by the caller from
//! `PUBLIC_URL` / `FRONTEND_URL`, and the caller sets the idempotency key, since only it knows the entity id.

mod layout;

use chrono::{DateTime, Utc};

use crate::{Email, Tag};
use layout::{Layout, one_line};

/// An invitation to a candidate; `link` is `<PUBLIC_URL>/#/assess/{token}`.
#[derive(Debug, Clone, PartialEq)]
pub struct InvitationData {
    pub candidate_name: String,
    pub candidate_email: String,
    pub organization_name: String,
    pub task_name: String,
    pub duration_minutes: u32,
    pub expires_at: DateTime<Utc>,
    pub link: String,
}

/// A finished assessment, for the recruiter; `link` opens the result in the dashboard.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultsData {
    pub recruiter_email: String,
    pub candidate_name: String,
    pub task_name: String,
    /// Overall score out of 10; `None` while scoring has not finished.
    pub score: Option<f64>,
    pub tests_passed: u32,
    pub tests_total: u32,
    /// When the candidate submitted, already in the organization's time zone ("4 Dec 2026, 10:17 CET").
    pub submitted_at: String,
    pub link: String,
}

/// An invitation to join a team; `link` is `<FRONTEND_URL>/#/accept-invitation?token={token}`.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamInvitationData {
    pub email: String,
    pub inviter_name: String,
    pub organization_name: String,
    /// `owner`, `admin` or `member`.
    pub role: String,
    pub expires_at: DateTime<Utc>,
    pub link: String,
}

/// A reminder to a candidate whose link expires soon; `link` is the invitation's link.
#[derive(Debug, Clone, PartialEq)]
pub struct ReminderData {
    pub candidate_name: String,
    pub candidate_email: String,
    pub organization_name: String,
    pub task_name: String,
    pub duration_minutes: u32,
    pub expires_at: DateTime<Utc>,
    /// Whole hours from the sending moment to `expires_at` (rounded down): the deadline in plain words.
    pub hours_left: u32,
    pub link: String,
}

/// A password reset; `link` is `<FRONTEND_URL>/#/reset-password?token={token}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ResetData {
    pub email: String,
    pub full_name: String,
    pub link: String,
    pub valid_minutes: u32,
}

pub fn invitation(data: &InvitationData) -> Email {
    let organization = one_line(&data.organization_name);
    let task = one_line(&data.task_name);
    let minutes = data.duration_minutes;
    let expires = data
        .expires_at
        .format("%A %-d %B %Y, %H:%M UTC")
        .to_string();
    let subject = format!("{organization} invited you to a TALI coding assessment: {task}");

    let mut page = Layout::new(
        &subject,
        &format!(
            "A {minutes}-minute coding assessment for {organization}. The link expires {expires}."
        ),
        "You're invited",
    );
    page.paragraph(&greeting(&data.candidate_name));
    page.paragraph(&format!(
        "{organization} has invited you to a coding assessment on TALI. It shows how you solve a real problem \
         with the tools engineers use today, AI included."
    ));
    page.facts(&[
        ("Task", task.clone()),
        ("Time limit", format!("{minutes} minutes")),
        ("Link expires", expires),
    ]);
    page.subheading("What to expect");
    page.bullets(&[
        "You fix bugs in a small Python codebase, in your browser: a code editor, a way to run your code and the \
         tests, and an AI assistant. Nothing to install."
            .to_owned(),
        "Using the AI assistant is allowed and expected. Your conversation with it is recorded, together with \
         your code as it changes and the code and tests you run, and the hiring team sees this record with your \
         results."
            .to_owned(),
        format!(
            "The {minutes}-minute timer starts when you press Start, not when you open the link. Choose a quiet \
             moment, a desktop browser and a steady connection."
        ),
        "Submit when you are done. If time runs out, your latest code is submitted for you.".to_owned(),
    ]);
    page.button("Start your assessment", &data.link);
    page.paragraph("This link is personal to you. Please do not share it.");
    let (html, text) = page.finish(&format!(
        "Sent by TALI on behalf of {organization} to {}. If you were not expecting this invitation, you can \
         ignore this email.",
        data.candidate_email.trim()
    ));
    email(&data.candidate_email, subject, html, text, "invitation")
}

pub fn results_notification(data: &ResultsData) -> Email {
    let candidate = one_line(&data.candidate_name);
    let task = one_line(&data.task_name);
    let score = data
        .score
        .filter(|score| score.is_finite())
        .map(|score| format!("{score:.1} / 10"));
    let subject = match &score {
        Some(score) => format!("{candidate} completed {task}: {score}"),
        None => format!("{candidate} completed {task}"),
    };
    let tests = if data.tests_total == 0 {
        "No tests ran".to_owned()
    } else {
        format!("{} of {} passed", data.tests_passed, data.tests_total)
    };

    let mut page = Layout::new(
        &subject,
        &format!("{candidate} has submitted {task}."),
        "Results are in",
    );
    page.paragraph(&format!("{candidate} has submitted the {task} assessment."));
    page.facts(&[
        ("Candidate", candidate.clone()),
        ("Task", task.clone()),
        (
            "Score",
            score.unwrap_or_else(|| "Not scored yet".to_owned()),
        ),
        ("Tests", tests),
        ("Submitted", one_line(&data.submitted_at)),
    ]);
    page.paragraph(
        "The full report shows how the score was reached, every test result, the candidate's conversation with \
         the AI assistant and a timeline of the session.",
    );
    page.button("View the results", &data.link);
    let (html, text) = page.finish(&format!(
        "You receive this because you sent this assessment from TALI as {}.",
        data.recruiter_email.trim()
    ));
    email(&data.recruiter_email, subject, html, text, "results")
}

pub fn reminder(data: &ReminderData) -> Email {
    let organization = one_line(&data.organization_name);
    let task = one_line(&data.task_name);
    let minutes = data.duration_minutes;
    let expires = data
        .expires_at
        .format("%A %-d %B %Y, %H:%M UTC")
        .to_string();
    let left = match data.hours_left {
        0 => "in less than an hour".to_owned(),
        1 => "in about an hour".to_owned(),
        hours => format!("in about {hours} hours"),
    };
    let subject = format!("Reminder: your {organization} assessment link expires {left}");
    let mut page = Layout::new(
        &subject,
        &format!("Your link to {task} expires {left}, on {expires}."),
        "Your link expires soon",
    );
    page.paragraph(&greeting(&data.candidate_name));
    page.paragraph(&format!(
        "{organization} invited you to the {task} coding assessment on TALI. You have not started it yet, and \
         your link expires {left}, on {expires}."
    ));
    page.facts(&[
        ("Task", task.clone()),
        ("Time limit", format!("{minutes} minutes")),
        ("Link expires", expires.clone()),
    ]);
    page.paragraph(&format!(
        "The {minutes}-minute timer starts when you press Start, so start before {expires} and leave yourself \
         the full time."
    ));
    page.button("Start your assessment", &data.link);
    page.paragraph(&format!(
        "If you need more time, reply to {organization}: only they can extend the link."
    ));
    let (html, text) = page.finish(&format!(
        "Sent by TALI on behalf of {organization} to {}, once, because your invitation has not been used yet.",
        data.candidate_email.trim()
    ));
    email(&data.candidate_email, subject, html, text, "reminder")
}

pub fn password_reset(data: &ResetData) -> Email {
    let subject = "Reset your TALI password".to_owned();
    let minutes = data.valid_minutes;
    let mut page = Layout::new(
        &subject,
        &format!("Choose a new password within {minutes} minutes."),
        "Reset your password",
    );
    page.paragraph(&greeting(&data.full_name));
    page.paragraph(&format!(
        "Someone, hopefully you, asked to reset the password of the TALI account {}.",
        data.email.trim()
    ));
    page.button("Choose a new password", &data.link);
    page.paragraph(&format!("The link expires in {minutes} minutes."));
    page.paragraph("If you did not ask for this, ignore this email: your password stays as it is.");
    let (html, text) =
        page.finish("TALI sends this email only when a password reset is requested.");
    email(&data.email, subject, html, text, "password-reset")
}

pub fn team_invitation(data: &TeamInvitationData) -> Email {
    let organization = one_line(&data.organization_name);
    let inviter = one_line(&data.inviter_name);
    let expires = data
        .expires_at
        .format("%A %-d %B %Y, %H:%M UTC")
        .to_string();
    let subject = format!("{inviter} invited you to join {organization} on TALI");
    let mut page = Layout::new(
        &subject,
        &format!(
            "Join {organization} on TALI as {}. The link expires {expires}.",
            data.role
        ),
        "Join your team",
    );
    page.paragraph("Hello,");
    page.paragraph(&format!(
        "{inviter} invited {} to join {organization} on TALI as {}: you will share its tasks, candidates and \
         assessments.",
        data.email.trim(),
        one_line(&data.role)
    ));
    page.button("Accept the invitation", &data.link);
    page.paragraph(&format!("The link works once and expires {expires}."));
    page.paragraph(
        "If you did not expect this, ignore this email: nothing happens unless you accept.",
    );
    let (html, text) = page.finish("TALI sends this email when a member of a team invites you.");
    email(&data.email, subject, html, text, "team-invitation")
}

fn greeting(name: &str) -> String {
    match one_line(name) {
        name if name.is_empty() => "Hello,".to_owned(),
        name => format!("Hi {name},"),
    }
}

fn email(to: &str, subject: String, html: String, text: String, kind: &'static str) -> Email {
    Email {
        to: to.trim().to_owned(),
        subject,
        html,
        text,
        idempotency_key: None,
        tags: vec![Tag::kind(kind)],
    }
}

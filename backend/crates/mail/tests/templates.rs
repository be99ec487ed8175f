use chrono::{TimeZone, Utc};
use tali_mail::templates::{self, InvitationData, ResetData, ResultsData};

fn invitation_data() -> InvitationData {
    InvitationData {
        candidate_name: "<script>alert('x')</script> Ada".into(),
        candidate_email: "ada@example.com".into(),
        organization_name: "Acme & Sons".into(),
        task_name: "Fix the rate limiter".into(),
        duration_minutes: 45,
        expires_at: Utc.with_ymd_and_hms(2026, 12, 3, 17, 30, 0).unwrap(),
        link: "https://app.tali.test/#/assess/tok_Abc123".into(),
    }
}

fn results_data() -> ResultsData {
    ResultsData {
        recruiter_email: "rec@acme.test".into(),
        candidate_name: "Ada Lovelace".into(),
        task_name: "Fix the rate limiter".into(),
        score: Some(7.46),
        tests_passed: 8,
        tests_total: 10,
        submitted_at: "4 Dec 2026, 10:17 CET".into(),
        link: "https://app.tali.test/#/assessments/42".into(),
    }
}

#[test]
fn invitation_escapes_user_text_in_html_only() {
    let email = templates::invitation(&invitation_data());
    assert!(!email.html.contains("<script>"), "{}", email.html);
    assert!(
        email
            .html
            .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Ada")
    );
    assert!(email.html.contains("Acme &amp; Sons"));
    assert!(!email.html.contains("Acme & Sons"));
    // The plain-text part is not HTML, so it keeps the name as typed.
    assert!(email.text.contains("Hi <script>alert('x')</script> Ada,"));
}

#[test]
fn invitation_content() {
    let data = invitation_data();
    let email = templates::invitation(&data);
    assert_eq!(email.to, "ada@example.com");
    assert_eq!(
        email.subject,
        "Acme & Sons invited you to a TALI coding assessment: Fix the rate limiter"
    );
    assert_eq!(email.kind(), Some("invitation"));
    assert_eq!(email.idempotency_key, None);
    assert!(email.html.contains(&format!("href=\"{}\"", data.link)));
    assert!(
        email
            .text
            .contains(&format!("Start your assessment: {}", data.link))
    );
    for part in [&email.html, &email.text] {
        assert!(part.contains("45 minutes"));
        assert!(part.contains("Thursday 3 December 2026, 17:30 UTC"));
        assert!(part.contains("AI assistant is allowed"));
        assert!(part.contains("recorded"));
    }
}

#[test]
fn html_follows_the_theme() {
    let emails = [
        templates::invitation(&invitation_data()),
        templates::results_notification(&results_data()),
        templates::password_reset(&ResetData {
            email: "ada@example.com".into(),
            full_name: "Ada".into(),
            link: "https://app.tali.test/#/reset-password?token=t".into(),
            valid_minutes: 30,
        }),
        templates::team_invitation(&team_invitation_data()),
    ];
    for email in emails {
        assert!(email.html.starts_with("<!DOCTYPE html>"));
        assert!(email.html.contains("#9D00FF"));
        assert!(email.html.contains("border:2px solid #000000"));
        assert!(!email.html.contains("border-radius"));
        assert!(
            !email.html.contains("<link")
                && !email.html.contains("<img")
                && !email.html.contains("<style")
        );
        assert!(email.html.trim_end().ends_with("</html>"));
        let tags_ok = email
            .tags
            .iter()
            .all(|tag| tali_mail::Tag::new(tag.name(), tag.value()).is_ok());
        assert!(tags_ok, "template tags must satisfy Resend's charset");
    }
}

#[test]
fn subject_cannot_carry_line_breaks() {
    let data = InvitationData {
        organization_name: "Acme\r\nBcc: victim@example.com".into(),
        ..invitation_data()
    };
    let email = templates::invitation(&data);
    assert!(!email.subject.contains(['\r', '\n']));
    assert!(
        email
            .subject
            .starts_with("Acme Bcc: victim@example.com invited you")
    );
}

#[test]
fn link_quotes_cannot_break_out_of_the_attribute() {
    let data = InvitationData {
        link: "https://app.tali.test/#/assess/x\" onmouseover=\"alert(1)".into(),
        ..invitation_data()
    };
    let email = templates::invitation(&data);
    assert!(
        email
            .html
            .contains("href=\"https://app.tali.test/#/assess/x&quot; onmouseover=&quot;alert(1)\"")
    );
}

#[test]
fn results_notification_content() {
    let data = results_data();
    let email = templates::results_notification(&data);
    assert_eq!(email.to, "rec@acme.test");
    assert_eq!(
        email.subject,
        "Ada Lovelace completed Fix the rate limiter: 7.5 / 10"
    );
    assert_eq!(email.kind(), Some("results"));
    for part in [&email.html, &email.text] {
        assert!(part.contains("7.5 / 10"));
        assert!(part.contains("8 of 10 passed"));
        assert!(part.contains("4 Dec 2026, 10:17 CET"));
        assert!(part.contains(&data.link));
    }
}

#[test]
fn results_without_score_or_tests() {
    for score in [None, Some(f64::NAN)] {
        let email = templates::results_notification(&ResultsData {
            score,
            tests_passed: 0,
            tests_total: 0,
            ..results_data()
        });
        assert_eq!(email.subject, "Ada Lovelace completed Fix the rate limiter");
        assert!(email.text.contains("Score: Not scored yet"));
        assert!(email.text.contains("Tests: No tests ran"));
    }
}

#[test]
fn password_reset_content() {
    let data = ResetData {
        email: "ada@example.com".into(),
        full_name: "  ".into(),
        link: "https://app.tali.test/#/reset-password?token=abc&x=1".into(),
        valid_minutes: 30,
    };
    let email = templates::password_reset(&data);
    assert_eq!(email.subject, "Reset your TALI password");
    assert_eq!(email.kind(), Some("password-reset"));
    assert!(email.text.starts_with("TALI\n\nReset your password\n"));
    assert!(email.text.contains("Hello,"));
    assert!(
        email.text.contains(
            "Choose a new password: https://app.tali.test/#/reset-password?token=abc&x=1"
        )
    );
    assert!(
        email
            .html
            .contains("href=\"https://app.tali.test/#/reset-password?token=abc&amp;x=1\"")
    );
    for part in [&email.html, &email.text] {
        assert!(part.contains("expires in 30 minutes"));
    }
}

fn team_invitation_data() -> templates::TeamInvitationData {
    templates::TeamInvitationData {
        email: "grace@example.com".into(),
        inviter_name: "Ada Lovelace".into(),
        organization_name: "Acme".into(),
        role: "admin".into(),
        expires_at: Utc.with_ymd_and_hms(2026, 12, 10, 17, 30, 0).unwrap(),
        link: "https://app.tali.test/#/accept-invitation?token=t".into(),
    }
}

#[test]
fn team_invitation_names_the_inviter_the_team_and_the_expiry() {
    let email = templates::team_invitation(&team_invitation_data());
    assert_eq!(email.to, "grace@example.com");
    assert_eq!(
        email.subject,
        "Ada Lovelace invited you to join Acme on TALI"
    );
    for part in [&email.html, &email.text] {
        assert!(part.contains("https://app.tali.test/#/accept-invitation?token=t"));
        assert!(part.contains("as admin"));
        assert!(part.contains("Thursday 10 December 2026, 17:30 UTC"));
    }
    assert_eq!(email.kind(), Some("team-invitation"));
}

fn reminder_data(hours_left: u32) -> templates::ReminderData {
    templates::ReminderData {
        candidate_name: "Ada <b>".into(),
        candidate_email: " ada@example.com ".into(),
        organization_name: "Acme & Sons".into(),
        task_name: "Fix the rate limiter".into(),
        duration_minutes: 45,
        expires_at: Utc.with_ymd_and_hms(2026, 12, 3, 17, 30, 0).unwrap(),
        hours_left,
        link: "https://app.tali.test/#/assess/tok_Abc123".into(),
    }
}

#[test]
fn reminder_gives_the_link_and_the_deadline_in_plain_words() {
    let data = reminder_data(24);
    let email = templates::reminder(&data);
    assert_eq!(email.to, "ada@example.com");
    assert_eq!(email.kind(), Some("reminder"));
    assert_eq!(
        email.subject,
        "Reminder: your Acme & Sons assessment link expires in about 24 hours"
    );
    assert!(email.html.contains(&format!("href=\"{}\"", data.link)));
    assert!(
        email
            .text
            .contains(&format!("Start your assessment: {}", data.link))
    );
    for part in [&email.html, &email.text] {
        assert!(part.contains("in about 24 hours, on Thursday 3 December 2026, 17:30 UTC"));
        assert!(part.contains("45 minutes"));
        assert!(part.contains("only they can extend the link"));
    }
    assert!(email.html.contains("Ada &lt;b&gt;"), "{}", email.html);
    assert!(email.text.contains("Hi Ada <b>,"));
}

#[test]
fn reminder_words_the_last_hours() {
    assert!(
        templates::reminder(&reminder_data(1))
            .subject
            .ends_with("expires in about an hour")
    );
    assert!(
        templates::reminder(&reminder_data(0))
            .subject
            .ends_with("expires in less than an hour")
    );
}

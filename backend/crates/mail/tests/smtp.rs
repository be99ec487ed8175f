use chrono::{TimeZone, Utc};
use tali_mail::mock::SmtpMock;
use tali_mail::templates::{self, InvitationData};
use tali_mail::{Email, MailError, SmtpTransport, Transport};

const FROM: &str = "TALI <no-reply@tali.test>";

fn invitation() -> Email {
    templates::invitation(&InvitationData {
        candidate_name: "Zoë <b>".into(),
        candidate_email: "zoe@example.com".into(),
        organization_name: "Acme".into(),
        task_name: "Fix the cache".into(),
        duration_minutes: 30,
        expires_at: Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap(),
        link: "https://app.tali.test/#/assess/tok123".into(),
    })
}

/// Undoes quoted-printable soft line breaks so assertions can look for whole strings.
fn unfold(data: &str) -> String {
    data.replace("=\r\n", "")
}

#[tokio::test]
async fn delivers_a_multipart_alternative_message() {
    let server = SmtpMock::start().await.unwrap();
    let transport = SmtpTransport::from_url(&server.url(), FROM).unwrap();
    let email = invitation();
    let receipt = transport.send(&email).await.unwrap();
    assert_eq!(receipt.provider_id, None);

    let messages = server.messages();
    assert_eq!(messages.len(), 1);
    let message = &messages[0];
    assert_eq!(message.mail_from, "no-reply@tali.test");
    assert_eq!(message.recipients, ["zoe@example.com"]);
    let data = unfold(&message.data);
    assert!(
        data.contains("From: TALI <no-reply@tali.test>\r\n"),
        "{data}"
    );
    assert!(data.contains("To: zoe@example.com\r\n"));
    assert!(
        data.contains("Subject: Acme invited you to a TALI coding assessment: Fix the cache\r\n")
    );
    assert!(data.contains("Content-Type: multipart/alternative;"));
    let plain = data
        .find("Content-Type: text/plain")
        .expect("a text/plain part");
    let html = data
        .find("Content-Type: text/html")
        .expect("a text/html part");
    assert!(
        plain < html,
        "clients show the last alternative they support, so HTML goes last"
    );
    // Once in the text part; button, fallback href and fallback text in the HTML part.
    assert_eq!(
        data.matches("https://app.tali.test/#/assess/tok123")
            .count(),
        4
    );
    // UTF-8 in quoted-printable: the name stays readable in the text part and escaped in the HTML part.
    assert!(data.contains("Hi Zo=C3=AB <b>,\r\n"));
    assert!(data.contains("Hi Zo=C3=AB &lt;b&gt;,</p>"));
}

#[tokio::test]
async fn a_refused_recipient_is_permanent() {
    let server = SmtpMock::start().await.unwrap();
    server.reject_recipient("zoe@example.com");
    let transport = SmtpTransport::from_url(&server.url(), FROM).unwrap();
    let error = transport.send(&invitation()).await.unwrap_err();
    match error {
        MailError::Permanent(failure) => assert_eq!(failure.status, Some(550)),
        other => panic!("expected a permanent failure, got {other}"),
    }
    assert!(server.messages().is_empty());
}

#[tokio::test]
async fn an_invalid_recipient_address_is_permanent() {
    let server = SmtpMock::start().await.unwrap();
    let transport = SmtpTransport::from_url(&server.url(), FROM).unwrap();
    let email = Email {
        to: "not an address".into(),
        ..invitation()
    };
    let error = transport.send(&email).await.unwrap_err();
    assert!(matches!(error, MailError::Permanent(_)), "{error}");
}

#[tokio::test]
async fn an_unreachable_relay_is_transient() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let transport = SmtpTransport::from_url(&format!("smtp://127.0.0.1:{port}"), FROM).unwrap();
    let error = transport.send(&invitation()).await.unwrap_err();
    assert!(error.is_transient(), "{error}");
}

#[tokio::test]
async fn url_schemes_follow_lettre() {
    for url in [
        "smtp://mail.test:25",
        "smtp://u:p@mail.test?tls=required",
        "smtps://mail.test",
        "smtp://mail.test?tls=opportunistic",
    ] {
        assert!(SmtpTransport::from_url(url, FROM).is_ok(), "{url}");
    }
    for url in ["http://mail.test", "smtp://mail.test?tls=maybe", "smtp://"] {
        assert!(
            matches!(
                SmtpTransport::from_url(url, FROM),
                Err(MailError::Config(_))
            ),
            "{url}"
        );
    }
}

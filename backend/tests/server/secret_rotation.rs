//! Rotating `SECRET_KEY` logs nobody out: the replaced key, given as `SECRET_KEY_PREVIOUS`, still verifies the
//! tokens it signed, while new tokens are signed with the new key only.

use crate::common::TestApp;

const OLD: &str = "test-secret-key-that-is-long-enough-0123456789";
const NEW: &str = "the-rotated-secret-key-that-is-long-enough-9876";

async fn me_status(app: &TestApp, token: &str) -> u16 {
    app.get_auth("/api/v1/auth/me", token)
        .await
        .status()
        .as_u16()
}

#[tokio::test]
async fn tokens_signed_with_the_previous_key_keep_working_through_a_rotation() {
    let mut app = TestApp::spawn_with(&[("SECRET_KEY", OLD)]).await;
    let before = app.recruiter("ada@example.com").await;
    assert_eq!(me_status(&app, &before).await, 200);

    app.restart_with(&[("SECRET_KEY", NEW), ("SECRET_KEY_PREVIOUS", OLD)])
        .await;
    assert_eq!(me_status(&app, &before).await, 200, "still signed in");
    let after = app.login("ada@example.com").await;
    assert_eq!(me_status(&app, &after).await, 200);

    // The grace period ends when the previous key is removed: its tokens stop working, the new ones do not.
    app.restart_with(&[("SECRET_KEY", NEW)]).await;
    assert_eq!(me_status(&app, &before).await, 401);
    assert_eq!(me_status(&app, &after).await, 200);

    // The new key never verified anything before: a server still on the old key refuses the new tokens.
    app.restart_with(&[("SECRET_KEY", OLD)]).await;
    assert_eq!(me_status(&app, &after).await, 401);
}

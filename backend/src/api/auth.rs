//! Registration, login, the current user, password reset, and answering a team invitation (`crate::accounts`
//! does the work; rate limits are applied here, per client address and per email).

use axum::Json;
use axum::extract::{FromRequest, Request, State};
use axum::http::header::{CONTENT_TYPE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::AppendHeaders;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::accounts::joining::{self, AcceptInvitation, Accepted, InvitationPreview};
use crate::accounts::login::{self, LoginRequest, TokenOut};
use crate::accounts::password_reset::{self, ForgotPasswordRequest, Message, ResetPasswordRequest};
use crate::accounts::profile::{self, AccountUpdate, PasswordChange};
use crate::accounts::refresh;
use crate::accounts::registration::{self, Registration, UserOut};
use crate::auth::{CurrentUser, refresh_cookie};
use crate::client_ip::ClientIp;
use crate::domain::input::normalize_email;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiPath, ValidJson, json_rejection};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register))
        .routes(routes!(log_in))
        .routes(routes!(refresh_session))
        .routes(routes!(log_out))
        .routes(routes!(me, update_me))
        .routes(routes!(change_password))
        .routes(routes!(forgot_password))
        .routes(routes!(reset_password))
        .routes(routes!(invitation))
        .routes(routes!(accept_invitation))
}

/// Create an account and its organization.
#[utoipa::path(post, path = "/auth/register", tag = "auth", request_body = Registration,
    responses((status = 201, body = UserOut), (status = 400, description = "Email already registered"),
        (status = 422, description = "Invalid fields")))]
async fn register(
    State(state): State<AppState>,
    ValidJson(body): ValidJson<Registration>,
) -> ApiResult<(StatusCode, Json<UserOut>)> {
    Ok((
        StatusCode::CREATED,
        Json(registration::register(&state, body).await?),
    ))
}

#[derive(Deserialize)]
struct LoginForm {
    username: String,
    password: String,
}

/// Login credentials from either a JSON body or the OAuth2-style form the existing web client sends.
pub struct Credentials(LoginRequest);

impl<S: Send + Sync> FromRequest<S> for Credentials {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let is_form = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if is_form {
            let axum::Form(form) = axum::Form::<LoginForm>::from_request(req, state)
                .await
                .map_err(|r| ApiError::field("username", r.body_text()))?;
            return Ok(Self(LoginRequest {
                email: form.username,
                password: form.password,
            }));
        }
        let axum::Json(body) = axum::Json::<LoginRequest>::from_request(req, state)
            .await
            .map_err(json_rejection)?;
        Ok(Self(body))
    }
}

type CookieHeader = AppendHeaders<[(HeaderName, HeaderValue); 1]>;

fn cookie(value: HeaderValue) -> CookieHeader {
    AppendHeaders([(SET_COOKIE, value)])
}

/// Exchange email and password for a 30-minute access token. The answer also sets the refresh cookie
/// (`tali_refresh`, HttpOnly, SameSite=Strict, path `/api/v1/auth`) that `POST /auth/refresh` exchanges for new
/// access tokens.
#[utoipa::path(post, path = "/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = TokenOut), (status = 401, description = "Incorrect email or password"),
        (status = 403, description = "Inactive user"), (status = 429, description = "Too many attempts")))]
async fn log_in(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Credentials(body): Credentials,
) -> ApiResult<(CookieHeader, Json<TokenOut>)> {
    let email = normalize_email(&body.email);
    state
        .auth_limiter
        .check(&[format!("login-ip:{ip}"), format!("login-email:{email}")])
        .await?;
    let (token, issued) = login::login(&state, &email, body.password).await?;
    let set = refresh_cookie::set(&state.settings, &issued.token);
    Ok((cookie(set), Json(token)))
}

/// Exchange the refresh cookie for a new access token; the cookie is rotated. 401 (and the cookie cleared) when
/// it is missing, expired or revoked, or when a token already exchanged is presented again, which ends its whole
/// session family.
#[utoipa::path(post, path = "/auth/refresh", tag = "auth",
    responses((status = 200, body = TokenOut), (status = 401, description = "The session has ended")))]
async fn refresh_session(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<(CookieHeader, Json<TokenOut>), (CookieHeader, ApiError)> {
    let refused = |error: crate::domain::Error| {
        (
            cookie(refresh_cookie::clear(&state.settings)),
            ApiError::from(error),
        )
    };
    let presented = refresh_cookie::read(&headers)
        .ok_or_else(|| refused(crate::domain::Error::Unauthorized(refresh::EXPIRED.into())))?;
    let (user, issued) = refresh::rotate(&state, &presented).await.map_err(refused)?;
    let token = login::signed_in(&state, user).await.map_err(refused)?;
    let set = refresh_cookie::set(&state.settings, &issued.token);
    Ok((cookie(set), Json(token)))
}

/// Log out: the session's refresh token (and every token rotated from the same login) is revoked and the cookie
/// cleared. The access token the web app held is forgotten by the app; it expires by itself.
#[utoipa::path(post, path = "/auth/logout", tag = "auth", responses((status = 204)))]
async fn log_out(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> ApiResult<(CookieHeader, StatusCode)> {
    if let Some(presented) = refresh_cookie::read(&headers) {
        refresh::end(&state.db, &presented).await?;
    }
    Ok((
        cookie(refresh_cookie::clear(&state.settings)),
        StatusCode::NO_CONTENT,
    ))
}

/// The user the bearer token belongs to.
#[utoipa::path(get, path = "/auth/me", tag = "auth",
    responses((status = 200, body = UserOut), (status = 401, description = "Not authenticated")),
    security(("bearer" = [])))]
async fn me(State(state): State<AppState>, current: CurrentUser) -> ApiResult<Json<UserOut>> {
    Ok(Json(login::me(&state, current.user).await?))
}

/// Change the signed-in user's own name and/or email (any role: it is their own account). 400 when another
/// account has that email.
#[utoipa::path(patch, path = "/auth/me", tag = "auth", request_body = AccountUpdate,
    responses((status = 200, body = UserOut), (status = 400, description = "Email already registered"),
        (status = 401, description = "Not authenticated"), (status = 422, description = "Invalid fields")),
    security(("bearer" = [])))]
async fn update_me(
    State(state): State<AppState>,
    current: CurrentUser,
    ValidJson(body): ValidJson<AccountUpdate>,
) -> ApiResult<Json<UserOut>> {
    Ok(Json(profile::update(&state, current.user.id, body).await?))
}

/// Change the signed-in user's password given the current one. Every session of the account ends; the caller
/// stays signed in with the new access token and refresh cookie of the answer, other devices must log in again.
/// A wrong current password is a 400 (the caller stays signed in); attempts are rate-limited like logins.
#[utoipa::path(post, path = "/auth/change-password", tag = "auth", request_body = PasswordChange,
    responses((status = 200, body = TokenOut), (status = 400, description = "Current password is incorrect"),
        (status = 401, description = "Not authenticated"), (status = 422, description = "Invalid fields"),
        (status = 429, description = "Too many attempts")),
    security(("bearer" = [])))]
async fn change_password(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    current: CurrentUser,
    ValidJson(body): ValidJson<PasswordChange>,
) -> ApiResult<(CookieHeader, Json<TokenOut>)> {
    let user_id = current.user.id;
    state
        .auth_limiter
        .check(&[
            format!("password-ip:{ip}"),
            format!("password-user:{user_id}"),
        ])
        .await?;
    let (token, issued) = profile::change_password(&state, user_id, body).await?;
    let set = refresh_cookie::set(&state.settings, &issued.token);
    Ok((cookie(set), Json(token)))
}

/// Email a single-use reset link. The answer is the same whether or not the account exists.
#[utoipa::path(post, path = "/auth/forgot-password", tag = "auth", request_body = ForgotPasswordRequest,
    responses((status = 202, body = Message), (status = 429, description = "Too many attempts")))]
async fn forgot_password(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ValidJson(body): ValidJson<ForgotPasswordRequest>,
) -> ApiResult<(StatusCode, Json<Message>)> {
    let email = normalize_email(&body.email);
    state
        .auth_limiter
        .check(&[format!("forgot-ip:{ip}"), format!("forgot-email:{email}")])
        .await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(password_reset::forgot(&state, &email).await?),
    ))
}

/// Set a new password with a token from the reset email. Each token works once, for an hour.
#[utoipa::path(post, path = "/auth/reset-password", tag = "auth", request_body = ResetPasswordRequest,
    responses((status = 200, body = Message), (status = 400, description = "Invalid or expired token")))]
async fn reset_password(
    State(state): State<AppState>,
    ValidJson(body): ValidJson<ResetPasswordRequest>,
) -> ApiResult<Json<Message>> {
    Ok(Json(password_reset::reset(&state, body).await?))
}

/// What a team invitation link invites to, for the accept page (no sign-in: the link is the credential). 404 for
/// a link that is not valid, 410 for one that expired, was cancelled or was used.
#[utoipa::path(get, path = "/auth/invitations/{token}", tag = "auth",
    responses((status = 200, body = InvitationPreview), (status = 404), (status = 410)))]
async fn invitation(
    State(state): State<AppState>,
    ApiPath(token): ApiPath<String>,
) -> ApiResult<Json<InvitationPreview>> {
    Ok(Json(joining::preview(&state, &token).await?))
}

/// Accept a team invitation: creates the account (`full_name` and `password` required) or moves an existing
/// account with nothing of its own into the team (no password). The link works once.
#[utoipa::path(post, path = "/auth/accept-invitation", tag = "auth", request_body = AcceptInvitation,
    responses((status = 200, body = Accepted), (status = 400), (status = 404), (status = 409), (status = 410),
        (status = 422)))]
async fn accept_invitation(
    State(state): State<AppState>,
    ValidJson(body): ValidJson<AcceptInvitation>,
) -> ApiResult<Json<Accepted>> {
    Ok(Json(joining::accept(&state, body).await?))
}

//! Registration, login, the current user, and password reset.

use axum::Json;
use axum::extract::{FromRequest, Request, State};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use chrono::{DateTime, Duration, Utc};
use garde::Validate;
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, SqlErr,
    TransactionTrait,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::organizations::{self, OrganizationOut};
use crate::app::AppState;
use crate::auth::{CurrentUser, jwt, password};
use crate::client_ip::ClientIp;
use crate::db::entities::{organization, password_reset_token, user};
use crate::email;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ValidJson, json_rejection, not_blank, trimmed};

const RESET_TOKEN_MINUTES: i64 = 60;
const EMAIL_TAKEN: &str = "Email already registered";
const BAD_CREDENTIALS: &str = "Incorrect email or password";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register))
        .routes(routes!(login))
        .routes(routes!(me))
        .routes(routes!(forgot_password))
        .routes(routes!(reset_password))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserOut {
    pub id: i32,
    pub email: String,
    pub full_name: String,
    pub is_active: bool,
    pub is_superuser: bool,
    pub created_at: DateTime<Utc>,
    pub organization: OrganizationOut,
}

impl UserOut {
    fn new(user: user::Model, org: organization::Model) -> Self {
        Self {
            id: user.id,
            email: user.email,
            full_name: user.full_name,
            is_active: user.is_active,
            is_superuser: user.is_superuser,
            created_at: user.created_at,
            organization: org.into(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenOut {
    pub access_token: String,
    pub token_type: &'static str,
    /// Seconds until the token expires.
    pub expires_in: i64,
    pub user: UserOut,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Message {
    pub detail: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct RegisterRequest {
    #[garde(email, length(max = 320))]
    #[serde(deserialize_with = "trimmed")]
    pub email: String,
    #[garde(custom(password_rule))]
    pub password: String,
    #[garde(length(chars, max = 200), custom(not_blank))]
    pub full_name: String,
    #[garde(inner(length(chars, max = 200)))]
    pub organization_name: Option<String>,
}

fn password_rule(value: &str, _: &()) -> garde::Result {
    password::check_rule(value).map_err(garde::Error::new)
}

pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Create an account and its organization.
#[utoipa::path(post, path = "/auth/register", tag = "auth", request_body = RegisterRequest,
    responses((status = 201, body = UserOut), (status = 400, description = "Email already registered"),
        (status = 422, description = "Invalid fields")))]
async fn register(
    State(state): State<AppState>,
    ValidJson(body): ValidJson<RegisterRequest>,
) -> ApiResult<(StatusCode, Json<UserOut>)> {
    let email = normalize_email(&body.email);
    if find_user_by_email(&state, &email).await?.is_some() {
        return Err(ApiError::BadRequest(EMAIL_TAKEN.into()));
    }
    let full_name = body.full_name.trim().to_string();
    let org_name = body
        .organization_name
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| format!("{full_name}'s organization"));
    let hashed = password::hash(body.password, state.settings.server.bcrypt_cost).await?;
    let now = Utc::now();

    let txn = state.db.begin().await?;
    let org = organization::ActiveModel {
        name: Set(org_name.clone()),
        slug: Set(unique_slug(&txn, &org_name).await?),
        workable_connected: Set(false),
        plan: Set("pay_per_use".into()),
        billing_status: Set("active".into()),
        assessments_used: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let created = user::ActiveModel {
        email: Set(email),
        hashed_password: Set(hashed),
        full_name: Set(full_name),
        is_active: Set(true),
        is_superuser: Set(false),
        organization_id: Set(org.id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let created = match created {
        Ok(user) => user,
        // Two registrations racing for one email: the unique index decides, the loser gets the same answer.
        Err(err) if matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(ApiError::BadRequest(EMAIL_TAKEN.into()));
        }
        Err(err) => return Err(err.into()),
    };
    txn.commit().await?;
    tracing::info!(
        user_id = created.id,
        organization_id = org.id,
        "user registered"
    );
    Ok((StatusCode::CREATED, Json(UserOut::new(created, org))))
}

/// Slugs are unique across organizations; a clash gets a numeric suffix.
async fn unique_slug(db: &impl sea_orm::ConnectionTrait, name: &str) -> ApiResult<String> {
    let base = slugify(name);
    for n in 1.. {
        let candidate = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        let taken = organization::Entity::find()
            .filter(organization::Column::Slug.eq(&candidate))
            .one(db)
            .await?
            .is_some();
        if !taken {
            return Ok(candidate);
        }
    }
    unreachable!("an unbounded range always yields a free slug")
}

pub fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug: String = slug.chars().take(60).collect();
    if slug.is_empty() {
        "organization".into()
    } else {
        slug
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
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

/// Exchange email and password for a 30-minute access token.
#[utoipa::path(post, path = "/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = TokenOut), (status = 401, description = "Incorrect email or password"),
        (status = 403, description = "Inactive user"), (status = 429, description = "Too many attempts")))]
async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Credentials(body): Credentials,
) -> ApiResult<Json<TokenOut>> {
    let email = normalize_email(&body.email);
    state
        .auth_limiter
        .check(&[format!("login-ip:{ip}"), format!("login-email:{email}")])?;
    let found = find_user_by_email(&state, &email).await?;
    let hashed = found
        .as_ref()
        .map(|u| u.hashed_password.clone())
        .unwrap_or_else(|| state.dummy_password_hash.to_string());
    let matches = password::verify(body.password, hashed).await?;
    let user = match found {
        Some(user) if matches => user,
        _ => return Err(ApiError::Unauthorized(BAD_CREDENTIALS.into())),
    };
    if !user.is_active {
        return Err(ApiError::Forbidden("Inactive user".into()));
    }
    let org = organizations::load(&state.db, user.organization_id).await?;
    let access_token = state.jwt.issue(user.id, user.organization_id)?;
    Ok(Json(TokenOut {
        access_token,
        token_type: "bearer",
        expires_in: jwt::ACCESS_TOKEN_MINUTES * 60,
        user: UserOut::new(user, org),
    }))
}

/// The user the bearer token belongs to.
#[utoipa::path(get, path = "/auth/me", tag = "auth",
    responses((status = 200, body = UserOut), (status = 401, description = "Not authenticated")),
    security(("bearer" = [])))]
async fn me(State(state): State<AppState>, current: CurrentUser) -> ApiResult<Json<UserOut>> {
    let org = organizations::load(&state.db, current.organization_id()).await?;
    Ok(Json(UserOut::new(current.user, org)))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct ForgotPasswordRequest {
    #[garde(email, length(max = 320))]
    #[serde(deserialize_with = "trimmed")]
    pub email: String,
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
        .check(&[format!("forgot-ip:{ip}"), format!("forgot-email:{email}")])?;
    if let Some(user) = find_user_by_email(&state, &email)
        .await?
        .filter(|u| u.is_active)
    {
        send_reset_link(&state, &user).await?;
    }
    Ok((
        StatusCode::ACCEPTED,
        Json(Message {
            detail: "If an account exists for that email, a reset link is on its way.".into(),
        }),
    ))
}

async fn send_reset_link(state: &AppState, user: &user::Model) -> ApiResult<()> {
    let mut raw = [0u8; 32];
    rand::rng().fill_bytes(&mut raw);
    let token = hex::encode(raw);
    let now = Utc::now();
    password_reset_token::ActiveModel {
        user_id: Set(user.id),
        token_hash: Set(hash_token(&token)),
        expires_at: Set(now + Duration::minutes(RESET_TOKEN_MINUTES)),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&state.db)
    .await?;
    let message = tali_mail::templates::password_reset(&tali_mail::templates::ResetData {
        email: user.email.clone(),
        full_name: user.full_name.clone(),
        link: state.settings.reset_link(&token),
        valid_minutes: RESET_TOKEN_MINUTES as u32,
    });
    email::queue(
        &state.db,
        Some(user.organization_id),
        message,
        format!("password-reset/{}", hash_token(&token)),
    )
    .await?;
    Ok(())
}

fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct ResetPasswordRequest {
    #[garde(length(min = 1, max = 200))]
    pub token: String,
    #[garde(custom(password_rule))]
    pub new_password: String,
}

/// Set a new password with a token from the reset email. Each token works once, for an hour.
#[utoipa::path(post, path = "/auth/reset-password", tag = "auth", request_body = ResetPasswordRequest,
    responses((status = 200, body = Message), (status = 400, description = "Invalid or expired token")))]
async fn reset_password(
    State(state): State<AppState>,
    ValidJson(body): ValidJson<ResetPasswordRequest>,
) -> ApiResult<Json<Message>> {
    let invalid = || ApiError::BadRequest("Invalid or expired reset token".into());
    let now = Utc::now();
    let token_hash = hash_token(body.token.trim());
    let record = password_reset_token::Entity::find()
        .filter(password_reset_token::Column::TokenHash.eq(token_hash))
        .one(&state.db)
        .await?
        .filter(|t| t.used_at.is_none() && t.expires_at > now)
        .ok_or_else(invalid)?;
    let hashed = password::hash(body.new_password, state.settings.server.bcrypt_cost).await?;

    let txn = state.db.begin().await?;
    // Claiming the token with a conditional update makes a replayed or concurrent second use fail.
    let claimed = password_reset_token::Entity::update_many()
        .col_expr(password_reset_token::Column::UsedAt, Expr::value(now))
        .filter(password_reset_token::Column::Id.eq(record.id))
        .filter(password_reset_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(invalid());
    }
    user::Entity::update_many()
        .col_expr(user::Column::HashedPassword, Expr::value(hashed))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Id.eq(record.user_id))
        .exec(&txn)
        .await?;
    // Any other outstanding link for this account is void once the password changed.
    password_reset_token::Entity::update_many()
        .col_expr(password_reset_token::Column::UsedAt, Expr::value(now))
        .filter(password_reset_token::Column::UserId.eq(record.user_id))
        .filter(password_reset_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(Json(Message {
        detail: "Password updated. You can now log in.".into(),
    }))
}

async fn find_user_by_email(state: &AppState, email: &str) -> ApiResult<Option<user::Model>> {
    Ok(user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .one(&state.db)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs_are_url_safe() {
        assert_eq!(slugify("Acme Hiring, Ltd."), "acme-hiring-ltd");
        assert_eq!(slugify("  ---  "), "organization");
        assert_eq!(slugify("Ünïcode Team"), "n-code-team");
    }
}

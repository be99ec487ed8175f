//! The organization's team (`crate::accounts::team`, `crate::accounts::invitations`): every member may see who
//! is on it; owners and admins invite, change roles and remove (who may change whom is the domain's rule).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::accounts::invitations::{self, InvitationOut, NewInvitation};
use crate::accounts::team::{self, MemberOut, RoleChange};
use crate::auth::CurrentUser;
use crate::domain::roles::Role;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiPath, ValidJson};
use crate::state::AppState;

const MANAGE: &str = "manage the team";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_members, invite_member))
        .routes(routes!(change_role, remove_member))
        .routes(routes!(leave_team))
        .routes(routes!(transfer_ownership))
        .routes(routes!(list_invitations, create_invitation))
        .routes(routes!(cancel_invitation))
        .routes(routes!(resend_invitation))
}

/// The organization's members with their roles, owners first.
#[utoipa::path(get, path = "/organizations/members", tag = "organizations",
    responses((status = 200, body = [MemberOut])), security(("bearer" = [])))]
async fn list_members(
    State(state): State<AppState>,
    current: CurrentUser,
) -> ApiResult<Json<Vec<MemberOut>>> {
    Ok(Json(
        team::list(&state.db, current.organization_id()).await?,
    ))
}

/// Invite a colleague by email (the same as `POST /organizations/invitations`).
#[utoipa::path(post, path = "/organizations/members", tag = "organizations", request_body = NewInvitation,
    responses((status = 201, body = InvitationOut), (status = 403), (status = 409, description = "Already a member or invited")),
    security(("bearer" = [])))]
async fn invite_member(
    State(state): State<AppState>,
    current: CurrentUser,
    ValidJson(body): ValidJson<NewInvitation>,
) -> ApiResult<(StatusCode, Json<InvitationOut>)> {
    current.require(Role::Admin, MANAGE)?;
    let created = invitations::invite(&state, &current.user, body).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Change a member's role. Only an owner makes or changes an owner; the last owner cannot be demoted (409).
#[utoipa::path(patch, path = "/organizations/members/{id}", tag = "organizations", request_body = RoleChange,
    responses((status = 200, body = MemberOut), (status = 403), (status = 404), (status = 409, description = "The last owner")),
    security(("bearer" = [])))]
async fn change_role(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
    ApiJson(body): ApiJson<RoleChange>,
) -> ApiResult<Json<MemberOut>> {
    current.require(Role::Admin, MANAGE)?;
    Ok(Json(
        team::change_role(&state, current.organization_id(), current.role(), id, body).await?,
    ))
}

/// Remove a member: their sessions end at once; what they created stays with the organization. The last owner
/// cannot be removed (409).
#[utoipa::path(delete, path = "/organizations/members/{id}", tag = "organizations",
    responses((status = 204), (status = 403), (status = 404), (status = 409, description = "The last owner")),
    security(("bearer" = [])))]
async fn remove_member(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
) -> ApiResult<StatusCode> {
    current.require(Role::Admin, MANAGE)?;
    team::remove(&state, current.organization_id(), current.role(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Leave the organization: the account is closed and its sessions end at once; what it created stays. The last
/// owner cannot leave (409): transfer ownership first.
#[utoipa::path(post, path = "/organizations/leave", tag = "organizations",
    responses((status = 204), (status = 409, description = "The last owner")), security(("bearer" = [])))]
async fn leave_team(State(state): State<AppState>, current: CurrentUser) -> ApiResult<StatusCode> {
    current.require(Role::Member, "leave the team")?;
    team::leave(&state, &current.user).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Make another member the owner; the current owner becomes an admin. Answers the team as it now is.
#[utoipa::path(post, path = "/organizations/members/{id}/transfer-ownership", tag = "organizations",
    responses((status = 200, body = [MemberOut]), (status = 403), (status = 404), (status = 409, description = "Yourself")),
    security(("bearer" = [])))]
async fn transfer_ownership(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
) -> ApiResult<Json<Vec<MemberOut>>> {
    current.require(Role::Owner, "transfer ownership")?;
    Ok(Json(
        team::transfer_ownership(&state, &current.user, id).await?,
    ))
}

/// Invitations not yet answered (pending or expired), newest first.
#[utoipa::path(get, path = "/organizations/invitations", tag = "organizations",
    responses((status = 200, body = [InvitationOut]), (status = 403)), security(("bearer" = [])))]
async fn list_invitations(
    State(state): State<AppState>,
    current: CurrentUser,
) -> ApiResult<Json<Vec<InvitationOut>>> {
    current.require(Role::Admin, MANAGE)?;
    Ok(Json(
        invitations::list(&state.db, current.organization_id()).await?,
    ))
}

/// Invite a colleague by email with a role; the email's link works once, for seven days.
#[utoipa::path(post, path = "/organizations/invitations", tag = "organizations", request_body = NewInvitation,
    responses((status = 201, body = InvitationOut), (status = 403), (status = 409, description = "Already a member or invited"),
        (status = 422)),
    security(("bearer" = [])))]
async fn create_invitation(
    State(state): State<AppState>,
    current: CurrentUser,
    ValidJson(body): ValidJson<NewInvitation>,
) -> ApiResult<(StatusCode, Json<InvitationOut>)> {
    current.require(Role::Admin, MANAGE)?;
    let created = invitations::invite(&state, &current.user, body).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Cancel an invitation: its link stops working.
#[utoipa::path(delete, path = "/organizations/invitations/{id}", tag = "organizations",
    responses((status = 204), (status = 403), (status = 404), (status = 409)), security(("bearer" = [])))]
async fn cancel_invitation(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
) -> ApiResult<StatusCode> {
    current.require(Role::Admin, MANAGE)?;
    invitations::cancel(&state, current.organization_id(), current.role(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Send the invitation again with a new link valid for seven more days; the previous link stops working.
#[utoipa::path(post, path = "/organizations/invitations/{id}/resend", tag = "organizations",
    responses((status = 200, body = InvitationOut), (status = 403), (status = 404), (status = 409)),
    security(("bearer" = [])))]
async fn resend_invitation(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<i32>,
) -> ApiResult<Json<InvitationOut>> {
    current.require(Role::Admin, MANAGE)?;
    Ok(Json(invitations::resend(&state, &current.user, id).await?))
}

//! What the OpenAPI document says of every route, written once after the routes are collected rather than on
//! each handler: the path parameters (`{id}` is always the resource's integer id, anything else a string) and the
//! error answers the shared layers give (`src/error.rs` is the one place that maps errors to statuses), each with
//! the `{"detail", "errors"}` body. A route's own `responses(...)` still wins where it names a status. The
//! candidate's routes (tag `candidate`) that act on a started session authenticate with the `X-Assessment-Token`
//! header, declared here as the `assessment_token` scheme.

use utoipa::openapi::path::{Operation, Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{KnownFormat, SchemaFormat, Type};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{
    ContentBuilder, ObjectBuilder, OpenApi, Ref, RefOr, Required, ResponseBuilder, Schema,
};
use utoipa::{PartialSchema, ToSchema};

use crate::error::ErrorBody;

/// Statuses any route may answer, and why.
const ANY_ROUTE: &[(&str, &str)] = &[
    ("408", "The request took longer than the server allows."),
    (
        "429",
        "Too many requests; `Retry-After` says when to try again.",
    ),
];
const WITH_INPUT: &[(&str, &str)] = &[
    (
        "400",
        "The body or a parameter could not be read (malformed JSON, wrong content type).",
    ),
    ("413", "The body is larger than the server accepts."),
    (
        "422",
        "The input is readable but not valid; `errors` names each field.",
    ),
];
const AUTHENTICATED: &[(&str, &str)] = &[
    ("401", "No valid bearer token or assessment token."),
    (
        "403",
        "The token does not give access to this resource or action.",
    ),
];
const WITH_PATH: &[(&str, &str)] = &[("404", "No such resource visible to the caller.")];
const CANDIDATE_SESSION: &[(&str, &str)] = &[
    (
        "409",
        "The session is not in progress (not started yet, or already submitted).",
    ),
    ("410", "The assessment's time or link has run out."),
];

const ASSESSMENT_TOKEN: &str = "assessment_token";

pub fn complete(mut document: OpenApi) -> OpenApi {
    let error_body = register_error_body(&mut document);
    document
        .components
        .get_or_insert_with(Default::default)
        .add_security_scheme(
            ASSESSMENT_TOKEN,
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::new("X-Assessment-Token"))),
        );
    for (path, item) in document.paths.paths.iter_mut() {
        let templated = path_parameters(path);
        for operation in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ]
        .into_iter()
        .flatten()
        {
            declare_path_parameters(operation, &templated);
            let session_route = is_candidate_session_route(operation, &templated);
            if session_route {
                operation.security = Some(vec![SecurityRequirement::new(
                    ASSESSMENT_TOKEN,
                    Vec::<String>::new(),
                )]);
            }
            document_errors(operation, !templated.is_empty(), session_route, &error_body);
        }
    }
    document
}

/// A candidate route on `/assessments/{id}/...` (not the token routes that open a session) with no other scheme.
fn is_candidate_session_route(operation: &Operation, templated: &[&str]) -> bool {
    let candidate = operation
        .tags
        .as_ref()
        .is_some_and(|tags| tags.iter().any(|t| t == "candidate"));
    candidate && templated == ["id"] && operation.security.is_none()
}

fn register_error_body(document: &mut OpenApi) -> Ref {
    let components = document.components.get_or_insert_with(Default::default);
    let mut schemas = Vec::new();
    ErrorBody::schemas(&mut schemas);
    schemas.push((ErrorBody::name().into_owned(), ErrorBody::schema()));
    for (name, schema) in schemas {
        components.schemas.entry(name).or_insert(schema);
    }
    Ref::from_schema_name(ErrorBody::name())
}

/// The `{name}` segments of a path template.
fn path_parameters(path: &str) -> Vec<&str> {
    path.split('/')
        .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
        .collect()
}

fn declare_path_parameters(operation: &mut Operation, templated: &[&str]) {
    let parameters = operation.parameters.get_or_insert_with(Vec::new);
    for name in templated {
        let declared = parameters.iter().any(|p| match p {
            RefOr::T(p) => p.name == *name && p.parameter_in == ParameterIn::Path,
            RefOr::Ref(_) => false,
        });
        if !declared {
            parameters.push(RefOr::T(path_parameter(name)));
        }
    }
}

fn path_parameter(name: &str) -> Parameter {
    let (kind, description) = if name == "id" {
        (Type::Integer, "The resource's id")
    } else {
        (Type::String, "As issued by the server")
    };
    let mut schema = ObjectBuilder::new().schema_type(kind);
    if name == "id" {
        schema = schema.format(Some(SchemaFormat::KnownFormat(KnownFormat::Int32)));
    }
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Path)
        .required(Required::True)
        .description(Some(description))
        .schema(Some(Schema::Object(schema.build())))
        .build()
}

fn document_errors(
    operation: &mut Operation,
    has_path: bool,
    session_route: bool,
    error_body: &Ref,
) {
    let takes_input = has_path
        || operation.request_body.is_some()
        || operation.parameters.as_ref().is_some_and(|p| !p.is_empty());
    let authenticated = operation.security.as_ref().is_some_and(|s| !s.is_empty());
    let mut statuses: Vec<(&str, &str)> = ANY_ROUTE.to_vec();
    if takes_input {
        statuses.extend_from_slice(WITH_INPUT);
    }
    if authenticated {
        statuses.extend_from_slice(AUTHENTICATED);
    }
    if has_path {
        statuses.extend_from_slice(WITH_PATH);
    }
    if session_route {
        statuses.extend_from_slice(CANDIDATE_SESSION);
    }
    for (status, description) in statuses {
        operation
            .responses
            .responses
            .entry(status.to_string())
            .or_insert_with(|| RefOr::T(ResponseBuilder::new().description(description).build()));
    }
    // Routes name their own statuses bare (`(status = 409)`): give each its reason and, for errors, the body.
    for (status, response) in operation.responses.responses.iter_mut() {
        let RefOr::T(response) = response else {
            continue;
        };
        if response.description.is_empty() {
            response.description = reason(status).to_string();
        }
        if status.starts_with(['4', '5']) && response.content.is_empty() {
            response.content.insert(
                "application/json".to_string(),
                RefOr::T(
                    ContentBuilder::new()
                        .schema(Some(RefOr::Ref(error_body.clone())))
                        .build(),
                ),
            );
        }
    }
}

fn reason(status: &str) -> &'static str {
    status
        .parse::<u16>()
        .ok()
        .and_then(|code| axum::http::StatusCode::from_u16(code).ok())
        .and_then(|code| code.canonical_reason())
        .unwrap_or("See the body")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_templates_name_their_parameters() {
        assert_eq!(
            path_parameters("/api/v1/assessments/{id}/report.pdf"),
            ["id"]
        );
        assert_eq!(
            path_parameters("/api/v1/assessments/token/{token}/start"),
            ["token"]
        );
        assert!(path_parameters("/api/v1/tasks").is_empty());
    }
}

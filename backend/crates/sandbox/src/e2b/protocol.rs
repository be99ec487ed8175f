//! JSON shapes of the E2B control plane and of envd's `process.Process` service (proto3 JSON: lowerCamelCase,
//! defaults omitted, bytes as standard base64). Shared by the client and the mock server.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

pub(crate) const WORKSPACE: &str = "/home/user/workspace";
/// Metadata key marking sandboxes made by this service, for listing and sweeping.
pub(crate) const OWNER_KEY: &str = "tali_service";
pub(crate) const OWNER_VALUE: &str = "tali-sandbox";

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct NewSandbox {
    #[serde(rename = "templateID")]
    pub template_id: String,
    pub timeout: u64,
    pub secure: bool,
    pub allow_internet_access: bool,
    pub metadata: HashMap<String, String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Sandbox {
    #[serde(rename = "sandboxID")]
    pub sandbox_id: String,
    #[serde(rename = "envdAccessToken", default)]
    pub envd_access_token: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ListedSandbox {
    #[serde(rename = "sandboxID")]
    pub sandbox_id: String,
    #[serde(rename = "startedAt")]
    pub started_at: String,
    #[serde(default)]
    pub metadata: HashMap<String, String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Timeout {
    pub timeout: u64,
}

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct StartRequest {
    pub process: ProcessConfig,
    pub stdin: bool,
}

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ProcessConfig {
    pub cmd: String,
    pub args: Vec<String>,
    #[serde(default)]
    pub envs: HashMap<String, String>,
    pub cwd: Option<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct StartResponse {
    #[serde(default)]
    pub event: ProcessEvent,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct ProcessEvent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<StartEvent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<DataEvent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<EndEvent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keepalive: Option<serde_json::Value>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct StartEvent {
    #[serde(default, skip_serializing_if = "is_zero_u32")]
    pub pid: u32,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct DataEvent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stdout: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stderr: Option<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct EndEvent {
    /// Omitted when 0.
    #[serde(default, skip_serializing_if = "is_zero_i32")]
    pub exit_code: i32,
    #[serde(default)]
    pub exited: bool,
    #[serde(default)]
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct EndStream {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ConnectError>,
}

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ConnectError {
    pub code: String,
    #[serde(default)]
    pub message: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct ProcessSelector {
    pub pid: u32,
}

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct SendSignal {
    pub process: ProcessSelector,
    pub signal: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct RemoveRequest {
    pub path: String,
}

fn is_zero_u32(v: &u32) -> bool {
    *v == 0
}

fn is_zero_i32(v: &i32) -> bool {
    *v == 0
}

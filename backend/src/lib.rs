//! TALI's server: the HTTP API, the web app host, and the command line around them.

pub mod accounts;
pub mod analytics;
pub mod api;
pub mod app;
pub mod auth;
pub mod billing;
pub mod caches;
pub mod cli;
pub mod client_ip;
pub mod cluster;
pub mod config;
pub mod db;
pub mod domain;
pub mod email;
pub mod error;
pub mod extract;
pub mod jobs;
pub mod lifecycle;
pub mod pagination;
pub mod rate_limit;
pub mod recruiting;
pub mod seed;
pub mod session;
pub mod spa;
pub mod state;
pub mod telemetry;

//! The AI clients against local mock providers, in one test binary (one link instead of one per file).

mod common;

mod anthropic;
mod judge;
mod openai;

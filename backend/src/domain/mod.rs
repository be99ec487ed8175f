//! Pure domain rules, free of I/O, and the domain layer's one error type.

pub mod error;
pub mod pricing;
pub mod status;
pub mod vocabulary;

pub use error::{Error, Invalid, Result};

//! Pure domain rules, free of I/O, and the domain layer's one error type.

pub mod error;
pub mod input;
pub mod page;
pub mod pricing;
pub mod roles;
pub mod time_zone;
pub mod vocabulary;

pub use error::{Error, Invalid, Result};

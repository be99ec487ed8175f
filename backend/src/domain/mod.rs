//! Pure domain rules, free of I/O.

pub mod pricing;
pub mod status;

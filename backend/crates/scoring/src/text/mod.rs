//! Text primitives shared by every signal: a small Python lexer, line normalisation, winnowed
//! fingerprints, line diffs, Python structure and the fixed phrase patterns.

pub mod diff;
pub mod fingerprint;
pub mod lexer;
pub mod line_table;
pub mod patterns;
pub mod python;
pub mod similar;

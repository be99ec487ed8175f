//! Accounts: password hashing, access tokens, and the extractor that turns a bearer token into a user.

mod current_user;
pub mod jwt;
pub mod password;
pub mod refresh_cookie;

pub use current_user::CurrentUser;

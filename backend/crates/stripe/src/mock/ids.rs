//! Object ids in Stripe's style (`cus_...`, `cs_test_...`). Random rather than sequential, so a
//! restarted mock never hands out an id that a test database still holds.

use rand::Rng;
use rand::distr::Alphanumeric;

const RANDOM_CHARS: usize = 24;

pub(crate) fn new_id(prefix: &str) -> String {
    let random: String = rand::rng()
        .sample_iter(&Alphanumeric)
        .take(RANDOM_CHARS)
        .map(char::from)
        .collect();
    format!("{prefix}_{random}")
}

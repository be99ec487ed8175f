//! Third-party services: Stripe, Workable and Sentry.

use std::fmt;

use secrecy::SecretString;

use super::env::Env;
use super::server::Environment;
use super::{ConfigError, invalid, required};

#[derive(Clone, Debug, Default)]
pub struct IntegrationSettings {
    pub stripe: Option<StripeSettings>,
    /// Always present: organizations can connect Workable with an account token; OAuth needs the partner app.
    pub workable: WorkableSettings,
    /// Where errors and panics are reported; unset, nothing leaves the process.
    pub sentry: Option<SentrySettings>,
}

#[derive(Clone, Debug)]
pub struct StripeSettings {
    pub api_key: SecretString,
    /// Verifies webhooks; optional in development only.
    pub webhook_secret: Option<SecretString>,
    pub api_base: Option<String>,
    /// The Stripe price of the £300 monthly plan (`price_...`); without it the plan cannot be bought.
    pub monthly_price: Option<String>,
    /// Credits a new organization starts with.
    pub trial_credits: i32,
    /// Assessments a month the monthly plan includes (fair use).
    pub monthly_limit: u64,
    /// Days a monthly organization may keep sending after a failed payment.
    pub grace_days: i64,
}

#[derive(Clone, Debug)]
pub struct WorkableSettings {
    /// `WORKABLE_CLIENT_ID`/`WORKABLE_CLIENT_SECRET`: Workable's OAuth for official partners.
    pub oauth: Option<WorkableOAuth>,
    /// `WORKABLE_API_BASE` replaces `https://{subdomain}.workable.com` and `https://www.workable.com` (a mock,
    /// staging).
    pub api_base: Option<String>,
    /// `WORKABLE_RATE_WINDOW_MS`: Workable's rate-limit interval (10 s); tests shorten it with the mock's.
    pub rate_window_ms: u64,
}

impl Default for WorkableSettings {
    fn default() -> Self {
        Self {
            oauth: None,
            api_base: None,
            rate_window_ms: 10_000,
        }
    }
}

#[derive(Clone, Debug)]
pub struct WorkableOAuth {
    pub client_id: String,
    pub client_secret: SecretString,
}

#[derive(Clone)]
pub struct SentrySettings {
    pub dsn: sentry::types::Dsn,
}

// Hand-written because a DSN carries Sentry's project key (and, in its old form, a secret key).
impl fmt::Debug for SentrySettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SentrySettings")
            .field("host", &self.dsn.host())
            .field("project_id", &self.dsn.project_id().to_string())
            .finish_non_exhaustive()
    }
}

pub(super) fn settings(
    env: &Env,
    environment: Environment,
) -> Result<IntegrationSettings, ConfigError> {
    Ok(IntegrationSettings {
        stripe: stripe(env, environment)?,
        workable: workable(env)?,
        sentry: sentry(env)?,
    })
}

fn stripe(env: &Env, environment: Environment) -> Result<Option<StripeSettings>, ConfigError> {
    let webhook_secret = env.secret("STRIPE_WEBHOOK_SECRET");
    let api_base = env.http_url("STRIPE_API_BASE")?;
    let Some(api_key) = env.secret("STRIPE_API_KEY") else {
        return match env.first_set(&[
            "STRIPE_WEBHOOK_SECRET",
            "STRIPE_API_BASE",
            "STRIPE_PRICE_MONTHLY",
        ]) {
            Some(other) => Err(required("STRIPE_API_KEY", other)),
            None => Ok(None),
        };
    };
    if webhook_secret.is_none() && environment == Environment::Production {
        return Err(invalid(
            "STRIPE_WEBHOOK_SECRET",
            "is required in production when STRIPE_API_KEY is set (webhooks must be verified)",
        ));
    }
    Ok(Some(StripeSettings {
        api_key,
        webhook_secret,
        api_base,
        monthly_price: env.get("STRIPE_PRICE_MONTHLY"),
        trial_credits: env.parse("BILLING_TRIAL_CREDITS", 3u16)?.into(),
        monthly_limit: env.bounded("BILLING_MONTHLY_LIMIT", 200, 100_000)?,
        grace_days: env.bounded("BILLING_GRACE_DAYS", 7, 90)? as i64,
    }))
}

fn workable(env: &Env) -> Result<WorkableSettings, ConfigError> {
    let oauth = match (
        env.get("WORKABLE_CLIENT_ID"),
        env.secret("WORKABLE_CLIENT_SECRET"),
    ) {
        (Some(client_id), Some(client_secret)) => Some(WorkableOAuth {
            client_id,
            client_secret,
        }),
        (Some(_), None) => return Err(required("WORKABLE_CLIENT_SECRET", "WORKABLE_CLIENT_ID")),
        (None, Some(_)) => return Err(required("WORKABLE_CLIENT_ID", "WORKABLE_CLIENT_SECRET")),
        (None, None) => None,
    };
    Ok(WorkableSettings {
        oauth,
        api_base: env.http_url("WORKABLE_API_BASE")?,
        rate_window_ms: env.bounded("WORKABLE_RATE_WINDOW_MS", 10_000, 600_000)?,
    })
}

fn sentry(env: &Env) -> Result<Option<SentrySettings>, ConfigError> {
    let Some(raw) = env.get("SENTRY_DSN") else {
        return Ok(None);
    };
    let dsn = raw.parse().map_err(|_| {
        invalid(
            "SENTRY_DSN",
            "must be a Sentry DSN like https://<key>@<host>/<project>",
        )
    })?;
    Ok(Some(SentrySettings { dsn }))
}

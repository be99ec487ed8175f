//! When a telemetry event happened. The IDE batches events and may send them seconds (or, offline, minutes)
//! later, so the receipt time puts a paste after the run it preceded. The client's own time is used instead,
//! corrected by the client clock's skew (the batch says when it was sent, by the same clock) and bounded by the
//! session window and by receipt, so a client can date nothing before the start or after the server saw it.

use chrono::{DateTime, Duration, Utc};

use crate::domain::{Error, Result};

/// A client timestamp (RFC 3339), or a 4xx naming the field.
pub fn parse(field: &str, text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            Error::invalid(
                field,
                "must be an RFC 3339 time such as 2026-12-04T09:17:38.120Z",
            )
        })
}

/// How far the client's clock is behind the server's: receipt minus the batch's `sent_at` (zero without it).
/// The request's own transit time is part of it, so events land at most that much later, never earlier.
pub fn skew(sent_at: Option<DateTime<Utc>>, received: DateTime<Utc>) -> Duration {
    sent_at.map_or(Duration::zero(), |sent| received - sent)
}

/// The event's time by the server's clock: the client's time plus the skew, within [start, receipt]. Without
/// a client time (or a started session) it is the receipt time.
pub fn bounded(
    client_at: Option<DateTime<Utc>>,
    skew: Duration,
    started: Option<DateTime<Utc>>,
    received: DateTime<Utc>,
) -> DateTime<Utc> {
    match (client_at, started) {
        (Some(at), Some(start)) => {
            let at = at.checked_add_signed(skew).unwrap_or(received);
            at.clamp(start.min(received), received)
        }
        _ => received,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        parse("at", s).unwrap()
    }

    const START: &str = "2026-12-04T09:00:00Z";
    const RECEIVED: &str = "2026-12-04T09:10:00Z";

    #[test]
    fn an_event_keeps_its_own_time_when_the_clocks_agree() {
        let at = t("2026-12-04T09:04:12.500Z");
        let got = bounded(
            Some(at),
            skew(Some(t(RECEIVED)), t(RECEIVED)),
            Some(t(START)),
            t(RECEIVED),
        );
        assert_eq!(got, at);
    }

    #[test]
    fn a_skewed_client_clock_is_corrected_by_the_batch_send_time() {
        // The client's clock runs 2 minutes behind: it sent the batch at 09:08 by its clock, received at 09:10.
        let skew = skew(Some(t("2026-12-04T09:08:00Z")), t(RECEIVED));
        let got = bounded(
            Some(t("2026-12-04T09:02:12Z")),
            skew,
            Some(t(START)),
            t(RECEIVED),
        );
        assert_eq!(got, t("2026-12-04T09:04:12Z"));
    }

    #[test]
    fn a_client_cannot_date_an_event_before_the_start_or_after_receipt() {
        let start = Some(t(START));
        let none = Duration::zero();
        assert_eq!(
            bounded(Some(t("2026-12-04T08:00:00Z")), none, start, t(RECEIVED)),
            t(START)
        );
        assert_eq!(
            bounded(Some(t("2027-01-01T00:00:00Z")), none, start, t(RECEIVED)),
            t(RECEIVED)
        );
        // A forged send time moves events by the same amount, still inside the window.
        let forged = skew(Some(t("2020-01-01T00:00:00Z")), t(RECEIVED));
        assert_eq!(
            bounded(Some(t("2026-12-04T09:01:00Z")), forged, start, t(RECEIVED)),
            t(RECEIVED)
        );
        let max = skew(Some(DateTime::<Utc>::MAX_UTC), t(RECEIVED));
        assert_eq!(
            bounded(Some(t("2026-12-04T09:01:00Z")), max, start, t(RECEIVED)),
            t(START)
        );
    }

    #[test]
    fn without_a_client_time_or_a_start_the_receipt_time_stands() {
        assert_eq!(
            bounded(None, Duration::zero(), Some(t(START)), t(RECEIVED)),
            t(RECEIVED)
        );
        assert_eq!(
            bounded(Some(t(START)), Duration::zero(), None, t(RECEIVED)),
            t(RECEIVED)
        );
    }

    #[test]
    fn a_time_that_is_not_rfc_3339_is_refused() {
        assert!(matches!(
            parse("events[0].at", "yesterday"),
            Err(Error::Invalid(_))
        ));
        assert!(parse("at", "2026-12-04T09:04:12+01:00").is_ok());
    }
}

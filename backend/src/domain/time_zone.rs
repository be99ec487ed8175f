//! An organization's time zone: an IANA name ("Europe/Berlin"), validated against the tz database the binary
//! carries (chrono-tz), so every reader formats with the same rules whatever the server's own zone data. The
//! PDF and the results email show wall-clock times in it, with the zone's abbreviation so a reader elsewhere
//! knows which clock it is.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::{Error, Result};

pub const DEFAULT: &str = "UTC";

/// The zone of an IANA name, or a 422 naming the field.
pub fn parse(name: &str) -> Result<Tz> {
    name.trim().parse::<Tz>().map_err(|_| {
        Error::invalid(
            "time_zone",
            "must be an IANA time zone name such as Europe/Berlin or America/New_York",
        )
    })
}

/// The zone stored for an organization; a name this build does not know (written by a newer one) reads as UTC.
pub fn stored(name: &str) -> Tz {
    parse(name).unwrap_or(Tz::UTC)
}

/// "4 Dec 2026, 10:17 CET": a date and time a reader of paper or mail can use.
pub fn date_time(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz)
        .format("%-d %b %Y, %H:%M %Z")
        .to_string()
}

/// "10:17 CET": the wall clock of a moment in a session.
pub fn clock(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%H:%M %Z").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn iana_names_are_accepted_and_anything_else_refused() {
        assert_eq!(parse("Europe/Berlin").unwrap(), Tz::Europe__Berlin);
        assert_eq!(parse(" UTC ").unwrap(), Tz::UTC);
        for bad in [
            "",
            "Mars/Olympus",
            "CET+1",
            "europe/berlin ; drop",
            "+02:00",
        ] {
            assert!(matches!(parse(bad), Err(Error::Invalid(_))), "{bad}");
        }
        assert_eq!(stored("Nowhere/Else"), Tz::UTC);
    }

    #[test]
    fn times_are_shown_on_the_zones_wall_clock_with_its_abbreviation() {
        let winter = at("2026-12-04T09:17:38Z");
        assert_eq!(date_time(winter, Tz::UTC), "4 Dec 2026, 09:17 UTC");
        assert_eq!(
            date_time(winter, Tz::Europe__Berlin),
            "4 Dec 2026, 10:17 CET"
        );
        assert_eq!(clock(winter, Tz::America__New_York), "04:17 EST");
        // Summer time moves the clock and the abbreviation.
        assert_eq!(
            clock(at("2026-07-04T09:17:00Z"), Tz::Europe__Berlin),
            "11:17 CEST"
        );
        // A date past midnight in the zone is the next day there.
        assert_eq!(
            date_time(at("2026-12-04T23:30:00Z"), Tz::Asia__Tokyo),
            "5 Dec 2026, 08:30 JST"
        );
    }
}

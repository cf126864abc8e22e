//! Calendar parts of a Unix time in UTC, by arithmetic (no date library in the browser
//! bundle: chrono's formatting machinery costs more than the whole Queue screen).

/// A moment in UTC, split into what pages show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UtcParts {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

impl UtcParts {
    /// `ms`: milliseconds since 1970-01-01T00:00:00Z (negative: before it).
    pub fn from_millis(ms: i64) -> Self {
        let secs = ms.div_euclid(1000);
        let days = secs.div_euclid(86_400);
        let of_day = secs.rem_euclid(86_400) as u32;
        let (year, month, day) = civil_from_days(days);
        Self {
            year,
            month,
            day,
            hour: of_day / 3600,
            minute: of_day % 3600 / 60,
            second: of_day % 60,
        }
    }

    /// "2026-11-24"
    pub fn date(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// "14:05"
    pub fn hh_mm(&self) -> String {
        format!("{:02}:{:02}", self.hour, self.minute)
    }

    /// "2026-11-24T14:05:09Z"
    pub fn iso(&self) -> String {
        format!("{}T{}:{:02}Z", self.date(), self.hh_mm(), self.second)
    }
}

/// Year, month (1–12) and day (1–31) of the day `days` after 1970-01-01, in the proleptic
/// Gregorian calendar (eras of 400 years, each 146,097 days, counted from March 1st so that
/// the leap day ends the year).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_moments() {
        let t = UtcParts::from_millis(1_795_529_109_000);
        assert_eq!(t.iso(), "2026-11-24T14:05:09Z");
        assert_eq!(t.date(), "2026-11-24");
        assert_eq!(t.hh_mm(), "14:05");
        assert_eq!(UtcParts::from_millis(0).iso(), "1970-01-01T00:00:00Z");
        assert_eq!(UtcParts::from_millis(-1).iso(), "1969-12-31T23:59:59Z");
        assert_eq!(UtcParts::from_millis(951_782_400_000).date(), "2000-02-29");
    }

    #[test]
    fn agrees_with_chrono_over_centuries() {
        // Every 7 hours 13 minutes from 1900 to 2100, and the days around each leap day.
        let step = (7 * 3600 + 13 * 60 + 7) * 1000;
        let mut ms = -2_208_988_800_000i64;
        while ms < 4_102_444_800_000 {
            let ours = UtcParts::from_millis(ms).iso();
            let theirs = chrono::DateTime::from_timestamp_millis(ms)
                .unwrap()
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string();
            assert_eq!(ours, theirs, "at {ms}");
            ms += step;
        }
    }
}

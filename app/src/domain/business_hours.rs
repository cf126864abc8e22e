//! Business hours: a weekly schedule in the office's time zone, with holidays. No schedule
//! set means always open.
use serde::{Deserialize, Serialize};

/// One day's opening, in minutes after local midnight (`open < close ≤ 1440`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayHours {
    pub open: u16,
    pub close: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessHours {
    /// IANA zone the schedule is written in, e.g. `Europe/Berlin`.
    pub time_zone: String,
    /// Monday first; `None`: closed that day.
    pub week: [Option<DayHours>; 7],
    /// Days closed all day, as `YYYY-MM-DD` in the schedule's zone.
    pub holidays: Vec<String>,
}

pub const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// A moment as the office's wall clock and calendar show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WallClock {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// 0 = Monday.
    pub weekday: usize,
    /// Minutes after midnight.
    pub minutes: u16,
}

/// Whether the office is open at `now` (`None` hours: always).
pub fn is_open(hours: Option<&BusinessHours>, now: &WallClock) -> bool {
    let Some(hours) = hours else {
        return true;
    };
    if hours.holidays.contains(&now.date) {
        return false;
    }
    hours
        .week
        .get(now.weekday)
        .copied()
        .flatten()
        .is_some_and(|day| day.open <= now.minutes && now.minutes < day.close)
}

/// `"09:30"` → 570; `"24:00"` is the end of the day.
pub fn parse_time(raw: &str) -> Result<u16, &'static str> {
    const BAD: &str = "Use a time like 09:00.";
    let (h, m) = raw.trim().split_once(':').ok_or(BAD)?;
    let (h, m): (u16, u16) = (h.parse().map_err(|_| BAD)?, m.parse().map_err(|_| BAD)?);
    if m >= 60 || h > 24 || (h == 24 && m > 0) {
        return Err(BAD);
    }
    Ok(h * 60 + m)
}

pub fn format_time(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// A day's two fields: both empty is closed, both set is open from one to the other.
pub fn parse_day(open: &str, close: &str) -> Result<Option<DayHours>, &'static str> {
    match (open.trim().is_empty(), close.trim().is_empty()) {
        (true, true) => Ok(None),
        (false, false) => {
            let (open, close) = (parse_time(open)?, parse_time(close)?);
            if open >= close {
                return Err("The closing time must be after the opening time.");
            }
            Ok(Some(DayHours { open, close }))
        }
        _ => Err("Give both times, or neither for a closed day."),
    }
}

/// Holidays, one `YYYY-MM-DD` per line (or separated by commas), sorted and unique.
pub fn parse_holidays(raw: &str) -> Result<Vec<String>, String> {
    let mut days = Vec::new();
    for part in raw
        .split(['\n', ','])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        match chrono::NaiveDate::parse_from_str(part, "%Y-%m-%d") {
            Ok(d) if part.len() == 10 => days.push(d.format("%Y-%m-%d").to_string()),
            _ => return Err(format!("“{}” is not a date like 2026-12-25.", clip(part))),
        }
    }
    if days.len() > 366 {
        return Err("At most 366 holidays.".into());
    }
    days.sort();
    days.dedup();
    Ok(days)
}

fn clip(s: &str) -> String {
    s.chars().take(20).collect()
}

/// The wall clock in `zone` at `utc` (`None`: an unknown zone).
#[cfg(feature = "ssr")]
pub fn wall_clock(zone: &str, utc: chrono::DateTime<chrono::Utc>) -> Option<WallClock> {
    use chrono::{Datelike, Timelike};
    let tz: chrono_tz::Tz = zone.parse().ok()?;
    let local = utc.with_timezone(&tz);
    Some(WallClock {
        date: local.format("%Y-%m-%d").to_string(),
        weekday: local.weekday().num_days_from_monday() as usize,
        minutes: (local.hour() * 60 + local.minute()) as u16,
    })
}

/// Whether `zone` is a time zone the server knows.
#[cfg(feature = "ssr")]
pub fn known_zone(zone: &str) -> bool {
    zone.parse::<chrono_tz::Tz>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nine_to_five() -> BusinessHours {
        let day = Some(DayHours {
            open: 9 * 60,
            close: 17 * 60,
        });
        BusinessHours {
            time_zone: "Europe/Berlin".into(),
            week: [day, day, day, day, day, None, None],
            holidays: vec!["2026-12-25".into()],
        }
    }

    fn at(date: &str, weekday: usize, h: u16, m: u16) -> WallClock {
        WallClock {
            date: date.into(),
            weekday,
            minutes: h * 60 + m,
        }
    }

    #[test]
    fn open_within_the_day_s_hours_only() {
        let h = nine_to_five();
        assert!(is_open(Some(&h), &at("2026-12-03", 3, 9, 0)));
        assert!(is_open(Some(&h), &at("2026-12-03", 3, 16, 59)));
        assert!(
            !is_open(Some(&h), &at("2026-12-03", 3, 17, 0)),
            "closing time is closed"
        );
        assert!(!is_open(Some(&h), &at("2026-12-03", 3, 8, 59)));
        assert!(!is_open(Some(&h), &at("2026-12-05", 5, 12, 0)), "Saturday");
        assert!(!is_open(Some(&h), &at("2026-12-25", 4, 12, 0)), "a holiday");
        assert!(
            is_open(None, &at("2026-12-25", 4, 3, 0)),
            "no schedule: always open"
        );
    }

    #[test]
    fn times_days_and_holidays_are_checked() {
        assert_eq!(parse_time("09:30"), Ok(570));
        assert_eq!(parse_time("24:00"), Ok(1440));
        for bad in ["9", "24:01", "12:60", "ab:cd", "-1:00", ""] {
            assert!(parse_time(bad).is_err(), "{bad}");
        }
        assert_eq!(format_time(570), "09:30");
        assert_eq!(parse_day("", " "), Ok(None));
        assert_eq!(
            parse_day("08:00", "12:00"),
            Ok(Some(DayHours {
                open: 480,
                close: 720
            }))
        );
        assert!(parse_day("12:00", "08:00").is_err());
        assert!(parse_day("12:00", "").is_err());
        assert_eq!(
            parse_holidays("2026-12-26\n2026-12-25, 2026-12-25\n"),
            Ok(vec!["2026-12-25".to_string(), "2026-12-26".to_string()])
        );
        assert!(parse_holidays("2026-02-30").is_err());
        assert!(parse_holidays("25.12.2026").is_err());
        assert!(parse_holidays("2026-1-5").is_err());
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_wall_clock_follows_the_zone_across_dst_changes() {
        use chrono::TimeZone;
        let utc = |y, mo, d, h, mi| chrono::Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap();
        // Berlin: CET (UTC+1) until 2026-03-29 01:00 UTC, then CEST (UTC+2).
        let before = wall_clock("Europe/Berlin", utc(2026, 3, 29, 0, 30)).unwrap();
        assert_eq!((before.date.as_str(), before.minutes), ("2026-03-29", 90));
        let after = wall_clock("Europe/Berlin", utc(2026, 3, 29, 1, 30)).unwrap();
        assert_eq!(
            after.minutes,
            3 * 60 + 30,
            "02:00–03:00 does not exist that day"
        );
        assert_eq!(after.weekday, 6, "a Sunday");
        // New York falls back on 2026-11-01: 05:30 and 06:30 UTC are both 01:30 local.
        let first = wall_clock("America/New_York", utc(2026, 11, 1, 5, 30)).unwrap();
        let second = wall_clock("America/New_York", utc(2026, 11, 1, 6, 30)).unwrap();
        assert_eq!((first.minutes, second.minutes), (90, 90));
        // The date changes at local midnight, not UTC's.
        let tokyo = wall_clock("Asia/Tokyo", utc(2026, 12, 3, 15, 30)).unwrap();
        assert_eq!(
            (tokyo.date.as_str(), tokyo.weekday, tokyo.minutes),
            ("2026-12-04", 4, 30)
        );
        // Nine to five in Berlin, on a summer Monday: 07:00 UTC is 09:00 local.
        let h = nine_to_five();
        let monday = wall_clock("Europe/Berlin", utc(2026, 6, 1, 7, 0)).unwrap();
        assert!(is_open(Some(&h), &monday));
        let early = wall_clock("Europe/Berlin", utc(2026, 6, 1, 6, 59)).unwrap();
        assert!(!is_open(Some(&h), &early));
        assert!(wall_clock("Mars/Olympus_Mons", utc(2026, 6, 1, 7, 0)).is_none());
        assert!(known_zone("UTC") && !known_zone("Nowhere/City"));
    }
}

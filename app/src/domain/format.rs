//! Human wording for numbers shown in messages.

/// "45 seconds", "1 minute", "3 minutes", "2 hours": rounded up to the unit shown.
pub fn duration_words(secs: u64) -> String {
    fn plural(n: u64, unit: &str) -> String {
        if n == 1 {
            format!("1 {unit}")
        } else {
            format!("{n} {unit}s")
        }
    }
    if secs < 60 {
        plural(secs.max(1), "second")
    } else if secs < 3600 {
        plural(secs.div_ceil(60), "minute")
    } else {
        plural(secs.div_ceil(3600), "hour")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words() {
        assert_eq!(duration_words(0), "1 second");
        assert_eq!(duration_words(45), "45 seconds");
        assert_eq!(duration_words(60), "1 minute");
        assert_eq!(duration_words(61), "2 minutes");
        assert_eq!(duration_words(900), "15 minutes");
        assert_eq!(duration_words(3601), "2 hours");
    }
}

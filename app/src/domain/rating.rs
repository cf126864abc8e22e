//! Visitor ratings: the comment's rules and the satisfaction figure agents see.
use protocol::limits::RATING_COMMENT_MAX_CHARS;

/// A comment as stored: trimmed, `None` when empty, refused when too long.
pub fn comment(raw: Option<&str>) -> Result<Option<String>, &'static str> {
    let Some(text) = raw.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if text.chars().count() > RATING_COMMENT_MAX_CHARS {
        return Err("Comments can be at most 1,000 characters.");
    }
    Ok(Some(text.to_string()))
}

/// 👍 and 👎 counted over some days.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Tally {
    pub good: u32,
    pub bad: u32,
}

impl Tally {
    pub fn add(&mut self, good: bool) {
        if good {
            self.good += 1;
        } else {
            self.bad += 1;
        }
    }

    pub fn total(self) -> u32 {
        self.good + self.bad
    }

    /// The share of good ratings in whole percent (rounded half up); `None` without any.
    pub fn percent(self) -> Option<u32> {
        let total = u64::from(self.total());
        (total > 0).then(|| ((u64::from(self.good) * 200 + total) / (total * 2)) as u32)
    }

    /// "92% of 25", or "No ratings".
    pub fn label(self) -> String {
        match self.percent() {
            Some(p) => format!("{p}% of {}", self.total()),
            None => "No ratings".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_trimmed_optional_and_bounded() {
        assert_eq!(comment(None), Ok(None));
        assert_eq!(comment(Some("   ")), Ok(None));
        assert_eq!(
            comment(Some(" Quick, thanks! ")),
            Ok(Some("Quick, thanks!".into()))
        );
        assert!(comment(Some(&"é".repeat(1_000))).is_ok());
        assert!(comment(Some(&"é".repeat(1_001))).is_err());
    }

    #[test]
    fn satisfaction_is_the_share_of_good_ratings() {
        let mut t = Tally::default();
        assert_eq!((t.percent(), t.label().as_str()), (None, "No ratings"));
        t.add(true);
        assert_eq!(t.percent(), Some(100));
        t.add(false);
        assert_eq!(t.percent(), Some(50));
        let two_of_three = Tally { good: 2, bad: 1 };
        assert_eq!(two_of_three.percent(), Some(67));
        let one_of_three = Tally { good: 1, bad: 2 };
        assert_eq!(one_of_three.percent(), Some(33));
        assert_eq!(Tally { good: 0, bad: 4 }.percent(), Some(0));
        assert_eq!(Tally { good: 1, bad: 7 }.label(), "13% of 8");
    }
}

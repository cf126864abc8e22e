//! Validated input types for agents: built with `parse`, so a value that exists is valid.
use crate::error::AppError;

pub const EMAIL_MAX: usize = 254;
pub const NAME_MAX: usize = 100;
pub const PASSWORD_MIN: usize = 8;
pub const PASSWORD_MAX: usize = 256;

/// An email address, trimmed and lower-cased (so uniqueness is case-insensitive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(field: &str, raw: &str) -> Result<Self, AppError> {
        let value = raw.trim();
        if value.is_empty() {
            return Err(AppError::validation(field, "Email is required."));
        }
        if value.chars().count() > EMAIL_MAX {
            return Err(AppError::validation(
                field,
                format!("Email must be at most {EMAIL_MAX} characters."),
            ));
        }
        let valid = match value.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !value.chars().any(|c| c.is_whitespace() || c.is_control())
            }
            None => false,
        };
        if !valid {
            return Err(AppError::validation(
                field,
                "Enter an email address like name@example.com.",
            ));
        }
        Ok(Self(value.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// Control characters, line and paragraph separators, and the bidirectional overrides
/// (which can make "Ada" display as someone else's name in a list).
fn is_disallowed_in_name(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A short line of text people choose (a name, a title): trimmed, 1–`max` characters, none
/// of `is_disallowed_in_name`. Refusals name `field` and say `label`.
pub fn short_text(field: &str, label: &str, raw: &str, max: usize) -> Result<String, AppError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(AppError::validation(field, format!("{label} is required.")));
    }
    if value.chars().count() > max {
        return Err(AppError::validation(
            field,
            format!("{label} must be at most {max} characters."),
        ));
    }
    if value.chars().any(is_disallowed_in_name) {
        return Err(AppError::validation(
            field,
            format!("{label} cannot contain control characters."),
        ));
    }
    Ok(value.to_string())
}

/// A person's display name: trimmed, 1–100 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(field: &str, raw: &str) -> Result<Self, AppError> {
        short_text(field, "Name", raw, NAME_MAX).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A new password: 8–256 characters. Never trimmed, never logged.
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(field: &str, raw: &str) -> Result<Self, AppError> {
        let len = raw.chars().count();
        if len < PASSWORD_MIN {
            return Err(AppError::validation(
                field,
                format!("Password must be at least {PASSWORD_MIN} characters."),
            ));
        }
        if len > PASSWORD_MAX {
            return Err(AppError::validation(
                field,
                format!("Password must be at most {PASSWORD_MAX} characters."),
            ));
        }
        Ok(Self(raw.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

/// Sign-in input is only checked for size: a wrong shape is just a wrong credential.
pub fn check_sign_in_lengths(email: &str, password: &str) -> Result<(), AppError> {
    if email.chars().count() > EMAIL_MAX {
        return Err(AppError::validation(
            "email",
            format!("Email must be at most {EMAIL_MAX} characters."),
        ));
    }
    if password.chars().count() > PASSWORD_MAX {
        return Err(AppError::validation(
            "password",
            format!("Password must be at most {PASSWORD_MAX} characters."),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_normalized() {
        let e = Email::parse("email", "  Ada@Example.COM ").unwrap();
        assert_eq!(e.as_str(), "ada@example.com");
    }

    #[test]
    fn email_rejects_bad_shapes() {
        for bad in [
            "",
            "   ",
            "ada",
            "ada@",
            "@example.com",
            "a@b",
            "a@@b.com",
            "a b@c.com",
            "a@.com",
            "a@com.",
        ] {
            let err = Email::parse("email", bad).unwrap_err();
            assert_eq!(err.field(), Some("email"), "{bad}");
        }
    }

    #[test]
    fn email_rejects_overlong() {
        let long = format!("{}@example.com", "a".repeat(250));
        let err = Email::parse("email", &long).unwrap_err();
        assert!(err.message().contains("at most 254"));
    }

    #[test]
    fn name_rules() {
        assert_eq!(DisplayName::parse("name", " Ada ").unwrap().as_str(), "Ada");
        assert!(DisplayName::parse("name", "").is_err());
        assert!(DisplayName::parse("name", &"x".repeat(101)).is_err());
        assert!(DisplayName::parse("name", &"x".repeat(100)).is_ok());
        assert!(DisplayName::parse("name", "a\u{0007}b").is_err());
        assert!(DisplayName::parse("name", "Zoë Ünal").is_ok());
    }

    #[test]
    fn names_cannot_break_lines_or_flip_text_direction() {
        for bad in [
            "a\nb",
            "a\rb",
            "a\u{2028}b",
            "a\u{2029}b",
            "a\u{85}b",
            "ad\u{202e}nimda",
            "a\u{2066}b",
        ] {
            assert!(DisplayName::parse("name", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn password_rules() {
        assert!(NewPassword::parse("password", "short").is_err());
        assert!(NewPassword::parse("password", "eight888").is_ok());
        assert!(NewPassword::parse("password", &"p".repeat(257)).is_err());
        assert_eq!(
            format!("{:?}", NewPassword::parse("p", "secret-pass").unwrap()),
            "NewPassword(***)"
        );
    }

    #[test]
    fn sign_in_lengths() {
        assert!(check_sign_in_lengths("a@b.c", "pw").is_ok());
        assert_eq!(
            check_sign_in_lengths(&"a".repeat(255), "pw")
                .unwrap_err()
                .field(),
            Some("email")
        );
        assert_eq!(
            check_sign_in_lengths("a@b.c", &"p".repeat(257))
                .unwrap_err()
                .field(),
            Some("password")
        );
    }
}

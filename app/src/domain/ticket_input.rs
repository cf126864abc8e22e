//! Validating tickets and contacts typed by agents.
use super::validation::{DisplayName, Email};
use crate::error::AppError;

pub const SUBJECT_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 100_000;
pub const PHONE_MAX: usize = 40;
pub const COMPANY_MAX: usize = 100;
pub const NOTES_MAX: usize = 5_000;

/// A ticket subject: trimmed, one line, 1–200 characters.
pub fn subject(raw: &str) -> Result<String, AppError> {
    let s = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.is_empty() {
        return Err(AppError::validation("subject", "Subject is required."));
    }
    if s.chars().count() > SUBJECT_MAX {
        return Err(AppError::validation(
            "subject",
            format!("Subject must be at most {SUBJECT_MAX} characters."),
        ));
    }
    Ok(s)
}

pub fn description(raw: &str) -> Result<String, AppError> {
    let d = raw.trim();
    if d.chars().count() > DESCRIPTION_MAX {
        return Err(AppError::validation(
            "description",
            "Description is too long (100,000 characters at most).",
        ));
    }
    Ok(d.to_string())
}

/// An optional text field: empty becomes `None`; too long is an error on `field`.
pub fn optional(
    field: &str,
    label: &str,
    raw: &str,
    max: usize,
) -> Result<Option<String>, AppError> {
    let v = raw.trim();
    if v.is_empty() {
        return Ok(None);
    }
    if v.chars().count() > max {
        return Err(AppError::validation(
            field,
            format!("{label} must be at most {max} characters."),
        ));
    }
    Ok(Some(v.to_string()))
}

/// A contact as typed in the contact form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactInput {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub company: Option<String>,
    pub notes: Option<String>,
}

impl ContactInput {
    pub fn parse(
        name: &str,
        email: &str,
        phone: &str,
        company: &str,
        notes: &str,
    ) -> Result<Self, AppError> {
        Ok(Self {
            name: DisplayName::parse("name", name)?.into_inner(),
            email: match email.trim() {
                "" => None,
                e => Some(Email::parse("email", e)?.into_inner()),
            },
            phone: optional("phone", "Phone", phone, PHONE_MAX)?,
            company: optional("company", "Company", company, COMPANY_MAX)?,
            notes: optional("notes", "Notes", notes, NOTES_MAX)?,
        })
    }
}

/// A subject suggested from the first visitor message: one line, cut at a word boundary
/// to about 80 characters.
pub fn suggested_subject(first_message: &str) -> String {
    const SOFT_MAX: usize = 80;
    let line = first_message
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if line.chars().count() <= SOFT_MAX {
        return if line.is_empty() { "Chat".into() } else { line };
    }
    let mut out = String::new();
    for word in line.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > SOFT_MAX - 1 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = line.chars().take(SOFT_MAX - 1).collect();
    }
    format!("{}…", out.trim_end_matches([',', '.', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subject_rules() {
        assert_eq!(subject("  Printer   on\nfire ").unwrap(), "Printer on fire");
        assert_eq!(subject("  ").unwrap_err().field(), Some("subject"));
        assert!(subject(&"x".repeat(200)).is_ok());
        assert_eq!(
            subject(&"x".repeat(201)).unwrap_err().field(),
            Some("subject")
        );
    }

    #[test]
    fn contact_rules() {
        let c = ContactInput::parse(" Ann ", " Ann@X.io ", "", " Acme ", "").unwrap();
        assert_eq!(c.email.as_deref(), Some("ann@x.io"));
        assert_eq!(c.company.as_deref(), Some("Acme"));
        assert_eq!(c.phone, None);
        assert_eq!(
            ContactInput::parse("", "", "", "", "").unwrap_err().field(),
            Some("name")
        );
        assert_eq!(
            ContactInput::parse("A", "bad", "", "", "")
                .unwrap_err()
                .field(),
            Some("email")
        );
        assert_eq!(
            ContactInput::parse("A", "", &"1".repeat(41), "", "")
                .unwrap_err()
                .field(),
            Some("phone")
        );
    }

    #[test]
    fn suggested_subjects_are_short_and_cut_at_words() {
        assert_eq!(suggested_subject("My order is late"), "My order is late");
        assert_eq!(
            suggested_subject("  line one\nline two "),
            "line one line two"
        );
        let long = "Hello there, I ordered a blue teapot three weeks ago and it still has not arrived at my door";
        let s = suggested_subject(long);
        assert!(s.chars().count() <= 80, "{s}");
        assert!(s.ends_with('…'));
        assert!(long.starts_with(s.trim_end_matches('…')));
        assert_eq!(suggested_subject(""), "Chat");
        let one_word = "x".repeat(200);
        assert_eq!(suggested_subject(&one_word).chars().count(), 80);
    }
}

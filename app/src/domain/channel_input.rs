//! Rules for channel and folder names and channel descriptions.
use crate::error::AppError;

pub const CHANNEL_NAME_MAX: usize = 80;
pub const FOLDER_NAME_MAX: usize = 60;
pub const DESCRIPTION_MAX: usize = 250;

/// A channel name as stored: lower-case letters, digits, `-` and `_`, 1–80 characters.
/// `#` in front is accepted and dropped: "#Infrastructure-Team" → "infrastructure-team".
pub fn channel_name(raw: &str) -> Result<String, AppError> {
    let trimmed = raw.trim();
    let name = trimmed.strip_prefix('#').unwrap_or(trimmed).to_lowercase();
    if name.is_empty() {
        return Err(AppError::validation("name", "Name is required."));
    }
    if name.chars().count() > CHANNEL_NAME_MAX {
        return Err(AppError::validation(
            "name",
            format!("Name must be at most {CHANNEL_NAME_MAX} characters."),
        ));
    }
    let mut bad: Vec<char> = name
        .chars()
        .filter(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-' || *c == '_'))
        .collect();
    if !bad.is_empty() {
        bad.dedup();
        let shown: String = bad
            .iter()
            .take(5)
            .map(|c| {
                if *c == ' ' {
                    "space".to_string()
                } else {
                    format!("“{c}”")
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        return Err(AppError::validation(
            "name",
            format!("Use only letters, digits, “-” and “_” (not {shown})."),
        ));
    }
    Ok(name)
}

/// What + New Channel's Name field becomes as it is typed: "Tier 2 Escalations" →
/// `tier-2-escalations`. Lower case, accents dropped from Latin letters, every run of other
/// characters one `-`; a `-` at the end stays while `typing` (the next word follows it) and
/// goes once the name is done.
pub fn channel_slug(raw: &str, typing: bool) -> String {
    let mut out = String::new();
    for c in raw.trim_start().trim_start_matches('#').chars() {
        let c = fold(c.to_lowercase().next().unwrap_or(c));
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.chars().count() >= CHANNEL_NAME_MAX {
            break;
        }
    }
    if !typing {
        while out.ends_with('-') {
            out.pop();
        }
    }
    out
}

/// Latin letters with accents as their base letter (others unchanged).
fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'ß' => 's',
        c => c,
    }
}

/// A folder name: trimmed, 1–60 characters. Returns the name and its lower-case key.
pub fn folder_name(raw: &str) -> Result<(String, String), AppError> {
    let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(AppError::validation("name", "Name is required."));
    }
    if name.chars().count() > FOLDER_NAME_MAX {
        return Err(AppError::validation(
            "name",
            format!("Name must be at most {FOLDER_NAME_MAX} characters."),
        ));
    }
    let key = name.to_lowercase();
    Ok((name, key))
}

pub fn description(raw: &str) -> Result<String, AppError> {
    let d = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if d.chars().count() > DESCRIPTION_MAX {
        return Err(AppError::validation(
            "description",
            format!("Description must be at most {DESCRIPTION_MAX} characters."),
        ));
    }
    Ok(d)
}

/// A folder choice from a form: a folder id, or empty for "No folder".
pub fn folder_choice(raw: &str) -> Result<Option<crate::models::channel::FolderId>, AppError> {
    match raw.trim() {
        "" => Ok(None),
        id => id
            .parse()
            .map(|id| Some(crate::models::channel::FolderId(id)))
            .map_err(|_| AppError::validation("folder", "Choose an existing folder.")),
    }
}

/// An agent's @handle: the part of their email before the `@`, lower-cased.
pub fn handle(email: &str) -> String {
    email.split('@').next().unwrap_or_default().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_names() {
        assert_eq!(
            channel_name("#Infrastructure-Team").unwrap(),
            "infrastructure-team"
        );
        assert_eq!(channel_name(" ops_2 ").unwrap(), "ops_2");
        assert_eq!(channel_name("#").unwrap_err().field(), Some("name"));
        assert_eq!(channel_name("").unwrap_err().message(), "Name is required.");
        assert!(channel_name(&"a".repeat(80)).is_ok());
        assert!(channel_name(&"a".repeat(81)).is_err());
        let e = channel_name("team chat!").unwrap_err();
        assert_eq!(
            e.message(),
            "Use only letters, digits, “-” and “_” (not space, “!”)."
        );
        assert!(channel_name("équipe").is_err());
        assert!(channel_name("a#b").is_err());
    }

    #[test]
    fn slugs_as_you_type() {
        assert_eq!(
            channel_slug("Tier 2 Escalations", false),
            "tier-2-escalations"
        );
        assert_eq!(channel_slug("Tier ", true), "tier-");
        assert_eq!(channel_slug("Tier ", false), "tier");
        assert_eq!(channel_slug("#Café  & Crème!!", false), "cafe-creme");
        assert_eq!(channel_slug("  --ops__team--", false), "ops__team");
        assert_eq!(channel_slug("Ünïcödé ß", false), "unicode-s");
        assert_eq!(channel_slug("日本", false), "");
        assert_eq!(
            channel_slug(&"a".repeat(200), false).len(),
            CHANNEL_NAME_MAX
        );
        for raw in ["Tier 2 Escalations", "#Café  & Crème!!"] {
            assert!(channel_name(&channel_slug(raw, false)).is_ok());
        }
    }

    #[test]
    fn folder_names() {
        assert_eq!(
            folder_name("  Customer   Projects ").unwrap(),
            ("Customer Projects".into(), "customer projects".into())
        );
        assert!(folder_name(" ").is_err());
        assert!(folder_name(&"f".repeat(61)).is_err());
    }

    #[test]
    fn folder_choices() {
        assert_eq!(folder_choice(" ").unwrap(), None);
        assert_eq!(folder_choice("7").unwrap().map(|f| f.0), Some(7));
        assert_eq!(folder_choice("x").unwrap_err().field(), Some("folder"));
    }

    #[test]
    fn descriptions_and_handles() {
        assert_eq!(description(" What\nwe do ").unwrap(), "What we do");
        assert!(description(&"d".repeat(251)).is_err());
        assert_eq!(handle("Ada.Lovelace@Example.com"), "ada.lovelace");
    }
}

//! Canned responses: the shortcut and text rules, filling placeholders, and the `!` lookup
//! in the chat composer.
use crate::error::AppError;
use crate::models::agent::AgentId;
use crate::models::canned::CannedResponse;

pub const SHORTCUT_MAX: usize = 32;
/// A response is a chat message once filled: keep room for the placeholders' values.
pub const TEXT_MAX: usize = 2_000;
/// How many matches the composer lists.
pub const SUGGESTIONS_MAX: usize = 8;

/// A shortcut as stored: lower-case letters, digits, `-` and `_`, 1–32 characters; a `!`
/// in front is accepted and dropped ("!Refund" → "refund").
pub fn shortcut(raw: &str) -> Result<String, AppError> {
    let trimmed = raw.trim();
    let word = trimmed.strip_prefix('!').unwrap_or(trimmed).to_lowercase();
    if word.is_empty() {
        return Err(AppError::validation("shortcut", "Shortcut is required."));
    }
    if word.chars().count() > SHORTCUT_MAX {
        return Err(AppError::validation(
            "shortcut",
            format!("Shortcut must be at most {SHORTCUT_MAX} characters."),
        ));
    }
    if !word.chars().all(is_shortcut_char) {
        return Err(AppError::validation(
            "shortcut",
            "Use only letters, digits, “-” and “_” (one word, no spaces).",
        ));
    }
    Ok(word)
}

fn is_shortcut_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'
}

/// The response text: trimmed, 1–2,000 characters.
pub fn text(raw: &str) -> Result<String, AppError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(AppError::validation("text", "Text is required."));
    }
    if trimmed.chars().count() > TEXT_MAX {
        return Err(AppError::validation(
            "text",
            format!("Text must be at most {TEXT_MAX} characters."),
        ));
    }
    Ok(trimmed.to_string())
}

/// Who may change or delete a response: its owner, and for shared ones, admins.
pub fn may_manage(owner: Option<AgentId>, agent: AgentId, admin: bool) -> bool {
    match owner {
        Some(owner) => owner == agent,
        None => admin,
    }
}

/// What the placeholders stand for in one chat.
#[derive(Debug, Clone, Copy, Default)]
pub struct Placeholders<'a> {
    pub visitor_name: &'a str,
    pub visitor_email: Option<&'a str>,
    pub agent_name: &'a str,
}

/// The placeholders a response may use, for the settings page's hint.
pub const PLACEHOLDERS: [&str; 3] = ["{{visitor.name}}", "{{visitor.email}}", "{{agent.name}}"];

/// `text` with `{{visitor.name}}`, `{{visitor.email}}` and `{{agent.name}}` filled in
/// (spaces inside the braces allowed). An unknown placeholder stays as typed, so the agent
/// sees it before sending; a missing email becomes nothing. Values are inserted as text:
/// a value that looks like a placeholder is not filled again.
pub fn fill(text: &str, values: &Placeholders<'_>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let key = after[..end].trim();
        match key {
            "visitor.name" => out.push_str(values.visitor_name),
            "visitor.email" => out.push_str(values.visitor_email.unwrap_or_default()),
            "agent.name" => out.push_str(values.agent_name),
            _ => out.push_str(&rest[start..start + 2 + end + 2]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

/// The `!word` being typed at the end of the composer's text: its byte offset and what
/// follows the `!` (possibly empty). `!` counts only at the start of a word.
pub fn bang_query(text: &str) -> Option<(usize, &str)> {
    let start = text
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &text[start..];
    let query = word.strip_prefix('!')?;
    query
        .chars()
        .all(|c| is_shortcut_char(c.to_ascii_lowercase()))
        .then_some((start, query))
}

/// Responses for `query`: shortcuts starting with it first, then shortcuts or texts that
/// contain it; the agent's own before shared ones within each group; at most
/// `SUGGESTIONS_MAX`.
pub fn suggestions<'a>(list: &'a [CannedResponse], query: &str) -> Vec<&'a CannedResponse> {
    let q = query.to_lowercase();
    let rank = |r: &CannedResponse| -> Option<(u8, bool)> {
        if r.shortcut.starts_with(&q) {
            Some((0, r.is_shared()))
        } else if r.shortcut.contains(&q) || r.text.to_lowercase().contains(&q) {
            Some((1, r.is_shared()))
        } else {
            None
        }
    };
    let mut found: Vec<_> = list
        .iter()
        .filter_map(|r| rank(r).map(|k| (k, r)))
        .collect();
    found.sort_by(|(a, x), (b, y)| a.cmp(b).then_with(|| x.shortcut.cmp(&y.shortcut)));
    found
        .into_iter()
        .take(SUGGESTIONS_MAX)
        .map(|(_, r)| r)
        .collect()
}

/// The composer's text once the `!word` at `start` is replaced by `filled`.
pub fn insert(text: &str, start: usize, filled: &str) -> String {
    format!("{}{}", &text[..start], filled)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::canned::CannedResponseId;

    fn r(id: i64, shortcut: &str, text: &str, owner: Option<i64>) -> CannedResponse {
        CannedResponse {
            id: CannedResponseId(id),
            shortcut: shortcut.into(),
            text: text.into(),
            owner: owner.map(AgentId),
        }
    }

    #[test]
    fn shortcut_rules() {
        assert_eq!(shortcut(" !Refund ").unwrap(), "refund");
        assert_eq!(shortcut("reset-pw_2").unwrap(), "reset-pw_2");
        assert!(shortcut("").is_err());
        assert!(shortcut("!").is_err());
        assert!(shortcut("two words").is_err());
        assert!(shortcut("<script>").is_err());
        assert!(shortcut(&"a".repeat(33)).is_err());
        assert!(shortcut(&"a".repeat(32)).is_ok());
    }

    #[test]
    fn owners_manage_their_own_and_admins_the_shared_ones() {
        let (ada, bob) = (AgentId(1), AgentId(2));
        assert!(may_manage(None, ada, true));
        assert!(!may_manage(None, ada, false));
        assert!(may_manage(Some(ada), ada, false));
        assert!(!may_manage(Some(ada), bob, false));
        // Personal responses stay personal, even for admins.
        assert!(!may_manage(Some(ada), bob, true));
    }

    #[test]
    fn text_rules() {
        assert_eq!(text("  Hi  ").unwrap(), "Hi");
        assert!(text("   ").is_err());
        assert!(text(&"x".repeat(TEXT_MAX + 1)).is_err());
    }

    #[test]
    fn fills_known_placeholders_and_keeps_unknown_ones() {
        let v = Placeholders {
            visitor_name: "Vi",
            visitor_email: Some("vi@example.com"),
            agent_name: "Ada",
        };
        assert_eq!(
            fill("Hi {{visitor.name}}, {{ agent.name }} here. We'll write to {{visitor.email}}. {{ticket.id}}", &v),
            "Hi Vi, Ada here. We'll write to vi@example.com. {{ticket.id}}"
        );
        assert_eq!(fill("no braces {{ open", &v), "no braces {{ open");
        let none = Placeholders {
            visitor_email: None,
            ..v
        };
        assert_eq!(fill("Mail: {{visitor.email}}.", &none), "Mail: .");
    }

    #[test]
    fn filled_values_are_not_filled_again() {
        let v = Placeholders {
            visitor_name: "{{agent.name}}",
            visitor_email: None,
            agent_name: "Ada",
        };
        assert_eq!(fill("Hi {{visitor.name}}", &v), "Hi {{agent.name}}");
    }

    #[test]
    fn bang_only_at_the_start_of_the_last_word() {
        assert_eq!(bang_query("!ref"), Some((0, "ref")));
        assert_eq!(bang_query("Sure, !re"), Some((6, "re")));
        assert_eq!(bang_query("Sure\n!"), Some((5, "")));
        assert_eq!(bang_query("Wow!ref"), None);
        assert_eq!(bang_query("!ref done"), None);
        assert_eq!(bang_query("!a b"), None);
        assert_eq!(bang_query("Great!"), None);
        assert_eq!(bang_query("!what?"), None);
        assert_eq!(bang_query(""), None);
    }

    #[test]
    fn suggestions_rank_prefix_then_contains_then_own_first() {
        let list = vec![
            r(1, "refund", "Your refund is on its way", None),
            r(2, "hello", "Hello {{visitor.name}}", None),
            r(3, "refund-eu", "Refunds in the EU take 5 days", Some(7)),
            r(4, "policy", "See our refund policy", None),
            r(5, "bye", "Goodbye", None),
        ];
        let ids = |q: &str| {
            suggestions(&list, q)
                .iter()
                .map(|r| r.id.0)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("ref"), vec![3, 1, 4]);
        assert_eq!(ids("REF"), vec![3, 1, 4]);
        assert_eq!(ids(""), vec![3, 5, 2, 4, 1]);
        assert_eq!(ids("zzz"), Vec::<i64>::new());
    }

    #[test]
    fn suggestions_are_capped() {
        let list: Vec<_> = (0..20)
            .map(|i| r(i, &format!("s{i:02}"), "t", None))
            .collect();
        assert_eq!(suggestions(&list, "s").len(), SUGGESTIONS_MAX);
    }

    #[test]
    fn insert_replaces_the_bang_word() {
        let text = "Sure, !ref";
        let (start, _) = bang_query(text).unwrap();
        assert_eq!(insert(text, start, "Your refund"), "Sure, Your refund");
    }
}

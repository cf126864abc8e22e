//! `@` in a message field: the word being typed after `@`, and the members it may name
//! (by handle or display name), for the composer's listbox.
use crate::models::channel::MemberInfo;

/// At most this many members are offered.
pub const SUGGESTIONS_MAX: usize = 8;

/// `(start of the @word, what follows the @)` when the text ends in an `@word`.
pub fn at_query(text: &str) -> Option<(usize, &str)> {
    let start = text
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let query = text[start..].strip_prefix('@')?;
    query
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '+'))
        .then_some((start, query))
}

/// Members whose handle or a word of their name starts with `query` first, then those
/// containing it; in their given order within each group.
pub fn suggestions<'a>(members: &'a [MemberInfo], query: &str) -> Vec<&'a MemberInfo> {
    let q = query.to_lowercase();
    let starts = |m: &MemberInfo| {
        m.handle.starts_with(&q)
            || m.name
                .to_lowercase()
                .split_whitespace()
                .any(|w| w.starts_with(&q))
    };
    let contains = |m: &MemberInfo| m.handle.contains(&q) || m.name.to_lowercase().contains(&q);
    let mut out: Vec<&MemberInfo> = members.iter().filter(|m| starts(m)).collect();
    out.extend(members.iter().filter(|m| !starts(m) && contains(m)));
    out.truncate(SUGGESTIONS_MAX);
    out
}

/// The text with its `@word` (from `start`) replaced by the member's `@handle `.
pub fn complete(text: &str, start: usize, handle: &str) -> String {
    format!("{}@{handle} ", &text[..start])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::agent::AgentId;

    fn m(id: i64, name: &str, handle: &str) -> MemberInfo {
        MemberInfo {
            id: AgentId(id),
            name: name.into(),
            handle: handle.into(),
        }
    }

    #[test]
    fn the_word_after_at_at_the_end() {
        assert_eq!(at_query("hey @bo"), Some((4, "bo")));
        assert_eq!(at_query("@"), Some((0, "")));
        assert_eq!(at_query("mail bob@example.com"), None, "not a mention");
        assert_eq!(at_query("@bob done"), None, "the cursor has moved on");
        assert_eq!(at_query("ping @bob.smith"), Some((5, "bob.smith")));
        assert_eq!(at_query("x @b<c"), None);
    }

    #[test]
    fn members_by_handle_or_name() {
        let all = [
            m(1, "Ada Admin", "admin"),
            m(2, "Bob Stone", "bob"),
            m(3, "Jim Bobson", "jim"),
            m(4, "Cy", "cy.bo"),
        ];
        let names = |q| {
            suggestions(&all, q)
                .iter()
                .map(|x| x.handle.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(names("bo"), vec!["bob", "jim", "cy.bo"]);
        assert_eq!(names("BOB"), vec!["bob", "jim"]);
        assert_eq!(names(""), vec!["admin", "bob", "jim", "cy.bo"]);
        assert!(names("zz").is_empty());
        assert_eq!(complete("hey @bo", 4, "bob"), "hey @bob ");
    }
}

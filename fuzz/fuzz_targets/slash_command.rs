//! `app::domain::slash_command`: what an agent types in a channel or chat composer.
//!
//! Properties, in both places: no panic; text that does not start with `/` (after
//! trimming) is posted unchanged, `//x` posts `/x`; a parsed command is allowed in its
//! place and its arguments are what `parse` promises: trimmed (no leading or trailing
//! whitespace), within their length limits, non-empty where required, and an invited handle
//! is non-empty without whitespace; plain text is never refused; refusals carry a message.
//! `suggestions` answers exactly when a command word is being typed and only offers
//! commands of that place whose word starts with it.
#![no_main]

use app::domain::channel_input::DESCRIPTION_MAX;
use app::domain::slash_command::{available, parse, suggestions, Command, Input, Place};
use libfuzzer_sys::fuzz_target;

fn trimmed(what: &str, s: &str) {
    assert_eq!(s, s.trim(), "{what} {s:?} is not trimmed");
}

fn check_parse(place: Place, raw: &str) {
    let text = raw.trim();
    match parse(place, raw) {
        Ok(Input::Text(t)) => {
            if let Some(rest) = text.strip_prefix('/') {
                assert!(
                    rest.starts_with('/'),
                    "{raw:?} is a command line but was posted"
                );
                let expected: String = raw.trim_start().chars().skip(1).collect();
                assert_eq!(t, expected, "escaped text changed");
            } else {
                assert_eq!(t, raw, "plain text changed");
            }
        }
        Ok(Input::Command(cmd)) => {
            assert!(
                text.starts_with('/') && !text.starts_with("//"),
                "{raw:?} is not a command line"
            );
            let word = match &cmd {
                Command::Ticket { .. } => "ticket",
                Command::Contact { .. } => "contact",
                Command::Invite { .. } => "invite",
                Command::Leave => "leave",
                Command::Topic { .. } => "topic",
                Command::Help => "help",
            };
            assert!(
                available(place).any(|c| c.word == word),
                "/{word} accepted where it is not available"
            );
            match &cmd {
                Command::Ticket { subject } => {
                    trimmed("subject", subject);
                    assert!(!subject.is_empty());
                    assert!(subject.chars().count() <= 200);
                }
                Command::Contact { query } => {
                    trimmed("query", query);
                    assert!(!query.is_empty());
                    assert!(query.chars().count() <= 100);
                }
                Command::Invite { handle } => {
                    assert!(!handle.is_empty(), "empty handle");
                    assert!(
                        !handle.chars().any(char::is_whitespace),
                        "handle {handle:?} has whitespace"
                    );
                }
                Command::Topic { text } => {
                    trimmed("topic", text);
                    assert!(text.chars().count() <= DESCRIPTION_MAX);
                }
                Command::Leave | Command::Help => {}
            }
        }
        Err(e) => {
            assert!(text.starts_with('/'), "plain text {raw:?} refused");
            assert!(!e.0.is_empty(), "refusal without a message");
        }
    }
}

fn check_suggestions(place: Place, typed: &str) {
    let answers = typed
        .strip_prefix('/')
        .is_some_and(|rest| !rest.starts_with('/') && !rest.chars().any(char::is_whitespace));
    match suggestions(place, typed) {
        None => assert!(!answers, "no suggestions for {typed:?}"),
        Some(list) => {
            assert!(answers, "suggestions for {typed:?}");
            let prefix = typed[1..].to_lowercase();
            for c in list {
                assert!(
                    c.places.contains(&place),
                    "/{} offered in the wrong place",
                    c.word
                );
                assert!(
                    c.word.starts_with(&prefix),
                    "/{} offered for {typed:?}",
                    c.word
                );
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    for place in [Place::Channel, Place::ChatSession] {
        check_parse(place, raw);
        check_suggestions(place, raw);
    }
});

//! Slash commands: what exists, where, and parsing what was typed.
//!
//! One registry for the autocomplete list and the server: each command has a name, an
//! argument hint, a one-line description, the places it works, and who may use it.

/// Where a message field is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Channel,
    ChatSession,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    AnyAgent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandName {
    Ticket,
    Contact,
    Invite,
    Leave,
    Topic,
    Help,
}

#[derive(Debug, Clone, Copy)]
pub struct CommandSpec {
    pub name: CommandName,
    pub word: &'static str,
    pub args: &'static str,
    pub description: &'static str,
    pub places: &'static [Place],
    pub permission: Permission,
}

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        name: CommandName::Ticket,
        word: "ticket",
        args: "<subject>",
        description: "Create a ticket (in a chat: from this chat, like Create Ticket)",
        places: &[Place::Channel, Place::ChatSession],
        permission: Permission::AnyAgent,
    },
    CommandSpec {
        name: CommandName::Contact,
        word: "contact",
        args: "<name or email>",
        description: "Look up contacts (only you see the result)",
        places: &[Place::Channel, Place::ChatSession],
        permission: Permission::AnyAgent,
    },
    CommandSpec {
        name: CommandName::Invite,
        word: "invite",
        args: "@agent",
        description: "Add an agent to this channel",
        places: &[Place::Channel],
        permission: Permission::AnyAgent,
    },
    CommandSpec {
        name: CommandName::Leave,
        word: "leave",
        args: "",
        description: "Leave this channel",
        places: &[Place::Channel],
        permission: Permission::AnyAgent,
    },
    CommandSpec {
        name: CommandName::Topic,
        word: "topic",
        args: "<text>",
        description: "Set this channel's description",
        places: &[Place::Channel],
        permission: Permission::AnyAgent,
    },
    CommandSpec {
        name: CommandName::Help,
        word: "help",
        args: "",
        description: "List the commands you can use here",
        places: &[Place::Channel, Place::ChatSession],
        permission: Permission::AnyAgent,
    },
];

/// The commands available in `place`, for autocomplete and /help.
pub fn available(place: Place) -> impl Iterator<Item = &'static CommandSpec> {
    COMMANDS.iter().filter(move |c| c.places.contains(&place))
}

/// Autocomplete: commands in `place` whose word starts with what follows the `/`.
/// `None` when the field does not start a command (no `/`, `//`, or a space already typed).
pub fn suggestions(place: Place, typed: &str) -> Option<Vec<&'static CommandSpec>> {
    let rest = typed.strip_prefix('/')?;
    if rest.starts_with('/') || rest.contains(char::is_whitespace) {
        return None;
    }
    let prefix = rest.to_lowercase();
    Some(
        available(place)
            .filter(|c| c.word.starts_with(&prefix))
            .collect(),
    )
}

/// What a message field's text means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Post as a message (`//x` posts `/x`).
    Text(String),
    Command(Command),
}

/// A command with its arguments checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Ticket { subject: String },
    Contact { query: String },
    Invite { handle: String },
    Leave,
    Topic { text: String },
    Help,
}

/// Why a command line is refused (shown only to the person who typed it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandError(pub String);

pub fn parse(place: Place, raw: &str) -> Result<Input, CommandError> {
    let text = raw.trim();
    let Some(rest) = text.strip_prefix('/') else {
        return Ok(Input::Text(raw.to_string()));
    };
    if rest.starts_with('/') {
        return Ok(Input::Text(raw.trim_start().chars().skip(1).collect()));
    }
    let (word, args) = match rest.split_once(char::is_whitespace) {
        Some((w, a)) => (w, a.trim()),
        None => (rest, ""),
    };
    let word = word.to_lowercase();
    let Some(spec) = COMMANDS.iter().find(|c| c.word == word) else {
        return Err(CommandError(format!(
            "Unknown command /{word}. Type /help to see the commands."
        )));
    };
    if !spec.places.contains(&place) {
        return Err(CommandError(format!("/{} does not work here.", spec.word)));
    }
    let usage = || CommandError(format!("Usage: /{} {}", spec.word, spec.args));
    let command = match spec.name {
        CommandName::Ticket => {
            if args.is_empty() || args.chars().count() > 200 {
                return Err(usage());
            }
            Command::Ticket {
                subject: args.to_string(),
            }
        }
        CommandName::Contact => {
            if args.is_empty() || args.chars().count() > 100 {
                return Err(usage());
            }
            Command::Contact {
                query: args.to_string(),
            }
        }
        CommandName::Invite => {
            let handle = args.strip_prefix('@').unwrap_or(args).to_lowercase();
            if handle.is_empty() || handle.contains(char::is_whitespace) {
                return Err(usage());
            }
            Command::Invite { handle }
        }
        CommandName::Leave => {
            if !args.is_empty() {
                return Err(usage());
            }
            Command::Leave
        }
        CommandName::Topic => {
            if args.chars().count() > crate::domain::channel_input::DESCRIPTION_MAX {
                return Err(CommandError(
                    "A topic can be at most 250 characters.".into(),
                ));
            }
            Command::Topic {
                text: args.to_string(),
            }
        }
        CommandName::Help => Command::Help,
    };
    Ok(Input::Command(command))
}

/// The /help text for `place`.
pub fn help(place: Place) -> String {
    available(place)
        .map(|c| {
            let usage = if c.args.is_empty() {
                format!("/{}", c.word)
            } else {
                format!("/{} {}", c.word, c.args)
            };
            format!("{usage} — {}", c.description)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_and_escapes() {
        assert_eq!(
            parse(Place::Channel, "hello").unwrap(),
            Input::Text("hello".into())
        );
        assert_eq!(
            parse(Place::Channel, "//etc/hosts is odd").unwrap(),
            Input::Text("/etc/hosts is odd".into())
        );
    }

    #[test]
    fn commands_and_their_arguments() {
        assert_eq!(
            parse(Place::Channel, "/ticket Printer on fire").unwrap(),
            Input::Command(Command::Ticket {
                subject: "Printer on fire".into()
            })
        );
        assert_eq!(
            parse(Place::ChatSession, "/TICKET  x ").unwrap(),
            Input::Command(Command::Ticket {
                subject: "x".into()
            })
        );
        assert_eq!(
            parse(Place::Channel, "/ticket").unwrap_err().0,
            "Usage: /ticket <subject>"
        );
        assert_eq!(
            parse(Place::Channel, "/contact ann@acme").unwrap(),
            Input::Command(Command::Contact {
                query: "ann@acme".into()
            })
        );
        assert!(parse(Place::Channel, "/contact").is_err());
        assert_eq!(
            parse(Place::Channel, "/invite @Bob.B").unwrap(),
            Input::Command(Command::Invite {
                handle: "bob.b".into()
            })
        );
        assert!(parse(Place::Channel, "/invite").is_err());
        assert!(parse(Place::Channel, "/invite @a b").is_err());
        assert_eq!(
            parse(Place::Channel, "/leave").unwrap(),
            Input::Command(Command::Leave)
        );
        assert!(parse(Place::Channel, "/leave now").is_err());
        assert_eq!(
            parse(Place::Channel, "/topic Incidents only").unwrap(),
            Input::Command(Command::Topic {
                text: "Incidents only".into()
            })
        );
        assert!(parse(Place::Channel, &format!("/topic {}", "t".repeat(251))).is_err());
        assert_eq!(
            parse(Place::Channel, "/help").unwrap(),
            Input::Command(Command::Help)
        );
    }

    #[test]
    fn unknown_and_misplaced_commands() {
        assert_eq!(
            parse(Place::Channel, "/shrug").unwrap_err().0,
            "Unknown command /shrug. Type /help to see the commands."
        );
        assert_eq!(
            parse(Place::ChatSession, "/leave").unwrap_err().0,
            "/leave does not work here."
        );
    }

    #[test]
    fn autocomplete() {
        let words = |p, t| suggestions(p, t).map(|v| v.iter().map(|c| c.word).collect::<Vec<_>>());
        assert_eq!(
            words(Place::Channel, "/"),
            Some(vec![
                "ticket", "contact", "invite", "leave", "topic", "help"
            ])
        );
        assert_eq!(
            words(Place::ChatSession, "/"),
            Some(vec!["ticket", "contact", "help"])
        );
        assert_eq!(words(Place::Channel, "/t"), Some(vec!["ticket", "topic"]));
        assert_eq!(words(Place::Channel, "/ticket x"), None);
        assert_eq!(words(Place::Channel, "//"), None);
        assert_eq!(words(Place::Channel, "hi"), None);
    }

    #[test]
    fn help_lists_the_place_commands() {
        let h = help(Place::ChatSession);
        assert!(h.contains("/ticket <subject> — "));
        assert!(!h.contains("/leave"));
    }
}

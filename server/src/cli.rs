//! Command line: `server` (serve), `server migrate`, `server create-agent`.
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "server",
    version,
    about = "Helpdesk Chat & Messaging server",
    long_about = "Serves the agent app, the visitor widget and their APIs.\n\n\
Environment (defaults in brackets):\n  \
LEPTOS_SITE_ADDR     address to listen on [127.0.0.1:3000]\n  \
LEPTOS_SITE_ROOT     built site to serve [target/site]\n  \
CHAT_WIDGET_ROOT     built visitor widget [target/widget]\n  \
DATABASE_URL         database [sqlite://data/chat.db?mode=rwc]\n  \
RUST_LOG             log filter [info]\n  \
LOG_FORMAT           'json' for JSON log lines [text]\n  \
CHAT_ADMIN_EMAIL     with CHAT_ADMIN_PASSWORD: create this admin at start if absent\n  \
CHAT_ADMIN_PASSWORD  the first admin's password (8+ characters)\n  \
CHAT_ADMIN_NAME      the first admin's display name [Admin]\n  \
CHAT_SECURE_COOKIES  1: always mark cookies Secure [only behind an https proxy]\n  \
CHAT_TRUST_PROXY     N trusted proxies append to X-Forwarded-For [0: socket address]\n  \
CHAT_NEW_CHAT_BURST  chats one address may start at once, then 1/minute [5]\n  \
CHAT_WIDGET_ORIGINS  sites allowed to embed the widget, comma-separated [*]\n  \
CHAT_AGENT_ORIGINS   extra origins for the agent app (socket, /api) [own origin]\n  \
CHAT_AGENT_REQUEST_RATE server function calls per second per agent [20]\n  \
CHAT_VISITOR_MESSAGE_RATE messages per second a visitor may send in a chat [1, 10 at once]\n  \
CHAT_SOCKET_FRAME_RATE frames a client may send per second on a socket [20]"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create an agent account.
    CreateAgent {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// At least 8 characters. Prefer the CHAT_AGENT_PASSWORD variable: flags show in `ps`.
        #[arg(long, env = "CHAT_AGENT_PASSWORD", hide_env_values = true)]
        password: String,
        /// Make the agent an admin.
        #[arg(long)]
        admin: bool,
    },
}

//! Configuration from the environment, with documented defaults (see README).
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use app::domain::rate_limit::{Bucket, RatePolicy};

/// Default database: an SQLite file under `./data/`, created when absent.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/chat.db?mode=rwc";

#[derive(Debug, Clone)]
pub struct Config {
    /// `LEPTOS_SITE_ADDR`, default 127.0.0.1:3000.
    pub site_addr: SocketAddr,
    /// `LEPTOS_SITE_ROOT`, where the built site (pkg/, assets) is served from.
    pub site_root: String,
    /// `CHAT_WIDGET_ROOT`: the built widget (`widget.js`, `widget/…`); default: a `widget`
    /// folder beside the site root (`target/widget`).
    pub widget_root: String,
    /// `DATABASE_URL`.
    pub database_url: String,
    /// `CHAT_ADMIN_EMAIL` / `CHAT_ADMIN_PASSWORD` / `CHAT_ADMIN_NAME`: first admin.
    pub admin: Option<AdminSeed>,
    /// `CHAT_SECURE_COOKIES=1`: always mark cookies Secure (else only behind https proxies).
    pub secure_cookies: bool,
    /// `CHAT_TRUST_PROXY=N`: N proxies in front append to `X-Forwarded-For`; the client is
    /// the address the outermost trusted one saw (0, the default: the socket peer).
    pub trusted_proxy_hops: u32,
    /// `CHAT_NEW_CHAT_BURST`: chats one client address may start at once, then one a
    /// minute (default 5).
    pub new_chat_burst: u32,
    /// `CHAT_WIDGET_ORIGINS`: who may call the visitor endpoints (default `*`, any site).
    pub widget_origins: OriginPolicy,
    /// `CHAT_AGENT_ORIGINS`: extra origins for the agent app (its socket and server
    /// functions; default: own origin only).
    pub agent_origins: OriginPolicy,
    /// `CHAT_AGENT_REQUEST_RATE`: server function calls per second per agent (three times
    /// that at once). Default 20. (Tests set the policy directly.)
    pub agent_requests: RatePolicy,
    /// `CHAT_SOCKET_FRAME_RATE`: frames a client may send per second on a live socket
    /// (twice that at once); beyond, the socket closes with 4429. Default 20.
    pub socket_frame_rate: u32,
    /// `CHAT_VISITOR_MESSAGE_RATE`: messages a visitor may send per second in one chat
    /// (default 1, after a burst of 10; tests set the policy directly).
    pub visitor_messages: RatePolicy,
    /// Heartbeats of the live sockets (not configurable by environment; tests shorten them).
    pub live: crate::live::socket::LiveTimings,
    /// `CHAT_HUB=local|postgres`: how live events reach sockets. Default: `postgres` when
    /// `DATABASE_URL` is PostgreSQL (instances share events), else `local` (one process).
    pub hub: HubChoice,
    /// The PostgreSQL hub's first wait before reconnecting its listener (doubling up to
    /// 5 s). Not configurable by environment; tests lengthen it to cut a listener for sure.
    pub hub_first_retry: Duration,
    /// `CHAT_METRICS_ADDR` (e.g. `127.0.0.1:9100`): serve `/metrics` (Prometheus) there, on
    /// its own listener so it is never public with the app. Off when unset.
    pub metrics_addr: Option<String>,
    /// `CHAT_SMTP_URL` (and `CHAT_SMTP_FROM`): where transcripts are mailed from. Unset: the
    /// widget does not offer them.
    pub smtp: Option<crate::mailer::SmtpSettings>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HubChoice {
    Auto,
    Local,
    Postgres,
}

impl HubChoice {
    pub fn parse(v: Option<&str>) -> HubChoice {
        match v.map(|v| v.trim().to_ascii_lowercase()).as_deref() {
            Some("local") => HubChoice::Local,
            Some("postgres") | Some("postgresql") => HubChoice::Postgres,
            _ => HubChoice::Auto,
        }
    }

    /// Whether the PostgreSQL hub is used with `database_url`.
    pub fn uses_postgres(self, database_url: &str) -> bool {
        match self {
            HubChoice::Local => false,
            HubChoice::Postgres => true,
            HubChoice::Auto => database_url.starts_with("postgres"),
        }
    }
}

/// `target/site` → `target/widget`: beside the Leptos site, which cargo-leptos empties on
/// every build.
pub fn default_widget_root(site_root: &str) -> String {
    let site = std::path::Path::new(site_root);
    match site.parent() {
        Some(parent) => parent.join("widget").to_string_lossy().into_owned(),
        None => "widget".into(),
    }
}

/// Which `Origin`s may open a socket or call an endpoint from a browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OriginPolicy {
    Any,
    /// Exactly these origins, e.g. `https://shop.example.com`.
    List(Vec<String>),
    /// The server's own origin (from the `Host` header), plus these.
    SameHost(Vec<String>),
}

impl OriginPolicy {
    /// `*` → any; otherwise a comma-separated list of origins.
    pub fn parse_list(raw: Option<&str>, default: OriginPolicy) -> OriginPolicy {
        match raw.map(str::trim) {
            None | Some("") => default,
            Some("*") => OriginPolicy::Any,
            Some(list) => OriginPolicy::List(split_origins(list)),
        }
    }
}

impl OriginPolicy {
    /// Whether a browser's `Origin` is allowed, for a request with this `Host`.
    pub fn allows(&self, origin: &str, host: Option<&str>) -> bool {
        match self {
            OriginPolicy::Any => true,
            OriginPolicy::List(list) => list.iter().any(|o| o.eq_ignore_ascii_case(origin)),
            OriginPolicy::SameHost(extra) => {
                let origin_host = origin.split_once("://").map(|(_, rest)| rest);
                (host.is_some() && origin_host.is_some_and(|o| Some(o) == host))
                    || extra.iter().any(|o| o.eq_ignore_ascii_case(origin))
            }
        }
    }
}

fn split_origins(list: &str) -> Vec<String> {
    list.split(',')
        .map(|o| o.trim().trim_end_matches('/').to_string())
        .filter(|o| !o.is_empty())
        .collect()
}

#[derive(Clone)]
pub struct AdminSeed {
    pub email: String,
    pub name: String,
    pub password: String,
}

impl std::fmt::Debug for AdminSeed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AdminSeed")
            .field("email", &self.email)
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

impl Config {
    /// Reads the environment. `leptos` supplies site address/root defaults compiled in
    /// by cargo-leptos; environment variables override them.
    pub fn from_env(leptos: &leptos::config::LeptosOptions) -> Self {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let flag = |k: &str| var(k).is_some_and(|v| matches!(v.as_str(), "1" | "true" | "yes"));
        let admin = match (var("CHAT_ADMIN_EMAIL"), var("CHAT_ADMIN_PASSWORD")) {
            (Some(email), Some(password)) => Some(AdminSeed {
                email,
                password,
                name: var("CHAT_ADMIN_NAME").unwrap_or_else(|| "Admin".into()),
            }),
            _ => None,
        };
        Self {
            site_addr: leptos.site_addr,
            site_root: leptos.site_root.to_string(),
            widget_root: var("CHAT_WIDGET_ROOT")
                .unwrap_or_else(|| default_widget_root(&leptos.site_root)),
            database_url: var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.into()),
            admin,
            secure_cookies: flag("CHAT_SECURE_COOKIES"),
            trusted_proxy_hops: app::domain::client_address::parse_hops(
                var("CHAT_TRUST_PROXY").as_deref(),
            ),
            new_chat_burst: var("CHAT_NEW_CHAT_BURST")
                .and_then(|v| v.parse().ok())
                .unwrap_or(app::ssr::state::DEFAULT_NEW_CHAT_BURST),
            widget_origins: OriginPolicy::parse_list(
                var("CHAT_WIDGET_ORIGINS").as_deref(),
                OriginPolicy::Any,
            ),
            agent_origins: OriginPolicy::SameHost(
                var("CHAT_AGENT_ORIGINS")
                    .map(|v| split_origins(&v))
                    .unwrap_or_default(),
            ),
            agent_requests: app::ssr::state::agent_request_policy(
                var("CHAT_AGENT_REQUEST_RATE")
                    .and_then(|v| v.parse().ok())
                    .filter(|n| *n > 0)
                    .unwrap_or(app::ssr::state::DEFAULT_AGENT_REQUEST_RATE),
            ),
            socket_frame_rate: var("CHAT_SOCKET_FRAME_RATE")
                .and_then(|v| v.parse().ok())
                .filter(|n| *n > 0)
                .unwrap_or(DEFAULT_SOCKET_FRAME_RATE),
            visitor_messages: var("CHAT_VISITOR_MESSAGE_RATE")
                .and_then(|v| v.parse::<u32>().ok())
                .filter(|n| *n > 0)
                .map(|rate| RatePolicy {
                    burst: rate.max(10),
                    per: Duration::from_secs(1) / rate,
                })
                .unwrap_or_else(default_visitor_messages),
            live: crate::live::socket::LiveTimings::default(),
            hub: HubChoice::parse(var("CHAT_HUB").as_deref()),
            hub_first_retry: Duration::from_millis(100),
            metrics_addr: var("CHAT_METRICS_ADDR"),
            smtp: var("CHAT_SMTP_URL")
                .map(|url| crate::mailer::SmtpSettings::new(url, var("CHAT_SMTP_FROM"))),
        }
    }

    /// A live socket's budget for frames from its client.
    pub fn frame_budget(&self) -> Bucket {
        let rate = self.socket_frame_rate.max(1);
        Bucket::new(
            RatePolicy {
                burst: rate.saturating_mul(2),
                per: Duration::from_secs(1) / rate,
            },
            Instant::now(),
        )
    }
}

pub const DEFAULT_SOCKET_FRAME_RATE: u32 = 20;

/// A burst of 10 messages, then one a second.
pub fn default_visitor_messages() -> RatePolicy {
    RatePolicy {
        burst: 10,
        per: Duration::from_secs(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widget_root_is_beside_the_site() {
        assert_eq!(default_widget_root("target/site"), "target/widget");
        assert_eq!(default_widget_root("/srv/chat/site"), "/srv/chat/widget");
    }

    #[test]
    fn same_host_means_the_host_header_and_port() {
        let p = OriginPolicy::SameHost(vec!["https://admin.example".into()]);
        let host = Some("chat.example:3000");
        assert!(p.allows("http://chat.example:3000", host));
        assert!(p.allows("https://chat.example:3000", host));
        assert!(!p.allows("http://chat.example:3001", host), "another port");
        assert!(
            !p.allows("http://www.chat.example:3000", host),
            "a subdomain"
        );
        assert!(!p.allows("null", host));
        assert!(!p.allows("http://chat.example:3000", None));
        assert!(
            p.allows("https://admin.example", host),
            "CHAT_AGENT_ORIGINS"
        );
    }

    #[test]
    fn origin_lists() {
        assert_eq!(
            OriginPolicy::parse_list(None, OriginPolicy::Any),
            OriginPolicy::Any
        );
        assert_eq!(
            OriginPolicy::parse_list(Some("*"), OriginPolicy::List(vec![])),
            OriginPolicy::Any
        );
        assert_eq!(
            OriginPolicy::parse_list(
                Some("https://a.example/, https://b.example"),
                OriginPolicy::Any
            ),
            OriginPolicy::List(vec!["https://a.example".into(), "https://b.example".into()])
        );
    }
}

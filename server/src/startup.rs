//! Building and running the server: used by `main` and by the integration tests.
use std::net::SocketAddr;
use std::sync::Arc;

use leptos::config::LeptosOptions;
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;
use tokio::sync::watch;

use app::ssr::agents;
use app::ssr::hub::SharedHub;
use app::ssr::state::{AppState, RequestSettings};

use crate::config::Config;
use crate::db;
use crate::hub::{LocalHub, PgHub};
use crate::router::{router, ServerState};

/// A configured server that has not started accepting yet.
pub struct Server {
    pub listener: TcpListener,
    /// `/metrics`, when `CHAT_METRICS_ADDR` asks for it.
    metrics_listener: Option<TcpListener>,
    /// Sends queued mail, when SMTP is configured.
    mailer: Option<crate::mailer::Mailer>,
    pub state: ServerState,
    shutdown_tx: watch::Sender<bool>,
}

impl Server {
    /// Connects to the database, applies migrations, seeds the first admin and binds.
    pub async fn build(config: &Config, leptos: LeptosOptions) -> Result<Self, StartError> {
        let db = db::connect_and_migrate(&config.database_url)
            .await
            .map_err(|e| StartError(format!("database {}: {e}", redact(&config.database_url))))?;
        seed_admin(&db, config).await?;
        let (shutdown_tx, shutdown) = watch::channel(false);
        let hub: SharedHub = if config.hub.uses_postgres(&config.database_url) {
            if !config.database_url.starts_with("postgres") {
                return Err(StartError(
                    "CHAT_HUB=postgres needs a PostgreSQL DATABASE_URL".into(),
                ));
            }
            PgHub::start(
                &db,
                &config.database_url,
                shutdown.clone(),
                config.hub_first_retry,
            )
            .await
            .map_err(|e| StartError(format!("listening on PostgreSQL: {e}")))?
        } else {
            Arc::new(LocalHub::new())
        };
        let writer_db = db::writer_connection(&db, &config.database_url)
            .await
            .map_err(|e| StartError(format!("database {}: {e}", redact(&config.database_url))))?;
        let app = AppState::new(
            db,
            writer_db,
            hub,
            RequestSettings {
                secure_cookies: config.secure_cookies,
                trusted_proxy_hops: config.trusted_proxy_hops,
                new_chat_burst: config.new_chat_burst,
                visitor_messages: config.visitor_messages,
                agent_requests: config.agent_requests,
                shared_limits: config.hub.uses_postgres(&config.database_url),
                transcript_email: config.smtp.is_some(),
            },
        );
        let mailer = match &config.smtp {
            Some(smtp) => Some(crate::mailer::Mailer::new(smtp).map_err(StartError)?),
            None => None,
        };
        let listener = TcpListener::bind(config.site_addr)
            .await
            .map_err(|e| StartError(format!("cannot listen on {}: {e}", config.site_addr)))?;
        let metrics_listener =
            match &config.metrics_addr {
                None => None,
                Some(addr) => {
                    let parsed: SocketAddr = addr.parse().map_err(|_| {
                        StartError(format!(
                            "CHAT_METRICS_ADDR={addr:?} is not an address like 127.0.0.1:9100"
                        ))
                    })?;
                    Some(TcpListener::bind(parsed).await.map_err(|e| {
                        StartError(format!("cannot serve metrics on {parsed}: {e}"))
                    })?)
                }
            };
        let waiting = crate::live::queue_count::start(&app, shutdown.clone())
            .await
            .map_err(|e| StartError(format!("counting the queue: {}", e.message())))?;
        Ok(Self {
            listener,
            metrics_listener,
            mailer,
            state: ServerState {
                leptos,
                app,
                config: Arc::new(config.clone()),
                shutdown,
                agent_connections: Arc::default(),
                waiting,
            },
            shutdown_tx,
        })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Where `/metrics` is served, if anywhere.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics_listener
            .as_ref()
            .and_then(|l| l.local_addr().ok())
    }

    /// Serves until `shutdown` resolves; requests in flight finish first.
    pub async fn run(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        crate::live::connections::keep_present(
            self.state.agent_connections.clone(),
            self.state.app.clone(),
            self.state.shutdown.clone(),
        );
        if let Some(listener) = self.metrics_listener {
            crate::metrics_endpoint::serve(listener, self.state.shutdown.clone());
        }
        if self.state.app.settings.shared_limits {
            forget_idle_limits(self.state.app.db.clone(), self.state.shutdown.clone());
        }
        assign_periodically(self.state.app.clone(), self.state.shutdown.clone());
        db::checkpoint_periodically(self.state.app.db.clone(), self.state.shutdown.clone());
        if let Some(mailer) = self.mailer {
            mailer.start(
                self.state.app.db.clone(),
                self.state.app.mail_wake.clone(),
                self.state.shutdown.clone(),
            );
        }
        let app = router(self.state);
        let tx = self.shutdown_tx;
        let shutdown = async move {
            shutdown.await;
            // Live sockets are long-lived: tell them to close, so shutdown does not wait.
            let _ = tx.send(true);
        };
        axum::serve(
            self.listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await
    }
}

/// Auto-assignment also runs on a timer: a chance missed (an agent's capacity freed on
/// another instance, a pass that failed) is taken within a few seconds. In Manual mode a
/// pass is one read of the settings row.
fn assign_periodically(app: app::ssr::AppState, mut shutdown: watch::Receiver<bool>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(10));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {
                    app.assign_waiting().await;
                }
                _ = shutdown.changed() => return,
            }
        }
    });
}

/// Shared rate-limit buckets nobody touched for a while are full again: delete them once a
/// minute (any instance may; the statement is idempotent).
fn forget_idle_limits(db: DatabaseConnection, mut shutdown: watch::Receiver<bool>) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {
                    if let Err(e) = app::ssr::rate_limits::forget_idle(&db).await {
                        tracing::warn!(error = %e, "forgetting idle rate limits failed");
                    }
                }
                _ = shutdown.changed() => return,
            }
        }
    });
}

async fn seed_admin(db: &DatabaseConnection, config: &Config) -> Result<(), StartError> {
    let Some(seed) = &config.admin else {
        return Ok(());
    };
    match agents::ensure_admin(db, &seed.email, &seed.name, &seed.password).await {
        Ok(true) => {
            tracing::info!(email = %seed.email, "created the first admin from CHAT_ADMIN_EMAIL")
        }
        Ok(false) => {}
        Err(e) => {
            return Err(StartError(format!(
                "CHAT_ADMIN_EMAIL/CHAT_ADMIN_PASSWORD: {}",
                e.message()
            )))
        }
    }
    Ok(())
}

/// Hides a password in a database URL before it is printed.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[derive(Debug)]
pub struct StartError(pub String);

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StartError {}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn redacts_passwords() {
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(
            redact("sqlite://data/chat.db?mode=rwc"),
            "sqlite://data/chat.db?mode=rwc"
        );
    }
}

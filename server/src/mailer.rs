//! Sends the mail outbox through SMTP (`CHAT_SMTP_URL`), in the background: due rows are
//! claimed, sent, and marked sent or retried with backoff (app::ssr::mail_outbox). Woken
//! at once when something is queued; otherwise it looks every few seconds.
use std::sync::Arc;
use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::DatabaseConnection;
use tokio::sync::{watch, Notify};

use app::ssr::entities::mail_outbox;
use app::ssr::mail_outbox::{claim_due, mark_failed, mark_sent};

/// How mail leaves: the SMTP server and the sender's address.
#[derive(Clone)]
pub struct SmtpSettings {
    /// `CHAT_SMTP_URL`, e.g. `smtp://user:pass@mail.example:587` (STARTTLS required unless
    /// the host is loopback or the URL says `?tls=…`), `smtps://…:465` (TLS).
    pub url: String,
    /// `CHAT_SMTP_FROM`, default `chat@localhost`.
    pub from: String,
    /// The first retry's wait (doubling, at most an hour). 30 s; tests shorten it.
    pub retry_base: Duration,
    /// How often due mail is looked for when nothing wakes the sender.
    pub poll: Duration,
}

impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("url", &crate::startup::redact(&self.url))
            .field("from", &self.from)
            .finish_non_exhaustive()
    }
}

impl SmtpSettings {
    pub fn new(url: String, from: Option<String>) -> Self {
        Self {
            url,
            from: from.unwrap_or_else(|| "chat@localhost".into()),
            retry_base: Duration::from_secs(30),
            poll: Duration::from_secs(5),
        }
    }
}

/// A plain `smtp://` URL to a host that is not loopback gets `tls=required`: credentials
/// never cross a network in the clear by default.
pub fn with_default_tls(url: &str) -> String {
    if !url.starts_with("smtp://") || url.contains("tls=") {
        return url.to_string();
    }
    let rest = &url["smtp://".len()..];
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    let loopback = host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if loopback {
        return url.to_string();
    }
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}tls=required")
}

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    settings: SmtpSettings,
}

impl Mailer {
    pub fn new(settings: &SmtpSettings) -> Result<Self, String> {
        let transport =
            AsyncSmtpTransport::<Tokio1Executor>::from_url(&with_default_tls(&settings.url))
                .map_err(|e| format!("CHAT_SMTP_URL: {e}"))?
                .timeout(Some(Duration::from_secs(30)))
                .build();
        let from = settings
            .from
            .parse::<Mailbox>()
            .map_err(|e| format!("CHAT_SMTP_FROM={:?}: {e}", settings.from))?;
        Ok(Self {
            transport,
            from,
            settings: settings.clone(),
        })
    }

    /// Runs until shutdown.
    pub fn start(
        self,
        db: DatabaseConnection,
        wake: Arc<Notify>,
        mut shutdown: watch::Receiver<bool>,
    ) {
        tokio::spawn(async move {
            loop {
                self.send_due(&db).await;
                tokio::select! {
                    _ = wake.notified() => {}
                    _ = tokio::time::sleep(self.settings.poll) => {}
                    _ = shutdown.changed() => return,
                }
            }
        });
    }

    async fn send_due(&self, db: &DatabaseConnection) {
        loop {
            let rows = match claim_due(db, chrono::Utc::now(), Duration::from_secs(120), 10).await {
                Ok(rows) => rows,
                Err(e) => {
                    tracing::warn!(error = %e, "reading the mail outbox failed");
                    return;
                }
            };
            if rows.is_empty() {
                return;
            }
            for row in rows {
                self.send_one(db, &row).await;
            }
        }
    }

    async fn send_one(&self, db: &DatabaseConnection, row: &mail_outbox::Model) {
        let outcome = match self.message(row) {
            Ok(message) => self
                .transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| (e.to_string(), e.is_permanent())),
            Err(e) => Err((e, true)),
        };
        let result = match outcome {
            Ok(()) => {
                tracing::info!(mail = row.id, "mail sent");
                mark_sent(db, row.id).await
            }
            Err((error, permanent)) => {
                let retried =
                    mark_failed(db, row, &error, permanent, self.settings.retry_base).await;
                tracing::warn!(mail = row.id, attempt = row.attempts, %error, retry = ?retried.as_ref().ok(), "sending mail failed");
                retried.map(|_| ())
            }
        };
        if let Err(e) = result {
            // The claim runs out and another pass tries again.
            tracing::warn!(mail = row.id, error = %e, "recording a mail's outcome failed");
        }
    }

    fn message(&self, row: &mail_outbox::Model) -> Result<Message, String> {
        let to = row
            .recipient
            .parse::<Mailbox>()
            .map_err(|e| format!("recipient: {e}"))?;
        let domain = self
            .from
            .email
            .domain()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
            .collect::<String>();
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(row.subject.clone())
            // The same id on every attempt: a receiver that got it once can tell.
            .message_id(Some(format!("<outbox-{}@{domain}>", row.id)))
            .multipart(MultiPart::alternative_plain_html(
                row.text_body.clone(),
                row.html_body.clone(),
            ))
            .map_err(|e| format!("building the mail: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::with_default_tls;

    #[test]
    fn starttls_is_required_off_loopback() {
        assert_eq!(
            with_default_tls("smtp://u:p@mail.example:587"),
            "smtp://u:p@mail.example:587?tls=required"
        );
        assert_eq!(
            with_default_tls("smtp://mail.example:587?tls=opportunistic"),
            "smtp://mail.example:587?tls=opportunistic"
        );
        assert_eq!(
            with_default_tls("smtp://127.0.0.1:2525"),
            "smtp://127.0.0.1:2525"
        );
        assert_eq!(with_default_tls("smtp://localhost"), "smtp://localhost");
        assert_eq!(with_default_tls("smtp://[::1]:25"), "smtp://[::1]:25");
        assert_eq!(
            with_default_tls("smtps://u:p@mail.example"),
            "smtps://u:p@mail.example"
        );
    }
}

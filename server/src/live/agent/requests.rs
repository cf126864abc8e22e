//! The client's frames: watch and unwatch a session or channel, read marks, typing, ping.
use std::ops::ControlFlow;

use axum::extract::ws::Message as WsMessage;
use tokio::time::Instant;

use app::error::AppError;
use app::models::channel::ChannelId;
use app::models::chat::ChatSessionId;
use app::models::live::{AgentClientFrame, AgentServerFrame};
use app::ssr::channels::{access as channel_access, posts as channel_posts};
use app::ssr::chat::{sessions, typing};
use app::ssr::hub::Topic;

use super::super::replay::{ChannelStream, SessionStream};
use super::super::socket::{close, read_failure, CLOSE_TOO_FAST};
use super::{Connection, Flow};

impl Connection<'_> {
    pub(super) async fn on_frame(
        &mut self,
        incoming: Option<Result<WsMessage, axum::Error>>,
    ) -> Flow {
        self.heard = Instant::now();
        match incoming {
            Some(Ok(WsMessage::Text(text))) => {
                if self.budget.take(std::time::Instant::now()).is_err() {
                    app::ssr::metrics::metrics().refused("socket_frames");
                    close(&mut self.socket, CLOSE_TOO_FAST, "too many frames").await;
                    return ControlFlow::Break(());
                }
                match serde_json::from_str::<AgentClientFrame>(text.as_str()) {
                    Ok(frame) => self.on_client_frame(frame).await,
                    Err(_) => {
                        self.send_error(&AppError::validation("", "Unknown frame."))
                            .await
                    }
                }
            }
            Some(Ok(WsMessage::Close(_))) | None => ControlFlow::Break(()),
            Some(Err(e)) => {
                if let Some((code, reason)) = read_failure(e) {
                    close(&mut self.socket, code, reason).await;
                }
                ControlFlow::Break(())
            }
            Some(Ok(_)) => ControlFlow::Continue(()),
        }
    }

    pub(super) async fn on_client_frame(&mut self, frame: AgentClientFrame) -> Flow {
        match frame {
            AgentClientFrame::Watch { session_id, after } => {
                self.watch_session(session_id, after).await
            }
            AgentClientFrame::Unwatch => {
                if let Some(watched) = self.session.take() {
                    self.keep_following(watched);
                }
                ControlFlow::Continue(())
            }
            AgentClientFrame::WatchChannel { channel_id, after } => {
                self.watch_channel(channel_id, after).await
            }
            AgentClientFrame::UnwatchChannel => {
                self.channel = None;
                ControlFlow::Continue(())
            }
            AgentClientFrame::ReadChannel { channel_id, seq } => {
                let (db, hub) = (&self.app.db, self.app.hub.as_ref());
                let _ = channel_posts::mark_read(db, hub, self.agent.id, channel_id, seq).await;
                ControlFlow::Continue(())
            }
            AgentClientFrame::Typing { session_id, typing } => {
                self.typing(session_id, typing).await;
                ControlFlow::Continue(())
            }
            AgentClientFrame::Read { session_id, seq } => {
                let (db, hub) = (&self.app.db, self.app.hub.as_ref());
                let _ = sessions::mark_read(db, hub, session_id, &self.agent, seq).await;
                ControlFlow::Continue(())
            }
            AgentClientFrame::Ping => self.send(&AgentServerFrame::Pong).await,
        }
    }

    pub(super) async fn watch_session(&mut self, session_id: ChatSessionId, after: i64) -> Flow {
        if let Some(watched) = self.session.take() {
            self.keep_following(watched);
        }
        // Followed from the client's position as the watched session, not twice.
        self.stop_following_as_mine(session_id);
        // Checked before subscribing: a made-up id never creates a topic.
        if let Err(e) = sessions::by_id(&self.app.db, session_id).await {
            return self.send_error(&e).await;
        }
        // Subscribed before reading what is sent: nothing falls in between.
        let events = self.app.hub.subscribe(Topic::Session(session_id));
        if self.send_session_status(session_id).await.is_break() {
            return ControlFlow::Break(());
        }
        let mut stream = SessionStream::new(session_id, after);
        let missed = stream.catch_up(&self.app).await;
        self.session = Some((stream, events));
        if self.send_messages(session_id, missed).await.is_break() {
            return ControlFlow::Break(());
        }
        self.send_notes(session_id).await
    }

    pub(super) async fn watch_channel(&mut self, channel_id: ChannelId, after: i64) -> Flow {
        self.channel = None;
        // Checked before subscribing: a made-up id never creates a topic.
        if let Err(e) = channel_access::readable(&self.app.db, channel_id, self.agent.id).await {
            return self.send_error(&e).await;
        }
        // Subscribed before the replay reads the database: nothing falls in between.
        // (Access changes from here on arrive as `ChannelMembers` events.)
        let events = self.app.hub.subscribe(Topic::Channel(channel_id));
        let mut stream = ChannelStream::new(channel_id, after);
        let missed = stream.catch_up(&self.app).await;
        self.channel = Some((stream, events));
        self.send_channel_posts(channel_id, missed).await
    }

    pub(super) async fn typing(&mut self, session_id: ChatSessionId, typing: bool) {
        if let Ok(model) = sessions::by_id(&self.app.db, session_id).await {
            typing::agent(self.app.hub.as_ref(), &model, &self.agent, typing);
        }
    }
}

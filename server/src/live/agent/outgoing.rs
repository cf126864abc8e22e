//! Frames to the client: errors, a session's status, messages and channel posts.
use std::ops::ControlFlow;

use axum::extract::ws::Message as WsMessage;
use futures::SinkExt;

use app::error::AppError;
use app::models::channel::{ChannelId, ChannelPost};
use app::models::chat::ChatSessionId;
use app::models::live::AgentServerFrame;
use app::ssr::chat::{notes, sessions, views};

use super::super::socket::json_message;
use super::{sent, Connection, Flow};

impl Connection<'_> {
    /// Queues a frame; it leaves with the round's others at the next `flush`.
    pub(super) async fn send(&mut self, frame: &AgentServerFrame) -> Flow {
        match json_message(frame) {
            Some(message) => self.send_raw(message).await,
            None => ControlFlow::Break(()),
        }
    }

    pub(super) async fn send_raw(&mut self, message: WsMessage) -> Flow {
        self.unflushed = true;
        sent(self.socket.feed(message).await.map_err(|_| ()))
    }

    /// Writes what the round queued.
    pub(super) async fn flush(&mut self) -> Flow {
        if !std::mem::take(&mut self.unflushed) {
            return ControlFlow::Continue(());
        }
        sent(self.socket.flush().await.map_err(|_| ()))
    }

    pub(super) async fn send_error(&mut self, e: &AppError) -> Flow {
        self.send(&AgentServerFrame::Error {
            code: e.code().into(),
            message: e.message().into(),
        })
        .await
    }

    pub(super) async fn send_session_status(&mut self, session_id: ChatSessionId) -> Flow {
        match sessions::by_id(&self.app.db, session_id).await {
            Ok(model) => {
                let frame = AgentServerFrame::Session {
                    session_id,
                    status: views::status(&model),
                };
                self.send(&frame).await
            }
            Err(_) => ControlFlow::Break(()),
        }
    }

    /// The session's internal notes, whole (nothing to send while it has none: notes are
    /// never deleted, so an empty list changes nothing on the client).
    pub(super) async fn send_notes(&mut self, session_id: ChatSessionId) -> Flow {
        match notes::list(&self.app.db, session_id).await {
            Ok(notes) if notes.is_empty() => ControlFlow::Continue(()),
            Ok(notes) => {
                self.send(&AgentServerFrame::Notes { session_id, notes })
                    .await
            }
            Err(_) => ControlFlow::Break(()),
        }
    }

    pub(super) async fn send_messages(
        &mut self,
        session_id: ChatSessionId,
        messages: Result<Vec<protocol::Message>, AppError>,
    ) -> Flow {
        let frames = messages.map(|m| {
            m.into_iter().map(|message| AgentServerFrame::Message {
                session_id,
                message,
            })
        });
        self.send_each(frames).await
    }

    pub(super) async fn send_channel_posts(
        &mut self,
        channel_id: ChannelId,
        posts: Result<Vec<ChannelPost>, AppError>,
    ) -> Flow {
        let frames = posts.map(|p| {
            p.into_iter()
                .map(|post| AgentServerFrame::ChannelPost { channel_id, post })
        });
        self.send_each(frames).await
    }

    /// Sends every frame in order; a failed read (or send) ends the connection.
    async fn send_each(
        &mut self,
        frames: Result<impl Iterator<Item = AgentServerFrame>, AppError>,
    ) -> Flow {
        let Ok(frames) = frames else {
            return ControlFlow::Break(());
        };
        let delivered = &app::ssr::metrics::metrics().messages_delivered;
        for frame in frames {
            if self.send(&frame).await.is_break() {
                return ControlFlow::Break(());
            }
            delivered.inc();
        }
        ControlFlow::Continue(())
    }
}

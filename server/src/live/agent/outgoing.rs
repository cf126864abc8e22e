//! Frames to the client: errors, a session's status, messages and channel posts.
use std::ops::ControlFlow;

use app::error::AppError;
use app::models::channel::{ChannelId, ChannelPost};
use app::models::chat::ChatSessionId;
use app::models::live::AgentServerFrame;
use app::ssr::chat::{sessions, views};

use super::super::socket::send_json;
use super::{sent, Connection, Flow};

impl Connection<'_> {
    pub(super) async fn send(&mut self, frame: &AgentServerFrame) -> Flow {
        sent(send_json(&mut self.socket, frame).await)
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

    pub(super) async fn send_messages(
        &mut self,
        session_id: ChatSessionId,
        messages: Result<Vec<protocol::Message>, AppError>,
    ) -> Flow {
        let Ok(messages) = messages else {
            return ControlFlow::Break(());
        };
        for message in messages {
            let frame = AgentServerFrame::Message {
                session_id,
                message,
            };
            if self.send(&frame).await.is_break() {
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    }

    pub(super) async fn send_channel_posts(
        &mut self,
        channel_id: ChannelId,
        posts: Result<Vec<ChannelPost>, AppError>,
    ) -> Flow {
        let Ok(posts) = posts else {
            return ControlFlow::Break(());
        };
        for post in posts {
            let frame = AgentServerFrame::ChannelPost { channel_id, post };
            if self.send(&frame).await.is_break() {
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    }
}

//! My chats: every active chat of the agent is followed, not only the one on screen, so
//! their lines reach the My chats list live (as `my_chat_line` frames). The list itself is
//! sent whole when the set or its counts change (a transition or a read mark tells this
//! agent to recount).
use std::ops::ControlFlow;
use std::sync::Arc;

use tokio::sync::broadcast::error::RecvError;

use app::models::chat::ChatSessionId;
use app::models::live::AgentServerFrame;
use app::ssr::chat::mine;
use app::ssr::hub::{HubEvent, Subscription, Topic};

use super::super::replay::SessionStream;
use super::{Connection, Flow};

impl Connection<'_> {
    /// Reads my active chats, follows the new ones, drops those no longer mine, and sends
    /// the list (then any line of a newly followed chat committed since it was read).
    pub(super) async fn refresh_mine(&mut self) -> Flow {
        let Ok(list) = mine::list(&self.app.db, self.agent.id).await else {
            return ControlFlow::Continue(());
        };
        self.mine_ids = list.iter().map(|c| c.id).collect();
        let ids = &self.mine_ids;
        self.mine.retain(|(stream, _)| ids.contains(&stream.id));
        let watched = self.session.as_ref().map(|(s, _)| s.id);
        let mut added = Vec::new();
        for chat in &list {
            let followed = self.mine.iter().any(|(s, _)| s.id == chat.id);
            if Some(chat.id) == watched || followed {
                continue;
            }
            // Subscribed now; what was committed after the list was read comes by catch-up.
            let events = self.app.hub.subscribe(Topic::Session(chat.id));
            let after = chat.last.as_ref().map_or(0, |m| m.seq);
            self.mine.push((SessionStream::new(chat.id, after), events));
            added.push(self.mine.len() - 1);
        }
        if self
            .send(&AgentServerFrame::MyChats { chats: list })
            .await
            .is_break()
        {
            return ControlFlow::Break(());
        }
        for i in added {
            let (stream, _) = &mut self.mine[i];
            let id = stream.id;
            let missed = stream.catch_up(&self.app).await;
            if self.send_my_lines(id, missed).await.is_break() {
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    }

    /// Lines of a chat followed as mine: `MyChatLine` frames (the `message` frames are the
    /// watched session's, once each).
    async fn send_my_lines(
        &mut self,
        session_id: ChatSessionId,
        messages: Result<Vec<protocol::Message>, app::error::AppError>,
    ) -> Flow {
        let Ok(messages) = messages else {
            return ControlFlow::Break(());
        };
        for message in messages {
            let frame = AgentServerFrame::MyChatLine {
                session_id,
                message,
            };
            if self.send(&frame).await.is_break() {
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    }

    pub(super) fn is_mine(&self, id: ChatSessionId) -> bool {
        self.mine_ids.contains(&id)
    }

    /// The agent looks at `id` now: it is followed as the watched session, not twice.
    pub(super) fn stop_following_as_mine(&mut self, id: ChatSessionId) {
        self.mine.retain(|(stream, _)| stream.id != id);
    }

    /// The agent looks away from a session that is theirs: keep following it, from where
    /// the watched stream was.
    pub(super) fn keep_following(&mut self, watched: (SessionStream, Subscription)) {
        if self.is_mine(watched.0.id) && !self.mine.iter().any(|(s, _)| s.id == watched.0.id) {
            self.mine.push(watched);
        }
    }

    pub(super) async fn on_mine_event(
        &mut self,
        i: usize,
        event: Result<Arc<HubEvent>, RecvError>,
    ) -> Flow {
        let Some((stream, _)) = self.mine.get_mut(i) else {
            return ControlFlow::Continue(());
        };
        let id = stream.id;
        match event {
            Ok(event) => match &*event {
                HubEvent::Message { message, .. } => {
                    let messages = stream.deliver(&self.app, message).await;
                    self.send_my_lines(id, messages).await
                }
                _ => ControlFlow::Continue(()),
            },
            Err(RecvError::Lagged(_)) => {
                let messages = stream.catch_up(&self.app).await;
                self.send_my_lines(id, messages).await
            }
            Err(RecvError::Closed) => ControlFlow::Break(()),
        }
    }
}

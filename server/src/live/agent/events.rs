//! What the connection does with each hub event: the queue, the agent's own counters and
//! revocations, the watched session and the watched channel.
use std::ops::ControlFlow;
use std::sync::Arc;

use tokio::sync::broadcast::error::RecvError;

use app::models::live::AgentServerFrame;
use app::ssr::channels::access as channel_access;
use app::ssr::hub::HubEvent;

use super::super::socket::{close, CLOSE_UNAUTHORIZED};
use super::{Connection, Flow};

impl Connection<'_> {
    pub(super) async fn on_queue_event(&mut self, event: Result<Arc<HubEvent>, RecvError>) -> Flow {
        match event {
            Ok(event) => match &*event {
                // (The waiting count arrives counted, through `self.waiting`.)
                HubEvent::Queue { change, session_id } => {
                    let frame = AgentServerFrame::Queue {
                        change: *change,
                        session_id: *session_id,
                    };
                    self.send(&frame).await
                }
                // A public channel appeared: every list changes.
                HubEvent::ChannelsChanged => self.send(&AgentServerFrame::ChannelsChanged).await,
                _ => ControlFlow::Continue(()),
            },
            // Queue lists are state: the app reloads them on a badge or queue frame.
            Err(RecvError::Lagged(_)) => {
                self.recount_all();
                ControlFlow::Continue(())
            }
            Err(RecvError::Closed) => ControlFlow::Break(()),
        }
    }

    pub(super) async fn on_my_event(&mut self, event: Result<Arc<HubEvent>, RecvError>) -> Flow {
        match event {
            Ok(event) => match &*event {
                HubEvent::SessionsRevoked { token_digest, .. } => {
                    if token_digest
                        .as_ref()
                        .is_none_or(|d| *d == self.token_digest)
                    {
                        close(&mut self.socket, CLOSE_UNAUTHORIZED, "signed out").await;
                        ControlFlow::Break(())
                    } else {
                        ControlFlow::Continue(())
                    }
                }
                HubEvent::Assigned { session_id, by, .. } => {
                    let frame = AgentServerFrame::Assigned {
                        session_id: *session_id,
                        by: by.clone(),
                    };
                    self.send(&frame).await
                }
                HubEvent::ChannelsChanged => {
                    self.stale.channels = true;
                    self.badge_soon();
                    self.send(&AgentServerFrame::ChannelsChanged).await
                }
                // Counted with the commit (the group-commit writer), or to count here.
                HubEvent::AgentCounters { unread, .. } => match unread {
                    // Nothing to count: it goes out with this round's frames.
                    Some(n) => {
                        self.pushed_unread = Some(*n);
                        self.badge_pushed = true;
                        ControlFlow::Continue(())
                    }
                    // A transition or a read mark: my chats may have changed too.
                    None => {
                        self.stale.unread = true;
                        self.badge_soon();
                        self.refresh_mine().await
                    }
                },
                _ => ControlFlow::Continue(()),
            },
            Err(RecvError::Lagged(_)) => {
                // Anything may have changed: recount, reload the channel list and my chats.
                self.recount_all();
                if self.refresh_mine().await.is_break() {
                    return ControlFlow::Break(());
                }
                self.send(&AgentServerFrame::ChannelsChanged).await
            }
            Err(RecvError::Closed) => ControlFlow::Break(()),
        }
    }

    pub(super) async fn on_session_event(
        &mut self,
        event: Result<Arc<HubEvent>, RecvError>,
    ) -> Flow {
        let Some((stream, _)) = self.session.as_mut() else {
            return ControlFlow::Continue(());
        };
        let id = stream.id;
        match event {
            Ok(event) => match &*event {
                HubEvent::Message { message, .. } => {
                    let messages = stream.deliver(&self.app, message).await;
                    self.send_messages(id, messages).await
                }
                HubEvent::SessionChanged { .. } => self.send_session_status(id).await,
                HubEvent::NotesChanged { .. } => self.send_notes(id).await,
                HubEvent::Typing {
                    from_visitor: true,
                    name,
                    typing,
                    ..
                } => {
                    let frame = AgentServerFrame::Typing {
                        session_id: id,
                        typing: *typing,
                        name: name.clone(),
                    };
                    self.send(&frame).await
                }
                _ => ControlFlow::Continue(()),
            },
            // Fell behind the hub (or the hub lost events): the database has everything,
            // the status included.
            Err(RecvError::Lagged(_)) => {
                let messages = stream.catch_up(&self.app).await;
                if self.send_messages(id, messages).await.is_break()
                    || self.send_notes(id).await.is_break()
                {
                    return ControlFlow::Break(());
                }
                self.send_session_status(id).await
            }
            Err(RecvError::Closed) => ControlFlow::Break(()),
        }
    }

    pub(super) async fn on_channel_event(
        &mut self,
        event: Result<Arc<HubEvent>, RecvError>,
    ) -> Flow {
        let Some((stream, _)) = self.channel.as_mut() else {
            return ControlFlow::Continue(());
        };
        let id = stream.id;
        match event {
            Ok(event) => match &*event {
                HubEvent::ChannelPost { post, .. } => {
                    let posts = stream.deliver(&self.app, post).await;
                    self.send_channel_posts(id, posts).await
                }
                HubEvent::ChannelMembers { .. } => {
                    // Still allowed to read it? (Left, or a private channel's member removed.)
                    if channel_access::readable(&self.app.db, id, self.agent.id)
                        .await
                        .is_err()
                    {
                        self.channel = None;
                        self.send(&AgentServerFrame::ChannelClosed { channel_id: id })
                            .await
                    } else {
                        ControlFlow::Continue(())
                    }
                }
                _ => ControlFlow::Continue(()),
            },
            Err(RecvError::Lagged(_)) => {
                let posts = stream.catch_up(&self.app).await;
                self.send_channel_posts(id, posts).await
            }
            Err(RecvError::Closed) => ControlFlow::Break(()),
        }
    }
}

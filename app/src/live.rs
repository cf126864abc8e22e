//! The agent app's live connection: badge counts, queue changes and the watched session,
//! as signals any component can read. The socket itself runs only in the browser.
#[cfg(feature = "hydrate")]
mod connection;

use leptos::prelude::*;
use protocol::{Message, SessionStatus};

use crate::domain::chat_notes::merge_notes;
use crate::domain::my_chats;
use crate::domain::transcript::{last_seq, merge, merge_post};
use crate::models::channel::{ChannelId, ChannelPost};
use crate::models::chat::{AgentStatus, Badge, ChatNote, ChatSessionId, MyChat};
use crate::models::live::{AgentClientFrame, AgentServerFrame};

/// The session the agent has open, kept current by the socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchedSession {
    pub id: ChatSessionId,
    pub messages: Vec<Message>,
    /// Internal notes (agents only), oldest first.
    pub notes: Vec<ChatNote>,
    /// Latest status pushed by the server (None until the first push).
    pub status: Option<SessionStatus>,
    /// "Vi is typing…" when set.
    pub typing: Option<String>,
}

/// The channel the agent has open, kept current by the socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchedChannel {
    pub id: ChannelId,
    pub posts: Vec<ChannelPost>,
    /// The highest position seen: what to ask after when reconnecting.
    pub last_rev: i64,
    /// Set when the server says this agent may no longer read the channel.
    pub closed: bool,
}

#[derive(Clone, Copy)]
pub struct Live {
    /// Bumped whenever channel lists should reload (a change, a reconnect).
    pub channels_version: RwSignal<u64>,
    pub watched_channel: RwSignal<Option<WatchedChannel>>,
    pub badge: RwSignal<Badge>,
    /// Bumped whenever lists showing the queue should reload (a change, a reconnect).
    pub queue_version: RwSignal<u64>,
    pub connected: RwSignal<bool>,
    pub watched: RwSignal<Option<WatchedSession>>,
    /// My active chats (`None` until the server first lists them), kept current line by
    /// line: the socket follows all of them.
    pub mine: RwSignal<Option<Vec<MyChat>>>,
    pub status: RwSignal<AgentStatus>,
    pub muted: RwSignal<bool>,
    /// The browser's clock (ms), ticking every 15 s, for "waiting 4 min" labels.
    pub clock: RwSignal<i64>,
    #[cfg(feature = "hydrate")]
    outbox: StoredValue<Option<futures::channel::mpsc::UnboundedSender<AgentClientFrame>>>,
}

const MUTED_KEY: &str = "helpdesk:alerts-muted";

impl Live {
    pub fn new() -> Self {
        Self {
            channels_version: RwSignal::new(0),
            watched_channel: RwSignal::new(None),
            badge: RwSignal::new(Badge::default()),
            queue_version: RwSignal::new(0),
            connected: RwSignal::new(false),
            watched: RwSignal::new(None),
            mine: RwSignal::new(None),
            status: RwSignal::new(AgentStatus::Available),
            muted: RwSignal::new(false),
            clock: RwSignal::new(0),
            #[cfg(feature = "hydrate")]
            outbox: StoredValue::new(None),
        }
    }

    /// Starts the socket (browser only; call once, from the signed-in shell).
    pub fn start(self) {
        self.muted
            .set(crate::components::browser::storage_get(MUTED_KEY).as_deref() == Some("1"));
        #[cfg(feature = "hydrate")]
        connection::run(self);
    }

    pub fn set_muted(self, muted: bool) {
        self.muted.set(muted);
        crate::components::browser::storage_set(MUTED_KEY, if muted { "1" } else { "0" });
    }

    /// Sends a frame if connected (frames that matter are re-sent on reconnect).
    pub fn send(self, frame: AgentClientFrame) {
        if let AgentClientFrame::Read { session_id, seq } = frame {
            self.update_mine(session_id, |c| my_chats::on_read(c, seq));
        }
        #[cfg(feature = "hydrate")]
        self.outbox.with_value(|tx| {
            if let Some(tx) = tx {
                let _ = tx.unbounded_send(frame);
            }
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = frame;
    }

    /// Follows a session from what the page already shows.
    pub fn watch(self, id: ChatSessionId, messages: Vec<Message>, notes: Vec<ChatNote>) {
        let after = last_seq(&messages);
        let same = self
            .watched
            .with_untracked(|w| w.as_ref().is_some_and(|w| w.id == id));
        if same {
            self.watched.update(|w| {
                if let Some(w) = w {
                    for m in messages {
                        merge(&mut w.messages, m);
                    }
                    merge_notes(&mut w.notes, notes);
                }
            });
        } else {
            self.watched.set(Some(WatchedSession {
                id,
                messages,
                notes,
                status: None,
                typing: None,
            }));
        }
        self.send(AgentClientFrame::Watch {
            session_id: id,
            after,
        });
    }

    pub fn unwatch(self) {
        self.watched.set(None);
        self.send(AgentClientFrame::Unwatch);
    }

    /// Follows a channel from what the page already shows (`last_rev`: its position then).
    pub fn watch_channel(self, id: ChannelId, posts: Vec<ChannelPost>, last_rev: i64) {
        let same = self
            .watched_channel
            .with_untracked(|w| w.as_ref().is_some_and(|w| w.id == id));
        let after = if same {
            self.watched_channel.update(|w| {
                if let Some(w) = w {
                    for p in posts {
                        merge_post(&mut w.posts, p);
                    }
                }
            });
            self.watched_channel
                .with_untracked(|w| w.as_ref().map_or(last_rev, |w| w.last_rev.max(last_rev)))
        } else {
            self.watched_channel.set(Some(WatchedChannel {
                id,
                posts,
                last_rev,
                closed: false,
            }));
            last_rev
        };
        self.send(AgentClientFrame::WatchChannel {
            channel_id: id,
            after,
        });
    }

    pub fn unwatch_channel(self) {
        self.watched_channel.set(None);
        self.send(AgentClientFrame::UnwatchChannel);
    }

    /// Adds a post we know was committed (a send's acknowledgement, older history).
    pub fn add_post(self, id: ChannelId, post: ChannelPost) {
        self.watched_channel.update(|w| {
            if let Some(w) = w.as_mut().filter(|w| w.id == id) {
                w.last_rev = w.last_rev.max(post.rev).max(0);
                merge_post(&mut w.posts, post);
            }
        });
    }

    /// Changes one of my chats, if it is one (and nothing else).
    fn update_mine(self, id: ChatSessionId, change: impl FnOnce(&mut MyChat)) {
        let known = self
            .mine
            .with_untracked(|m| m.as_ref().is_some_and(|l| l.iter().any(|c| c.id == id)));
        if known {
            self.mine.update(|m| {
                if let Some(c) = m.as_mut().and_then(|l| l.iter_mut().find(|c| c.id == id)) {
                    change(c);
                }
            });
        }
    }

    /// Adds a message we know was committed (a send's acknowledgement).
    pub fn add_message(self, id: ChatSessionId, message: Message) {
        let on_screen = self
            .watched
            .with_untracked(|w| w.as_ref().is_some_and(|w| w.id == id))
            && crate::components::browser::page_visible();
        let newer = self.mine.with_untracked(|m| {
            m.as_ref().is_some_and(|l| {
                l.iter()
                    .any(|c| c.id == id && c.last.as_ref().is_none_or(|x| x.seq < message.seq))
            })
        });
        if newer {
            self.update_mine(id, |c| my_chats::on_message(c, &message, on_screen));
        }
        let watching = self
            .watched
            .with_untracked(|w| w.as_ref().is_some_and(|w| w.id == id));
        if watching {
            self.watched.update(|w| {
                if let Some(w) = w.as_mut().filter(|w| w.id == id) {
                    merge(&mut w.messages, message);
                }
            });
        }
    }

    /// Adds notes we know were committed (a note's acknowledgement, a pushed list).
    pub fn add_notes(self, id: ChatSessionId, notes: Vec<ChatNote>) {
        let changed = self.watched.with_untracked(|w| {
            w.as_ref()
                .filter(|w| w.id == id)
                .is_some_and(|w| notes.iter().any(|n| !w.notes.iter().any(|x| x == n)))
        });
        if changed {
            self.watched.update(|w| {
                if let Some(w) = w.as_mut().filter(|w| w.id == id) {
                    merge_notes(&mut w.notes, notes);
                }
            });
        }
    }

    /// Applies one server frame to the signals. `Some` for a new-chat alert (with sound
    /// unless muted).
    pub fn apply(self, frame: AgentServerFrame) -> Option<bool> {
        match frame {
            AgentServerFrame::Badge { badge } => self.badge.set(badge),
            AgentServerFrame::Queue { change, .. } => {
                self.queue_version.update(|v| *v += 1);
                let alert = change == crate::models::chat::QueueChange::Created
                    && self.status.get_untracked() == AgentStatus::Available;
                return alert.then(|| !self.muted.get_untracked());
            }
            AgentServerFrame::Message {
                session_id,
                message,
            } => self.add_message(session_id, message),
            AgentServerFrame::Notes { session_id, notes } => self.add_notes(session_id, notes),
            AgentServerFrame::MyChats { chats } => self.mine.set(Some(chats)),
            AgentServerFrame::MyChatLine {
                session_id,
                message,
            } => self.update_mine(session_id, |c| my_chats::on_message(c, &message, false)),
            AgentServerFrame::Assigned { .. } => {
                self.queue_version.update(|v| *v += 1);
                return Some(!self.muted.get_untracked());
            }
            AgentServerFrame::Session { session_id, status } => self.watched.update(|w| {
                if let Some(w) = w.as_mut().filter(|w| w.id == session_id) {
                    w.status = Some(status);
                }
            }),
            AgentServerFrame::Typing {
                session_id,
                typing,
                name,
            } => self.watched.update(|w| {
                if let Some(w) = w.as_mut().filter(|w| w.id == session_id) {
                    w.typing = typing.then(|| name.unwrap_or_else(|| "The visitor".into()));
                }
            }),
            AgentServerFrame::ChannelPost { channel_id, post } => self.add_post(channel_id, post),
            AgentServerFrame::ChannelsChanged => self.channels_version.update(|v| *v += 1),
            AgentServerFrame::ChannelClosed { channel_id } => self.watched_channel.update(|w| {
                if let Some(w) = w.as_mut().filter(|w| w.id == channel_id) {
                    w.closed = true;
                }
            }),
            AgentServerFrame::Pong | AgentServerFrame::Error { .. } => {}
        }
        None
    }
}

impl Default for Live {
    fn default() -> Self {
        Self::new()
    }
}

/// The live connection's signals. On the server each render provides its own; in the
/// browser every island shares one (islands hydrate separately, so there is no common
/// parent to provide it from).
pub fn use_live() -> Live {
    if let Some(live) = use_context::<Live>() {
        return live;
    }
    #[cfg(feature = "hydrate")]
    {
        browser_live()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        Live::default()
    }
}

#[cfg(feature = "hydrate")]
fn browser_live() -> Live {
    thread_local! {
        static LIVE: std::cell::OnceCell<Live> = const { std::cell::OnceCell::new() };
    }
    LIVE.with(|cell| {
        *cell.get_or_init(|| {
            // Owned by a root that is never disposed: the page's islands all read it.
            let owner = Owner::new_root(None);
            let live = owner.with(Live::new);
            std::mem::forget(owner);
            live
        })
    })
}

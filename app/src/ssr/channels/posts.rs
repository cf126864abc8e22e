//! Channel messages: post, edit, delete (each a new channel position), history, replay.
//!
//! Like chat messages: the channel row's `last_seq` is bumped first in each transaction, so
//! changes to one channel serialize and every change gets the next position (`rev`).
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};

use super::access;
use crate::domain::channel_input::handle;
use crate::domain::rich_text::mentions;
use crate::error::AppError;
use crate::models::agent::{AgentId, CurrentAgent};
use crate::models::channel::{ChannelId, ChannelPost, PostKind};
use crate::ssr::chat::views::ms;
use crate::ssr::entities::{agent, channel, channel_member, channel_mention, channel_message};
use crate::ssr::hub::{commit_announcing, Hub, HubEvent, Topic};

pub const PAGE: u64 = 50;

/// Takes the channel's next position inside `txn` (first statement: the row is locked).
pub async fn next_seq(txn: &DatabaseTransaction, channel_id: i64) -> Result<i64, AppError> {
    let bumped = channel::Entity::update_many()
        .col_expr(
            channel::Column::LastSeq,
            Expr::col(channel::Column::LastSeq).add(1),
        )
        .filter(channel::Column::Id.eq(channel_id))
        .exec(txn)
        .await?;
    if bumped.rows_affected == 0 {
        return Err(AppError::not_found("No such channel."));
    }
    channel::Entity::find_by_id(channel_id)
        .one(txn)
        .await?
        .map(|c| c.last_seq)
        .ok_or_else(AppError::internal)
}

/// Rows as wire posts, with author names (one query).
pub async fn to_posts(
    db: &impl ConnectionTrait,
    rows: Vec<channel_message::Model>,
) -> Result<Vec<ChannelPost>, AppError> {
    let names = crate::ssr::agents::names(db, rows.iter().filter_map(|m| m.author_id)).await?;
    Ok(rows
        .into_iter()
        .map(|m| ChannelPost {
            id: m.id,
            seq: m.seq,
            rev: m.rev,
            kind: if m.kind == "notice" {
                PostKind::Notice
            } else {
                PostKind::Message
            },
            author_id: m.author_id.map(AgentId),
            author_name: m.author_id.and_then(|a| names.get(&a).cloned()),
            deleted: m.deleted_at.is_some(),
            edited: m.edited_at.is_some(),
            body: if m.deleted_at.is_some() {
                String::new()
            } else {
                m.body
            },
            link_url: m.link_url,
            client_id: m.client_id,
            created_at: ms(m.created_at),
        })
        .collect())
}

async fn one_post(
    db: &impl ConnectionTrait,
    row: channel_message::Model,
) -> Result<ChannelPost, AppError> {
    to_posts(db, vec![row])
        .await?
        .pop()
        .ok_or_else(AppError::internal)
}

/// The events a post makes: the post to the channel's watchers, a changed list to every
/// member but its author.
fn events(
    channel_id: i64,
    post: &ChannelPost,
    members: &[i64],
    author: Option<i64>,
) -> Vec<(Topic, HubEvent)> {
    let channel_id = ChannelId(channel_id);
    let mut events = vec![(
        Topic::Channel(channel_id),
        HubEvent::ChannelPost {
            channel_id,
            post: post.clone(),
        },
    )];
    events.extend(
        members
            .iter()
            .filter(|m| Some(**m) != author)
            .map(|m| (Topic::Agent(AgentId(*m)), HubEvent::ChannelsChanged)),
    );
    events
}

/// What to write.
pub struct NewPost<'a> {
    pub kind: PostKind,
    pub body: &'a str,
    pub link_url: Option<String>,
    pub client_id: Option<&'a str>,
}

/// A post written inside a transaction, announced with its commit.
#[must_use = "commit it"]
pub struct Written {
    row: channel_message::Model,
    members: Vec<i64>,
    author: Option<i64>,
}

impl Written {
    /// Commits `txn` and announces the post (other instances hear of it inside the
    /// transaction); returns it as the wire sees it.
    pub async fn commit(
        self,
        txn: DatabaseTransaction,
        hub: &dyn Hub,
    ) -> Result<ChannelPost, AppError> {
        let channel_id = self.row.channel_id;
        let post = one_post(&txn, self.row).await?;
        let events = events(channel_id, &post, &self.members, self.author);
        commit_announcing(hub, txn, events).await?;
        Ok(post)
    }
}

/// Writes a message (or a notice) by `author` at the channel's next position. The caller
/// checked access. Retrying with the same `client_id` returns the stored message.
pub async fn insert(
    db: &DatabaseConnection,
    hub: &dyn Hub,
    channel_id: ChannelId,
    author: Option<&CurrentAgent>,
    new: NewPost<'_>,
) -> Result<ChannelPost, AppError> {
    if let Some(cid) = new.client_id {
        if let Some(existing) = by_client_id(db, channel_id, author, cid).await? {
            return one_post(db, existing).await;
        }
    }
    let txn = db.begin().await?;
    let seq = next_seq(&txn, channel_id.0).await?;
    if let Some(cid) = new.client_id {
        if let Some(existing) = by_client_id(&txn, channel_id, author, cid).await? {
            txn.rollback().await?;
            return one_post(db, existing).await;
        }
    }
    insert_at(&txn, channel_id, seq, author, new)
        .await?
        .commit(txn, hub)
        .await
}

/// Writes the post at `seq`, which the caller took with `next_seq` in this transaction
/// (so a membership change and its notice, or a ticket and its announcement, commit
/// together or not at all).
pub async fn insert_at(
    txn: &DatabaseTransaction,
    channel_id: ChannelId,
    seq: i64,
    author: Option<&CurrentAgent>,
    new: NewPost<'_>,
) -> Result<Written, AppError> {
    let NewPost {
        kind,
        body,
        link_url,
        client_id,
    } = new;
    let row = channel_message::ActiveModel {
        channel_id: Set(channel_id.0),
        seq: Set(seq),
        rev: Set(seq),
        author_id: Set(author.map(|a| a.id.0)),
        kind: Set(match kind {
            PostKind::Message => "message",
            PostKind::Notice => "notice",
        }
        .into()),
        body: Set(body.to_string()),
        link_url: Set(link_url),
        client_id: Set(client_id.map(str::to_string)),
        created_at: Set(Utc::now()),
        edited_at: Set(None),
        deleted_at: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let members = access::member_ids(txn, channel_id).await?;
    if kind == PostKind::Message {
        record_mentions(txn, &row, &members, author.map(|a| a.id.0)).await?;
    }
    if let Some(a) = author {
        // Writing in a channel means having read it.
        channel_member::Entity::update_many()
            .col_expr(channel_member::Column::LastReadSeq, Expr::value(seq))
            .filter(channel_member::Column::ChannelId.eq(channel_id.0))
            .filter(channel_member::Column::AgentId.eq(a.id.0))
            .exec(txn)
            .await?;
    }
    Ok(Written {
        row,
        members,
        author: author.map(|a| a.id.0),
    })
}

/// @handles in `row` that name members (not the author) become mentions.
async fn record_mentions(
    txn: &DatabaseTransaction,
    row: &channel_message::Model,
    members: &[i64],
    author: Option<i64>,
) -> Result<(), AppError> {
    let handles = mentions(&row.body);
    if handles.is_empty() || members.is_empty() {
        return Ok(());
    }
    let candidates = agent::Entity::find()
        .filter(agent::Column::Id.is_in(members.to_vec()))
        .all(txn)
        .await?;
    for a in candidates {
        if Some(a.id) != author && handles.contains(&handle(&a.email)) {
            channel_mention::ActiveModel {
                message_id: Set(row.id),
                agent_id: Set(a.id),
                channel_id: Set(row.channel_id),
                seq: Set(row.seq),
            }
            .insert(txn)
            .await?;
        }
    }
    Ok(())
}

/// The author's own message with this `client_id` (ids belong to their sender: reusing
/// someone else's finds nothing).
async fn by_client_id(
    db: &impl ConnectionTrait,
    channel_id: ChannelId,
    author: Option<&CurrentAgent>,
    client_id: &str,
) -> Result<Option<channel_message::Model>, AppError> {
    let Some(author) = author else {
        return Ok(None);
    };
    Ok(channel_message::Entity::find()
        .filter(channel_message::Column::ChannelId.eq(channel_id.0))
        .filter(channel_message::Column::AuthorId.eq(author.id.0))
        .filter(channel_message::Column::ClientId.eq(client_id))
        .one(db)
        .await?)
}

/// Edits (`Some(text)`) or deletes (`None`) the caller's own message. Changes to a channel
/// serialize on its row (`next_seq`), and the message is read again after that: an edit that
/// loses a race with a delete finds the message deleted and changes nothing.
pub async fn change(
    db: &DatabaseConnection,
    hub: &dyn Hub,
    agent: &CurrentAgent,
    message_id: i64,
    new_text: Option<&str>,
) -> Result<ChannelPost, AppError> {
    let not_found = || AppError::not_found("No such message.");
    let channel_id = channel_message::Entity::find_by_id(message_id)
        .one(db)
        .await?
        .ok_or_else(not_found)?
        .channel_id;
    access::readable(db, ChannelId(channel_id), agent.id).await?;
    let txn = db.begin().await?;
    let rev = next_seq(&txn, channel_id).await?;
    let row = channel_message::Entity::find_by_id(message_id)
        .one(&txn)
        .await?
        .ok_or_else(not_found)?;
    if row.author_id != Some(agent.id.0) || row.kind != "message" {
        return Err(AppError::forbidden(
            "You can only change your own messages.",
        ));
    }
    if row.deleted_at.is_some() {
        return Err(AppError::conflict("This message was deleted."));
    }
    let now = Utc::now();
    let mut update = channel_message::Entity::update_many()
        .col_expr(channel_message::Column::Rev, Expr::value(rev))
        .filter(channel_message::Column::Id.eq(message_id))
        .filter(channel_message::Column::DeletedAt.is_null());
    update = match new_text {
        Some(text) => update
            .col_expr(channel_message::Column::Body, Expr::value(text))
            .col_expr(channel_message::Column::EditedAt, Expr::value(now)),
        None => update
            .col_expr(channel_message::Column::Body, Expr::value(""))
            .col_expr(channel_message::Column::DeletedAt, Expr::value(now)),
    };
    if update.exec(&txn).await?.rows_affected == 0 {
        return Err(AppError::conflict("This message was deleted."));
    }
    let updated = channel_message::Entity::find_by_id(message_id)
        .one(&txn)
        .await?
        .ok_or_else(not_found)?;
    channel_mention::Entity::delete_many()
        .filter(channel_mention::Column::MessageId.eq(message_id))
        .exec(&txn)
        .await?;
    let members = access::member_ids(&txn, ChannelId(channel_id)).await?;
    if new_text.is_some() {
        record_mentions(&txn, &updated, &members, Some(agent.id.0)).await?;
    }
    Written {
        row: updated,
        members,
        author: Some(agent.id.0),
    }
    .commit(txn, hub)
    .await
}

/// Up to a page of messages before `before_seq` (the newest page with `None`), oldest first.
pub async fn history(
    db: &impl ConnectionTrait,
    channel_id: ChannelId,
    before_seq: Option<i64>,
) -> Result<(Vec<ChannelPost>, bool), AppError> {
    let mut q =
        channel_message::Entity::find().filter(channel_message::Column::ChannelId.eq(channel_id.0));
    if let Some(before) = before_seq {
        q = q.filter(channel_message::Column::Seq.lt(before));
    }
    let mut rows = q
        .order_by_desc(channel_message::Column::Seq)
        .limit(PAGE + 1)
        .all(db)
        .await?;
    let has_older = rows.len() as u64 > PAGE;
    rows.truncate(PAGE as usize);
    rows.reverse();
    Ok((to_posts(db, rows).await?, has_older))
}

/// Messages changed after position `after`, in position order, at most `limit` (for replay:
/// callers page until a short page).
pub async fn changes_after(
    db: &impl ConnectionTrait,
    channel_id: ChannelId,
    after: i64,
    limit: u64,
) -> Result<Vec<ChannelPost>, AppError> {
    let rows = channel_message::Entity::find()
        .filter(channel_message::Column::ChannelId.eq(channel_id.0))
        .filter(channel_message::Column::Rev.gt(after))
        .order_by_asc(channel_message::Column::Rev)
        .limit(limit)
        .all(db)
        .await?;
    to_posts(db, rows).await
}

/// The member has read the channel up to `seq`.
pub async fn mark_read(
    db: &DatabaseConnection,
    hub: &dyn Hub,
    agent: AgentId,
    channel_id: ChannelId,
    seq: i64,
) -> Result<(), AppError> {
    let updated = channel_member::Entity::update_many()
        .col_expr(channel_member::Column::LastReadSeq, Expr::value(seq))
        .filter(channel_member::Column::ChannelId.eq(channel_id.0))
        .filter(channel_member::Column::AgentId.eq(agent.0))
        .filter(channel_member::Column::LastReadSeq.lt(seq))
        .exec(db)
        .await?;
    if updated.rows_affected > 0 {
        hub.publish(Topic::Agent(agent), HubEvent::ChannelsChanged);
    }
    Ok(())
}

//! Chat → Channels and the channel page: what an agent may see, with unread counts.
use std::collections::HashMap;

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};

use super::access;
use super::folders;
use super::posts;
use crate::domain::channel_input::handle;
use crate::error::AppError;
use crate::models::agent::AgentId;
use crate::models::channel::{
    ChannelDetail, ChannelGroup, ChannelId, ChannelSummary, FolderId, MemberInfo,
};
use crate::ssr::entities::{agent, channel, channel_member, channel_mention, channel_message};

/// Channels `me` can see (public ones and private ones they belong to), grouped by folder:
/// folders in their order, then "No folder". Empty folders are listed too.
pub async fn groups(db: &DatabaseConnection, me: AgentId) -> Result<Vec<ChannelGroup>, AppError> {
    let memberships: HashMap<i64, i64> = channel_member::Entity::find()
        .filter(channel_member::Column::AgentId.eq(me.0))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.channel_id, m.last_read_seq))
        .collect();
    let channels = channel::Entity::find()
        .order_by_asc(channel::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .filter(|c| !c.private || memberships.contains_key(&c.id));
    let (unread, mentions) = unread_counts(db, me).await?;
    let mut by_folder: HashMap<Option<i64>, Vec<ChannelSummary>> = HashMap::new();
    for c in channels {
        by_folder
            .entry(c.folder_id)
            .or_default()
            .push(ChannelSummary {
                id: ChannelId(c.id),
                member: memberships.contains_key(&c.id),
                unread: unread.get(&c.id).copied().unwrap_or(0),
                mentions: mentions.get(&c.id).copied().unwrap_or(0),
                folder_id: c.folder_id.map(FolderId),
                name: c.name,
                description: c.description,
                private: c.private,
            });
    }
    let mut groups: Vec<ChannelGroup> = folders::list(db, me)
        .await?
        .into_iter()
        .map(|f| ChannelGroup {
            channels: by_folder.remove(&Some(f.id.0)).unwrap_or_default(),
            folder: Some(f),
        })
        .collect();
    groups.push(ChannelGroup {
        folder: None,
        channels: by_folder.remove(&None).unwrap_or_default(),
    });
    Ok(groups)
}

/// Per channel: unread messages (others' messages after my read marker) and unread mentions.
pub async fn unread_counts(
    db: &impl ConnectionTrait,
    me: AgentId,
) -> Result<(HashMap<i64, u32>, HashMap<i64, u32>), AppError> {
    let mut unread = Query::select();
    unread
        .column((channel_message::Entity, channel_message::Column::ChannelId))
        .expr_as(
            Expr::col((channel_message::Entity, channel_message::Column::Id)).count(),
            Alias::new("n"),
        )
        .from(channel_message::Entity)
        .inner_join(
            channel_member::Entity,
            Expr::col((channel_member::Entity, channel_member::Column::ChannelId))
                .equals((channel_message::Entity, channel_message::Column::ChannelId)),
        )
        .and_where(Expr::col((channel_member::Entity, channel_member::Column::AgentId)).eq(me.0))
        .and_where(
            Expr::col((channel_message::Entity, channel_message::Column::Seq)).gt(Expr::col((
                channel_member::Entity,
                channel_member::Column::LastReadSeq,
            ))),
        )
        .and_where(
            Expr::col((channel_message::Entity, channel_message::Column::Kind)).eq("message"),
        )
        .and_where(
            Expr::col((channel_message::Entity, channel_message::Column::DeletedAt)).is_null(),
        )
        .and_where(
            Expr::col((channel_message::Entity, channel_message::Column::AuthorId))
                .ne(me.0)
                .or(
                    Expr::col((channel_message::Entity, channel_message::Column::AuthorId))
                        .is_null(),
                ),
        )
        .group_by_col((channel_message::Entity, channel_message::Column::ChannelId));

    let mut mentioned = Query::select();
    mentioned
        .column((channel_mention::Entity, channel_mention::Column::ChannelId))
        .expr_as(
            Expr::col((channel_mention::Entity, channel_mention::Column::MessageId)).count(),
            Alias::new("n"),
        )
        .from(channel_mention::Entity)
        .inner_join(
            channel_member::Entity,
            Expr::col((channel_member::Entity, channel_member::Column::ChannelId))
                .equals((channel_mention::Entity, channel_mention::Column::ChannelId))
                .and(
                    Expr::col((channel_member::Entity, channel_member::Column::AgentId))
                        .equals((channel_mention::Entity, channel_mention::Column::AgentId)),
                ),
        )
        // A deleted message's mentions no longer count.
        .inner_join(
            channel_message::Entity,
            Expr::col((channel_message::Entity, channel_message::Column::Id))
                .equals((channel_mention::Entity, channel_mention::Column::MessageId)),
        )
        .and_where(
            Expr::col((channel_message::Entity, channel_message::Column::DeletedAt)).is_null(),
        )
        .and_where(Expr::col((channel_mention::Entity, channel_mention::Column::AgentId)).eq(me.0))
        .and_where(
            Expr::col((channel_mention::Entity, channel_mention::Column::Seq)).gt(Expr::col((
                channel_member::Entity,
                channel_member::Column::LastReadSeq,
            ))),
        )
        .group_by_col((channel_mention::Entity, channel_mention::Column::ChannelId));

    let read = |rows: Vec<sea_orm::QueryResult>| -> Result<HashMap<i64, u32>, AppError> {
        let mut out = HashMap::new();
        for row in rows {
            let id: i64 = row.try_get("", "channel_id")?;
            let n: i64 = row.try_get("", "n")?;
            out.insert(id, u32::try_from(n).unwrap_or(u32::MAX));
        }
        Ok(out)
    };
    Ok((
        read(db.query_all(&unread).await?)?,
        read(db.query_all(&mentioned).await?)?,
    ))
}

/// Totals for the badge: unread channel messages and unread mentions.
pub async fn badge_counts(db: &impl ConnectionTrait, me: AgentId) -> Result<(u32, u32), AppError> {
    let (unread, mentions) = unread_counts(db, me).await?;
    Ok((unread.values().sum(), mentions.values().sum()))
}

pub async fn members(
    db: &impl ConnectionTrait,
    id: ChannelId,
) -> Result<Vec<MemberInfo>, AppError> {
    let ids = access::member_ids(db, id).await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(agent::Entity::find()
        .filter(agent::Column::Id.is_in(ids))
        .order_by_asc(agent::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|a| MemberInfo {
            id: AgentId(a.id),
            handle: handle(&a.email),
            name: a.name,
        })
        .collect())
}

/// The channel page (404 for a private channel `me` is not in).
pub async fn detail(
    db: &DatabaseConnection,
    id: ChannelId,
    me: AgentId,
) -> Result<ChannelDetail, AppError> {
    let access = access::readable(db, id, me).await?;
    let (posts, has_older) = posts::history(db, id, None).await?;
    let c = access.channel;
    Ok(ChannelDetail {
        id,
        member: access.member.is_some(),
        members: members(db, id).await?,
        posts,
        has_older,
        last_seq: c.last_seq,
        name: c.name,
        description: c.description,
        folder_id: c.folder_id.map(FolderId),
        private: c.private,
    })
}

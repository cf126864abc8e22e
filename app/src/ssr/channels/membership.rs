//! Creating channels and changing who is in them.
use chrono::Utc;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, Set, SqlErr, TransactionTrait,
};

use super::access;
use super::folders;
use super::posts::{self, NewPost};
use crate::domain::channel_input::{channel_name, description, handle};
use crate::error::AppError;
use crate::models::agent::{AgentId, CurrentAgent};
use crate::models::channel::{ChannelId, ChannelPost, FolderId, PostKind};
use crate::ssr::entities::{agent, channel, channel_member};
use crate::ssr::hub::{commit_announcing, Hub, HubEvent, Topic};

/// + New Channel, validated.
pub struct NewChannel {
    pub name: String,
    pub description: String,
    pub folder: Option<FolderId>,
    pub private: bool,
    pub members: Vec<AgentId>,
}

impl NewChannel {
    pub fn parse(
        name: &str,
        desc: &str,
        folder: Option<FolderId>,
        private: bool,
        members: Vec<AgentId>,
    ) -> Result<Self, AppError> {
        Ok(Self {
            name: channel_name(name)?,
            description: description(desc)?,
            folder,
            private,
            members,
        })
    }
}

/// Adds a member unless already one; returns how many rows were added (0 or 1).
async fn add_member(
    db: &impl ConnectionTrait,
    channel_id: i64,
    agent_id: i64,
) -> Result<u64, AppError> {
    let added = channel_member::Entity::insert(channel_member::ActiveModel {
        channel_id: Set(channel_id),
        agent_id: Set(agent_id),
        last_read_seq: Set(0),
        joined_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::columns([
            channel_member::Column::ChannelId,
            channel_member::Column::AgentId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(added)
}

/// Creates the channel with its creator and invited members, in one transaction.
pub async fn create(
    db: &DatabaseConnection,
    hub: &dyn Hub,
    by: &CurrentAgent,
    new: NewChannel,
) -> Result<ChannelId, AppError> {
    if let Some(f) = new.folder {
        if !folders::exists(db, f).await? {
            return Err(AppError::validation("folder", "Choose an existing folder."));
        }
    }
    let mut invited: Vec<i64> = new
        .members
        .iter()
        .map(|a| a.0)
        .filter(|a| *a != by.id.0)
        .collect();
    invited.sort_unstable();
    invited.dedup();
    if !invited.is_empty() {
        let found = agent::Entity::find()
            .filter(agent::Column::Id.is_in(invited.clone()))
            .filter(agent::Column::Active.eq(true))
            .all(db)
            .await?;
        if found.len() != invited.len() {
            return Err(AppError::validation(
                "members",
                "Choose active agents as members.",
            ));
        }
    }
    let txn = db.begin().await?;
    let inserted = channel::ActiveModel {
        name: Set(new.name),
        description: Set(new.description),
        folder_id: Set(new.folder.map(|f| f.0)),
        private: Set(new.private),
        created_by: Set(Some(by.id.0)),
        created_at: Set(Utc::now()),
        last_seq: Set(0),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let model = match inserted {
        Ok(m) => m,
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            return Err(AppError::validation(
                "name",
                "A channel with this name already exists.",
            ));
        }
        Err(e) => return Err(e.into()),
    };
    add_member(&txn, model.id, by.id.0).await?;
    for a in &invited {
        add_member(&txn, model.id, *a).await?;
    }
    let mut events: Vec<_> = std::iter::once(by.id.0)
        .chain(invited)
        .map(|a| (Topic::Agent(AgentId(a)), HubEvent::ChannelsChanged))
        .collect();
    if !new.private {
        // Everyone can see a public channel: every agent's list changes.
        events.push((Topic::Queue, HubEvent::ChannelsChanged));
    }
    commit_announcing(hub, txn, events).await?;
    Ok(ChannelId(model.id))
}

/// A membership change: the channel's next position is taken first (so changes to one
/// channel queue one after another), then `apply` changes membership (returning the notice
/// text, or `None` when there was nothing to do: a second Join), then the notice is written
/// at that position. One transaction: a change never lands without its notice.
async fn with_notice<F>(
    db: &DatabaseConnection,
    hub: &dyn Hub,
    id: ChannelId,
    by: &CurrentAgent,
    apply: F,
) -> Result<Option<ChannelPost>, AppError>
where
    F: for<'t> FnOnce(
        &'t DatabaseTransaction,
    ) -> std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<Option<String>, AppError>> + Send + 't>,
    >,
{
    let txn = db.begin().await?;
    let seq = posts::next_seq(&txn, id.0).await?;
    let Some(text) = apply(&txn).await? else {
        txn.rollback().await?;
        return Ok(None);
    };
    let written = posts::insert_at(
        &txn,
        id,
        seq,
        Some(by),
        NewPost {
            kind: PostKind::Notice,
            body: &text,
            link_url: None,
            client_id: None,
        },
    )
    .await?;
    Ok(Some(written.commit(txn, hub).await?))
}

fn members_changed(hub: &dyn Hub, id: ChannelId, agent: i64) {
    hub.publish(
        Topic::Channel(id),
        HubEvent::ChannelMembers { channel_id: id },
    );
    hub.publish(Topic::Agent(AgentId(agent)), HubEvent::ChannelsChanged);
}

/// Join a public channel. Joining twice (two tabs at once) joins once, with one notice.
pub async fn join(
    db: &DatabaseConnection,
    hub: &dyn Hub,
    me: &CurrentAgent,
    id: ChannelId,
) -> Result<(), AppError> {
    access::readable(db, id, me.id).await?;
    let (agent_id, line) = (me.id.0, format!("{} joined", me.name));
    let joined = with_notice(db, hub, id, me, move |txn| {
        Box::pin(async move {
            access::readable(txn, id, AgentId(agent_id)).await?;
            Ok((add_member(txn, id.0, agent_id).await? > 0).then_some(line))
        })
    })
    .await?;
    if joined.is_some() {
        members_changed(hub, id, me.id.0);
    }
    Ok(())
}

/// Leave a channel (anyone may leave; a private channel then disappears for them).
pub async fn leave(
    db: &DatabaseConnection,
    hub: &dyn Hub,
    me: &CurrentAgent,
    id: ChannelId,
) -> Result<ChannelPost, AppError> {
    access::readable(db, id, me.id).await?.require_member()?;
    let (agent_id, line) = (me.id.0, format!("{} left", me.name));
    let posted = with_notice(db, hub, id, me, move |txn| {
        Box::pin(async move {
            let removed = channel_member::Entity::delete_many()
                .filter(channel_member::Column::ChannelId.eq(id.0))
                .filter(channel_member::Column::AgentId.eq(agent_id))
                .exec(txn)
                .await?
                .rows_affected;
            Ok((removed > 0).then_some(line))
        })
    })
    .await?
    .ok_or_else(|| AppError::forbidden("Join the channel first."))?;
    members_changed(hub, id, me.id.0);
    Ok(posted)
}

/// A member adds another agent (by id, or by @handle).
pub async fn invite(
    db: &DatabaseConnection,
    hub: &dyn Hub,
    me: &CurrentAgent,
    id: ChannelId,
    who: Invitee<'_>,
) -> Result<ChannelPost, AppError> {
    access::readable(db, id, me.id).await?.require_member()?;
    let target = match who {
        Invitee::Id(a) => agent::Entity::find_by_id(a.0).one(db).await?,
        Invitee::Handle(h) => agent::Entity::find()
            .filter(agent::Column::Active.eq(true))
            .all(db)
            .await?
            .into_iter()
            .find(|a| handle(&a.email) == h),
    };
    let target = target
        .filter(|a| a.active)
        .ok_or_else(|| AppError::validation("members", "No active agent with that name."))?;
    let (me_id, target_id) = (me.id.0, target.id);
    let line = format!("{} added {}", me.name, target.name);
    let posted = with_notice(db, hub, id, me, move |txn| {
        Box::pin(async move {
            // Still a member once the channel is ours (someone may have removed us).
            access::readable(txn, id, AgentId(me_id))
                .await?
                .require_member()?;
            Ok((add_member(txn, id.0, target_id).await? > 0).then_some(line))
        })
    })
    .await?
    .ok_or_else(|| AppError::conflict(format!("{} is already in this channel.", target.name)))?;
    members_changed(hub, id, target.id);
    Ok(posted)
}

pub enum Invitee<'a> {
    Id(AgentId),
    Handle(&'a str),
}

/// Sets the description (the /topic command and the channel settings).
pub async fn set_topic(
    db: &DatabaseConnection,
    hub: &dyn Hub,
    me: &CurrentAgent,
    id: ChannelId,
    text: &str,
) -> Result<ChannelPost, AppError> {
    access::readable(db, id, me.id).await?.require_member()?;
    let text = description(text)?;
    let line = if text.is_empty() {
        format!("{} cleared the topic", me.name)
    } else {
        format!("{} set the topic: {text}", me.name)
    };
    let me_id = me.id.0;
    with_notice(db, hub, id, me, move |txn| {
        Box::pin(async move {
            access::readable(txn, id, AgentId(me_id))
                .await?
                .require_member()?;
            channel::Entity::update_many()
                .col_expr(channel::Column::Description, Expr::value(text))
                .filter(channel::Column::Id.eq(id.0))
                .exec(txn)
                .await?;
            Ok(Some(line))
        })
    })
    .await?
    .ok_or_else(AppError::internal)
}

/// Moves a channel to another folder (or none): members may do it.
pub async fn move_to_folder(
    db: &DatabaseConnection,
    hub: &dyn Hub,
    me: &CurrentAgent,
    id: ChannelId,
    folder: Option<FolderId>,
) -> Result<(), AppError> {
    let access = access::readable(db, id, me.id).await?;
    access.require_member()?;
    if let Some(f) = folder {
        if !folders::exists(db, f).await? {
            return Err(AppError::validation("folder", "Choose an existing folder."));
        }
    }
    channel::Entity::update_many()
        .col_expr(channel::Column::FolderId, Expr::value(folder.map(|f| f.0)))
        .filter(channel::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    for m in access::member_ids(db, id).await? {
        hub.publish(Topic::Agent(AgentId(m)), HubEvent::ChannelsChanged);
    }
    Ok(())
}

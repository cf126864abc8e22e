//! Creating channels and changing who is in them.
use chrono::Utc;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set, SqlErr, TransactionTrait,
};

use super::access;
use super::folders;
use super::posts::{self, NewPost};
use crate::domain::channel_input::{channel_name, description, handle};
use crate::error::AppError;
use crate::models::agent::{AgentId, CurrentAgent};
use crate::models::channel::{ChannelId, ChannelPost, FolderId, PostKind};
use crate::ssr::entities::{agent, channel, channel_member};
use crate::ssr::hub::{Hub, HubEvent, Topic};

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

async fn add_member(
    db: &impl ConnectionTrait,
    channel_id: i64,
    agent_id: i64,
) -> Result<(), AppError> {
    channel_member::Entity::insert(channel_member::ActiveModel {
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
    Ok(())
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
    txn.commit().await?;
    for a in std::iter::once(by.id.0).chain(invited) {
        hub.publish(Topic::Agent(a), HubEvent::ChannelsChanged { agent_id: a });
    }
    if !new.private {
        // Everyone can see a public channel: every agent's list changes.
        hub.publish(Topic::Queue, HubEvent::ChannelsChanged { agent_id: 0 });
    }
    Ok(ChannelId(model.id))
}

async fn notice(
    db: &DatabaseConnection,
    hub: &dyn Hub,
    id: ChannelId,
    by: &CurrentAgent,
    text: String,
) -> Result<ChannelPost, AppError> {
    posts::insert(
        db,
        hub,
        id,
        Some(by),
        NewPost {
            kind: PostKind::Notice,
            body: &text,
            link_url: None,
            client_id: None,
        },
    )
    .await
}

fn members_changed(hub: &dyn Hub, id: ChannelId, agent: i64) {
    hub.publish(
        Topic::Channel(id.0),
        HubEvent::ChannelMembers { channel_id: id.0 },
    );
    hub.publish(
        Topic::Agent(agent),
        HubEvent::ChannelsChanged { agent_id: agent },
    );
}

/// Join a public channel.
pub async fn join(
    db: &DatabaseConnection,
    hub: &dyn Hub,
    me: &CurrentAgent,
    id: ChannelId,
) -> Result<(), AppError> {
    let access = access::readable(db, id, me.id).await?;
    if access.is_member() {
        return Ok(());
    }
    add_member(db, id.0, me.id.0).await?;
    members_changed(hub, id, me.id.0);
    notice(db, hub, id, me, format!("{} joined", me.name)).await?;
    Ok(())
}

/// Leave a channel (anyone may leave; a private channel then disappears for them).
pub async fn leave(
    db: &DatabaseConnection,
    hub: &dyn Hub,
    me: &CurrentAgent,
    id: ChannelId,
) -> Result<ChannelPost, AppError> {
    let access = access::readable(db, id, me.id).await?;
    access.require_member()?;
    let posted = notice(db, hub, id, me, format!("{} left", me.name)).await?;
    channel_member::Entity::delete_many()
        .filter(channel_member::Column::ChannelId.eq(id.0))
        .filter(channel_member::Column::AgentId.eq(me.id.0))
        .exec(db)
        .await?;
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
    let access = access::readable(db, id, me.id).await?;
    access.require_member()?;
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
    if access::membership(db, id, AgentId(target.id))
        .await?
        .is_some()
    {
        return Err(AppError::conflict(format!(
            "{} is already in this channel.",
            target.name
        )));
    }
    add_member(db, id.0, target.id).await?;
    members_changed(hub, id, target.id);
    notice(
        db,
        hub,
        id,
        me,
        format!("{} added {}", me.name, target.name),
    )
    .await
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
    let access = access::readable(db, id, me.id).await?;
    access.require_member()?;
    let text = description(text)?;
    channel::Entity::update_many()
        .col_expr(channel::Column::Description, Expr::value(text.clone()))
        .filter(channel::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    let line = if text.is_empty() {
        format!("{} cleared the topic", me.name)
    } else {
        format!("{} set the topic: {text}", me.name)
    };
    notice(db, hub, id, me, line).await
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
        hub.publish(Topic::Agent(m), HubEvent::ChannelsChanged { agent_id: m });
    }
    Ok(())
}

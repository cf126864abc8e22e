//! Who may read and write a channel. Every read, write and live event path goes through here.
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::error::AppError;
use crate::models::agent::AgentId;
use crate::models::channel::ChannelId;
use crate::ssr::entities::{channel, channel_member};

/// A channel as one agent may see it.
pub struct Access {
    pub channel: channel::Model,
    pub member: Option<channel_member::Model>,
}

impl Access {
    pub fn is_member(&self) -> bool {
        self.member.is_some()
    }

    /// Posting, inviting, setting the topic: members only.
    pub fn require_member(&self) -> Result<(), AppError> {
        if self.is_member() {
            Ok(())
        } else {
            Err(AppError::forbidden("Join the channel first."))
        }
    }
}

/// The channel if `agent` may read it: any agent for a public channel, members only for a
/// private one. A private channel looks exactly like a missing one to everyone else.
pub async fn readable(
    db: &impl ConnectionTrait,
    id: ChannelId,
    agent: AgentId,
) -> Result<Access, AppError> {
    let not_found = || AppError::not_found("No such channel.");
    let channel = channel::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or_else(not_found)?;
    let member = membership(db, id, agent).await?;
    if channel.private && member.is_none() {
        return Err(not_found());
    }
    Ok(Access { channel, member })
}

pub async fn membership(
    db: &impl ConnectionTrait,
    id: ChannelId,
    agent: AgentId,
) -> Result<Option<channel_member::Model>, AppError> {
    Ok(channel_member::Entity::find()
        .filter(channel_member::Column::ChannelId.eq(id.0))
        .filter(channel_member::Column::AgentId.eq(agent.0))
        .one(db)
        .await?)
}

/// Agent ids of the channel's members.
pub async fn member_ids(db: &impl ConnectionTrait, id: ChannelId) -> Result<Vec<i64>, AppError> {
    Ok(channel_member::Entity::find()
        .filter(channel_member::Column::ChannelId.eq(id.0))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.agent_id)
        .collect())
}

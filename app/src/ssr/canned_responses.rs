//! Canned responses: shared ones (admins manage them) and each agent's own.
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, Set, SqlErr,
};

use super::entities::canned_response;
use crate::domain::canned_response::{may_manage, shortcut, text};
use crate::error::AppError;
use crate::models::agent::{AgentId, CurrentAgent};
use crate::models::canned::{CannedResponse, CannedResponseId};

/// A validated response to store.
pub struct CannedInput {
    pub shortcut: String,
    pub text: String,
}

impl CannedInput {
    pub fn parse(raw_shortcut: &str, raw_text: &str) -> Result<Self, AppError> {
        Ok(Self {
            shortcut: shortcut(raw_shortcut)?,
            text: text(raw_text)?,
        })
    }
}

/// The shared responses and the agent's own, by shortcut.
pub async fn visible_to(
    db: &DatabaseConnection,
    agent: AgentId,
) -> Result<Vec<CannedResponse>, AppError> {
    Ok(canned_response::Entity::find()
        .filter(
            Condition::any()
                .add(canned_response::Column::OwnerId.is_null())
                .add(canned_response::Column::OwnerId.eq(agent.0)),
        )
        .order_by_asc(canned_response::Column::Shortcut)
        .order_by_asc(canned_response::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(view)
        .collect())
}

/// Adds a response: shared (admins only) or the agent's own.
pub async fn create(
    db: &DatabaseConnection,
    by: &CurrentAgent,
    shared: bool,
    input: CannedInput,
) -> Result<CannedResponse, AppError> {
    let owner = (!shared).then_some(by.id);
    if !may_manage(owner, by.id, by.is_admin()) {
        return Err(AppError::forbidden(
            "Only admins can add shared responses; add it as your own instead.",
        ));
    }
    let now = Utc::now();
    let inserted = canned_response::ActiveModel {
        owner_id: Set(owner.map(|o| o.0)),
        scope: Set(owner.map_or(0, |o| o.0)),
        shortcut: Set(input.shortcut.clone()),
        body: Set(input.text),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await;
    inserted
        .map(view)
        .map_err(|e| taken(e, &input.shortcut, shared))
}

/// Changes a response's shortcut and text (its owner, or an admin for shared ones).
pub async fn update(
    db: &DatabaseConnection,
    by: &CurrentAgent,
    id: CannedResponseId,
    input: CannedInput,
) -> Result<CannedResponse, AppError> {
    let model = manageable(db, by, id).await?;
    let shared = model.owner_id.is_none();
    let mut active = model.into_active_model();
    active.shortcut = Set(input.shortcut.clone());
    active.body = Set(input.text);
    active.updated_at = Set(Utc::now());
    active
        .update(db)
        .await
        .map(view)
        .map_err(|e| taken(e, &input.shortcut, shared))
}

pub async fn delete(
    db: &DatabaseConnection,
    by: &CurrentAgent,
    id: CannedResponseId,
) -> Result<(), AppError> {
    manageable(db, by, id).await?;
    canned_response::Entity::delete_by_id(id.0).exec(db).await?;
    Ok(())
}

/// The response, if `by` may change it. Someone else's personal response is "not found":
/// its existence is nobody else's business.
async fn manageable(
    db: &DatabaseConnection,
    by: &CurrentAgent,
    id: CannedResponseId,
) -> Result<canned_response::Model, AppError> {
    let model = canned_response::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .filter(|m| m.owner_id.is_none_or(|o| o == by.id.0))
        .ok_or_else(|| AppError::not_found("No such response."))?;
    if !may_manage(model.owner_id.map(AgentId), by.id, by.is_admin()) {
        return Err(AppError::forbidden(
            "Only admins can change shared responses.",
        ));
    }
    Ok(model)
}

fn taken(e: sea_orm::DbErr, shortcut: &str, shared: bool) -> AppError {
    if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) {
        let whose = if shared {
            "A shared response"
        } else {
            "One of your responses"
        };
        return AppError::validation("shortcut", format!("{whose} already uses !{shortcut}."));
    }
    e.into()
}

fn view(model: canned_response::Model) -> CannedResponse {
    CannedResponse {
        id: CannedResponseId(model.id),
        shortcut: model.shortcut,
        text: model.body,
        owner: model.owner_id.map(AgentId),
    }
}

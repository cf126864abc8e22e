//! Chat → Folders: admins create, rename, reorder and delete; deleting keeps the channels.
use chrono::Utc;
use sea_orm::sea_query::{Condition, Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, SqlErr, TransactionTrait,
};

use crate::domain::channel_input::folder_name;
use crate::error::AppError;
use crate::models::agent::AgentId;
use crate::models::channel::{FolderId, FolderInfo};
use crate::ssr::entities::{channel, channel_folder, channel_member};

/// Folders in order, each with the number of its channels `viewer` may see (public ones
/// and the private ones they belong to: a private channel's existence is not told).
pub async fn list(db: &DatabaseConnection, viewer: AgentId) -> Result<Vec<FolderInfo>, AppError> {
    let folders = channel_folder::Entity::find()
        .order_by_asc(channel_folder::Column::Position)
        .order_by_asc(channel_folder::Column::Id)
        .all(db)
        .await?;
    let mine = Query::select()
        .column(channel_member::Column::ChannelId)
        .from(channel_member::Entity)
        .and_where(channel_member::Column::AgentId.eq(viewer.0))
        .to_owned();
    let counts: Vec<(Option<i64>, i64)> = channel::Entity::find()
        .filter(
            Condition::any()
                .add(channel::Column::Private.eq(false))
                .add(channel::Column::Id.in_subquery(mine)),
        )
        .select_only()
        .column(channel::Column::FolderId)
        .column_as(channel::Column::Id.count(), "n")
        .group_by(channel::Column::FolderId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(folders
        .into_iter()
        .map(|f| FolderInfo {
            channel_count: counts
                .iter()
                .find(|(id, _)| *id == Some(f.id))
                .map_or(0, |(_, n)| u32::try_from(*n).unwrap_or(0)),
            id: FolderId(f.id),
            name: f.name,
            position: f.position,
        })
        .collect())
}

fn duplicate(e: sea_orm::DbErr) -> AppError {
    if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) {
        AppError::validation("name", "A folder with this name already exists.")
    } else {
        e.into()
    }
}

pub async fn create(db: &DatabaseConnection, raw_name: &str) -> Result<FolderInfo, AppError> {
    let (name, key) = folder_name(raw_name)?;
    let last = channel_folder::Entity::find()
        .order_by_desc(channel_folder::Column::Position)
        .one(db)
        .await?
        .map_or(0, |f| f.position);
    let model = channel_folder::ActiveModel {
        name: Set(name),
        name_key: Set(key),
        position: Set(last + 1),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(duplicate)?;
    Ok(FolderInfo {
        id: FolderId(model.id),
        name: model.name,
        position: model.position,
        channel_count: 0,
    })
}

pub async fn rename(db: &DatabaseConnection, id: FolderId, raw_name: &str) -> Result<(), AppError> {
    let (name, key) = folder_name(raw_name)?;
    let updated = channel_folder::Entity::update_many()
        .col_expr(channel_folder::Column::Name, Expr::value(name))
        .col_expr(channel_folder::Column::NameKey, Expr::value(key))
        .filter(channel_folder::Column::Id.eq(id.0))
        .exec(db)
        .await
        .map_err(duplicate)?;
    if updated.rows_affected == 0 {
        return Err(AppError::not_found("No such folder."));
    }
    Ok(())
}

/// Moves a folder one place up (`-1`) or down (`+1`) by swapping with its neighbour.
pub async fn reorder(
    db: &DatabaseConnection,
    id: FolderId,
    direction: i32,
) -> Result<(), AppError> {
    let txn = db.begin().await?;
    let all = channel_folder::Entity::find()
        .order_by_asc(channel_folder::Column::Position)
        .order_by_asc(channel_folder::Column::Id)
        .all(&txn)
        .await?;
    let Some(at) = all.iter().position(|f| f.id == id.0) else {
        return Err(AppError::not_found("No such folder."));
    };
    let other = if direction < 0 {
        at.checked_sub(1)
    } else {
        Some(at + 1)
    };
    let Some(other) = other.filter(|o| *o < all.len()) else {
        return Ok(());
    };
    // Renumber everything 1..n in the new order: positions stay distinct and dense.
    let mut order: Vec<i64> = all.iter().map(|f| f.id).collect();
    order.swap(at, other);
    for (i, folder_id) in order.iter().enumerate() {
        channel_folder::Entity::update_many()
            .col_expr(channel_folder::Column::Position, Expr::value(i as i32 + 1))
            .filter(channel_folder::Column::Id.eq(*folder_id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Deletes a folder; its channels move to "No folder" in the same transaction.
pub async fn delete(db: &DatabaseConnection, id: FolderId) -> Result<(), AppError> {
    let txn = db.begin().await?;
    channel::Entity::update_many()
        .col_expr(channel::Column::FolderId, Expr::value(Option::<i64>::None))
        .filter(channel::Column::FolderId.eq(id.0))
        .exec(&txn)
        .await?;
    let deleted = channel_folder::Entity::delete_by_id(id.0)
        .exec(&txn)
        .await?;
    if deleted.rows_affected == 0 {
        return Err(AppError::not_found("No such folder."));
    }
    txn.commit().await?;
    Ok(())
}

pub async fn exists(db: &DatabaseConnection, id: FolderId) -> Result<bool, AppError> {
    Ok(channel_folder::Entity::find()
        .filter(channel_folder::Column::Id.eq(id.0))
        .count(db)
        .await?
        > 0)
}

//! Contacts: create, edit, search, and the one-per-email upsert chats and tickets use.
use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, SqlErr,
};

use super::chat::views::{self, ms};
use super::entities::{chat_session, contact, ticket};
use super::search::all_words_in;
use super::tickets;
use crate::domain::ticket_input::ContactInput;
use crate::error::AppError;
use crate::models::chat::ChatSessionId;
use crate::models::contact::{ContactChat, ContactDetail, ContactId, ContactListing, ContactRow};

pub const PAGE_SIZE: u64 = 25;

/// The contact with `email` (already lower-cased), created with `name` when absent.
/// One statement that cannot fail on a concurrent insert, so it is safe inside any
/// transaction on SQLite and PostgreSQL alike.
pub async fn ensure_for_email(
    db: &impl ConnectionTrait,
    email: &str,
    name: &str,
) -> Result<i64, AppError> {
    let now = Utc::now();
    contact::Entity::insert(contact::ActiveModel {
        name: Set(name.to_string()),
        email: Set(Some(email.to_string())),
        phone: Set(None),
        company: Set(None),
        notes: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(contact::Column::Email)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    contact::Entity::find()
        .filter(contact::Column::Email.eq(email))
        .one(db)
        .await?
        .map(|c| c.id)
        .ok_or_else(AppError::internal)
}

pub async fn create(db: &DatabaseConnection, input: ContactInput) -> Result<ContactId, AppError> {
    let now = Utc::now();
    let result = contact::ActiveModel {
        name: Set(input.name),
        email: Set(input.email),
        phone: Set(input.phone),
        company: Set(input.company),
        notes: Set(input.notes),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await;
    match result {
        Ok(m) => Ok(ContactId(m.id)),
        Err(e) => Err(unique_email(e)),
    }
}

pub async fn update(
    db: &DatabaseConnection,
    id: ContactId,
    input: ContactInput,
) -> Result<(), AppError> {
    let existing = contact::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("No such contact."))?;
    let mut am: contact::ActiveModel = existing.into();
    am.name = Set(input.name);
    am.email = Set(input.email);
    am.phone = Set(input.phone);
    am.company = Set(input.company);
    am.notes = Set(input.notes);
    am.updated_at = Set(Utc::now());
    am.update(db).await.map_err(unique_email)?;
    Ok(())
}

fn unique_email(e: sea_orm::DbErr) -> AppError {
    if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) {
        AppError::validation("email", "A contact with this email already exists.")
    } else {
        e.into()
    }
}

/// Contacts whose name, email or company contain every word of `query`.
pub async fn list(
    db: &DatabaseConnection,
    query: &str,
    page: u32,
) -> Result<ContactListing, AppError> {
    let cond = all_words_in(
        query,
        &[
            contact::Column::Name,
            contact::Column::Email,
            contact::Column::Company,
        ],
    );
    let base = contact::Entity::find().filter(cond);
    let total = base.clone().count(db).await?;
    let rows = base
        .order_by_asc(contact::Column::Name)
        .order_by_asc(contact::Column::Id)
        .offset(u64::from(page) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(db)
        .await?;
    Ok(ContactListing {
        has_more: (u64::from(page) + 1) * PAGE_SIZE < total,
        rows: rows.into_iter().map(row).collect(),
        page,
        total,
    })
}

pub fn row(c: contact::Model) -> ContactRow {
    ContactRow {
        id: ContactId(c.id),
        name: c.name,
        email: c.email,
        company: c.company,
        phone: c.phone,
    }
}

pub async fn detail(db: &DatabaseConnection, id: ContactId) -> Result<ContactDetail, AppError> {
    let c = contact::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("No such contact."))?;
    let ticket_models = ticket::Entity::find()
        .filter(ticket::Column::ContactId.eq(c.id))
        .order_by_desc(ticket::Column::Number)
        .limit(100)
        .all(db)
        .await?;
    let chats = chat_session::Entity::find()
        .filter(chat_session::Column::ContactId.eq(c.id))
        .order_by_desc(chat_session::Column::CreatedAt)
        .limit(100)
        .all(db)
        .await?
        .into_iter()
        .map(|s| ContactChat {
            id: ChatSessionId(s.id),
            status: views::status(&s),
            preview: s.preview.clone(),
            created_at: ms(s.created_at),
        })
        .collect();
    Ok(ContactDetail {
        id: ContactId(c.id),
        tickets: tickets::rows(db, ticket_models).await?,
        name: c.name,
        email: c.email,
        phone: c.phone,
        company: c.company,
        notes: c.notes,
        created_at: ms(c.created_at),
        chats,
    })
}

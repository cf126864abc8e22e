use sea_orm::entity::prelude::*;

/// A file sent in a chat (its bytes in `data`), posted as the message that names it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "chat_files")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub public_id: String,
    pub session_id: i64,
    pub name: String,
    /// Sniffed from the bytes (`domain::file_upload`).
    pub content_type: String,
    pub size: i64,
    #[sea_orm(column_type = "Blob")]
    pub data: Vec<u8>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

/// An internal note on a chat session: agents only, never in `chat_messages`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "chat_notes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub session_id: i64,
    /// The transcript's last seq when it was written (it shows after that line).
    pub after_seq: i64,
    pub agent_id: i64,
    pub author: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub client_id: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

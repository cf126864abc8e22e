use sea_orm::entity::prelude::*;

/// Settings → Live chat: one row (`id` = 1); absent means the defaults.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "chat_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    pub routing: String,
    pub max_chats: i32,
    pub updated_at: DateTimeUtc,
    /// The schedule as JSON (`BusinessHours`); NULL: always open.
    #[sea_orm(column_type = "Text", nullable)]
    pub business_hours: Option<String>,
    pub outside_hours: String,
    pub max_wait_minutes: i32,
    /// The largest file a chat takes, in MB.
    pub max_file_mb: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

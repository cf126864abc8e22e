use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub email: String,
    pub name: String,
    pub role: String,
    pub active: bool,
    pub password_hash: String,
    pub created_at: DateTimeUtc,
    /// "available" or "away".
    pub status: String,
    /// This agent's own limit of active chats (`None`: the Live chat setting).
    pub max_chats: Option<i32>,
    /// When auto-assignment last gave them a chat (fairness: longest idle first).
    pub last_assigned_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

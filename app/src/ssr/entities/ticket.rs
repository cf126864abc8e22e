use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tickets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub number: i64,
    pub subject: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub status: String,
    pub priority: String,
    pub contact_id: Option<i64>,
    pub requester_name: String,
    pub requester_email: Option<String>,
    pub assignee_id: Option<i64>,
    #[sea_orm(unique)]
    pub chat_session_id: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// `/ticket` in a channel: the channel and the announcing message's position. Shown
    /// only to agents who may read that channel.
    pub source_channel_id: Option<i64>,
    pub source_channel_seq: Option<i64>,
    /// Where it came from when not an agent's hand: `offline_message`.
    pub channel: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "chat_sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub public_id: String,
    #[sea_orm(unique)]
    pub visitor_token_hash: String,
    pub status: String,
    pub visitor_name: String,
    pub visitor_email: Option<String>,
    pub page_url: Option<String>,
    pub user_agent: Option<String>,
    pub preview: String,
    pub agent_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub accepted_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    pub closed_by: Option<String>,
    pub last_seq: i64,
    pub agent_read_seq: i64,
    /// Visitor messages after `agent_read_seq` (kept with every write).
    pub agent_unread: i64,
    pub ticket_id: Option<i64>,
    pub contact_id: Option<i64>,
    /// The visitor's IANA time zone as their browser reported it (checked), for their
    /// local time on the visitor panel.
    pub visitor_time_zone: Option<String>,
    /// "good" or "bad" once the visitor rated the closed chat.
    pub rating: Option<String>,
    pub rating_comment: Option<String>,
    pub rated_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

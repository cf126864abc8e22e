use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "chat_messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub session_id: i64,
    pub seq: i64,
    pub sender: String,
    pub agent_id: Option<i64>,
    pub author: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub client_id: Option<String>,
    /// Whose `client_id` this is: 0 for the visitor (and system lines), else the agent.
    pub poster_id: i64,
    pub created_at: DateTimeUtc,
    /// The file this message sends (`chat_files`), if it is one.
    pub file_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

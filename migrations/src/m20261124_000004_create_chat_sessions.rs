use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261124_000001_create_agents::Agents;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ChatSessions::Table)
                    .if_not_exists()
                    .col(pk_auto(ChatSessions::Id).big_integer())
                    // What a visitor sees instead of the sequential id: 128 random bits.
                    .col(string_len_uniq(ChatSessions::PublicId, 32))
                    // SHA-256 of the visitor token; the token itself is never stored.
                    .col(string_len_uniq(ChatSessions::VisitorTokenHash, 64))
                    .col(string_len(ChatSessions::Status, 16))
                    .col(string_len(ChatSessions::VisitorName, 100))
                    .col(string_len_null(ChatSessions::VisitorEmail, 254))
                    .col(string_len_null(ChatSessions::PageUrl, 2048))
                    .col(string_len_null(ChatSessions::UserAgent, 512))
                    // The first visitor message, shortened, for queue rows without a join.
                    .col(string_len(ChatSessions::Preview, 200))
                    .col(big_integer_null(ChatSessions::AgentId))
                    .col(timestamp_with_time_zone(ChatSessions::CreatedAt))
                    .col(timestamp_with_time_zone_null(ChatSessions::AcceptedAt))
                    .col(timestamp_with_time_zone_null(ChatSessions::ClosedAt))
                    .col(string_len_null(ChatSessions::ClosedBy, 16))
                    // Highest message seq so far; bumped in the same transaction as each insert.
                    .col(big_integer(ChatSessions::LastSeq).default(0))
                    // Highest seq the assigned agent has read (for unread badges).
                    .col(big_integer(ChatSessions::AgentReadSeq).default(0))
                    .col(big_integer_null(ChatSessions::TicketId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_chat_sessions_agent")
                            .from(ChatSessions::Table, ChatSessions::AgentId)
                            .to(Agents::Table, Agents::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_chat_sessions_status_created")
                    .table(ChatSessions::Table)
                    .col(ChatSessions::Status)
                    .col(ChatSessions::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_chat_sessions_agent_status")
                    .table(ChatSessions::Table)
                    .col(ChatSessions::AgentId)
                    .col(ChatSessions::Status)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ChatSessions::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum ChatSessions {
    Table,
    Id,
    PublicId,
    VisitorTokenHash,
    Status,
    VisitorName,
    VisitorEmail,
    PageUrl,
    UserAgent,
    Preview,
    AgentId,
    CreatedAt,
    AcceptedAt,
    ClosedAt,
    ClosedBy,
    LastSeq,
    AgentReadSeq,
    TicketId,
}

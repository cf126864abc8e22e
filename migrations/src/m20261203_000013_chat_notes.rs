//! Internal notes on a chat: agents only. A table of their own, never `chat_messages`, so
//! no query that serves the visitor can return one, and the visitor's `seq` stays gapless.
use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261124_000001_create_agents::Agents;
use crate::m20261124_000004_create_chat_sessions::ChatSessions;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ChatNotes::Table)
                    .if_not_exists()
                    .col(pk_auto(ChatNotes::Id).big_integer())
                    .col(big_integer(ChatNotes::SessionId))
                    // The transcript's last seq when the note was written: where it shows.
                    .col(big_integer(ChatNotes::AfterSeq))
                    .col(big_integer(ChatNotes::AgentId))
                    .col(string_len(ChatNotes::Author, 100))
                    .col(text(ChatNotes::Body))
                    .col(string_len(ChatNotes::ClientId, 64))
                    .col(timestamp_with_time_zone(ChatNotes::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_chat_notes_session")
                            .from(ChatNotes::Table, ChatNotes::SessionId)
                            .to(ChatSessions::Table, ChatSessions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_chat_notes_agent")
                            .from(ChatNotes::Table, ChatNotes::AgentId)
                            .to(Agents::Table, Agents::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        // A retried note is stored once (client ids are the writing agent's own).
        manager
            .create_index(
                Index::create()
                    .name("uq_chat_notes_session_agent_client")
                    .table(ChatNotes::Table)
                    .col(ChatNotes::SessionId)
                    .col(ChatNotes::AgentId)
                    .col(ChatNotes::ClientId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ChatNotes::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum ChatNotes {
    Table,
    Id,
    SessionId,
    AfterSeq,
    AgentId,
    Author,
    Body,
    ClientId,
    CreatedAt,
}

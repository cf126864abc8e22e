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
                    .table(ChatMessages::Table)
                    .if_not_exists()
                    .col(pk_auto(ChatMessages::Id).big_integer())
                    .col(big_integer(ChatMessages::SessionId))
                    .col(big_integer(ChatMessages::Seq))
                    .col(string_len(ChatMessages::Sender, 16))
                    .col(big_integer_null(ChatMessages::AgentId))
                    // The speaker's display name when the line was written.
                    .col(string_len_null(ChatMessages::Author, 100))
                    .col(text(ChatMessages::Body))
                    .col(string_len_null(ChatMessages::ClientId, 64))
                    .col(timestamp_with_time_zone(ChatMessages::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_chat_messages_session")
                            .from(ChatMessages::Table, ChatMessages::SessionId)
                            .to(ChatSessions::Table, ChatSessions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_chat_messages_agent")
                            .from(ChatMessages::Table, ChatMessages::AgentId)
                            .to(Agents::Table, Agents::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        // One message per position, and one per client id: a retried send is stored once.
        manager
            .create_index(
                Index::create()
                    .name("uq_chat_messages_session_seq")
                    .table(ChatMessages::Table)
                    .col(ChatMessages::SessionId)
                    .col(ChatMessages::Seq)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_chat_messages_session_client")
                    .table(ChatMessages::Table)
                    .col(ChatMessages::SessionId)
                    .col(ChatMessages::ClientId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ChatMessages::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum ChatMessages {
    Table,
    Id,
    SessionId,
    Seq,
    Sender,
    AgentId,
    Author,
    Body,
    ClientId,
    CreatedAt,
}

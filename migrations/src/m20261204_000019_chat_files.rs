//! Files sent in a chat: stored in the database (every instance serves them), each one
//! posted as a message of its own (`chat_messages.file_id`) in the same transaction, so a
//! failed upload leaves neither. The chat's size limit lives with the other settings.
use sea_orm_migration::{prelude::*, schema::*};

use crate::columns::add_columns;
use crate::m20261124_000004_create_chat_sessions::ChatSessions;
use crate::m20261124_000005_create_chat_messages::ChatMessages;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ChatFiles::Table)
                    .if_not_exists()
                    .col(pk_auto(ChatFiles::Id).big_integer())
                    // What URLs name: unguessable, unlike the row id.
                    .col(string_len_uniq(ChatFiles::PublicId, 64))
                    .col(big_integer(ChatFiles::SessionId))
                    .col(string_len(ChatFiles::Name, 255))
                    // As sniffed from the bytes, never as claimed.
                    .col(string_len(ChatFiles::ContentType, 100))
                    .col(big_integer(ChatFiles::Size))
                    .col(blob(ChatFiles::Data))
                    .col(timestamp_with_time_zone(ChatFiles::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_chat_files_session")
                            .from(ChatFiles::Table, ChatFiles::SessionId)
                            .to(ChatSessions::Table, ChatSessions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_chat_files_session")
                    .table(ChatFiles::Table)
                    .col(ChatFiles::SessionId)
                    .to_owned(),
            )
            .await?;
        add_columns(
            manager,
            ChatMessages::Table,
            [big_integer_null(Col::FileId)],
        )
        .await?;
        add_columns(
            manager,
            ChatSettings::Table,
            [integer(Col::MaxFileMb).default(10).to_owned()],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, col) in [
            (ChatSettings::Table.into_iden(), Col::MaxFileMb),
            (ChatMessages::Table.into_iden(), Col::FileId),
        ] {
            manager
                .alter_table(Table::alter().table(table).drop_column(col).to_owned())
                .await?;
        }
        manager
            .drop_table(Table::drop().table(ChatFiles::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum ChatFiles {
    Table,
    Id,
    PublicId,
    SessionId,
    Name,
    ContentType,
    Size,
    Data,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ChatSettings {
    Table,
}

#[derive(DeriveIden)]
enum Col {
    FileId,
    MaxFileMb,
}

//! The visitor's rating of a closed chat (👍 / 👎 and an optional comment), once.
use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261124_000004_create_chat_sessions::ChatSessions;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::columns::add_columns(
            manager,
            ChatSessions::Table,
            [
                string_len_null(Col::Rating, 8),
                text_null(Col::RatingComment),
                timestamp_with_time_zone_null(Col::RatedAt),
            ],
        )
        .await?;
        // The satisfaction figures read rated chats by when they were rated.
        manager
            .create_index(
                Index::create()
                    .name("ix_chat_sessions_rated_at")
                    .table(ChatSessions::Table)
                    .col(Col::RatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_chat_sessions_rated_at")
                    .table(ChatSessions::Table)
                    .to_owned(),
            )
            .await?;
        for col in [Col::RatedAt, Col::RatingComment, Col::Rating] {
            manager
                .alter_table(
                    Table::alter()
                        .table(ChatSessions::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Col {
    Rating,
    RatingComment,
    RatedAt,
}

//! Routing and capacity: one row of Live chat settings, an agent's own limit and when they
//! were last given a chat (fairness), and the visitor's time zone (their local time).
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
                    .table(ChatSettings::Table)
                    .if_not_exists()
                    // Always 1: one row of settings.
                    .col(integer(ChatSettings::Id).primary_key())
                    .col(string_len(ChatSettings::Routing, 16).default("manual"))
                    .col(integer(ChatSettings::MaxChats).default(3))
                    .col(timestamp_with_time_zone(ChatSettings::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Agents::Table)
                    .add_column(integer_null(Routing::MaxChats))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Agents::Table)
                    .add_column(timestamp_with_time_zone_null(Routing::LastAssignedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ChatSessions::Table)
                    .add_column(string_len_null(Routing::VisitorTimeZone, 64))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ChatSessions::Table)
                    .drop_column(Routing::VisitorTimeZone)
                    .to_owned(),
            )
            .await?;
        for col in [Routing::LastAssignedAt, Routing::MaxChats] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Agents::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(ChatSettings::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ChatSettings {
    Table,
    Id,
    Routing,
    MaxChats,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Routing {
    MaxChats,
    LastAssignedAt,
    VisitorTimeZone,
}

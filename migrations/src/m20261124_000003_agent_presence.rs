use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261124_000001_create_agents::Agents;

/// Agents choose Available / Away; `last_seen_at` is refreshed while their app is connected,
/// so "available" means both chosen and present.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite's ALTER TABLE adds one at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Agents::Table)
                    .add_column(string_len(Presence::Status, 16).default("available"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Agents::Table)
                    .add_column(timestamp_with_time_zone_null(Presence::LastSeenAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in [Presence::LastSeenAt, Presence::Status] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Agents::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Presence {
    Status,
    LastSeenAt,
}

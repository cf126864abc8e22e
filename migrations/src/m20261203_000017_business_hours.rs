//! Business hours and offline messages: the schedule (JSON, none = always open), what the
//! widget does outside it, the longest a visitor waits before being offered to leave an
//! email, and where a ticket came from.
use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261124_000007_create_tickets::Tickets;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::columns::add_columns(
            manager,
            ChatSettings::Table,
            [
                text_null(Col::BusinessHours),
                string_len(Col::OutsideHours, 16)
                    .default("take_message")
                    .to_owned(),
                integer(Col::MaxWaitMinutes).default(5).to_owned(),
            ],
        )
        .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Tickets::Table)
                    .add_column(string_len_null(Col::Channel, 32))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Tickets::Table)
                    .drop_column(Col::Channel)
                    .to_owned(),
            )
            .await?;
        for col in [Col::MaxWaitMinutes, Col::OutsideHours, Col::BusinessHours] {
            manager
                .alter_table(
                    Table::alter()
                        .table(ChatSettings::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum ChatSettings {
    Table,
}

#[derive(DeriveIden)]
enum Col {
    BusinessHours,
    OutsideHours,
    MaxWaitMinutes,
    Channel,
}

//! Settings → Widget: how the chat widget looks on customer sites unless the script tag's
//! `data-` attributes say otherwise. One row (`id` = 1); absent means the defaults.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WidgetSettings::Table)
                    .if_not_exists()
                    .col(integer(WidgetSettings::Id).primary_key())
                    // `#rrggbb`.
                    .col(string_len(WidgetSettings::Color, 7))
                    .col(string_len(WidgetSettings::Title, 60))
                    .col(string_len(WidgetSettings::Greeting, 300))
                    // `right` or `left`.
                    .col(string_len(WidgetSettings::Position, 8))
                    .col(timestamp_with_time_zone(WidgetSettings::UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(WidgetSettings::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum WidgetSettings {
    Table,
    Id,
    Color,
    Title,
    Greeting,
    Position,
    UpdatedAt,
}

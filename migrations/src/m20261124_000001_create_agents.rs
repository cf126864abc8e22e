use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Agents::Table)
                    .if_not_exists()
                    .col(pk_auto(Agents::Id).big_integer())
                    // Stored lower-cased, so uniqueness is case-insensitive on every backend.
                    .col(string_len_uniq(Agents::Email, 254))
                    .col(string_len(Agents::Name, 100))
                    .col(string_len(Agents::Role, 16))
                    .col(boolean(Agents::Active).default(true))
                    .col(string_len(Agents::PasswordHash, 255))
                    .col(timestamp_with_time_zone(Agents::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Agents::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum Agents {
    Table,
    Id,
    Email,
    Name,
    Role,
    Active,
    PasswordHash,
    CreatedAt,
}

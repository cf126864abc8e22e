use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261124_000004_create_chat_sessions::ChatSessions;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Contacts::Table)
                    .if_not_exists()
                    .col(pk_auto(Contacts::Id).big_integer())
                    .col(string_len(Contacts::Name, 100))
                    // Lower-cased; unique when present (NULLs never collide).
                    .col(string_len_null(Contacts::Email, 254))
                    .col(string_len_null(Contacts::Phone, 40))
                    .col(string_len_null(Contacts::Company, 100))
                    .col(text_null(Contacts::Notes))
                    .col(timestamp_with_time_zone(Contacts::CreatedAt))
                    .col(timestamp_with_time_zone(Contacts::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_contacts_email")
                    .table(Contacts::Table)
                    .col(Contacts::Email)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // A chat is linked to the contact with the visitor's email.
        manager
            .alter_table(
                Table::alter()
                    .table(ChatSessions::Table)
                    .add_column(big_integer_null(SessionContact::ContactId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_chat_sessions_contact")
                    .table(ChatSessions::Table)
                    .col(SessionContact::ContactId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_chat_sessions_contact")
                    .table(ChatSessions::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ChatSessions::Table)
                    .drop_column(SessionContact::ContactId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(Contacts::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum Contacts {
    Table,
    Id,
    Name,
    Email,
    Phone,
    Company,
    Notes,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum SessionContact {
    ContactId,
}

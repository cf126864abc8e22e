use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261124_000001_create_agents::Agents;
use crate::m20261124_000004_create_chat_sessions::ChatSessions;
use crate::m20261124_000006_create_contacts::Contacts;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Named counters bumped inside the transaction that uses them: ticket numbers are
        // #1, #2, … with no gaps and no duplicates, on any backend.
        manager
            .create_table(
                Table::create()
                    .table(Counters::Table)
                    .if_not_exists()
                    .col(string_len(Counters::Name, 32).primary_key())
                    .col(big_integer(Counters::Value).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(Counters::Table)
                    .columns([Counters::Name, Counters::Value])
                    .values_panic(["ticket_number".into(), 0i64.into()])
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Tickets::Table)
                    .if_not_exists()
                    .col(pk_auto(Tickets::Id).big_integer())
                    .col(big_integer_uniq(Tickets::Number))
                    .col(string_len(Tickets::Subject, 200))
                    .col(text(Tickets::Description))
                    .col(string_len(Tickets::Status, 16))
                    .col(string_len(Tickets::Priority, 16))
                    .col(big_integer_null(Tickets::ContactId))
                    // The requester as written (also when there is no contact).
                    .col(string_len(Tickets::RequesterName, 100))
                    .col(string_len_null(Tickets::RequesterEmail, 254))
                    .col(big_integer_null(Tickets::AssigneeId))
                    // At most one ticket per chat session.
                    .col(big_integer_null(Tickets::ChatSessionId).unique_key())
                    .col(big_integer_null(Tickets::CreatedBy))
                    .col(timestamp_with_time_zone(Tickets::CreatedAt))
                    .col(timestamp_with_time_zone(Tickets::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_tickets_contact")
                            .from(Tickets::Table, Tickets::ContactId)
                            .to(Contacts::Table, Contacts::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_tickets_assignee")
                            .from(Tickets::Table, Tickets::AssigneeId)
                            .to(Agents::Table, Agents::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_tickets_chat_session")
                            .from(Tickets::Table, Tickets::ChatSessionId)
                            .to(ChatSessions::Table, ChatSessions::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("idx_tickets_status", Tickets::Status),
            ("idx_tickets_assignee", Tickets::AssigneeId),
            ("idx_tickets_contact", Tickets::ContactId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Tickets::Table)
                        .col(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Tickets::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Counters::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum Counters {
    Table,
    Name,
    Value,
}

#[derive(DeriveIden)]
pub enum Tickets {
    Table,
    Id,
    Number,
    Subject,
    Description,
    Status,
    Priority,
    ContactId,
    RequesterName,
    RequesterEmail,
    AssigneeId,
    ChatSessionId,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

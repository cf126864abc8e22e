//! Mail waiting to go out (chat transcripts): written in the request, sent in the
//! background, retried with backoff, and at most once per `dedupe_key`.
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
                    .table(MailOutbox::Table)
                    .if_not_exists()
                    .col(pk_auto(MailOutbox::Id).big_integer())
                    // e.g. `transcript:42`: a second request for the same mail finds this row.
                    .col(string_len_uniq(MailOutbox::DedupeKey, 100))
                    .col(big_integer_null(MailOutbox::SessionId))
                    .col(string_len(MailOutbox::Recipient, 254))
                    .col(string_len(MailOutbox::Subject, 200))
                    .col(text(MailOutbox::TextBody))
                    .col(text(MailOutbox::HtmlBody))
                    // pending → sent, or failed after the last attempt.
                    .col(string_len(MailOutbox::Status, 16))
                    .col(integer(MailOutbox::Attempts).default(0))
                    .col(timestamp_with_time_zone(MailOutbox::NextAttemptAt))
                    // An instance sending it holds it until then (a crashed one lets go).
                    .col(timestamp_with_time_zone_null(MailOutbox::ClaimedUntil))
                    .col(text_null(MailOutbox::LastError))
                    .col(timestamp_with_time_zone(MailOutbox::CreatedAt))
                    .col(timestamp_with_time_zone_null(MailOutbox::SentAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_mail_outbox_session")
                            .from(MailOutbox::Table, MailOutbox::SessionId)
                            .to(ChatSessions::Table, ChatSessions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // The sender reads what is due.
        manager
            .create_index(
                Index::create()
                    .name("ix_mail_outbox_due")
                    .table(MailOutbox::Table)
                    .col(MailOutbox::Status)
                    .col(MailOutbox::NextAttemptAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(MailOutbox::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum MailOutbox {
    Table,
    Id,
    DedupeKey,
    SessionId,
    Recipient,
    Subject,
    TextBody,
    HtmlBody,
    Status,
    Attempts,
    NextAttemptAt,
    ClaimedUntil,
    LastError,
    CreatedAt,
    SentAt,
}

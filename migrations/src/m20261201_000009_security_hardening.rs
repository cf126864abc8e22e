//! Security review fixes that need the schema:
//! - idempotency keys belong to their sender: a reused `client_id` finds only the caller's
//!   own message (chat: `poster_id`, 0 for the visitor; channels: `author_id`);
//! - failed sign-ins live in the database (`sign_in_attempts`), reserved before the password
//!   is checked, so a burst of guesses cannot slip past the limit and every instance of the
//!   server sees the same count;
//! - a ticket made by `/ticket` in a channel remembers where (`source_channel_id`,
//!   `source_channel_seq`) instead of naming the channel in its description, so only those
//!   who may read the channel see it.
use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261124_000005_create_chat_messages::ChatMessages;
use crate::m20261124_000007_create_tickets::Tickets;
use crate::m20261124_000008_create_channels::ChannelMessages;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Chat messages: who sent it, as a non-null key (NULLs are distinct in unique indexes).
        manager
            .alter_table(
                Table::alter()
                    .table(ChatMessages::Table)
                    .add_column(big_integer(Hardening::PosterId).default(0))
                    .to_owned(),
            )
            .await?;
        let backfill = Query::update()
            .table(ChatMessages::Table)
            .value(Hardening::PosterId, Expr::col(ChatMessages::AgentId))
            .and_where(Expr::col(ChatMessages::AgentId).is_not_null())
            .to_owned();
        manager.exec_stmt(backfill).await?;
        manager
            .drop_index(
                Index::drop()
                    .name("uq_chat_messages_session_client")
                    .table(ChatMessages::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_chat_messages_session_poster_client")
                    .table(ChatMessages::Table)
                    .col(ChatMessages::SessionId)
                    .col(Hardening::PosterId)
                    .col(ChatMessages::ClientId)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .drop_index(
                Index::drop()
                    .name("uq_channel_messages_client")
                    .table(ChannelMessages::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_channel_messages_author_client")
                    .table(ChannelMessages::Table)
                    .col(ChannelMessages::ChannelId)
                    .col(ChannelMessages::AuthorId)
                    .col(ChannelMessages::ClientId)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SignInAttempts::Table)
                    .if_not_exists()
                    .col(pk_auto(SignInAttempts::Id).big_integer())
                    .col(string_len(SignInAttempts::Address, 64))
                    .col(string_len(SignInAttempts::Account, 254))
                    .col(timestamp_with_time_zone(SignInAttempts::AttemptedAt))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            (
                "idx_sign_in_attempts_pair",
                vec![
                    SignInAttempts::Address,
                    SignInAttempts::Account,
                    SignInAttempts::AttemptedAt,
                ],
            ),
            (
                "idx_sign_in_attempts_address",
                vec![SignInAttempts::Address, SignInAttempts::AttemptedAt],
            ),
            ("idx_sign_in_attempts_at", vec![SignInAttempts::AttemptedAt]),
        ] {
            let mut index = Index::create();
            index.name(name).table(SignInAttempts::Table);
            for c in cols {
                index.col(c);
            }
            manager.create_index(index.to_owned()).await?;
        }

        for col in [Hardening::SourceChannelId, Hardening::SourceChannelSeq] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Tickets::Table)
                        .add_column(big_integer_null(col))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in [Hardening::SourceChannelSeq, Hardening::SourceChannelId] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Tickets::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(SignInAttempts::Table).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("uq_channel_messages_author_client")
                    .table(ChannelMessages::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_channel_messages_client")
                    .table(ChannelMessages::Table)
                    .col(ChannelMessages::ChannelId)
                    .col(ChannelMessages::ClientId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("uq_chat_messages_session_poster_client")
                    .table(ChatMessages::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_chat_messages_session_client")
                    .table(ChatMessages::Table)
                    .col(ChatMessages::SessionId)
                    .col(ChatMessages::ClientId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ChatMessages::Table)
                    .drop_column(Hardening::PosterId)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Hardening {
    PosterId,
    SourceChannelId,
    SourceChannelSeq,
}

#[derive(DeriveIden)]
pub enum SignInAttempts {
    Table,
    Id,
    Address,
    Account,
    AttemptedAt,
}

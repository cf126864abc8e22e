//! State that several server instances share, kept in the database:
//! - `agent_presence`: one row per agent and instance that has their app open, so an agent
//!   with a tab on instance A stays present when their last tab on B closes (it replaces
//!   `agents.last_seen_at`, which one instance cleared for all);
//! - `rate_buckets`: the visitor and agent rate limits' token buckets when instances share
//!   the limits (a PostgreSQL hub), so a client spreading requests over instances gets the
//!   same allowance as on one.
use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261124_000001_create_agents::Agents;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AgentPresence::Table)
                    .if_not_exists()
                    .col(big_integer(AgentPresence::AgentId))
                    .col(string_len(AgentPresence::Instance, 32))
                    .col(timestamp_with_time_zone(AgentPresence::SeenAt))
                    .primary_key(
                        Index::create()
                            .col(AgentPresence::AgentId)
                            .col(AgentPresence::Instance),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(AgentPresence::Table, AgentPresence::AgentId)
                            .to(Agents::Table, Agents::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_agent_presence_instance")
                    .table(AgentPresence::Table)
                    .col(AgentPresence::Instance)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RateBuckets::Table)
                    .if_not_exists()
                    .col(string_len(RateBuckets::Key, 200).primary_key())
                    .col(double(RateBuckets::Tokens))
                    .col(big_integer(RateBuckets::AtMs))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_rate_buckets_at")
                    .table(RateBuckets::Table)
                    .col(RateBuckets::AtMs)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Agents::Table)
                    .drop_column(Old::LastSeenAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Agents::Table)
                    .add_column(timestamp_with_time_zone_null(Old::LastSeenAt))
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(RateBuckets::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(AgentPresence::Table).to_owned())
            .await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum AgentPresence {
    Table,
    AgentId,
    Instance,
    SeenAt,
}

#[derive(DeriveIden)]
enum RateBuckets {
    Table,
    Key,
    Tokens,
    AtMs,
}

#[derive(DeriveIden)]
enum Old {
    LastSeenAt,
}

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
                    .table(AgentSessions::Table)
                    .if_not_exists()
                    .col(pk_auto(AgentSessions::Id).big_integer())
                    // SHA-256 of the cookie token: a database leak does not leak live sessions.
                    .col(string_len_uniq(AgentSessions::TokenHash, 64))
                    .col(big_integer(AgentSessions::AgentId))
                    .col(timestamp_with_time_zone(AgentSessions::CreatedAt))
                    .col(timestamp_with_time_zone(AgentSessions::ExpiresAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_agent_sessions_agent")
                            .from(AgentSessions::Table, AgentSessions::AgentId)
                            .to(Agents::Table, Agents::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_agent_sessions_agent")
                    .table(AgentSessions::Table)
                    .col(AgentSessions::AgentId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AgentSessions::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum AgentSessions {
    Table,
    Id,
    TokenHash,
    AgentId,
    CreatedAt,
    ExpiresAt,
}

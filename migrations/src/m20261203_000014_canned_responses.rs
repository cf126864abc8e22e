//! Canned responses: a shortcut and a text with placeholders. Shared ones have no owner;
//! an agent's personal ones name them.
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
                    .table(CannedResponses::Table)
                    .if_not_exists()
                    .col(pk_auto(CannedResponses::Id).big_integer())
                    // NULL: shared with every agent.
                    .col(big_integer_null(CannedResponses::OwnerId))
                    // 0 for shared ones, else the owner: one shortcut per scope (a NULL
                    // would not collide in a unique index).
                    .col(big_integer(CannedResponses::Scope))
                    .col(string_len(CannedResponses::Shortcut, 32))
                    .col(text(CannedResponses::Body))
                    .col(timestamp_with_time_zone(CannedResponses::CreatedAt))
                    .col(timestamp_with_time_zone(CannedResponses::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_canned_responses_owner")
                            .from(CannedResponses::Table, CannedResponses::OwnerId)
                            .to(Agents::Table, Agents::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_canned_responses_scope_shortcut")
                    .table(CannedResponses::Table)
                    .col(CannedResponses::Scope)
                    .col(CannedResponses::Shortcut)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CannedResponses::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
pub enum CannedResponses {
    Table,
    Id,
    OwnerId,
    Scope,
    Shortcut,
    Body,
    CreatedAt,
    UpdatedAt,
}

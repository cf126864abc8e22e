//! Rate-limit buckets are counters of the last minutes, not records: on PostgreSQL they are
//! an UNLOGGED table, so the upsert every visitor message makes writes no WAL and waits for
//! no fsync. A database crash empties them (every client starts with a full allowance);
//! nothing else is lost. SQLite keeps no shared buckets (one instance: they live in memory).
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        set_persistence(manager, "UNLOGGED").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        set_persistence(manager, "LOGGED").await
    }
}

/// `ALTER TABLE … SET LOGGED | UNLOGGED`, on PostgreSQL only.
async fn set_persistence(manager: &SchemaManager<'_>, persistence: &str) -> Result<(), DbErr> {
    if manager.get_database_backend() != DatabaseBackend::Postgres {
        return Ok(());
    }
    manager
        .get_connection()
        .execute_unprepared(&format!(r#"ALTER TABLE "rate_buckets" SET {persistence}"#))
        .await?;
    Ok(())
}

//! Connecting to the database and bringing its schema up to date.
use std::path::Path;
use std::time::Duration;

use migrations::{Migrator, MigratorTrait};
use tokio::sync::watch;

use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr,
    TransactionTrait,
};

/// Connects (creating the SQLite file and its folder when needed) and applies migrations.
pub async fn connect_and_migrate(url: &str) -> Result<DatabaseConnection, DbErr> {
    ensure_sqlite_dir(url);
    let mut options = ConnectOptions::new(url.to_string());
    options
        .max_connections(16)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    let db = Database::connect(options).await?;
    if db.get_database_backend() == DbBackend::Sqlite {
        // WAL lets readers work while one writer commits; it is a property of the file, so
        // once is enough. (sqlx already turns on foreign keys and a 5 s busy timeout for
        // every pooled connection, and keeps synchronous=FULL: a commit survives power loss.)
        db.execute_unprepared("PRAGMA journal_mode=WAL").await?;
    }
    migrate(&db).await?;
    Ok(db)
}

/// The connection the chat writer commits on. On SQLite it is a connection of its own:
/// in WAL mode a connection drops its page cache whenever another one wrote, so the writer
/// batch after batch on whichever pooled connection came free found it cold, and its
/// prepared statements spread over every pooled connection's cache. SQLite takes one writer
/// at a time anyway. On PostgreSQL the writer shares the pool.
pub async fn writer_connection(
    db: &DatabaseConnection,
    url: &str,
) -> Result<DatabaseConnection, DbErr> {
    // (An in-memory database is per connection: there the writer must share the pool.)
    if db.get_database_backend() != DbBackend::Sqlite || url.contains(":memory:") {
        return Ok(db.clone());
    }
    let mut options = ConnectOptions::new(url.to_string());
    options
        .max_connections(1)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false)
        // Its commits never copy the log into the database (`checkpoint_periodically` does,
        // in the background): a checkpoint inside a commit made every send in that batch
        // wait for it.
        .map_sqlx_sqlite_opts(|o| o.pragma("wal_autocheckpoint", "0"));
    Database::connect(options).await
}

/// SQLite only: copies the write-ahead log into the database file every second, on a
/// pooled connection, without blocking the writer (`PASSIVE`). Between two checkpoints a
/// page written many times is copied once.
pub fn checkpoint_periodically(db: DatabaseConnection, mut shutdown: watch::Receiver<bool>) {
    if db.get_database_backend() != DbBackend::Sqlite {
        return;
    }
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(CHECKPOINT_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = tick.tick() => {
                    if let Err(e) = db.execute_unprepared("PRAGMA wal_checkpoint(PASSIVE)").await {
                        tracing::warn!(error = %e, "WAL checkpoint failed");
                    }
                }
                _ = shutdown.changed() => return,
            }
        }
    });
}

const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);

/// Any number of instances may start at once on one PostgreSQL database: the first to take
/// this lock applies what is missing, the others wait and then find nothing to do. (The
/// lock belongs to a transaction on one pooled connection; the migrations run on others.)
async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Migrator::up(db, None).await;
    }
    let lock = db.begin().await?;
    lock.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
        .await?;
    let applied = Migrator::up(db, None).await;
    lock.commit().await?;
    applied
}

/// The advisory lock's key: any constant the product's database uses for nothing else.
const MIGRATION_LOCK: i64 = 0x0063_6861_746d_6967; // "chatmig"

fn ensure_sqlite_dir(url: &str) {
    let Some(rest) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    else {
        return;
    };
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return;
    }
    if let Some(parent) = Path::new(path).parent() {
        if !parent.as_os_str().is_empty() {
            let _ = std::fs::create_dir_all(parent);
        }
    }
}

//! Database connection, migrations and entities. PostgreSQL in production, SQLite for the embedded default.

pub mod entities;
pub mod migrations;

use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;

/// Connects with a pool of `pool_size` connections to PostgreSQL. Keep it near the database server's cores times
/// two or three: more connections than the server can run at once only make every query wait longer.
pub async fn connect(url: &str, pool_size: u32) -> Result<DatabaseConnection, sea_orm::DbErr> {
    let mut options = ConnectOptions::new(url.to_string());
    options
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    if url.starts_with("sqlite:") {
        // SQLite has one writer; a small pool avoids lock contention between our own connections. The pragmas
        // are set per connection (a PRAGMA run once would reach only the pool's first connection): WAL lets
        // readers proceed during a write, busy_timeout makes writers wait instead of failing.
        options
            .max_connections(4)
            .min_connections(1)
            .map_sqlx_sqlite_opts(|o| {
                o.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .busy_timeout(Duration::from_secs(5))
                    .foreign_keys(true)
            });
    } else {
        options
            .max_connections(pool_size)
            .min_connections(pool_size.min(2));
    }
    Database::connect(options).await
}

/// Applies the pending migrations in one transaction: all of them or, should one fail, none. One transaction
/// also keeps every statement on one connection; spread over a SQLite pool, a statement could meet a connection
/// whose view of the schema predates the previous migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), sea_orm::DbErr> {
    let txn = db.begin().await?;
    migrations::Migrator::up(&txn, None).await?;
    txn.commit().await
}

/// The names of the migrations this binary knows that the database has not applied.
pub async fn pending_migrations(db: &DatabaseConnection) -> Result<Vec<String>, sea_orm::DbErr> {
    Ok(migrations::Migrator::get_pending_migrations(db)
        .await?
        .iter()
        .map(|m| m.name().to_string())
        .collect())
}

/// A transaction that will write. On SQLite it takes the write lock at `BEGIN` (IMMEDIATE): a deferred transaction
/// that read first and then writes cannot wait for the lock once another connection has committed, and fails with
/// "database is locked" instead; an immediate one waits its turn (`busy_timeout`). Other databases ignore the mode.
pub async fn write_transaction(
    db: &DatabaseConnection,
) -> Result<DatabaseTransaction, sea_orm::DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

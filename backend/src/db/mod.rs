//! Database connection, migrations and entities. PostgreSQL in production, SQLite for the embedded default.

pub mod entities;
pub mod migrations;

use std::time::Duration;

use sea_orm::sqlx;
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnAcquireErr, ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbErr,
    RuntimeErr, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;

/// What SQLite may hold in memory for the whole process (page caches and prepared statements of every connection,
/// the app's file and the jobs' file together), in bytes. Each connection's page cache would otherwise grow to
/// 2 MB as the database grows: 28 MiB after five minutes of the soak, most of the server's growth. Past this bound
/// SQLite reuses its cached pages instead of allocating more; a page it no longer holds is read again from the
/// operating system's file cache. PostgreSQL deployments are not affected.
pub const SQLITE_SOFT_HEAP_LIMIT_BYTES: u64 = 8 << 20;

/// `options` with SQLite's memory bounded by [`SQLITE_SOFT_HEAP_LIMIT_BYTES`] (a process-wide setting, applied by
/// every connection so no pool depends on another having connected first).
pub fn bounded_sqlite_memory(options: SqliteConnectOptions) -> SqliteConnectOptions {
    options.pragma("soft_heap_limit", SQLITE_SOFT_HEAP_LIMIT_BYTES.to_string())
}

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
                bounded_sqlite_memory(o)
                    .journal_mode(SqliteJournalMode::Wal)
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

/// Whether the database was too busy to answer rather than broken: SQLite's write lock still held by another
/// connection when `busy_timeout` ran out (`SQLITE_BUSY`, "database is locked"), or no pooled connection free
/// within the pool's acquire timeout. Trying again shortly can work, so the HTTP layer answers 503 with
/// `Retry-After` for it instead of 500.
pub fn is_busy(err: &DbErr) -> bool {
    match err {
        DbErr::ConnectionAcquire(ConnAcquireErr::Timeout) => true,
        DbErr::Conn(RuntimeErr::SqlxError(err))
        | DbErr::Exec(RuntimeErr::SqlxError(err))
        | DbErr::Query(RuntimeErr::SqlxError(err)) => is_sqlx_busy(err),
        _ => false,
    }
}

/// `SQLITE_BUSY` (5) and `SQLITE_LOCKED` (6) with their extended codes (the low byte is the primary code).
fn is_sqlx_busy(err: &sqlx::Error) -> bool {
    use sqlx::error::DatabaseError as _;
    match err {
        sqlx::Error::PoolTimedOut => true,
        sqlx::Error::Database(err) => err
            .try_downcast_ref::<sqlx::sqlite::SqliteError>()
            .and_then(|err| err.code()?.parse::<i32>().ok())
            .is_some_and(|code| matches!(code & 0xff, 5 | 6)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    #[test]
    fn a_pool_timeout_is_busy() {
        assert!(is_busy(&DbErr::ConnectionAcquire(ConnAcquireErr::Timeout)));
        assert!(is_busy(&DbErr::Query(RuntimeErr::SqlxError(Arc::new(
            sqlx::Error::PoolTimedOut
        )))));
        assert!(!is_busy(&DbErr::ConnectionAcquire(
            ConnAcquireErr::ConnectionClosed
        )));
        assert!(!is_busy(&DbErr::RecordNotFound("x".into())));
    }

    #[tokio::test]
    async fn sqlite_memory_is_bounded() {
        let db = connect("sqlite::memory:", 4).await.unwrap();
        let limit: i64 = sea_orm::ConnectionTrait::query_one_raw(
            &db,
            sea_orm::Statement::from_string(db.get_database_backend(), "PRAGMA soft_heap_limit"),
        )
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index(0)
        .unwrap();
        assert_eq!(limit as u64, SQLITE_SOFT_HEAP_LIMIT_BYTES);
    }

    /// A real lock: one connection holds the write lock, the other gives up after its (short) busy timeout.
    #[tokio::test]
    async fn a_locked_sqlite_database_is_busy_and_a_broken_query_is_not() {
        let path = std::env::temp_dir().join(format!("tali-busy-{}.db", uuid::Uuid::new_v4()));
        let url = format!("sqlite://{}?mode=rwc", path.display());
        let holder = Database::connect(url.as_str()).await.unwrap();
        let mut options = ConnectOptions::new(url.clone());
        options.map_sqlx_sqlite_opts(|o| o.busy_timeout(Duration::from_millis(50)));
        let waiter = Database::connect(options).await.unwrap();
        use sea_orm::ConnectionTrait;
        holder
            .execute_unprepared("CREATE TABLE t (x INTEGER)")
            .await
            .unwrap();
        let lock = write_transaction(&holder).await.unwrap();
        lock.execute_unprepared("INSERT INTO t VALUES (1)")
            .await
            .unwrap();
        let refused = waiter
            .execute_unprepared("INSERT INTO t VALUES (2)")
            .await
            .unwrap_err();
        assert!(is_busy(&refused), "{refused:?}");
        let broken = waiter
            .execute_unprepared("SELECT * FROM no_such_table")
            .await
            .unwrap_err();
        assert!(!is_busy(&broken), "{broken:?}");
        lock.rollback().await.unwrap();
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
}

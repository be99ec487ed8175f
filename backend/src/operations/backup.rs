//! Backups of the database. SQLite: an online, consistent copy (`VACUUM INTO`, which reads one snapshot while
//! the server keeps writing) and a restore that swaps the file in whole. PostgreSQL: `pg_dump`/`pg_restore`,
//! which know its format and its roles better than we could (docs/operations.md, "Backups").

use std::path::{Path, PathBuf};

use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement};

use crate::config::ConnectionUrl;

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(
        "PostgreSQL is backed up with pg_dump: `pg_dump --format=custom --file={0} \"$DATABASE_URL\"`, restored with \
         `pg_restore --clean --if-exists --no-owner --dbname=\"$DATABASE_URL\" {0}` (docs/operations.md, Backups)"
    )]
    Postgres(String),
    #[error("{0} already exists; choose a new file")]
    Exists(PathBuf),
    #[error("{0} is not a usable TALI backup: {1}")]
    Unusable(PathBuf, String),
    #[error(
        "{0}: pass --force to replace the database that is there (stop every tali process first)"
    )]
    WouldReplace(PathBuf),
    #[error(transparent)]
    Database(#[from] sea_orm::DbErr),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Writes a consistent copy of the live database to `target`, which must not exist yet.
pub async fn backup(db: &DatabaseConnection, target: &Path) -> Result<(), BackupError> {
    if db.get_database_backend() != DatabaseBackend::Sqlite {
        return Err(BackupError::Postgres(target.display().to_string()));
    }
    if target.exists() {
        return Err(BackupError::Exists(target.to_path_buf()));
    }
    db.execute_raw(Statement::from_sql_and_values(
        DatabaseBackend::Sqlite,
        "VACUUM INTO ?",
        [target.display().to_string().into()],
    ))
    .await?;
    Ok(())
}

/// Replaces the SQLite database at `url` with the backup at `source`, after checking the backup's integrity.
/// The swap is one rename, so a crash leaves either the old database or the restored one, never a mix.
pub async fn restore(source: &Path, url: &ConnectionUrl, force: bool) -> Result<(), BackupError> {
    let Some(target) = url.sqlite_path() else {
        return Err(BackupError::Postgres(source.display().to_string()));
    };
    if target.exists() && !force {
        return Err(BackupError::WouldReplace(target));
    }
    check_backup(source).await?;
    let staging = target.with_extension("restoring");
    std::fs::copy(source, &staging)?;
    std::fs::File::open(&staging)?.sync_all()?;
    // The old database's journal must not be replayed onto the restored file.
    for suffix in ["-wal", "-shm"] {
        let journal = PathBuf::from(format!("{}{suffix}", target.display()));
        match std::fs::remove_file(journal) {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => return Err(err.into()),
            _ => {}
        }
    }
    std::fs::rename(&staging, &target)?;
    Ok(())
}

async fn check_backup(source: &Path) -> Result<(), BackupError> {
    let unusable = |why: String| BackupError::Unusable(source.to_path_buf(), why);
    if !source.is_file() {
        return Err(unusable("no such file".into()));
    }
    let url = format!("sqlite://{}?mode=ro", source.display());
    let db = sea_orm::Database::connect(url)
        .await
        .map_err(|e| unusable(e.to_string()))?;
    let integrity = db
        .query_one_raw(Statement::from_string(
            DatabaseBackend::Sqlite,
            "PRAGMA integrity_check",
        ))
        .await
        .map_err(|e| unusable(e.to_string()))?
        .and_then(|row| row.try_get_by_index::<String>(0).ok());
    let has_schema = db
        .query_one_raw(Statement::from_string(
            DatabaseBackend::Sqlite,
            "SELECT count(*) FROM sqlite_master WHERE name = 'seaql_migrations'",
        ))
        .await
        .map_err(|e| unusable(e.to_string()))?
        .and_then(|row| row.try_get_by_index::<i64>(0).ok());
    db.close().await.ok();
    if integrity.as_deref() != Some("ok") {
        return Err(unusable(format!("integrity check: {integrity:?}")));
    }
    if has_schema != Some(1) {
        return Err(unusable("it has no TALI schema".into()));
    }
    Ok(())
}

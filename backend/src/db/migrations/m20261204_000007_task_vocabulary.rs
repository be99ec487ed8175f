//! The reference client's task vocabulary: difficulty `junior`/`mid`/`senior`/`staff` and task type
//! `debugging`/`ai_engineering`/`optimization`/`build`/`refactor`. Stored rows move to it; the old words stay
//! accepted as aliases on input (`crate::tasks::vocabulary`).

use sea_orm_migration::prelude::*;

/// (old, new) difficulty words.
const DIFFICULTIES: [(&str, &str); 3] = [("easy", "junior"), ("medium", "mid"), ("hard", "senior")];
/// (old, new) task types. A data-cleaning task is debugging a pipeline; a new type has no old word.
const TASK_TYPES: [(&str, &str); 4] = [
    ("rag", "ai_engineering"),
    ("feature", "build"),
    ("refactoring", "refactor"),
    ("data", "debugging"),
];

#[derive(DeriveMigrationName)]
pub struct Migration;

async fn rename(
    manager: &SchemaManager<'_>,
    column: Tasks,
    pairs: &[(&str, &str)],
    forward: bool,
) -> Result<(), DbErr> {
    for (old, new) in pairs {
        let (from, to) = if forward { (old, new) } else { (new, old) };
        let update = Query::update()
            .table(Tasks::Table)
            .value(column, *to)
            .and_where(Expr::col(column).eq(*from))
            .to_owned();
        manager.exec_stmt(update).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        rename(manager, Tasks::Difficulty, &DIFFICULTIES, true).await?;
        rename(manager, Tasks::TaskType, &TASK_TYPES, true).await
    }

    /// Back to the old words; a type the old vocabulary lacks (`optimization`) is kept as it is, and the data
    /// task, now `debugging`, stays so.
    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        rename(manager, Tasks::Difficulty, &DIFFICULTIES, false).await?;
        rename(manager, Tasks::TaskType, &TASK_TYPES[..3], false).await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Tasks {
    Table,
    Difficulty,
    TaskType,
}

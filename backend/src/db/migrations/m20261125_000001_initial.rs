//! The spec's six tables plus password reset tokens and the email outbox.
//!
//! Written in sea-query's DSL so the same file runs on PostgreSQL (JSON as jsonb, timestamptz) and SQLite.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.create_table(organizations()).await?;
        manager.create_table(users()).await?;
        manager.create_table(candidates()).await?;
        manager.create_table(tasks()).await?;
        manager.create_table(assessments()).await?;
        manager.create_table(assessment_sessions()).await?;
        manager.create_table(password_reset_tokens()).await?;
        manager.create_table(email_outbox()).await?;
        for index in indexes() {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            EmailOutbox::Table.into_iden(),
            PasswordResetTokens::Table.into_iden(),
            AssessmentSessions::Table.into_iden(),
            Assessments::Table.into_iden(),
            Tasks::Table.into_iden(),
            Candidates::Table.into_iden(),
            Users::Table.into_iden(),
            Organizations::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

fn timestamps(table: &mut TableCreateStatement) -> TableCreateStatement {
    table
        .col(timestamp_with_time_zone(Common::CreatedAt))
        .col(timestamp_with_time_zone(Common::UpdatedAt))
        .to_owned()
}

fn foreign_key(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(on_delete)
        .to_owned()
}

fn organizations() -> TableCreateStatement {
    timestamps(
        Table::create()
            .table(Organizations::Table)
            .if_not_exists()
            .col(pk_auto(Organizations::Id))
            .col(string_len(Organizations::Name, 200))
            .col(string_len_uniq(Organizations::Slug, 220))
            .col(string_len_null(Organizations::WorkableSubdomain, 200))
            .col(text_null(Organizations::WorkableAccessToken))
            .col(text_null(Organizations::WorkableRefreshToken))
            .col(timestamp_with_time_zone_null(
                Organizations::WorkableTokenExpiresAt,
            ))
            .col(boolean(Organizations::WorkableConnected).default(false))
            .col(json_binary_null(Organizations::WorkableConfig))
            .col(string_len_null(Organizations::StripeCustomerId, 255))
            .col(string_len_null(Organizations::StripeSubscriptionId, 255))
            .col(string_len(Organizations::Plan, 40).default("pay_per_use"))
            .col(string_len(Organizations::BillingStatus, 40).default("active"))
            .col(integer(Organizations::AssessmentsUsed).default(0))
            .col(integer_null(Organizations::AssessmentsLimit)),
    )
}

fn users() -> TableCreateStatement {
    timestamps(
        Table::create()
            .table(Users::Table)
            .if_not_exists()
            .col(pk_auto(Users::Id))
            .col(string_len(Users::Email, 320))
            .col(string_len(Users::HashedPassword, 255))
            .col(string_len(Users::FullName, 200))
            .col(boolean(Users::IsActive).default(true))
            .col(boolean(Users::IsSuperuser).default(false))
            .col(integer(Users::OrganizationId))
            .foreign_key(&mut foreign_key(
                (Users::Table, Users::OrganizationId),
                (Organizations::Table, Organizations::Id),
                ForeignKeyAction::Cascade,
            )),
    )
}

fn candidates() -> TableCreateStatement {
    timestamps(
        Table::create()
            .table(Candidates::Table)
            .if_not_exists()
            .col(pk_auto(Candidates::Id))
            .col(integer(Candidates::OrganizationId))
            .col(string_len(Candidates::Email, 320))
            .col(string_len(Candidates::FullName, 200))
            .col(string_len_null(Candidates::Position, 200))
            .col(string_len_null(Candidates::WorkableCandidateId, 100))
            .col(json_binary_null(Candidates::WorkableData))
            .col(timestamp_with_time_zone_null(Candidates::DeletedAt))
            .foreign_key(&mut foreign_key(
                (Candidates::Table, Candidates::OrganizationId),
                (Organizations::Table, Organizations::Id),
                ForeignKeyAction::Cascade,
            )),
    )
}

fn tasks() -> TableCreateStatement {
    timestamps(
        Table::create()
            .table(Tasks::Table)
            .if_not_exists()
            .col(pk_auto(Tasks::Id))
            .col(integer_null(Tasks::OrganizationId))
            .col(string_len_null(Tasks::Slug, 120))
            .col(string_len(Tasks::Name, 200))
            .col(text(Tasks::Description))
            .col(string_len(Tasks::TaskType, 40))
            .col(string_len(Tasks::Difficulty, 20))
            .col(integer(Tasks::DurationMinutes))
            .col(text(Tasks::StarterCode))
            .col(text(Tasks::TestCode))
            .col(text_null(Tasks::HiddenTestCode))
            .col(text_null(Tasks::ReferenceSolution))
            .col(json_binary_null(Tasks::SampleData))
            .col(json_binary_null(Tasks::Dependencies))
            .col(json_binary_null(Tasks::SuccessCriteria))
            .col(json_binary_null(Tasks::TestWeights))
            .col(json_binary_null(Tasks::Rubric))
            .col(json_binary_null(Tasks::ScoringConfig))
            .col(boolean(Tasks::IsTemplate).default(false))
            .col(boolean(Tasks::IsActive).default(true))
            .foreign_key(&mut foreign_key(
                (Tasks::Table, Tasks::OrganizationId),
                (Organizations::Table, Organizations::Id),
                ForeignKeyAction::Cascade,
            )),
    )
}

fn assessments() -> TableCreateStatement {
    timestamps(
        Table::create()
            .table(Assessments::Table)
            .if_not_exists()
            .col(pk_auto(Assessments::Id))
            .col(integer(Assessments::OrganizationId))
            .col(integer(Assessments::CandidateId))
            .col(integer(Assessments::TaskId))
            .col(integer_null(Assessments::CreatedBy))
            .col(string_len(Assessments::Token, 64))
            .col(string_len(Assessments::Status, 20))
            .col(integer(Assessments::DurationMinutes))
            .col(timestamp_with_time_zone_null(Assessments::StartedAt))
            .col(timestamp_with_time_zone_null(Assessments::CompletedAt))
            .col(timestamp_with_time_zone(Assessments::ExpiresAt))
            .col(timestamp_with_time_zone_null(Assessments::DeadlineAt))
            .col(double_null(Assessments::Score))
            .col(integer_null(Assessments::TestsPassed))
            .col(integer_null(Assessments::TestsTotal))
            .col(double_null(Assessments::CodeQualityScore))
            .col(double_null(Assessments::TimeEfficiencyScore))
            .col(double_null(Assessments::AiUsageScore))
            .col(json_binary_null(Assessments::TestResults))
            .col(json_binary_null(Assessments::AiPrompts))
            .col(json_binary_null(Assessments::CodeSnapshots))
            .col(json_binary_null(Assessments::Timeline))
            .col(json_binary_null(Assessments::ScoreReport))
            .col(text_null(Assessments::FinalCode))
            .col(string_len_null(Assessments::E2bSessionId, 120))
            .col(string_len_null(Assessments::WorkableCandidateId, 100))
            .col(string_len_null(Assessments::WorkableJobId, 100))
            .col(boolean(Assessments::PostedToWorkable).default(false))
            .col(timestamp_with_time_zone_null(
                Assessments::PostedToWorkableAt,
            ))
            .col(timestamp_with_time_zone_null(Assessments::ArchivedAt))
            .foreign_key(&mut foreign_key(
                (Assessments::Table, Assessments::OrganizationId),
                (Organizations::Table, Organizations::Id),
                ForeignKeyAction::Cascade,
            ))
            .foreign_key(&mut foreign_key(
                (Assessments::Table, Assessments::CandidateId),
                (Candidates::Table, Candidates::Id),
                ForeignKeyAction::Restrict,
            ))
            .foreign_key(&mut foreign_key(
                (Assessments::Table, Assessments::TaskId),
                (Tasks::Table, Tasks::Id),
                ForeignKeyAction::Restrict,
            ))
            .foreign_key(&mut foreign_key(
                (Assessments::Table, Assessments::CreatedBy),
                (Users::Table, Users::Id),
                ForeignKeyAction::SetNull,
            )),
    )
}

fn assessment_sessions() -> TableCreateStatement {
    timestamps(
        Table::create()
            .table(AssessmentSessions::Table)
            .if_not_exists()
            .col(pk_auto(AssessmentSessions::Id))
            .col(integer_uniq(AssessmentSessions::AssessmentId))
            .col(timestamp_with_time_zone(AssessmentSessions::SessionStart))
            .col(timestamp_with_time_zone_null(
                AssessmentSessions::SessionEnd,
            ))
            .col(integer(AssessmentSessions::Keystrokes).default(0))
            .col(integer(AssessmentSessions::CodeExecutions).default(0))
            .col(integer(AssessmentSessions::AiRequests).default(0))
            .col(json_binary_null(AssessmentSessions::ActivityLog))
            .foreign_key(&mut foreign_key(
                (AssessmentSessions::Table, AssessmentSessions::AssessmentId),
                (Assessments::Table, Assessments::Id),
                ForeignKeyAction::Cascade,
            )),
    )
}

fn password_reset_tokens() -> TableCreateStatement {
    Table::create()
        .table(PasswordResetTokens::Table)
        .if_not_exists()
        .col(pk_auto(PasswordResetTokens::Id))
        .col(integer(PasswordResetTokens::UserId))
        .col(string_len_uniq(PasswordResetTokens::TokenHash, 64))
        .col(timestamp_with_time_zone(PasswordResetTokens::ExpiresAt))
        .col(timestamp_with_time_zone_null(PasswordResetTokens::UsedAt))
        .col(timestamp_with_time_zone(Common::CreatedAt))
        .foreign_key(&mut foreign_key(
            (PasswordResetTokens::Table, PasswordResetTokens::UserId),
            (Users::Table, Users::Id),
            ForeignKeyAction::Cascade,
        ))
        .to_owned()
}

fn email_outbox() -> TableCreateStatement {
    Table::create()
        .table(EmailOutbox::Table)
        .if_not_exists()
        .col(pk_auto(EmailOutbox::Id))
        .col(integer_null(EmailOutbox::OrganizationId))
        .col(string_len(EmailOutbox::Kind, 40))
        .col(string_len(EmailOutbox::ToEmail, 320))
        .col(string_len(EmailOutbox::Subject, 300))
        .col(text(EmailOutbox::Html))
        .col(text(EmailOutbox::Text))
        .col(string_len(EmailOutbox::Status, 20))
        .col(string_len(EmailOutbox::Transport, 20))
        .col(string_len_uniq(EmailOutbox::IdempotencyKey, 200))
        .col(integer(EmailOutbox::Attempts).default(0))
        .col(text_null(EmailOutbox::LastError))
        .col(string_len_null(EmailOutbox::ProviderId, 200))
        .col(timestamp_with_time_zone(Common::CreatedAt))
        .col(timestamp_with_time_zone_null(EmailOutbox::SentAt))
        .foreign_key(&mut foreign_key(
            (EmailOutbox::Table, EmailOutbox::OrganizationId),
            (Organizations::Table, Organizations::Id),
            ForeignKeyAction::Cascade,
        ))
        .to_owned()
}

fn index(
    name: &str,
    table: impl IntoIden,
    column: impl IntoIden,
    unique: bool,
) -> IndexCreateStatement {
    let mut statement = Index::create()
        .name(name)
        .table(table)
        .col(column)
        .if_not_exists()
        .to_owned();
    if unique {
        statement.unique();
    }
    statement
}

fn indexes() -> Vec<IndexCreateStatement> {
    vec![
        index("ux_users_email", Users::Table, Users::Email, true),
        index(
            "ix_users_organization_id",
            Users::Table,
            Users::OrganizationId,
            false,
        ),
        index(
            "ux_assessments_token",
            Assessments::Table,
            Assessments::Token,
            true,
        ),
        index(
            "ix_assessments_organization_id",
            Assessments::Table,
            Assessments::OrganizationId,
            false,
        ),
        index(
            "ix_assessments_candidate_id",
            Assessments::Table,
            Assessments::CandidateId,
            false,
        ),
        index(
            "ix_assessments_status",
            Assessments::Table,
            Assessments::Status,
            false,
        ),
        index(
            "ix_assessments_task_id",
            Assessments::Table,
            Assessments::TaskId,
            false,
        ),
        index(
            "ix_candidates_organization_id",
            Candidates::Table,
            Candidates::OrganizationId,
            false,
        ),
        index(
            "ix_candidates_email",
            Candidates::Table,
            Candidates::Email,
            false,
        ),
        index(
            "ix_tasks_organization_id",
            Tasks::Table,
            Tasks::OrganizationId,
            false,
        ),
        index("ux_tasks_slug", Tasks::Table, Tasks::Slug, true),
        index(
            "ix_password_reset_tokens_user_id",
            PasswordResetTokens::Table,
            PasswordResetTokens::UserId,
            false,
        ),
        index(
            "ix_email_outbox_organization_id",
            EmailOutbox::Table,
            EmailOutbox::OrganizationId,
            false,
        ),
    ]
}

#[derive(DeriveIden)]
enum Common {
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
    Name,
    Slug,
    WorkableSubdomain,
    WorkableAccessToken,
    WorkableRefreshToken,
    WorkableTokenExpiresAt,
    WorkableConnected,
    WorkableConfig,
    StripeCustomerId,
    StripeSubscriptionId,
    Plan,
    BillingStatus,
    AssessmentsUsed,
    AssessmentsLimit,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    HashedPassword,
    FullName,
    IsActive,
    IsSuperuser,
    OrganizationId,
}

#[derive(DeriveIden)]
enum Candidates {
    Table,
    Id,
    OrganizationId,
    Email,
    FullName,
    Position,
    WorkableCandidateId,
    WorkableData,
    DeletedAt,
}

#[derive(DeriveIden)]
enum Tasks {
    Table,
    Id,
    OrganizationId,
    Slug,
    Name,
    Description,
    TaskType,
    Difficulty,
    DurationMinutes,
    StarterCode,
    TestCode,
    HiddenTestCode,
    ReferenceSolution,
    SampleData,
    Dependencies,
    SuccessCriteria,
    TestWeights,
    Rubric,
    ScoringConfig,
    IsTemplate,
    IsActive,
}

#[derive(DeriveIden)]
enum Assessments {
    Table,
    Id,
    OrganizationId,
    CandidateId,
    TaskId,
    CreatedBy,
    Token,
    Status,
    DurationMinutes,
    StartedAt,
    CompletedAt,
    ExpiresAt,
    DeadlineAt,
    Score,
    TestsPassed,
    TestsTotal,
    CodeQualityScore,
    TimeEfficiencyScore,
    AiUsageScore,
    TestResults,
    AiPrompts,
    CodeSnapshots,
    Timeline,
    ScoreReport,
    FinalCode,
    E2bSessionId,
    WorkableCandidateId,
    WorkableJobId,
    PostedToWorkable,
    PostedToWorkableAt,
    ArchivedAt,
}

#[derive(DeriveIden)]
enum AssessmentSessions {
    Table,
    Id,
    AssessmentId,
    SessionStart,
    SessionEnd,
    Keystrokes,
    CodeExecutions,
    AiRequests,
    ActivityLog,
}

#[derive(DeriveIden)]
enum PasswordResetTokens {
    Table,
    Id,
    UserId,
    TokenHash,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum EmailOutbox {
    Table,
    Id,
    OrganizationId,
    Kind,
    ToEmail,
    Subject,
    Html,
    Text,
    Status,
    Transport,
    IdempotencyKey,
    Attempts,
    LastError,
    ProviderId,
    SentAt,
}

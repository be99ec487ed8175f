//! Billing: the credit ledger (append-only; an organization's balance is the sum of its rows), the webhook events
//! already processed (a replayed delivery is a no-op), and the organization's subscription state.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CreditLedger::Table)
                    .col(pk_auto(CreditLedger::Id))
                    .col(integer(CreditLedger::OrganizationId))
                    .col(integer(CreditLedger::Delta))
                    .col(string_len(CreditLedger::Kind, 20))
                    .col(integer_null(CreditLedger::AssessmentId))
                    .col(string_null(CreditLedger::StripeReference))
                    .col(text_null(CreditLedger::Note))
                    .col(integer_null(CreditLedger::CreatedBy))
                    .col(timestamp_with_time_zone(CreditLedger::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CreditLedger::Table, CreditLedger::OrganizationId)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CreditLedger::Table, CreditLedger::AssessmentId)
                            .to(Assessments::Table, Assessments::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns, unique) in [
            (
                "ix_credit_ledger_organization",
                vec![CreditLedger::OrganizationId, CreditLedger::Id],
                false,
            ),
            (
                "ix_credit_ledger_assessment",
                vec![CreditLedger::AssessmentId],
                false,
            ),
            // A payment credits once, however often its webhook arrives.
            (
                "ux_credit_ledger_stripe_reference",
                vec![CreditLedger::StripeReference, CreditLedger::Kind],
                true,
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(CreditLedger::Table);
            for column in columns {
                index.col(column);
            }
            if unique {
                index.unique();
            }
            manager.create_index(index.to_owned()).await?;
        }
        // An assessment's credit is used once, whatever retries or races happen.
        manager
            .create_index(
                Index::create()
                    .name("ux_credit_ledger_use")
                    .table(CreditLedger::Table)
                    .col(CreditLedger::AssessmentId)
                    .and_where(Expr::col(CreditLedger::Kind).eq("use"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(WebhookEvents::Table)
                    .col(pk_auto(WebhookEvents::Id))
                    .col(string_len(WebhookEvents::Provider, 20))
                    .col(string(WebhookEvents::EventId))
                    .col(string(WebhookEvents::EventType))
                    .col(timestamp_with_time_zone(WebhookEvents::ReceivedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_webhook_events_provider_event")
                    .table(WebhookEvents::Table)
                    .col(WebhookEvents::Provider)
                    .col(WebhookEvents::EventId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        for column in [
            boolean(Organizations::AutoCharge).default(false).to_owned(),
            string_null(Organizations::SubscriptionStatus),
            timestamp_with_time_zone_null(Organizations::CurrentPeriodEnd),
            timestamp_with_time_zone_null(Organizations::PastDueSince),
            string_null(Organizations::DefaultPaymentMethod),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Organizations::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            Organizations::AutoCharge,
            Organizations::SubscriptionStatus,
            Organizations::CurrentPeriodEnd,
            Organizations::PastDueSince,
            Organizations::DefaultPaymentMethod,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Organizations::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(WebhookEvents::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(CreditLedger::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum CreditLedger {
    Table,
    Id,
    OrganizationId,
    Delta,
    Kind,
    AssessmentId,
    StripeReference,
    Note,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum WebhookEvents {
    Table,
    Id,
    Provider,
    EventId,
    EventType,
    ReceivedAt,
}

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
    AutoCharge,
    SubscriptionStatus,
    CurrentPeriodEnd,
    PastDueSince,
    DefaultPaymentMethod,
}

#[derive(DeriveIden)]
enum Assessments {
    Table,
    Id,
}

//! Each completed submission's fingerprints, stored once (`submission_fingerprints`) so a similarity check reads
//! the earlier submissions' instead of fingerprinting their code again. A submission without a stored row (checked
//! before the table existed) or with a row of another encoding version is fingerprinted from its final code once,
//! and stored then.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
};
use tali_similarity::{Fingerprint, decode, encode, fingerprints};

use crate::db::entities::{assessment, submission_fingerprint};
use crate::domain::Result;

/// The fingerprints of the submissions `ids`, in that order; those of a submission with no final code are left out.
pub async fn of_submissions(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> Result<Vec<(i32, Vec<Fingerprint>)>> {
    let mut stored: HashMap<i32, Vec<Fingerprint>> = submission_fingerprint::Entity::find()
        .filter(submission_fingerprint::Column::AssessmentId.is_in(ids.to_vec()))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|row| Some((row.assessment_id, decode(&row.fingerprints)?)))
        .collect();
    let missing: Vec<i32> = ids
        .iter()
        .copied()
        .filter(|id| !stored.contains_key(id))
        .collect();
    if !missing.is_empty() {
        let codes: Vec<(i32, Option<String>)> = assessment::Entity::find()
            .select_only()
            .columns([assessment::Column::Id, assessment::Column::FinalCode])
            .filter(assessment::Column::Id.is_in(missing))
            .into_tuple()
            .all(db)
            .await?;
        let taken = tokio::task::spawn_blocking(move || {
            codes
                .into_iter()
                .filter_map(|(id, code)| Some((id, fingerprints(&code?))))
                .collect::<Vec<_>>()
        })
        .await
        .map_err(anyhow::Error::from)?;
        store(db, &taken).await?;
        stored.extend(taken);
    }
    Ok(ids
        .iter()
        .filter_map(|id| Some((*id, stored.remove(id)?)))
        .collect())
}

/// Stores (or replaces) the submissions' fingerprints.
pub async fn store(db: &impl ConnectionTrait, taken: &[(i32, Vec<Fingerprint>)]) -> Result<()> {
    if taken.is_empty() {
        return Ok(());
    }
    let now = Utc::now();
    let rows = taken
        .iter()
        .map(|(id, found)| submission_fingerprint::ActiveModel {
            assessment_id: Set(*id),
            fingerprints: Set(encode(found)),
            created_at: Set(now),
        });
    submission_fingerprint::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::column(submission_fingerprint::Column::AssessmentId)
                .update_columns([
                    submission_fingerprint::Column::Fingerprints,
                    submission_fingerprint::Column::CreatedAt,
                ])
                .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}

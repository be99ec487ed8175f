//! Reading one page of a newest-first list: ordered by (creation time, id) descending, after a cursor or past an
//! offset, one row more than asked so the caller knows whether another page follows.

use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select};

use crate::domain::page::{PageRequest, Start};

pub fn newest_first<E: EntityTrait>(
    select: Select<E>,
    created_at: E::Column,
    id: E::Column,
    page: &PageRequest,
) -> Select<E> {
    let select = match page.start {
        Start::Offset(offset) => select.offset(offset),
        Start::After(key) => select.filter(
            Condition::any().add(created_at.lt(key.created_at)).add(
                Condition::all()
                    .add(created_at.eq(key.created_at))
                    .add(id.lt(key.id)),
            ),
        ),
    };
    select
        .order_by_desc(created_at)
        .order_by_desc(id)
        .limit(page.limit + 1)
}

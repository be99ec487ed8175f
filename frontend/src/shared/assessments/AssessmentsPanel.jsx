import { useState } from 'react'
import { EmptyState, ErrorMessage, Pagination } from '../../components/ui/index.js'
import { useAsync } from '../../lib/useAsync.js'
import { usePages } from '../../lib/usePages.js'
import { listAssessments, listTasks } from '../api.js'
import { useDebounced } from '../useDebounced.js'
import AssessmentFilters from './AssessmentFilters.jsx'
import AssessmentsTable from './AssessmentsTable.jsx'
import ListToolbar from './ListToolbar.jsx'
import { useCompareSelection } from './compareSelection.js'

const PAGE_SIZE = 10
const NO_FILTERS = { q: '', status: '', task_id: '', needs_review: '' }
// "Archived" sits with the statuses in the filter but is its own flag in the API.
export const ARCHIVED = 'archived'
export const DEFAULT_SORT = '-created_at'

// Filterable, sortable, server-paginated assessments list, with a selection to compare and a CSV export of what
// it shows. `refreshKey` changes when the caller created one.
export default function AssessmentsPanel({ refreshKey = 0, emptyAction }) {
  const [filters, setFilters] = useState(NO_FILTERS)
  const [sort, setSort] = useState(DEFAULT_SORT)
  const pages = usePages(PAGE_SIZE)
  const selection = useCompareSelection()
  const q = useDebounced(filters.q.trim())
  const tasks = useAsync(() => listTasks({ limit: 100 }), [])
  const archived = filters.status === ARCHIVED
  const query = { q, status: archived ? '' : filters.status, archived_only: archived || '', task_id: filters.task_id, needs_review: filters.needs_review, sort: sort === DEFAULT_SORT ? '' : sort }
  const list = useAsync(() => listAssessments({ ...query, ...pages.params }), [q, filters.status, filters.task_id, filters.needs_review, sort, pages.params.cursor, refreshKey])
  const onFilters = (next) => {
    setFilters(next)
    pages.restart()
  }
  const onSort = (next) => {
    setSort(next)
    pages.restart()
  }
  const filtered = q || filters.status || filters.task_id || filters.needs_review

  return (
    <div>
      <AssessmentFilters filters={filters} tasks={tasks.data?.items ?? []} onChange={onFilters} />
      <ListToolbar query={query} selection={selection} total={list.data?.total ?? 0} />
      {list.error && <ErrorMessage message={list.error} onRetry={list.reload} />}
      <AssessmentsTable
        items={list.data?.items}
        loading={list.loading}
        sort={sort}
        onSort={onSort}
        selection={selection}
        onInvitationChanged={list.reload}
        empty={
          <EmptyState
            title={filtered ? 'No matching assessments' : 'No assessments yet'}
            message={filtered ? 'Try another search or clear the filters.' : 'Send your first assessment to a candidate to see it here.'}
            action={filtered ? null : emptyAction}
          />
        }
      />
      {list.data && <Pagination {...pages.pagination(list.data)} />}
    </div>
  )
}

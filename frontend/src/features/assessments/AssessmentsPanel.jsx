import { useState } from 'react'
import { EmptyState, ErrorMessage, Pagination, Spinner } from '../../components/ui/index.js'
import { listAssessments, listTasks } from '../../lib/api.js'
import { useAsync } from '../../lib/useAsync.js'
import AssessmentFilters from './AssessmentFilters.jsx'
import AssessmentsTable from './AssessmentsTable.jsx'
import { useDebounced } from './useDebounced.js'

const PAGE_SIZE = 10
const NO_FILTERS = { q: '', status: '', task_id: '' }

// Filterable, server-paginated assessments list. `refreshKey` changes when the caller created one.
export default function AssessmentsPanel({ refreshKey = 0, emptyAction }) {
  const [filters, setFilters] = useState(NO_FILTERS)
  const [offset, setOffset] = useState(0)
  const q = useDebounced(filters.q.trim())
  const tasks = useAsync(() => listTasks({ limit: 100 }), [])
  const list = useAsync(
    () => listAssessments({ q, status: filters.status, task_id: filters.task_id, limit: PAGE_SIZE, offset }),
    [q, filters.status, filters.task_id, offset, refreshKey],
  )
  const onFilters = (next) => {
    setFilters(next)
    setOffset(0)
  }
  const filtered = q || filters.status || filters.task_id
  const items = list.data?.items ?? []

  return (
    <div>
      <AssessmentFilters filters={filters} tasks={tasks.data?.items ?? []} onChange={onFilters} />
      {list.error && <ErrorMessage message={list.error} onRetry={list.reload} />}
      {list.loading && !list.data && <Spinner label="Loading assessments…" />}
      {list.data && items.length === 0 && (
        <EmptyState
          title={filtered ? 'No matching assessments' : 'No assessments yet'}
          message={filtered ? 'Try another search or clear the filters.' : 'Send your first assessment to a candidate to see it here.'}
          action={filtered ? null : emptyAction}
        />
      )}
      {items.length > 0 && (
        <div aria-busy={list.loading} className={list.loading ? 'opacity-60' : ''}>
          <AssessmentsTable items={items} />
          <Pagination total={list.data.total} limit={list.data.limit ?? PAGE_SIZE} offset={list.data.offset ?? offset} onChange={setOffset} />
        </div>
      )}
    </div>
  )
}

import { useState } from 'react'
import { EmptyState, ErrorMessage, Pagination } from '../../components/ui/index.js'
import { useAsync } from '../../lib/useAsync.js'
import { listAssessments, listTasks } from '../api.js'
import { useDebounced } from '../useDebounced.js'
import AssessmentFilters from './AssessmentFilters.jsx'
import AssessmentsTable from './AssessmentsTable.jsx'

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

  return (
    <div>
      <AssessmentFilters filters={filters} tasks={tasks.data?.items ?? []} onChange={onFilters} />
      {list.error && <ErrorMessage message={list.error} onRetry={list.reload} />}
      <AssessmentsTable
        items={list.data?.items}
        loading={list.loading}
        empty={
          <EmptyState
            title={filtered ? 'No matching assessments' : 'No assessments yet'}
            message={filtered ? 'Try another search or clear the filters.' : 'Send your first assessment to a candidate to see it here.'}
            action={filtered ? null : emptyAction}
          />
        }
      />
      {list.data && <Pagination total={list.data.total} limit={list.data.limit ?? PAGE_SIZE} offset={list.data.offset ?? offset} onChange={setOffset} />}
    </div>
  )
}

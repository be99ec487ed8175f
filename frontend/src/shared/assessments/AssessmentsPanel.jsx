import { useState } from 'react'
import { EmptyState, ErrorMessage, Pagination } from '../../components/ui/index.js'
import { useAsync } from '../../lib/useAsync.js'
import { usePages } from '../../lib/usePages.js'
import { listAssessments, listTasks } from '../api.js'
import { useDebounced } from '../useDebounced.js'
import AssessmentFilters from './AssessmentFilters.jsx'
import AssessmentsTable from './AssessmentsTable.jsx'

const PAGE_SIZE = 10
const NO_FILTERS = { q: '', status: '', task_id: '' }

// Filterable, server-paginated assessments list. `refreshKey` changes when the caller created one.
export default function AssessmentsPanel({ refreshKey = 0, emptyAction }) {
  const [filters, setFilters] = useState(NO_FILTERS)
  const pages = usePages(PAGE_SIZE)
  const q = useDebounced(filters.q.trim())
  const tasks = useAsync(() => listTasks({ limit: 100 }), [])
  const list = useAsync(
    () => listAssessments({ q, status: filters.status, task_id: filters.task_id, ...pages.params }),
    [q, filters.status, filters.task_id, pages.params.cursor, refreshKey],
  )
  const onFilters = (next) => {
    setFilters(next)
    pages.restart()
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
      {list.data && <Pagination {...pages.pagination(list.data)} />}
    </div>
  )
}

import { EmptyState, ErrorMessage, Pagination } from '../../../components/ui/index.js'
import { formatDate, formatPence } from '../../../lib/format.js'
import { useAsync } from '../../../lib/useAsync.js'
import { usePages } from '../../../lib/usePages.js'
import Table from '../../../shared/Table.jsx'
import { getBillingUsage } from './api.js'

const PAGE_SIZE = 20

const COLUMNS = [
  { key: 'created_at', header: 'Date', render: (row) => formatDate(row.created_at) },
  { key: 'candidate_name', header: 'Candidate', render: (row) => row.candidate_name || '—' },
  { key: 'task_name', header: 'Task', render: (row) => row.task_name ?? '—' },
  { key: 'amount_pence', header: 'Cost', render: (row) => formatPence(row.amount_pence) },
]

// The assessments candidates started, newest first, with what each cost.
export default function UsageHistory({ version }) {
  const pages = usePages(PAGE_SIZE)
  const usage = useAsync(() => getBillingUsage(pages.params), [pages.params.cursor, version])
  return (
    <section className="flex flex-col gap-3" aria-labelledby="usage-title">
      <h3 id="usage-title" className="font-black uppercase">
        Usage history
      </h3>
      {usage.data && (
        <p className="text-sm">
          {usage.data.total} started, {formatPence(usage.data.total_cost_pence)} in total.
        </p>
      )}
      {usage.error && <ErrorMessage message={usage.error} onRetry={usage.reload} />}
      <Table
        columns={COLUMNS}
        rows={usage.data?.items}
        rowKey="assessment_id"
        caption="Usage history"
        loading={usage.loading}
        loadingLabel="Loading usage…"
        empty={<EmptyState title="No usage yet" message="Each assessment a candidate starts appears here with its cost." />}
      />
      {usage.data && <Pagination {...pages.pagination(usage.data)} />}
    </section>
  )
}

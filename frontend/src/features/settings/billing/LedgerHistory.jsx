import { EmptyState, ErrorMessage, Pagination } from '../../../components/ui/index.js'
import { formatDateTime } from '../../../lib/format.js'
import { useAsync } from '../../../lib/useAsync.js'
import { usePages } from '../../../lib/usePages.js'
import Table from '../../../shared/Table.jsx'
import { getLedger } from './api.js'

const PAGE_SIZE = 10

const KINDS = {
  trial: 'Trial credits',
  purchase: 'Bought',
  reserve: 'Reserved for an assessment',
  use: 'Used: the candidate started',
  release: 'Given back: never started',
  refund: 'Refund',
  adjustment: 'Adjustment',
}

const signed = (delta) => (delta > 0 ? `+${delta}` : delta < 0 ? `−${-delta}` : '0')

const COLUMNS = [
  { key: 'created_at', header: 'When', render: (row) => formatDateTime(row.created_at) },
  { key: 'kind', header: 'Entry', render: (row) => KINDS[row.kind] ?? row.kind },
  { key: 'delta', header: 'Credits', render: (row) => <span className="font-mono font-bold">{signed(row.delta)}</span> },
  {
    key: 'detail',
    header: 'Detail',
    render: (row) =>
      row.assessment_id ? (
        <a href={`#/assessments/${row.assessment_id}`} className="font-bold underline">
          Assessment #{row.assessment_id}
        </a>
      ) : (
        row.note ?? '—'
      ),
  },
]

// The credit ledger, newest first: every credit in and out.
export default function LedgerHistory({ version }) {
  const pages = usePages(PAGE_SIZE)
  const ledger = useAsync(() => getLedger(pages.params), [pages.params.cursor, version])
  return (
    <section className="flex flex-col gap-3" aria-labelledby="ledger-title">
      <h3 id="ledger-title" className="font-black uppercase">
        Credit ledger
      </h3>
      {ledger.error && <ErrorMessage message={ledger.error} onRetry={ledger.reload} />}
      <Table
        columns={COLUMNS}
        rows={ledger.data?.items}
        caption="Credit ledger"
        loading={ledger.loading}
        loadingLabel="Loading the ledger…"
        empty={<EmptyState title="No credits yet" message="Trial credits, purchases and each assessment's credit appear here." />}
      />
      {ledger.data && <Pagination {...pages.pagination(ledger.data)} />}
    </section>
  )
}

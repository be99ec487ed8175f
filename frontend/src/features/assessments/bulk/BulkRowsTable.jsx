import { Badge } from '../../../components/ui/index.js'
import CopyLinkButton from '../../../shared/assessments/CopyLinkButton.jsx'
import Table from '../../../shared/Table.jsx'

const STATUS = {
  ready: { label: 'Ready', tone: 'blue' },
  sent: { label: 'Sent', tone: 'green' },
  invalid: { label: 'Invalid', tone: 'red' },
  duplicate: { label: 'Duplicate', tone: 'yellow' },
  failed: { label: 'Failed', tone: 'red' },
}

const COLUMNS = [
  { key: 'row', header: 'Row' },
  {
    key: 'candidate',
    header: 'Candidate',
    render: (r) => (
      <>
        <div className="font-bold">{r.name || '—'}</div>
        <div className="text-xs text-neutral-600">{r.email || '—'}</div>
      </>
    ),
  },
  { key: 'position', header: 'Position', render: (r) => r.position || '—' },
  {
    key: 'status',
    header: 'Result',
    render: (r) => {
      const info = STATUS[r.status] ?? { label: r.status, tone: 'gray' }
      return <Badge tone={info.tone}>{info.label}</Badge>
    },
  },
  {
    key: 'notes',
    header: 'Notes',
    render: (r) => (
      <ul className="text-xs">
        {r.problems.map((p) => (
          <li key={p} className="font-semibold text-red-700">
            {p}
          </li>
        ))}
        {r.notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
        {r.token && (
          <li className="mt-1">
            <CopyLinkButton token={r.token} />
          </li>
        )}
      </ul>
    ),
  },
]

// The rows of a bulk invitation with what the server said of each (the preview's checks, or the sending's result).
export default function BulkRowsTable({ rows }) {
  return <Table columns={COLUMNS} rows={rows} rowKey="row" caption="Candidates in the file" minWidth="min-w-[560px]" />
}

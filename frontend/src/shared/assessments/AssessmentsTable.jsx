import { formatDuration } from '../../lib/format.js'
import Table from '../Table.jsx'
import CopyLinkButton from './CopyLinkButton.jsx'
import ScoreText from './ScoreText.jsx'
import StatusBadge from './StatusBadge.jsx'

// Links stay copyable only while a candidate can still use them.
const LINK_STATUSES = new Set(['pending', 'in_progress'])

const COLUMNS = [
  {
    key: 'candidate',
    header: 'Candidate',
    render: (a) => (
      <>
        <div className="font-bold">{a.candidate_name || '—'}</div>
        <div className="text-xs text-neutral-600">{a.candidate_email}</div>
      </>
    ),
  },
  { key: 'task_name', header: 'Task' },
  { key: 'status', header: 'Status', render: (a) => <StatusBadge status={a.status} /> },
  { key: 'score', header: 'Score', render: (a) => <ScoreText score={a.score} /> },
  { key: 'time', header: 'Time', render: (a) => formatDuration(a.started_at, a.completed_at) },
  {
    key: 'link',
    header: 'Assessment link',
    render: (a) => (LINK_STATUSES.has(a.status) ? <CopyLinkButton token={a.token} /> : <span className="text-neutral-500">—</span>),
  },
  {
    key: 'actions',
    header: 'Actions',
    render: (a) =>
      a.status === 'completed' ? (
        <a href={`#/assessments/${a.id}`} className="font-bold text-brand underline">
          View
        </a>
      ) : (
        <a href={`#/assessments/${a.id}`} className="text-neutral-600 underline">
          Details
        </a>
      ),
  },
]

export default function AssessmentsTable({ items, loading = false, empty = null }) {
  return (
    <Table
      columns={COLUMNS}
      rows={items}
      caption="Assessments"
      loading={loading}
      loadingLabel="Loading assessments…"
      empty={empty}
      minWidth="min-w-[720px]"
      hover
    />
  )
}

import { formatDate, formatDuration } from '../../lib/format.js'
import Table from '../Table.jsx'
import CopyLinkButton from './CopyLinkButton.jsx'
import NeedsReviewBadge from './NeedsReviewBadge.jsx'
import ScoreText from './ScoreText.jsx'
import StatusBadge from './StatusBadge.jsx'
import InvitationActions from './invitations/InvitationActions.jsx'

// Links stay copyable only while a candidate can still use them.
const LINK_STATUSES = new Set(['pending', 'in_progress'])

const COLUMNS = [
  {
    key: 'candidate',
    header: 'Candidate',
    sortKey: 'candidate_name',
    render: (a) => (
      <>
        <div className="font-bold">{a.candidate_name || '—'}</div>
        <div className="text-xs text-neutral-600">{a.candidate_email}</div>
      </>
    ),
  },
  { key: 'task_name', header: 'Task' },
  {
    key: 'status',
    header: 'Status',
    sortKey: 'status',
    render: (a) => (
      <span className="flex flex-wrap items-center gap-1">
        <StatusBadge status={a.status} />
        <NeedsReviewBadge assessment={a} />
      </span>
    ),
  },
  { key: 'score', header: 'Score', sortKey: 'score', sortFirst: 'desc', render: (a) => <ScoreText score={a.score} /> },
  { key: 'time', header: 'Time', render: (a) => formatDuration(a.started_at, a.completed_at) },
  { key: 'completed_at', header: 'Completed on', sortKey: 'completed_at', sortFirst: 'desc', render: (a) => (a.completed_at ? formatDate(a.completed_at) : '—') },
  { key: 'created_at', header: 'Sent on', sortKey: 'created_at', sortFirst: 'desc', render: (a) => formatDate(a.created_at) },
  {
    key: 'link',
    header: 'Assessment link',
    render: (a) => (LINK_STATUSES.has(a.status) ? <CopyLinkButton token={a.token} /> : <span className="text-neutral-500">—</span>),
  },
]

function viewLink(a) {
  return a.status === 'completed' ? (
    <a href={`#/assessments/${a.id}`} className="font-bold text-brand underline">
      View
    </a>
  ) : (
    <a href={`#/assessments/${a.id}`} className="text-neutral-600 underline">
      Details
    </a>
  )
}

// The last column: the way to the assessment and, when `onInvitationChanged` is given, the invitation's own
// actions (resend, extend, re-invite, cancel).
function actionsColumn(onInvitationChanged) {
  return {
    key: 'actions',
    header: 'Actions',
    render: (a) => (
      <span className="flex flex-wrap items-center gap-2">
        {viewLink(a)}
        {onInvitationChanged && <InvitationActions assessment={a} onChanged={onInvitationChanged} />}
      </span>
    ),
  }
}

// The column of checkboxes that picks rows to compare. `selection.blocked(row)` says why a row cannot be picked
// (not completed, another task, four already), or null.
function selectColumn(selection) {
  return {
    key: 'select',
    header: <span className="sr-only">Select to compare</span>,
    render: (a) => {
      const checked = selection.selected.has(a.id)
      const blocked = checked ? null : selection.blocked(a)
      return (
        <input
          type="checkbox"
          className="h-4 w-4 accent-brand"
          checked={checked}
          disabled={Boolean(blocked)}
          title={blocked ?? 'Select to compare'}
          aria-label={`Compare ${a.candidate_name || a.candidate_email}`}
          onChange={() => selection.toggle(a)}
        />
      )
    },
  }
}

export default function AssessmentsTable({ items, loading = false, empty = null, sort, onSort, selection, onInvitationChanged }) {
  const columns = [...(selection ? [selectColumn(selection)] : []), ...COLUMNS, actionsColumn(onInvitationChanged)]
  return (
    <Table
      columns={columns}
      rows={items}
      caption="Assessments"
      loading={loading}
      loadingLabel="Loading assessments…"
      empty={empty}
      minWidth="min-w-[1100px]"
      hover
      sort={sort}
      onSort={onSort}
    />
  )
}

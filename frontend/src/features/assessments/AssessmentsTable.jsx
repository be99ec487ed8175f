import { formatDuration } from '../../lib/format.js'
import CopyLinkButton from './CopyLinkButton.jsx'
import ScoreText from './ScoreText.jsx'
import StatusBadge from './StatusBadge.jsx'

// Links stay copyable only while a candidate can still use them.
const LINK_STATUSES = new Set(['pending', 'in_progress'])

export default function AssessmentsTable({ items }) {
  return (
    <div className="overflow-x-auto border-2 border-ink">
      <table className="w-full min-w-[720px] text-left text-sm">
        <thead className="bg-ink text-paper">
          <tr>
            {['Candidate', 'Task', 'Status', 'Score', 'Time', 'Assessment link', 'Actions'].map((h) => (
              <th key={h} scope="col" className="px-3 py-2 font-bold uppercase">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
            <tr key={a.id} className="border-t-2 border-ink align-middle hover:bg-brand-light">
              <td className="px-3 py-2">
                <div className="font-bold">{a.candidate_name || '—'}</div>
                <div className="text-xs text-neutral-600">{a.candidate_email}</div>
              </td>
              <td className="px-3 py-2">{a.task_name}</td>
              <td className="px-3 py-2">
                <StatusBadge status={a.status} />
              </td>
              <td className="px-3 py-2">
                <ScoreText score={a.score} />
              </td>
              <td className="px-3 py-2">{formatDuration(a.started_at, a.completed_at)}</td>
              <td className="px-3 py-2">{LINK_STATUSES.has(a.status) ? <CopyLinkButton token={a.token} /> : <span className="text-neutral-500">—</span>}</td>
              <td className="px-3 py-2">
                {a.status === 'completed' ? (
                  <a href={`#/assessments/${a.id}`} className="font-bold text-brand underline">
                    View
                  </a>
                ) : (
                  <a href={`#/assessments/${a.id}`} className="text-neutral-600 underline">
                    Details
                  </a>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

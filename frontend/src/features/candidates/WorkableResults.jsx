import { Card } from '../../components/ui/index.js'
import { useAuth } from '../../context/AuthContext.jsx'
import { formatDate } from '../../lib/format.js'
import ScoreText from '../../shared/assessments/ScoreText.jsx'
import WorkablePost from '../../shared/assessments/WorkablePost.jsx'

// The candidate's completed results, each with "Post to Workable", when the organization is connected: posting from
// the candidate's page without opening each report.
export default function WorkableResults({ assessments, onPosted }) {
  const { user } = useAuth()
  const completed = assessments.filter((a) => a.status === 'completed')
  if (!user?.organization?.workable_connected || completed.length === 0) return null
  return (
    <Card title="Workable" className="mt-6">
      <ul className="flex flex-col">
        {completed.map((a) => (
          <li key={a.id} className="flex flex-wrap items-start justify-between gap-3 border-b-2 border-ink py-2 last:border-b-0" data-testid="workable-result">
            <span className="text-sm">
              <a href={`#/assessments/${a.id}`} className="font-bold underline">
                {a.task_name}
              </a>{' '}
              · <ScoreText score={a.score} /> · completed {formatDate(a.completed_at)}
            </span>
            <WorkablePost assessment={a} onPosted={onPosted} align="start" />
          </li>
        ))}
      </ul>
    </Card>
  )
}

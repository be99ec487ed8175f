import PageHeader from '../../components/layout/PageHeader.jsx'
import { Card, EmptyState, ErrorMessage, Spinner } from '../../components/ui/index.js'
import { getAnalytics } from '../../lib/api.js'
import { formatPercent } from '../../lib/format.js'
import { useAsync } from '../../lib/useAsync.js'
import ScoreText from '../assessments/ScoreText.jsx'
import StatCards from '../dashboard/StatCards.jsx'
import ScoreDistribution from './ScoreDistribution.jsx'

function PerTaskTable({ rows }) {
  if (rows.length === 0) return <EmptyState title="No data yet" message="Per-task numbers appear once you send assessments." />
  return (
    <div className="overflow-x-auto border-2 border-ink">
      <table className="w-full text-left text-sm">
        <thead className="bg-ink text-paper">
          <tr>
            {['Task', 'Sent', 'Completed', 'Completion', 'Average score'].map((h) => (
              <th key={h} scope="col" className="px-3 py-2 font-bold uppercase">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.task_id} className="border-t-2 border-ink">
              <td className="px-3 py-2 font-bold">{row.task_name}</td>
              <td className="px-3 py-2">{row.total}</td>
              <td className="px-3 py-2">{row.completed}</td>
              <td className="px-3 py-2">
                <div className="flex items-center gap-2">
                  <div className="h-3 w-24 border-2 border-ink" aria-hidden="true">
                    <div className="h-full bg-brand" style={{ width: `${row.total ? (row.completed / row.total) * 100 : 0}%` }} />
                  </div>
                  {formatPercent(row.total ? (row.completed / row.total) * 100 : null)}
                </div>
              </td>
              <td className="px-3 py-2">
                <ScoreText score={row.average_score} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export default function AnalyticsPage() {
  const { data, error, loading, reload } = useAsync(getAnalytics, [])
  return (
    <>
      <PageHeader title="Analytics" subtitle="How your assessments are performing." />
      {error && <ErrorMessage message={error} onRetry={reload} />}
      {loading && !data && <Spinner label="Loading analytics…" />}
      {data && (
        <div className="flex flex-col gap-6">
          <StatCards analytics={data} />
          <div className="grid gap-6 xl:grid-cols-2">
            <Card title="Per task">
              <PerTaskTable rows={data.per_task ?? []} />
            </Card>
            <Card title="Score distribution">
              <ScoreDistribution buckets={data.score_distribution ?? []} />
            </Card>
          </div>
        </div>
      )}
    </>
  )
}

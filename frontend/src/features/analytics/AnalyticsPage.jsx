import PageHeader from '../../components/layout/PageHeader.jsx'
import { Card, EmptyState, ErrorMessage, Spinner } from '../../components/ui/index.js'
import { formatPercent } from '../../lib/format.js'
import { useAsync } from '../../lib/useAsync.js'
import ScoreText from '../../shared/assessments/ScoreText.jsx'
import StatCards from '../../shared/StatCards.jsx'
import Table from '../../shared/Table.jsx'
import { getAnalytics } from './api.js'
import ScoreDistribution from './ScoreDistribution.jsx'

const completion = (row) => (row.total ? (row.completed / row.total) * 100 : null)

const PER_TASK_COLUMNS = [
  { key: 'task_name', header: 'Task', className: 'font-bold' },
  { key: 'total', header: 'Sent' },
  { key: 'completed', header: 'Completed' },
  {
    key: 'completion',
    header: 'Completion',
    render: (row) => (
      <div className="flex items-center gap-2">
        <div className="h-3 w-24 border-2 border-ink" aria-hidden="true">
          <div className="h-full bg-brand" style={{ width: `${completion(row) ?? 0}%` }} />
        </div>
        {formatPercent(completion(row))}
      </div>
    ),
  },
  { key: 'average_score', header: 'Average score', render: (row) => <ScoreText score={row.average_score} /> },
]

function PerTaskTable({ rows }) {
  return (
    <Table
      columns={PER_TASK_COLUMNS}
      rows={rows}
      rowKey="task_id"
      caption="Per task"
      empty={<EmptyState title="No data yet" message="Per-task numbers appear once you send assessments." />}
    />
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

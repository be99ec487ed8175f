import { ErrorMessage } from '../components/ui/index.js'
import { formatPence, formatPercent } from '../lib/format.js'

function StatCard({ label, value, hint }) {
  return (
    <div className="brutal-box p-4">
      <p className="text-xs font-bold uppercase text-neutral-600">{label}</p>
      <p className="mt-2 text-3xl font-black" data-testid={`stat-${label}`}>
        {value}
      </p>
      {hint && <p className="mt-1 text-xs text-neutral-600">{hint}</p>}
    </div>
  )
}

export default function StatCards({ analytics, loading, error, onRetry }) {
  if (error) return <ErrorMessage message={error} onRetry={onRetry} />
  const show = (value) => (loading && !analytics ? '…' : value)
  const a = analytics ?? {}
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
      <StatCard label="Active Assessments" value={show(a.active_assessments ?? 0)} hint="In progress now" />
      <StatCard label="Completion Rate" value={show(formatPercent(a.completion_rate))} hint={`${a.completed_assessments ?? 0} of ${a.total_assessments ?? 0} completed`} />
      <StatCard label="Average Score" value={show(typeof a.average_score === 'number' ? `${a.average_score.toFixed(1)}/10` : '—')} hint="Completed assessments" />
      <StatCard label="Cost This Month" value={show(formatPence(a.cost_this_month_pence))} hint={`${a.started_this_month ?? 0} started this month`} />
    </div>
  )
}

import PageHeader from '../../../components/layout/PageHeader.jsx'
import { EmptyState, ErrorMessage, Spinner } from '../../../components/ui/index.js'
import { formatDuration } from '../../../lib/format.js'
import { useAsync } from '../../../lib/useAsync.js'
import FigureValue from '../../../shared/assessments/FigureValue.jsx'
import ScoreText from '../../../shared/assessments/ScoreText.jsx'
import { MAX_COMPARE } from '../../../shared/assessments/compareSelection.js'
import { getAssessment } from '../api.js'
import { comparison, parseIds } from './comparison.js'

function Row({ label, columns, render }) {
  return (
    <tr className="border-t-2 border-ink">
      <th scope="row" className="bg-neutral-100 px-3 py-2 text-left text-xs font-bold uppercase">
        {label}
      </th>
      {columns.map((c) => (
        <td key={c.id} className="px-3 py-2">
          {render(c)}
        </td>
      ))}
    </tr>
  )
}

function ComparisonTable({ view }) {
  const { columns, signalRows } = view
  return (
    <div className="overflow-x-auto border-2 border-ink">
      <table className="w-full min-w-[640px] text-sm">
        <caption className="sr-only">Assessments side by side</caption>
        <thead className="bg-ink text-paper">
          <tr>
            <th scope="col" className="px-3 py-2 text-left font-bold uppercase">
              Candidate
            </th>
            {columns.map((c) => (
              <th key={c.id} scope="col" className="px-3 py-2 text-left">
                <a href={`#/assessments/${c.id}`} className="font-bold underline hover:text-brand">
                  {c.name}
                </a>
                <div className="text-xs font-normal">{c.email}</div>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <Row label="Overall score" columns={columns} render={(c) => <ScoreText score={c.score} className="text-2xl" />} />
          <Row label="Tests passed" columns={columns} render={(c) => (typeof c.testsPassed === 'number' && typeof c.testsTotal === 'number' ? `${c.testsPassed}/${c.testsTotal}` : '—')} />
          <Row label="Time taken" columns={columns} render={(c) => formatDuration(c.startedAt, c.completedAt)} />
          <Row label="AI prompts" columns={columns} render={(c) => c.prompts} />
          <Row
            label={columns[0].aiCollaboration.label}
            columns={columns}
            render={(c) => (c.aiCollaboration.score === null ? <span className="text-neutral-600">{c.aiCollaboration.note ?? 'Not scored'}</span> : <ScoreText score={c.aiCollaboration.score} />)}
          />
          {signalRows.map((s) => (
            <Row key={s.key} label={s.name} columns={columns} render={(c) => <FigureValue signal={c.byId[s.key]} />} />
          ))}
        </tbody>
      </table>
    </div>
  )
}

// Side by side: 2–4 completed assessments of one task, read from their detail endpoints.
export default function ComparePage({ query }) {
  const ids = parseIds(query?.get('ids')).slice(0, MAX_COMPARE)
  const key = ids.join(',')
  const details = useAsync(() => Promise.all(ids.map(getAssessment)), [key])
  const back = (
    <a href="#/assessments" className="text-sm font-bold underline">
      ← All assessments
    </a>
  )
  if (details.loading && !details.data) return <Spinner label="Loading the assessments…" />
  if (details.error) {
    return (
      <div className="flex flex-col gap-4">
        {back}
        <ErrorMessage message={details.error} onRetry={details.reload} />
      </div>
    )
  }
  const view = comparison(details.data ?? [])
  return (
    <>
      {back}
      <PageHeader title="Compare results" subtitle={view.problem ? null : `${view.columns.length} candidates · ${view.taskName}`} />
      {view.problem ? <EmptyState title="Nothing to compare" message={view.problem} /> : <ComparisonTable view={view} />}
    </>
  )
}

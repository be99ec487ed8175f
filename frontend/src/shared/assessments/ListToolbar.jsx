import { useState } from 'react'
import { Button, ErrorMessage } from '../../components/ui/index.js'
import { errorMessage } from '../../lib/api.js'
import { downloadBlob } from '../../lib/download.js'
import { exportAssessmentsCsv } from '../api.js'
import { MAX_COMPARE, compareHref } from './compareSelection.js'

// Above the list: what is picked for comparison (and the way to the side-by-side view), and the CSV export of the
// list as filtered and sorted.
export default function ListToolbar({ query, selection, total }) {
  const [exporting, setExporting] = useState(false)
  const [error, setError] = useState('')
  const count = selection.rows.length

  const onExport = async () => {
    setExporting(true)
    setError('')
    try {
      downloadBlob(await exportAssessmentsCsv(query), 'tali-assessments.csv')
    } catch (e) {
      setError(errorMessage(e, 'Could not export the list.'))
    } finally {
      setExporting(false)
    }
  }

  return (
    <div className="mb-3">
      <div className="flex flex-wrap items-center justify-between gap-2 border-2 border-ink p-2 text-sm">
        <p aria-live="polite">
          {count === 0
            ? `Tick 2 to ${MAX_COMPARE} completed assessments of one task to compare them.`
            : `${count} selected for comparison (${selection.rows[0].task_name}).`}
        </p>
        <span className="flex flex-wrap gap-2">
          {count > 0 && (
            <Button size="sm" variant="secondary" onClick={selection.clear}>
              Clear selection
            </Button>
          )}
          {count >= 2 ? (
            <a href={compareHref(selection.rows)} className="inline-flex items-center border-2 border-ink bg-brand px-2.5 py-1 text-xs font-bold uppercase text-paper shadow-brutal-sm hover:bg-ink">
              Compare {count}
            </a>
          ) : (
            <Button size="sm" disabled>
              Compare
            </Button>
          )}
          <Button size="sm" variant="secondary" onClick={onExport} loading={exporting} disabled={total === 0}>
            Export CSV
          </Button>
        </span>
      </div>
      <ErrorMessage message={error} />
    </div>
  )
}

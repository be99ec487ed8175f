import { useState } from 'react'

// Comparing makes sense for 2 to 4 finished assessments of one task (the same tests and signals side by side).
export const MAX_COMPARE = 4

// Why `row` cannot join the selection, or null when it can.
export function compareBlocked(selected, row) {
  if (row.status !== 'completed') return 'Only completed assessments can be compared'
  if (selected.length > 0 && selected[0].task_id !== row.task_id) return `Only assessments of ${selected[0].task_name} can be compared with the ones selected`
  if (selected.length >= MAX_COMPARE) return `Compare at most ${MAX_COMPARE} at a time`
  return null
}

export const compareHref = (selected) => `#/assessments/compare?ids=${selected.map((a) => a.id).join(',')}`

// The rows picked for comparison, kept across pages and sorts of the list.
export function useCompareSelection() {
  const [rows, setRows] = useState([])
  return {
    rows,
    selected: new Set(rows.map((r) => r.id)),
    blocked: (row) => compareBlocked(rows, row),
    toggle: (row) => setRows((current) => (current.some((r) => r.id === row.id) ? current.filter((r) => r.id !== row.id) : compareBlocked(current, row) ? current : [...current, row])),
    clear: () => setRows([]),
  }
}

// Display helpers shared by the recruiter pages. Pure functions, unit-tested.

export function formatScore(score) {
  return typeof score === 'number' && Number.isFinite(score) ? `${score.toFixed(1)}/10` : '—'
}

// Green above 8, yellow from 6 to 8, red below 6 (the spec's bands).
export function scoreTone(score) {
  if (typeof score !== 'number' || !Number.isFinite(score)) return 'gray'
  if (score > 8) return 'green'
  if (score >= 6) return 'yellow'
  return 'red'
}

const STATUS = {
  pending: { label: 'Pending', tone: 'gray' },
  in_progress: { label: 'In progress', tone: 'blue' },
  completed: { label: 'Completed', tone: 'green' },
  expired: { label: 'Expired', tone: 'red' },
  revoked: { label: 'Revoked', tone: 'black' },
}

export function statusInfo(status) {
  return STATUS[status] ?? { label: status ?? 'Unknown', tone: 'gray' }
}

export const ASSESSMENT_STATUSES = Object.keys(STATUS)

export function formatDate(value) {
  if (!value) return '—'
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return '—'
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })
}

export function formatDateTime(value) {
  if (!value) return '—'
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return '—'
  return date.toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })
}

// Minutes between start and completion, e.g. "23 min"; '—' until both exist.
export function formatDuration(startedAt, completedAt) {
  if (!startedAt || !completedAt) return '—'
  const ms = new Date(completedAt) - new Date(startedAt)
  if (!Number.isFinite(ms) || ms < 0) return '—'
  const minutes = Math.round(ms / 60000)
  return minutes < 1 ? '<1 min' : `${minutes} min`
}

export function formatPence(pence) {
  if (typeof pence !== 'number') return '—'
  return `£${(pence / 100).toFixed(2)}`
}

export function formatPercent(value) {
  return typeof value === 'number' && Number.isFinite(value) ? `${Math.round(value)}%` : '—'
}

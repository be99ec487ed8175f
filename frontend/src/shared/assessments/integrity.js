// Plain words for the engine's integrity items (S10 flags). They describe what happened, never why: an own editor,
// a screen reader or a phone call explain many of them, so each is something to check, not a finding.
export const FLAG_TITLES = {
  external_paste: 'Pasted code from outside the session',
  focus_loss: 'Time away from the editor',
  paste_after_absence: 'A paste soon after time away',
  burst_without_paste: 'Code that appeared without a paste',
  injection: 'Prompts aimed at the assistant’s instructions',
  snapshot_gap: 'Long gap without editor activity',
}

export const flagTitle = (kind) => FLAG_TITLES[kind] ?? 'Item to check'

// The review band as a heading and the reason for it.
export function bandSummary({ band, count, flags }) {
  if (band === 'review') {
    const high = flags.filter((f) => f.severity === 'high').length
    return {
      title: 'Needs review',
      tone: 'review',
      reason: `${count} item${count === 1 ? '' : 's'} to check, ${high} of them marked for a closer look. Please read the session before deciding.`,
    }
  }
  if (band === 'note') return { title: 'Worth a look', tone: 'note', reason: `${count} minor item${count === 1 ? '' : 's'} to check; none is marked for a closer look.` }
  return { title: 'Nothing to check', tone: 'none', reason: 'The session shows no large pastes from outside, long absences, unusual bursts of code or prompts aimed at the assistant.' }
}

// Where a paste's text was found, in the engine's words (`score_report.pastes[].source`).
export const PASTE_SOURCES = {
  ai: 'From an AI reply',
  own: 'From the session’s own code or the task',
  external: 'From outside the session',
}

// "45 s", "2 min 30 s".
export function awayFor(ms) {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s} s`
  return s % 60 === 0 ? `${s / 60} min` : `${Math.floor(s / 60)} min ${s % 60} s`
}

// Every paste and every absence the engine listed (reports scored before the list existed have neither), each with
// the evidence ref that opens the replay at its moment.
export function sessionActivity(report) {
  const pastes = (Array.isArray(report?.pastes) ? report.pastes : []).map((p) => ({
    ref: { kind: 'paste', index: p.index },
    t_ms: p.t_ms,
    chars: p.chars,
    source: PASTE_SOURCES[p.source] ?? 'Source not known',
    outside: p.source === 'external',
    kept: p.kept !== false,
  }))
  const absences = (Array.isArray(report?.absences) ? report.absences : []).map((a) => ({
    ref: { kind: 'focus', index: a.index },
    t_ms: a.lost_ms,
    away_ms: Math.max(0, a.regained_ms - a.lost_ms),
  }))
  return { listed: Array.isArray(report?.pastes), pastes, absences }
}

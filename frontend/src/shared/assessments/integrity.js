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
  return { title: 'Nothing to check', tone: 'none', reason: 'The session shows no pastes from outside, long absences, unusual bursts of code or prompts aimed at the assistant.' }
}

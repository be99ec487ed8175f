// The similarity answer as the page shows it: what each match is called, and which lines each side highlights.

export function matchTitle(match) {
  switch (match.kind) {
    case 'reference':
      return "The task's reference solution"
    case 'ai':
      return 'The AI replies this candidate received'
    default:
      return match.candidate_name ? `${match.candidate_name}'s submission (assessment ${match.assessment_id})` : `Assessment ${match.assessment_id}`
  }
}

export const percent = (score) => `${Math.round((score ?? 0) * 100)} %`

// The set of 1-based line numbers the regions cover on one side (`ours` or `theirs`).
export function highlightedLines(regions, side) {
  const lines = new Set()
  for (const region of regions ?? []) {
    const [from, to] = region[side] ?? []
    for (let n = from; n <= to; n++) lines.add(n)
  }
  return lines
}

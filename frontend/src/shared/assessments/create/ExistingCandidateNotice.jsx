import { Button } from '../../../components/ui/index.js'
import { statusInfo } from '../../../lib/format.js'
import { useAsync } from '../../../lib/useAsync.js'
import { listAssessments, listCandidates } from '../../api.js'
import { validateEmail } from '../../validation.js'
import { useDebounced } from '../../useDebounced.js'
import { candidateLabel } from './CandidatePicker.jsx'

// A new candidate's email that already belongs to one: offer that candidate (inviting by the email would not
// rename them).
export function EmailTaken({ email, onUse }) {
  const typed = useDebounced(email.trim().toLowerCase())
  const valid = typed && !validateEmail(typed)
  const found = useAsync(() => (valid ? listCandidates({ q: typed, limit: 5 }) : Promise.resolve(null)), [typed])
  const match = found.data?.items?.find((c) => c.email.toLowerCase() === typed)
  if (!match) return null
  return (
    <div role="status" className="flex flex-wrap items-center justify-between gap-2 border-2 border-ink bg-yellow-100 p-2 text-sm">
      <span>{candidateLabel(match)} is already a candidate.</span>
      <Button size="sm" variant="secondary" onClick={() => onUse(match)}>
        Use this candidate
      </Button>
    </div>
  )
}

// Warns when the chosen candidate already has an assessment of the chosen task.
export function AlreadyTaken({ candidate, taskId }) {
  const found = useAsync(
    () => (candidate && taskId ? listAssessments({ candidate_id: candidate.id, task_id: taskId, include_archived: true, limit: 1 }) : Promise.resolve(null)),
    [candidate?.id, taskId],
  )
  const earlier = found.data?.items?.[0]
  if (!earlier) return null
  return (
    <p role="status" className="border-2 border-ink bg-yellow-100 p-2 text-sm" data-testid="already-taken">
      {candidate.full_name || candidate.email} already has an assessment of this task ({statusInfo(earlier.status).label.toLowerCase()}). Sending creates another.
    </p>
  )
}

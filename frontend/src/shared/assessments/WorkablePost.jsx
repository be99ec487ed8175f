import { useState } from 'react'
import { Button, useToast } from '../../components/ui/index.js'
import { useAuth } from '../../context/AuthContext.jsx'
import { errorMessage } from '../../lib/api.js'
import { postToWorkable } from '../api.js'

// Why the button is off, or '' when the results can be posted.
export function workableHint(assessment, connected) {
  if (!connected) return 'Connect Workable in Settings to post results.'
  if (assessment.posted_to_workable) return 'Already posted to Workable.'
  if (assessment.status !== 'completed') return 'Available once the assessment is completed.'
  return ''
}

// "Post to Workable" for one assessment (the detail page and the candidate page): disabled with the reason until it
// can be posted, "Retry" after a failure (the failure shown), "Posted" once it landed.
export default function WorkablePost({ assessment, onPosted, align = 'end' }) {
  const { user } = useAuth()
  const toast = useToast()
  const [busy, setBusy] = useState(false)
  const hint = workableHint(assessment, Boolean(user?.organization?.workable_connected))
  let label = 'Post to Workable'
  if (assessment.posted_to_workable) label = 'Posted to Workable'
  else if (assessment.workable_post_error) label = 'Retry posting to Workable'

  const onPost = async () => {
    setBusy(true)
    try {
      await postToWorkable(assessment.id)
      toast.show('Posting the results to Workable…')
      onPosted?.()
    } catch (error) {
      toast.show(errorMessage(error), 'error')
    } finally {
      setBusy(false)
    }
  }

  const text = align === 'end' ? 'text-right' : 'text-left'
  return (
    <div className={`flex flex-col gap-1 ${align === 'end' ? 'items-end' : 'items-start'}`}>
      <Button variant="secondary" size={align === 'end' ? undefined : 'sm'} onClick={onPost} loading={busy} disabled={Boolean(hint)} title={hint || undefined}>
        {label}
      </Button>
      {hint && !assessment.posted_to_workable && <p className={`text-xs text-neutral-600 ${text}`}>{hint}</p>}
      {assessment.posted_to_workable_at && (
        <p className="text-xs text-neutral-600">Posted to Workable on {new Date(assessment.posted_to_workable_at).toLocaleString()}.</p>
      )}
      {!assessment.posted_to_workable && assessment.workable_post_error && (
        <p role="alert" className={`max-w-md text-xs font-semibold text-red-700 ${text}`}>
          Posting to Workable failed: {assessment.workable_post_error}
        </p>
      )}
    </div>
  )
}

import { useState } from 'react'
import { Button, ConfirmDialog, useToast } from '../../../components/ui/index.js'
import { errorMessage } from '../../../lib/api.js'
import { formatDateTime } from '../../../lib/format.js'
import { cancelInvitation, extendAssessment, reinviteCandidate, resendInvitation } from '../../api.js'
import ValidityDialog from './ValidityDialog.jsx'
import { invitationActions, sentMessage, useEmailStatus } from './invitationActions.js'

const LABELS = { resend: 'Resend', extend: 'Extend', reinvite: 'Re-invite', cancel: 'Cancel invitation' }

// Resend, extend, re-invite or cancel an invitation, each after a confirmation. `onChanged()` reloads the caller.
export default function InvitationActions({ assessment, onChanged, size = 'sm' }) {
  const toast = useToast()
  const emailStatus = useEmailStatus()
  const [open, setOpen] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const actions = invitationActions(assessment.status)
  if (actions.length === 0) return null
  const who = assessment.candidate_name || assessment.candidate_email

  const run = async (action) => {
    setBusy(true)
    setError('')
    try {
      const message = await action()
      toast.show(message)
      setOpen('')
      onChanged?.()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  const close = () => {
    setOpen('')
    setError('')
  }
  const until = (item) => `Link valid until ${formatDateTime(item.expires_at)}.`

  return (
    <span className="inline-flex flex-wrap gap-1">
      {actions.map((action) => (
        <Button key={action} size={size} variant={action === 'cancel' ? 'danger' : 'secondary'} onClick={() => setOpen(action)} aria-label={`${LABELS[action]} for ${who}`}>
          {LABELS[action]}
        </Button>
      ))}
      <ConfirmDialog
        open={open === 'resend'}
        title="Resend invitation"
        message={`Send the invitation to ${assessment.candidate_email} again? The link stays the same (valid until ${formatDateTime(assessment.expires_at)}).`}
        confirmLabel="Resend"
        busy={busy}
        error={error}
        onConfirm={() =>
          run(async () => {
            await resendInvitation(assessment.id)
            return sentMessage(emailStatus, assessment.candidate_email)
          })
        }
        onCancel={close}
      />
      <ConfirmDialog
        open={open === 'cancel'}
        title="Cancel invitation"
        message={`Cancel ${who}'s invitation? The link stops working at once and the credit is given back. The row leaves the list (filter by Revoked to see it).`}
        confirmLabel="Cancel invitation"
        busy={busy}
        error={error}
        onConfirm={() =>
          run(async () => {
            await cancelInvitation(assessment.id)
            return 'Invitation cancelled'
          })
        }
        onCancel={close}
      />
      <ValidityDialog
        open={open === 'extend' || open === 'reinvite'}
        mode={open}
        assessment={assessment}
        busy={busy}
        error={error}
        onCancel={close}
        onConfirm={(days) =>
          run(async () => {
            if (open === 'extend') return `Extended. ${until(await extendAssessment(assessment.id, days))}`
            const item = await reinviteCandidate(assessment.id, days)
            return `${sentMessage(emailStatus, assessment.candidate_email)}. ${until(item)}`
          })
        }
      />
    </span>
  )
}

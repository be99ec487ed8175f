import { useState } from 'react'
import { Badge, Button, ConfirmDialog, EmptyState, ErrorMessage, useToast } from '../../../components/ui/index.js'
import { errorMessage } from '../../../lib/api.js'
import { formatDateTime } from '../../../lib/format.js'
import { ROLE_LABELS, grantableRoles } from '../../../shared/roles.js'
import Table from '../../../shared/Table.jsx'
import { useConfirmedAction } from '../billing/useConfirmedAction.js'
import { cancelInvitation, resendInvitation } from './api.js'

// Invitations not yet answered: resend (a new link, seven more days) or cancel (confirmed).
export default function InvitationsTable({ actor, invitations, onChanged }) {
  const toast = useToast()
  const [cancelling, setCancelling] = useState(null)
  const [resendingId, setResendingId] = useState(null)
  const [error, setError] = useState('')
  const cancellation = useConfirmedAction(async () => {
    await cancelInvitation(cancelling.id)
    toast.show(`Invitation to ${cancelling.email} cancelled`)
    onChanged()
  }, 'Could not cancel the invitation.')

  const onResend = async (invitation) => {
    setError('')
    setResendingId(invitation.id)
    try {
      const renewed = await resendInvitation(invitation.id)
      toast.show(`New link for ${renewed.email}, valid until ${formatDateTime(renewed.expires_at)}`)
      onChanged()
    } catch (failure) {
      setError(errorMessage(failure, 'Could not resend the invitation.'))
    } finally {
      setResendingId(null)
    }
  }

  const manageable = (invitation) => grantableRoles(actor).includes(invitation.role)
  const columns = [
    { key: 'email', header: 'Email', render: (i) => <span className="font-bold">{i.email}</span> },
    { key: 'role', header: 'Role', render: (i) => ROLE_LABELS[i.role] },
    {
      key: 'status',
      header: 'Status',
      render: (i) => <Badge tone={i.status === 'pending' ? 'yellow' : 'red'}>{i.status}</Badge>,
    },
    { key: 'expires_at', header: 'Link valid until', render: (i) => formatDateTime(i.expires_at) },
    { key: 'invited_by', header: 'Invited by', render: (i) => i.invited_by ?? '—' },
    {
      key: 'actions',
      header: <span className="sr-only">Actions</span>,
      render: (i) =>
        manageable(i) && (
          <div className="flex gap-2">
            <Button size="sm" variant="secondary" loading={resendingId === i.id} onClick={() => onResend(i)}>
              Resend
            </Button>
            <Button
              size="sm"
              variant="danger"
              onClick={() => {
                setCancelling(i)
                cancellation.ask()
              }}
            >
              Cancel invitation
            </Button>
          </div>
        ),
    },
  ]

  return (
    <div className="flex flex-col gap-3">
      <ErrorMessage message={error} />
      <Table
        columns={columns}
        rows={invitations}
        caption="Pending invitations"
        empty={<EmptyState title="No pending invitations" message="Invite a colleague above to share the pipeline." />}
      />
      <ConfirmDialog
        {...cancellation.dialog}
        title="Cancel the invitation"
        confirmLabel="Cancel invitation"
        message={cancelling ? `The link sent to ${cancelling.email} will stop working.` : ''}
      />
    </div>
  )
}

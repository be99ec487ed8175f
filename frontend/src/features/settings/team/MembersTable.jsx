import { useState } from 'react'
import { Badge, Button, ConfirmDialog, ErrorMessage, useToast } from '../../../components/ui/index.js'
import { errorMessage } from '../../../lib/api.js'
import { formatDate } from '../../../lib/format.js'
import { ROLE_LABELS, grantableRoles, mayManage } from '../../../shared/roles.js'
import Table from '../../../shared/Table.jsx'
import { useConfirmedAction } from '../billing/useConfirmedAction.js'
import { changeRole, removeMember, transferOwnership } from './api.js'

// The team's members. Whoever may manage a member changes their role in place or removes them (confirmed);
// the server keeps the last owner (409) and its answer is shown as it is. An owner hands ownership to a colleague
// (confirmed), becoming an admin.
export default function MembersTable({ actor, members, onChanged }) {
  const toast = useToast()
  const [removing, setRemoving] = useState(null)
  const [heir, setHeir] = useState(null)
  const [error, setError] = useState('')
  const [savingId, setSavingId] = useState(null)
  const removal = useConfirmedAction(async () => {
    await removeMember(removing.id)
    toast.show(`${removing.full_name} was removed from the team`)
    onChanged()
  }, 'Could not remove this member.')
  const transfer = useConfirmedAction(async () => {
    await transferOwnership(heir.id)
    toast.show(`${heir.full_name} now owns the organization; you are an admin`)
    onChanged()
  }, 'Could not transfer ownership.')

  const onRole = async (member, role) => {
    setError('')
    setSavingId(member.id)
    try {
      await changeRole(member.id, role)
      toast.show(`${member.full_name} is now ${ROLE_LABELS[role].toLowerCase()}`)
      onChanged()
    } catch (failure) {
      setError(errorMessage(failure, 'Could not change the role.'))
    } finally {
      setSavingId(null)
    }
  }

  const roleCell = (member) => {
    const options = grantableRoles(actor)
    if (!mayManage(actor, member.role) || !options.includes(member.role)) {
      return <Badge tone={member.role === 'owner' ? 'purple' : 'gray'}>{ROLE_LABELS[member.role]}</Badge>
    }
    return (
      <select
        aria-label={`Role of ${member.full_name}`}
        value={member.role}
        disabled={savingId === member.id}
        onChange={(e) => onRole(member, e.target.value)}
        className="border-2 border-ink bg-paper px-2 py-1 text-sm font-bold"
      >
        {options.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </select>
    )
  }

  const columns = [
    {
      key: 'full_name',
      header: 'Name',
      render: (m) => (
        <span className="font-bold">
          {m.full_name}
          {m.id === actor.id && <span className="ml-2 text-xs font-normal text-neutral-600">(you)</span>}
        </span>
      ),
    },
    { key: 'email', header: 'Email' },
    { key: 'role', header: 'Role', render: roleCell },
    { key: 'created_at', header: 'Joined', render: (m) => formatDate(m.created_at) },
    {
      key: 'actions',
      header: <span className="sr-only">Actions</span>,
      render: (m) => (
        <div className="flex flex-wrap gap-2">
          {actor.role === 'owner' && m.id !== actor.id && (
            <Button
              size="sm"
              variant="secondary"
              onClick={() => {
                setHeir(m)
                transfer.ask()
              }}
            >
              Transfer ownership
            </Button>
          )}
          {mayManage(actor, m.role) && m.id !== actor.id && (
            <Button
              size="sm"
              variant="danger"
              onClick={() => {
                setRemoving(m)
                removal.ask()
              }}
            >
              Remove
            </Button>
          )}
        </div>
      ),
    },
  ]

  return (
    <div className="flex flex-col gap-3">
      <ErrorMessage message={error} />
      <Table columns={columns} rows={members} caption="Team members" />
      <ConfirmDialog
        {...removal.dialog}
        title="Remove from the team"
        confirmLabel="Remove"
        message={
          removing
            ? `${removing.full_name} (${removing.email}) will be signed out at once and can no longer log in to this organization. The tasks, candidates and assessments they created stay with the team.`
            : ''
        }
      />
      <ConfirmDialog
        {...transfer.dialog}
        title="Transfer ownership"
        confirmLabel="Transfer ownership"
        message={
          heir
            ? `${heir.full_name} (${heir.email}) will become an owner: billing, the integrations and the team. You will become an admin and can no longer manage billing or the integrations unless an owner gives the role back.`
            : ''
        }
      />
    </div>
  )
}

import { useState } from 'react'
import { Button, ErrorMessage, Input, Select, useToast } from '../../../components/ui/index.js'
import { errorMessage, fieldErrors } from '../../../lib/api.js'
import { ROLE_HINTS, ROLE_LABELS, grantableRoles } from '../../../shared/roles.js'
import { validateEmail } from '../../../shared/validation.js'
import { inviteColleague } from './api.js'

// Invite a colleague by email with a role; the roles offered are those the signed-in user may give.
export default function InviteForm({ actor, onInvited }) {
  const toast = useToast()
  const roles = grantableRoles(actor)
  const [email, setEmail] = useState('')
  const [role, setRole] = useState('member')
  const [errors, setErrors] = useState({})
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  const onSubmit = async (event) => {
    event.preventDefault()
    const emailError = validateEmail(email)
    setErrors({ email: emailError })
    setError('')
    if (emailError) return
    setBusy(true)
    try {
      const invitation = await inviteColleague(email.trim(), role)
      toast.show(`Invitation to ${invitation.email} saved: its email (with the link) is listed under Emails`)
      setEmail('')
      onInvited()
    } catch (failure) {
      setErrors(fieldErrors(failure))
      setError(errorMessage(failure, 'Could not invite this colleague.'))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-3" aria-label="Invite a colleague">
      <div className="flex flex-wrap items-start gap-3">
        <div className="min-w-64 flex-1">
          <Input label="Colleague's email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email} />
        </div>
        <div className="w-44">
          <Select label="Role" value={role} onChange={(e) => setRole(e.target.value)} hint={ROLE_HINTS[role]}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </Select>
        </div>
        <Button type="submit" loading={busy} className="mt-7">
          Invite
        </Button>
      </div>
      <ErrorMessage message={error} />
    </form>
  )
}

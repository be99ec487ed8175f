import { useState } from 'react'
import { Button, ErrorMessage, Input, Spinner } from '../../components/ui/index.js'
import { useAuth } from '../../context/AuthContext.jsx'
import { errorMessage, fieldErrors } from '../../lib/api.js'
import { formatDateTime } from '../../lib/format.js'
import { navigate } from '../../lib/router.js'
import { useAsync } from '../../lib/useAsync.js'
import { ROLE_LABELS } from '../../shared/roles.js'
import { acceptInvitation, getInvitation } from './api.js'
import AuthLayout from './AuthLayout.jsx'
import { validateNewPassword, validatePasswordMatch } from './validation.js'

// The page a team invitation's link opens: who invites you where, then a name and a password for a new account
// (an existing account joins as it is), then the login page.
export default function AcceptInvitationPage({ query }) {
  const token = query?.get('token') ?? ''
  const invitation = useAsync(() => (token ? getInvitation(token) : Promise.resolve(null)), [token])
  const invite = invitation.data

  let body
  if (!token) body = <ErrorMessage message="This invitation link is missing its token. Open the link from the email again." />
  else if (invitation.error) body = <ErrorMessage message={invitation.error} />
  else if (!invite) body = <Spinner label="Reading the invitation…" />
  else body = <AcceptForm token={token} invite={invite} />

  return (
    <AuthLayout title="Join your team" subtitle={invite ? `${invite.organization_name} on TALI` : undefined}>
      {body}
    </AuthLayout>
  )
}

function AcceptForm({ token, invite }) {
  const { user, logout } = useAuth()
  const [fullName, setFullName] = useState('')
  const [password, setPassword] = useState('')
  const [confirmation, setConfirmation] = useState('')
  const [errors, setErrors] = useState({})
  const [formError, setFormError] = useState('')
  const [submitting, setSubmitting] = useState(false)

  const onSubmit = async (event) => {
    event.preventDefault()
    const next = invite.needs_password
      ? {
          full_name: fullName.trim() ? null : 'Enter your name',
          password: validateNewPassword(password),
          confirmation: validatePasswordMatch(password, confirmation),
        }
      : {}
    setErrors(next)
    setFormError('')
    if (Object.values(next).some(Boolean)) return
    setSubmitting(true)
    try {
      await acceptInvitation(invite.needs_password ? { token, full_name: fullName.trim(), password } : { token })
      // Whoever was signed in on this browser is not the person who just joined.
      if (user) logout()
      navigate(`/login?joined=1&email=${encodeURIComponent(invite.email)}`)
    } catch (failure) {
      setErrors(fieldErrors(failure))
      setFormError(errorMessage(failure, 'Could not accept the invitation.'))
      setSubmitting(false)
    }
  }

  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4">
      <p className="text-sm" data-testid="invitation-summary">
        {invite.invited_by ?? 'A member of the team'} invited <strong>{invite.email}</strong> to join{' '}
        <strong>{invite.organization_name}</strong> as <strong>{ROLE_LABELS[invite.role] ?? invite.role}</strong>. The link
        is valid until {formatDateTime(invite.expires_at)}.
      </p>
      {invite.needs_password ? (
        <>
          <Input label="Full name" autoComplete="name" value={fullName} onChange={(e) => setFullName(e.target.value)} error={errors.full_name} />
          <Input
            label="Password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={errors.password}
          />
          <Input
            label="Confirm password"
            type="password"
            autoComplete="new-password"
            value={confirmation}
            onChange={(e) => setConfirmation(e.target.value)}
            error={errors.confirmation}
          />
        </>
      ) : (
        <p className="border-2 border-ink bg-brand-light p-3 text-sm font-semibold">
          You already have a TALI account: accept, then log in with your usual password.
        </p>
      )}
      <ErrorMessage message={formError} />
      <Button type="submit" loading={submitting} className="w-full">
        Accept invitation
      </Button>
    </form>
  )
}

import { useState } from 'react'
import { Button, Card, ErrorMessage, Input, useToast } from '../../components/ui/index.js'
import { useAuth } from '../../context/AuthContext.jsx'
import { errorMessage, fieldErrors } from '../../lib/api.js'
import { updateAccount } from './api.js'
import PasswordForm from './PasswordForm.jsx'

// Only what changed is sent, so saving the name never re-checks an untouched email.
function changes(user, name, email) {
  const payload = {}
  if (name.trim() !== user?.full_name) payload.full_name = name.trim()
  if (email.trim().toLowerCase() !== user?.email) payload.email = email.trim()
  return payload
}

export default function AccountCard() {
  const { user, refreshUser } = useAuth()
  const toast = useToast()
  const [name, setName] = useState(user?.full_name ?? '')
  const [email, setEmail] = useState(user?.email ?? '')
  const [errors, setErrors] = useState({})
  const [error, setError] = useState('')
  const [saving, setSaving] = useState(false)
  const payload = changes(user, name, email)

  const onSubmit = async (event) => {
    event.preventDefault()
    setError('')
    const missing = {
      full_name: name.trim() ? undefined : 'Name is required',
      email: email.trim() ? undefined : 'Email is required',
    }
    setErrors(missing)
    if (missing.full_name || missing.email) return
    setSaving(true)
    try {
      await updateAccount(payload)
      await refreshUser()
      toast.show('Account saved')
    } catch (err) {
      setErrors(fieldErrors(err))
      setError(errorMessage(err, 'Could not save your account.'))
    } finally {
      setSaving(false)
    }
  }

  return (
    <Card title="Account" className="mb-6">
      <form noValidate onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" aria-label="Account details">
        <div className="min-w-56 flex-1">
          <Input label="Name" value={name} onChange={(e) => setName(e.target.value)} error={errors.full_name} />
        </div>
        <div className="min-w-56 flex-1">
          <Input
            label="Email"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={errors.email}
          />
        </div>
        <Button type="submit" loading={saving} disabled={Object.keys(payload).length === 0}>
          Save
        </Button>
      </form>
      <div className="mt-3">
        <ErrorMessage message={error} />
      </div>
      <PasswordForm />
    </Card>
  )
}

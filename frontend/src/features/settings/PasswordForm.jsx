import { useState } from 'react'
import { Button, ErrorMessage, Input, useToast } from '../../components/ui/index.js'
import { errorMessage, fieldErrors } from '../../lib/api.js'
import { changePassword } from './api.js'

const EMPTY = { current: '', next: '', confirm: '' }

// The same rule the server applies (8 to 128 characters), checked here only to answer before a round trip.
function problems(form) {
  const found = {}
  if (!form.current) found.current = 'Enter your current password'
  if (form.next.length < 8 || form.next.length > 128) found.next = 'Use 8 to 128 characters'
  if (form.confirm !== form.next) found.confirm = 'The passwords do not match'
  return found
}

export default function PasswordForm() {
  const toast = useToast()
  const [form, setForm] = useState(EMPTY)
  const [errors, setErrors] = useState({})
  const [error, setError] = useState('')
  const [saving, setSaving] = useState(false)
  const field = (key) => ({ value: form[key], onChange: (e) => setForm({ ...form, [key]: e.target.value }) })

  const onSubmit = async (event) => {
    event.preventDefault()
    setError('')
    const found = problems(form)
    setErrors(found)
    if (Object.keys(found).length) return
    setSaving(true)
    try {
      await changePassword({ current_password: form.current, new_password: form.next })
      setForm(EMPTY)
      toast.show('Password changed. Other devices were signed out.')
    } catch (err) {
      const server = fieldErrors(err)
      setErrors({ current: server.current_password, next: server.new_password })
      setError(errorMessage(err, 'Could not change your password.'))
    } finally {
      setSaving(false)
    }
  }

  return (
    <form noValidate onSubmit={onSubmit} className="mt-6 border-t-2 border-black pt-4" aria-label="Change password">
      <h3 className="mb-3 text-sm font-black uppercase">Change password</h3>
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-48 flex-1">
          <Input
            label="Current password"
            type="password"
            autoComplete="current-password"
            error={errors.current}
            {...field('current')}
          />
        </div>
        <div className="min-w-48 flex-1">
          <Input label="New password" type="password" autoComplete="new-password" error={errors.next} {...field('next')} />
        </div>
        <div className="min-w-48 flex-1">
          <Input
            label="Confirm new password"
            type="password"
            autoComplete="new-password"
            error={errors.confirm}
            {...field('confirm')}
          />
        </div>
        <Button type="submit" loading={saving}>
          Change password
        </Button>
      </div>
      <div className="mt-3">
        <ErrorMessage message={error} />
      </div>
    </form>
  )
}

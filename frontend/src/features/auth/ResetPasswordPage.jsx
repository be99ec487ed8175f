import { useState } from 'react'
import { Button, ErrorMessage, Input } from '../../components/ui/index.js'
import { errorMessage } from '../../lib/api.js'
import { navigate } from '../../lib/router.js'
import { resetPassword } from './api.js'
import AuthLayout from './AuthLayout.jsx'
import { validateNewPassword, validatePasswordMatch } from './validation.js'

export default function ResetPasswordPage({ query }) {
  const token = query?.get('token') ?? ''
  const [password, setPassword] = useState('')
  const [confirmation, setConfirmation] = useState('')
  const [errors, setErrors] = useState({})
  const [formError, setFormError] = useState('')
  const [submitting, setSubmitting] = useState(false)

  const onSubmit = async (event) => {
    event.preventDefault()
    const next = { password: validateNewPassword(password), confirmation: validatePasswordMatch(password, confirmation) }
    setErrors(next)
    setFormError('')
    if (next.password || next.confirmation) return
    setSubmitting(true)
    try {
      await resetPassword(token, password)
      navigate('/login?reset=1')
    } catch (error) {
      setFormError(errorMessage(error, 'This reset link is invalid or has expired.'))
    } finally {
      setSubmitting(false)
    }
  }

  return (
    <AuthLayout title="Choose a new password">
      {token ? (
        <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4">
          <Input label="New password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} error={errors.password} />
          <Input
            label="Confirm new password"
            type="password"
            autoComplete="new-password"
            value={confirmation}
            onChange={(e) => setConfirmation(e.target.value)}
            error={errors.confirmation}
          />
          <ErrorMessage message={formError} />
          <Button type="submit" loading={submitting} className="w-full">
            Update password
          </Button>
        </form>
      ) : (
        <ErrorMessage message="This reset link is missing its token. Request a new link from the forgot-password page." />
      )}
    </AuthLayout>
  )
}

import { useState } from 'react'
import { Button, ErrorMessage, Input } from '../../components/ui/index.js'
import { errorMessage } from '../../lib/api.js'
import { validateEmail } from '../../shared/validation.js'
import { forgotPassword } from './api.js'
import AuthLayout from './AuthLayout.jsx'

export default function ForgotPasswordPage() {
  const [email, setEmail] = useState('')
  const [emailError, setEmailError] = useState(null)
  const [formError, setFormError] = useState('')
  const [sentMessage, setSentMessage] = useState('')
  const [submitting, setSubmitting] = useState(false)

  const onSubmit = async (event) => {
    event.preventDefault()
    const invalid = validateEmail(email)
    setEmailError(invalid)
    setFormError('')
    if (invalid) return
    setSubmitting(true)
    try {
      const result = await forgotPassword(email.trim())
      setSentMessage(result?.detail ?? 'If an account exists for that email, a reset link is on its way.')
    } catch (error) {
      setFormError(errorMessage(error))
    } finally {
      setSubmitting(false)
    }
  }

  return (
    <AuthLayout
      title="Reset your password"
      subtitle="We will email you a link to choose a new password."
      footer={
        <a href="#/login" className="font-bold text-brand underline">
          Back to log in
        </a>
      }
    >
      {sentMessage ? (
        <p role="status" className="border-2 border-ink bg-green-100 p-3 text-sm font-semibold">
          {sentMessage}
        </p>
      ) : (
        <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4">
          <Input label="Email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} error={emailError} />
          <ErrorMessage message={formError} />
          <Button type="submit" loading={submitting} className="w-full">
            Send reset link
          </Button>
        </form>
      )}
    </AuthLayout>
  )
}

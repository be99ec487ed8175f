import { useEffect, useRef, useState } from 'react'
import { Button, ErrorMessage, Input } from '../../components/ui/index.js'
import { useAuth } from '../../context/AuthContext.jsx'
import { errorMessage } from '../../lib/api.js'
import { navigate } from '../../lib/router.js'
import { takeReturn } from '../../lib/session.js'
import { validateEmail } from '../../shared/validation.js'
import AuthLayout from './AuthLayout.jsx'

export default function LoginPage({ query }) {
  const { login, user } = useAuth()
  const [email, setEmail] = useState(() => query?.get('email') ?? '')
  const [password, setPassword] = useState('')
  const [errors, setErrors] = useState({})
  const [formError, setFormError] = useState('')
  const [submitting, setSubmitting] = useState(false)
  const justRegistered = query?.get('registered') === '1'
  const justReset = query?.get('reset') === '1'
  const justJoined = query?.get('joined') === '1'

  const expired = query?.get('expired') === '1'

  // Signed in (now or already): continue where a session that ended left off, else the dashboard. Once: the user
  // object is replaced when the session is confirmed, and the return address is read only once.
  const left = useRef(false)
  useEffect(() => {
    if (!user || left.current) return
    left.current = true
    navigate(takeReturn()?.slice(1) ?? '/dashboard')
  }, [user])

  const onSubmit = async (event) => {
    event.preventDefault()
    const next = { email: validateEmail(email), password: password ? null : 'Password is required' }
    setErrors(next)
    setFormError('')
    if (next.email || next.password) return
    setSubmitting(true)
    try {
      await login(email.trim(), password)
    } catch (error) {
      setFormError(errorMessage(error, 'Login failed. Please try again.'))
      setSubmitting(false)
    }
  }

  return (
    <AuthLayout
      title="Log in"
      subtitle="Welcome back to TALI."
      footer={
        <>
          Don&apos;t have an account?{' '}
          <a href="#/register" className="font-bold text-brand underline">
            Sign up
          </a>
        </>
      }
    >
      {justRegistered && (
        <p role="status" className="mb-4 border-2 border-ink bg-green-100 p-3 text-sm font-semibold">
          Account created. Log in to continue.
        </p>
      )}
      {expired && (
        <p role="status" className="mb-4 border-2 border-ink bg-yellow-100 p-3 text-sm font-semibold">
          Your session ended. Log in to continue where you left off: unsaved task drafts are kept.
        </p>
      )}
      {justJoined && (
        <p role="status" className="mb-4 border-2 border-ink bg-green-100 p-3 text-sm font-semibold">
          You joined the team. Log in to continue.
        </p>
      )}
      {justReset && (
        <p role="status" className="mb-4 border-2 border-ink bg-green-100 p-3 text-sm font-semibold">
          Password updated. Log in with your new password.
        </p>
      )}
      <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4">
        <Input label="Email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email} />
        <Input
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
        />
        <div className="text-right text-sm">
          <a href="#/forgot-password" className="font-bold text-brand underline">
            Forgot password?
          </a>
        </div>
        <ErrorMessage message={formError} />
        <Button type="submit" loading={submitting} className="w-full">
          Log in
        </Button>
      </form>
    </AuthLayout>
  )
}

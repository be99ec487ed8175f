import { useState } from 'react'
import { Button, ErrorMessage, Input } from '../../components/ui/index.js'
import { errorMessage, fieldErrors } from '../../lib/api.js'
import { navigate } from '../../lib/router.js'
import { register } from './api.js'
import AuthLayout from './AuthLayout.jsx'
import { PASSWORD_MIN, validateRegistration } from './validation.js'

const EMPTY = { full_name: '', email: '', password: '', confirm_password: '', organization_name: '' }

export default function RegisterPage() {
  const [values, setValues] = useState(EMPTY)
  const [errors, setErrors] = useState({})
  const [formError, setFormError] = useState('')
  const [submitting, setSubmitting] = useState(false)

  const bind = (name) => ({ value: values[name], onChange: (e) => setValues((v) => ({ ...v, [name]: e.target.value })), error: errors[name] })

  const onSubmit = async (event) => {
    event.preventDefault()
    const found = validateRegistration(values)
    setErrors(found)
    setFormError('')
    if (Object.keys(found).length > 0) return
    setSubmitting(true)
    try {
      const organization = values.organization_name.trim()
      await register({
        full_name: values.full_name.trim(),
        email: values.email.trim(),
        password: values.password,
        ...(organization ? { organization_name: organization } : {}),
      })
      navigate('/login?registered=1')
    } catch (error) {
      setErrors(fieldErrors(error))
      setFormError(errorMessage(error, 'Registration failed. Please try again.'))
    } finally {
      setSubmitting(false)
    }
  }

  return (
    <AuthLayout
      title="Create your account"
      subtitle="Start screening engineers on how they work with AI."
      footer={
        <>
          Already have an account?{' '}
          <a href="#/login" className="font-bold text-brand underline">
            Log in
          </a>
        </>
      }
    >
      <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4">
        <Input label="Full name" autoComplete="name" {...bind('full_name')} />
        <Input label="Email" type="email" autoComplete="email" {...bind('email')} />
        <Input label="Password" type="password" autoComplete="new-password" hint={`At least ${PASSWORD_MIN} characters.`} {...bind('password')} />
        <Input label="Confirm password" type="password" autoComplete="new-password" {...bind('confirm_password')} />
        <Input label="Organization name (optional)" autoComplete="organization" {...bind('organization_name')} />
        <ErrorMessage message={formError} />
        <Button type="submit" loading={submitting} className="w-full">
          Create account
        </Button>
      </form>
    </AuthLayout>
  )
}

import { useState } from 'react'
import { Button, ErrorMessage, Input } from '../../components/ui/index.js'
import { errorMessage, fieldErrors } from '../../lib/api.js'
import { validateEmail } from '../../shared/validation.js'

// Edits a candidate, or with `label="Add candidate"` and an empty one, creates one.
export default function CandidateForm({ candidate, onSave, onCancel, label = 'Edit candidate' }) {
  const [values, setValues] = useState({ full_name: candidate.full_name ?? '', email: candidate.email ?? '', position: candidate.position ?? '' })
  const [errors, setErrors] = useState({})
  const [formError, setFormError] = useState('')
  const [saving, setSaving] = useState(false)
  const bind = (name) => ({ value: values[name], onChange: (e) => setValues((v) => ({ ...v, [name]: e.target.value })), error: errors[name] })

  const onSubmit = async (event) => {
    event.preventDefault()
    const email = validateEmail(values.email)
    setErrors(email ? { email } : {})
    setFormError('')
    if (email) return
    setSaving(true)
    try {
      await onSave({ full_name: values.full_name.trim(), email: values.email.trim(), position: values.position.trim() })
    } catch (error) {
      setErrors(fieldErrors(error))
      setFormError(errorMessage(error, 'Could not save the candidate.'))
      setSaving(false)
    }
  }

  return (
    <form noValidate onSubmit={onSubmit} className="grid gap-4 md:grid-cols-3" aria-label={label}>
      <Input label="Full name" {...bind('full_name')} />
      <Input label="Email" type="email" {...bind('email')} />
      <Input label="Position" {...bind('position')} />
      <div className="md:col-span-3">
        <ErrorMessage message={formError} />
      </div>
      <div className="flex gap-2 md:col-span-3">
        <Button type="submit" loading={saving}>
          Save
        </Button>
        <Button variant="secondary" onClick={onCancel} disabled={saving}>
          Cancel
        </Button>
      </div>
    </form>
  )
}

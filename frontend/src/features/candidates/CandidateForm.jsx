import { useState } from 'react'
import { Button, ErrorMessage, Input } from '../../components/ui/index.js'
import { errorMessage, fieldErrors } from '../../lib/api.js'
import { useSessionDraft } from '../../shared/sessionDraft.js'
import { validateEmail } from '../../shared/validation.js'

// The key of the form's unsaved draft in this tab: one for a new candidate, one per candidate edited.
export const candidateDraftKey = (candidate) => `candidate:${candidate?.id ?? 'new'}`

// Edits a candidate, or with `label="Add candidate"` and an empty one, creates one. What is typed is kept as a draft
// in this tab until it is saved or cancelled, so a session that ends mid-form gives it back after logging in.
export default function CandidateForm({ candidate, onSave, onCancel, label = 'Edit candidate' }) {
  const [values, setValues, stored] = useSessionDraft(candidateDraftKey(candidate), () => ({
    full_name: candidate.full_name ?? '',
    email: candidate.email ?? '',
    position: candidate.position ?? '',
  }))
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
      stored.discard()
    } catch (error) {
      setErrors(fieldErrors(error))
      setFormError(errorMessage(error, 'Could not save the candidate.'))
      setSaving(false)
    }
  }

  const cancel = () => {
    stored.discard()
    onCancel()
  }

  return (
    <form noValidate onSubmit={onSubmit} className="grid gap-4 md:grid-cols-3" aria-label={label}>
      {stored.restored && (
        <p role="note" className="border-2 border-brand bg-brand-light p-2 text-sm font-semibold md:col-span-3">
          Your unsaved changes were restored. Save them, or cancel to discard them.
        </p>
      )}
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
        <Button variant="secondary" onClick={cancel} disabled={saving}>
          Cancel
        </Button>
      </div>
    </form>
  )
}

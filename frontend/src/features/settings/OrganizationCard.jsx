import { useState } from 'react'
import { Button, Card, ErrorMessage, Input, useToast } from '../../components/ui/index.js'
import { useAuth } from '../../context/AuthContext.jsx'
import { errorMessage, fieldErrors } from '../../lib/api.js'
import { hasRole } from '../../shared/roles.js'
import { updateOrganization } from './api.js'
import TimeZoneSetting from './TimeZoneSetting.jsx'

export default function OrganizationCard() {
  const { user, refreshUser } = useAuth()
  const toast = useToast()
  const [name, setName] = useState(user?.organization?.name ?? '')
  const [error, setError] = useState('')
  const [fieldError, setFieldError] = useState('')
  const [saving, setSaving] = useState(false)
  const editable = hasRole(user, 'admin')

  const onSubmit = async (event) => {
    event.preventDefault()
    setError('')
    setFieldError(name.trim() ? '' : 'Organization name is required')
    if (!name.trim()) return
    setSaving(true)
    try {
      await updateOrganization({ name: name.trim() })
      await refreshUser()
      toast.show('Organization name saved')
    } catch (err) {
      setFieldError(fieldErrors(err).name ?? '')
      setError(errorMessage(err, 'Could not save the organization name.'))
    } finally {
      setSaving(false)
    }
  }

  return (
    <Card title="Organization" className="mb-6">
      <form noValidate onSubmit={onSubmit} className="flex flex-wrap items-end gap-3">
        <div className="min-w-64 flex-1">
          <Input
            label="Organization name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={fieldError}
            readOnly={!editable}
            hint={editable ? undefined : 'Only an owner or an admin can rename the organization.'}
          />
        </div>
        {editable && (
          <Button type="submit" loading={saving} disabled={name.trim() === user?.organization?.name}>
            Save
          </Button>
        )}
      </form>
      <div className="mt-3">
        <ErrorMessage message={error} />
      </div>
      <TimeZoneSetting />
    </Card>
  )
}

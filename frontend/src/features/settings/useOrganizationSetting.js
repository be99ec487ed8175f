import { useState } from 'react'
import { useToast } from '../../components/ui/index.js'
import { useAuth } from '../../context/AuthContext.jsx'
import { errorMessage } from '../../lib/api.js'
import { hasRole } from '../../shared/roles.js'
import { updateOrganization } from './api.js'

// Saving one organization setting: owners and admins may (the server answers 403 to a member), the signed-in
// user is reloaded so every view reads the new value, and the outcome is a toast or an error under the field.
export function useOrganizationSetting(failure) {
  const { user, refreshUser } = useAuth()
  const toast = useToast()
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState('')

  const save = async (changes, savedMessage) => {
    setSaving(true)
    setError('')
    try {
      await updateOrganization(changes)
      await refreshUser()
      toast.show(savedMessage)
    } catch (err) {
      setError(errorMessage(err, failure))
    } finally {
      setSaving(false)
    }
  }

  return { organization: user?.organization, editable: hasRole(user, 'admin'), saving, error, save }
}

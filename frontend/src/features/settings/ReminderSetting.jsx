import { useState } from 'react'
import { ErrorMessage, Select, useToast } from '../../components/ui/index.js'
import { useAuth } from '../../context/AuthContext.jsx'
import { errorMessage } from '../../lib/api.js'
import { hasRole } from '../../shared/roles.js'
import { updateOrganization } from './api.js'

// The usual choices; the server accepts any whole number of hours from 1 to 72.
const CHOICES = [1, 2, 3, 6, 12, 24, 48, 72]

const hoursLabel = (hours) => (hours === 1 ? '1 hour' : `${hours} hours`)

// How long before a link expires a candidate who has not started gets one reminder email (off by default).
export default function ReminderSetting() {
  const { user, refreshUser } = useAuth()
  const toast = useToast()
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState('')
  const current = user?.organization?.remind_hours_before_expiry ?? null
  const editable = hasRole(user, 'admin')
  const choices = current && !CHOICES.includes(current) ? [...CHOICES, current].sort((a, b) => a - b) : CHOICES

  const onChange = async (event) => {
    const hours = Number(event.target.value)
    setSaving(true)
    setError('')
    try {
      await updateOrganization({ remind_hours_before_expiry: hours })
      await refreshUser()
      toast.show(hours ? `Candidates will be reminded ${hoursLabel(hours)} before their link expires` : 'Reminder emails are off')
    } catch (err) {
      setError(errorMessage(err, 'Could not save the reminder setting.'))
    } finally {
      setSaving(false)
    }
  }

  return (
    <div className="mt-4 border-t-2 border-ink pt-4">
      <Select
        id="reminder-hours"
        label="Reminder email before the link expires"
        hint={
          editable
            ? 'One email to a candidate who has not started yet, with their link and the deadline.'
            : 'Only an owner or an admin can change this.'
        }
        value={current ?? 0}
        disabled={saving || !editable}
        onChange={onChange}
        className="max-w-xs"
      >
        <option value={0}>Off: no reminder</option>
        {choices.map((hours) => (
          <option key={hours} value={hours}>
            {hoursLabel(hours)} before
          </option>
        ))}
      </Select>
      <div className="mt-3">
        <ErrorMessage message={error} />
      </div>
    </div>
  )
}

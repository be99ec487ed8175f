import { useState } from 'react'
import { ErrorMessage, Select, useToast } from '../../components/ui/index.js'
import { useAuth } from '../../context/AuthContext.jsx'
import { errorMessage } from '../../lib/api.js'
import { hasRole } from '../../shared/roles.js'
import { updateOrganization } from './api.js'

// The browser's list of IANA zones; the server validates against its own tz database, so a name the browser
// lacks but the organization already has is kept as a choice.
function zones(current) {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []
  return [...new Set(['UTC', ...known, current].filter(Boolean))].sort((a, b) =>
    a === 'UTC' ? -1 : b === 'UTC' ? 1 : a.localeCompare(b),
  )
}

// The organization's time zone: the PDF report and the results email show times in it.
export default function TimeZoneSetting() {
  const { user, refreshUser } = useAuth()
  const toast = useToast()
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState('')
  const current = user?.organization?.time_zone ?? 'UTC'
  const editable = hasRole(user, 'admin')

  const onChange = async (event) => {
    const zone = event.target.value
    setSaving(true)
    setError('')
    try {
      await updateOrganization({ time_zone: zone })
      await refreshUser()
      toast.show(`Reports and emails now show times in ${zone}`)
    } catch (err) {
      setError(errorMessage(err, 'Could not save the time zone.'))
    } finally {
      setSaving(false)
    }
  }

  return (
    <div className="mt-4 border-t-2 border-ink pt-4">
      <Select
        id="organization-time-zone"
        label="Time zone"
        hint={
          editable
            ? 'The PDF report and the results email show dates and times in this zone.'
            : 'Only an owner or an admin can change this.'
        }
        value={current}
        disabled={saving || !editable}
        onChange={onChange}
        className="max-w-xs"
      >
        {zones(current).map((zone) => (
          <option key={zone} value={zone}>
            {zone}
          </option>
        ))}
      </Select>
      <div className="mt-3">
        <ErrorMessage message={error} />
      </div>
    </div>
  )
}

import { ErrorMessage, Select } from '../../components/ui/index.js'
import { useOrganizationSetting } from './useOrganizationSetting.js'

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
  const { organization, editable, saving, error, save } = useOrganizationSetting('Could not save the time zone.')
  const current = organization?.time_zone ?? 'UTC'

  const onChange = (event) => {
    const zone = event.target.value
    return save({ time_zone: zone }, `Reports and emails now show times in ${zone}`)
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

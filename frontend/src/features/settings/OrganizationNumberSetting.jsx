import { ErrorMessage, Select } from '../../components/ui/index.js'
import { useOrganizationSetting } from './useOrganizationSetting.js'

// One numeric organization setting chosen from a list (owners and admins change it, members see it). `off`, when
// given, is the label of the value 0, which the server reads as "off". A stored value outside the usual choices
// is still offered, so the select never shows something other than what is saved.
export default function OrganizationNumberSetting({ field, id, label, hint, choices, optionLabel, off, fallback, savedMessage, failure }) {
  const { organization, editable, saving, error, save } = useOrganizationSetting(failure)
  const current = organization?.[field] ?? fallback
  const options = current && !choices.includes(current) ? [...choices, current].sort((a, b) => a - b) : choices

  const onChange = (event) => {
    const value = Number(event.target.value)
    return save({ [field]: value }, savedMessage(value))
  }

  return (
    <div className="mt-4 border-t-2 border-ink pt-4">
      <Select
        id={id}
        label={label}
        hint={editable ? hint : 'Only an owner or an admin can change this.'}
        value={current ?? 0}
        disabled={saving || !editable}
        onChange={onChange}
        className="max-w-xs"
      >
        {off && <option value={0}>{off}</option>}
        {options.map((value) => (
          <option key={value} value={value}>
            {optionLabel(value)}
          </option>
        ))}
      </Select>
      <div className="mt-3">
        <ErrorMessage message={error} />
      </div>
    </div>
  )
}

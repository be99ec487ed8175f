import OrganizationNumberSetting from './OrganizationNumberSetting.jsx'

// The usual choices; the server accepts any whole number of hours from 1 to 72.
const CHOICES = [1, 2, 3, 6, 12, 24, 48, 72]

const hoursLabel = (hours) => (hours === 1 ? '1 hour' : `${hours} hours`)

// How long before a link expires a candidate who has not started gets one reminder email (off by default).
export default function ReminderSetting() {
  return (
    <OrganizationNumberSetting
      field="remind_hours_before_expiry"
      id="reminder-hours"
      label="Reminder email before the link expires"
      hint="One email to a candidate who has not started yet, with their link and the deadline."
      choices={CHOICES}
      optionLabel={(hours) => `${hoursLabel(hours)} before`}
      off="Off: no reminder"
      savedMessage={(hours) => (hours ? `Candidates will be reminded ${hoursLabel(hours)} before their link expires` : 'Reminder emails are off')}
      failure="Could not save the reminder setting."
    />
  )
}

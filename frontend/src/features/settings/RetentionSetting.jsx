import OrganizationNumberSetting from './OrganizationNumberSetting.jsx'

// The usual choices; the server accepts any whole number of months from 1 to 120.
const CHOICES = [1, 3, 6, 12, 18, 24, 36, 60, 120]

const monthsLabel = (months) => (months === 1 ? '1 month' : `${months} months`)

// How long candidate data (code, chat, evidence, name and email) is kept after their last assessment ends; a
// daily job erases it then, keeping only the anonymous scores for the analytics.
export default function RetentionSetting() {
  return (
    <OrganizationNumberSetting
      field="retention_months"
      id="retention-months"
      label="Keep candidate data for"
      hint="After a candidate's last assessment ends. Then their code, chat, emails, name and email are erased; the anonymous scores stay in your analytics."
      choices={CHOICES}
      fallback={12}
      optionLabel={(months) => `${monthsLabel(months)}${months === 12 ? ' (default)' : ''}`}
      savedMessage={(months) => `Candidate data will be erased ${monthsLabel(months)} after their last assessment`}
      failure="Could not save the retention period."
    />
  )
}

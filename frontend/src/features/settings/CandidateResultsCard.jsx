import { Card, ErrorMessage } from '../../components/ui/index.js'
import ReminderSetting from './ReminderSetting.jsx'
import RetentionSetting from './RetentionSetting.jsx'
import { useOrganizationSetting } from './useOrganizationSetting.js'

// What candidates see after submitting (off by default: that their work was received), when they are reminded, and
// how long their data is kept. Organization settings: owners and admins change them, a member sees them read-only
// (the server would answer 403).
export default function CandidateResultsCard() {
  const { organization, editable, saving, error, save } = useOrganizationSetting('Could not save the setting.')
  const shown = Boolean(organization?.show_candidates_their_score)

  const onChange = (event) => {
    const next = event.target.checked
    return save(
      { show_candidates_their_score: next },
      next ? 'Candidates will see their score after submitting' : 'Candidates will see only that their work was submitted',
    )
  }

  return (
    <Card title="Candidates" className="mb-6">
      <label className="flex items-start gap-3 text-sm">
        <input type="checkbox" className="mt-1 h-4 w-4 accent-brand" checked={shown} disabled={saving || !editable} onChange={onChange} />
        <span>
          <span className="font-bold">Show candidates their score after they submit</span>
          <span className="block text-neutral-700">Off: they see that their work was submitted, and you share results your own way.</span>
          {!editable && (
            <span className="block font-semibold" data-testid="results-read-only">
              Only an owner or an admin can change this.
            </span>
          )}
        </span>
      </label>
      <div className="mt-3">
        <ErrorMessage message={error} />
      </div>
      <ReminderSetting />
      <RetentionSetting />
    </Card>
  )
}

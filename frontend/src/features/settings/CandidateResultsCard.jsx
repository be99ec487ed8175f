import { useState } from 'react'
import { Card, ErrorMessage, useToast } from '../../components/ui/index.js'
import { useAuth } from '../../context/AuthContext.jsx'
import { errorMessage } from '../../lib/api.js'
import { hasRole } from '../../shared/roles.js'
import { updateOrganization } from './api.js'
import ReminderSetting from './ReminderSetting.jsx'
import RetentionSetting from './RetentionSetting.jsx'

// What candidates see after submitting (off by default: that their work was received), when they are reminded, and
// how long their data is kept. Organization settings: owners and admins change them, a member sees them read-only
// (the server would answer 403).
export default function CandidateResultsCard() {
  const { user, refreshUser } = useAuth()
  const toast = useToast()
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState('')
  const shown = Boolean(user?.organization?.show_candidates_their_score)
  const editable = hasRole(user, 'admin')

  const onChange = async (event) => {
    const next = event.target.checked
    setSaving(true)
    setError('')
    try {
      await updateOrganization({ show_candidates_their_score: next })
      await refreshUser()
      toast.show(next ? 'Candidates will see their score after submitting' : 'Candidates will see only that their work was submitted')
    } catch (err) {
      setError(errorMessage(err, 'Could not save the setting.'))
    } finally {
      setSaving(false)
    }
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

import { useState } from 'react'
import { Button, ErrorMessage, Select, useToast } from '../../../components/ui/index.js'
import { errorMessage } from '../../../lib/api.js'
import { saveWorkableSettings } from '../api.js'
import { toPayload, toValues } from './mapping.js'

// How results go back: automatically on completion or not, and the Workable member they are posted as.
export default function ResultsForm({ connection, options, onSaved }) {
  const toast = useToast()
  const [memberId, setMemberId] = useState(connection.member_id ?? '')
  const [autoPost, setAutoPost] = useState(connection.auto_post)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')

  const onSubmit = async (event) => {
    event.preventDefault()
    setBusy(true)
    setError('')
    try {
      const saved = await saveWorkableSettings({
        member_id: memberId || null,
        auto_post: autoPost,
        // The settings are saved whole: the stage map goes along unchanged.
        triggers: (connection.triggers ?? []).map((trigger) => toPayload(toValues(trigger))),
      })
      toast.show('Workable settings saved')
      onSaved(saved)
    } catch (err) {
      setError(errorMessage(err, 'Could not save the Workable settings.'))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form onSubmit={onSubmit} className="flex max-w-xl flex-col gap-3">
      <h3 className="font-black uppercase">Results</h3>
      <label className="flex items-center gap-2 text-sm font-bold">
        <input
          type="checkbox"
          className="h-4 w-4 accent-brand"
          checked={autoPost}
          onChange={(event) => setAutoPost(event.target.checked)}
        />
        Post results to Workable automatically when an assessment is completed
      </label>
      <Select
        label="Post as"
        hint="Comments and stage moves in Workable are made on behalf of this member."
        value={memberId}
        onChange={(event) => setMemberId(event.target.value)}
      >
        {options.members.map((member) => (
          <option key={member.id} value={member.id}>
            {member.name}
          </option>
        ))}
      </Select>
      <div>
        <Button type="submit" loading={busy}>
          Save Workable settings
        </Button>
      </div>
      <ErrorMessage message={error} />
    </form>
  )
}

import { useState } from 'react'
import { Button, ConfirmDialog, EmptyState, ErrorMessage, useToast } from '../../../components/ui/index.js'
import { errorMessage, fieldErrors } from '../../../lib/api.js'
import { saveWorkableSettings } from '../api.js'
import MappingEditor from './MappingEditor.jsx'
import MappingRow from './MappingRow.jsx'
import { mappingTitle, otherRowsMessage, rowErrors, toPayload, toValues } from './mapping.js'

const NEW = 'new'

// The stage map: which job (or any job) and stage send which task. Each add, edit or removal saves the whole map
// at once, so a refused row is shown where it was typed and the list always shows what the server holds.
export default function StageMap({ connection, options, tasks, onSaved }) {
  const toast = useToast()
  const saved = connection.triggers ?? []
  const [editing, setEditing] = useState(null)
  const [removing, setRemoving] = useState(null)
  const [busy, setBusy] = useState(false)
  const [errors, setErrors] = useState({})
  const [error, setError] = useState('')

  const save = async (map, index, done) => {
    setBusy(true)
    setErrors({})
    setError('')
    try {
      const next = await saveWorkableSettings({ auto_post: connection.auto_post, triggers: map })
      toast.show(done)
      setEditing(null)
      setRemoving(null)
      onSaved(next)
    } catch (err) {
      const fields = fieldErrors(err)
      const row = rowErrors(fields, index)
      if (Object.keys(row).length > 0) setErrors(row)
      else if (Object.keys(fields).length > 0) setError(otherRowsMessage(fields))
      else setError(errorMessage(err, 'Could not save the stage map.'))
    } finally {
      setBusy(false)
    }
  }

  const current = () => saved.map((trigger) => toPayload(toValues(trigger)))
  const onSaveRow = (index) => (values) => {
    const map = current()
    if (index === NEW) save([...map, toPayload(values)], map.length, 'Stage mapping added')
    else save(map.map((row, i) => (i === index ? toPayload(values) : row)), index, 'Stage mapping saved')
  }
  const onRemove = () => save(current().filter((_, i) => i !== removing), -1, 'Stage mapping removed')
  const open = (index) => {
    setErrors({})
    setError('')
    setEditing(index)
  }

  const editor = (index, initial) => (
    <MappingEditor
      initial={initial}
      options={options}
      tasks={tasks}
      errors={errors}
      busy={busy}
      onSave={onSaveRow(index)}
      onCancel={() => open(null)}
    />
  )

  return (
    <section className="flex flex-col gap-3" aria-labelledby="stage-map-title">
      <h3 id="stage-map-title" className="font-black uppercase">
        Invite from a stage
      </h3>
      <p className="text-sm">
        When a candidate reaches a mapped stage in Workable, they are sent the task. A mapping for one job wins over
        an &ldquo;Any job&rdquo; mapping of the same stage.
      </p>
      {saved.length === 0 && editing !== NEW && (
        <EmptyState title="No stages mapped" message="Add a mapping to invite candidates when they reach a stage in Workable." />
      )}
      {saved.length > 0 && (
        <ul className="flex flex-col border-2 border-ink" data-testid="stage-map">
          {saved.map((trigger, index) => (
            <li key={`${trigger.job_shortcode ?? '*'}/${trigger.stage_slug}`} className="border-b-2 border-ink p-3 last:border-b-0">
              {editing === index ? (
                editor(index, toValues(trigger))
              ) : (
                <MappingRow
                  trigger={trigger}
                  options={options}
                  tasks={tasks}
                  disabled={busy || editing !== null}
                  onEdit={() => open(index)}
                  onRemove={() => setRemoving(index)}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {editing === NEW && editor(NEW)}
      {editing === null && (
        <div>
          <Button variant="secondary" onClick={() => open(NEW)} disabled={busy}>
            Add a mapping
          </Button>
        </div>
      )}
      <ErrorMessage message={removing === null ? error : ''} />
      <ConfirmDialog
        open={removing !== null}
        title="Remove this stage mapping"
        message={
          removing !== null && saved[removing]
            ? `Candidates reaching ${mappingTitle(saved[removing], options)} will no longer be invited. Candidates already invited keep their assessment.`
            : ''
        }
        confirmLabel="Remove"
        busy={busy}
        error={removing !== null ? error : ''}
        onConfirm={onRemove}
        onCancel={() => setRemoving(null)}
      />
    </section>
  )
}

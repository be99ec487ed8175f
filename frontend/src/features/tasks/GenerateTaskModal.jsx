import { useRef, useState } from 'react'
import { Button, ErrorMessage, Input, Modal, Select, Spinner, Textarea } from '../../components/ui/index.js'
import { errorMessage, fieldErrors } from '../../lib/api.js'
import { DIFFICULTIES } from '../../shared/tasks/taskMeta.js'
import { generateTask } from './api.js'
import { EMPTY_GENERATE_FORM, MAX_PROMPT_LENGTH, toGeneratePayload, validateGenerateForm } from './generateTaskForm.js'
import { MAX_DURATION, MIN_DURATION } from './taskForm.js'

// What each failure means when the server sends no detail of its own.
const FALLBACK = {
  503: 'Task generation is not available on this server.',
  502: "The AI's answer was not a valid task. Try again.",
  422: 'The AI could not write a draft that passes its own tests. Try again or reword the prompt.',
}

// A bad AI answer, a draft that failed its check or a lost connection may go better on a second try; a server
// without an AI provider, or a request with a field to fix, will not.
function worthRetrying(error) {
  const status = error?.response?.status
  if (!status) return true
  return status === 502 || (status === 422 && Object.keys(fieldErrors(error)).length === 0)
}

// Asks the server for a task draft; `onGenerated(draft)` receives it unsaved. The prompt survives failures and
// closing, so a long description is never lost.
export default function GenerateTaskModal({ open, onClose, onGenerated }) {
  const [form, setForm] = useState(EMPTY_GENERATE_FORM)
  const [errors, setErrors] = useState({})
  const [failure, setFailure] = useState(null)
  const [busy, setBusy] = useState(false)
  // Closing while the server works abandons that request: its late answer must not open the form.
  const request = useRef(0)
  const set = (name) => (event) => setForm((f) => ({ ...f, [name]: event.target.value }))

  const close = () => {
    request.current += 1
    setBusy(false)
    setErrors({})
    setFailure(null)
    onClose()
  }

  const onSubmit = async (event) => {
    event.preventDefault()
    const found = validateGenerateForm(form)
    setErrors(found)
    setFailure(null)
    if (Object.keys(found).length > 0) return
    request.current += 1
    const mine = request.current
    setBusy(true)
    try {
      const draft = await generateTask(toGeneratePayload(form))
      if (mine !== request.current) return
      setBusy(false)
      onGenerated(draft)
    } catch (error) {
      if (mine !== request.current) return
      setBusy(false)
      setErrors(fieldErrors(error))
      setFailure({ message: errorMessage(error, FALLBACK[error?.response?.status]), retry: worthRetrying(error) })
    }
  }

  return (
    <Modal
      open={open}
      onClose={close}
      title="Generate a task with AI"
      width="max-w-2xl"
      footer={
        <>
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button type="submit" form="generate-task-form" loading={busy}>
            {failure?.retry ? 'Try again' : 'Generate'}
          </Button>
        </>
      }
    >
      <form id="generate-task-form" noValidate onSubmit={onSubmit} className="flex flex-col gap-4">
        <fieldset disabled={busy} className="flex flex-col gap-4">
          <Textarea
            label="What should the task assess?"
            rows={6}
            maxLength={MAX_PROMPT_LENGTH}
            value={form.prompt}
            onChange={set('prompt')}
            error={errors.prompt}
            placeholder="e.g. A CSV parser that drops the last row and mishandles quoted commas; the candidate finds and fixes both bugs."
            hint={`${form.prompt.length}/${MAX_PROMPT_LENGTH} characters`}
          />
          <div className="grid gap-4 md:grid-cols-2">
            <Select label="Difficulty (optional)" value={form.difficulty} onChange={set('difficulty')} error={errors.difficulty}>
              <option value="">Let the AI choose</option>
              {DIFFICULTIES.map((d) => (
                <option key={d.value} value={d.value}>
                  {d.label}
                </option>
              ))}
            </Select>
            <Input
              label="Duration in minutes (optional)"
              type="number"
              min={MIN_DURATION}
              max={MAX_DURATION}
              value={form.duration_minutes}
              onChange={set('duration_minutes')}
              error={errors.duration_minutes}
              hint={`${MIN_DURATION} to ${MAX_DURATION} minutes.`}
            />
          </div>
        </fieldset>
        {busy && <Spinner label="Writing the task and proving it in the sandbox… this can take a minute" />}
        {failure && <ErrorMessage message={failure.message} />}
        <p className="text-xs text-neutral-600">Nothing is saved until you review the draft and save it.</p>
      </form>
    </Modal>
  )
}

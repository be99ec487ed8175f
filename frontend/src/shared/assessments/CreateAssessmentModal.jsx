import { useEffect, useState } from 'react'
import { Button, ErrorMessage, Input, Modal, Select, Spinner } from '../../components/ui/index.js'
import { errorMessage, fieldErrors } from '../../lib/api.js'
import { useAsync } from '../../lib/useAsync.js'
import { createAssessment, getBillingUsage, listTasks } from '../api.js'
import SendCost from '../billing/SendCost.jsx'
import { DifficultyBadge, TaskTypeBadge } from '../tasks/TaskBadges.jsx'
import { difficultyLabel } from '../tasks/taskMeta.js'
import { AI_MODES, aiModeLabel } from './aiModes.js'
import CandidatePicker from './create/CandidatePicker.jsx'
import CreatedNotice from './create/CreatedNotice.jsx'
import { AlreadyTaken, EmailTaken } from './create/ExistingCandidateNotice.jsx'
import { readDraft, useSessionDraft } from '../sessionDraft.js'
import { CREATE_DRAFT_KEY, NEW_CANDIDATE, draftFor, freshForm, mapApiFieldErrors, toAssessmentPayload, validateCreateAssessment } from './createAssessmentForm.js'
import { VALIDITY_DAYS, useEmailStatus } from './invitations/invitationActions.js'

// `candidate` (optional) is preselected: "Send assessment" from a candidate's page. What is typed is kept as a
// draft in this tab until it is sent or cancelled, so a session that ends mid-form gives it back after logging in.
export default function CreateAssessmentModal({ open, onClose, onCreated, candidate: preselected = null }) {
  const [draft, setDraft, stored] = useSessionDraft(CREATE_DRAFT_KEY, () => ({ form: freshForm(preselected), picked: preselected }))
  const { form, picked } = draft
  const setForm = (next) => setDraft((d) => ({ ...d, form: typeof next === 'function' ? next(d.form) : next }))
  const [restored, setRestored] = useState(false)
  const [errors, setErrors] = useState({})
  const [formError, setFormError] = useState('')
  const [submitting, setSubmitting] = useState(false)
  const [created, setCreated] = useState(null)
  const emailStatus = useEmailStatus()
  const tasksLoad = useAsync(() => (open ? listTasks({ limit: 100 }) : Promise.resolve(null)), [open])
  // Apart from the tasks: the form stays usable when the billing state cannot be read.
  const billing = useAsync(() => (open ? getBillingUsage({ limit: 1 }) : Promise.resolve(null)), [open])
  const [paymentRefused, setPaymentRefused] = useState(false)

  useEffect(() => {
    if (!open) return
    const kept = draftFor(readDraft(CREATE_DRAFT_KEY), preselected)
    if (kept) setDraft(kept)
    else stored.reset({ form: freshForm(preselected), picked: preselected })
    setRestored(Boolean(kept))
    setErrors({})
    setFormError('')
    setPaymentRefused(false)
    setCreated(null)
  }, [open])

  const tasks = (tasksLoad.data?.items ?? []).filter((t) => t.is_active !== false)
  const selectedTask = tasks.find((t) => String(t.id) === String(form.task_id))
  const set = (name) => (event) => setForm((f) => ({ ...f, [name]: event.target.value }))
  const choose = (choice) =>
    setDraft(({ form: f }) => ({
      picked: choice && choice !== NEW_CANDIDATE ? choice : null,
      form: { ...f, candidate: choice === NEW_CANDIDATE ? NEW_CANDIDATE : choice ? String(choice.id) : '', position: choice?.position ?? f.position },
    }))
  // Closing on purpose (Cancel, Done, the close button) forgets the draft; only an ended session keeps it.
  const close = () => {
    stored.discard()
    onClose()
  }

  const onSubmit = async (event) => {
    event.preventDefault()
    const found = validateCreateAssessment(form)
    setErrors(found)
    setFormError('')
    setPaymentRefused(false)
    if (Object.keys(found).length > 0) return
    setSubmitting(true)
    try {
      const assessment = await createAssessment(toAssessmentPayload(form))
      stored.discard()
      setCreated(assessment)
      onCreated?.(assessment)
    } catch (error) {
      setErrors(mapApiFieldErrors(fieldErrors(error)))
      setFormError(errorMessage(error, 'Could not send the assessment.'))
      if (error?.response?.status === 402) {
        setPaymentRefused(true)
        billing.reload()
      }
    } finally {
      setSubmitting(false)
    }
  }

  if (created) {
    return (
      <Modal open={open} onClose={close} title="Invitation saved" footer={<Button onClick={close}>Done</Button>}>
        <CreatedNotice created={created} emailStatus={emailStatus} />
      </Modal>
    )
  }

  const footer = (
    <>
      <Button variant="secondary" onClick={close}>
        Cancel
      </Button>
      <Button type="submit" form="create-assessment-form" loading={submitting} disabled={!tasksLoad.data}>
        Send Assessment
      </Button>
    </>
  )
  return (
    <Modal open={open} onClose={close} title="Create assessment" footer={footer}>
      {restored && (
        <p role="note" className="mb-3 border-2 border-brand bg-brand-light p-2 text-sm font-semibold">
          Your unsaved draft was restored. Send it, or cancel to discard it.
        </p>
      )}
      {tasksLoad.loading && <Spinner label="Loading tasks…" />}
      {tasksLoad.error && <ErrorMessage message={tasksLoad.error} onRetry={tasksLoad.reload} />}
      {tasksLoad.data && (
        <form id="create-assessment-form" noValidate onSubmit={onSubmit} className="flex flex-col gap-4">
          <CandidatePicker selected={picked} isNew={form.candidate === NEW_CANDIDATE} onSelect={choose} error={errors.candidate} />
          {form.candidate === NEW_CANDIDATE && (
            <fieldset className="flex flex-col gap-3 border-2 border-dashed border-ink p-3">
              <legend className="px-1 text-xs font-bold uppercase">New candidate</legend>
              <Input label="Candidate email" type="email" value={form.email} onChange={set('email')} error={errors.email} />
              <EmailTaken email={form.email} onUse={choose} />
              <Input label="Full name" value={form.full_name} onChange={set('full_name')} error={errors.full_name} />
            </fieldset>
          )}
          <Input label="Position (optional)" value={form.position} onChange={set('position')} error={errors.position} placeholder="e.g. Backend Engineer" />
          <Select label="Task" value={form.task_id} onChange={set('task_id')} error={errors.task_id}>
            <option value="">Select a task…</option>
            {tasks.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} · {difficultyLabel(t.difficulty)} · {t.duration_minutes} min
              </option>
            ))}
          </Select>
          {selectedTask && (
            <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="selected-task">
              <DifficultyBadge difficulty={selectedTask.difficulty} />
              <TaskTypeBadge taskType={selectedTask.task_type} />
              <span>{selectedTask.duration_minutes} minutes</span>
            </div>
          )}
          <AlreadyTaken candidate={picked} taskId={form.task_id} />
          <Select label="AI assistant" value={form.ai_mode} onChange={set('ai_mode')} error={errors.ai_mode} hint={AI_MODES.find((m) => m.value === (form.ai_mode || selectedTask?.ai_mode))?.help}>
            <option value="">Task default{selectedTask?.ai_mode ? ` (${aiModeLabel(selectedTask.ai_mode)})` : ''}</option>
            {AI_MODES.map((m) => (
              <option key={m.value} value={m.value}>
                {m.label}
              </option>
            ))}
          </Select>
          <div className="grid gap-3 sm:grid-cols-2">
            <Input
              label="Duration (minutes)"
              type="number"
              min="5"
              max="180"
              value={form.duration_minutes}
              onChange={set('duration_minutes')}
              error={errors.duration_minutes}
              placeholder={selectedTask ? `${selectedTask.duration_minutes} (the task's)` : "The task's"}
            />
            <Select label="Link valid for" value={form.link_valid_days} onChange={set('link_valid_days')} error={errors.link_valid_days}>
              {VALIDITY_DAYS.map((d) => (
                <option key={d} value={String(d)}>
                  {d} day{d === 1 ? '' : 's'}
                </option>
              ))}
            </Select>
          </div>
          <SendCost usage={billing.data} />
          <ErrorMessage message={formError} />
          {paymentRefused && (
            <p className="text-sm font-semibold" data-testid="payment-refused">
              Nothing was sent.{' '}
              <a href="#/settings?tab=billing" className="font-bold underline">
                Open Settings → Billing
              </a>{' '}
              to buy credits or manage your card.
            </p>
          )}
        </form>
      )}
    </Modal>
  )
}

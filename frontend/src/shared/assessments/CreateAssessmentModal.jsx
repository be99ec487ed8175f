import { useEffect, useState } from 'react'
import { Button, ErrorMessage, Input, Modal, Select, Spinner } from '../../components/ui/index.js'
import { errorMessage, fieldErrors } from '../../lib/api.js'
import { candidateLink } from '../../lib/router.js'
import { useAsync } from '../../lib/useAsync.js'
import { createAssessment, getBillingUsage, listCandidates, listTasks } from '../api.js'
import SendCost from '../billing/SendCost.jsx'
import { DifficultyBadge, TaskTypeBadge } from '../tasks/TaskBadges.jsx'
import { difficultyLabel } from '../tasks/taskMeta.js'
import CopyLinkButton from './CopyLinkButton.jsx'
import { EMPTY_FORM, NEW_CANDIDATE, mapApiFieldErrors, toAssessmentPayload, validateCreateAssessment } from './createAssessmentForm.js'

const loadOptions = () => Promise.all([listCandidates({ limit: 100 }), listTasks({ limit: 100 })])

// `candidate` (optional) is preselected: "Send assessment" from a candidate's page.
export default function CreateAssessmentModal({ open, onClose, onCreated, candidate: preselected = null }) {
  const [form, setForm] = useState(EMPTY_FORM)
  const [errors, setErrors] = useState({})
  const [formError, setFormError] = useState('')
  const [submitting, setSubmitting] = useState(false)
  const [created, setCreated] = useState(null)
  const options = useAsync(() => (open ? loadOptions() : Promise.resolve(null)), [open])
  // Apart from the options: the form stays usable when the billing state cannot be read.
  const billing = useAsync(() => (open ? getBillingUsage({ limit: 1 }) : Promise.resolve(null)), [open])
  const [paymentRefused, setPaymentRefused] = useState(false)

  useEffect(() => {
    if (!open) return
    setForm(preselected ? { ...EMPTY_FORM, candidate: String(preselected.id), position: preselected.position ?? '' } : EMPTY_FORM)
    setErrors({})
    setFormError('')
    setPaymentRefused(false)
    setCreated(null)
  }, [open])

  const [listed, tasks] = options.data ? [options.data[0].items, options.data[1].items.filter((t) => t.is_active !== false)] : [[], []]
  const candidates = preselected && !listed.some((c) => c.id === preselected.id) ? [preselected, ...listed] : listed
  const selectedTask = tasks.find((t) => String(t.id) === String(form.task_id))
  const set = (name) => (event) => setForm((f) => ({ ...f, [name]: event.target.value }))

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
      <Modal open={open} onClose={onClose} title="Assessment sent" footer={<Button onClick={onClose}>Done</Button>}>
        <p role="status" className="border-2 border-ink bg-green-100 p-3 font-semibold">
          Assessment sent to {created.candidate_email}
        </p>
        <p className="mt-4 text-sm font-bold">Candidate link</p>
        <div className="mt-1 flex flex-wrap items-center gap-2">
          <code className="flex-1 border-2 border-ink bg-neutral-100 px-2 py-1 text-xs break-all" data-testid="candidate-link">
            {candidateLink(created.token)}
          </code>
          <CopyLinkButton token={created.token} />
        </div>
      </Modal>
    )
  }

  return (
    <Modal
      open={open}
      onClose={onClose}
      title="Create assessment"
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form="create-assessment-form" loading={submitting} disabled={!options.data}>
            Send Assessment
          </Button>
        </>
      }
    >
      {options.loading && <Spinner label="Loading candidates and tasks…" />}
      {options.error && <ErrorMessage message={options.error} onRetry={options.reload} />}
      {options.data && (
        <form id="create-assessment-form" noValidate onSubmit={onSubmit} className="flex flex-col gap-4">
          <Select label="Candidate" value={form.candidate} onChange={set('candidate')} error={errors.candidate}>
            <option value="">Select a candidate…</option>
            <option value={NEW_CANDIDATE}>+ Create New Candidate</option>
            {candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {c.full_name ? `${c.full_name} (${c.email})` : c.email}
              </option>
            ))}
          </Select>
          {form.candidate === NEW_CANDIDATE && (
            <fieldset className="flex flex-col gap-3 border-2 border-dashed border-ink p-3">
              <legend className="px-1 text-xs font-bold uppercase">New candidate</legend>
              <Input label="Candidate email" type="email" value={form.email} onChange={set('email')} error={errors.email} />
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

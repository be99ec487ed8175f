import { useState } from 'react'
import CodeEditor from '../../components/CodeEditor.jsx'
import { Button, ErrorMessage, Input, Select, Textarea } from '../../components/ui/index.js'
import { errorMessage, fieldErrors } from '../../lib/api.js'
import { AI_MODES } from '../../shared/assessments/aiModes.js'
import { useSessionDraft } from '../../shared/sessionDraft.js'
import { DIFFICULTIES, TASK_TYPES } from '../../shared/tasks/taskMeta.js'
import ProofStatus from './ProofStatus.jsx'
import { EMPTY_TASK, MAX_DURATION, MIN_DURATION, changedPayload, formToPayload, savesRunTests, taskToForm } from './taskForm.js'
import useTaskProof from './useTaskProof.js'

function CodeField({ label, hint, error, value, onChange }) {
  return (
    <div className="flex flex-col gap-1">
      <span className="text-sm font-bold">{label}</span>
      {hint && <p className="text-xs text-neutral-600">{hint}</p>}
      <CodeEditor value={value} onChange={onChange} height="260px" ariaLabel={label} />
      {error && <p className="text-sm font-semibold text-red-700">{error}</p>}
    </div>
  )
}

// A task saved before this version may carry a word the selects do not offer; show it rather than silently
// displaying the first option, and let validation ask for a current one.
function VocabularyOptions({ options, value }) {
  return (
    <>
      {!options.some((o) => o.value === value) && <option value={value}>{value}</option>}
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </>
  )
}

// The key of a form's unsaved draft in this tab: one for the new task, one per task edited.
export const draftKey = (task) => `task:${task?.id ?? 'new'}`

// Create or edit a task; `onSave(payload)` performs the API call so the form stays reusable. `draft` prefills a
// new task (an AI draft); `task` is the task being edited. What is typed is kept as a draft in this tab until it is
// saved or cancelled, so a session that ends mid-form loses nothing.
export default function TaskForm({ task, draft, onSave, onCancel }) {
  const [initial] = useState(() => (task ? taskToForm(task) : null))
  const [form, setForm, stored] = useSessionDraft(draftKey(task), () => initial ?? (draft ? taskToForm(draft) : EMPTY_TASK), {
    fresh: Boolean(draft),
  })
  const [errors, setErrors] = useState({})
  const [formError, setFormError] = useState('')
  const [saving, setSaving] = useState(false)
  const set = (name) => (event) => setForm((f) => ({ ...f, [name]: event.target.value }))
  const setCode = (name) => (value) => setForm((f) => ({ ...f, [name]: value }))
  const runsTests = savesRunTests(form, initial)
  const [startForm] = useState(form)
  const proof = useTaskProof({ taskId: task?.id, initialForm: startForm, initialProof: draft?.validation })

  // The same checks as a save, then the sandbox proof; a failure marks the field to change.
  const onValidate = async () => {
    const result = formToPayload(form)
    setErrors(result.errors ?? {})
    setFormError(result.errors ? 'Please fix the highlighted fields.' : '')
    if (result.errors) return
    setErrors(await proof.validate(form, result.payload))
  }

  const onSubmit = async (event) => {
    event.preventDefault()
    const result = formToPayload(form)
    setErrors(result.errors ?? {})
    setFormError(result.errors ? 'Please fix the highlighted fields.' : '')
    if (result.errors) return
    setSaving(true)
    try {
      await onSave(initial ? changedPayload(result.payload, form, initial) : result.payload)
      stored.discard()
    } catch (error) {
      setErrors(fieldErrors(error))
      setFormError(errorMessage(error, 'Could not save the task.'))
      setSaving(false)
    }
  }

  const saveLabel = task ? 'Save changes' : 'Create task'
  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4" aria-label={task ? 'Edit task' : 'New task'}>
      {stored.restored && (
        <p role="status" className="border-2 border-ink bg-yellow-100 p-3 text-sm font-semibold">
          Your unsaved draft was restored. Save it, or cancel to discard it.
        </p>
      )}
      <div className="grid gap-4 md:grid-cols-2">
        <Input label="Name" value={form.name} onChange={set('name')} error={errors.name} />
        <Input
          label="Duration (minutes)"
          type="number"
          min={MIN_DURATION}
          max={MAX_DURATION}
          value={form.duration_minutes}
          onChange={set('duration_minutes')}
          error={errors.duration_minutes}
          hint={`${MIN_DURATION} to ${MAX_DURATION} minutes.`}
        />
        <Select label="Type" value={form.task_type} onChange={set('task_type')} error={errors.task_type}>
          <VocabularyOptions options={TASK_TYPES} value={form.task_type} />
        </Select>
        <Select label="Difficulty" value={form.difficulty} onChange={set('difficulty')} error={errors.difficulty}>
          <VocabularyOptions options={DIFFICULTIES} value={form.difficulty} />
        </Select>
        <Select label="AI assistant (default for its assessments)" value={form.ai_mode} onChange={set('ai_mode')} error={errors.ai_mode} hint={AI_MODES.find((m) => m.value === form.ai_mode)?.help}>
          <VocabularyOptions options={AI_MODES} value={form.ai_mode} />
        </Select>
      </div>
      <label className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          className="mt-1 h-4 w-4 accent-brand"
          checked={form.understanding_check}
          onChange={(e) => setForm((f) => ({ ...f, understanding_check: e.target.checked }))}
        />
        <span>
          <span className="font-bold">Understanding check after submit.</span> The candidate answers three short questions about their own
          code in 5 minutes (skipping allowed); the answers become the Understanding signal.
        </span>
      </label>
      <Textarea label="Description" rows={4} value={form.description} onChange={set('description')} error={errors.description} hint="Shown to the candidate, as Markdown: **bold**, `code`, lists, headings." />
      <CodeField label="Starter code" hint="The candidate's solution.py when they start." value={form.starter_code} onChange={setCode('starter_code')} error={errors.starter_code} />
      <p className="border-2 border-ink bg-brand-light p-3 text-sm">
        Tests are pytest functions. The candidate's file is <code className="font-mono font-bold">solution.py</code>, so tests import from
        it, e.g. <code className="font-mono font-bold">from solution import parse</code>. Validate (and every save) runs them in the sandbox: the
        tests must collect, the starter code must fail at least one, and the reference solution (if given) must pass them all.
      </p>
      <CodeField label="Visible tests (pytest)" hint="Shown to the candidate as test_visible.py; they can run them at any time." value={form.test_code} onChange={setCode('test_code')} error={errors.test_code} />
      <CodeField
        label="Hidden tests (optional)"
        hint={
          task?.has_hidden_tests
            ? 'Run only at submit. This task has hidden tests: leave this empty to keep them, or paste new ones to replace them.'
            : 'Run only at submit, to grade the work. When empty, the visible tests are used.'
        }
        value={form.hidden_test_code}
        onChange={setCode('hidden_test_code')}
        error={errors.hidden_test_code}
      />
      <CodeField
        label="Reference solution (optional)"
        hint={
          task
            ? 'Never shown to candidates. Leave empty to keep the stored one; a new one must pass every test.'
            : 'Never shown to candidates. When given, it must pass every test.'
        }
        value={form.reference_solution}
        onChange={setCode('reference_solution')}
        error={errors.reference_solution}
      />
      <div className="grid gap-4 md:grid-cols-2">
        <Textarea label="Dependencies" rows={3} value={form.dependencies} onChange={set('dependencies')} error={errors.dependencies} hint="One Python package per line." />
        <Textarea label="Sample data (JSON, optional)" rows={3} value={form.sample_data} onChange={set('sample_data')} error={errors.sample_data} className="font-mono" />
        <Textarea label="Success criteria (JSON, optional)" rows={3} value={form.success_criteria} onChange={set('success_criteria')} error={errors.success_criteria} className="font-mono" />
        <Textarea label="Test weights (JSON, optional)" rows={3} value={form.test_weights} onChange={set('test_weights')} error={errors.test_weights} hint='e.g. {"test_parse": 2}' className="font-mono" />
      </div>
      <ProofStatus proof={proof} current={proof.isCurrent(form)} onValidate={onValidate} disabled={saving} />
      <ErrorMessage message={formError} />
      <div className="flex justify-end gap-2">
        <Button
          variant="secondary"
          onClick={() => {
            stored.discard()
            onCancel()
          }}
          disabled={saving || proof.status === 'running'}
        >
          Cancel
        </Button>
        <Button type="submit" loading={saving} disabled={proof.status === 'running'}>
          {saving ? (runsTests ? 'Checking the tests…' : 'Saving…') : saveLabel}
        </Button>
      </div>
    </form>
  )
}

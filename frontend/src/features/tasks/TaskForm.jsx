import { useState } from 'react'
import CodeEditor from '../../components/CodeEditor.jsx'
import { Button, ErrorMessage, Input, Select, Textarea } from '../../components/ui/index.js'
import { errorMessage, fieldErrors } from '../../lib/api.js'
import { DIFFICULTIES, TASK_TYPES } from './taskMeta.js'
import { EMPTY_TASK, formToPayload, taskToForm } from './taskForm.js'

function CodeField({ label, error, value, onChange }) {
  return (
    <div className="flex flex-col gap-1">
      <span className="text-sm font-bold">{label}</span>
      <CodeEditor value={value} onChange={onChange} height="260px" ariaLabel={label} />
      {error && <p className="text-sm font-semibold text-red-700">{error}</p>}
    </div>
  )
}

// Create or edit a task; `onSave(payload)` performs the API call so the form stays reusable.
export default function TaskForm({ task, onSave, onCancel }) {
  const [form, setForm] = useState(() => (task ? taskToForm(task) : EMPTY_TASK))
  const [errors, setErrors] = useState({})
  const [formError, setFormError] = useState('')
  const [saving, setSaving] = useState(false)
  const set = (name) => (event) => setForm((f) => ({ ...f, [name]: event.target.value }))
  const setCode = (name) => (value) => setForm((f) => ({ ...f, [name]: value }))

  const onSubmit = async (event) => {
    event.preventDefault()
    const result = formToPayload(form)
    setErrors(result.errors ?? {})
    setFormError(result.errors ? 'Please fix the highlighted fields.' : '')
    if (result.errors) return
    setSaving(true)
    try {
      await onSave(result.payload)
    } catch (error) {
      setErrors(fieldErrors(error))
      setFormError(errorMessage(error, 'Could not save the task.'))
      setSaving(false)
    }
  }

  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4" aria-label={task ? 'Edit task' : 'New task'}>
      <div className="grid gap-4 md:grid-cols-2">
        <Input label="Name" value={form.name} onChange={set('name')} error={errors.name} />
        <Input label="Duration (minutes)" type="number" min="5" max="240" value={form.duration_minutes} onChange={set('duration_minutes')} error={errors.duration_minutes} />
        <Select label="Type" value={form.task_type} onChange={set('task_type')} error={errors.task_type}>
          {TASK_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </Select>
        <Select label="Difficulty" value={form.difficulty} onChange={set('difficulty')} error={errors.difficulty}>
          {DIFFICULTIES.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </Select>
      </div>
      <Textarea label="Description" rows={4} value={form.description} onChange={set('description')} error={errors.description} hint="Shown to the candidate." />
      <CodeField label="Starter code" value={form.starter_code} onChange={setCode('starter_code')} error={errors.starter_code} />
      <CodeField label="Tests (pytest)" value={form.test_code} onChange={setCode('test_code')} error={errors.test_code} />
      <div className="grid gap-4 md:grid-cols-2">
        <Textarea label="Dependencies" rows={3} value={form.dependencies} onChange={set('dependencies')} error={errors.dependencies} hint="One Python package per line." />
        <Textarea label="Sample data (JSON, optional)" rows={3} value={form.sample_data} onChange={set('sample_data')} error={errors.sample_data} className="font-mono" />
        <Textarea label="Success criteria (JSON, optional)" rows={3} value={form.success_criteria} onChange={set('success_criteria')} error={errors.success_criteria} className="font-mono" />
        <Textarea label="Test weights (JSON, optional)" rows={3} value={form.test_weights} onChange={set('test_weights')} error={errors.test_weights} hint='e.g. {"test_parse": 2}' className="font-mono" />
      </div>
      <ErrorMessage message={formError} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel} disabled={saving}>
          Cancel
        </Button>
        <Button type="submit" loading={saving}>
          {task ? 'Save changes' : 'Create task'}
        </Button>
      </div>
    </form>
  )
}

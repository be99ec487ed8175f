import { useState } from 'react'
import { Button, Input, Select } from '../../../components/ui/index.js'
import { EMPTY_MAPPING } from './mapping.js'

// One mapping's fields: (job or any job, stage) → task, duration, stage to move to. Enter saves, Escape cancels.
export default function MappingEditor({ initial = EMPTY_MAPPING, options, tasks, errors = {}, busy, onSave, onCancel }) {
  const [values, setValues] = useState(initial)
  const set = (name) => (event) => setValues((current) => ({ ...current, [name]: event.target.value }))
  const chosenTask = tasks.find((task) => String(task.id) === values.task_id)

  const onSubmit = (event) => {
    event.preventDefault()
    onSave(values)
  }
  const onKeyDown = (event) => {
    if (event.key === 'Escape') onCancel()
  }

  return (
    <form
      onSubmit={onSubmit}
      onKeyDown={onKeyDown}
      aria-label="Stage mapping"
      className="grid gap-3 border-2 border-brand bg-brand-light p-3 sm:grid-cols-2"
    >
      <Select
        label="Job"
        value={values.job_shortcode}
        onChange={set('job_shortcode')}
        error={errors.job_shortcode}
        // The editor opens on a click or a key press; typing goes straight to its first field.
        autoFocus
      >
        <option value="">Any job</option>
        {options.jobs.map((job) => (
          <option key={job.id} value={job.id}>
            {job.name} ({job.id})
          </option>
        ))}
      </Select>
      <Select label="Stage" value={values.stage_slug} onChange={set('stage_slug')} error={errors.stage_slug} required>
        <option value="">Choose a stage</option>
        {options.stages.map((stage) => (
          <option key={stage.id} value={stage.id}>
            {stage.name}
          </option>
        ))}
      </Select>
      <Select label="Task to send" value={values.task_id} onChange={set('task_id')} error={errors.task_id} required>
        <option value="">Choose a task</option>
        {tasks.map((task) => (
          <option key={task.id} value={task.id}>
            {task.name}
          </option>
        ))}
      </Select>
      <Input
        label="Duration (minutes)"
        type="number"
        min="5"
        max="180"
        value={values.duration_minutes}
        onChange={set('duration_minutes')}
        error={errors.duration_minutes}
        placeholder={chosenTask ? `${chosenTask.duration_minutes} (the task's)` : "The task's"}
        hint="Empty keeps the task's own duration."
      />
      <Select
        label="After posting the result, move the candidate to"
        value={values.move_to_stage}
        onChange={set('move_to_stage')}
        error={errors.move_to_stage}
      >
        <option value="">Leave them where they are</option>
        {options.stages.map((stage) => (
          <option key={stage.id} value={stage.id}>
            {stage.name}
          </option>
        ))}
      </Select>
      <div className="flex items-end gap-2">
        <Button type="submit" loading={busy}>
          Save mapping
        </Button>
        <Button variant="secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
      </div>
    </form>
  )
}

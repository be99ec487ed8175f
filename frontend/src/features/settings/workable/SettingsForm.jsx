import { useEffect, useState } from 'react'
import { Button, ErrorMessage, Input, Select, Spinner, useToast } from '../../../components/ui/index.js'
import { errorMessage } from '../../../lib/api.js'
import { getWorkableOptions, listActiveTasks, saveWorkableSettings } from '../api.js'

export default function SettingsForm({ connection, onSaved }) {
  const toast = useToast()
  const trigger = connection.trigger
  const [options, setOptions] = useState(null)
  const [tasks, setTasks] = useState([])
  const [loadError, setLoadError] = useState('')
  const [form, setForm] = useState({
    member_id: connection.member_id ?? '',
    auto_post: connection.auto_post,
    enabled: Boolean(trigger),
    job_shortcode: trigger?.job_shortcode ?? '',
    stage_slug: trigger?.stage_slug ?? '',
    task_id: trigger?.task_id ? String(trigger.task_id) : '',
    duration_minutes: trigger?.duration_minutes ? String(trigger.duration_minutes) : '',
    move_to_stage: trigger?.move_to_stage ?? '',
  })
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')

  useEffect(() => {
    Promise.all([getWorkableOptions(), listActiveTasks()])
      .then(([loaded, taskList]) => {
        setOptions(loaded)
        setTasks(taskList.filter((task) => task.is_active !== false))
      })
      .catch((err) => setLoadError(errorMessage(err, 'Could not load your Workable jobs and stages.')))
  }, [])

  const set = (name) => (event) => {
    const value = event.target.type === 'checkbox' ? event.target.checked : event.target.value
    setForm((current) => ({ ...current, [name]: value }))
  }

  const onSubmit = async (event) => {
    event.preventDefault()
    setBusy(true)
    setError('')
    try {
      const saved = await saveWorkableSettings({
        member_id: form.member_id || null,
        auto_post: form.auto_post,
        trigger: form.enabled
          ? {
              job_shortcode: form.job_shortcode || null,
              stage_slug: form.stage_slug,
              task_id: Number(form.task_id),
              // Empty: the task's own duration.
              duration_minutes: form.duration_minutes === '' ? null : Number(form.duration_minutes),
              move_to_stage: form.move_to_stage || null,
            }
          : null,
      })
      toast.show('Workable settings saved')
      onSaved(saved)
    } catch (err) {
      setError(errorMessage(err, 'Could not save the Workable settings.'))
    } finally {
      setBusy(false)
    }
  }

  const chosenTask = tasks.find((task) => String(task.id) === form.task_id)
  if (loadError) return <ErrorMessage message={loadError} />
  if (!options) return <Spinner label="Loading your Workable jobs and stages…" />
  return (
    <form onSubmit={onSubmit} className="flex max-w-xl flex-col gap-3 border-2 border-ink p-4">
      <h3 className="font-black uppercase">Invite from a stage</h3>
      <label className="flex items-center gap-2 text-sm font-bold">
        <input type="checkbox" className="h-4 w-4 accent-brand" checked={form.enabled} onChange={set('enabled')} />
        Send an assessment when a candidate reaches a stage
      </label>
      {form.enabled && (
        <>
          <Select label="Job" value={form.job_shortcode} onChange={set('job_shortcode')}>
            <option value="">Any job</option>
            {options.jobs.map((job) => (
              <option key={job.id} value={job.id}>
                {job.name} ({job.id})
              </option>
            ))}
          </Select>
          <Select label="Stage" value={form.stage_slug} onChange={set('stage_slug')} required>
            <option value="">Choose a stage</option>
            {options.stages.map((stage) => (
              <option key={stage.id} value={stage.id}>
                {stage.name}
              </option>
            ))}
          </Select>
          <Select label="Task to send" value={form.task_id} onChange={set('task_id')} required>
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
            value={form.duration_minutes}
            onChange={set('duration_minutes')}
            placeholder={chosenTask ? `${chosenTask.duration_minutes} (the task's)` : "The task's"}
            hint="How long each invited candidate has; empty keeps the task's own duration."
          />
          <Select
            label="After posting the result, move the candidate to"
            value={form.move_to_stage}
            onChange={set('move_to_stage')}
          >
            <option value="">Leave them where they are</option>
            {options.stages.map((stage) => (
              <option key={stage.id} value={stage.id}>
                {stage.name}
              </option>
            ))}
          </Select>
        </>
      )}
      <h3 className="mt-2 font-black uppercase">Results</h3>
      <label className="flex items-center gap-2 text-sm font-bold">
        <input type="checkbox" className="h-4 w-4 accent-brand" checked={form.auto_post} onChange={set('auto_post')} />
        Post results to Workable automatically when an assessment is completed
      </label>
      <Select
        label="Post as"
        hint="Comments and stage moves in Workable are made on behalf of this member."
        value={form.member_id}
        onChange={set('member_id')}
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

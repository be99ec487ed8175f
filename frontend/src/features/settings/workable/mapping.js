// One stage mapping as the Workable tab edits it (strings, as form controls hold them) and as the API takes it.

export const EMPTY_MAPPING = { job_shortcode: '', stage_slug: '', task_id: '', duration_minutes: '', move_to_stage: '' }

// A saved mapping (the API's `triggers[i]`) as editor values.
export function toValues(trigger) {
  return {
    job_shortcode: trigger.job_shortcode ?? '',
    stage_slug: trigger.stage_slug,
    task_id: String(trigger.task_id),
    duration_minutes: trigger.duration_minutes ? String(trigger.duration_minutes) : '',
    move_to_stage: trigger.move_to_stage ?? '',
  }
}

// Editor values as the API's `TriggerIn`: empty job → any job, empty duration → the task's own.
export function toPayload(values) {
  return {
    job_shortcode: values.job_shortcode || null,
    stage_slug: values.stage_slug,
    task_id: Number(values.task_id),
    duration_minutes: values.duration_minutes === '' ? null : Number(values.duration_minutes),
    move_to_stage: values.move_to_stage || null,
  }
}

// The API names a row's problems `triggers[2].task_id`; this picks row `index`'s as { task_id: message }.
export function rowErrors(fields, index) {
  const prefix = `triggers[${index}].`
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([field]) => field.startsWith(prefix))
      .map(([field, message]) => [field.slice(prefix.length), message]),
  )
}

const nameOf = (items, id) => items.find((item) => String(item.id) === String(id))?.name ?? id

// "Backend Engineer · Assessment", "Any job · Assessment".
export function mappingTitle(trigger, options) {
  const job = trigger.job_shortcode ? nameOf(options.jobs, trigger.job_shortcode) : 'Any job'
  return `${job} · ${trigger.stage_name ?? nameOf(options.stages, trigger.stage_slug)}`
}

// "Debugging Challenge, 45 min, then Interview".
export function mappingSummary(trigger, options, tasks) {
  const duration = trigger.duration_minutes ? `${trigger.duration_minutes} min` : "the task's duration"
  const after = trigger.move_to_stage ? `then ${nameOf(options.stages, trigger.move_to_stage)}` : 'no stage move'
  return `${nameOf(tasks, trigger.task_id)}, ${duration}, ${after}`
}

// Problems of rows other than the one being edited (a saved mapping whose task was archived since) as one
// sentence naming each row as the list numbers it: "Mapping 1: this task is archived".
export function otherRowsMessage(fields) {
  return Object.entries(fields)
    .map(([field, message]) => {
      const row = /^triggers\[(\d+)\]/.exec(field)
      return row ? `Mapping ${Number(row[1]) + 1}: ${message}` : message
    })
    .join(' ')
}

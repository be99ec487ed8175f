import { DIFFICULTIES, TASK_TYPES } from './taskMeta.js'

export const EMPTY_TASK = {
  name: '',
  description: '',
  task_type: 'debugging',
  difficulty: 'medium',
  duration_minutes: '30',
  starter_code: '',
  test_code: '',
  dependencies: '',
  sample_data: '',
  success_criteria: '',
  test_weights: '',
}

const JSON_FIELDS = ['sample_data', 'success_criteria', 'test_weights']

const jsonText = (value) => (value === null || value === undefined || value === '' ? '' : JSON.stringify(value, null, 2))

// A task from the API as form values (JSON fields pretty-printed, dependencies one per line).
export function taskToForm(task) {
  return {
    name: task.name ?? '',
    description: task.description ?? '',
    task_type: task.task_type ?? 'debugging',
    difficulty: task.difficulty ?? 'medium',
    duration_minutes: String(task.duration_minutes ?? 30),
    starter_code: task.starter_code ?? '',
    test_code: task.test_code ?? '',
    dependencies: Array.isArray(task.dependencies) ? task.dependencies.join('\n') : '',
    sample_data: jsonText(task.sample_data),
    success_criteria: jsonText(task.success_criteria),
    test_weights: jsonText(task.test_weights),
  }
}

function parseJson(text) {
  try {
    return { value: JSON.parse(text) }
  } catch {
    return { error: 'Must be valid JSON' }
  }
}

// Checks the form and builds the API body. Returns { errors } or { payload }.
export function formToPayload(form) {
  const errors = {}
  if (!form.name.trim()) errors.name = 'Name is required'
  if (!form.description.trim()) errors.description = 'Description is required'
  if (!TASK_TYPES.includes(form.task_type)) errors.task_type = 'Choose a task type'
  if (!DIFFICULTIES.includes(form.difficulty)) errors.difficulty = 'Choose a difficulty'
  const duration = Number(form.duration_minutes)
  if (!Number.isInteger(duration) || duration < 5 || duration > 240) errors.duration_minutes = 'Duration must be a whole number of minutes between 5 and 240'
  if (!form.starter_code.trim()) errors.starter_code = 'Starter code is required'
  if (!form.test_code.trim()) errors.test_code = 'Tests are required'

  const payload = {
    name: form.name.trim(),
    description: form.description.trim(),
    task_type: form.task_type,
    difficulty: form.difficulty,
    duration_minutes: duration,
    starter_code: form.starter_code,
    test_code: form.test_code,
    dependencies: form.dependencies
      .split(/[\n,]/)
      .map((d) => d.trim())
      .filter(Boolean),
  }
  for (const field of JSON_FIELDS) {
    if (!form[field].trim()) continue
    const parsed = parseJson(form[field])
    if (parsed.error) errors[field] = parsed.error
    else payload[field] = parsed.value
  }
  return Object.keys(errors).length > 0 ? { errors } : { payload }
}

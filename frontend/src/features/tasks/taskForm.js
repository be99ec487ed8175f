import { AI_MODES, DEFAULT_AI_MODE } from '../../shared/assessments/aiModes.js'
import { DEFAULT_DIFFICULTY, DEFAULT_TASK_TYPE, isDifficulty, isTaskType } from '../../shared/tasks/taskMeta.js'

export const MIN_DURATION = 5
export const MAX_DURATION = 180

export const EMPTY_TASK = {
  name: '',
  description: '',
  task_type: DEFAULT_TASK_TYPE,
  difficulty: DEFAULT_DIFFICULTY,
  duration_minutes: '30',
  ai_mode: DEFAULT_AI_MODE,
  understanding_check: false,
  starter_code: '',
  test_code: '',
  hidden_test_code: '',
  reference_solution: '',
  dependencies: '',
  sample_data: '',
  success_criteria: '',
  test_weights: '',
}

const JSON_FIELDS = ['sample_data', 'success_criteria', 'test_weights']
// Sent only when filled in: an empty one means "use the visible tests" / "no reference", or on an edit "keep
// the stored one", which the API never sends back.
const OPTIONAL_CODE_FIELDS = ['hidden_test_code', 'reference_solution']
// What the server runs to prove a task; changing any of them makes a save run the tests in the sandbox.
export const PROVED_FIELDS = ['starter_code', 'test_code', 'hidden_test_code', 'reference_solution', 'sample_data']

const jsonText = (value) => (value === null || value === undefined || value === '' ? '' : JSON.stringify(value, null, 2))

// A task from the API, or an AI draft, as form values (JSON fields pretty-printed, dependencies one per line).
export function taskToForm(task) {
  return {
    name: task.name ?? '',
    description: task.description ?? '',
    task_type: task.task_type ?? DEFAULT_TASK_TYPE,
    difficulty: task.difficulty ?? DEFAULT_DIFFICULTY,
    duration_minutes: String(task.duration_minutes ?? 30),
    ai_mode: task.ai_mode ?? DEFAULT_AI_MODE,
    understanding_check: Boolean(task.understanding_check),
    starter_code: task.starter_code ?? '',
    test_code: task.test_code ?? '',
    hidden_test_code: task.hidden_test_code ?? '',
    reference_solution: task.reference_solution ?? '',
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
  if (!isTaskType(form.task_type)) errors.task_type = 'Choose a task type'
  if (!isDifficulty(form.difficulty)) errors.difficulty = 'Choose a difficulty'
  const duration = Number(form.duration_minutes)
  if (!Number.isInteger(duration) || duration < MIN_DURATION || duration > MAX_DURATION) {
    errors.duration_minutes = `Duration must be a whole number of minutes between ${MIN_DURATION} and ${MAX_DURATION}`
  }
  if (!AI_MODES.some((m) => m.value === form.ai_mode)) errors.ai_mode = 'Choose an AI policy'
  if (!form.starter_code.trim()) errors.starter_code = 'Starter code is required'
  if (!form.test_code.trim()) errors.test_code = 'Tests are required'

  const payload = {
    name: form.name.trim(),
    description: form.description.trim(),
    task_type: form.task_type,
    difficulty: form.difficulty,
    duration_minutes: duration,
    ai_mode: form.ai_mode,
    understanding_check: Boolean(form.understanding_check),
    starter_code: form.starter_code,
    test_code: form.test_code,
    dependencies: form.dependencies
      .split(/[\n,]/)
      .map((d) => d.trim())
      .filter(Boolean),
  }
  for (const field of OPTIONAL_CODE_FIELDS) {
    if (form[field].trim()) payload[field] = form[field]
  }
  for (const field of JSON_FIELDS) {
    if (!form[field].trim()) continue
    const parsed = parseJson(form[field])
    if (parsed.error) errors[field] = parsed.error
    else payload[field] = parsed.value
  }
  return Object.keys(errors).length > 0 ? { errors } : { payload }
}

// An edit sends only what changed, so renaming a task does not make the server prove its tests again.
export function changedPayload(payload, form, initial) {
  return Object.fromEntries(Object.entries(payload).filter(([field]) => form[field] !== initial[field]))
}

// Whether saving these form values makes the server run the tests (always for a new task).
export function savesRunTests(form, initial) {
  return !initial || PROVED_FIELDS.some((field) => form[field] !== initial[field])
}

// What a proof was run on: a proof stays valid while these form values are unchanged.
export const proofKey = (form) => JSON.stringify(PROVED_FIELDS.map((field) => form[field]))

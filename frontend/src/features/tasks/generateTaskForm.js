import { isDifficulty } from '../../shared/tasks/taskMeta.js'
import { MAX_DURATION, MIN_DURATION } from './taskForm.js'

export const MAX_PROMPT_LENGTH = 4000

export const EMPTY_GENERATE_FORM = { prompt: '', difficulty: '', duration_minutes: '' }

// Returns { field: message }; empty when the request can be sent. Difficulty and duration are optional: the AI
// chooses when they are left out.
export function validateGenerateForm(form) {
  const errors = {}
  const prompt = form.prompt.trim()
  if (!prompt) errors.prompt = 'Describe the task you want'
  else if (prompt.length > MAX_PROMPT_LENGTH) errors.prompt = `Keep the prompt under ${MAX_PROMPT_LENGTH} characters`
  if (form.difficulty && !isDifficulty(form.difficulty)) errors.difficulty = 'Choose a difficulty'
  if (form.duration_minutes !== '') {
    const duration = Number(form.duration_minutes)
    if (!Number.isInteger(duration) || duration < MIN_DURATION || duration > MAX_DURATION) {
      errors.duration_minutes = `Duration must be a whole number of minutes between ${MIN_DURATION} and ${MAX_DURATION}`
    }
  }
  return errors
}

// The POST /tasks/generate body: optional fields only when chosen.
export function toGeneratePayload(form) {
  const payload = { prompt: form.prompt.trim() }
  if (form.difficulty) payload.difficulty = form.difficulty
  if (form.duration_minutes !== '') payload.duration_minutes = Number(form.duration_minutes)
  return payload
}

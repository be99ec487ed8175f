import { readDraft } from '../sessionDraft.js'
import { validateEmail } from '../validation.js'

export const NEW_CANDIDATE = 'new'
export const DEFAULT_LINK_DAYS = '7'

// `ai_mode` empty: the task's own default.
export const EMPTY_FORM = { candidate: '', email: '', full_name: '', position: '', task_id: '', ai_mode: '', duration_minutes: '', link_valid_days: DEFAULT_LINK_DAYS }

// The create modal's unsaved input (`{form, picked}`) survives a session that ends mid-form, in this tab.
export const CREATE_DRAFT_KEY = 'assessment:new'

// The draft to restore when the modal opens for `preselected` (or for anyone): only one meant for the same candidate.
export function draftFor(stored, preselected) {
  if (!stored?.form) return null
  if (preselected && String(stored.picked?.id) !== String(preselected.id)) return null
  return stored
}

// Whether a page should open the modal again at once: a draft is waiting (for this candidate, when given).
export const hasCreateDraft = (candidateId = null) =>
  draftFor(readDraft(CREATE_DRAFT_KEY), candidateId === null ? null : { id: candidateId }) !== null

// The form a fresh modal starts with.
export const freshForm = (preselected) =>
  preselected ? { ...EMPTY_FORM, candidate: String(preselected.id), position: preselected.position ?? '' } : EMPTY_FORM

// Returns { field: message } for the modal's fields; empty when the form can be sent.
export function validateCreateAssessment(form) {
  const errors = {}
  if (!form.candidate) errors.candidate = 'Choose a candidate or create a new one'
  if (form.candidate === NEW_CANDIDATE) {
    const email = validateEmail(form.email)
    if (email) errors.email = email
    if (!form.full_name.trim()) errors.full_name = 'Full name is required'
  }
  if (!form.task_id) errors.task_id = 'Choose a task'
  const minutes = form.duration_minutes === '' ? null : Number(form.duration_minutes)
  if (minutes !== null && !(Number.isInteger(minutes) && minutes >= 5 && minutes <= 180)) errors.duration_minutes = 'Enter whole minutes from 5 to 180'
  return errors
}

// The POST /assessments body: an existing candidate by id, or a new one inline.
export function toAssessmentPayload(form) {
  const payload = { task_id: Number(form.task_id), link_valid_days: Number(form.link_valid_days || DEFAULT_LINK_DAYS) }
  const position = form.position.trim()
  if (position) payload.position = position
  if (form.ai_mode) payload.ai_mode = form.ai_mode
  if (form.duration_minutes !== '') payload.duration_minutes = Number(form.duration_minutes)
  if (form.candidate === NEW_CANDIDATE) {
    payload.candidate_email = form.email.trim()
    payload.candidate_name = form.full_name.trim()
  } else {
    payload.candidate_id = Number(form.candidate)
  }
  return payload
}

// The API names fields after its own body; map them back onto the modal's inputs.
const FIELD_ALIASES = { candidate_email: 'email', candidate_name: 'full_name', candidate_id: 'candidate' }
export function mapApiFieldErrors(errors) {
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [FIELD_ALIASES[field] ?? field, message]))
}

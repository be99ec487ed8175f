// Sets up states through the real HTTP API (docs/api.md), the way another device or a script would: recruiters,
// assessments, revoked and completed links. Nothing here answers for the server.
import { expect } from '@playwright/test'

const API = '/api/v1'

async function expectJson(response, status) {
  expect(response.status(), `${response.url()}: ${await response.text()}`).toBe(status)
  return status === 204 ? null : response.json()
}

let counter = 0
export function uniqueUser(prefix = 'recruiter') {
  counter += 1
  const stamp = `${Date.now().toString(36)}${counter}`
  return { email: `${prefix}.${stamp}@example.com`, password: 'e2e-password-1', full_name: `E2E ${prefix} ${stamp}`, organization_name: `Org ${stamp}` }
}

export async function register(request, user) {
  return expectJson(await request.post(`${API}/auth/register`, { data: user }), 201)
}

// A registered recruiter and their bearer header.
export async function recruiter(request, prefix) {
  const user = uniqueUser(prefix)
  await register(request, user)
  const { access_token: token } = await expectJson(await request.post(`${API}/auth/login`, { data: { email: user.email, password: user.password } }), 200)
  return { user, headers: { Authorization: `Bearer ${token}` } }
}

export async function taskNamed(request, headers, name) {
  // The task list is a bare array (the total is in X-Total-Count).
  const tasks = await expectJson(await request.get(`${API}/tasks?limit=100`, { headers }), 200)
  const task = tasks.find((t) => t.name === name)
  expect(task, `task "${name}"`).toBeDefined()
  return task
}

// Sends the "Debugging Challenge" template to a new candidate (with an AI policy when given); returns the
// AssessmentListItem.
export async function sendAssessment(request, headers, { candidateName, durationMinutes, aiMode } = {}) {
  const task = await taskNamed(request, headers, 'Debugging Challenge')
  counter += 1
  const data = {
    task_id: task.id,
    candidate_email: `cand.${Date.now().toString(36)}${counter}@example.com`,
    candidate_name: candidateName ?? 'Ada Candidate',
    ...(durationMinutes ? { duration_minutes: durationMinutes } : {}),
    ...(aiMode ? { ai_mode: aiMode } : {}),
  }
  return expectJson(await request.post(`${API}/assessments`, { headers, data }), 201)
}

export async function revokeAssessment(request, headers, id) {
  await expectJson(await request.delete(`${API}/assessments/${id}`, { headers }), 204)
}

// Plays a short candidate session over HTTP (start, run, visible tests, one AI question) and submits `finalCode`.
export async function completeAssessment(request, assessment, finalCode) {
  const headers = { 'X-Assessment-Token': assessment.token }
  const session = await expectJson(await request.post(`${API}/assessments/token/${assessment.token}/start`, { headers }), 200)
  const base = `${API}/assessments/${session.assessment_id}`
  const code = finalCode ?? session.task.starter_code
  await expectJson(await request.post(`${base}/execute`, { headers, data: { code } }), 200)
  await expectJson(await request.post(`${base}/tests`, { headers, data: { code } }), 200)
  await expectJson(await request.post(`${base}/claude`, { headers, data: { message: 'Which function rounds money?', conversation_history: [] } }), 200)
  return expectJson(await request.post(`${base}/submit`, { headers, data: { final_code: code } }), 200)
}

// The organization shows candidates their score after submitting (off by default: they see that it was submitted).
export async function showCandidatesTheirScore(request, headers) {
  await expectJson(await request.patch(`${API}/organizations/me`, { headers, data: { show_candidates_their_score: true } }), 200)
}

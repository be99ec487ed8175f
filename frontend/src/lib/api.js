import axios, { AxiosHeaders } from 'axios'

export const TOKEN_KEY = 'tali_access_token'
export const API_BASE = `${import.meta.env.VITE_API_URL ?? ''}/api/v1`

// Exported for src/lib/candidateApi.js, which shares the interceptors and error handling.
export const client = axios.create({ baseURL: API_BASE, timeout: 30000 })

export function getStoredToken() {
  return localStorage.getItem(TOKEN_KEY)
}

export function storeToken(token) {
  if (token) localStorage.setItem(TOKEN_KEY, token)
  else localStorage.removeItem(TOKEN_KEY)
}

let onUnauthorized = () => {}

// AuthContext registers this so an expired session anywhere drops the user back to the landing page.
export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler
}

client.interceptors.request.use((config) => {
  const token = getStoredToken()
  // Candidate calls authenticate with their assessment token and must never carry a recruiter's session.
  if (token && !config.candidate) config.headers.Authorization = `Bearer ${token}`
  return config
})

client.interceptors.response.use(
  (response) => response,
  (error) => {
    const config = error.config ?? {}
    if (error.response?.status === 401 && !config.candidate && !config.isLogin) {
      storeToken(null)
      onUnauthorized()
    }
    return Promise.reject(error)
  },
)

const data = (promise) => promise.then((response) => response.data)

// Turns an axios error into one sentence for the user: the API's `detail`, else its field errors, else a
// generic reason.
export function errorMessage(error, fallback = 'Something went wrong. Please try again.') {
  if (!error?.response) {
    return error?.code === 'ECONNABORTED'
      ? 'The server took too long to answer. Please try again.'
      : 'Cannot reach the server. Check your connection and try again.'
  }
  const detail = error.response.data?.detail
  if (typeof detail === 'string' && detail) return detail
  const fields = Object.values(fieldErrors(error))
  if (fields.length > 0) return fields.join(' ')
  if (error.response.status === 429) return 'Too many attempts. Please wait a minute and try again.'
  return fallback
}

// Field-level validation errors ({"errors": [{field, message}]}) as { field: message }.
export function fieldErrors(error) {
  const list = error?.response?.data?.errors
  if (!Array.isArray(list)) return {}
  return Object.fromEntries(list.filter((e) => e?.field).map((e) => [e.field, e.message]))
}

const listParams = (params) =>
  Object.fromEntries(Object.entries(params ?? {}).filter(([, v]) => v !== undefined && v !== null && v !== ''))

// Auth
export const login = (email, password) => data(client.post('/auth/login', { email, password }, { isLogin: true }))
export const register = (payload) => data(client.post('/auth/register', payload))
export const me = () => data(client.get('/auth/me'))
export const forgotPassword = (email) => data(client.post('/auth/forgot-password', { email }))
export const resetPassword = (token, newPassword) =>
  data(client.post('/auth/reset-password', { token, new_password: newPassword }))

// Organization and integrations
export const getOrganization = () => data(client.get('/organizations/me'))
export const updateOrganization = (payload) => data(client.patch('/organizations/me', payload))
export const getWorkableAuthorizeUrl = () => data(client.get('/organizations/workable/authorize-url'))
export const connectWorkable = (code) => data(client.post('/organizations/workable/connect', { code }))
export const getBillingUsage = (params) => data(client.get('/billing/usage', { params: listParams(params) }))
export const createCheckoutSession = () => data(client.post('/billing/checkout-session', {}))

// Tasks
// Saving a task runs its tests against the starter code and the reference solution in the sandbox, each run
// allowed up to a minute on the server.
const TASK_SAVE_TIMEOUT_MS = 150000
// Generating asks the AI for a draft and proves it in the sandbox, up to three rounds.
const TASK_GENERATE_TIMEOUT_MS = 180000

// The API answers the task list as a bare array with the total before paging in X-Total-Count; callers get the
// same { items, total } as every other list.
export async function listTasks(params) {
  const response = await client.get('/tasks', { params: listParams(params) })
  const items = Array.isArray(response.data) ? response.data : []
  const header = Number.parseInt(AxiosHeaders.from(response.headers).get('x-total-count'), 10)
  return { items, total: Number.isNaN(header) ? items.length : header }
}
export const getTask = (id) => data(client.get(`/tasks/${id}`))
export const createTask = (payload) => data(client.post('/tasks', payload, { timeout: TASK_SAVE_TIMEOUT_MS }))
export const updateTask = (id, payload) => data(client.patch(`/tasks/${id}`, payload, { timeout: TASK_SAVE_TIMEOUT_MS }))
export const deleteTask = (id) => data(client.delete(`/tasks/${id}`))
export const generateTask = (payload) => data(client.post('/tasks/generate', payload, { timeout: TASK_GENERATE_TIMEOUT_MS }))

// Candidates
export const listCandidates = (params) => data(client.get('/candidates', { params: listParams(params) }))
export const getCandidate = (id) => data(client.get(`/candidates/${id}`))
export const createCandidate = (payload) => data(client.post('/candidates', payload))
export const updateCandidate = (id, payload) => data(client.patch(`/candidates/${id}`, payload))
export const deleteCandidate = (id) => data(client.delete(`/candidates/${id}`))

// Assessments (recruiter)
export const listAssessments = (params) => data(client.get('/assessments', { params: listParams(params) }))
export const getAssessment = (id) => data(client.get(`/assessments/${id}`))
export const createAssessment = (payload) => data(client.post('/assessments', payload))
export const deleteAssessment = (id) => data(client.delete(`/assessments/${id}`))
export const resendAssessment = (id) => data(client.post(`/assessments/${id}/resend`))
export const postToWorkable = (id) => data(client.post(`/assessments/${id}/post-to-workable`))
export const downloadReportPdf = (id) =>
  data(client.get(`/assessments/${id}/report.pdf`, { responseType: 'blob' })).catch(readBlobError)

// A failed blob request still carries the API's JSON error, but as a Blob; parse it so errorMessage() finds the
// detail. A body that is not JSON keeps the generic message.
export async function readBlobError(error) {
  const body = error?.response?.data
  if (body instanceof Blob) {
    try {
      error.response.data = JSON.parse(await body.text())
    } catch {
      // not JSON: errorMessage() falls back to its generic sentence
    }
  }
  throw error
}

// Analytics and outbox
export const getAnalytics = () => data(client.get('/analytics'))
export const listEmails = (params) => data(client.get('/emails', { params: listParams(params) }))
export const getEmail = (id) => data(client.get(`/emails/${id}`))

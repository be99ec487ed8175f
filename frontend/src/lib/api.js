// The transport every call goes through: one axios client (with the stored session, src/lib/session.js) and the
// error helpers. The endpoints live in each feature's api.js (those used by several features in
// src/shared/api.js), so a feature's calls sit beside the pages that make them.
import axios from 'axios'
import { getStoredToken, sessionRefused, storeToken } from './session.js'

// Same origin when tali serves the app; an API on another origin (the app on Vercel) through VITE_API_URL, with or
// without a trailing slash or the /api/v1 suffix.
export function apiBase(apiUrl) {
  const origin = (apiUrl ?? '').trim().replace(/\/+$/, '').replace(/\/api\/v1$/, '')
  return `${origin}/api/v1`
}

export const API_BASE = apiBase(import.meta.env.VITE_API_URL)

export const client = axios.create({ baseURL: API_BASE, timeout: 30000 })

client.interceptors.request.use((config) => {
  const token = getStoredToken()
  // Candidate calls authenticate with their assessment token and must never carry a recruiter's session.
  if (token && !config.candidate) config.headers.Authorization = `Bearer ${token}`
  return config
})

// The refresh token is an HttpOnly cookie scoped to /api/v1/auth; `withCredentials` lets the browser send and store
// it when the API is on another origin too.
let refreshing = null

// Exchanges the refresh cookie for a new access token. One exchange at a time: every request that met a 401
// meanwhile waits for the same answer (two exchanges of one token would look like a stolen token).
export function refreshSession() {
  if (!refreshing) {
    refreshing = client
      .post('/auth/refresh', null, { withCredentials: true, noRefresh: true })
      .then((response) => {
        storeToken(response.data.access_token)
        return response.data
      })
      .finally(() => {
        refreshing = null
      })
  }
  return refreshing
}

// A 401 on a recruiter call means the access token expired (or the session ended): refresh once and retry the
// request once with the new token. Only when the refresh itself is refused is the session over; a network failure
// during the refresh fails this request and keeps the session (and whatever the page holds).
async function onRejected(error) {
  const config = error.config ?? {}
  const refusable = error.response?.status === 401 && !config.candidate && !config.isLogin && !config.noRefresh
  if (!refusable) throw error
  if (config.retried) {
    sessionRefused()
    throw error
  }
  try {
    await refreshSession()
  } catch (refreshError) {
    if (refreshError.response && refreshError.response.status < 500) sessionRefused()
    throw error
  }
  return client({ ...config, retried: true })
}

client.interceptors.response.use((response) => response, onRejected)

export const data = (promise) => promise.then((response) => response.data)

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

// Query parameters without the empty filters, so `?status=` never reaches the API.
export const listParams = (params) =>
  Object.fromEntries(Object.entries(params ?? {}).filter(([, v]) => v !== undefined && v !== null && v !== ''))

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

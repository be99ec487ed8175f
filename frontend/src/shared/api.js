// Calls that more than one feature makes (the lists behind the shared assessments panel and its create modal, the
// analytics summary, and the billing state behind the past-due banner and the create modal's cost line). A feature re-exports the ones it needs from its own api.js.
import { AxiosHeaders } from 'axios'
import { client, data, listParams, readBlobError } from '../lib/api.js'

// The API answers the task list as a bare array with the total before paging in X-Total-Count; callers get the
// same { items, total } as every other list.
export async function listTasks(params) {
  const response = await client.get('/tasks', { params: listParams(params) })
  const items = Array.isArray(response.data) ? response.data : []
  const header = Number.parseInt(AxiosHeaders.from(response.headers).get('x-total-count'), 10)
  return { items, total: Number.isNaN(header) ? items.length : header }
}

export const listCandidates = (params) => data(client.get('/candidates', { params: listParams(params) }))
export const listAssessments = (params) => data(client.get('/assessments', { params: listParams(params) }))
// The filtered, sorted list as a CSV file (a Blob: the request needs the bearer token, so no plain link).
export const exportAssessmentsCsv = (params) =>
  data(client.get('/assessments/export.csv', { params: listParams(params), responseType: 'blob' })).catch(readBlobError)
export const createAssessment = (payload) => data(client.post('/assessments', payload))
export const getAnalytics = () => data(client.get('/analytics'))
// The plan, balance and subscription state with one page of the usage history; `{ limit: 1 }` when only the
// state is wanted (the past-due banner, the create modal's cost line).
export const getBillingUsage = (params) => data(client.get('/billing/usage', { params: listParams(params) }))

// The results of a completed assessment to Workable (the detail page and the candidate page).
export const postToWorkable = (id) => data(client.post(`/assessments/${id}/post-to-workable`))

// Managing an invitation from the list or the detail page.
export const resendInvitation = (id) => data(client.post(`/assessments/${id}/resend`))
export const extendAssessment = (id, days) => data(client.post(`/assessments/${id}/extend`, { days }))
export const reinviteCandidate = (id, days) => data(client.post(`/assessments/${id}/reinvite`, { days }))
export const cancelInvitation = (id) => data(client.delete(`/assessments/${id}`))
// Whether an email service is configured ({configured, transport}); without one invitations wait in the outbox.
export const getEmailStatus = () => data(client.get('/emails/status'))

// Calls that more than one feature makes (the lists behind the shared assessments panel and its create modal, the
// analytics summary, and the billing state behind the past-due banner and the create modal's cost line). A feature re-exports the ones it needs from its own api.js.
import { AxiosHeaders } from 'axios'
import { client, data, listParams } from '../lib/api.js'

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
export const createAssessment = (payload) => data(client.post('/assessments', payload))
export const getAnalytics = () => data(client.get('/analytics'))
// The plan, balance and subscription state with one page of the usage history; `{ limit: 1 }` when only the
// state is wanted (the past-due banner, the create modal's cost line).
export const getBillingUsage = (params) => data(client.get('/billing/usage', { params: listParams(params) }))

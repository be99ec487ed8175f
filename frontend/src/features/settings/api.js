import { client, data } from '../../lib/api.js'
import { storeToken } from '../../lib/session.js'

export const updateOrganization = (payload) => data(client.patch('/organizations/me', payload))
export const getWorkableAuthorizeUrl = () => data(client.get('/organizations/workable/authorize-url'))
// Either { subdomain, access_token } (an account token) or { code, state } (the OAuth callback).
export const connectWorkable = (payload) => data(client.post('/organizations/workable/connect', payload))
export const getWorkable = () => data(client.get('/organizations/workable'))
export const disconnectWorkable = () => data(client.delete('/organizations/workable'))
export const getWorkableOptions = () => data(client.get('/organizations/workable/options'))
export const saveWorkableSettings = (payload) => data(client.put('/organizations/workable/settings', payload))
// One page of the activity, newest first; `cursor` is the previous page's `next_cursor`.
export const getWorkableActivity = (cursor) =>
  data(client.get('/organizations/workable/activity', { params: cursor ? { cursor } : {} }))
export const listActiveTasks = () => data(client.get('/tasks', { params: { limit: 100 } }))
// The signed-in user's own account.
export const updateAccount = (payload) => data(client.patch('/auth/me', payload))
// Every session of the account ends; the answer carries this tab's new access token (and sets the refresh cookie).
export const changePassword = (payload) =>
  data(client.post('/auth/change-password', payload)).then((result) => {
    storeToken(result.access_token)
    return result
  })

import { client, data } from '../../lib/api.js'

export const updateOrganization = (payload) => data(client.patch('/organizations/me', payload))
export const getWorkableAuthorizeUrl = () => data(client.get('/organizations/workable/authorize-url'))
export const connectWorkable = (code) => data(client.post('/organizations/workable/connect', { code }))

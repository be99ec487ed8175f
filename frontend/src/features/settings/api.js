import { client, data, listParams } from '../../lib/api.js'

export const updateOrganization = (payload) => data(client.patch('/organizations/me', payload))
export const getWorkableAuthorizeUrl = () => data(client.get('/organizations/workable/authorize-url'))
export const connectWorkable = (code) => data(client.post('/organizations/workable/connect', { code }))
export const getBillingUsage = (params) => data(client.get('/billing/usage', { params: listParams(params) }))
export const createCheckoutSession = () => data(client.post('/billing/checkout-session', {}))

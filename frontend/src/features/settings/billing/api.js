import { client, data, listParams } from '../../../lib/api.js'

export { getBillingUsage } from '../../../shared/api.js'
export const getLedger = (params) => data(client.get('/billing/ledger', { params: listParams(params) }))
// `{ kind: 'credits', quantity }` or `{ kind: 'monthly' }`; answers `{ url }` of Stripe's hosted Checkout page.
export const startCheckout = (request) => data(client.post('/billing/checkout-session', request))
export const openPortal = () => data(client.post('/billing/portal-session', {}))
export const updateBillingSettings = (settings) => data(client.patch('/billing/settings', settings))
export const cancelMonthly = () => data(client.post('/billing/cancel'))

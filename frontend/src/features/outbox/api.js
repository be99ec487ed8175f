import { client, data, listParams } from '../../lib/api.js'

export const listEmails = (params) => data(client.get('/emails', { params: listParams(params) }))
export const getEmail = (id) => data(client.get(`/emails/${id}`))
export { getEmailStatus, resendInvitation } from '../../shared/api.js'

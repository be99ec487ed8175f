import { client, data } from '../../../lib/api.js'

export const listMembers = () => data(client.get('/organizations/members'))
export const changeRole = (id, role) => data(client.patch(`/organizations/members/${id}`, { role }))
export const removeMember = (id) => data(client.delete(`/organizations/members/${id}`))
export const listInvitations = () => data(client.get('/organizations/invitations'))
export const inviteColleague = (email, role) => data(client.post('/organizations/invitations', { email, role }))
export const resendInvitation = (id) => data(client.post(`/organizations/invitations/${id}/resend`))
export const cancelInvitation = (id) => data(client.delete(`/organizations/invitations/${id}`))
export const leaveTeam = () => data(client.post('/organizations/leave'))
export const transferOwnership = (id) => data(client.post(`/organizations/members/${id}/transfer-ownership`))

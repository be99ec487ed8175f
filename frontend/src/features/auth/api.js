import { client, data } from '../../lib/api.js'

export const register = (payload) => data(client.post('/auth/register', payload))
export const forgotPassword = (email) => data(client.post('/auth/forgot-password', { email }))
export const resetPassword = (token, newPassword) =>
  data(client.post('/auth/reset-password', { token, new_password: newPassword }))
// A team invitation's link: who invites to which organization, and whether accepting creates an account.
export const getInvitation = (token) => data(client.get(`/auth/invitations/${encodeURIComponent(token)}`))
export const acceptInvitation = (payload) => data(client.post('/auth/accept-invitation', payload))

import { client, data } from '../../lib/api.js'

export const register = (payload) => data(client.post('/auth/register', payload))
export const forgotPassword = (email) => data(client.post('/auth/forgot-password', { email }))
export const resetPassword = (token, newPassword) =>
  data(client.post('/auth/reset-password', { token, new_password: newPassword }))

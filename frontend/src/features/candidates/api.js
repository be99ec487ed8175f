import { client, data } from '../../lib/api.js'

export { listCandidates } from '../../shared/api.js'
export const getCandidate = (id) => data(client.get(`/candidates/${id}`))
export const updateCandidate = (id, payload) => data(client.patch(`/candidates/${id}`, payload))
export const deleteCandidate = (id) => data(client.delete(`/candidates/${id}`))
export const createCandidate = (payload) => data(client.post('/candidates', payload))
// The candidate's data as a JSON archive (owners and admins): parsed here, saved by the caller.
export const exportCandidate = (id) => data(client.get(`/candidates/${id}/export`))
// Erases the candidate's personal data; `confirm` is their email, typed by the user.
export const eraseCandidate = (id, confirm) => data(client.post(`/candidates/${id}/erase`, { confirm }))

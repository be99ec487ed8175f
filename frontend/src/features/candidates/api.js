import { client, data } from '../../lib/api.js'

export { listCandidates } from '../../shared/api.js'
export const getCandidate = (id) => data(client.get(`/candidates/${id}`))
export const updateCandidate = (id, payload) => data(client.patch(`/candidates/${id}`, payload))
export const deleteCandidate = (id) => data(client.delete(`/candidates/${id}`))
export const createCandidate = (payload) => data(client.post('/candidates', payload))

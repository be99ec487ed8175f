import { client, data, readBlobError } from '../../lib/api.js'

export const getAssessment = (id) => data(client.get(`/assessments/${id}`))
export const getReplay = (id) => data(client.get(`/assessments/${id}/replay`))
export const getSimilarity = (id) => data(client.get(`/assessments/${id}/similarity`))
export const deleteAssessment = (id) => data(client.delete(`/assessments/${id}`))
export const downloadReportPdf = (id) =>
  data(client.get(`/assessments/${id}/report.pdf`, { responseType: 'blob' })).catch(readBlobError)

export { listTasks } from '../../shared/api.js'
// Rows of a CSV checked (`dry_run: true`, the preview) or sent; each row answers for itself.
export const bulkInvite = (payload) => data(client.post('/assessments/bulk', payload))
export const getUnderstanding = (id) => data(client.get(`/assessments/${id}/understanding`))
// One answer's grade by the recruiter (0, 5 or 10 from the buttons); the report's score follows.
export const gradeUnderstanding = (id, question, score) =>
  data(client.post(`/assessments/${id}/understanding/grades`, { question, score }))

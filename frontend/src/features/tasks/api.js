import { client, data } from '../../lib/api.js'

export { listTasks } from '../../shared/api.js'

// Saving a task runs its tests against the starter code and the reference solution in the sandbox, each run
// allowed up to a minute on the server.
const TASK_SAVE_TIMEOUT_MS = 150000
// Generating asks the AI for a draft and proves it in the sandbox, up to three rounds.
const TASK_GENERATE_TIMEOUT_MS = 180000

export const createTask = (payload) => data(client.post('/tasks', payload, { timeout: TASK_SAVE_TIMEOUT_MS }))
export const updateTask = (id, payload) => data(client.patch(`/tasks/${id}`, payload, { timeout: TASK_SAVE_TIMEOUT_MS }))
// The proof a save runs, without saving; `taskId` (an edit) lets the server use the stored hidden tests and
// reference solution the form leaves empty.
export const validateTask = (payload, taskId) =>
  data(client.post('/tasks/validate', payload, { timeout: TASK_SAVE_TIMEOUT_MS, params: taskId ? { task_id: taskId } : undefined }))
export const deleteTask = (id) => data(client.delete(`/tasks/${id}`))
export const generateTask = (payload) => data(client.post('/tasks/generate', payload, { timeout: TASK_GENERATE_TIMEOUT_MS }))

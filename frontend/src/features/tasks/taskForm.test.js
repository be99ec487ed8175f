import { describe, expect, it } from 'vitest'
import { EMPTY_TASK, formToPayload, taskToForm } from './taskForm.js'

const filled = { ...EMPTY_TASK, name: 'Fix parser', description: 'Three bugs', starter_code: 'x = 1', test_code: 'def test(): pass' }

describe('formToPayload', () => {
  it('builds the API body with parsed dependencies and JSON', () => {
    const { payload, errors } = formToPayload({ ...filled, dependencies: 'pytest\nrequests, numpy', test_weights: '{"test_a": 2}' })
    expect(errors).toBeUndefined()
    expect(payload).toMatchObject({ name: 'Fix parser', duration_minutes: 30, dependencies: ['pytest', 'requests', 'numpy'], test_weights: { test_a: 2 } })
    expect(payload).not.toHaveProperty('success_criteria')
  })

  it('reports invalid JSON and missing fields per field', () => {
    const { errors } = formToPayload({ ...EMPTY_TASK, success_criteria: '{nope', duration_minutes: '2' })
    expect(errors).toMatchObject({
      name: 'Name is required',
      starter_code: 'Starter code is required',
      success_criteria: 'Must be valid JSON',
      duration_minutes: expect.stringContaining('between 5 and 240'),
    })
  })

  it('round-trips a task through the form', () => {
    const task = { ...filled, task_type: 'rag', difficulty: 'hard', duration_minutes: 45, dependencies: ['pytest'], success_criteria: { a: 1 } }
    expect(formToPayload(taskToForm(task)).payload).toMatchObject({ task_type: 'rag', difficulty: 'hard', duration_minutes: 45, dependencies: ['pytest'], success_criteria: { a: 1 } })
  })
})

import { describe, expect, it } from 'vitest'
import { EMPTY_TASK, changedPayload, formToPayload, savesRunTests, taskToForm } from './taskForm.js'

const filled = { ...EMPTY_TASK, name: 'Fix parser', description: 'Three bugs', starter_code: 'x = 1', test_code: 'def test(): pass' }

describe('formToPayload', () => {
  it('defaults a new task to a mid-level debugging task', () => {
    expect(EMPTY_TASK).toMatchObject({ difficulty: 'mid', task_type: 'debugging' })
  })

  it('builds the API body with parsed dependencies and JSON', () => {
    const { payload, errors } = formToPayload({ ...filled, dependencies: 'pytest\nrequests, numpy', test_weights: '{"test_a": 2}' })
    expect(errors).toBeUndefined()
    expect(payload).toMatchObject({ name: 'Fix parser', duration_minutes: 30, dependencies: ['pytest', 'requests', 'numpy'], test_weights: { test_a: 2 } })
    expect(payload).not.toHaveProperty('success_criteria')
  })

  it('carries the AI policy, full by default, and refuses an unknown one', () => {
    expect(formToPayload(filled).payload.ai_mode).toBe('full')
    expect(formToPayload({ ...filled, ai_mode: 'off' }).payload.ai_mode).toBe('off')
    expect(taskToForm({ ai_mode: 'hints' }).ai_mode).toBe('hints')
    expect(formToPayload(filled).payload.understanding_check).toBe(false)
    expect(formToPayload({ ...filled, understanding_check: true }).payload.understanding_check).toBe(true)
    expect(taskToForm({ understanding_check: true }).understanding_check).toBe(true)
    expect(formToPayload({ ...filled, ai_mode: 'sometimes' }).errors).toMatchObject({ ai_mode: 'Choose an AI policy' })
  })

  it('sends hidden tests and the reference solution only when filled in', () => {
    expect(formToPayload({ ...filled, hidden_test_code: '  \n', reference_solution: '' }).payload).not.toHaveProperty('hidden_test_code')
    expect(formToPayload(filled).payload).not.toHaveProperty('reference_solution')
    const { payload } = formToPayload({ ...filled, hidden_test_code: 'def test_hidden(): pass', reference_solution: 'x = 2' })
    expect(payload).toMatchObject({ hidden_test_code: 'def test_hidden(): pass', reference_solution: 'x = 2' })
  })

  it('reports invalid JSON and missing fields per field', () => {
    const { errors } = formToPayload({ ...EMPTY_TASK, success_criteria: '{nope', duration_minutes: '2' })
    expect(errors).toMatchObject({
      name: 'Name is required',
      starter_code: 'Starter code is required',
      success_criteria: 'Must be valid JSON',
      duration_minutes: expect.stringContaining('between 5 and 180'),
    })
  })

  it.each([
    ['5', true],
    ['180', true],
    ['181', false],
    ['240', false],
    ['4', false],
  ])('accepts a duration of %s minutes: %s', (minutes, ok) => {
    expect(Boolean(formToPayload({ ...filled, duration_minutes: minutes }).payload)).toBe(ok)
  })

  it('asks for a current word when a task carries one this version does not know', () => {
    const { errors } = formToPayload({ ...filled, difficulty: 'medium', task_type: 'rag' })
    expect(errors).toEqual({ difficulty: 'Choose a difficulty', task_type: 'Choose a task type' })
  })

  it('round-trips a task through the form', () => {
    const task = { ...filled, task_type: 'ai_engineering', difficulty: 'staff', duration_minutes: 45, dependencies: ['pytest'], success_criteria: { a: 1 } }
    expect(formToPayload(taskToForm(task)).payload).toMatchObject({ task_type: 'ai_engineering', difficulty: 'staff', duration_minutes: 45, dependencies: ['pytest'], success_criteria: { a: 1 } })
  })

  it('prefills hidden tests and the reference solution from an AI draft', () => {
    const form = taskToForm({ ...filled, hidden_test_code: 'def test_h(): pass', reference_solution: 'x = 2' })
    expect(form).toMatchObject({ hidden_test_code: 'def test_h(): pass', reference_solution: 'x = 2' })
  })
})

describe('editing a task', () => {
  const task = { ...filled, id: 4, difficulty: 'junior', duration_minutes: 20, dependencies: ['pytest'], has_hidden_tests: true }
  const initial = taskToForm(task)

  it('sends only the fields that changed', () => {
    const form = { ...initial, name: 'Renamed ', difficulty: 'senior' }
    expect(changedPayload(formToPayload(form).payload, form, initial)).toEqual({ name: 'Renamed', difficulty: 'senior' })
  })

  it('runs the tests only when the code, the tests or the sample data change', () => {
    expect(savesRunTests({ ...initial, name: 'Renamed' }, initial)).toBe(false)
    expect(savesRunTests({ ...initial, test_code: 'def test_b(): pass' }, initial)).toBe(true)
    expect(savesRunTests({ ...initial, reference_solution: 'x = 3' }, initial)).toBe(true)
    expect(savesRunTests(initial, null)).toBe(true)
  })
})

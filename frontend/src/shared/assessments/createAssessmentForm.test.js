import { describe, expect, it } from 'vitest'
import { EMPTY_FORM, toAssessmentPayload } from './createAssessmentForm.js'

describe('toAssessmentPayload', () => {
  const form = { ...EMPTY_FORM, candidate: '4', task_id: '2' }
  it('leaves the AI policy to the task unless one is chosen', () => {
    expect(toAssessmentPayload(form)).toEqual({ task_id: 2, candidate_id: 4, link_valid_days: 7 })
    expect(toAssessmentPayload({ ...form, ai_mode: 'off' })).toEqual({ task_id: 2, candidate_id: 4, link_valid_days: 7, ai_mode: 'off' })
  })
})

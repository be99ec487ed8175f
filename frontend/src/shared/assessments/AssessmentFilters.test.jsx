import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import AssessmentFilters from './AssessmentFilters.jsx'

const NONE = { q: '', status: '', task_id: '', needs_review: '' }

describe('AssessmentFilters', () => {
  it('narrows to the assessments that need review, or to the others', async () => {
    const user = userEvent.setup()
    const onChange = vi.fn()
    render(<AssessmentFilters filters={NONE} tasks={[]} onChange={onChange} />)
    const review = screen.getByLabelText('Review')
    expect(review).toHaveValue('')
    await user.selectOptions(review, 'Needs review')
    expect(onChange).toHaveBeenLastCalledWith({ ...NONE, needs_review: 'true' })
    await user.selectOptions(review, 'No review needed')
    expect(onChange).toHaveBeenLastCalledWith({ ...NONE, needs_review: 'false' })
  })
})

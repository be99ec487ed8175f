import { cleanup, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { hasDraft } from '../../shared/sessionDraft.js'
import CandidateForm from './CandidateForm.jsx'

const ADA = { id: 5, full_name: 'Ada', email: 'ada@example.com', position: '' }

describe('CandidateForm', () => {
  it('gives back unsaved edits after the session ended mid-form, and forgets them once saved', async () => {
    const user = userEvent.setup()
    render(<CandidateForm candidate={ADA} onSave={vi.fn()} onCancel={vi.fn()} />)
    await user.type(screen.getByLabelText('Position'), 'Staff Engineer')
    cleanup()
    expect(hasDraft('candidate:5')).toBe(true)
    // Another candidate's form is not touched by Ada's draft.
    render(<CandidateForm candidate={{ ...ADA, id: 6 }} onSave={vi.fn()} onCancel={vi.fn()} />)
    expect(screen.getByLabelText('Position')).toHaveValue('')
    cleanup()

    const onSave = vi.fn().mockResolvedValue(undefined)
    render(<CandidateForm candidate={ADA} onSave={onSave} onCancel={vi.fn()} />)
    expect(screen.getByLabelText('Position')).toHaveValue('Staff Engineer')
    expect(screen.getByRole('note')).toHaveTextContent('unsaved changes were restored')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(onSave).toHaveBeenCalledWith({ full_name: 'Ada', email: 'ada@example.com', position: 'Staff Engineer' })
    expect(hasDraft('candidate:5')).toBe(false)
  })

  it('forgets the draft when cancelled', async () => {
    const user = userEvent.setup()
    const onCancel = vi.fn()
    render(<CandidateForm candidate={{ full_name: '', email: '', position: '' }} label="Add candidate" onSave={vi.fn()} onCancel={onCancel} />)
    await user.type(screen.getByLabelText('Email'), 'new@example.com')
    expect(hasDraft('candidate:new')).toBe(true)
    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(onCancel).toHaveBeenCalled()
    expect(hasDraft('candidate:new')).toBe(false)
  })
})

import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as api from '../api.js'
import BulkInviteModal from './BulkInviteModal.jsx'

vi.mock('../api.js', async (importOriginal) => ({
  ...(await importOriginal()),
  listTasks: vi.fn(),
  bulkInvite: vi.fn(),
}))

const row = (n, status, extra = {}) => ({ row: n, name: `N${n}`, email: `n${n}@example.com`, position: null, status, problems: [], notes: [], assessment_id: null, token: null, ...extra })
const CSV = 'name,email,position\nN1,n1@example.com,\nN2,bad,\n'

describe('BulkInviteModal', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    vi.mocked(api.listTasks).mockResolvedValue({ items: [{ id: 7, name: 'Parser', duration_minutes: 30, is_active: true }], total: 1 })
  })

  it('previews the file, flags bad rows, then sends and shows each row', async () => {
    const user = userEvent.setup()
    const onSent = vi.fn()
    vi.mocked(api.bulkInvite)
      .mockResolvedValueOnce({ rows: [row(1, 'ready'), row(2, 'invalid', { problems: ['email: not a valid email address'] })], ready: 1, sent: 0, skipped: 1 })
      .mockResolvedValueOnce({ rows: [row(1, 'sent', { assessment_id: 5, token: 't5' }), row(2, 'invalid', { problems: ['email: not a valid email address'] })], ready: 1, sent: 1, skipped: 1 })
    render(<BulkInviteModal open onClose={() => {}} onSent={onSent} />)
    await user.selectOptions(await screen.findByLabelText('Task'), '7')
    const file = new File([CSV], 'people.csv', { type: 'text/csv' })
    await user.upload(screen.getByLabelText(/CSV file/), file)
    expect(await screen.findByTestId('bulk-summary')).toHaveTextContent('1 ready to send · 1 will be skipped')
    expect(api.bulkInvite).toHaveBeenLastCalledWith({
      task_id: 7,
      dry_run: true,
      rows: [
        { name: 'N1', email: 'n1@example.com', position: '' },
        { name: 'N2', email: 'bad', position: '' },
      ],
    })
    expect(screen.getByText('email: not a valid email address')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Send 1 invitation' }))
    expect(await screen.findByRole('status')).toHaveTextContent('1 of 2 invitations saved and queued; 1 not sent.')
    expect(api.bulkInvite).toHaveBeenLastCalledWith(expect.objectContaining({ dry_run: false }))
    const sentRow = screen.getAllByRole('row')[1]
    expect(within(sentRow).getByText('Sent')).toBeInTheDocument()
    expect(within(sentRow).getByRole('button', { name: 'Copy link' })).toBeInTheDocument()
    expect(onSent).toHaveBeenCalled()
  })

  it('says so when the file has no rows and sends nothing', async () => {
    const user = userEvent.setup()
    render(<BulkInviteModal open onClose={() => {}} />)
    await user.upload(await screen.findByLabelText(/CSV file/), new File(['\n\n'], 'empty.csv', { type: 'text/csv' }))
    expect(await screen.findByText(/The file has no rows/)).toBeInTheDocument()
    expect(api.bulkInvite).not.toHaveBeenCalled()
    expect(screen.getByRole('button', { name: 'Send invitations' })).toBeDisabled()
  })
})

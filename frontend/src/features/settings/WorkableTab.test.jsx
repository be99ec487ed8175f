import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ToastProvider } from '../../components/ui/index.js'
import * as api from './api.js'
import WorkableTab from './WorkableTab.jsx'

vi.mock('./api.js', async (importOriginal) => ({
  ...(await importOriginal()),
  getWorkable: vi.fn(),
  connectWorkable: vi.fn(),
  disconnectWorkable: vi.fn(),
  getWorkableOptions: vi.fn(),
  getWorkableActivity: vi.fn(),
  listActiveTasks: vi.fn(),
  saveWorkableSettings: vi.fn(),
}))
const auth = vi.hoisted(() => ({ user: { role: 'owner' }, refreshUser: () => Promise.resolve() }))
vi.mock('../../context/AuthContext.jsx', () => ({ useAuth: () => auth }))

const DISCONNECTED = { connected: false, oauth_available: false, auto_post: false, trigger: null, triggers: [] }
const CONNECTED = {
  connected: true,
  auth_kind: 'account_token',
  subdomain: 'acme',
  member_id: 'm1',
  oauth_available: false,
  webhook_registered: true,
  auto_post: false,
  trigger: null,
  triggers: [],
}

function renderTab() {
  return render(
    <ToastProvider>
      <WorkableTab />
    </ToastProvider>,
  )
}

describe('WorkableTab', () => {
  beforeEach(() => {
    vi.clearAllMocks()
    auth.user = { role: 'owner' }
    api.getWorkableOptions.mockResolvedValue({
      members: [{ id: 'm1', name: 'Eduardo (eduardo@acme.test)' }],
      jobs: [{ id: 'ACME001', name: 'Backend Engineer' }],
      stages: [
        { id: 'assessment', name: 'Assessment' },
        { id: 'interview', name: 'Interview' },
      ],
    })
    api.listActiveTasks.mockResolvedValue([{ id: 4, name: 'Debugging Challenge', is_active: true }])
    api.getWorkableActivity.mockResolvedValue({ items: [], total: 0 })
  })

  it('shows a non-owner the connection without a way to change it', async () => {
    auth.user = { role: 'admin' }
    api.getWorkable.mockResolvedValue(CONNECTED)
    renderTab()
    const panel = await screen.findByTestId('workable-read-only')
    expect(panel).toHaveTextContent('Connected')
    expect(panel).toHaveTextContent('Only an owner can manage integrations.')
    expect(screen.queryByRole('button', { name: /disconnect/i })).not.toBeInTheDocument()
    expect(api.getWorkableOptions).not.toHaveBeenCalled()
  })

  it('connects with an account token and says OAuth is not set up', async () => {
    const user = userEvent.setup()
    api.getWorkable.mockResolvedValue(DISCONNECTED)
    api.connectWorkable.mockResolvedValue(CONNECTED)
    renderTab()
    expect(await screen.findByText(/OAuth\) is not set up on this server/)).toBeInTheDocument()
    await user.type(screen.getByLabelText('Workable subdomain'), 'acme')
    await user.type(screen.getByLabelText('Access token'), 'tok')
    await user.click(screen.getByRole('button', { name: 'Connect Workable' }))
    expect(api.connectWorkable).toHaveBeenCalledWith({ subdomain: 'acme', access_token: 'tok' })
    expect(await screen.findByText('acme.workable.com · account token')).toBeInTheDocument()
  })

  it('saves a stage mapping, then the results settings with the map unchanged, and asks before disconnecting', async () => {
    const user = userEvent.setup()
    const mapping = {
      job_shortcode: null,
      stage_slug: 'assessment',
      stage_name: 'Assessment',
      task_id: 4,
      duration_minutes: null,
      move_to_stage: null,
    }
    api.getWorkable.mockResolvedValue(CONNECTED)
    api.saveWorkableSettings.mockResolvedValue({ ...CONNECTED, webhook_registered: true, triggers: [mapping], trigger: mapping })
    api.disconnectWorkable.mockResolvedValue(null)
    renderTab()
    expect(await screen.findByText('No stages mapped')).toBeInTheDocument()
    // No mapping, no webhook needed: nothing to warn about.
    expect(screen.queryByText('Webhook not registered')).not.toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Add a mapping' }))
    await user.selectOptions(screen.getByLabelText('Stage'), 'assessment')
    await user.selectOptions(screen.getByLabelText('Task to send'), '4')
    await user.click(screen.getByRole('button', { name: 'Save mapping' }))
    expect(api.saveWorkableSettings).toHaveBeenCalledWith({
      auto_post: false,
      triggers: [{ job_shortcode: null, stage_slug: 'assessment', task_id: 4, duration_minutes: null, move_to_stage: null }],
    })
    expect(await screen.findByText('Any job · Assessment')).toBeInTheDocument()
    expect(screen.getByText('No invitations yet')).toBeInTheDocument()

    await user.click(screen.getByLabelText('Post results to Workable automatically when an assessment is completed'))
    await user.click(screen.getByRole('button', { name: 'Save Workable settings' }))
    expect(api.saveWorkableSettings).toHaveBeenLastCalledWith({
      member_id: 'm1',
      auto_post: true,
      triggers: [{ job_shortcode: null, stage_slug: 'assessment', task_id: 4, duration_minutes: null, move_to_stage: null }],
    })

    await user.click(screen.getByRole('button', { name: 'Disconnect' }))
    expect(api.disconnectWorkable).not.toHaveBeenCalled()
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Disconnect' }))
    expect(api.disconnectWorkable).toHaveBeenCalled()
    expect(await screen.findByText('Not Connected')).toBeInTheDocument()
  })

  it('warns when a mapped stage has no webhook at Workable', async () => {
    api.getWorkable.mockResolvedValue({
      ...CONNECTED,
      webhook_registered: false,
      triggers: [{ job_shortcode: null, stage_slug: 'assessment', stage_name: 'Assessment', task_id: 4 }],
    })
    renderTab()
    expect(await screen.findByText('Webhook not registered')).toBeInTheDocument()
  })
})

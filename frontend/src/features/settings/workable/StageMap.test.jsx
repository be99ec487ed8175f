import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ToastProvider } from '../../../components/ui/index.js'
import * as api from '../api.js'
import StageMap from './StageMap.jsx'

vi.mock('../api.js', async (importOriginal) => ({
  ...(await importOriginal()),
  saveWorkableSettings: vi.fn(),
}))

const OPTIONS = {
  members: [{ id: 'm1', name: 'Eduardo' }],
  jobs: [
    { id: 'ACME001', name: 'Backend Engineer' },
    { id: 'ACME002', name: 'Frontend Engineer' },
  ],
  stages: [
    { id: 'assessment', name: 'Assessment' },
    { id: 'phone-screen', name: 'Phone Screen' },
    { id: 'interview', name: 'Interview' },
  ],
}
const TASKS = [
  { id: 4, name: 'Debugging Challenge', duration_minutes: 30 },
  { id: 7, name: 'Cache Design', duration_minutes: 60 },
]
const ANY_JOB = {
  job_shortcode: null,
  stage_slug: 'assessment',
  stage_name: 'Assessment',
  task_id: 4,
  duration_minutes: null,
  move_to_stage: 'interview',
}
const FRONTEND = {
  job_shortcode: 'ACME002',
  stage_slug: 'phone-screen',
  stage_name: 'Phone Screen',
  task_id: 7,
  duration_minutes: 45,
  move_to_stage: null,
}
// What the API takes back: a saved mapping without its stage name.
const payload = ({ job_shortcode, stage_slug, task_id, duration_minutes, move_to_stage }) => ({
  job_shortcode,
  stage_slug,
  task_id,
  duration_minutes,
  move_to_stage,
})

function renderMap(triggers, onSaved = vi.fn()) {
  render(
    <ToastProvider>
      <StageMap connection={{ auto_post: true, triggers }} options={OPTIONS} tasks={TASKS} onSaved={onSaved} />
    </ToastProvider>,
  )
  return onSaved
}

describe('StageMap', () => {
  beforeEach(() => vi.clearAllMocks())

  it('starts empty and adds a first mapping with the keyboard', async () => {
    const user = userEvent.setup()
    api.saveWorkableSettings.mockResolvedValue({ triggers: [ANY_JOB] })
    const onSaved = renderMap([])
    expect(screen.getByText('No stages mapped')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Add a mapping' }))
    // The editor takes the focus on its first field; everything is reachable with the keyboard.
    expect(screen.getByLabelText('Job')).toHaveFocus()
    await user.selectOptions(screen.getByLabelText('Stage'), 'assessment')
    await user.selectOptions(screen.getByLabelText('Task to send'), '4')
    await user.selectOptions(screen.getByLabelText('After posting the result, move the candidate to'), 'interview')
    await user.click(screen.getByLabelText('Duration (minutes)'))
    await user.keyboard('{Enter}')
    expect(api.saveWorkableSettings).toHaveBeenCalledWith({ auto_post: true, triggers: [payload(ANY_JOB)] })
    expect(onSaved).toHaveBeenCalledWith({ triggers: [ANY_JOB] })
    expect(await screen.findByText('Stage mapping added')).toBeInTheDocument()
  })

  it('lists each mapping and edits one, keeping the others', async () => {
    const user = userEvent.setup()
    api.saveWorkableSettings.mockResolvedValue({ triggers: [ANY_JOB, FRONTEND] })
    renderMap([ANY_JOB, FRONTEND])
    const rows = within(screen.getByTestId('stage-map')).getAllByRole('listitem')
    expect(rows).toHaveLength(2)
    expect(rows[0]).toHaveTextContent('Any job · Assessment')
    expect(rows[0]).toHaveTextContent("Debugging Challenge, the task's duration, then Interview")
    expect(rows[1]).toHaveTextContent('Frontend Engineer · Phone Screen')
    expect(rows[1]).toHaveTextContent('Cache Design, 45 min, no stage move')

    await user.click(screen.getByRole('button', { name: 'Edit Frontend Engineer · Phone Screen' }))
    const duration = screen.getByLabelText('Duration (minutes)')
    expect(duration).toHaveValue(45)
    // While one row is open the others wait.
    expect(screen.getByRole('button', { name: 'Edit Any job · Assessment' })).toBeDisabled()
    await user.clear(duration)
    await user.type(duration, '50')
    await user.click(screen.getByRole('button', { name: 'Save mapping' }))
    expect(api.saveWorkableSettings).toHaveBeenCalledWith({
      auto_post: true,
      triggers: [payload(ANY_JOB), { ...payload(FRONTEND), duration_minutes: 50 }],
    })
  })

  it("shows the server's refusal next to the row it names", async () => {
    const user = userEvent.setup()
    api.saveWorkableSettings.mockRejectedValue({
      response: {
        status: 422,
        data: {
          detail: 'triggers[2].stage_slug: Any job in Assessment is already mapped by mapping 1',
          errors: [{ field: 'triggers[2].stage_slug', message: 'any job in Assessment is already mapped by mapping 1' }],
        },
      },
    })
    renderMap([ANY_JOB, FRONTEND])
    await user.click(screen.getByRole('button', { name: 'Add a mapping' }))
    await user.selectOptions(screen.getByLabelText('Stage'), 'assessment')
    await user.selectOptions(screen.getByLabelText('Task to send'), '7')
    await user.click(screen.getByRole('button', { name: 'Save mapping' }))
    const stage = screen.getByLabelText('Stage')
    expect(stage).toHaveAttribute('aria-invalid', 'true')
    expect(stage).toHaveAccessibleDescription('any job in Assessment is already mapped by mapping 1')
    // Escape leaves the editor; the saved map is unchanged.
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('form', { name: 'Stage mapping' })).not.toBeInTheDocument()
    expect(within(screen.getByTestId('stage-map')).getAllByRole('listitem')).toHaveLength(2)
  })

  it('asks before removing a mapping', async () => {
    const user = userEvent.setup()
    api.saveWorkableSettings.mockResolvedValue({ triggers: [FRONTEND] })
    renderMap([ANY_JOB, FRONTEND])
    await user.click(screen.getByRole('button', { name: 'Remove Any job · Assessment' }))
    const dialog = screen.getByRole('dialog')
    expect(dialog).toHaveTextContent('Candidates reaching Any job · Assessment will no longer be invited.')
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(api.saveWorkableSettings).not.toHaveBeenCalled()

    await user.click(screen.getByRole('button', { name: 'Remove Any job · Assessment' }))
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Remove' }))
    expect(api.saveWorkableSettings).toHaveBeenCalledWith({ auto_post: true, triggers: [payload(FRONTEND)] })
    expect(await screen.findByText('Stage mapping removed')).toBeInTheDocument()
  })
})

describe('StageMap errors of other rows', () => {
  it('names the saved mapping a refusal is about', async () => {
    const user = userEvent.setup()
    api.saveWorkableSettings.mockRejectedValue({
      response: { status: 422, data: { errors: [{ field: 'triggers[0].task_id', message: 'this task is archived' }] } },
    })
    renderMap([ANY_JOB, FRONTEND])
    await user.click(screen.getByRole('button', { name: 'Remove Frontend Engineer · Phone Screen' }))
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Remove' }))
    expect(await within(screen.getByRole('dialog')).findByText('Mapping 1: this task is archived')).toBeInTheDocument()
  })
})

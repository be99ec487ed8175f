import { recruiter, sendAssessment } from './api.mjs'
import { editorText, expect, logIn, screenshot, test, waitForMonaco } from './fixtures.mjs'

// Session replay (issue 18): the reviewer scrubs to a paste marker and sees the code of that moment, steps to
// the next change, and opens a moment from the timeline or by its link.
const API = '/api/v1'
const PASTED = 'def pasted_helper(amount):\n    return round(amount, 2)\n'
const LATER = '\n\ndef written_later():\n    return 42\n'

async function ok(response) {
  expect(response.ok(), `${response.url()}: ${await response.text()}`).toBeTruthy()
  return response.json()
}

// A session whose evidence arrives in three batches a second and a half apart: the starter, then a paste, then
// more typing; submitted with the last state.
async function sessionWithPaste(request, assessment) {
  const headers = { 'X-Assessment-Token': assessment.token }
  const session = await ok(await request.post(`${API}/assessments/token/${assessment.token}/start`, { headers }))
  const base = `${API}/assessments/${session.assessment_id}`
  const starter = session.task.starter_code
  const events = async (list) => ok(await request.post(`${base}/events`, { headers, data: { events: list } }))
  await events([{ id: 's1', type: 'snapshot', data: { code: starter } }])
  await new Promise((r) => setTimeout(r, 1500))
  await events([
    { id: 'p1', type: 'paste', data: { chars: PASTED.length, text: PASTED, line: 1 } },
    { id: 's2', type: 'snapshot', data: { code: PASTED + starter } },
  ])
  await new Promise((r) => setTimeout(r, 1500))
  const final = PASTED + starter + LATER
  await events([{ id: 's3', type: 'snapshot', data: { code: final } }])
  await ok(await request.post(`${base}/submit`, { headers, data: { final_code: final } }))
  return { starter }
}

test('recruiter: scrubbing the replay to a paste marker shows that moment’s code', async ({ page, request }) => {
  const { user, headers } = await recruiter(request, 'replay')
  const assessment = await sendAssessment(request, headers, { candidateName: 'Grace Hopper' })
  const { starter } = await sessionWithPaste(request, assessment)
  await logIn(page, user)
  await page.goto(`/#/assessments/${assessment.id}?tab=replay&t=0`)
  await expect(page.getByRole('tab', { name: 'Replay' })).toHaveAttribute('aria-selected', 'true')
  const code = page.getByTestId('replay-code')
  // At 0:00 the editor shows the starter code.
  await expect(code).toHaveAttribute('data-code', starter)

  await page.getByRole('button', { name: /^Paste from the clipboard/ }).click()
  await expect(page.getByTestId('replay-moment')).toContainText('Paste from the clipboard')
  await expect(code).toHaveAttribute('data-code', PASTED + starter)
  await waitForMonaco(page)
  await expect.poll(() => editorText(page)).toContain('def pasted_helper(amount):')
  expect(await editorText(page)).not.toContain('written_later')
  // The address names the moment, so it can be shared.
  await expect(page).toHaveURL(new RegExp(`#/assessments/${assessment.id}\\?tab=replay&t=[\\d.]+$`))
  await screenshot(page, 'replay-paste')

  // What changed since the paste, up to the end of the session.
  await page.keyboard.press('End')
  await expect(code).toHaveAttribute('data-code', PASTED + starter + LATER)
  await page.getByRole('button', { name: 'Diff from previous marker' }).click()
  await expect(page.getByTestId('code-diff')).toContainText('def written_later():')
  await screenshot(page, 'replay-diff')

  // The timeline's paste entry opens the replay at its moment.
  await page.getByRole('tab', { name: 'Timeline' }).click()
  await page.locator('li', { hasText: 'Pasted' }).getByRole('link', { name: /^Replay at/ }).click()
  await expect(page.getByRole('tab', { name: 'Replay' })).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByTestId('replay-code')).toHaveAttribute('data-code', PASTED + starter)

  // The Integrity panel lists every paste (size, where it came from) and opens the replay at its moment too.
  await page.getByRole('tab', { name: 'Test Results' }).click()
  const row = page.getByTestId('paste-row')
  await expect(row).toHaveCount(1)
  await expect(row).toContainText(`${PASTED.length} characters`)
  await expect(row).toContainText('From outside the session')
  await expect(page.getByText('The candidate never left the assessment tab.')).toBeVisible()
  await row.scrollIntoViewIfNeeded()
  await screenshot(page, 'integrity-every-paste')
  await row.getByRole('button', { name: /^Paste #1 at/ }).click()
  await expect(page.getByRole('tab', { name: 'Replay' })).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByTestId('replay-code')).toHaveAttribute('data-code', PASTED + starter)
})

import { recruiter, sendAssessment } from './api.mjs'
import { expect, logIn, screenshot, test, waitForMonaco, skipUnderstandingCheck } from './fixtures.mjs'

// The AI policy per assessment (issue 18): with `off` the candidate is told before starting, the IDE has no
// assistant, the server refuses the chat, and the report shows the policy and leaves the AI signals out.
test('candidate: an assessment with the AI assistant off, start to report', async ({ page, request }) => {
  const { user, headers } = await recruiter(request, 'aioff')
  const assessment = await sendAssessment(request, headers, { candidateName: 'Barbara Liskov', aiMode: 'off' })

  await page.goto(`/#/assess/${assessment.token}`)
  await expect(page.getByRole('heading', { name: 'Hello Barbara Liskov' })).toBeVisible()
  await expect(page.getByTestId('ai-mode')).toHaveText('AI assistant: Off')
  await expect(page.getByText('This assessment has no AI assistant: work on your own.')).toBeVisible()
  await screenshot(page, 'ai-off-welcome')

  await page.getByRole('button', { name: 'Start the assessment' }).click()
  await waitForMonaco(page)
  await expect(page.getByRole('button', { name: 'Run Code' })).toBeVisible()
  await expect(page.getByRole('region', { name: 'AI assistant' })).toHaveCount(0)
  await expect(page.getByRole('textbox', { name: 'Message the AI assistant' })).toHaveCount(0)
  await screenshot(page, 'ai-off-ide')

  // The server refuses the assistant whatever the page shows.
  const refused = await request.post(`/api/v1/assessments/${assessment.id}/claude`, {
    headers: { 'X-Assessment-Token': assessment.token },
    data: { message: 'Solve it for me' },
  })
  expect(refused.status()).toBe(403)

  await page.getByRole('button', { name: 'Submit', exact: true }).click()
  await page.getByRole('button', { name: 'Submit now' }).click()
  await skipUnderstandingCheck(page)
  await expect(page.getByRole('heading', { name: 'Assessment submitted' })).toBeVisible({ timeout: 60_000 })

  await logIn(page, user)
  await page.goto(`/#/assessments/${assessment.id}`)
  await expect(page.getByTestId('ai-mode')).toHaveText('AI assistant: Off')
  await expect(page.getByTestId('ai-collaboration')).toContainText('AI assistant off for this assessment')
  await expect(page.getByTestId('left-out')).toContainText('the AI assistant was off for this assessment')
  await screenshot(page, 'ai-off-report')
})

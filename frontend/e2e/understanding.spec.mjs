import { recruiter, sendAssessment } from './api.mjs'
import { expect, logIn, screenshot, submitToUnderstandingCheck, test } from './fixtures.mjs'

// The understanding check (issue 18): after submit the candidate answers three questions about their own code
// (written by the mock AI here) against a countdown, then sees the results; the recruiter finds the answers and
// the AI judge's grades on the Understanding tab.
test('candidate: answers the understanding check after submit; the recruiter sees the answers and grades', async ({ page, request }) => {
  const { user, headers } = await recruiter(request, 'check')
  const assessment = await sendAssessment(request, headers, { candidateName: 'Edsger Dijkstra' })

  await submitToUnderstandingCheck(page, assessment.token)
  await expect(page.getByText('Your work is submitted')).toBeVisible()
  await expect(page.getByTestId('check-clock')).toHaveText(/^[45]:\d\d$/)
  await page.getByLabel(/^1\. /).fill('The tier check compared with > instead of >=.')
  await page.getByLabel(/^2\. /).fill('It returns an empty report.')
  await screenshot(page, 'understanding-check')
  await page.getByRole('button', { name: 'Send answers' }).click()
  await expect(page.getByRole('heading', { name: 'Assessment submitted' })).toBeVisible({ timeout: 30_000 })

  await logIn(page, user)
  await page.goto(`/#/assessments/${assessment.id}?tab=understanding`)
  await expect(page.getByTestId('check-question-1')).toContainText('The tier check compared with > instead of >=.')
  await expect(page.getByTestId('check-question-3')).toContainText('Left blank')
  // The grading job runs on the queue; the page shows the grades once it has.
  await expect(async () => {
    await page.reload()
    await expect(page.getByTestId('check-question-1')).toContainText('AI judge', { timeout: 2_000 })
  }).toPass({ timeout: 60_000 })
  await expect(page.getByTestId('check-question-3')).toContainText('0/10 · left blank')
  await screenshot(page, 'understanding-report')
})

import { recruiter, sendAssessment } from './api.mjs'
import { expect, logIn, screenshot, submitToUnderstandingCheck, test } from './fixtures.mjs'
import { NO_AI_URL } from './servers.mjs'

// The understanding check without AI (issue 18): on a server with no AI provider the templates ask the questions
// and nobody's model grades the answers; the recruiter grades each one in the report, the Understanding signal
// and the overall score follow, and the grades are still there after a reload.
test.use({ baseURL: NO_AI_URL })

test('recruiter: grades the understanding answers in the report when no AI is configured', async ({ page, request }) => {
  const { user, headers } = await recruiter(request, 'grader')
  const assessment = await sendAssessment(request, headers, { candidateName: 'Barbara Liskov' })

  await submitToUnderstandingCheck(page, assessment.token)
  await page.getByLabel(/^1\. /).fill('It rounds before summing, so cents are lost.')
  await page.getByLabel(/^2\. /).fill('The loop never sees the last item.')
  await page.getByLabel(/^3\. /).fill('I am not sure.')
  await page.getByRole('button', { name: 'Send answers' }).click()
  await expect(page.getByRole('heading', { name: 'Assessment submitted' })).toBeVisible({ timeout: 30_000 })

  await logIn(page, user)
  await page.goto(`/#/assessments/${assessment.id}?tab=understanding`)
  await expect(page.getByText('No AI provider is configured: grade each answer below.')).toBeVisible()
  await expect(page.getByText('Questions from the diff')).toBeVisible()
  const signal = page.getByTestId('signal').filter({ has: page.getByRole('heading', { name: 'Understanding', exact: true }) })
  await expect(signal).toContainText("the answers await the recruiter's grades")
  const overall = page.getByText('Overall score', { exact: true }).locator('..')
  const before = await overall.textContent()

  const grades = [
    ['Correct', '10/10 · recruiter'],
    ['Partly', '5/10 · recruiter'],
    ['Wrong', '0/10 · recruiter'],
  ]
  for (const [i, [choice, label]] of grades.entries()) {
    const answer = page.getByTestId(`check-question-${i + 1}`)
    await expect(answer).toContainText('Not graded')
    await answer.getByRole('group', { name: `Grade answer ${i + 1}` }).getByRole('button', { name: choice }).click()
    await expect(answer).toContainText(label)
  }
  // (10 + 5 + 0) / 3: the check is scored, the signal shows it and the overall is renormalised with it.
  await expect(page.getByText('Understanding 5.0/10')).toBeVisible()
  await expect(signal).toContainText('5.0/10')
  await expect(overall).not.toHaveText(before)
  const after = await overall.textContent()
  await screenshot(page, 'understanding-recruiter-grades')

  await page.reload()
  for (const [i, [, label]] of grades.entries()) {
    await expect(page.getByTestId(`check-question-${i + 1}`)).toContainText(label)
  }
  await expect(page.getByText('Understanding 5.0/10')).toBeVisible()
  await expect(signal).toContainText('5.0/10')
  await expect(overall).toHaveText(after)
})

import { completeAssessment } from './api.mjs'
import { expect, screenshot, signedIn, test } from './fixtures.mjs'

// The local Workable that scripts/e2e-server.sh starts beside the server (tali-workable-mock).
const PORT = Number(process.env.E2E_PORT ?? 8765)
const WORKABLE = `http://127.0.0.1:${process.env.E2E_WORKABLE_PORT ?? PORT + 3}`

async function workable(request, path, data) {
  const response = await request.post(`${WORKABLE}${path}`, { data })
  expect(response.status(), `${path}: ${await response.text()}`).toBeLessThan(300)
  return response.json()
}

test('connect Workable with a token, map a stage, and see the invited candidate', async ({ page }) => {
  await signedIn(page, 'workable')
  await page.goto('/#/settings')
  await expect(page.getByText('Not Connected')).toBeVisible()
  await expect(page.getByText('OAuth) is not set up on this server')).toBeVisible()

  // A wrong token: Workable's refusal is shown and nothing is connected.
  await page.getByLabel('Workable subdomain').fill('acme')
  await page.getByLabel('Access token').fill('wrong-token')
  await page.getByRole('button', { name: 'Connect Workable' }).click()
  await expect(page.getByText('Workable did not accept the credentials')).toBeVisible()
  await screenshot(page, 'workable-connect-error')

  await page.getByLabel('Access token').fill('acme-account-token')
  await page.getByRole('button', { name: 'Connect Workable' }).click()
  await expect(page.getByText('acme.workable.com · account token')).toBeVisible()

  await page.getByLabel('Send an assessment when a candidate reaches a stage').check()
  await page.getByLabel('Job', { exact: true }).selectOption('ACME001')
  await page.getByLabel('Stage', { exact: true }).selectOption('assessment')
  await page.getByLabel('Task to send').selectOption({ index: 1 })
  await page.getByLabel('After posting the result, move the candidate to').selectOption('interview')
  await page.getByRole('button', { name: 'Save Workable settings' }).click()
  await expect(page.getByText('Workable settings saved')).toBeVisible()
  await expect(page.getByText('No invitations yet')).toBeVisible()
  await screenshot(page, 'workable-connected')

  // A recruiter moves a candidate to the mapped stage in Workable; the signed webhook invites them.
  const email = `lin.${Date.now().toString(36)}@example.com`
  const { candidate } = await workable(page.request, '/test/candidates', {
    firstname: 'Lin',
    lastname: 'Qiao',
    email,
    job_shortcode: 'ACME001',
    stage_slug: 'applied',
  })
  const { deliveries } = await workable(page.request, `/test/candidates/${candidate.id}/move`, { stage_slug: 'assessment' })
  expect(deliveries.map((d) => d.status)).toEqual([200])

  await expect(async () => {
    await page.reload()
    await expect(page.getByText('Lin Qiao')).toBeVisible({ timeout: 3000 })
  }).toPass({ timeout: 45_000 })
  await expect(page.getByText('invited', { exact: true })).toBeVisible()
  await screenshot(page, 'workable-activity')

  await page.getByRole('link', { name: /Assessment #/ }).click()
  await expect(page.getByRole('heading', { name: 'Lin Qiao' })).toBeVisible()
  await screenshot(page, 'workable-invited-detail')
  await expect(page.getByRole('button', { name: 'Post to Workable' })).toBeDisabled()
  await expect(page.getByText('Available once the assessment is completed.')).toBeVisible()

  // Lin completes it; the recruiter posts the result from Lin's candidate page.
  const id = /#\/assessments\/(\d+)/.exec(page.url())[1]
  const bearer = await page.evaluate(() => localStorage.getItem('tali_access_token'))
  const assessment = await (await page.request.get(`/api/v1/assessments/${id}`, { headers: { Authorization: `Bearer ${bearer}` } })).json()
  await completeAssessment(page.request, assessment)
  await page.goto(`/#/candidates/${assessment.candidate_id}`)
  const row = page.getByTestId('workable-result')
  await row.getByRole('button', { name: 'Post to Workable' }).click()
  await expect(page.getByText('Posting the results to Workable…')).toBeVisible()
  await expect(async () => {
    await page.reload()
    await expect(page.getByTestId('workable-result').getByRole('button', { name: 'Posted to Workable' })).toBeDisabled({ timeout: 3000 })
  }).toPass({ timeout: 60_000 })
  await screenshot(page, 'workable-posted-from-candidate')
  // The comment carries the report's PDF.
  const { comments } = await (await page.request.get(`${WORKABLE}/test/comments`)).json()
  const posted = comments.find((c) => c.body.includes(`/#/assessments/${id}`))
  expect(posted.attachment_name).toBe(`tali-report-${id}.pdf`)
  expect(String.fromCharCode(...posted.attachment_data.slice(0, 4))).toBe('%PDF')

  // Disconnecting asks first.
  await page.goto('/#/settings')
  await page.getByRole('button', { name: 'Disconnect' }).click()
  await expect(page.getByText('Candidates will no longer be invited from Workable')).toBeVisible()
  await page.getByRole('dialog').getByRole('button', { name: 'Disconnect' }).click()
  await expect(page.getByText('Not Connected')).toBeVisible()
})

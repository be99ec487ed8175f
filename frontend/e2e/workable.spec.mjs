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

test('connect Workable with a token, map two stages, and see the invited candidates', async ({ page }) => {
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

  // Two stages mapped: the backend job's assessment stage, and any job's phone screen with a duration of its own.
  await expect(page.getByText('No stages mapped')).toBeVisible()
  await page.getByRole('button', { name: 'Add a mapping' }).click()
  await page.getByLabel('Job', { exact: true }).selectOption('ACME001')
  await page.getByLabel('Stage', { exact: true }).selectOption('assessment')
  await page.getByLabel('Task to send').selectOption({ index: 1 })
  await page.getByLabel('After posting the result, move the candidate to').selectOption('interview')
  await page.getByRole('button', { name: 'Save mapping' }).click()
  await expect(page.getByText('Stage mapping added')).toBeVisible()

  await page.getByRole('button', { name: 'Add a mapping' }).click()
  await page.getByLabel('Stage', { exact: true }).selectOption('phone-screen')
  await page.getByLabel('Task to send').selectOption({ index: 2 })
  await page.getByLabel('Duration (minutes)').fill('45')
  // A duplicate of the first row is refused next to its stage (Enter saves from any field).
  await page.getByLabel('Job', { exact: true }).selectOption('ACME001')
  await page.getByLabel('Stage', { exact: true }).selectOption('assessment')
  await page.getByLabel('Duration (minutes)').press('Enter')
  await expect(page.getByText('ACME001 in Assessment is already mapped by mapping 1')).toBeVisible()
  await expect(page.getByLabel('Stage', { exact: true })).toHaveAttribute('aria-invalid', 'true')
  await screenshot(page, 'workable-mapping-refused')
  await page.getByLabel('Job', { exact: true }).selectOption('')
  await page.getByLabel('Stage', { exact: true }).selectOption('phone-screen')
  await page.getByRole('button', { name: 'Save mapping' }).click()
  const map = page.getByTestId('stage-map').getByRole('listitem')
  await expect(map).toHaveCount(2)
  await expect(map.nth(0)).toContainText('Backend Engineer · Assessment')
  await expect(map.nth(1)).toContainText('Any job · Phone Screen')
  await expect(map.nth(1)).toContainText('45 min, no stage move')
  await expect(page.getByText('No invitations yet')).toBeVisible()
  await expect(page.getByText('Webhook not registered')).toBeHidden()
  await screenshot(page, 'workable-two-mappings')

  // A recruiter moves candidates to the mapped stages in Workable; the signed webhooks invite them.
  const stamp = Date.now().toString(36)
  const { candidate } = await workable(page.request, '/test/candidates', {
    firstname: 'Lin',
    lastname: 'Qiao',
    email: `lin.${stamp}@example.com`,
    job_shortcode: 'ACME001',
    stage_slug: 'applied',
  })
  const { deliveries } = await workable(page.request, `/test/candidates/${candidate.id}/move`, { stage_slug: 'assessment' })
  expect(deliveries.map((d) => d.status)).toEqual([200])
  const { candidate: kai } = await workable(page.request, '/test/candidates', {
    firstname: 'Kai',
    lastname: 'Berg',
    email: `kai.${stamp}@example.com`,
    job_shortcode: 'ACME002',
    stage_slug: 'applied',
  })
  const moved = await workable(page.request, `/test/candidates/${kai.id}/move`, { stage_slug: 'phone-screen' })
  expect(moved.deliveries.map((d) => d.status)).toEqual([200])

  const invitation = (name) => page.getByRole('listitem').filter({ hasText: name })
  await expect(async () => {
    await page.reload()
    await expect(invitation('Lin Qiao')).toBeVisible({ timeout: 3000 })
    await expect(invitation('Kai Berg')).toBeVisible({ timeout: 3000 })
  }).toPass({ timeout: 45_000 })
  await expect(invitation('Lin Qiao').getByText('invited', { exact: true })).toBeVisible()
  await expect(invitation('Kai Berg')).toContainText('ACME002 · phone-screen')
  await expect(invitation('Kai Berg').getByText('invited', { exact: true })).toBeVisible()
  await screenshot(page, 'workable-activity')

  // Kai's invitation follows the phone-screen mapping: its task and its 45 minutes.
  const bearer = await page.evaluate(() => localStorage.getItem('tali_access_token'))
  const kaiLink = await invitation('Kai Berg').getByRole('link', { name: /Assessment #/ }).getAttribute('href')
  const kaiId = /#\/assessments\/(\d+)/.exec(kaiLink)[1]
  const kaiAssessment = await (
    await page.request.get(`/api/v1/assessments/${kaiId}`, { headers: { Authorization: `Bearer ${bearer}` } })
  ).json()
  expect(kaiAssessment.duration_minutes).toBe(45)

  await invitation('Lin Qiao').getByRole('link', { name: /Assessment #/ }).click()
  await expect(page.getByRole('heading', { name: 'Lin Qiao' })).toBeVisible()
  await screenshot(page, 'workable-invited-detail')
  await expect(page.getByRole('button', { name: 'Post to Workable' })).toBeDisabled()
  await expect(page.getByText('Available once the assessment is completed.')).toBeVisible()

  // Lin completes it; the recruiter posts the result from Lin's candidate page.
  const id = /#\/assessments\/(\d+)/.exec(page.url())[1]
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

import { completeAssessment, recruiter, sendAssessment } from './api.mjs'
import { expect, goToSection, logIn, screenshot, test } from './fixtures.mjs'

// A recruiter with assessments set up over the API, signed in in the browser.
async function signedInRecruiter(page, prefix) {
  const { user, headers } = await recruiter(page.request, prefix)
  await logIn(page, user)
  return headers
}

test('resend and extend an invitation from the list', async ({ page }) => {
  const headers = await signedInRecruiter(page, 'invites')
  const sent = await sendAssessment(page.request, headers, { candidateName: 'Rita Resend' })
  await goToSection(page, 'Assessments')
  const row = page.getByRole('row').filter({ hasText: sent.candidate_email })
  await expect(row.getByText('Pending')).toBeVisible()

  // Resend asks first, then says what really happened: the e2e server has no email service.
  await row.getByRole('button', { name: 'Resend for Rita Resend' }).click()
  const resend = page.getByRole('dialog', { name: 'Resend invitation' })
  await expect(resend).toContainText(sent.candidate_email)
  await resend.getByRole('button', { name: 'Resend' }).click()
  await expect(page.getByText('Invitation saved; email is not set up: copy the link')).toBeVisible()

  // Extend shows the expiry it will give before the click, and the one the server set after.
  await row.getByRole('button', { name: 'Extend for Rita Resend' }).click()
  const extend = page.getByRole('dialog', { name: 'Extend link' })
  await extend.getByLabel('Add').selectOption('14')
  await expect(extend.getByTestId('new-expiry')).toContainText('New expiry:')
  await screenshot(page, 'extend-dialog')
  const answered = page.waitForResponse((r) => r.url().endsWith(`/assessments/${sent.id}/extend`))
  await extend.getByRole('button', { name: 'Extend' }).click()
  const extended = await (await answered).json()
  const days = (new Date(extended.expires_at) - new Date(sent.expires_at)) / 86_400_000
  expect(Math.round(days)).toBe(14)
  await expect(page.getByText(/Extended\. Link valid until/)).toBeVisible()
  await screenshot(page, 'invitation-actions')
})

test('compare two completed results side by side', async ({ page }) => {
  test.setTimeout(180_000)
  const headers = await signedInRecruiter(page, 'compare')
  const first = await sendAssessment(page.request, headers, { candidateName: 'Ada First' })
  const second = await sendAssessment(page.request, headers, { candidateName: 'Bo Second' })
  await completeAssessment(page.request, first)
  await completeAssessment(page.request, second)
  await goToSection(page, 'Assessments')
  await page.getByRole('checkbox', { name: 'Compare Ada First' }).check()
  await page.getByRole('checkbox', { name: 'Compare Bo Second' }).check()
  await page.getByRole('link', { name: 'Compare 2' }).click()
  await expect(page.getByRole('heading', { name: 'Compare results' })).toBeVisible()
  const table = page.getByRole('table', { name: 'Assessments side by side' })
  await expect(table.getByRole('columnheader', { name: /Ada First/ })).toBeVisible()
  await expect(table.getByRole('columnheader', { name: /Bo Second/ })).toBeVisible()
  for (const label of ['Overall score', 'Tests passed', 'Time taken', 'AI prompts']) {
    await expect(table.getByRole('rowheader', { name: label })).toBeVisible()
  }
  await screenshot(page, 'compare')

  // Each name leads to the full report, whose Integrity panel says what there is to check, in plain words.
  await table.getByRole('link', { name: 'Ada First' }).click()
  await expect(page.getByRole('heading', { name: 'Ada First' })).toBeVisible()
  await expect(page.getByTestId('review-band')).toBeVisible()
  await screenshot(page, 'detail-integrity')
})

test('bulk-invite three candidates from a CSV', async ({ page }) => {
  await signedInRecruiter(page, 'bulk')
  await goToSection(page, 'Assessments')
  await page.getByRole('button', { name: 'Bulk invite' }).click()
  const dialog = page.getByRole('dialog', { name: 'Bulk invite' })
  await dialog.getByLabel('Task').selectOption({ label: 'Debugging Challenge · 30 min' })
  const stamp = Date.now().toString(36)
  const csv = `name,email,position\nAmy Bulk,amy.${stamp}@example.com,Backend\nBen Bulk,ben.${stamp}@example.com,\n"Cleo, Bulk",cleo.${stamp}@example.com,Data\n`
  await dialog.getByLabel(/CSV file/).setInputFiles({ name: 'candidates.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
  await expect(dialog.getByTestId('bulk-summary')).toContainText('3 ready to send · 0 will be skipped')
  await screenshot(page, 'bulk-preview')
  await dialog.getByRole('button', { name: 'Send 3 invitations' }).click()
  await expect(dialog.getByRole('status')).toContainText('3 of 3 invitations saved and queued; 0 not sent.')
  await expect(dialog.getByText('Sent', { exact: true })).toHaveCount(3)
  await screenshot(page, 'bulk-sent')
  await dialog.getByRole('button', { name: 'Done' }).click()
  for (const name of ['Amy Bulk', 'Ben Bulk', 'Cleo, Bulk']) {
    await expect(page.getByRole('row').filter({ hasText: name })).toBeVisible()
  }
})

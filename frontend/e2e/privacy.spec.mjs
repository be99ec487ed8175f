import { readFile } from 'node:fs/promises'
import { completeAssessment, recruiter, sendAssessment } from './api.mjs'
import { expect, logIn, screenshot, test } from './fixtures.mjs'

// Candidate privacy (issue 19, part 8): the owner sets the retention period in Settings; from the candidate's
// page they download everything held about the candidate as JSON, then erase it after typing their email; the
// candidate is gone and the erasure is final.
test("recruiter: export a candidate's data, then erase it", async ({ page, request }) => {
  const { user, headers } = await recruiter(request, 'privacy')
  const sent = await sendAssessment(request, headers, { candidateName: 'Grace Private' })
  await completeAssessment(request, sent)

  await logIn(page, user)
  await page.goto('/#/settings')
  const retention = page.getByLabel('Keep candidate data for')
  await expect(retention).toHaveValue('12')
  await retention.selectOption('24')
  await expect(page.getByText('Candidate data will be erased 24 months after their last assessment')).toBeVisible()
  await retention.scrollIntoViewIfNeeded()
  await screenshot(page, 'privacy-retention-setting')

  await page.goto(`/#/candidates/${sent.candidate_id}`)
  await expect(page.getByRole('heading', { name: 'Grace Private' })).toBeVisible()

  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export data' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toBe(`tali-candidate-${sent.candidate_id}.json`)
  const archive = JSON.parse(await readFile(await download.path(), 'utf8'))
  expect(archive.candidate.full_name).toBe('Grace Private')
  expect(archive.assessments[0].status).toBe('completed')
  expect(archive.assessments[0].chat[0].message).toBe('Which function rounds money?')
  expect(archive.assessments[0].events.length).toBeGreaterThan(0)

  await page.getByRole('button', { name: 'Erase data' }).click()
  const dialog = page.getByRole('dialog', { name: 'Erase candidate data' })
  const erase = dialog.getByRole('button', { name: 'Erase permanently' })
  await expect(erase).toBeDisabled()
  await dialog.getByLabel(`Type ${sent.candidate_email} to confirm`).fill(sent.candidate_email)
  await expect(erase).toBeEnabled()
  await screenshot(page, 'privacy-erase-confirmation')
  await erase.click()

  await expect(page).toHaveURL(/#\/candidates$/)
  await expect(page.getByText('Candidate data erased')).toBeVisible()
  await expect(page.getByText('Grace Private')).toHaveCount(0)
  const gone = await request.get(`/api/v1/candidates/${sent.candidate_id}/export`, { headers })
  expect(gone.status()).toBe(404)
  const report = await request.get(`/api/v1/assessments/${sent.id}/report.pdf`, { headers })
  expect(report.status()).toBe(410)
})

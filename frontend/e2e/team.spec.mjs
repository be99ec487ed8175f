import { recruiter, sendAssessment, uniqueUser } from './api.mjs'
import { expect, goToSection, logIn, screenshot, test } from './fixtures.mjs'

test('invite a colleague, accept from the emailed link, log in as them and share the pipeline', async ({ page, browser, request }) => {
  const { user: owner, headers } = await recruiter(request, 'teamowner')
  await sendAssessment(request, headers, { candidateName: 'Shared Candidate' })
  await logIn(page, owner)

  await page.goto('/#/settings?tab=team')
  await expect(page.getByRole('row').filter({ hasText: owner.email })).toContainText('Owner')
  const colleague = uniqueUser('colleague')
  await page.getByLabel("Colleague's email").fill(colleague.email)
  await page.getByLabel('Role').selectOption('member')
  await page.getByRole('button', { name: 'Invite' }).click()
  await expect(page.getByText(`Invitation to ${colleague.email} saved`)).toBeVisible()
  const pending = page.getByRole('row').filter({ hasText: colleague.email })
  await expect(pending).toContainText('pending')
  await expect(pending.getByRole('button', { name: 'Resend' })).toBeVisible()
  await screenshot(page, 'settings-team')

  // The invitation is in the outbox (shown to owners and admins only), with its single-use link.
  await goToSection(page, 'Outbox')
  await page.getByRole('button', { name: new RegExp(colleague.email) }).click()
  const frame = page.frameLocator('iframe[title^="Email:"]')
  const link = await frame.locator('a[href*="#/accept-invitation?token="]').first().getAttribute('href')
  expect(link).toMatch(/#\/accept-invitation\?token=[0-9a-f]{64}$/)

  // The colleague opens it on their own browser.
  const theirs = await browser.newContext()
  const colleaguePage = await theirs.newPage()
  await colleaguePage.goto(link)
  await expect(colleaguePage.getByTestId('invitation-summary')).toContainText(`invited ${colleague.email} to join ${owner.organization_name} as Member`)
  await screenshot(colleaguePage, 'accept-invitation')
  await colleaguePage.getByLabel('Full name').fill(colleague.full_name)
  await colleaguePage.getByLabel('Password', { exact: true }).fill(colleague.password)
  await colleaguePage.getByLabel('Confirm password').fill(colleague.password)
  await colleaguePage.getByRole('button', { name: 'Accept invitation' }).click()
  await expect(colleaguePage.getByRole('status')).toHaveText('You joined the team. Log in to continue.')
  await expect(colleaguePage.getByLabel('Email')).toHaveValue(colleague.email)
  await colleaguePage.getByLabel('Password').fill(colleague.password)
  await colleaguePage.getByRole('button', { name: 'Log in' }).click()
  await expect(colleaguePage.getByTestId('user-email')).toHaveText(colleague.email)

  // The shared pipeline: the owner's assessment is theirs to see.
  await goToSection(colleaguePage, 'Assessments')
  await expect(colleaguePage.getByRole('row').filter({ hasText: 'Shared Candidate' })).toBeVisible()
  // A member sees the team and the billing, read-only.
  await colleaguePage.goto('/#/settings?tab=team')
  await expect(colleaguePage.getByTestId('team-read-only')).toBeVisible()
  await expect(colleaguePage.getByRole('row').filter({ hasText: owner.email })).toContainText('Owner')
  await screenshot(colleaguePage, 'settings-team-member')
  await colleaguePage.getByRole('tab', { name: 'Billing' }).click()
  await expect(colleaguePage.getByTestId('billing-read-only')).toBeVisible()
  await expect(colleaguePage.getByRole('button', { name: 'Buy credits' })).toHaveCount(0)
  // The link worked once.
  await colleaguePage.goto(link)
  await expect(colleaguePage.getByRole('alert')).toHaveText('This invitation was already accepted: log in instead')
  await theirs.close()

  // The owner sees the new member, and the invitation has left the pending list.
  await page.goto('/#/settings?tab=team')
  await expect(page.getByRole('row').filter({ hasText: colleague.email })).toContainText('Member')
  await expect(page.getByText('No pending invitations')).toBeVisible()
})

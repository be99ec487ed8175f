import { createHmac } from 'node:crypto'
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
  await page.getByLabel('Role', { exact: true }).selectOption('member')
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

// The e2e server's signing key (scripts/e2e-server.sh): an access token that expired a minute ago is what the page
// holds half an hour after logging in.
const E2E_SECRET = 'e2e-secret-key-that-is-long-enough-0123456789'

function expiredToken(me) {
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const now = Math.floor(Date.now() / 1000)
  const head = encode({ alg: 'HS256', typ: 'JWT' })
  const body = encode({ sub: String(me.id), org: me.organization.id, iat: now - 1900, exp: now - 60, iat_ms: (now - 1900) * 1000 })
  const signature = createHmac('sha256', E2E_SECRET).update(`${head}.${body}`).digest('base64url')
  return `${head}.${body}.${signature}`
}

test('work past the access token expiry without being logged out; a session that ends keeps the task draft', async ({ page, request }) => {
  const { user, headers } = await recruiter(request, 'longday')
  await sendAssessment(request, headers, { candidateName: 'Afternoon Candidate' })
  const me = await (await request.get('/api/v1/auth/me', { headers })).json()
  await logIn(page, user)
  const stale = expiredToken(me)
  expect((await request.get('/api/v1/auth/me', { headers: { Authorization: `Bearer ${stale}` } })).status()).toBe(401)

  // Half an hour later the access token has expired: the next page still loads, renewed silently.
  await page.evaluate((token) => localStorage.setItem('tali_access_token', token), stale)
  await goToSection(page, 'Assessments')
  await expect(page.getByRole('row').filter({ hasText: 'Afternoon Candidate' })).toBeVisible()
  await expect(page.getByTestId('user-email')).toHaveText(user.email)
  const renewed = await page.evaluate(() => localStorage.getItem('tali_access_token'))
  expect(renewed).not.toBe(stale)
  expect((await request.get('/api/v1/auth/me', { headers: { Authorization: `Bearer ${renewed}` } })).status()).toBe(200)
  // The refresh cookie is out of the page's reach.
  expect(await page.evaluate(() => document.cookie)).not.toContain('tali_refresh')

  // A half-written task, then the whole session ends (the refresh token is gone too, e.g. after two weeks).
  await goToSection(page, 'Tasks')
  await page.getByRole('button', { name: 'New task' }).click()
  await page.getByLabel('Name').fill('Half-written task')
  await page.getByLabel('Description').fill('Written before lunch.')
  await page.evaluate((token) => localStorage.setItem('tali_access_token', token), stale)
  await page.context().clearCookies()
  await page.reload()
  await expect(page).toHaveURL(/#\/login\?expired=1$/)
  await expect(page.getByRole('status')).toContainText('Your session ended')
  await screenshot(page, 'session-ended')
  await page.getByLabel('Email').fill(user.email)
  await page.getByLabel('Password').fill(user.password)
  await page.getByRole('button', { name: 'Log in' }).click()
  // Back where the work was, with the draft.
  await expect(page).toHaveURL(/#\/tasks$/)
  await expect(page.getByText('Your unsaved draft was restored')).toBeVisible()
  await expect(page.getByLabel('Name')).toHaveValue('Half-written task')
  await expect(page.getByLabel('Description')).toHaveValue('Written before lunch.')
  await screenshot(page, 'task-draft-restored')

  // Logging out ends the refresh token: the session cannot be renewed afterwards.
  await page.getByTestId('user-email').click()
  await page.getByRole('menuitem', { name: 'Logout' }).click()
  await expect(page).toHaveURL(/#\/$/)
  await expect.poll(async () => (await page.context().cookies()).some((c) => c.name === 'tali_refresh')).toBe(false)
})

test('a session that ends mid-invitation keeps the create-assessment draft', async ({ page, request }) => {
  const { user, headers } = await recruiter(request, 'draftsend')
  const me = await (await request.get('/api/v1/auth/me', { headers })).json()
  await logIn(page, user)
  await goToSection(page, 'Assessments')
  await page.getByRole('button', { name: 'Create Assessment' }).first().click()
  await page.getByRole('button', { name: '+ New candidate' }).click()
  await page.getByLabel('Candidate email').fill('half-sent@example.com')
  await page.getByLabel('Full name').fill('Half Sent')
  // The whole session ends before "Send".
  await page.evaluate((token) => localStorage.setItem('tali_access_token', token), expiredToken(me))
  await page.context().clearCookies()
  await page.reload()
  await expect(page).toHaveURL(/#\/login\?expired=1$/)
  await page.getByLabel('Email').fill(user.email)
  await page.getByLabel('Password').fill(user.password)
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(page).toHaveURL(/#\/assessments$/)
  const modal = page.getByRole('dialog')
  await expect(modal.getByText('Your unsaved draft was restored')).toBeVisible()
  await expect(modal.getByLabel('Candidate email')).toHaveValue('half-sent@example.com')
  await expect(modal.getByLabel('Full name')).toHaveValue('Half Sent')
  await screenshot(page, 'create-draft-restored')
  // Cancelling forgets it: the page opens without the modal next time.
  await modal.getByRole('button', { name: 'Cancel' }).click()
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Assessments' })).toBeVisible()
  await expect(page.getByRole('dialog')).toHaveCount(0)
})

// The newest team invitation to `email`, accepted as a new account over the API.
async function joinAs(request, headers, email, password) {
  expect((await request.post('/api/v1/organizations/invitations', { headers, data: { email, role: 'admin' } })).status()).toBe(201)
  const emails = await (await request.get('/api/v1/emails', { headers })).json()
  const row = emails.items.find((e) => e.to === email)
  const body = await (await request.get(`/api/v1/emails/${row.id}`, { headers })).json()
  const token = /accept-invitation\?token=([0-9a-f]{64})/.exec(body.text)[1]
  const accepted = await request.post('/api/v1/auth/accept-invitation', { data: { token, full_name: 'Heir Apparent', password } })
  expect(accepted.status()).toBe(200)
}

test('the owner hands over ownership after confirming, then leaves the team', async ({ page, request }) => {
  const { user: owner, headers } = await recruiter(request, 'handover')
  const heir = uniqueUser('heir')
  await joinAs(request, headers, heir.email, heir.password)
  await logIn(page, owner)
  await page.goto('/#/settings?tab=team')
  const heirRow = page.getByRole('row').filter({ hasText: heir.email })
  await heirRow.getByRole('button', { name: 'Transfer ownership' }).click()
  const dialog = page.getByRole('dialog')
  await expect(dialog).toContainText('You will become an admin')
  await screenshot(page, 'transfer-ownership')
  await dialog.getByRole('button', { name: 'Transfer ownership' }).click()
  await expect(page.getByText('Heir Apparent now owns the organization; you are an admin')).toBeVisible()
  await expect(heirRow).toContainText('Owner')
  await expect(page.getByRole('row').filter({ hasText: owner.email })).toContainText('Admin')

  // No longer the last owner, the former owner may leave: signed out at once, and the login is refused.
  await page.getByRole('button', { name: 'Leave the team' }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Leave' }).click()
  await expect(page).toHaveURL(/#\/$/)
  const login = await request.post('/api/v1/auth/login', { data: { email: owner.email, password: owner.password } })
  expect(login.status()).toBeGreaterThanOrEqual(400)
  const heirLogin = await request.post('/api/v1/auth/login', { data: { email: heir.email, password: heir.password } })
  expect((await heirLogin.json()).user.role).toBe('owner')
})

import { readFile } from 'node:fs/promises'
import { completeAssessment, recruiter, sendAssessment } from './api.mjs'
import { expect, goToSection, logIn, screenshot, signedIn, test, waitForPythonColours } from './fixtures.mjs'

test('landing page has every section and never loads Monaco', async ({ page }) => {
  const scripts = []
  page.on('request', (r) => r.resourceType() === 'script' && scripts.push(r.url()))
  await page.goto('/#/')
  await expect(page.getByRole('heading', { name: 'Screen AI-Era Engineers in 30 Minutes' })).toBeVisible()
  for (const name of ['Book Demo', 'Start Trial', 'Login', 'Sign Up']) await expect(page.getByRole('link', { name, exact: true }).first()).toBeVisible()
  await expect(page.getByRole('link', { name: 'Start Trial' }).first()).toHaveAttribute('href', '#/register')
  await expect(page.getByRole('heading', { name: /AI arms race/ })).toBeVisible()
  await expect(page.locator('#solution li')).toHaveCount(10)
  await expect(page.getByText('£25', { exact: true })).toBeVisible()
  await expect(page.getByText('£300', { exact: true })).toBeVisible()
  await screenshot(page, 'landing')
  expect(scripts.filter((u) => /CodeEditor|editor\.worker/.test(u))).toEqual([])
  await page.setViewportSize({ width: 768, height: 900 })
  await screenshot(page, 'landing-768')
})

test('auth pages', async ({ page }) => {
  for (const [hash, name] of [['/login', 'login'], ['/register', 'register'], ['/forgot-password', 'forgot-password'], ['/reset-password?token=abc', 'reset-password']]) {
    await page.goto(`/#${hash}`)
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await screenshot(page, name)
  }
  await page.goto('/#/forgot-password')
  await page.getByLabel('Email').fill('nobody@example.com')
  await page.getByRole('button', { name: 'Send reset link' }).click()
  await expect(page.getByRole('status')).toBeVisible()
  await screenshot(page, 'forgot-password-sent')
})

test('signed-in pages render their empty states, Workable offers to connect, billing shows the trial credits', async ({ page }) => {
  await signedIn(page, 'pages')
  await expect(page.getByText('No assessments yet')).toBeVisible()
  await screenshot(page, 'dashboard-empty')

  for (const [section, heading] of [['Assessments', 'Assessments'], ['Candidates', 'Candidates'], ['Analytics', 'Analytics']]) {
    await goToSection(page, section)
    await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible()
    await screenshot(page, section.toLowerCase())
  }

  await goToSection(page, 'Settings')
  await expect(page.getByLabel('Workable subdomain')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Connect Workable' })).toBeVisible()
  await screenshot(page, 'settings-workable')
  // The reminder email before a link expires: off by default, saved at once.
  const reminder = page.getByLabel('Reminder email before the link expires')
  await expect(reminder).toHaveValue('0')
  await reminder.selectOption('24')
  await expect(page.getByText('Candidates will be reminded 24 hours before their link expires')).toBeVisible()
  await expect(reminder).toHaveValue('24')
  await screenshot(page, 'settings-reminder')
  await page.getByRole('tab', { name: 'Billing' }).click()
  // The browser tests' server bills through the Stripe mock, with generous trial credits (scripts/e2e-server.sh).
  await expect(page).toHaveURL(/#\/settings\?tab=billing$/)
  await expect(page.getByTestId('billing-plan')).toHaveText('Pay per use')
  await expect(page.getByTestId('billing-balance')).toHaveText('1000 credits')
  await expect(page.getByText('No usage yet')).toBeVisible()
  await expect(page.getByTestId('credits-total')).toHaveText('Total: £250.00')
  await screenshot(page, 'settings-billing')

  await page.setViewportSize({ width: 768, height: 900 })
  await goToSection(page, 'Dashboard')
  await screenshot(page, 'dashboard-768')
})

test('completed assessment detail: usage is billed, code is read-only, the PDF report downloads', async ({ page, request }) => {
  const { user, headers } = await recruiter(request, 'detail')
  const assessment = await sendAssessment(request, headers, { candidateName: 'Ada Sample' })
  const results = await completeAssessment(request, assessment)
  await logIn(page, user)

  await page.goto('/#/settings')
  await page.getByRole('tab', { name: 'Billing' }).click()
  const usage = page.getByRole('row').filter({ hasText: 'Ada Sample' })
  await expect(usage).toContainText('Debugging Challenge')
  await expect(usage).toContainText('£25.00')

  await page.goto(`/#/assessments/${assessment.id}`)
  await expect(page.getByRole('heading', { name: 'Ada Sample' })).toBeVisible()
  await expect(page.getByText(`${results.tests_passed}/${results.tests_total}`, { exact: true })).toBeVisible()
  await expect(page.getByTestId('signal').first()).toBeVisible()
  await expect(page.getByRole('button', { name: 'Post to Workable' })).toBeDisabled()
  await expect(page.getByText('Connect Workable in Settings to post results.')).toBeVisible()

  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Download PDF' }).click()
  const pdf = await download
  expect(pdf.suggestedFilename()).toBe(`tali-assessment-${assessment.id}.pdf`)
  const head = (await readFile(await pdf.path())).subarray(0, 5).toString()
  expect(head).toBe('%PDF-')

  await page.getByRole('tab', { name: 'Code Review' }).click()
  await page.getByRole('button', { name: 'Final code' }).click()
  const editor = page.locator('.monaco-editor')
  await expect(editor).toContainText('Order pricing for the checkout service.')
  await waitForPythonColours(page)
  await screenshot(page, 'assessment-detail-code')
  await editor.locator('.view-lines').click()
  await page.keyboard.type('XYZ')
  await expect(editor).not.toContainText('XYZ')
})

test('the Workable OAuth callback path renders and reports an unconfigured integration honestly', async ({ page }) => {
  await signedIn(page, 'workable')
  await page.goto('/settings/workable/callback?code=oauth-code-1')
  await expect(page.getByRole('heading', { name: 'Connecting Workable' })).toBeVisible()
  await expect(page.getByRole('alert')).toContainText('Workable OAuth is not configured on this server')
  await expect(page.getByRole('link', { name: 'Back to settings' })).toHaveAttribute('href', '/#/settings')
  await screenshot(page, 'workable-callback')
})

test('a submission with a syntax error still completes: the recruiter sees 0 of N and why', async ({ page, request }) => {
  const { user, headers } = await recruiter(request, 'broken')
  const assessment = await sendAssessment(request, headers, { candidateName: 'Nervous Typo' })
  const results = await completeAssessment(request, assessment, 'def price(:\n    pass\n')
  expect(results.status).toBe('completed')
  expect(results.tests_passed).toBe(0)
  expect(results.test_results.error_summary).toContain('SyntaxError at line 1 of solution.py')
  await logIn(page, user)

  await page.goto(`/#/assessments/${assessment.id}`)
  await expect(page.getByRole('heading', { name: 'Nervous Typo' })).toBeVisible()
  await expect(page.getByText(`0/${results.tests_total}`, { exact: true })).toBeVisible()
  await page.getByRole('tab', { name: 'Test Results' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'The hidden tests could not run this submission' })).toContainText(
    'the submission did not import: SyntaxError at line 1 of solution.py: invalid syntax',
  )
  await screenshot(page, 'assessment-detail-did-not-import')
})

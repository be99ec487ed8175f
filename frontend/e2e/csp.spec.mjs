import { recruiter, sendAssessment } from './api.mjs'
import { editorText, expect, goToSection, logIn, screenshot, test, waitForMonaco, waitForPythonColours } from './fixtures.mjs'

// The server's Content-Security-Policy (backend/src/security_headers.rs) against the real app: every page works
// under it and the browser reports no violation. Violations are caught twice: the page's own
// `securitypolicyviolation` events (reported through a binding that survives navigations) and the console, where
// Chrome also writes the refusals a document event does not carry (a worker that could not start, say).

async function watchPolicy(page) {
  const violations = []
  await page.exposeBinding('__reportViolation', (_source, violation) => violations.push(violation))
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__reportViolation(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`)
    })
  })
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to (load|execute|apply|create|connect|frame)/i.test(message.text())) violations.push(message.text())
  })
  return violations
}

function expectPolicyHeaders(response) {
  const headers = response.headers()
  expect(headers['content-security-policy']).toContain("script-src 'self'")
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'")
  expect(headers['x-content-type-options']).toBe('nosniff')
  expect(headers['referrer-policy']).toBe('no-referrer')
  expect(headers['x-frame-options']).toBe('DENY')
}

test('the policy is enforced: an injected inline script is refused and reported', async ({ page }) => {
  const violations = await watchPolicy(page)
  expectPolicyHeaders(await page.goto('/#/'))
  await expect(page.getByRole('heading', { name: 'Screen AI-Era Engineers in 30 Minutes' })).toBeVisible()
  expect(violations).toEqual([])
  // What an XSS would try: this is how the test knows its listener hears violations at all.
  await page.evaluate(() => {
    const script = document.createElement('script')
    script.textContent = 'window.__injected = true'
    document.body.append(script)
  })
  await expect.poll(() => violations.length).toBeGreaterThan(0)
  expect(violations.join('\n')).toContain('script-src')
  expect(await page.evaluate(() => window.__injected)).toBeUndefined()
})

test('the candidate IDE works under the policy: editor, its worker, run, tests and the streamed chat', async ({ page, request }) => {
  const violations = await watchPolicy(page)
  const workers = []
  page.on('worker', (worker) => workers.push(worker.url()))
  const { headers } = await recruiter(request, 'csp')
  const assessment = await sendAssessment(request, headers, { candidateName: 'Ada Policy' })

  expectPolicyHeaders(await page.goto(`/#/assess/${assessment.token}`))
  await page.getByRole('button', { name: 'Start the assessment' }).click()
  await waitForMonaco(page)
  await waitForPythonColours(page)

  await page.locator('.monaco-editor').first().click()
  await page.keyboard.press('Control+End')
  await page.keyboard.type('print("under the policy")\n')
  await expect.poll(() => editorText(page)).toContain('print("under the policy")')
  // Monaco's editor worker started from our own origin (a refused worker would leave Monaco on the main thread).
  await expect.poll(() => workers.filter((url) => /editor\.worker/.test(url))).toHaveLength(1)
  expect(new URL(workers.find((url) => /editor\.worker/.test(url))).origin).toBe(new URL(page.url()).origin)

  await page.getByRole('button', { name: 'Run Code' }).click()
  await expect(page.getByLabel('Standard output')).toHaveText('under the policy')
  await page.getByRole('button', { name: 'Run Tests' }).click()
  await expect(page.getByTestId('console-tests')).toContainText('tests passed')

  await page.getByLabel('Message the AI assistant').fill('What does the policy allow?')
  await page.keyboard.press('Enter')
  await expect(page.locator('[data-role="assistant"]').last()).toContainText('[mock assistant] You asked')
  await screenshot(page, 'csp-candidate-ide')
  expect(violations).toEqual([])
})

test('the landing page and the recruiter app load under the policy', async ({ page, request }) => {
  const violations = await watchPolicy(page)
  expectPolicyHeaders(await page.goto('/#/'))
  await expect(page.getByRole('heading', { name: 'Screen AI-Era Engineers in 30 Minutes' })).toBeVisible()

  const { user, headers } = await recruiter(request, 'csprec')
  const invited = await sendAssessment(request, headers, { candidateName: 'Grace Policy' })
  await logIn(page, user)
  for (const [section, heading] of [['Assessments', 'Assessments'], ['Candidates', 'Candidates'], ['Analytics', 'Analytics']]) {
    await goToSection(page, section)
    await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible()
  }
  // The task form mounts Monaco in the recruiter app too.
  await goToSection(page, 'Tasks')
  await page.getByRole('button', { name: 'New task' }).click()
  await waitForMonaco(page)
  // The invitation renders in a sandboxed srcdoc frame, which inherits the policy.
  await goToSection(page, 'Outbox')
  await page.getByRole('button', { name: new RegExp(invited.candidate_email) }).click()
  await expect(page.frameLocator('iframe[title^="Email:"]').locator('a').first()).toBeVisible()
  await screenshot(page, 'csp-recruiter-outbox')
  expect(violations).toEqual([])
})

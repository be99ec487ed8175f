import { expect, goToSection, pasteIntoEditor, screenshot, signedIn, test } from './fixtures.mjs'

test('create a task with Monaco; send the Debugging Challenge, copy the link, open it from the outbox; see the detail', async ({ page }) => {
  await signedIn(page, 'flow')
  const taskName = `Fix the CSV parser ${Date.now().toString(36)}`

  // Create a task: Monaco editors for starter code and tests.
  await goToSection(page, 'Tasks')
  await page.getByRole('button', { name: 'New task' }).click()
  await page.getByLabel('Name').fill(taskName)
  await page.getByLabel('Description').fill('The parser drops the last row. Fix it and keep the tests green.')
  const starterCode = 'def parse(text):\n    return text.splitlines()[:-1]\n'
  const testCode = 'from solution import parse\n\n\ndef test_rows():\n    assert parse("a\\nb") == ["a", "b"]\n'
  await pasteIntoEditor(page, 0, starterCode)
  await pasteIntoEditor(page, 1, testCode)
  await screenshot(page, 'task-form')
  const saved = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/tasks')
  await page.getByRole('button', { name: 'Create task' }).click()
  const body = (await saved).postDataJSON()
  expect(body.starter_code).toBe(starterCode)
  expect(body.test_code).toBe(testCode)
  await expect(page.getByRole('heading', { name: taskName })).toBeVisible()
  // Saving proved the tests in the sandbox: the starter fails the one test and there is no reference solution.
  await expect(page.getByRole('status').filter({ hasText: `Task "${taskName}" created — tests proved: starter passes 0/1` })).toBeVisible()
  await screenshot(page, 'tasks')

  // The new task is editable; templates are view-only.
  await page.getByRole('button', { name: `View ${taskName}` }).click()
  await expect(page.getByRole('dialog', { name: taskName })).toBeVisible()
  const viewer = page.getByRole('dialog').locator('.monaco-editor')
  await expect(viewer.first()).toContainText('return text.splitlines()[:-1]')
  await expect(viewer.nth(1)).toContainText('assert parse(')
  await screenshot(page, 'task-view')
  await page.keyboard.press('Escape')

  // Send the Debugging Challenge template from the dashboard modal to a new candidate.
  const candidateEmail = `cand.${Date.now().toString(36)}@example.com`
  await goToSection(page, 'Dashboard')
  await page.getByRole('button', { name: 'Create Assessment' }).first().click()
  const dialog = page.getByRole('dialog', { name: 'Create assessment' })
  await dialog.getByRole('button', { name: '+ New candidate' }).click()
  await dialog.getByLabel('Candidate email').fill(candidateEmail)
  await dialog.getByLabel('Full name').fill('Grace Candidate')
  await dialog.getByLabel('Position (optional)').fill('Backend Engineer')
  await dialog.getByLabel('Task').selectOption({ label: 'Debugging Challenge · Mid-Level · 30 min' })
  await screenshot(page, 'create-assessment-modal')
  await dialog.getByRole('button', { name: 'Send Assessment' }).click()
  // The e2e server has no email service: the app says the invitation is saved, never "sent".
  const sent = page.getByRole('dialog', { name: 'Invitation saved' })
  await expect(sent.getByText('Invitation saved; email is not set up: copy the link')).toBeVisible()
  const link = await sent.getByTestId('candidate-link').textContent()
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#\/assess\/[\w-]+$/)

  // Copy link puts exactly that URL on the clipboard.
  await sent.getByRole('button', { name: 'Copy link' }).click()
  await expect(sent.getByRole('button', { name: 'Copied!' })).toBeVisible()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link)
  await sent.getByRole('button', { name: 'Done' }).click()

  // The list shows it as pending with its own copy button.
  const row = page.getByRole('row').filter({ hasText: candidateEmail })
  await expect(row.getByText('Pending')).toBeVisible()
  await expect(row.getByRole('button', { name: 'Copy link' })).toBeVisible()
  await screenshot(page, 'dashboard')

  // The invitation is in the outbox, rendered in a sandboxed frame with the candidate link.
  await goToSection(page, 'Outbox')
  await page.getByRole('button', { name: new RegExp(candidateEmail) }).click()
  const frame = page.frameLocator('iframe[title^="Email:"]')
  await expect(page.locator('iframe[title^="Email:"]')).toHaveAttribute('sandbox', 'allow-popups allow-popups-to-escape-sandbox')
  const invitationLink = frame.locator(`a[href="${link}"]`).first()
  await expect(invitationLink).toBeVisible()
  await screenshot(page, 'outbox')

  // The link in the email opens the candidate's welcome page in a new tab.
  const [welcome] = await Promise.all([page.context().waitForEvent('page'), invitationLink.click()])
  await expect(welcome.getByRole('heading', { name: 'Hello Grace Candidate' })).toBeVisible()
  await expect(welcome.getByRole('button', { name: 'Start the assessment' })).toBeVisible()
  await screenshot(welcome, 'outbox-link-welcome')
  await welcome.close()

  // The detail of a pending assessment shows its state and link instead of empty tabs.
  await goToSection(page, 'Assessments')
  await page.getByRole('row').filter({ hasText: candidateEmail }).getByRole('link', { name: 'Details' }).click()
  await expect(page.getByRole('heading', { name: 'Grace Candidate' })).toBeVisible()
  await expect(page.getByText('The candidate has not started yet.')).toBeVisible()
  await expect(page.getByText(link)).toBeVisible()
  await expect(page.getByRole('button', { name: 'Post to Workable' })).toBeDisabled()
  await screenshot(page, 'assessment-detail-pending')

  // Candidates list and detail show the new candidate.
  await goToSection(page, 'Candidates')
  await page.getByRole('link', { name: 'Grace Candidate' }).click()
  await expect(page.getByText(candidateEmail).first()).toBeVisible()
  await screenshot(page, 'candidate-detail')
})

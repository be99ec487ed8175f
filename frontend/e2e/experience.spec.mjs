import AxeBuilder from '@axe-core/playwright'
import { recruiter, sendAssessment, showCandidatesTheirScore, taskNamed } from './api.mjs'
import { editorText, expect, logIn, pasteIntoEditor, screenshot, test, waitForMonaco, waitForPythonColours, skipUnderstandingCheck } from './fixtures.mjs'

// Issue 23 against the real server: a keyboard-only candidate, the accessibility check, the chat's limit, clean
// traces and the syntax warning, and a task written and validated through the form, then taken by a candidate.
const AI_FUNCTION = 'def unique_in_order(items):'
const HOST_PATHS = ['/workspace', 'site-packages', 'sandbox-runtime', '/usr/lib/python', 'tali-test-data', '/tmp/']

const isCall = (path) => (request) => request.method() === 'POST' && new URL(request.url()).pathname.endsWith(path)
const focusedIn = (locator) => locator.evaluate((el) => el === document.activeElement || el.contains(document.activeElement))
const editorHasFocus = (page) => page.evaluate(() => Boolean(document.activeElement?.closest('.monaco-editor')))

// Presses Tab (or Shift+Tab) until `locator` has focus: how a keyboard user gets somewhere.
async function tabTo(page, locator, { back = false, max = 60 } = {}) {
  for (let i = 0; i < max; i += 1) {
    if (await focusedIn(locator)) return
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab')
  }
  throw new Error(`${locator} never received focus`)
}

// Serious and critical WCAG 2.1 A/AA violations on the page as it is now.
async function expectAccessible(page, name) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const blocking = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${name}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary}`).join(' | ')}`)
  expect(blocking).toEqual([])
}

test('keyboard only: start, write code, run the tests, ask and insert, submit — no mouse, no broken indentation', async ({ page, request }) => {
  const { headers } = await recruiter(request, 'keyboard')
  const assessment = await sendAssessment(request, headers, { candidateName: 'Kay Board' })
  await page.goto(`/#/assess/${assessment.token}`)
  await tabTo(page, page.getByRole('button', { name: 'Start the assessment' }))
  await page.keyboard.press('Enter')

  // Focus lands in the editor, which names its file and says what Tab does.
  await waitForMonaco(page)
  await waitForPythonColours(page)
  await expect.poll(() => editorHasFocus(page)).toBe(true)
  await expect(page.getByTestId('editor-file')).toHaveText('solution.py')
  await expect(page.getByText('Tab indents · Tab moves focus: Ctrl+M')).toBeVisible()

  // One line, so the result does not hang on when the lazily loaded Python rules start auto-indenting.
  await page.keyboard.press('Control+End')
  await page.keyboard.type('\ndef helper(x): return x * 2\n')
  await expect.poll(() => editorText(page)).toContain('def helper(x): return x * 2')
  await screenshot(page, 'keyboard-typed')

  // Ctrl+M: Tab now leaves the editor instead of indenting, and the code is untouched.
  await page.keyboard.press('Control+M')
  await expect(page.getByRole('button', { name: 'Tab moves focus' })).toHaveAttribute('aria-pressed', 'true')
  const before = await editorText(page)
  await page.keyboard.press('Tab')
  await expect(page.locator('#ide-run')).toBeFocused()
  expect(await editorText(page)).toBe(before)

  await page.keyboard.press('Tab')
  await expect(page.getByRole('button', { name: 'Run Tests' })).toBeFocused()
  await page.keyboard.press('Enter')
  // The live region says how the run ended.
  await expect(page.getByTestId('run-announcement')).toHaveText(/^\d+ of 8 tests passed\.$/)

  await tabTo(page, page.getByLabel('Message the AI assistant'))
  await page.keyboard.type('Which helper should I add?')
  await page.keyboard.press('Enter')
  const reply = page.locator('[data-role="assistant"]').last()
  await expect(reply).toContainText(AI_FUNCTION)
  await tabTo(page, reply.getByRole('button', { name: 'Insert into editor' }), { back: true })
  await page.keyboard.press('Enter')
  await expect(page.getByRole('status').filter({ hasText: /^Inserted at line \d+/ })).toBeVisible()
  await expect.poll(() => editorHasFocus(page)).toBe(true)
  await screenshot(page, 'keyboard-inserted')

  await tabTo(page, page.getByRole('button', { name: 'Submit', exact: true }), { back: true })
  await page.keyboard.press('Enter')
  const dialog = page.getByRole('dialog', { name: 'Submit your solution?' })
  await expect(dialog).toBeVisible()
  await tabTo(page, dialog.getByRole('button', { name: 'Submit now' }))
  const submitted = page.waitForRequest(isCall('/submit'))
  await page.keyboard.press('Enter')
  const finalCode = (await submitted).postDataJSON().final_code
  expect(finalCode).toContain('\ndef helper(x): return x * 2\n')
  // The assistant's function starts a line of its own, its body indented as the assistant wrote it.
  expect(finalCode).toMatch(/\ndef unique_in_order\(items\):\n {4}\S/)
  expect(finalCode).not.toContain('\t')
  await skipUnderstandingCheck(page)
  await expect(page.getByRole('heading', { name: 'Assessment submitted' })).toBeVisible({ timeout: 30_000 })
})

test('accessibility: welcome, IDE, results, login and dashboard have no serious or critical axe violations', async ({ page, request }) => {
  const { user, headers } = await recruiter(request, 'axe')
  const assessment = await sendAssessment(request, headers, { candidateName: 'Axe Candidate' })
  await page.goto(`/#/assess/${assessment.token}`)
  await expect(page.getByRole('heading', { name: 'Hello Axe Candidate' })).toBeVisible()
  await expectAccessible(page, 'welcome')

  await page.getByRole('button', { name: 'Start the assessment' }).click()
  await waitForMonaco(page)
  await waitForPythonColours(page)
  await page.getByRole('button', { name: 'Run Tests' }).click()
  await expect(page.getByTestId('console-tests')).toContainText('tests passed')
  await expectAccessible(page, 'ide')

  await page.getByRole('button', { name: 'Submit', exact: true }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Submit now' }).click()
  await skipUnderstandingCheck(page)
  await expect(page.getByRole('heading', { name: 'Assessment submitted' })).toBeVisible({ timeout: 30_000 })
  await expectAccessible(page, 'results')

  await page.goto('/#/login')
  await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible()
  await expectAccessible(page, 'login')
  await logIn(page, user)
  await expectAccessible(page, 'dashboard')
})

test('chat: a 24,000-character paste keeps the draft, Send says why it is off, and a failed send gives the words back', async ({ page, request }) => {
  const { headers } = await recruiter(request, 'chatlimit')
  const assessment = await sendAssessment(request, headers)
  await page.goto(`/#/assess/${assessment.token}`)
  await page.getByRole('button', { name: 'Start the assessment' }).click()
  await waitForMonaco(page)
  const asked = []
  page.on('request', (r) => isCall('/claude')(r) && asked.push(r))

  const input = page.getByLabel('Message the AI assistant')
  const long = 'x'.repeat(24000)
  await input.focus()
  await page.evaluate((text) => navigator.clipboard.writeText(text), long)
  await page.keyboard.press('Control+V')
  await expect(page.getByTestId('chat-counter')).toHaveText('24,000 / 4,000 characters — too long to send: shorten it by 20,000. Your text stays here.')
  await expect(page.getByRole('button', { name: 'Send' })).toBeDisabled()
  await page.keyboard.press('Enter')
  expect(await input.inputValue()).toHaveLength(24000)
  expect(asked).toHaveLength(0)
  await screenshot(page, 'chat-too-long')

  // A refusal from the server (here: the assistant's quota) leaves the question in the box.
  await page.route('**/api/v1/assessments/*/claude', (route) =>
    route.fulfill({ status: 429, contentType: 'application/json', body: JSON.stringify({ detail: 'You have used all 60 AI messages of this assessment' }) }),
  )
  await input.fill('Why does the volume tier fail?')
  await page.keyboard.press('Enter')
  await expect(page.getByText('You have used all 60 AI messages of this assessment')).toBeVisible()
  await expect(input).toHaveValue('Why does the volume tier fail?')
  await expect(page.locator('[data-role="user"]').last()).toContainText('Not answered')
})

test('clean output: traces name solution.py with the error first; a syntax error is flagged before submitting', async ({ page, request }) => {
  const { headers } = await recruiter(request, 'trace')
  // The candidate's results page shows the counts only where the organization lets candidates see them.
  await showCandidatesTheirScore(request, headers)
  const assessment = await sendAssessment(request, headers)
  await page.goto(`/#/assess/${assessment.token}`)
  await page.getByRole('button', { name: 'Start the assessment' }).click()
  const editor = await waitForMonaco(page)

  // The skip links are the first Tab stops: with Tab moving focus, Shift+Tab from the editor reaches them.
  await expect.poll(() => editorHasFocus(page)).toBe(true)
  await page.keyboard.press('Control+M')
  const skip = page.getByRole('navigation', { name: 'Skip to' })
  await tabTo(page, skip.getByRole('link', { name: 'Editor' }), { back: true })
  await expect(skip.getByRole('link', { name: 'Editor' })).toBeVisible()
  await screenshot(page, 'skip-links')
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('tab', { name: 'Tests' })).toBeFocused()

  await editor.locator('.view-lines').click()
  await page.keyboard.press('Control+A')
  await page.evaluate(() => navigator.clipboard.writeText('def total(items):\n    return 1 / 0\n\ntotal([])\n'))
  await page.keyboard.press('Control+V')
  await page.getByRole('button', { name: 'Run Code' }).click()
  const stderr = page.getByLabel('Standard error')
  await expect(stderr).toHaveText('ZeroDivisionError: division by zero')
  const output = page.getByTestId('console-output')
  await output.getByText('Show the trace').click()
  await expect(output).toContainText('File "solution.py", line 2, in total')

  const outputText = await output.innerText()

  await page.getByRole('button', { name: 'Run Tests' }).click()
  const tests = page.getByTestId('console-tests')
  await expect(page.getByLabel('Test collection error')).toHaveText(/^ZeroDivisionError at line \d+ of solution\.py: division by zero$/)
  await tests.getByText("Show pytest's output").click()
  await expect(tests).toContainText('test_visible.py')
  const consoleText = outputText + (await tests.innerText())
  for (const leak of HOST_PATHS) expect(consoleText).not.toContain(leak)
  await screenshot(page, 'clean-trace')

  // Broken code: Submit warns with the line, and submitting anyway still works.
  await editor.locator('.view-lines').click()
  await page.keyboard.press('Control+A')
  await page.evaluate(() => navigator.clipboard.writeText('def total(items):\n    return sum(items\n\nprint(total([1]))\n'))
  await page.keyboard.press('Control+V')
  await page.getByRole('button', { name: 'Submit', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Submit your solution?' })
  await expect(dialog.getByTestId('syntax-warning')).toContainText(/^Syntax error at line 2: SyntaxError: /)
  await expect(dialog.getByTestId('syntax-warning')).toContainText('Submit anyway?')
  await screenshot(page, 'syntax-warning')
  await dialog.getByRole('button', { name: 'Submit anyway' }).click()
  await skipUnderstandingCheck(page)
  await expect(page.getByRole('heading', { name: 'Assessment submitted' })).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('result-tests')).toHaveText('0/20')
})

const STARTER = 'def slugify(text):\n    return text.lower()\n'
const VISIBLE = "from solution import slugify\n\n\ndef test_lowercases():\n    assert slugify('Hello') == 'hello'\n\n\ndef test_spaces():\n    assert slugify('a b') == 'a-b'\n"
const HIDDEN =
  "from solution import slugify # hidden-only marker\n\ndef test_lowercases():\n    assert slugify('Hello') == 'hello'\n\ndef test_spaces_become_dashes():\n    assert slugify('Hello World') == 'hello-world'\n\ndef test_runs_of_spaces_collapse():\n    assert slugify('a   b') == 'a-b'\n"
const REFERENCE = "# reference-only marker\ndef slugify(text):\n    return '-'.join(text.lower().split())\n"

test('a recruiter writes a task in the form, validates it in the sandbox, saves it; a candidate takes it', async ({ page, request }) => {
  const { user, headers } = await recruiter(request, 'author')
  await showCandidatesTheirScore(request, headers)
  await logIn(page, user)
  const name = `Slugify ${Date.now().toString(36)}`
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tasks', exact: true }).click()
  await page.getByRole('button', { name: 'New task' }).click()
  await page.getByLabel('Name').fill(name)
  await page.getByLabel('Description').fill('Turn titles into **URL slugs**.\n\n- lower case\n- dashes between words')
  await page.getByLabel('Duration (minutes)').fill('20')
  await pasteIntoEditor(page, 0, STARTER)
  await pasteIntoEditor(page, 1, VISIBLE)
  await pasteIntoEditor(page, 2, HIDDEN)
  await pasteIntoEditor(page, 3, REFERENCE)
  const status = page.getByTestId('proof-status')
  await expect(status).toContainText('Not validated yet')

  const validated = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/tasks/validate')
  await page.getByRole('button', { name: 'Validate' }).click()
  expect((await validated).status()).toBe(200)
  await expect(status).toHaveText('Validated — tests proved: starter passes 1/3, reference 3/3.')
  await screenshot(page, 'task-validated')
  // Validating saved nothing.
  await expect(page.getByRole('button', { name: `View ${name}` })).toHaveCount(0)

  await page.getByRole('button', { name: 'Create task' }).click()
  await expect(page.getByRole('status').filter({ hasText: `Task "${name}" created — tests proved: starter passes 1/3, reference 3/3` })).toBeVisible()
  await page.getByRole('button', { name: `View ${name}` }).click()
  await expect(page.getByTestId('task-description').locator('strong')).toHaveText('URL slugs')
  await screenshot(page, 'task-view-markdown')
  await page.keyboard.press('Escape')

  // The candidate: the description rendered, the file named, the hidden tests and the reference nowhere.
  const task = await taskNamed(request, headers, name)
  const sent = await request.post('/api/v1/assessments', {
    headers,
    data: { task_id: task.id, candidate_email: `slug.${Date.now().toString(36)}@example.com`, candidate_name: 'Sam Slug' },
  })
  expect(sent.status()).toBe(201)
  const assessment = await sent.json()
  await page.goto(`/#/assess/${assessment.token}`)
  await page.getByRole('button', { name: 'Start the assessment' }).click()
  const editor = await waitForMonaco(page)
  await expect(page.getByRole('region', { name: 'Task description' }).locator('strong')).toHaveText('URL slugs')
  await expect(page.getByTestId('editor-file')).toHaveText('solution.py')
  const html = await page.content()
  expect(html).not.toContain('hidden-only marker')
  expect(html).not.toContain('reference-only marker')
  await screenshot(page, 'candidate-own-task')

  await editor.locator('.view-lines').click()
  await page.keyboard.press('Control+A')
  await page.evaluate(() => navigator.clipboard.writeText("def slugify(text):\n    return '-'.join(text.lower().split())\n"))
  await page.keyboard.press('Control+V')
  await page.getByRole('button', { name: 'Run Tests' }).click()
  await expect(page.getByTestId('console-tests')).toContainText('2 / 2 tests passed')
  await page.getByRole('button', { name: 'Submit', exact: true }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Submit now' }).click()
  await skipUnderstandingCheck(page)
  await expect(page.getByTestId('result-tests')).toHaveText('3/3', { timeout: 30_000 })
})

test('a phone sees that the assessment is best on a laptop, and can continue', async ({ page, request }) => {
  const { headers } = await recruiter(request, 'phone')
  const assessment = await sendAssessment(request, headers)
  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto(`/#/assess/${assessment.token}`)
  await expect(page.getByTestId('small-screen-notice')).toContainText('best on a laptop')
  await expect(page.getByRole('button', { name: 'Start the assessment' })).toBeEnabled()
  await screenshot(page, 'welcome-phone')
  await page.setViewportSize({ width: 1280, height: 800 })
  await expect(page.getByTestId('small-screen-notice')).toBeHidden()
})

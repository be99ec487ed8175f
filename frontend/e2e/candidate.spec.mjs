import { completeAssessment, recruiter, revokeAssessment, sendAssessment, showCandidatesTheirScore } from './api.mjs'
import { editorText, expect, logIn, screenshot, test, waitForMonaco, waitForPythonColours, skipUnderstandingCheck } from './fixtures.mjs'

// The candidate session against the real server: the local sandbox runs the code and the tests, the mock
// Anthropic server answers the assistant (its default reply carries a ```python block defining unique_in_order).
const CANDIDATE_CALL = /\/api\/v1\/assessments\/(token\/[^/]+(\/start)?|\d+\/(execute|tests|claude|events|submit))$/
const AI_FUNCTION = 'def unique_in_order(items):'
const QUESTION = 'Why does test_volume_tier_applies_from_its_minimum_quantity fail?'

const isCall = (path) => (request) => request.method() === 'POST' && new URL(request.url()).pathname.endsWith(path)
const isAnswerTo = (path) => (response) => isCall(path)(response.request())
const signal = (page, title) => page.getByTestId('signal').filter({ has: page.getByRole('heading', { name: title, exact: true }) })
const toSeconds = (text) => text.match(/(\d+):(\d\d)/).slice(1).reduce((m, s) => Number(m) * 60 + Number(s))

// Clicks Run Code and returns the code the server received.
async function runCode(page) {
  const sent = page.waitForRequest(isCall('/execute'))
  await page.getByRole('button', { name: 'Run Code' }).click()
  const { code } = (await sent).postDataJSON()
  await expect(page.getByRole('button', { name: 'Run Code' })).toBeEnabled()
  return code
}

async function startSession(page, token) {
  await page.goto(`/#/assess/${token}`)
  await page.getByRole('button', { name: 'Start the assessment' }).click()
  await waitForMonaco(page)
}

test('candidate: start, edit, run, test, ask the AI, insert its code, reload and resume, submit; the recruiter sees it all', async ({ page, request }) => {
  const { user, headers } = await recruiter(request, 'candflow')
  await showCandidatesTheirScore(request, headers)
  const assessment = await sendAssessment(request, headers, { candidateName: 'Grace Hopper' })
  const shot = (name) => screenshot(page, `candidate-${name}`)
  const candidateCalls = []
  page.on('request', (r) => CANDIDATE_CALL.test(new URL(r.url()).pathname) && candidateCalls.push(r.headers()))

  await page.goto(`/#/assess/${assessment.token}`)
  await expect(page.getByRole('heading', { name: 'Hello Grace Hopper' })).toBeVisible()
  await expect(page.getByText('AI use is allowed', { exact: false })).toBeVisible()
  await expect(page.getByText('30 minutes')).toBeVisible()
  await shot('welcome')

  await page.getByRole('button', { name: 'Start the assessment' }).click()
  await waitForMonaco(page)
  await waitForPythonColours(page)
  await expect(page.getByRole('heading', { name: 'Debugging Challenge' })).toBeVisible()
  await expect(page.getByRole('timer')).toHaveText(/^(29|30):\d\d remaining$/)
  await expect(page.getByRole('region', { name: 'Task description' })).toContainText('checkout pricing')
  expect(await editorText(page)).toContain('"""Order pricing for the checkout service.')
  await shot('ide')

  // Type at the end of the starter code and paste a line.
  await page.locator('.monaco-editor').first().click()
  await page.keyboard.press('Control+End')
  await page.keyboard.type('print("typed by the candidate")\n')
  await page.evaluate(() => navigator.clipboard.writeText('# pasted note\n'))
  await page.keyboard.press('Control+V')
  await expect.poll(() => editorText(page)).toContain('# pasted note')

  expect(await runCode(page)).toContain('print("typed by the candidate")\n# pasted note\n')
  await expect(page.getByLabel('Standard output')).toHaveText('typed by the candidate')
  await expect(page.getByTestId('run-summary')).toHaveText(/^Exit code 0 · \d+ ms$/)
  await shot('ran-code')

  // The starter code has planted bugs: the visible tests report them.
  await page.getByRole('button', { name: 'Run Tests' }).click()
  const tests = page.getByTestId('console-tests')
  await expect(tests).toContainText('5 / 8 tests passed')
  const failure = tests.getByRole('listitem').filter({ hasText: 'test_volume_tier_applies_from_its_minimum_quantity' })
  await expect(failure).toContainText('failed')
  await expect(failure).toContainText('AssertionError')
  await shot('tests')

  // Ask the assistant: the reply streams as server-sent events and has a code block to insert.
  const asked = page.waitForResponse(isAnswerTo('/claude'))
  await page.getByLabel('Message the AI assistant').fill(QUESTION)
  await page.keyboard.press('Enter')
  const stream = await asked
  expect(stream.request().headers().accept).toBe('text/event-stream')
  expect(stream.headers()['content-type']).toContain('text/event-stream')
  const assistant = page.locator('[data-role="assistant"]').last()
  await expect(assistant).toContainText(`[mock assistant] You asked: "${QUESTION}"`)
  await expect(assistant).toContainText('Run the tests again after applying it.')
  // Its code block is highlighted with the editor's grammar and colours.
  await expect(assistant.locator('code[data-highlighted="true"] span[class*="mtk"]').first()).toBeVisible()
  await expect(page.locator('[data-role="user"]').last()).toContainText(QUESTION)
  await shot('ai-reply')

  // Insert the assistant's function at the end of the file.
  await page.getByRole('button', { name: 'Hide task' }).click()
  await page.locator('.monaco-editor').first().click()
  await page.keyboard.press('Control+End')
  await assistant.getByRole('button', { name: 'Insert into editor' }).click()
  await expect.poll(() => editorText(page)).toContain(AI_FUNCTION)
  await shot('inserted')

  // The server keeps the code of every run, so this run makes the latest code its copy too.
  const codeBefore = await runCode(page)
  expect(codeBefore).toContain(AI_FUNCTION)
  const timerBefore = await page.getByRole('timer').textContent()

  // Reload mid-session: the server resumes the same session, and the code, chat, output and clock come back.
  const resumed = page.waitForResponse(isAnswerTo('/start'))
  await page.reload()
  const session = await (await resumed).json()
  expect(session.code).toBe(codeBefore)
  expect(session.chat_history.map((turn) => turn.role)).toEqual(['user', 'assistant'])
  await waitForMonaco(page)
  await waitForPythonColours(page)
  await expect(page.locator('[data-role="user"]')).toHaveText(QUESTION)
  await expect(page.locator('[data-role="assistant"]')).toHaveCount(1)
  await expect(page.locator('[data-role="assistant"]')).toContainText(AI_FUNCTION)
  expect(toSeconds(await page.getByRole('timer').textContent())).toBeLessThanOrEqual(toSeconds(timerBefore))
  expect(await runCode(page)).toBe(codeBefore)
  await expect(page.getByLabel('Standard output')).toHaveText('typed by the candidate')
  await shot('resumed')

  await page.getByRole('button', { name: 'Submit' }).click()
  const dialog = page.getByRole('dialog', { name: 'Submit your solution?' })
  await expect(dialog).toContainText('left')
  await shot('submit-confirm')
  const submitted = page.waitForRequest(isCall('/submit'))
  await dialog.getByRole('button', { name: 'Submit now' }).click()
  expect((await submitted).postDataJSON().final_code).toBe(codeBefore)
  await skipUnderstandingCheck(page)
  await expect(page.getByRole('heading', { name: 'Assessment submitted' })).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('result-score')).toHaveText(/^\d+(\.\d)?\/10$/)
  await expect(page.getByTestId('result-tests')).toHaveText(/^\d+\/20$/)
  await expect(signal(page, 'Correctness')).toContainText(/\d+(\.\d)?\/10/)
  await shot('results')
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('tali_candidate')))).toEqual([])

  // Every candidate call carried the assessment token and never a recruiter session.
  expect(candidateCalls.length).toBeGreaterThan(8)
  for (const callHeaders of candidateCalls) {
    expect(callHeaders['x-assessment-token']).toBe(assessment.token)
    expect(callHeaders.authorization).toBeUndefined()
  }

  // The recruiter sees the score, the hidden tests, the prompt, the timeline and the signals.
  // The AI judges run after the submit and may move the score the candidate saw, so the recruiter's is any score.
  await logIn(page, user)
  await page.goto(`/#/assessments/${assessment.id}`)
  await expect(page.getByRole('heading', { name: 'Grace Hopper' })).toBeVisible()
  await expect(page.getByText(/^\d+(\.\d)?\/10$/).first()).toBeVisible()
  await expect(page.getByText('Completed', { exact: true }).first()).toBeVisible()
  await expect(page.getByRole('tabpanel').getByText('test_hidden::test_simple_invoice_totals', { exact: true })).toBeVisible()
  // One prompt is not enough evidence to judge prompting: the signal says so instead of scoring 0.
  await expect(signal(page, 'Prompt quality')).toContainText('Not enough evidence')
  await screenshot(page, 'recruiter-detail-tests')
  await page.getByRole('tab', { name: 'AI Usage' }).click()
  await expect(page.getByRole('tabpanel')).toContainText(QUESTION)
  await screenshot(page, 'recruiter-detail-ai')
  await page.getByRole('tab', { name: 'Timeline' }).click()
  const timeline = page.getByRole('tabpanel')
  await expect(timeline.getByText(/^Ran the code/)).toHaveCount(3)
  await expect(timeline.getByText(/^Ran the visible tests: 5\/8 passed/)).toBeVisible()
  await expect(timeline.getByText(`Asked the AI: ${QUESTION}`)).toBeVisible()
  await expect(timeline.getByText(/^Submitted/)).toBeVisible()
  await screenshot(page, 'recruiter-detail-timeline')
})

test('candidate: the outage banner while events cannot be sent, a red timer, and the automatic submit at 0:00', async ({ page, request }) => {
  const { headers } = await recruiter(request, 'candclock')
  const assessment = await sendAssessment(request, headers, { durationMinutes: 5 })
  // The browser's clock is Playwright's, so the countdown can be moved forward; the server keeps real time.
  // (Monaco's keyboard handling measures input latency with performance entries, which the fake clock lacks,
  // so this test does not type into the editor.)
  await page.clock.install()
  const started = page.waitForResponse(isAnswerTo('/start'))
  await startSession(page, assessment.token)
  const starterCode = (await (await started).json()).task.starter_code
  await expect(page.getByRole('timer')).toHaveClass(/bg-red-600/)

  // Take the network away from the telemetry only: the IDE keeps working and says so.
  const outage = (route) => route.abort('internetdisconnected')
  await page.route('**/api/v1/assessments/*/events', outage)
  await runCode(page)
  await expect(page.getByText(/Connection lost\. Keep working/)).toBeVisible()
  await expect(page.getByText('The program printed nothing.')).toBeVisible()
  await page.screenshot({ path: 'test-results/screenshots/candidate-offline.png' })

  // The connection returns: the queued events are delivered and the banner goes.
  const delivered = page.waitForResponse((r) => r.url().endsWith('/events') && r.status() === 200)
  await page.unroute('**/api/v1/assessments/*/events', outage)
  await page.clock.fastForward('00:31')
  await delivered
  await expect(page.getByText(/Connection lost/)).toHaveCount(0)

  const submitted = page.waitForRequest(isCall('/submit'))
  await page.clock.fastForward('05:00')
  expect((await submitted).postDataJSON().final_code).toBe(starterCode)
  // The template task asks its understanding questions after any submit, the automatic one included.
  await skipUnderstandingCheck(page)
  await expect(page.getByText('Time was up, so your work was submitted automatically.')).toBeVisible({ timeout: 30_000 })
  // By default the organization does not show candidates their score: they learn only that it was submitted.
  await expect(page.getByTestId('submitted-message')).toContainText('will be in touch')
  await expect(page.getByTestId('result-score')).toHaveCount(0)
  await screenshot(page, 'candidate-auto-submitted')
})

test('candidate: revoked, completed and unknown links each get their own page', async ({ page, request }) => {
  const { headers } = await recruiter(request, 'candlinks')
  const revoked = await sendAssessment(request, headers)
  await revokeAssessment(request, headers, revoked.id)
  const completed = await sendAssessment(request, headers)
  await completeAssessment(request, completed)
  // An expired link cannot be made over HTTP (it needs the clock to pass expires_at); a unit test covers its page.
  for (const [token, title, name] of [
    [revoked.token, 'This assessment was cancelled', 'revoked'],
    [completed.token, 'Assessment already submitted', 'completed'],
    [crypto.randomUUID(), 'This link is not valid', 'unknown'],
  ]) {
    await page.goto(`/#/assess/${token}`)
    await expect(page.getByRole('heading', { name: title })).toBeVisible()
    await screenshot(page, `candidate-link-${name}`)
  }
})

test('candidate: a run while another is still going gets a friendly pause, then Run works again', async ({ page, request }) => {
  const { headers } = await recruiter(request, 'candpause')
  const assessment = await sendAssessment(request, headers)
  await startSession(page, assessment.token)
  // The same candidate in a second tab: a slow run is in flight. A quick probe refused with 429 proves it; when the
  // probe wins the race instead, the slow run was refused or comes after it, so wait for it and try again.
  const execute = (code) =>
    request.post(`/api/v1/assessments/${assessment.id}/execute`, { headers: { 'X-Assessment-Token': assessment.token }, data: { code } })
  let slow = null
  for (let attempt = 0; attempt < 5 && !slow; attempt += 1) {
    const candidate = execute('import time\ntime.sleep(4)')
    if ((await execute('print(1)')).status() === 429) slow = candidate
    else await candidate
  }
  expect(slow, 'a slow run in flight').not.toBeNull()

  await page.getByRole('button', { name: 'Run Code' }).click()
  const pause = page.getByTestId('run-pause')
  // The pause lasts the server's Retry-After (2 s): check it at once.
  await expect(pause).toContainText(/^Your previous run is still going\..* You can run again in \d s\.$/)
  await expect(page.getByRole('button', { name: 'Run Code' })).toBeDisabled()
  await page.screenshot({ path: 'test-results/screenshots/candidate-run-pause.png' })
  // A pause, not an error.
  expect(await page.getByRole('alert').filter({ hasText: 'still going' }).count()).toBe(0)

  expect((await slow).status()).toBe(200)
  await expect(pause).toHaveCount(0, { timeout: 15_000 })
  await runCode(page)
  await expect(page.getByTestId('run-summary')).toHaveText(/^Exit code 0 · \d+ ms$/)
})

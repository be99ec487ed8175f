import { expect, screenshot, test, waitForMonaco } from './fixtures.mjs'

// ---------------------------------------------------------------------------------------------------------------
// Mock candidate API (docs/api.md, "Candidate session"), answered inside the browser with page.route.
// It stands in for the backend's candidate endpoints until they exist, in both e2e modes (page routes win over the
// fake API and the real server alike). The flows below use only the page, so moving to the real endpoints means
// replacing this section with an assessment created through the recruiter API.
// ---------------------------------------------------------------------------------------------------------------
const TOKEN = 'cand-e2e-token'
const ASSESSMENT_ID = 4711
const STARTER = 'def parse(text):\n    return text.splitlines()[:-1]\n\n\nprint(parse("a\\nb"))\n'
const AI_CODE = 'def parse(text):\n    return text.splitlines()'
const AI_REPLY_PARTS = ['The slice `[:-1]` drops the **last** row. ', 'Return every line instead:\n\n```python\n', `${AI_CODE}\n`, '```\n']

function mockCandidateApi(page, { aiConfigured = true, tokenStatus = 200, durationSeconds = 30 * 60, startDelayMs = 0 } = {}) {
  // eventsDown: the events endpoint fails as if the network were gone.
  const api = { status: 'pending', starts: 0, code: null, chat: [], events: new Map(), runs: [], headers: [], deadline: null, eventsDown: false, submits: 0 }
  const reply = (route, status, json) => route.fulfill({ status, json })
  const sse = (events) => events.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join('')

  const handlers = [
    ['GET', /^\/assessments\/token\/([^/]+)$/, (route) => {
      if (tokenStatus !== 200) return reply(route, tokenStatus, { detail: { 404: 'Assessment not found', 410: 'This link has expired', 409: 'Assessment already completed' }[tokenStatus] })
      return reply(route, 200, {
        status: api.status, candidate_name: 'Grace Hopper', organization_name: 'Acme Robotics', expires_at: '2099-01-01T00:00:00Z',
        task: { name: 'Fix the CSV parser', task_type: 'debugging', difficulty: 'medium', duration_minutes: 30 },
      })
    }],
    ['POST', /^\/assessments\/token\/([^/]+)\/start$/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, startDelayMs))
      api.starts += 1
      api.status = 'in_progress'
      api.deadline ??= Date.now() + durationSeconds * 1000
      return reply(route, 200, {
        assessment_id: ASSESSMENT_ID, token: TOKEN, status: 'in_progress',
        task: { name: 'Fix the CSV parser', description: '## The bug\nThe parser drops the **last row**. Fix `parse` so every row is kept.', starter_code: STARTER, test_code: 'from main import parse\n\ndef test_rows():\n    assert parse("a\\nb") == ["a", "b"]\n', duration_minutes: 30 },
        started_at: new Date().toISOString(), deadline: new Date(api.deadline).toISOString(),
        time_remaining_seconds: Math.round((api.deadline - Date.now()) / 1000), code: api.code, chat_history: api.chat, ai_configured: aiConfigured,
      })
    }],
    ['POST', /^\/assessments\/(\d+)\/execute$/, (route, body) => {
      api.runs.push(body.code)
      return reply(route, 200, { stdout: `['a']\nran ${body.code.split('\n').length} lines\n`, stderr: '', exit_code: 0, execution_time_ms: 41, timed_out: false, truncated: false })
    }],
    ['POST', /^\/assessments\/(\d+)\/tests$/, (route, body) => {
      const fixed = body.code.includes('return text.splitlines()\n')
      return reply(route, 200, {
        tests_passed: fixed ? 2 : 1, tests_total: 2,
        test_details: [
          { name: 'test_rows', outcome: fixed ? 'passed' : 'failed', duration_ms: 3, message: fixed ? null : "AssertionError: assert ['a'] == ['a', 'b']" },
          { name: 'test_empty', outcome: 'passed', duration_ms: 1, message: null },
        ],
      })
    }],
    ['POST', /^\/assessments\/(\d+)\/claude$/, (route, body, request) => {
      if (!aiConfigured) return reply(route, 503, { detail: 'AI assistant is not configured' })
      api.chatAccept = request.headers().accept
      const response = AI_REPLY_PARTS.join('')
      api.chat.push({ role: 'user', content: body.message, created_at: new Date().toISOString() }, { role: 'assistant', content: response, created_at: new Date().toISOString() })
      return route.fulfill({
        status: 200,
        headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
        body: sse([...AI_REPLY_PARTS.map((text) => ['delta', { text }]), ['done', { response, usage: { input_tokens: 120, output_tokens: 48 } }]]),
      })
    }],
    ['POST', /^\/assessments\/(\d+)\/events$/, (route, body) => {
      if (api.eventsDown) return route.abort('internetdisconnected')
      let duplicates = 0
      for (const event of body.events) {
        if (api.events.has(event.id)) duplicates += 1
        else api.events.set(event.id, event)
        if (event.type === 'snapshot') api.code = event.data.code
      }
      return reply(route, 200, { accepted: body.events.length - duplicates, duplicates })
    }],
    ['POST', /^\/assessments\/(\d+)\/submit$/, (route, body) => {
      api.status = 'completed'
      api.submits += 1
      api.finalCode = body.final_code
      return reply(route, 200, {
        status: 'completed', score: 8.4, tests_passed: 5, tests_total: 6, completed_at: new Date().toISOString(),
        test_results: { tests_passed: 5, tests_total: 6, test_details: [] },
        score_report: {
          overall: 8.4,
          signals: [
            { id: 'correctness', status: 'scored', score: 8.3, explanation: 'Passed 5 of 6 hidden tests.', evidence: [] },
            { id: 'prompt_quality', status: 'scored', score: 9, explanation: 'The question named the failing behaviour precisely.', evidence: [] },
            { id: 'design_thinking', status: { NotApplicable: 'No planning questions were asked.' }, explanation: '', evidence: [] },
          ],
        },
      })
    }],
  ]

  return page
    .route('**/api/v1/assessments/**', async (route) => {
      const request = route.request()
      const path = new URL(request.url()).pathname.replace(/^\/api\/v1/, '').replace(/\/$/, '')
      const handler = handlers.find(([method, pattern]) => method === request.method() && pattern.test(path))
      if (!handler) return route.fallback()
      api.headers.push(request.headers())
      const body = request.postData() ? JSON.parse(request.postData()) : {}
      return handler[2](route, body, request)
    })
    .then(() => api)
}
// ---------------------------------------------------------------------------------------------------------------

// Monaco renders spaces as no-break spaces; compare the visible text as plain text.
async function editorText(page) {
  const text = await page.locator('.monaco-editor .view-lines').first().innerText()
  return text.replace(/\u00a0/g, ' ')
}

async function waitForPythonColours(page) {
  await expect.poll(() => page.locator('.monaco-editor .view-lines span[class^="mtk"]').evaluateAll((els) => new Set(els.map((e) => e.className)).size)).toBeGreaterThanOrEqual(3)
}

test('candidate: start, edit, run, ask the AI, insert its code, reload and resume, test, submit', async ({ page }) => {
  const api = await mockCandidateApi(page)
  const shot = (name) => screenshot(page, `candidate-${name}`)

  await page.goto(`/#/assess/${TOKEN}`)
  await expect(page.getByRole('heading', { name: 'Hello Grace Hopper' })).toBeVisible()
  await expect(page.getByText('AI use is allowed', { exact: false })).toBeVisible()
  await expect(page.getByText('30 minutes')).toBeVisible()
  await shot('welcome')

  await page.getByRole('button', { name: 'Start the assessment' }).click()
  await waitForMonaco(page)
  await waitForPythonColours(page)
  expect(api.starts).toBe(1)
  await expect(page.getByRole('heading', { name: 'Fix the CSV parser' })).toBeVisible()
  await expect(page.getByRole('timer')).toHaveText(/^(29|30):\d\d remaining$/)
  await expect(page.getByRole('region', { name: 'Task description' })).toContainText('The parser drops the last row')
  expect(await editorText(page)).toContain('return text.splitlines()[:-1]')

  // Type at the end of the starter code and paste a line.
  await page.locator('.monaco-editor').first().click()
  await page.keyboard.press('Control+End')
  await page.keyboard.type('print("typed by the candidate")\n')
  await page.evaluate(() => navigator.clipboard.writeText('# pasted note\n'))
  await page.keyboard.press('Control+V')
  await expect.poll(() => editorText(page)).toContain('# pasted note')

  await page.getByRole('button', { name: 'Run Code' }).click()
  await expect(page.getByLabel('Standard output')).toContainText("['a']")
  await expect(page.getByTestId('run-summary')).toHaveText('Exit code 0 · 41 ms')
  expect(api.runs.at(-1)).toContain('print("typed by the candidate")')
  await shot('ran-code')

  // Ask the assistant; the streamed Markdown reply has a code block to insert.
  await page.getByLabel('Message the AI assistant').fill('Why does parse drop the last row?')
  await page.keyboard.press('Enter')
  const assistant = page.locator('[data-role="assistant"]').last()
  await expect(assistant).toContainText('drops the last row')
  await expect(assistant.locator('strong')).toHaveText('last')
  await expect(page.locator('[data-role="user"]').last()).toContainText('Why does parse drop the last row?')
  expect(api.chatAccept).toBe('text/event-stream')
  await shot('ai-reply')

  // Select the buggy line and replace it with the assistant's code.
  await page.getByRole('button', { name: 'Hide task' }).click()
  await page.locator('.monaco-editor').first().click()
  await page.keyboard.press('Control+Home')
  await page.keyboard.press('Shift+ArrowDown')
  await page.keyboard.press('Shift+ArrowDown')
  await assistant.getByRole('button', { name: 'Insert into editor' }).click()
  await expect.poll(() => editorText(page)).toContain(`${AI_CODE}\n`)
  expect(await editorText(page)).not.toContain('[:-1]')
  await shot('inserted')

  // A run sends the exact editor contents, which the checks after the reload compare against.
  await page.getByRole('button', { name: 'Run Code' }).click()
  await expect(page.getByRole('button', { name: 'Run Code' })).toBeEnabled()
  const codeBefore = api.runs.at(-1)
  expect(codeBefore).toContain(`${AI_CODE}\n`)
  const runsBefore = api.runs.length

  // Reload (no periodic snapshot has necessarily happened yet): everything comes back.
  const timerBefore = await page.getByRole('timer').textContent()
  await page.reload()
  await waitForMonaco(page)
  await waitForPythonColours(page)
  expect(api.starts).toBe(2)
  await expect(page.locator('[data-role="assistant"]')).toHaveCount(1)
  await expect(page.locator('[data-role="user"]')).toContainText('Why does parse drop the last row?')
  await expect(page.getByLabel('Standard output')).toContainText("['a']")
  await page.getByRole('button', { name: 'Run Code' }).click()
  await expect.poll(() => api.runs.length).toBe(runsBefore + 1)
  expect(api.runs.at(-1)).toBe(codeBefore)
  const toSeconds = (text) => text.match(/(\d+):(\d\d)/).slice(1).reduce((m, s) => Number(m) * 60 + Number(s))
  expect(toSeconds(await page.getByRole('timer').textContent())).toBeLessThanOrEqual(toSeconds(timerBefore))
  await shot('resumed')

  await page.getByRole('button', { name: 'Run Tests' }).click()
  await expect(page.getByText('2 / 2 tests passed')).toBeVisible()
  await shot('tests')

  // The telemetry reached the server, each event once, with the candidate token and never a recruiter session.
  await expect.poll(() => [...api.events.values()].map((e) => e.type)).toEqual(expect.arrayContaining(['snapshot', 'paste', 'run_click', 'chat_insert', 'test_click']))
  const paste = [...api.events.values()].find((e) => e.type === 'paste')
  expect(paste.data).toMatchObject({ text: '# pasted note\n', chars: 14 })
  const insert = [...api.events.values()].find((e) => e.type === 'chat_insert')
  expect(insert.data.chars).toBe(AI_CODE.length)
  for (const headers of api.headers) {
    expect(headers['x-assessment-token']).toBe(TOKEN)
    expect(headers.authorization).toBeUndefined()
  }

  await page.getByRole('button', { name: 'Submit' }).click()
  const dialog = page.getByRole('dialog', { name: 'Submit your solution?' })
  await expect(dialog).toContainText('left')
  await expect(dialog.getByText('You have not run the tests yet')).toHaveCount(0)
  await shot('submit-confirm')
  await dialog.getByRole('button', { name: 'Submit now' }).click()
  await expect(page.getByRole('heading', { name: 'Assessment submitted' })).toBeVisible()
  await expect(page.getByTestId('result-score')).toHaveText('8.4/10')
  await expect(page.getByTestId('result-tests')).toHaveText('5/6')
  await expect(page.getByText('Passed 5 of 6 hidden tests.')).toBeVisible()
  expect(api.finalCode).toBe(codeBefore)
  await shot('results')
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('tali_candidate')))).toEqual([])
})

test('candidate: the chat says plainly when no AI provider is configured; the rest still works', async ({ page }) => {
  await mockCandidateApi(page, { aiConfigured: false })
  await page.goto(`/#/assess/${TOKEN}`)
  await page.getByRole('button', { name: 'Start the assessment' }).click()
  await waitForMonaco(page)
  await expect(page.getByRole('region', { name: 'AI assistant' }).getByRole('alert')).toHaveText(/AI assistant is not configured/)
  await expect(page.getByLabel('Message the AI assistant')).toBeDisabled()
  await page.getByRole('button', { name: 'Run Code' }).click()
  await expect(page.getByLabel('Standard output')).toContainText("['a']")
  await screenshot(page, 'candidate-ai-not-configured')
})

test('candidate: loading screen, outage banner while events fail, red timer, automatic submit at 0:00', async ({ page }) => {
  const api = await mockCandidateApi(page, { durationSeconds: 20, startDelayMs: 1500 })
  await page.goto(`/#/assess/${TOKEN}`)
  await page.getByRole('button', { name: 'Start the assessment' }).click()
  await expect(page.getByRole('progressbar', { name: 'Preparing your workspace' })).toBeVisible()
  await page.screenshot({ path: 'test-results/screenshots/candidate-starting.png' })
  await waitForMonaco(page)
  const timer = page.getByRole('timer')
  await expect(timer).toHaveClass(/bg-red-600/)

  api.eventsDown = true
  await page.getByRole('button', { name: 'Run Code' }).click()
  await expect(page.getByText(/Connection lost\. Keep working/)).toBeVisible()
  await page.screenshot({ path: 'test-results/screenshots/candidate-offline.png' })
  api.eventsDown = false
  await expect(page.getByText(/Connection lost/)).toHaveCount(0, { timeout: 15000 })
  expect([...api.events.values()].map((e) => e.type)).toContain('run_click')

  await expect(page.getByText('Time was up, so your work was submitted automatically.')).toBeVisible({ timeout: 30000 })
  await expect(page.getByTestId('result-score')).toHaveText('8.4/10')
  expect(api.submits).toBe(1)
  expect(api.finalCode).toContain('def parse(text):')
  await screenshot(page, 'candidate-auto-submitted')
})

for (const [status, title] of [[404, 'This link is not valid'], [410, 'This link has expired'], [409, 'Assessment already submitted']]) {
  test(`candidate: a ${status} token gets its own page`, async ({ page }) => {
    await mockCandidateApi(page, { tokenStatus: status })
    await page.goto(`/#/assess/${TOKEN}`)
    await expect(page.getByRole('heading', { name: title })).toBeVisible()
    await screenshot(page, `candidate-token-${status}`)
  })
}

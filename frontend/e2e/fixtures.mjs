import { test as base, expect } from '@playwright/test'
import { register, uniqueUser } from './api.mjs'

export { expect }

const LOCAL = /^(https?:\/\/127\.0\.0\.1[:/]|data:|blob:|about:)/

// Every test: its pages (popups included) talk to nobody but 127.0.0.1 and throw nothing uncaught.
export const test = base.extend({
  page: async ({ page }, use) => {
    const outside = []
    const crashes = []
    page.context().on('request', (request) => {
      if (!LOCAL.test(request.url())) outside.push(request.url())
    })
    page.context().on('weberror', (webError) => {
      const error = webError.error()
      crashes.push(`${error.name}: ${error.message}\n${error.stack ?? ''}`)
    })
    await use(page)
    expect(crashes, 'uncaught errors in the page').toEqual([])
    expect(outside, 'requests that left 127.0.0.1').toEqual([])
  },
})

export async function logIn(page, user) {
  await page.goto('/#/login')
  await page.getByLabel('Email').fill(user.email)
  await page.getByLabel('Password').fill(user.password)
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(page.getByTestId('user-email')).toHaveText(user.email)
}

export async function signedIn(page, prefix) {
  const user = uniqueUser(prefix)
  await register(page.request, user)
  await logIn(page, user)
  return user
}

// Callers wait for the content they assert on; this only lets fonts settle. (networkidle is not used: it
// never fires while a sandboxed srcdoc iframe is on the page.)
export async function screenshot(page, name) {
  await page.evaluate(() => document.fonts.ready)
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true })
}

// Puts code into the index-th Monaco editor the way a recruiter would: paste. Pasting is verbatim, whereas
// typed newlines get auto-indent from a lazily loaded grammar, which makes the result timing-dependent.
export async function pasteIntoEditor(page, index, code) {
  const editor = await waitForMonaco(page, index)
  await editor.locator('.view-lines').click()
  await page.evaluate((text) => navigator.clipboard.writeText(text), code)
  await page.keyboard.press('Control+V')
  await expect(editor).toContainText(code.split('\n')[0])
}

export async function waitForMonaco(page, index = 0) {
  const editor = page.locator('.monaco-editor').nth(index)
  await expect(editor.locator('.view-lines')).toBeVisible()
  return editor
}

// Monaco renders spaces as no-break spaces; this is the visible text as plain text (only the lines on screen).
export async function editorText(page, index = 0) {
  const text = await page.locator('.monaco-editor .view-lines').nth(index).innerText()
  return text.replace(/\u00a0/g, ' ')
}

// The Python grammar loads lazily; once tokens have several colours, the editor has its language.
export async function waitForPythonColours(page) {
  await expect
    .poll(() => page.locator('.monaco-editor .view-lines span[class^="mtk"]').evaluateAll((els) => new Set(els.map((e) => e.className)).size))
    .toBeGreaterThanOrEqual(3)
}

export async function goToSection(page, name) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click()
}

// Opens the candidate's link, starts, submits the starter as it is, and waits for the understanding check's
// questions (the Debugging Challenge asks them).
export async function submitToUnderstandingCheck(page, token) {
  await page.goto(`/#/assess/${token}`)
  await page.getByRole('button', { name: 'Start the assessment' }).click()
  await waitForMonaco(page)
  await page.getByRole('button', { name: 'Submit', exact: true }).click()
  await page.getByRole('button', { name: 'Submit now' }).click()
  await expect(page.getByRole('heading', { name: 'Three short questions' })).toBeVisible({ timeout: 60_000 })
}

// After a submit, the Debugging Challenge (a template: the understanding check is on) asks three questions
// before the results; tests about something else skip them. Tasks without the check go straight to the results.
export async function skipUnderstandingCheck(page) {
  const check = page.getByRole('heading', { name: 'Three short questions' })
  const done = page.getByRole('heading', { name: 'Assessment submitted' })
  await expect(check.or(done)).toBeVisible({ timeout: 60_000 })
  if (await check.isVisible()) {
    await page.getByRole('button', { name: 'Skip the questions' }).click()
    await page.getByRole('dialog', { name: 'Skip the questions?' }).getByRole('button', { name: 'Skip', exact: true }).click()
  }
}

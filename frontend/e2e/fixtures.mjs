import { test as base, expect } from '@playwright/test'
import { MODE } from './mode.mjs'
import { installFakeApi } from './fakeApi.mjs'

export { expect }

const LOCAL = /^(https?:\/\/127\.0\.0\.1[:/]|data:|blob:|about:)/

// Every test: the fake API for whatever the server does not answer yet, and a check that the page talked
// to nobody but 127.0.0.1 and threw nothing uncaught.
export const test = base.extend({
  page: async ({ page }, use) => {
    const outside = []
    const crashes = []
    page.on('request', (request) => {
      if (!LOCAL.test(request.url())) outside.push(request.url())
    })
    page.on('pageerror', (error) => crashes.push(`${error.name}: ${error.message}\n${error.stack ?? ''}`))
    await installFakeApi(page, { passthrough: MODE === 'real' })
    await use(page)
    expect(crashes, 'uncaught errors in the page').toEqual([])
    expect(outside, 'requests that left 127.0.0.1').toEqual([])
  },
})

let counter = 0
export function uniqueUser(prefix = 'recruiter') {
  counter += 1
  const stamp = `${Date.now().toString(36)}${counter}`
  return { email: `${prefix}.${stamp}@example.com`, password: 'e2e-password-1', full_name: `E2E ${prefix} ${stamp}`, organization_name: `Org ${stamp}` }
}

// Registers through the API from inside the page, so the fake API (page routes) sees it too.
export async function registerViaApi(page, user) {
  await page.goto('/#/')
  const status = await page.evaluate(async (body) => {
    const response = await fetch('/api/v1/auth/register', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
    return response.status
  }, user)
  expect(status).toBe(201)
}

export async function logIn(page, user) {
  await page.goto('/#/login')
  await page.getByLabel('Email').fill(user.email)
  await page.getByLabel('Password').fill(user.password)
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(page.getByTestId('user-email')).toHaveText(user.email)
}

export async function signedIn(page, prefix) {
  const user = uniqueUser(prefix)
  await registerViaApi(page, user)
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

export async function goToSection(page, name) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click()
}

import { uniqueUser } from './api.mjs'
import { expect, logIn, screenshot, test } from './fixtures.mjs'

test('register, log in, see the email, log out, and be kept out of protected pages', async ({ page }) => {
  const user = uniqueUser('auth')
  await page.goto('/#/register')
  await page.getByLabel('Full name').fill(user.full_name)
  await page.getByLabel('Email').fill(user.email)
  await page.getByLabel('Password', { exact: true }).fill(user.password)
  await page.getByLabel('Confirm password').fill(user.password)
  await page.getByLabel('Organization name (optional)').fill(user.organization_name)
  await page.getByRole('button', { name: 'Create account' }).click()

  await expect(page).toHaveURL(/#\/login\?registered=1$/)
  await expect(page.getByRole('status')).toHaveText('Account created. Log in to continue.')

  await logIn(page, user)
  await expect(page).toHaveURL(/#\/dashboard$/)
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible()
  await expect(page.getByText('Active Assessments')).toBeVisible()

  await page.getByTestId('user-email').click()
  await page.getByRole('menuitem', { name: 'Logout' }).click()
  await expect(page).toHaveURL(/#\/$/)
  await expect(page.getByRole('heading', { name: 'Screen AI-Era Engineers in 30 Minutes' })).toBeVisible()

  await page.goto('/#/assessments')
  await expect(page).toHaveURL(/#\/$/)
  expect(await page.evaluate(() => localStorage.getItem('tali_access_token'))).toBeNull()
})

test('register refuses a duplicate email and login shows a failed attempt', async ({ page }) => {
  const user = uniqueUser('dup')
  for (const attempt of [1, 2]) {
    await page.goto('/#/register')
    await page.getByLabel('Full name').fill(user.full_name)
    await page.getByLabel('Email').fill(user.email)
    await page.getByLabel('Password', { exact: true }).fill(user.password)
    await page.getByLabel('Confirm password').fill(user.password)
    await page.getByRole('button', { name: 'Create account' }).click()
    if (attempt === 1) await expect(page).toHaveURL(/#\/login/)
  }
  await expect(page.getByRole('alert')).toHaveText('Email already registered')
  await screenshot(page, 'register-error')

  await page.goto('/#/login')
  await page.getByLabel('Email').fill(user.email)
  await page.getByLabel('Password').fill('wrong-password')
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(page.getByRole('alert')).toHaveText('Incorrect email or password')
  await screenshot(page, 'login-error')
})

import { uniqueUser } from './api.mjs'
import { expect, logIn, screenshot, signedIn, test } from './fixtures.mjs'

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

test('Settings → Account: rename, change the email and the password, then log in with the new ones', async ({
  page,
}) => {
  const user = await signedIn(page, 'account')
  await page.goto('/#/settings')
  const details = page.getByRole('form', { name: 'Account details' })
  await details.getByLabel('Name').fill('Renamed Recruiter')
  const email = `renamed-${user.email}`
  await details.getByLabel('Email').fill(email)
  await details.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByText('Account saved')).toBeVisible()
  await expect(page.getByTestId('user-email')).toHaveText(email)

  const password = page.getByRole('form', { name: 'Change password' })
  await password.getByLabel('Current password').fill('not my password')
  await password.getByLabel('New password', { exact: true }).fill('a fresh passphrase')
  await password.getByLabel('Confirm new password').fill('a fresh passphrase')
  await password.getByRole('button', { name: 'Change password' }).click()
  await expect(password.getByRole('alert')).toHaveText('Current password is incorrect')
  await password.getByLabel('Current password').fill(user.password)
  await password.getByRole('button', { name: 'Change password' }).click()
  await expect(page.getByText('Password changed. Other devices were signed out.')).toBeVisible()
  // The page still works with the session the change answered.
  await page.reload()
  await expect(page.getByTestId('user-email')).toHaveText(email)
  await screenshot(page, 'settings-account')

  await page.getByTestId('user-email').click()
  await page.getByRole('menuitem', { name: 'Logout' }).click()
  await logIn(page, { email, password: 'a fresh passphrase' })
})

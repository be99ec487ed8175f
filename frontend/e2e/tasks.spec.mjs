import { expect, goToSection, screenshot, signedIn, test } from './fixtures.mjs'

test('generate a task with AI: the proven draft fills the form, the recruiter reviews and saves it', async ({ page }) => {
  await signedIn(page, 'generate')
  await goToSection(page, 'Tasks')
  await page.getByRole('button', { name: 'Generate with AI' }).click()
  const dialog = page.getByRole('dialog', { name: 'Generate a task with AI' })
  await dialog.getByLabel('What should the task assess?').fill('A short debugging task about computing a median')
  await dialog.getByLabel('Difficulty (optional)').selectOption({ label: 'Junior' })
  await screenshot(page, 'generate-task-modal')
  await dialog.getByRole('button', { name: 'Generate' }).click()

  // The mock AI's draft was proved in the sandbox before it reached the form: 2 of 4 hidden tests fail on the starter.
  await expect(page.getByRole('note')).toContainText('the starter passes 2/4 hidden tests, the reference solution 4/4')
  await expect(page.getByLabel('Name')).toHaveValue('Median of a list')
  await expect(page.locator('.monaco-editor').first()).toContainText('def median(values):')
  await screenshot(page, 'generated-task-form')

  await page.getByRole('button', { name: 'Create task' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Task "Median of a list" created — tests proved: starter passes 2/4, reference 4/4' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'View Median of a list' })).toBeVisible()
  await screenshot(page, 'tasks-after-generate')
})

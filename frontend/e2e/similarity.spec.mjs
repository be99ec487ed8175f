import { recruiter, sendAssessment } from './api.mjs'
import { expect, logIn, screenshot, test } from './fixtures.mjs'

// Similarity (issue 18): a second candidate submits a renamed copy of the first one's helper; the report says it
// needs review, and the Similarity tab shows the matching regions side by side.
const API = '/api/v1'
const HELPER = `

def summarize_orders(orders, threshold):
    totals = {}
    for order in orders:
        key = order['customer']
        totals[key] = totals.get(key, 0) + order['amount']
    big = [name for name, amount in totals.items() if amount >= threshold]
    big.sort(key=lambda name: (-totals[name], name))
    report = []
    for name in big:
        report.append(f'{name}: {totals[name]:.2f}')
    return '\\n'.join(report)
`
const RENAMED = HELPER.replaceAll('summarize_orders', 'order_digest').replaceAll('totals', 'sums').replaceAll('order', 'row').replaceAll('report', 'lines')

async function submit(request, assessment, code) {
  const headers = { 'X-Assessment-Token': assessment.token }
  const start = await request.post(`${API}/assessments/token/${assessment.token}/start`, { headers })
  expect(start.ok()).toBeTruthy()
  const { task } = await start.json()
  const done = await request.post(`${API}/assessments/${assessment.id}/submit`, { headers, data: { final_code: task.starter_code + code } })
  expect(done.ok(), await done.text()).toBeTruthy()
}

test('recruiter: a copied submission needs review and is shown side by side', async ({ page, request }) => {
  const { user, headers } = await recruiter(request, 'similar')
  const first = await sendAssessment(request, headers, { candidateName: 'Alan Turing' })
  await submit(request, first, HELPER)
  const second = await sendAssessment(request, headers, { candidateName: 'Copy Cat' })
  await submit(request, second, RENAMED)

  await logIn(page, user)
  await page.goto(`/#/assessments/${second.id}`)
  await expect(page.getByTestId('needs-review')).toContainText(`submission of Alan Turing (assessment ${first.id})`, { timeout: 30_000 })
  await page.getByTestId('needs-review').getByRole('button', { name: 'compare the code side by side' }).click()
  await expect(page.getByRole('tab', { name: 'Similarity' })).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByRole('button', { name: /Alan Turing's submission/ })).toBeVisible()
  const view = page.getByTestId('similarity-side-by-side')
  await expect(view.getByRole('region', { name: 'This submission' })).toContainText('def row_digest(rows, threshold):')
  await expect(view.getByRole('region', { name: /Alan Turing's submission/ })).toContainText('def summarize_orders(orders, threshold):')
  await expect(view.locator('[data-matched="true"]').first()).toBeVisible()
  await view.getByRole('button', { name: /^Lines \d+–\d+ ↔ \d+–\d+$/ }).first().click()
  await screenshot(page, 'similarity-side-by-side')

  // The assessments list says the same: a badge with the reason as its tooltip, and a filter. The first
  // submission needs review too (the copy's match is stored both ways).
  await page.goto('/#/assessments')
  // By the name cell: the badge's reason names the other candidate too.
  const row = (name) => page.getByRole('row').filter({ has: page.getByText(name, { exact: true }) })
  const badge = row('Copy Cat').getByTestId('needs-review-badge')
  await expect(badge).toHaveText(/^Needs review/)
  await expect(badge).toHaveAttribute('title', new RegExp(`% of the submitted code matches the submission of Alan Turing \\(assessment ${first.id}\\)$`))
  await expect(row('Alan Turing').getByTestId('needs-review-badge')).toBeVisible()
  await page.getByLabel('Review', { exact: true }).selectOption('true')
  await expect(row('Copy Cat')).toBeVisible()
  await expect(page.getByTestId('needs-review-badge')).toHaveCount(2)
  await screenshot(page, 'similarity-list-needs-review')
  await page.getByLabel('Review', { exact: true }).selectOption('false')
  await expect(page.getByText('No matching assessments')).toBeVisible()
})

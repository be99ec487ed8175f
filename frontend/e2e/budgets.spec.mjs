import { recruiter, sendAssessment } from './api.mjs'
import { expect, test, waitForMonaco, waitForPythonColours } from './fixtures.mjs'

// What a page costs on the wire: the bytes each response carried (compressed, as sent), by resource type. A
// budget that grows past its limit fails here, before a candidate on hotel Wi-Fi notices.
const KB = 1024
const LANDING_JS = 60 * KB
const IDE_TOTAL = 1000 * KB

function meter(page) {
  const responses = []
  page.on('requestfinished', (request) => responses.push(request))
  return async () => {
    let js = 0
    let total = 0
    for (const request of responses) {
      const { responseBodySize } = await request.sizes()
      total += responseBodySize
      if (request.resourceType() === 'script' || /\.m?js$/.test(new URL(request.url()).pathname)) js += responseBodySize
    }
    return { js, total }
  }
}

test('the landing page ships at most 60 kB of compressed JavaScript', async ({ page }) => {
  const measure = meter(page)
  await page.goto('/#/')
  await expect(page.getByRole('heading', { name: 'Screen AI-Era Engineers in 30 Minutes' })).toBeVisible()
  const { js } = await measure()
  console.log(`landing page: ${(js / KB).toFixed(1)} kB of JavaScript on the wire`)
  expect(js).toBeGreaterThan(0)
  expect(js).toBeLessThanOrEqual(LANDING_JS)
})

test('the candidate IDE, Monaco included, arrives in at most 1.0 MB', async ({ page, request }) => {
  const { headers } = await recruiter(request, 'budget')
  const assessment = await sendAssessment(request, headers)
  const measure = meter(page)
  await page.goto(`/#/assess/${assessment.token}`)
  await page.getByRole('button', { name: 'Start the assessment' }).click()
  await waitForMonaco(page)
  await waitForPythonColours(page)
  const { js, total } = await measure()
  console.log(`candidate IDE: ${(total / KB).toFixed(1)} kB on the wire, ${(js / KB).toFixed(1)} kB of it JavaScript`)
  expect(total).toBeLessThanOrEqual(IDE_TOTAL)
})

test('assets are sent brotli-compressed and cached for good', async ({ page }) => {
  const scripts = []
  page.on('response', (response) => new URL(response.url()).pathname.startsWith('/assets/') && scripts.push(response))
  await page.goto('/#/')
  await expect(page.getByRole('heading', { name: 'Screen AI-Era Engineers in 30 Minutes' })).toBeVisible()
  const script = scripts.find((response) => response.url().endsWith('.js'))
  const headers = await script.allHeaders()
  expect(headers['content-encoding']).toBe('br')
  expect(headers.vary).toContain('accept-encoding')
  expect(headers['cache-control']).toContain('immutable')
})

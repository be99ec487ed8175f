import { completeAssessment, recruiter, sendAssessment } from './api.mjs'
import { expect, logIn, screenshot, test } from './fixtures.mjs'

// The report's tab row on narrow screens (issue 18): it never wraps onto a second line, it scrolls sideways, and
// the arrow keys bring the selected tab into view. Every tab is opened at each width and photographed.
const TABS = ['Test Results', 'AI Usage', 'Timeline', 'Code Review', 'Replay', 'Similarity', 'Understanding']
const WIDTHS = [
  { width: 375, height: 800 },
  { width: 768, height: 1024 },
  { width: 1280, height: 800 },
]

test('recruiter: the report tabs stay on one scrolling row at phone, tablet and desktop widths', async ({ page, request }) => {
  const { user, headers } = await recruiter(request, 'tabs')
  const assessment = await sendAssessment(request, headers, { candidateName: 'Grace Hopper' })
  await completeAssessment(request, assessment)
  await logIn(page, user)

  for (const size of WIDTHS) {
    await page.setViewportSize(size)
    await page.goto(`/#/assessments/${assessment.id}`)
    const list = page.getByRole('tablist', { name: 'Report sections' })
    await expect(list.getByRole('tab')).toHaveCount(TABS.length)
    // One line: every tab starts at the same height, and the row is as tall as one tab.
    const boxes = await list.getByRole('tab').evaluateAll((tabs) => tabs.map((t) => t.getBoundingClientRect().toJSON()))
    expect(new Set(boxes.map((b) => Math.round(b.top))).size, JSON.stringify(boxes)).toBe(1)
    const row = await list.boundingBox()
    expect(Math.round(row.height)).toBe(Math.round(boxes[0].height))
    // At desktop width every tab fits without scrolling.
    if (size.width >= 1280) expect(await list.evaluate((l) => l.scrollWidth - l.clientWidth)).toBe(0)
    // The page itself never scrolls sideways because of the row.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width)

    // Keyboard: from the first tab, End selects the last one and scrolls it into the row's view.
    await list.getByRole('tab', { name: TABS[0] }).focus()
    await page.keyboard.press('End')
    const last = list.getByRole('tab', { name: TABS[TABS.length - 1] })
    await expect(last).toHaveAttribute('aria-selected', 'true')
    await expect(last).toBeFocused()
    await expect.poll(() => inRow(list, last)).toBe(true)
    await page.keyboard.press('Home')
    await expect(list.getByRole('tab', { name: TABS[0] })).toHaveAttribute('aria-selected', 'true')
    await expect.poll(() => inRow(list, list.getByRole('tab', { name: TABS[0] }))).toBe(true)

    for (const name of TABS) {
      await list.getByRole('tab', { name }).click()
      await expect(list.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true')
      await expect(page.getByRole('tabpanel', { name })).toBeVisible()
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${size.width}`).toBeLessThanOrEqual(size.width)
      // The tabs and their panel only (the whole page at 375 px is several screens tall).
      await list.locator('xpath=../..').screenshot({ path: `test-results/screenshots/detail-tabs-${size.width}-${name.toLowerCase().replace(/ /g, '-')}.png` })
    }
    await screenshot(page, `detail-tabs-${size.width}`)
  }
})

// Whether `tab` lies wholly inside the visible part of the scrolling row.
async function inRow(list, tab) {
  const row = await list.boundingBox()
  const box = await tab.boundingBox()
  return box.x >= row.x - 1 && box.x + box.width <= row.x + row.width + 1
}

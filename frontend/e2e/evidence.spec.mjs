import { completeAssessment, recruiter, sendAssessment } from './api.mjs'
import { expect, logIn, screenshot, test } from './fixtures.mjs'

// Evidence you can click (issue 22): a link in a signal's explanation opens the cited run in the timeline, and a
// prompt link opens that prompt in the AI Usage tab, each named as the timeline numbers it.
const signal = (page, title) => page.getByTestId('signal').filter({ has: page.getByRole('heading', { name: title, exact: true }) })

test('recruiter: an evidence chip opens the cited test run on the timeline and the cited prompt on the AI tab', async ({ page, request }) => {
  const { user, headers } = await recruiter(request, 'evidence')
  const assessment = await sendAssessment(request, headers, { candidateName: 'Edsger Dijkstra' })
  await completeAssessment(request, assessment)
  await logIn(page, user)
  await page.goto(`/#/assessments/${assessment.id}`)
  await expect(page.getByRole('heading', { name: 'Edsger Dijkstra' })).toBeVisible()

  // The correctness sentence cites the last visible-test run: the session ran the tests once.
  const correctness = signal(page, 'Correctness')
  await expect(correctness).not.toContainText('[test run')
  const chip = correctness.getByRole('button', { name: /^Test run #1 at \d\d:\d\d into the session$/ }).first()
  await expect(chip).toBeVisible()
  await screenshot(page, 'evidence-signals')
  await chip.click()
  await expect(page.getByRole('tab', { name: 'Timeline' })).toHaveAttribute('aria-selected', 'true')
  const run = page.locator('#evidence-test-run-1')
  await expect(run).toHaveAttribute('aria-current', 'true')
  await expect(run).toBeInViewport()
  await expect(run).toContainText('Test run #1')
  await expect(run).toContainText('Ran the visible tests')
  await screenshot(page, 'evidence-timeline')

  // The one prompt is not enough evidence for prompt quality; its link still opens the prompt.
  const prompts = signal(page, 'Prompt quality')
  await expect(prompts).toContainText('Not enough evidence')
  await prompts.getByRole('button', { name: /^Prompt #1 at \d\d:\d\d into the session$/ }).first().click()
  await expect(page.getByRole('tab', { name: 'AI Usage' })).toHaveAttribute('aria-selected', 'true')
  const prompt = page.locator('#evidence-prompt-1')
  await expect(prompt).toHaveAttribute('aria-current', 'true')
  await expect(prompt).toContainText('Which function rounds money?')
  // The reply renders as Markdown, its code coloured by the editor's own grammar.
  await prompt.getByText('AI response').click()
  const reply = prompt.getByTestId('ai-reply')
  await expect(reply).not.toContainText('```')
  await expect(reply.locator('code[data-highlighted="true"] span[class*="mtk"]').first()).toBeVisible()
  await screenshot(page, 'evidence-prompt')

  // The code tab opens on the change against the starter code; this session submitted the starter unchanged.
  await page.getByRole('tab', { name: 'Code Review' }).click()
  await expect(page.getByRole('button', { name: 'Changes from the starter' })).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByRole('tabpanel')).toContainText('The submitted code is the starter code, unchanged.')
})

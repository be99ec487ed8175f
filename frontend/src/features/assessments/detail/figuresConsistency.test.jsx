// One source per figure (issue 22): every view of the detail page renders a fixture session's report, and each
// figure shows the same value under the same label everywhere, equal to the engine's own number.
import { cleanup, render, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import verifier from '../../../../../backend/crates/scoring/tests/fixtures/expected/a_verifier.json'
import undone from '../../../../../backend/crates/scoring/tests/fixtures/expected/issue22_undone_insert.json'
import { formatScore } from '../../../lib/format.js'
import SignalsPanel from '../../../shared/assessments/SignalsPanel.jsx'
import AiUsageTab from './AiUsageTab.jsx'
import SubScores from './SubScores.jsx'

afterEach(cleanup)

const STATUS = { not_applicable: 'Not applicable', insufficient: 'Not enough evidence', not_graded: 'Not graded' }

function expected(signal) {
  return signal.status.status === 'scored' ? formatScore(signal.status.score) : STATUS[signal.status.status]
}

// label → figure text, from every labelled box of a rendered view.
function figuresIn(container, selector, labelOf, valueOf) {
  return Object.fromEntries([...container.querySelectorAll(selector)].map((box) => [labelOf(box), valueOf(box)]))
}

function views(report) {
  const prompts = Array.from({ length: 2 }, (_, i) => ({ message: `prompt ${i + 1}`, created_at: '2026-12-04T09:00:00Z' }))
  const signals = render(<SignalsPanel report={report} />).container
  const ai = render(<AiUsageTab prompts={prompts} report={report} />).container
  const code = render(
    <dl>
      <SubScores report={report} />
    </dl>,
  ).container
  return {
    signals: {
      ...figuresIn(signals, '[data-testid="signal"]', (b) => b.querySelector('h3').textContent, (b) => b.querySelector('h3').nextSibling.textContent),
      ...figuresIn(signals, '[data-testid="ai-collaboration"]', (b) => b.querySelector('h3').textContent, (b) => b.lastChild.textContent),
    },
    ai: figuresIn(ai, '.grid > div', (b) => b.firstChild.textContent, (b) => b.lastChild.textContent),
    code: figuresIn(code, 'dl > div', (b) => b.querySelector('dt').textContent, (b) => b.querySelector('dd').textContent),
  }
}

describe.each([
  ['the verifier persona', verifier],
  ['issue 22: one prompt, an undone insert, three test runs', undone],
])('every view of %s', (_, report) => {
  it('shows each figure once, with the same label and value as the engine', () => {
    const all = views(report)
    expect(Object.keys(all.signals)).toHaveLength(report.signals.length + 1)
    expect(Object.keys(all.ai)).toHaveLength(5)
    expect(Object.keys(all.code)).toHaveLength(3)
    const engine = Object.fromEntries(report.signals.map((s) => [s.title, expected(s)]))
    engine['AI collaboration'] = typeof report.ai_collaboration === 'number' ? formatScore(report.ai_collaboration) : report.ai_collaboration_note
    for (const [view, figures] of Object.entries(all)) {
      for (const [label, value] of Object.entries(figures)) {
        if (label === 'Total prompts') continue
        expect(engine, `${view} shows "${label}", which the engine does not name`).toHaveProperty([label])
        expect(value, `${view}: ${label}`).toBe(engine[label])
      }
    }
    // The AI figures appear in both the Signals panel and the AI Usage tab; the sub-scores in the Code Review tab.
    for (const label of ['AI collaboration', 'AI-usage efficiency', 'Prompt quality', 'Verification of AI output']) {
      expect(all.ai[label]).toBe(all.signals[label])
    }
    for (const label of ['Code quality', 'Time efficiency', 'AI collaboration']) {
      expect(all.code[label]).toBe(all.signals[label])
    }
  })
})

describe('signals left out of the total', () => {
  it('lists each with its reason', () => {
    const { getByTestId } = render(<SignalsPanel report={undone} />)
    const note = within(getByTestId('left-out'))
    for (const l of undone.left_out) expect(note.getByText(new RegExp(`${l.title} \\(${l.reason}\\)`))).toBeInTheDocument()
  })
})

describe('AI replies', () => {
  it('render as Markdown, code in a block, no raw fences', () => {
    const prompts = [{ message: 'Why?', created_at: '2026-12-04T09:00:00Z', t_prompt_ms: 61_000, response: 'Use **this**:\n```python\nx = 1\n```\n' }]
    const { container, getByTestId, getByText } = render(<AiUsageTab prompts={prompts} report={undone} />)
    expect(getByTestId('chat-code-block')).toHaveTextContent('x = 1')
    expect(container.textContent).not.toContain('```')
    expect(getByText('Prompt #1 at 01:01 into the session', { exact: false })).toBeInTheDocument()
  })
})

import { describe, expect, it } from 'vitest'
import { evidenceTarget, explanationParts, humanLabel, parseLabel } from './evidence.js'

const timeline = [
  { ref: 'test run 3', t_ms: 244_000 },
  { ref: 'prompt 1', t_ms: 60_500 },
  { ref: 'run 2', t_ms: 5_000 },
]

describe('human labels use the timeline numbering and session time', () => {
  it.each([
    [{ kind: 'test_run', id: 3, test: null }, 'Test run #3 at 04:04 into the session'],
    [{ kind: 'exchange', id: 1 }, 'Prompt #1 at 01:00 into the session'],
    [{ kind: 'run', id: 2 }, 'Run #2 at 00:05 into the session'],
    [{ kind: 'run', id: 9 }, 'Run #9'],
    [{ kind: 'snap_diff', from: 1, to: 2 }, 'Code change 1→2'],
    [{ kind: 'final' }, 'Submitted code'],
    [{ kind: 'hidden_test', name: 'test_hidden::test_tax' }, 'Hidden test test_hidden::test_tax'],
  ])('%j', (ref, label) => expect(humanLabel(ref, timeline)).toBe(label))
})

describe('engine link labels', () => {
  it.each([
    ['test run 3', { kind: 'test_run', id: 3, test: null }],
    ['test run 4: test_rows', { kind: 'test_run', id: 4, test: 'test_rows' }],
    ['run 7', { kind: 'run', id: 7 }],
    ['prompt 2', { kind: 'exchange', id: 2 }],
    ['snap 41→42', { kind: 'snap_diff', from: 41, to: 42 }],
    ['snap 3 lines 10-12', { kind: 'lines', seq: 3, from: 10, to: 12 }],
    ['snap final', { kind: 'final' }],
    ['test test_hidden::test_tax', { kind: 'hidden_test', name: 'test_hidden::test_tax' }],
    ['not a link', null],
  ])('%s', (label, ref) => expect(parseLabel(label)).toEqual(ref))

  it('splits prose into text and links, leaving no raw token', () => {
    const parts = explanationParts('Visible tests at their last run: 2/2 [test run 3]. Asked [prompt 1] [snap final].')
    expect(parts.filter((p) => p.ref).map((p) => p.ref.kind)).toEqual(['test_run', 'exchange', 'final'])
    expect(parts.map((p) => p.text ?? '').join('')).not.toMatch(/\[/)
  })

  it('opens runs on the timeline, prompts on the AI tab, code on the code tab, pastes and absences in the replay', () => {
    expect(evidenceTarget({ kind: 'test_run', id: 3 })).toEqual({ tab: 'timeline', anchor: 'evidence-test-run-3' })
    expect(evidenceTarget({ kind: 'exchange', id: 1 })).toEqual({ tab: 'ai', anchor: 'evidence-prompt-1' })
    expect(evidenceTarget({ kind: 'final' }).tab).toBe('code')
    const timeline = [
      { type: 'paste', ref: 'paste 1', t_ms: 61_000 },
      { type: 'focus_lost', t_ms: 70_000 },
      { type: 'focus_lost', t_ms: 90_000 },
    ]
    expect(evidenceTarget({ kind: 'paste', index: 1 }, timeline)).toEqual({ tab: 'replay', anchor: null, t: 61_000 })
    expect(evidenceTarget({ kind: 'focus', index: 2 }, timeline)).toEqual({ tab: 'replay', anchor: null, t: 90_000 })
    expect(evidenceTarget({ kind: 'paste', index: 2 }, timeline)).toBeNull()
  })
})

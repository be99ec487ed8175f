import { describe, expect, it } from 'vitest'
import { activityTimes, buildMarkers, codeAt, nextActivity, previousMarker, rebuildStates, replayHash } from './replayData.js'
import { replayKeyAction } from './replayKeys.js'

// The server's encoding (backend/src/recruiting/replay.rs): common leading and trailing lines kept, the rest sent.
function encode(codes) {
  let before = []
  return codes.map((code, i) => {
    const after = code.split('\n')
    let start = 0
    while (start < before.length && start < after.length && before[start] === after[start]) start++
    let end = 0
    const room = Math.min(before.length, after.length) - start
    while (end < room && before[before.length - 1 - end] === after[after.length - 1 - end]) end++
    before = after
    return { at: i * 1000, keep_start: start, keep_end: end, lines: after.slice(start, after.length - end) }
  })
}

// A small seeded generator, so a failure can be replayed.
function random(seed) {
  let s = seed
  return (n) => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s % n
  }
}

describe('rebuildStates', () => {
  it('rebuilds every state of random edit sequences exactly', () => {
    const alphabet = ['a', 'b', ' ', 'é', '💡', '']
    for (let seed = 1; seed <= 200; seed++) {
      const next = random(seed)
      const codes = []
      let lines = ['']
      for (let step = 0; step < 30; step++) {
        const at = next(lines.length + 1)
        const remove = Math.min(next(4), lines.length - at)
        const insert = Array.from({ length: next(4) }, () => Array.from({ length: next(5) }, () => alphabet[next(alphabet.length)]).join(''))
        lines = [...lines.slice(0, at), ...insert, ...lines.slice(at + remove)]
        codes.push(lines.join('\n'))
      }
      expect(rebuildStates(encode(codes)).map((s) => s.code)).toEqual(codes)
    }
  })

  it('keeps trailing newlines and empty texts', () => {
    const codes = ['', 'a\n', 'a\n\n', '\n', 'x\na\nx', 'x\nx', '']
    expect(rebuildStates(encode(codes)).map((s) => s.code)).toEqual(codes)
  })
})

describe('the moment shown', () => {
  const states = [
    { at: 1000, code: 'one' },
    { at: 5000, code: 'two' },
  ]
  it('is the starter code before the first state and the newest state after', () => {
    expect(codeAt(states, 0, 'starter')).toBe('starter')
    expect(codeAt(states, 1000, 'starter')).toBe('one')
    expect(codeAt(states, 4999, 'starter')).toBe('one')
    expect(codeAt(states, 9000, 'starter')).toBe('two')
  })

  it('labels markers by source and orders prompts among them', () => {
    const markers = buildMarkers({
      events: [
        { at: 3000, type: 'paste', data: { source: 'clipboard', chars: 40, line: 7 } },
        { at: 9000, type: 'test_run', data: { passed: 2, total: 3 } },
      ],
      chat: [
        { at: 5000, role: 'user', content: 'Why does it fail?' },
        { at: 6000, role: 'assistant', content: 'Because.' },
      ],
    })
    expect(markers.map((m) => m.type)).toEqual(['paste', 'ai_prompt', 'test_run'])
    expect(markers[0].label).toBe('Paste from the clipboard (40 chars, line 7)')
    expect(markers[2].label).toBe('Ran the tests: 2/3 passed')
    expect(previousMarker(markers, 5000).type).toBe('paste')
    expect(previousMarker(markers, 7000).type).toBe('ai_prompt')
    expect(previousMarker(markers, 3000)).toBeNull()
    const times = activityTimes(states, markers, [])
    expect(nextActivity(times, 5000)).toBe(9000)
    expect(nextActivity(times, 9000)).toBeNull()
  })

  it('links to a moment in seconds, to the millisecond', () => {
    expect(replayHash(12, 754_000)).toBe('#/assessments/12?tab=replay&t=754')
    expect(replayHash(12, 1523)).toBe('#/assessments/12?tab=replay&t=1.523')
  })
})

describe('replay keys', () => {
  const key = (k, tagName = 'DIV', extra = {}) => replayKeyAction({ key: k, target: { tagName }, ...extra })
  it('plays, steps and jumps between markers, leaving the editor its keys', () => {
    expect(key(' ')).toEqual({ type: 'toggle' })
    expect(key(' ', 'BUTTON')).toBeNull()
    expect(key('ArrowRight')).toEqual({ type: 'step', ms: 5000 })
    expect(key('ArrowLeft', 'DIV', { shiftKey: true })).toEqual({ type: 'step', ms: -30000 })
    expect(key('ArrowLeft', 'INPUT')).toBeNull()
    expect(key(']')).toEqual({ type: 'marker', direction: 1 })
    expect(key('[', 'TEXTAREA')).toBeNull()
    expect(key('k', 'DIV', { ctrlKey: true })).toBeNull()
  })
})

import { render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import CodeDiff from './CodeDiff.jsx'
import { hunks, lineDiff } from './lineDiff.js'

describe('lineDiff', () => {
  it('marks added and removed lines against the common ones', () => {
    const diff = lineDiff('a\nb\nc', 'a\nB\nc\nd')
    expect(diff.map((l) => `${l.kind[0]}${l.text}`)).toEqual(['sa', 'rb', 'aB', 'sc', 'ad'])
    expect(diff.find((l) => l.text === 'd').new).toBe(4)
  })

  it('is all "same" for identical code', () => {
    expect(lineDiff('x\ny', 'x\ny').every((l) => l.kind === 'same')).toBe(true)
  })

  it('folds long unchanged stretches, keeping context around each change', () => {
    const before = Array.from({ length: 20 }, (_, i) => `l${i}`).join('\n')
    const after = before.replace('l10', 'L10')
    const shown = hunks(lineDiff(before, after), 2)
    expect(shown.map((l) => (l.kind === 'fold' ? `…${l.count}` : l.text))).toEqual(['…8', 'l8', 'l9', 'l10', 'L10', 'l11', 'l12', '…7'])
  })
})

describe('CodeDiff', () => {
  it('shows added and removed lines with their counts', () => {
    const { getByTestId, container } = render(<CodeDiff starter={'def f():\n    return 1\n'} final={'def f():\n    return 2\n'} />)
    expect(getByTestId('code-diff')).toHaveTextContent('1 line added, 1 removed against the starter code')
    expect(container.querySelector('[data-kind="removed"]')).toHaveTextContent('return 1')
    expect(container.querySelector('[data-kind="added"]')).toHaveTextContent('return 2')
  })
})

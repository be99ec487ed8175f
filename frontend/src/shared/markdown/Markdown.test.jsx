import { render, screen, waitFor } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as highlighter from '../../lib/highlight.js'
import Markdown from './Markdown.jsx'

vi.mock('../../lib/highlight.js', () => ({ highlight: vi.fn() }))

const REPLY = 'Use a default:\n\n```python\ndef total(q=1):\n    return q\n```\n'

describe('Markdown code blocks', () => {
  beforeEach(() => vi.clearAllMocks())

  it('shows the code highlighted by the editor grammar, with the fence language', async () => {
    highlighter.highlight.mockResolvedValue('<span class="mtk8">def</span><span class="mtk1">&nbsp;total(q=1):</span><br/>')
    const { container } = render(<Markdown text={REPLY} />)
    expect(highlighter.highlight).toHaveBeenCalledWith('def total(q=1):\n    return q', 'python')
    await waitFor(() => expect(container.querySelector('code[data-highlighted="true"] .mtk8')).toHaveTextContent('def'))
    expect(screen.getByText('python')).toBeInTheDocument()
    expect(screen.queryByText('```', { exact: false })).not.toBeInTheDocument()
  })

  it('keeps the plain code when highlighting fails', async () => {
    highlighter.highlight.mockRejectedValue(new Error('no monaco'))
    const { container } = render(<Markdown text={REPLY} />)
    await waitFor(() => expect(highlighter.highlight).toHaveBeenCalled())
    expect(container.querySelector('code[data-highlighted]')).toBeNull()
    expect(screen.getByTestId('chat-code-block')).toHaveTextContent('def total(q=1):')
  })
})

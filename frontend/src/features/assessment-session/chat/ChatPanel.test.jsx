import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import ChatPanel from './ChatPanel.jsx'

const chatState = (overrides = {}) => ({ messages: [], busy: false, error: null, unavailable: false, send: vi.fn().mockResolvedValue(true), ...overrides })

const REPLY = 'The slice `[:-1]` drops the **last** row.\n\n```python\ndef parse(text):\n    return text.splitlines()\n```\nThen run the tests.'

describe('ChatPanel', () => {
  it('puts user messages on the right in purple and assistant replies on the left in white', () => {
    render(<ChatPanel chat={chatState({ messages: [{ role: 'user', content: 'Why?' }, { role: 'assistant', content: 'Because.' }] })} />)
    const [user, assistant] = screen.getAllByRole('listitem')
    expect(user).toHaveAttribute('data-role', 'user')
    expect(user.className).toMatch(/justify-end/)
    expect(user.firstChild.className).toMatch(/bg-brand/)
    expect(assistant).toHaveAttribute('data-role', 'assistant')
    expect(assistant.className).toMatch(/justify-start/)
    expect(assistant.firstChild.className).toMatch(/bg-paper/)
  })

  it('renders Markdown with a code block that can be copied and inserted into the editor', async () => {
    const user = userEvent.setup()
    const onInsert = vi.fn()
    const writeText = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue()
    render(<ChatPanel chat={chatState({ messages: [{ role: 'assistant', content: REPLY }] })} onInsert={onInsert} />)
    expect(screen.getByText('[:-1]').tagName).toBe('CODE')
    expect(screen.getByText('last').tagName).toBe('STRONG')
    const block = screen.getByTestId('chat-code-block')
    expect(within(block).getByText('python')).toBeInTheDocument()
    await user.click(within(block).getByRole('button', { name: 'Insert into editor' }))
    expect(onInsert).toHaveBeenCalledWith('def parse(text):\n    return text.splitlines()')
    await user.click(within(block).getByRole('button', { name: 'Copy' }))
    expect(writeText).toHaveBeenCalledWith('def parse(text):\n    return text.splitlines()')
    expect(within(block).getByRole('button', { name: 'Copied' })).toBeInTheDocument()
  })

  it('never renders reply text as HTML', () => {
    render(<ChatPanel chat={chatState({ messages: [{ role: 'assistant', content: '<img src=x onerror="alert(1)">' }] })} />)
    expect(document.querySelector('img')).toBeNull()
    expect(screen.getByText('<img src=x onerror="alert(1)">')).toBeInTheDocument()
  })

  it('shows the typing indicator while a reply streams', () => {
    render(<ChatPanel chat={chatState({ busy: true, messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hel', streaming: true }] })} />)
    expect(screen.getByTestId('typing-indicator')).toBeInTheDocument()
    expect(screen.getByText('Hel')).toBeInTheDocument()
  })

  it('sends on Enter, adds a newline on Shift+Enter, and clears the input', async () => {
    const user = userEvent.setup()
    const chat = chatState()
    render(<ChatPanel chat={chat} />)
    const input = screen.getByLabelText('Message the AI assistant')
    await user.type(input, 'first line{Shift>}{Enter}{/Shift}second line')
    expect(input).toHaveValue('first line\nsecond line')
    expect(chat.send).not.toHaveBeenCalled()
    await user.keyboard('{Enter}')
    expect(chat.send).toHaveBeenCalledWith('first line\nsecond line')
    expect(input).toHaveValue('')
  })

  it('says plainly when the assistant is not configured and disables the input', () => {
    render(<ChatPanel chat={chatState({ unavailable: true })} />)
    expect(screen.getByRole('alert')).toHaveTextContent('The AI assistant is not configured')
    expect(screen.getByLabelText('Message the AI assistant')).toBeDisabled()
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled()
  })

  it('counts characters against the limit and refuses to send past it, keeping the text', async () => {
    const user = userEvent.setup()
    const chat = chatState()
    render(<ChatPanel chat={chat} maxChars={10} />)
    const input = screen.getByLabelText('Message the AI assistant')
    await user.type(input, 'short')
    expect(screen.getByTestId('chat-counter')).toHaveTextContent('5 / 10 characters')
    await user.type(input, ' but too long')
    expect(screen.getByTestId('chat-counter')).toHaveTextContent('18 / 10 characters — too long to send: shorten it by 8')
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled()
    await user.keyboard('{Enter}')
    expect(chat.send).not.toHaveBeenCalled()
    expect(input).toHaveValue('short but too long')
    expect(input).toHaveAttribute('aria-invalid', 'true')
  })

  it('puts the draft back when the message is not answered', async () => {
    const user = userEvent.setup()
    const chat = chatState({ send: vi.fn().mockResolvedValue(false) })
    render(<ChatPanel chat={chat} maxChars={4000} />)
    const input = screen.getByLabelText('Message the AI assistant')
    await user.type(input, 'Why does it fail?{Enter}')
    expect(chat.send).toHaveBeenCalledWith('Why does it fail?')
    expect(input).toHaveValue('Why does it fail?')
  })
})

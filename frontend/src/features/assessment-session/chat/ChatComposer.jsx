import { useState } from 'react'
import { Button } from '../../../components/ui/index.js'

// Characters as the server counts them (Unicode code points of the trimmed text), not UTF-16 units.
export const messageLength = (text) => [...text.trim()].length

// The message box: Enter sends, Shift+Enter adds a newline. A counter shows the server's limit; past it Send is
// disabled with the reason. The draft is cleared when a message goes out and put back if it is not answered.
export default function ChatComposer({ busy, unavailable, maxChars, send }) {
  const [draft, setDraft] = useState('')
  const length = messageLength(draft)
  const tooLong = Boolean(maxChars) && length > maxChars
  const canSend = !unavailable && !busy && length > 0 && !tooLong

  const submit = async () => {
    if (!canSend) return
    const text = draft
    setDraft('')
    const answered = await send(text)
    if (!answered) setDraft((current) => (current === '' ? text : current))
  }

  const onKeyDown = (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault()
      submit()
    }
  }

  return (
    <form
      className="flex flex-col gap-1 border-t-2 border-ink p-2"
      onSubmit={(event) => {
        event.preventDefault()
        submit()
      }}
    >
      <div className="flex gap-2">
        <textarea
          id="ide-chat-input"
          aria-label="Message the AI assistant"
          aria-describedby="chat-counter"
          aria-invalid={tooLong || undefined}
          placeholder={unavailable ? 'The assistant is unavailable' : 'Ask the assistant… (Enter to send, Shift+Enter for a newline)'}
          rows={2}
          value={draft}
          disabled={unavailable}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
          className={`min-h-0 flex-1 resize-none border-2 px-2 py-1 text-sm disabled:bg-neutral-100 ${tooLong ? 'border-red-700' : 'border-ink'}`}
        />
        <Button type="submit" loading={busy} disabled={!canSend}>
          Send
        </Button>
      </div>
      {maxChars ? (
        <p id="chat-counter" data-testid="chat-counter" className={`text-xs ${tooLong ? 'font-bold text-red-700' : 'text-neutral-600'}`}>
          {length.toLocaleString('en')} / {maxChars.toLocaleString('en')} characters
          {tooLong && ` — too long to send: shorten it by ${(length - maxChars).toLocaleString('en')}. Your text stays here.`}
        </p>
      ) : (
        <p id="chat-counter" className="sr-only">
          Enter sends, Shift+Enter adds a newline.
        </p>
      )}
    </form>
  )
}

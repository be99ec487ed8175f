// Python prints the exception last, after the traceback; the candidate should read it first. These split an
// error text into the line to show and the trace to fold away.

const TRACEBACK = /^Traceback \(most recent call last\):/m

// A program's stderr: with a traceback, its last line (the exception) first; other output stays as it is.
export function splitStderr(text) {
  const trimmed = text.trimEnd()
  if (!TRACEBACK.test(trimmed)) return { summary: '', trace: trimmed }
  const lines = trimmed.split('\n')
  const last = lines.findLastIndex((line) => line.trim() !== '')
  return { summary: lines[last].trim(), trace: trimmed }
}

// A test's message as pytest reports it: the failure's one-line message, then the traceback.
export function splitTestMessage(text) {
  const trimmed = text.trim()
  const newline = trimmed.indexOf('\n')
  if (newline === -1) return { summary: trimmed, trace: '' }
  return { summary: trimmed.slice(0, newline), trace: trimmed.slice(newline + 1) }
}

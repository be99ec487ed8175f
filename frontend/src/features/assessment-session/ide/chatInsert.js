// Putting the assistant's code into the editor on lines of its own, and taking it out again (Undo).

// Where `code` goes for a cursor on `lineNumber` whose text is `lineText`: a blank line is replaced by the code;
// otherwise the code starts on the next line, so it is never glued to what the candidate wrote.
// Returns the Monaco edit ({ range, text }) and the line where the code starts.
export function planInsert(lineText, lineNumber, code) {
  const body = code.replace(/\s+$/, '')
  const end = lineText.length + 1
  if (lineText.trim() === '') {
    return { range: { startLineNumber: lineNumber, startColumn: 1, endLineNumber: lineNumber, endColumn: end }, text: body, original: lineText, line: lineNumber }
  }
  return { range: { startLineNumber: lineNumber, startColumn: end, endLineNumber: lineNumber, endColumn: end }, text: `\n${body}`, original: '', line: lineNumber + 1 }
}

// The range the inserted `text` occupies once written at (lineNumber, column).
export function insertedRange(lineNumber, column, text) {
  const lines = text.split('\n')
  const last = lines[lines.length - 1]
  return {
    startLineNumber: lineNumber,
    startColumn: column,
    endLineNumber: lineNumber + lines.length - 1,
    endColumn: lines.length === 1 ? column + last.length : last.length + 1,
  }
}

// Inserts `code` at the cursor as one undoable edit and returns { line, undo }. The inserted text is tracked by
// a decoration, so Undo removes exactly it even after the candidate typed elsewhere; if they edited the inserted
// code itself, undo() leaves it and returns false.
export function insertIntoEditor(editor, code) {
  const model = editor.getModel()
  const { lineNumber } = editor.getPosition() ?? { lineNumber: model.getLineCount() }
  const plan = planInsert(model.getLineContent(lineNumber), lineNumber, code)
  editor.pushUndoStop()
  editor.executeEdits('chat-insert', [{ range: plan.range, text: plan.text, forceMoveMarkers: true }])
  editor.pushUndoStop()
  const range = insertedRange(plan.range.startLineNumber, plan.range.startColumn, plan.text)
  const [decoration] = model.deltaDecorations([], [{ range, options: { stickiness: 1 } }])
  const lastLine = plan.line + plan.text.replace(/^\n/, '').split('\n').length - 1
  editor.setPosition({ lineNumber: lastLine, column: model.getLineMaxColumn(lastLine) })
  editor.revealLines(plan.line, lastLine)
  editor.focus()
  const undo = () => {
    const current = model.getDecorationRange(decoration)
    model.deltaDecorations([decoration], [])
    if (!current || model.getValueInRange(current) !== plan.text) return false
    editor.pushUndoStop()
    editor.executeEdits('chat-insert-undo', [{ range: current, text: plan.original }])
    editor.pushUndoStop()
    editor.focus()
    return true
  }
  return { line: plan.line, undo }
}

// Highlighted HTML for a code block, made by the bundled Monaco's colorizer: the editor's own Python grammar and
// theme, so code in a chat reply looks as it does in the editor. Monaco is imported on demand, so a page that never
// shows a code block never downloads it and no first-load bundle (landing, recruiter pages) includes it.
const LANGUAGES = { '': 'python', py: 'python', python: 'python', python3: 'python' }

export async function highlight(code, lang) {
  const { monaco, THEME } = await import('./monaco.js')
  monaco.editor.setTheme(THEME)
  // colorize escapes the text itself and returns spans of token classes, whose colours it registers as CSS.
  return monaco.editor.colorize(code, LANGUAGES[(lang ?? '').toLowerCase()] ?? 'plaintext', { tabSize: 4 })
}
